// Shared pieces of the integer instructions: condition-code setting for signed and
// logical results, fixed-point overflow, 64-bit add/subtract on 32-bit halves that write
// a register and set the CC in one step, register-address forms (LA and friends), and
// the 64x64 -> 128 products. Everything works on unsigned 32-bit words without
// allocation; values read from cpu.gpr are unsigned, bit operators make them signed.
import type { Cpu } from './cpu';
import { PGM, ProgramInterrupt } from './interrupts';
import { mulu32, R } from './int64';
import { PROGRAM_MASK, PSW } from './state';

const TWO32 = 0x1_0000_0000;
/** PSW bit 20: the fixed-point-overflow mask, where it sits in cpu.pswMask. */
const FIXED_OVERFLOW_MASK = PROGRAM_MASK.FIXED_OVERFLOW << PSW.PROGMASK_SHIFT;

/** Sets CC 3 and raises fixed-point overflow when the program mask enables it. */
export function overflow(cpu: Cpu): void {
  cpu.cc = 3;
  if ((cpu.pswMask & FIXED_OVERFLOW_MASK) !== 0) throw new ProgramInterrupt(PGM.FIXED_POINT_OVERFLOW);
}

export function specification(): never {
  throw new ProgramInterrupt(PGM.SPECIFICATION);
}

/** CC of a signed 32-bit result: 0 zero, 1 negative, 2 positive. */
export function cc32(cpu: Cpu, v: number): void {
  cpu.cc = v === 0 ? 0 : (v | 0) < 0 ? 1 : 2;
}
/** CC of a signed 64-bit result. */
export function cc64(cpu: Cpu, hi: number, lo: number): void {
  cpu.cc = (hi | lo) === 0 ? 0 : (hi | 0) < 0 ? 1 : 2;
}

/** CC of a signed 32-bit sum r = a + b (already stored): overflow or the sign of r. */
export function ccAdd32(cpu: Cpu, a: number, b: number, r: number): void {
  if (((a ^ r) & (b ^ r)) < 0) overflow(cpu);
  else cpu.cc = r === 0 ? 0 : (r | 0) < 0 ? 1 : 2;
}
/** CC of a signed 32-bit difference r = a - b (already stored). */
export function ccSub32(cpu: Cpu, a: number, b: number, r: number): void {
  if (((a ^ b) & (a ^ r)) < 0) overflow(cpu);
  else cpu.cc = r === 0 ? 0 : (r | 0) < 0 ? 1 : 2;
}

/**
 * CC of a logical add: bit 1 = result not zero, bit 2 = carry out of bit 0. `sum` is the
 * exact sum of two unsigned words (up to 2^33).
 */
export function ccLogical32(cpu: Cpu, sum: number): void {
  cpu.cc = ((sum >>> 0) !== 0 ? 1 : 0) | (sum > 0xffff_ffff ? 2 : 0);
}

/** Signed compare: CC 0 equal, 1 first low, 2 first high. */
export function cmp32(cpu: Cpu, a: number, b: number): void {
  a |= 0; b |= 0;
  cpu.cc = a === b ? 0 : a < b ? 1 : 2;
}
/** Unsigned compare of two words. */
export function cmpl32(cpu: Cpu, a: number, b: number): void {
  a >>>= 0; b >>>= 0;
  cpu.cc = a === b ? 0 : a < b ? 1 : 2;
}
/** Signed 64-bit compare; halves may be given signed or unsigned. */
export function cmp64(cpu: Cpu, ah: number, al: number, bh: number, bl: number): void {
  ah |= 0; bh |= 0;
  if (ah !== bh) { cpu.cc = ah < bh ? 1 : 2; return; }
  al >>>= 0; bl >>>= 0;
  cpu.cc = al === bl ? 0 : al < bl ? 1 : 2;
}
export function cmpl64(cpu: Cpu, ah: number, al: number, bh: number, bl: number): void {
  ah >>>= 0; bh >>>= 0;
  if (ah !== bh) { cpu.cc = ah < bh ? 1 : 2; return; }
  al >>>= 0; bl >>>= 0;
  cpu.cc = al === bl ? 0 : al < bl ? 1 : 2;
}

/** Register r1 := (ah:al) + (bh:bl), signed CC (stores first, so overflow completes). */
export function addSigned64(cpu: Cpu, r1: number, ah: number, al: number, bh: number, bl: number): void {
  const lo = (al >>> 0) + (bl >>> 0);
  const hi = ((ah | 0) + (bh | 0) + (lo > 0xffff_ffff ? 1 : 0)) | 0;
  const g = cpu.gpr;
  g[2 * r1] = hi;
  g[2 * r1 + 1] = lo;
  // `hi | lo` takes lo modulo 2^32, dropping the carry already added into hi.
  if (((ah ^ hi) & (bh ^ hi)) < 0) overflow(cpu);
  else cpu.cc = (hi | lo) === 0 ? 0 : hi < 0 ? 1 : 2;
}

/** Register r1 := (ah:al) - (bh:bl), signed CC. */
export function subSigned64(cpu: Cpu, r1: number, ah: number, al: number, bh: number, bl: number): void {
  const lo = (al >>> 0) + (~bl >>> 0) + 1;
  const hi = ((ah | 0) + ~bh + (lo > 0xffff_ffff ? 1 : 0)) | 0;
  const g = cpu.gpr;
  g[2 * r1] = hi;
  g[2 * r1 + 1] = lo;
  if (((ah ^ bh) & (ah ^ hi)) < 0) overflow(cpu);
  else cpu.cc = (hi | lo) === 0 ? 0 : hi < 0 ? 1 : 2;
}

/**
 * Register r1 := (ah:al) + (bh:bl) + carry, logical CC (bit 1 nonzero, bit 2 carry).
 * Subtraction is the same with the second operand complemented and carry 1 (or the
 * borrow-in inverted): the CPU reports "no borrow" as carry.
 */
export function addLogical64(cpu: Cpu, r1: number, ah: number, al: number, bh: number, bl: number, carry: number): void {
  const lo = (al >>> 0) + (bl >>> 0) + carry;
  const hi = (ah >>> 0) + (bh >>> 0) + (lo > 0xffff_ffff ? 1 : 0);
  const g = cpu.gpr;
  g[2 * r1] = hi;
  g[2 * r1 + 1] = lo;
  cpu.cc = ((hi | lo) !== 0 ? 1 : 0) | (hi > 0xffff_ffff ? 2 : 0);
}

/**
 * Places an address in register r1 as LOAD ADDRESS does: all 64 bits in the 64-bit
 * mode; in the 31-bit mode bits 33-63 with bit 32 zero, in the 24-bit mode bits 40-63
 * with bits 32-39 zero, bits 0-31 unchanged in both. `lo` may be any integer below
 * 2^53 in magnitude (carries into or borrows from `hi` are taken here).
 */
export function setAddress(cpu: Cpu, r1: number, hi: number, lo: number): void {
  const g = cpu.gpr;
  if (cpu.amode === 64) {
    // lo - (lo >>> 0) is an exact multiple of 2^32: the carry (or borrow) into hi.
    g[2 * r1] = hi + (lo - (lo >>> 0)) / TWO32;
    g[2 * r1 + 1] = lo;
  } else {
    g[2 * r1 + 1] = lo & (cpu.amode === 31 ? 0x7fff_ffff : 0x00ff_ffff);
  }
}

/** Sum of displacement, base and index (0 = none) as setAddress wants it. */
export function addressOf(cpu: Cpu, r1: number, x: number, b: number, disp: number): void {
  const g = cpu.gpr;
  let hi = 0, lo = disp;
  if (b !== 0) { hi += g[2 * b]; lo += g[2 * b + 1]; }
  if (x !== 0) { hi += g[2 * x]; lo += g[2 * x + 1]; }
  setAddress(cpu, r1, hi, lo);
}

/** 128-bit product words, most significant first (results of mulu64 / muls64). */
export const P = { w0: 0, w1: 0, w2: 0, w3: 0 };

/** Unsigned (ah:al) * (bh:bl) into P. */
export function mulu64(ah: number, al: number, bh: number, bl: number): void {
  mulu32(al, bl); const llLo = R.lo, llHi = R.hi;
  mulu32(ah, bl); const hlLo = R.lo, hlHi = R.hi;
  mulu32(al, bh); const lhLo = R.lo, lhHi = R.hi;
  mulu32(ah, bh); const hhLo = R.lo, hhHi = R.hi;
  let t = llHi + hlLo + lhLo;
  P.w3 = llLo;
  P.w2 = t >>> 0;
  t = Math.floor(t / TWO32) + hlHi + lhHi + hhLo;
  P.w1 = t >>> 0;
  P.w0 = (Math.floor(t / TWO32) + hhHi) >>> 0;
}

/** Signed (ah:al) * (bh:bl) into P: the unsigned product less the sign corrections. */
export function muls64(ah: number, al: number, bh: number, bl: number): void {
  mulu64(ah, al, bh, bl);
  if ((ah | 0) < 0) subHigh(bh, bl);
  if ((bh | 0) < 0) subHigh(ah, al);
}
function subHigh(h: number, l: number): void {
  const lo = P.w1 - (l >>> 0);
  P.w1 = lo >>> 0;
  P.w0 = (P.w0 - (h >>> 0) - (lo < 0 ? 1 : 0)) >>> 0;
}

/** True when the signed 128-bit P fits in 64 bits (w0:w1 is the sign extension of w2). */
export function productFits64(): boolean {
  const s = (P.w2 | 0) < 0 ? 0xffff_ffff : 0;
  return P.w0 === s && P.w1 === s;
}
