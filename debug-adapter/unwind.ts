// Stack unwinding. With call frame information (.debug_frame / .eh_frame, see dwarf/cfi.ts)
// each frame's CFA and its caller's registers come from the FDE's row at the pc, as gdb
// unwinds. Without an FDE it falls back to the s390x ELF ABI's conventions as gcc emits
// them: a prologue saves r14 with STMG/STG into the caller's register save area
// (r15-based) and allocates its frame with LAY/AGHI on r15; scanning the prologue up to pc
// tells where the return address is and what the caller's r15 was. A return address found
// that way counts only if the instruction before it is a call (BRASL to this function,
// BASR, BAS), so a stale value never yields a bogus frame.
import { findFde, unwindRow } from './dwarf/cfi';
import type { Program } from './program';

/** r14 (return address) and r15 (stack pointer) by the ELF ABI's register conventions. */
const RETURN_REG = 14;
const STACK_REG = 15;
const MAX_FRAMES = 64;
/** s390x ELF ABI: the CFA is the caller's r15 plus its 160-byte register save area. */
const CFA_BIAS = 160;
/** Registers a callee preserves (r6-r13, plus r14/r15 handled apart): "same value" by default. */
const CALLEE_SAVED = [6, 7, 8, 9, 10, 11, 12, 13];
const GPRS = 16;
const ADDRESS_MASK = 0x7fff_ffff_ffff_fffen;
/** How far into a function to look for its prologue. */
const PROLOGUE_BYTES = 96;

export interface UnwoundFrame {
  readonly pc: number;
  /** How this frame's caller was found: call frame information or the prologue scan. */
  readonly via: 'cfi' | 'prologue' | 'top';
}

/** General registers of a frame as far as they are known (undefined: not recoverable). */
export type Gprs = (number | undefined)[];

interface Prologue {
  /** Offset from the entry r15 where r14 was saved, if the save happened before pc. */
  readonly r14Slot: number | undefined;
  /** Bytes the function had subtracted from r15 before pc. */
  readonly frameSize: number;
}

export type ReadMemory = (address: number, length: number) => Promise<Uint8Array>;

function disp20(b: Uint8Array, i: number): number {
  const dl = ((b[i + 2] & 0x0f) << 8) | b[i + 3];
  const dh = (b[i + 4] << 24) >> 24;
  return dh * 4096 + dl;
}

/** Reads the effect of the prologue instructions that ran between `start` and `pc`. */
export async function scanPrologue(read: ReadMemory, start: number, pc: number): Promise<Prologue> {
  const n = Math.min(pc - start, PROLOGUE_BYTES);
  let b: Uint8Array;
  try { b = await read(start, Math.max(n, 0)); } catch { return { r14Slot: undefined, frameSize: 0 }; }
  let r14Slot: number | undefined;
  let frameSize = 0;
  for (let i = 0; i + 2 <= b.length;) {
    const len = [2, 4, 4, 6][b[i] >> 6];
    if (i + len > b.length) break;
    const r1 = b[i + 1] >> 4; const r3x = b[i + 1] & 0x0f; const base = b[i + 2] >> 4;
    if (b[i] === 0xeb && b[i + 5] === 0x24 && base === STACK_REG && r1 <= RETURN_REG && r3x >= RETURN_REG) {
      r14Slot = frameSize + disp20(b, i) + (RETURN_REG - r1) * 8; // STMG r1,r3,d(r15)
    } else if (b[i] === 0xe3 && b[i + 5] === 0x24 && r1 === RETURN_REG && r3x === 0 && base === STACK_REG) {
      r14Slot = frameSize + disp20(b, i); // STG r14,d(r15)
    } else if (b[i] === 0xe3 && b[i + 5] === 0x71 && r1 === STACK_REG && r3x === 0 && base === STACK_REG) {
      frameSize -= disp20(b, i); // LAY r15,-n(r15)
    } else if (b[i] === 0xa7 && b[i + 1] === ((STACK_REG << 4) | 0x0b)) {
      frameSize -= (b[i + 2] << 24 >> 16) | b[i + 3]; // AGHI r15,-n
    }
    i += len;
  }
  return { r14Slot, frameSize };
}

/** True when the instruction before `ret` is a call (to `callee` when it is a BRASL). */
async function isReturnAddress(read: ReadMemory, ret: number, callee: number | undefined): Promise<boolean> {
  if (ret < 6) return false;
  let b: Uint8Array;
  try { b = await read(ret - 6, 6); } catch { return false; }
  if (b.length < 6) return false;
  if (b[0] === 0xc0 && (b[1] & 0x0f) === 0x05) {
    const target = ret - 6 + 2 * new DataView(b.buffer, b.byteOffset).getInt32(2);
    return callee === undefined || target === callee;
  }
  return b[4] === 0x0d || b[2] === 0x4d; // BASR r14,rX / BAS r14,d(x,b)
}

async function read64(read: ReadMemory, address: number, mask = ADDRESS_MASK): Promise<number | undefined> {
  try {
    const b = await read(address, 8);
    return b.length < 8 ? undefined : Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0) & mask);
  } catch { return undefined; }
}

/** One step by CFI: the caller's registers, or undefined when no FDE covers `lookup`. */
async function stepCfi(read: ReadMemory, program: Program, lookup: number, regs: Gprs): Promise<{ regs: Gprs; cfa: number } | undefined | 'end'> {
  const fde = findFde(program.frames, lookup);
  if (fde === undefined) return undefined;
  const row = unwindRow(fde, lookup);
  if (row.cfa === undefined) return 'end';
  const base = regs[row.cfa.reg];
  if (base === undefined) return 'end';
  const cfa = base + row.cfa.offset;
  const caller: Gprs = new Array<number | undefined>(GPRS).fill(undefined);
  for (let r = 0; r < GPRS; r++) {
    const rule = row.rules.get(r);
    if (rule === undefined) {
      if (CALLEE_SAVED.includes(r) || r === row.returnColumn) caller[r] = regs[r];
      else if (r === STACK_REG) caller[r] = cfa - CFA_BIAS;
      continue;
    }
    switch (rule.kind) {
      case 'offset': caller[r] = await read64(read, cfa + rule.offset, 0xffff_ffff_ffff_ffffn); break;
      case 'valOffset': caller[r] = cfa + rule.offset; break;
      case 'register': caller[r] = regs[rule.reg]; break;
      case 'same': caller[r] = regs[r]; break;
      default: caller[r] = undefined;
    }
  }
  return { regs: caller, cfa };
}

/**
 * The call chain from the registers of the innermost frame outwards, innermost first.
 * gdb stops at main (its "backtrace past-main" is off); so does this.
 */
export async function unwind(read: ReadMemory, program: Program, pc: number, gprs: Gprs): Promise<UnwoundFrame[]> {
  const frames: UnwoundFrame[] = [{ pc, via: 'top' }];
  let regs = gprs.slice();
  const seen = new Set<string>();
  while (frames.length < MAX_FRAMES) {
    if (program.functionAt(frames.length === 1 ? pc : pc - 1)?.name === 'main') break;
    // A caller's pc is a return address: look up the call instruction's byte, which may sit in
    // another function when the call was the last instruction of a noreturn caller.
    const lookup = frames.length === 1 ? pc : pc - 1;
    const byCfi = await stepCfi(read, program, lookup, regs);
    if (byCfi === 'end') break;
    let ret: number | undefined;
    let via: UnwoundFrame['via'];
    if (byCfi !== undefined) {
      ret = byCfi.regs[RETURN_REG];
      if (ret !== undefined) ret = Number(BigInt(ret) & ADDRESS_MASK);
      const key = `${pc}:${byCfi.cfa}`;
      if (ret === undefined || ret === 0 || seen.has(key)) break;
      seen.add(key);
      regs = byCfi.regs;
      via = 'cfi';
    } else {
      const fn = program.functionAt(lookup);
      const sp = regs[STACK_REG];
      if (fn === undefined || sp === undefined) break;
      const p = await scanPrologue(read, fn.address, pc);
      const entrySp = sp + p.frameSize;
      ret = p.r14Slot !== undefined ? await read64(read, entrySp + p.r14Slot) : regs[RETURN_REG];
      if (ret === undefined || !(await isReturnAddress(read, ret, fn.address))) break;
      regs = regs.slice();
      regs[STACK_REG] = entrySp;
      via = 'prologue';
    }
    // r14 is clobbered by the call that made this frame: unknown in the caller.
    regs[RETURN_REG] = undefined;
    frames.push({ pc: ret, via });
    pc = ret;
  }
  return frames;
}
