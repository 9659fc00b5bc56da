// Small general instructions that fit no other domain (PoP "General Instructions"):
// MOVE (immediate), INSERT CHARACTER, TEST AND SET, the LOAD AND TRAP family, the
// prefetch and execution hints (PREFETCH DATA, NEXT INSTRUCTION ACCESS INTENT, BRANCH
// PREDICTION [RELATIVE] PRELOAD, PERFORM PROCESSOR ASSIST), MONITOR CALL, TEST
// ADDRESSING MODE, EXTRACT CPU ATTRIBUTE, and the checks of TRAP.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { GuestHalt, LOWCORE, PGM, ProgramInterrupt } from './interrupts';
import { PSW } from './state';

/** Data-exception code of a compare-and-trap (and load-and-trap) trap. */
const DXC_COMPARE_AND_TRAP = 0xff;
/** MONITOR CALL: classes 0-15; bits 8-11 of the instruction must be zero. */
const MONITOR_CLASSES = 16;
/** Control register 8 bits 48-63 (low word bits 16-31) are the monitor masks, class 0 first. */
const CR8_LOW = 2 * 8 + 1;
const MONITOR_MASK_CLASS0 = 0x8000;

function compareAndTrap(): never {
  throw new ProgramInterrupt(PGM.DATA, false, DXC_COMPARE_AND_TRAP);
}

/** Second-operand address D2(X2,B2). */
const ea2 = (cpu: Cpu, d: Decoded): number => cpu.ea(d.x2, d.b2, d.d2);

function moveImmediate(cpu: Cpu, d: Decoded): void {
  cpu.write8(cpu.ea(0, d.b1, d.d1), d.i2 & 0xff);
}

/** INSERT CHARACTER: the byte replaces bits 56-63; the rest of the register stays. */
function insertCharacter(cpu: Cpu, d: Decoded): void {
  const v = cpu.read8(ea2(cpu, d));
  cpu.gpr[2 * d.r1 + 1] = ((cpu.gpr[2 * d.r1 + 1] & 0xffff_ff00) | v) >>> 0;
}

/** TEST AND SET: CC is bit 0 of the byte, which is set to all ones (interlocked). */
function testAndSet(cpu: Cpu, d: Decoded): void {
  const a = cpu.translate(cpu.ea(0, d.b1, d.d1), 1, true);
  const old = cpu.mem.getUint8(a); // ATOMIC (exchange with 0xff)
  cpu.mem.setUint8(a, 0xff);
  cpu.noteWrite(a, 1);
  cpu.cc = old >>> 7;
}

/**
 * MONITOR CALL: when the class's mask bit in CR8 is one, a monitor-event program
 * interruption follows the (completed) instruction with the class number and the
 * monitor code (the operand address) in the lowcore; otherwise nothing happens.
 */
function monitorCall(cpu: Cpu, d: Decoded): void {
  const monitorClass = d.i2 & 0xff;
  if (monitorClass >= MONITOR_CLASSES) throw new ProgramInterrupt(PGM.SPECIFICATION);
  if ((cpu.cr[CR8_LOW] & (MONITOR_MASK_CLASS0 >>> monitorClass)) === 0) return;
  // The monitor code is the operand address, all 64 bits (a JS number would round them).
  let hi = 0, lo = cpu.ea(0, d.b1, d.d1);
  if (cpu.amode === 64) {
    const sum = (d.b1 !== 0 ? cpu.gpr[2 * d.b1 + 1] : 0) + d.d1;
    hi = ((d.b1 !== 0 ? cpu.gpr[2 * d.b1] : 0) + (sum > 0xffff_ffff ? 1 : 0)) >>> 0;
    lo = sum >>> 0;
  }
  cpu.writeReal16(LOWCORE.MON_CLASS_NR, monitorClass);
  cpu.writeReal32(LOWCORE.MONITOR_CODE, hi);
  cpu.writeReal32(LOWCORE.MONITOR_CODE + 4, lo);
  throw new ProgramInterrupt(PGM.MONITOR_EVENT);
}

/** TEST ADDRESSING MODE: CC 0 24-bit, 1 31-bit, 3 64-bit. */
function testAddressingMode(cpu: Cpu): void {
  cpu.cc = cpu.amode === 24 ? 0 : cpu.amode === 31 ? 1 : 3;
}

/**
 * EXTRACT CPU ATTRIBUTE: the cache topology this CPU model reports is the one QEMU
 * reports -- no attribute is available, so every request returns all ones.
 */
function extractCpuAttribute(cpu: Cpu, d: Decoded): void {
  cpu.setR64(d.r1, 0xffff_ffff, 0xffff_ffff);
}

/** PSW address-space control values (bits 16-17). */
const AS_PRIMARY = 0, AS_ACCESS_REGISTER = 1;
/** CR2 bits 33-57: the dispatchable-unit-control-table origin (a real address). */
const CR2_LOW = 2 * 2 + 1;
const CR2_DUCT_ORIGIN = 0x7fff_ffc0;
/** DUCT word 11 (bytes 44-47): trap-control-block address and the trap-enabled bit. */
const DUCT_TRAP_WORD = 44;
const DUCT_TRAP_ENABLED = 0x1;

/**
 * TRAP2 / TRAP4: a special-operation exception unless DAT is on in the primary-space or
 * access-register mode and the dispatchable unit's DUCT enables traps. The trap itself
 * (trap save area, trap program via the trap control block) is a z/OS facility no guest
 * of ours uses: it stops the guest with a message rather than pretending to work.
 */
function trapInstruction(cpu: Cpu, d: Decoded): void {
  const as = (cpu.pswMask & PSW.AS_MASK) >>> PSW.AS_SHIFT;
  if ((cpu.pswMask & PSW.DAT) === 0 || (as !== AS_PRIMARY && as !== AS_ACCESS_REGISTER)) {
    throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
  }
  const duct = (cpu.cr[CR2_LOW] & CR2_DUCT_ORIGIN) >>> 0;
  const word = duct + DUCT_TRAP_WORD;
  if (cpu.absolute(word) + 4 > cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
  if ((cpu.readReal32(word) & DUCT_TRAP_ENABLED) === 0) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
  throw new GuestHalt(`${d.mnemonic} with traps enabled in the DUCT is not implemented (at ${cpu.ia.toString(16)})`);
}

/** Hints change nothing architected and raise no exceptions (no operand is accessed). */
const hint = (): void => {};

export const GENERAL_MISC_HANDLERS: HandlerTable = {
  mvi: moveImmediate,
  mviy: moveImmediate,
  ic: insertCharacter,
  icy: insertCharacter,
  ts: testAndSet,

  // LOAD AND TRAP: the register is loaded, then a zero value traps (the instruction
  // completes: both qemu-s390x and Hercules load the register before the interruption).
  lat(cpu, d) {
    const v = cpu.read32(ea2(cpu, d));
    cpu.gpr[2 * d.r1 + 1] = v;
    if (v === 0) compareAndTrap();
  },
  lgat(cpu, d) {
    cpu.read64(ea2(cpu, d));
    cpu.gpr[2 * d.r1] = cpu.hi;
    cpu.gpr[2 * d.r1 + 1] = cpu.lo;
    if ((cpu.hi | cpu.lo) === 0) compareAndTrap();
  },
  lfhat(cpu, d) {
    const v = cpu.read32(ea2(cpu, d));
    cpu.gpr[2 * d.r1] = v;
    if (v === 0) compareAndTrap();
  },
  llgfat(cpu, d) {
    const v = cpu.read32(ea2(cpu, d));
    cpu.setR64(d.r1, 0, v);
    if (v === 0) compareAndTrap();
  },
  llgtat(cpu, d) {
    const v = cpu.read32(ea2(cpu, d)) & 0x7fff_ffff;
    cpu.setR64(d.r1, 0, v);
    if (v === 0) compareAndTrap();
  },

  pfd: hint,
  pfdrl: hint,
  niai: hint,
  bpp: hint,
  bprp: hint,
  ppa: hint,

  mc: monitorCall,
  tam: testAddressingMode,
  ecag: extractCpuAttribute,
  trap2: trapInstruction,
  trap4: trapInstruction,
};
