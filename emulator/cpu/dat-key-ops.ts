// Storage-key instructions (PoP chapter 10): ISKE, SSKE (with the EDAT-1 multiple-block
// form), RRBE, RRBM, IVSK and PFMF, on the machine's key array (mmu/keys.ts). Any of them
// switches on reference/change recording; changing keys purges every TLB, whose entries
// hold protection decisions made with the old keys.
import { keysOf, STORAGE_KEY } from '../mmu/keys';
import { ACCESS } from '../mmu/mmu';
import type { Cpu } from './cpu';
import { datOn, extractionAuthorized, operandSpace, privileged, regAddress, setReg64 } from './dat-common';
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

const PAGE = 4096;
const MB = 0x10_0000;
const GB2 = 0x8000_0000;
/** SSKE M3: multiple-block control (with EDAT-1). MR, MC and NQ need facilities not reported. */
const SSKE_MULTIPLE_BLOCK = 0x1;
/** PFMF R1 bits 32-63. */
const PFMF = {
  RESERVED: 0xfff0_0000 | 0x000c_0000 | 0x100 | 0x1,
  SET_KEY: 0x2_0000,
  CLEAR_FRAME: 0x1_0000,
  FSC_SHIFT: 12,
  FSC: 0x7000,
  NONQUIESCING: 0x800,
  KEY: 0xfe,
} as const;
const FSC = { FRAME_4K: 0, FRAME_1M: 1, FRAME_2G: 2 } as const;
/** RRBM covers 64 frames (256K). */
const RRBM_FRAMES = 64;

/** The 4K frame index of an absolute address, with an addressing exception outside storage. */
function frameIndex(cpu: Cpu, abs: number): number {
  if (abs >= cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
  return Math.floor(abs / PAGE);
}

/** The frame of the real address in general register r (prefixing applied). */
function realFrame(cpu: Cpu, r: number): number {
  return frameIndex(cpu, cpu.absolute(regAddress(cpu, r) - (regAddress(cpu, r) % PAGE)));
}

function keysForUpdate(cpu: Cpu): Uint8Array {
  cpu.mmu.domain.trackKeys();
  return keysOf(cpu);
}

const iske: Handler = (cpu, d) => {
  privileged(cpu);
  const f = realFrame(cpu, d.r2);
  const keys = keysForUpdate(cpu);
  cpu.setR32(d.r1, ((cpu.r32(d.r1) & 0xffff_ff00) | keys[f]) >>> 0);
};

/**
 * Sets keys on [R2 page, next `block` boundary), absolute addresses, advancing R2 frame by
 * frame so an addressing exception leaves it at the failing frame.
 */
function setKeysInBlock(cpu: Cpu, r2: number, block: number, each: (f: number) => void): void {
  let a = regAddress(cpu, r2);
  a -= a % PAGE;
  const end = a - (a % block) + block;
  while (a < end) {
    each(frameIndex(cpu, a));
    a = cpu.wrap(a + PAGE);
    if (cpu.amode === 64) setReg64(cpu, r2, a);
    else cpu.setR32(r2, a);
    if (a === 0) break;
  }
}

const sske: Handler = (cpu, d) => {
  privileged(cpu);
  const key = cpu.r32(d.r1) & STORAGE_KEY.MASK;
  const keys = keysForUpdate(cpu);
  if ((d.m3 & SSKE_MULTIPLE_BLOCK) !== 0 && cpu.mmu.installed.edat1) {
    setKeysInBlock(cpu, d.r2, MB, (f) => { keys[f] = key; });
  } else {
    keys[realFrame(cpu, d.r2)] = key;
  }
  cpu.mmu.domain.purgeAll();
};

const rrbe: Handler = (cpu, d) => {
  privileged(cpu);
  const f = realFrame(cpu, d.r2);
  const keys = keysForUpdate(cpu);
  const k = keys[f];
  cpu.cc = ((k & STORAGE_KEY.REFERENCE) !== 0 ? 2 : 0) | ((k & STORAGE_KEY.CHANGE) !== 0 ? 1 : 0);
  keys[f] = k & ~STORAGE_KEY.REFERENCE;
  // Entries formed since the bit was set would not set it again.
  cpu.mmu.domain.purgeAll();
};

/** RRBM R1,R2: the reference bits of the 64 frames of R2's 256K block into R1, then reset. */
const rrbm: Handler = (cpu, d) => {
  privileged(cpu);
  const real = regAddress(cpu, d.r2);
  const base = real - (real % (RRBM_FRAMES * PAGE));
  const keys = keysForUpdate(cpu);
  let hi = 0, lo = 0;
  for (let i = 0; i < RRBM_FRAMES; i++) {
    const f = frameIndex(cpu, cpu.absolute(base + i * PAGE));
    if ((keys[f] & STORAGE_KEY.REFERENCE) === 0) continue;
    keys[f] &= ~STORAGE_KEY.REFERENCE;
    if (i < 32) hi |= 0x8000_0000 >>> i;
    else lo |= 0x8000_0000 >>> (i - 32);
  }
  cpu.setR64(d.r1, hi >>> 0, lo >>> 0);
  cpu.cc = 0;
  cpu.mmu.domain.purgeAll();
};

/** IVSK R1,R2: access-control and fetch-protection bits of the key of a logical address. */
const ivsk: Handler = (cpu, d) => {
  datOn(cpu);
  extractionAuthorized(cpu);
  // Key 0: only translation can fail, never key-controlled protection.
  const abs = cpu.mmu.accessIn(regAddress(cpu, d.r2), operandSpace(cpu), ACCESS.READ, 0);
  const k = keysOf(cpu)[Math.floor(abs / PAGE)] & (0xf0 | STORAGE_KEY.FETCH_PROTECTION);
  cpu.setR32(d.r1, ((cpu.r32(d.r1) & 0xffff_ff00) | k) >>> 0);
};

/**
 * PFMF R1,R2 (EDAT-1): sets the key of and/or clears a 4K frame (real address) or every
 * frame from R2 to the end of its 1M or 2G frame (absolute addresses, R2 advanced).
 */
const pfmf: Handler = (cpu, d) => {
  if (!cpu.mmu.installed.edat1) throw new ProgramInterrupt(PGM.OPERATION);
  privileged(cpu);
  const ctl = cpu.r32(d.r1);
  if ((ctl & (PFMF.RESERVED | PFMF.NONQUIESCING)) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const fsc = (ctl & PFMF.FSC) >>> PFMF.FSC_SHIFT;
  if (fsc > FSC.FRAME_2G || (fsc === FSC.FRAME_2G && !cpu.mmu.installed.edat2)) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const setKey = (ctl & PFMF.SET_KEY) !== 0;
  const clear = (ctl & PFMF.CLEAR_FRAME) !== 0;
  const keys = setKey ? keysForUpdate(cpu) : keysOf(cpu);
  const each = (f: number): void => {
    if (clear) {
      cpu.storage.bytes.fill(0, f * PAGE, (f + 1) * PAGE);
      cpu.invalidateRange(f * PAGE, PAGE);
    }
    if (setKey) keys[f] = ctl & PFMF.KEY;
  };
  if (fsc === FSC.FRAME_4K) each(realFrame(cpu, d.r2));
  else setKeysInBlock(cpu, d.r2, fsc === FSC.FRAME_1M ? MB : GB2, each);
  if (setKey) cpu.mmu.domain.purgeAll();
};

export const datKeyHandlers: HandlerTable = { iske, sske, rrbe, rrbm, ivsk, pfmf };
