// Storage keys and translation queries (PoP "Storage Key", "Key-Controlled Protection",
// "Load Real Address", "Test Protection"): ISKE/SSKE/RRBE on the machine's key array,
// the PSW key (IPK/SPKA), TPROT, LRA/LRAY/LRAG and PTLB, on top of the MMU (emulator/mmu),
// which enforces protection and records reference and change bits.
import { ASCE, STOP, TABLE_TYPE, Translation } from '../mmu/dat';
import { fetchAllowed, FRAME_SHIFT, keysOf, STORAGE_KEY, storeAllowed } from '../mmu/keys';
import { SPACE, type Space } from '../mmu/mmu';
import { domainOf } from '../mmu/tlb';
import type { Cpu } from './cpu';
import { privileged, setReg64Big } from './control-common';
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { PSW } from './state';

/** CR0 bit 36: extraction-authority control (IPK in problem state). */
const CR0_EXTRACTION_AUTHORITY = 0x0800_0000;
/** Operand space by PSW address-space control (access-register mode: ALET 0, primary). */
const DATA_SPACE: readonly Space[] = [SPACE.PRIMARY, SPACE.PRIMARY, SPACE.SECONDARY, SPACE.HOME];
/** LRA's condition code 3 with an exception: R1 bit 32 set, the code in bits 48-63. */
const LRA_EXCEPTION = 0x8000_0000;

/** The frame index of the real address in general register r (addressing-checked). */
function frameOf(cpu: Cpu, r: number): number {
  const abs = cpu.absolute(cpu.wrap(cpu.r64Number(r)));
  if (abs >= cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
  return Math.floor(abs / 2 ** FRAME_SHIFT);
}

/** Keys in use: from now on the MMU records reference and change bits. */
function keysInUse(cpu: Cpu): Uint8Array {
  domainOf(cpu.storage).trackKeys();
  return keysOf(cpu);
}

const iske: Handler = (cpu, d) => {
  privileged(cpu);
  const keys = keysInUse(cpu);
  cpu.setR32(d.r1, ((cpu.r32(d.r1) & 0xffff_ff00) | keys[frameOf(cpu, d.r2)]) >>> 0);
};

/**
 * SSKE: M3 (conditional SSKE, multiple blocks) is ignored: those facilities are not
 * reported. Every TLB goes, as their entries hold protection decisions for the old key.
 */
const sske: Handler = (cpu, d) => {
  privileged(cpu);
  const keys = keysInUse(cpu);
  keys[frameOf(cpu, d.r2)] = cpu.r32(d.r1) & STORAGE_KEY.MASK;
  domainOf(cpu.storage).purgeAll();
};

const rrbe: Handler = (cpu, d) => {
  privileged(cpu);
  const keys = keysInUse(cpu);
  const f = frameOf(cpu, d.r2);
  const k = keys[f];
  cpu.cc = ((k & STORAGE_KEY.REFERENCE) !== 0 ? 2 : 0) + ((k & STORAGE_KEY.CHANGE) !== 0 ? 1 : 0);
  keys[f] = k & ~STORAGE_KEY.REFERENCE;
  // TLB entries would let later references go unrecorded.
  domainOf(cpu.storage).purgeAll();
};

const ipk: Handler = (cpu) => {
  if (cpu.problemState && (cpu.cr[1] & CR0_EXTRACTION_AUTHORITY) === 0) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
  const key = (cpu.pswMask & PSW.KEY_MASK) >>> PSW.KEY_SHIFT;
  cpu.setR32(2, ((cpu.r32(2) & 0xffff_ff00) | (key << 4)) >>> 0);
};

const spka: Handler = (cpu, d) => {
  const key = (cpu.ea(0, d.b2, d.d2) >>> 4) & 0xf;
  // In problem state the key must be allowed by the PSW-key mask (CR3 bits 32-47).
  if (cpu.problemState && (cpu.cr[7] & (0x8000_0000 >>> key)) === 0) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
  cpu.pswMask = ((cpu.pswMask & ~PSW.KEY_MASK) | (key << PSW.KEY_SHIFT)) >>> 0;
};

function dataSpace(cpu: Cpu): Space {
  return DATA_SPACE[(cpu.pswMask & PSW.AS_MASK) >>> PSW.AS_SHIFT];
}

/**
 * TPROT D1(B1),D2(B2): may the access key in bits 56-59 of the second-operand address
 * fetch from / store into the first operand? cc 0 both, 1 fetch only, 2 neither,
 * 3 translation not available.
 */
const tprot: Handler = (cpu, d) => {
  privileged(cpu);
  const logical = cpu.ea(0, d.b1, d.d1);
  const accessKey = (cpu.ea(0, d.b2, d.d2) >>> 4) & 0xf;
  const space = (cpu.pswMask & PSW.DAT) === 0 ? SPACE.REAL : dataSpace(cpu);
  const tr = new Translation();
  const code = cpu.mmu.translateOnly(logical, space, tr);
  if (code === PGM.ADDRESSING || code === PGM.TRANSLATION_SPECIFICATION) throw new ProgramInterrupt(code);
  if (code !== 0) {
    cpu.cc = 3;
    return;
  }
  const abs = cpu.absolute(tr.frame);
  if (abs >= cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
  const skey = keysOf(cpu)[Math.floor(abs / 2 ** FRAME_SHIFT)];
  const acc = tr.accfValid ? tr.acc : skey >>> STORAGE_KEY.ACC_SHIFT;
  const fp = tr.accfValid ? tr.fetchProtect : (skey & STORAGE_KEY.FETCH_PROTECTION) !== 0;
  const cr0 = cpu.cr[1];
  const privateSpace = space !== SPACE.REAL && (cpu.cr[2 * space + 1] & ASCE.PRIVATE) !== 0;
  const canFetch = fetchAllowed(accessKey, acc, fp, cr0, logical, privateSpace);
  const canStore = !tr.protect && storeAllowed(accessKey, acc, cr0);
  cpu.cc = canStore && canFetch ? 0 : canFetch ? 1 : 2;
};

/**
 * LRA/LRAY/LRAG: the real address of the second operand, translated by DAT whether or not
 * DAT is on, in the space the PSW selects. An invalid entry gives cc 1 (segment table),
 * 2 (page table) or 3 (region table) with the entry's address in R1; other translation
 * exceptions give cc 3 with bit 32 of R1 set and the interruption code in bits 48-63.
 */
function loadRealAddress(wide: boolean): Handler {
  return (cpu, d) => {
    privileged(cpu);
    const logical = cpu.ea(d.x2, d.b2, d.d2);
    const tr = new Translation();
    const code = cpu.mmu.translateOnly(logical, dataSpace(cpu), tr);
    if (code === PGM.ADDRESSING || code === PGM.TRANSLATION_SPECIFICATION) throw new ProgramInterrupt(code);
    let result: number;
    if (code === 0) {
      result = tr.frame + (logical % 2 ** FRAME_SHIFT);
      cpu.cc = 0;
    } else if (tr.stop === STOP.INVALID) {
      result = tr.entry;
      cpu.cc = tr.entryType === -1 ? 2 : tr.entryType === TABLE_TYPE.SEGMENT ? 1 : 3;
    } else {
      cpu.setR32(d.r1, (LRA_EXCEPTION | code) >>> 0);
      cpu.cc = 3;
      return;
    }
    if (wide) {
      setReg64Big(cpu, d.r1, BigInt(result));
    } else if (result >= 0x8000_0000 && cpu.cc === 0) {
      // A 32-bit result cannot hold it: a special-operation condition, reported as cc 3.
      cpu.setR32(d.r1, (LRA_EXCEPTION | PGM.SPECIAL_OPERATION) >>> 0);
      cpu.cc = 3;
    } else {
      cpu.setR32(d.r1, result >>> 0);
    }
  };
}

/** PTLB: this CPU's TLB only. */
const ptlb: Handler = (cpu) => {
  privileged(cpu);
  cpu.mmu.tlb.purgeAll();
};

export const KEY_HANDLERS: HandlerTable = {
  iske, sske, rrbe, ipk, spka, tprot, ptlb,
  lra: loadRealAddress(false),
  lray: loadRealAddress(false),
  lrag: loadRealAddress(true),
};
