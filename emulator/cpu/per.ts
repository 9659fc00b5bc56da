// Program-event recording (PoP "Program-Event Recording"): with PSW bit 1 on, the events
// CR9 selects within the range CR10..CR11 (successful branching, instruction fetching with
// optional nullification, storage alteration, store using real address) end the
// instruction in a program interruption with code 0x80 ORed in, the PER code and ATMID at
// lowcore 0x96, the instruction's address at 0x98. A gdb stub's single-step and
// watchpoints can be built on it. While PSW bit 1 is on the CPU interprets one
// instruction at a time through perStep (no compiled blocks), so PER costs nothing off.
import type { Cpu } from './cpu';
import { BRANCH_COMPARE_HANDLERS } from './branch-compare';
import { BRANCH_HANDLERS } from './branch';
import { ProgramInterrupt } from './interrupts';
import { PSW } from './state';

/** CR9 bits 32-63 (cr[19]): event masks and controls. */
export const PER_CR9 = {
  BRANCH: 0x8000_0000,
  IFETCH: 0x4000_0000,
  STORE: 0x2000_0000,
  STORE_REAL: 0x0800_0000,
  IFETCH_NULLIFY: 0x0100_0000,
  BRANCH_ADDRESS_CONTROL: 0x0080_0000,
} as const;

/** PER code (lowcore byte 0x96) event bits. */
export const PER_CODE = {
  BRANCH: 0x80,
  IFETCH: 0x40,
  STORE: 0x20,
  STORE_REAL: 0x08,
  NULLIFICATION: 0x01,
} as const;

/**
 * Instructions whose taken branch is a successful-branching event: the branch domains and
 * the branch-on-count family (integer-address.ts). A branch is seen as taken when it
 * leaves the sequential path, so one whose target is the next instruction goes unseen.
 */
const BRANCHES: ReadonlySet<string> = new Set([...Object.keys(BRANCH_HANDLERS), ...Object.keys(BRANCH_COMPARE_HANDLERS),
  'bct', 'bctr', 'bctg', 'bctgr', 'brct', 'brctg', 'brcth']);
const STORE_REAL_INSNS: ReadonlySet<string> = new Set(['stura', 'sturg']);
const TWO32 = 0x1_0000_0000;

/** Whether 64-bit `hi:lo` lies in CR10..CR11 (wrapping past the top when CR10 > CR11). */
function inRangeHL(cpu: Cpu, hi: number, lo: number): boolean {
  const cr = cpu.cr;
  const geStart = hi > cr[20] || (hi === cr[20] && lo >= cr[21]);
  const leEnd = hi < cr[22] || (hi === cr[22] && lo <= cr[23]);
  const startLeEnd = cr[20] < cr[22] || (cr[20] === cr[22] && cr[21] <= cr[23]);
  return startLeEnd ? geStart && leEnd : geStart || leEnd;
}

export function perInRange(cpu: Cpu, addr: number): boolean {
  return inRangeHL(cpu, Math.floor(addr / TWO32) >>> 0, addr >>> 0);
}

/**
 * The ATMID byte (addressing and translation mode of the instruction): bit 0 PSW bit 31,
 * bit 1 always one (valid), bit 2 PSW bit 32, bit 3 PSW bit 5 (DAT), bits 4-5 PSW bits
 * 16-17 (address-space control).
 */
function atmid(cpu: Cpu): number {
  const m = cpu.pswMask;
  return (cpu.amode === 64 ? 0x80 : 0) | 0x40 | (cpu.amode !== 24 ? 0x20 : 0) | ((m & PSW.DAT) !== 0 ? 0x10 : 0)
    | ((m & 0x8000) !== 0 ? 0x08 : 0) | ((m & 0x4000) !== 0 ? 0x04 : 0);
}

/** A store to [addr, addr+len) while storage-alteration events are armed (cpu.translate). */
export function perNoteStore(cpu: Cpu, addr: number, len: number): void {
  if (cpu.perStoreHit) return;
  // Any byte in the range: the first, the last, or the range lies inside the store.
  const last = cpu.wrap(addr + Math.max(len, 1) - 1);
  if (perInRange(cpu, addr) || perInRange(cpu, last)) {
    cpu.perStoreHit = true;
    return;
  }
  const start = cpu.cr[20] * TWO32 + cpu.cr[21];
  if (last >= addr && start > addr && start < last) cpu.perStoreHit = true;
}

/**
 * Executes one instruction with PER checks (instead of the plain interpreter step while
 * PSW bit 1 is on). Events of a completed instruction give a program interruption with
 * the old PSW at the next instruction (for a branch: its target); an instruction-fetch
 * event with nullification gives one before the instruction runs. An exception in the
 * instruction reports a pending instruction-fetch event with it (Cpu.programInterrupt).
 */
export function perStep(cpu: Cpu): void {
  const cr9 = cpu.cr[19];
  const ia = cpu.ia;
  cpu.perCode = 0;
  cpu.current = undefined;
  const d = cpu.fetch();
  cpu.current = d;
  const seq = cpu.wrap(ia + d.length);
  cpu.nia = seq;
  if ((cr9 & PER_CR9.IFETCH) !== 0 && perInRange(cpu, ia)) {
    cpu.perCode = (PER_CODE.IFETCH << 8) | atmid(cpu);
    cpu.perAddress = ia;
    if ((cr9 & PER_CR9.IFETCH_NULLIFY) !== 0) {
      cpu.perCode |= PER_CODE.NULLIFICATION << 8;
      throw new ProgramInterrupt(0, true);
    }
  }
  cpu.perStoreHit = false;
  cpu.perStoreWatch = (cr9 & PER_CR9.STORE) !== 0;
  try {
    d.exec(cpu, d);
  } finally {
    cpu.perStoreWatch = false;
  }
  cpu.ia = cpu.nia;
  cpu.icount++;
  const name = d.insn?.mnemonic ?? '';
  let events = 0;
  if (cpu.perStoreHit) events |= PER_CODE.STORE;
  if ((cr9 & PER_CR9.BRANCH) !== 0 && cpu.nia !== seq && BRANCHES.has(name)
    && ((cr9 & PER_CR9.BRANCH_ADDRESS_CONTROL) === 0 || perInRange(cpu, cpu.nia))) {
    events |= PER_CODE.BRANCH;
  }
  if ((cr9 & PER_CR9.STORE) !== 0 && (cr9 & PER_CR9.STORE_REAL) !== 0 && STORE_REAL_INSNS.has(name)) events |= PER_CODE.STORE_REAL;
  if (events !== 0) {
    // A store event also names the address space used (PSW bits 16-17).
    const space = (events & PER_CODE.STORE) !== 0 ? (cpu.pswMask >>> 14) & 3 : 0;
    cpu.perCode |= (events << 8) | atmid(cpu) | space;
    cpu.perAddress = ia;
  }
  if (cpu.perCode !== 0) cpu.programInterrupt(new ProgramInterrupt(0));
}
