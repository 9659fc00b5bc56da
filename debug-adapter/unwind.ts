// Stack unwinding without CFI, by the s390x ELF ABI's conventions as gcc emits them: a
// prologue saves r14 with STMG/STG into the caller's register save area (r15-based) and
// allocates its frame with LAY/AGHI on r15. Scanning the prologue up to pc tells where the
// return address is and what the caller's r15 was. A return address counts only if the
// instruction before it is a call (BRASL to this function, BASR, BAS), so a stale value
// never yields a bogus frame.
import type { Program } from './program';

/** r14 (return address) and r15 (stack pointer) by the ELF ABI's register conventions. */
const RETURN_REG = 14;
const STACK_REG = 15;
const MAX_FRAMES = 32;
/** How far into a function to look for its prologue. */
const PROLOGUE_BYTES = 96;

export interface UnwoundFrame {
  readonly pc: number;
}

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

async function read64(read: ReadMemory, address: number): Promise<number | undefined> {
  try {
    const b = await read(address, 8);
    return b.length < 8 ? undefined : Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0) & 0x7fff_ffff_ffff_fffen);
  } catch { return undefined; }
}

/** The call chain from (pc, r15, r14) outwards, innermost first. */
export async function unwind(read: ReadMemory, program: Program, pc: number, sp: number, r14: number): Promise<UnwoundFrame[]> {
  const frames: UnwoundFrame[] = [{ pc }];
  let regR14: number | undefined = r14;
  while (frames.length < MAX_FRAMES) {
    const fn = program.functionAt(pc);
    if (fn === undefined) break;
    const p = await scanPrologue(read, fn.address, pc);
    const entrySp = sp + p.frameSize;
    const ret = p.r14Slot !== undefined ? await read64(read, entrySp + p.r14Slot) : regR14;
    if (ret === undefined || !(await isReturnAddress(read, ret, fn.address))) break;
    frames.push({ pc: ret });
    pc = ret;
    sp = entrySp;
    regR14 = undefined; // r14 of outer frames is only known from their save areas
  }
  return frames;
}
