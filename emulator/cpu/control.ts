// Control instructions (PoP chapter 10) and the system instructions that reach the
// machine: PSW and control-register handling, SVC, prefix and CPU identity, STFLE/STSI,
// and SERVC/SIGP/DIAG, which the machine implements. Clock and storage-key instructions
// are in control-clock.ts and control-keys.ts; this module exports the whole table.
import { FACILITY_LIST } from '../machine/facilities';
import { CURRENT_LEVEL, cpuId } from '../machine/stsi';
import type { Cpu } from './cpu';
import { CLOCK_HANDLERS } from './control-clock';
import { aligned, interruptsMayBeEnabled, machineOf, privileged } from './control-common';
import { KEY_HANDLERS } from './control-keys';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { LOWCORE, PGM, ProgramInterrupt } from './interrupts';
import { chsc } from './io-instructions';
import { PSW, PSW_BA } from './state';

/** Short (ESA/390-format) PSW bit 12, which LPSW requires to be one. */
const SHORT_PSW_BIT12 = 0x0008_0000;
/** PSW bits 0-7 that must be zero (bits 0 and 2-4). */
const SYSTEM_MASK_MUST_BE_ZERO = 0xb8;
/** CR0 bit 33: SSM-suppression control. */
const CR0_SSM_SUPPRESSION = 0x4000_0000;
/** Prefix register bits (33-50). */
const PREFIX_MASK = 0x7fff_e000;
const PREFIX_AREA = 0x2000;
/** STSI: R0 bits 32-35 function code, 56-63 selector 1; R1 bits 48-63 selector 2. */
const STSI_R0_RESERVED = 0x0fff_ff00;
const STSI_R1_RESERVED = 0xffff_0000;
const STSI_CURRENT_LEVEL_FC = 0;
const STSI_BLOCK = 4096;

/** The byte PSW bits 0-7. */
function systemMask(cpu: Cpu): number {
  return cpu.pswMask >>> 24;
}

function setSystemMask(cpu: Cpu, mask: number): void {
  if ((mask & SYSTEM_MASK_MUST_BE_ZERO) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  cpu.pswMask = ((cpu.pswMask & 0x00ff_ffff) | (mask << 24)) >>> 0;
  interruptsMayBeEnabled(cpu);
}

/** Completes LPSW/LPSWE: execution continues at the new PSW. */
function loadNewPsw(cpu: Cpu, w0: number, w1: number, w2: number, w3: number): void {
  try {
    cpu.loadPsw(w0, w1, w2, w3);
  } finally {
    // An invalid PSW is still loaded; the exception reports it as the old PSW.
    cpu.nia = cpu.ia;
  }
  interruptsMayBeEnabled(cpu);
}

function registerRange(r1: number, r3: number): number[] {
  const out: number[] = [];
  for (let r = r1; ; r = (r + 1) & 15) {
    out.push(r);
    if (r === r3) return out;
  }
}

const lpsw: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b1, d.d1);
  aligned(a, 8);
  cpu.read64(a);
  const w0 = cpu.hi;
  const w1 = cpu.lo;
  if ((w0 & SHORT_PSW_BIT12) === 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  loadNewPsw(cpu, (w0 & ~SHORT_PSW_BIT12) >>> 0, (w1 & PSW_BA) >>> 0, 0, (w1 & 0x7fff_ffff) >>> 0);
};

const lpswe: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  cpu.read64(a);
  const w0 = cpu.hi;
  const w1 = cpu.lo;
  cpu.read64(cpu.wrap(a + 8));
  loadNewPsw(cpu, w0, w1, cpu.hi, cpu.lo);
};

const ssm: Handler = (cpu, d) => {
  privileged(cpu);
  if ((cpu.cr[1] & CR0_SSM_SUPPRESSION) !== 0) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
  setSystemMask(cpu, cpu.read8(cpu.ea(0, d.b1, d.d1)));
};

const stosm: Handler = (cpu, d) => {
  privileged(cpu);
  const old = systemMask(cpu);
  cpu.write8(cpu.ea(0, d.b1, d.d1), old);
  setSystemMask(cpu, (old | d.i2) & 0xff);
};

const stnsm: Handler = (cpu, d) => {
  privileged(cpu);
  const old = systemMask(cpu);
  cpu.write8(cpu.ea(0, d.b1, d.d1), old);
  setSystemMask(cpu, old & d.i2);
};

const lctl: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 4);
  const regs = registerRange(d.r1, d.r3);
  const values = regs.map((_, i) => cpu.read32(cpu.wrap(a + 4 * i)));
  regs.forEach((r, i) => { cpu.cr[2 * r + 1] = values[i]; });
  interruptsMayBeEnabled(cpu);
};

const lctlg: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  const regs = registerRange(d.r1, d.r3);
  const values = regs.map((_, i) => {
    cpu.read64(cpu.wrap(a + 8 * i));
    return [cpu.hi, cpu.lo];
  });
  regs.forEach((r, i) => { cpu.cr[2 * r] = values[i][0]; cpu.cr[2 * r + 1] = values[i][1]; });
  interruptsMayBeEnabled(cpu);
};

const stctl: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 4);
  const regs = registerRange(d.r1, d.r3);
  cpu.checkWritable(a, 4 * regs.length);
  regs.forEach((r, i) => cpu.write32(cpu.wrap(a + 4 * i), cpu.cr[2 * r + 1]));
};

const stctg: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  const regs = registerRange(d.r1, d.r3);
  cpu.checkWritable(a, 8 * regs.length);
  regs.forEach((r, i) => cpu.write64(cpu.wrap(a + 8 * i), cpu.cr[2 * r], cpu.cr[2 * r + 1]));
};

const epsw: Handler = (cpu, d) => {
  const [w0, w1] = cpu.pswWords();
  cpu.setR32(d.r1, w0);
  if (d.r2 !== 0) cpu.setR32(d.r2, w1);
};

const ipm: Handler = (cpu, d) => {
  cpu.setR32(d.r1, ((cpu.r32(d.r1) & 0x00ff_ffff) | (cpu.cc << 28) | (cpu.programMask << 24)) >>> 0);
};

const spm: Handler = (cpu, d) => {
  const v = cpu.r32(d.r1);
  cpu.cc = (v >>> 28) & 3;
  cpu.pswMask = ((cpu.pswMask & ~PSW.PROGMASK_MASK) | (((v >>> 24) & 0xf) << PSW.PROGMASK_SHIFT)) >>> 0;
};

function setMode(limit: number, ea: boolean, ba: boolean): Handler {
  return (cpu) => {
    if (cpu.nia >= limit) throw new ProgramInterrupt(PGM.SPECIFICATION);
    cpu.setAddressingMode(ea, ba);
  };
}

const svc: Handler = (cpu, d) => {
  cpu.writeReal16(LOWCORE.SVC_ILC, cpu.ilc << 1);
  cpu.writeReal16(LOWCORE.SVC_CODE, d.i1 & 0xff);
  cpu.swapPsw(LOWCORE.SVC_OLD_PSW, LOWCORE.SVC_NEW_PSW, cpu.nia);
  cpu.nia = cpu.ia;
  interruptsMayBeEnabled(cpu);
};

const spx: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 4);
  const prefix = (cpu.read32(a) & PREFIX_MASK) >>> 0;
  if (prefix + PREFIX_AREA > cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
  cpu.prefix = prefix;
};

const stpx: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 4);
  cpu.write32(a, cpu.prefix);
};

const stap: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 2);
  cpu.write16(a, cpu.cpuAddress);
};

const stidp: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  const [hi, lo] = cpuId(cpu.cpuAddress);
  cpu.write64(a, hi, lo);
};

const stfle: Handler = (cpu, d) => {
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  const have = FACILITY_LIST.length / 8;
  const room = (cpu.r32(0) & 0xff) + 1;
  const n = Math.min(room, have);
  cpu.checkWritable(a, 8 * n);
  const v = new DataView(FACILITY_LIST.buffer, FACILITY_LIST.byteOffset);
  for (let i = 0; i < n; i++) cpu.write64(cpu.wrap(a + 8 * i), v.getUint32(8 * i), v.getUint32(8 * i + 4));
  cpu.setR32(0, ((cpu.r32(0) & 0xffff_ff00) | (have - 1)) >>> 0);
  cpu.cc = room >= have ? 0 : 3;
};

const stfl: Handler = (cpu) => {
  privileged(cpu);
  cpu.writeReal32(LOWCORE.STFL_FAC_LIST, new DataView(FACILITY_LIST.buffer, FACILITY_LIST.byteOffset).getUint32(0));
};

const stsi: Handler = (cpu, d) => {
  privileged(cpu);
  const r0 = cpu.r32(0);
  const r1 = cpu.r32(1);
  const fc = r0 >>> 28;
  if ((r0 & STSI_R0_RESERVED) !== 0 || (r1 & STSI_R1_RESERVED) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const a = cpu.ea(0, d.b2, d.d2);
  if (fc !== STSI_CURRENT_LEVEL_FC) aligned(a, STSI_BLOCK);
  const m = machineOf(cpu, 'STSI');
  if (fc === STSI_CURRENT_LEVEL_FC) {
    cpu.setR32(0, ((r0 & 0x0fff_ffff) | (CURRENT_LEVEL << 28)) >>> 0);
    cpu.cc = 0;
    return;
  }
  const block = m.systemInformation(fc, r0 & 0xff, r1 & 0xffff);
  if (block === undefined) {
    cpu.cc = 3;
    return;
  }
  cpu.checkWritable(a, STSI_BLOCK);
  const v = new DataView(block.buffer, block.byteOffset, block.byteLength);
  for (let i = 0; i < STSI_BLOCK; i += 4) cpu.write32(cpu.wrap(a + i), v.getUint32(i));
  cpu.cc = 0;
};

const sigp: Handler = (cpu, d) => {
  privileged(cpu);
  const order = cpu.ea(0, d.b2, d.d2) % 256;
  const paramReg = d.r1 | 1;
  const parameter = cpu.r64Number(paramReg);
  cpu.cc = machineOf(cpu, 'SIGP').signalProcessor(cpu, order, cpu.r32(d.r3) & 0xffff, parameter, d.r1);
};

const diag: Handler = (cpu, d) => {
  privileged(cpu);
  machineOf(cpu, 'DIAGNOSE').diagnose(cpu, cpu.ea(0, d.b2, d.d2) % 0x1_0000, d.r1, d.r3);
};

/** SERVC R1,R2 (RRE, opcode B220): SCLP command word in R1, SCCB real address in R2. */
function servc(cpu: Cpu, d: Decoded): void {
  privileged(cpu);
  cpu.cc = machineOf(cpu, 'SERVC').serviceCall(cpu, cpu.r32(d.r1), cpu.r64Number(d.r2));
}

export const CONTROL_HANDLERS: HandlerTable = {
  ...CLOCK_HANDLERS,
  ...KEY_HANDLERS,
  lpsw, lpswe, ssm, stosm, stnsm,
  lctl, lctlg, stctl, stctg,
  epsw, ipm, spm,
  sam24: setMode(0x100_0000, false, false),
  sam31: setMode(0x8000_0000, false, true),
  sam64: setMode(Infinity, true, true),
  svc, spx, stpx, stap, stidp,
  stfle, stfl, stsi,
  sigp, diag,
  servc, chsc,
};
