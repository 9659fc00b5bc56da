// 64-bit integer arithmetic on 32-bit halves (hi, lo as unsigned 32-bit numbers), with
// the carry/overflow information condition codes need. Results land in the fields of
// the shared `R` object so the hot path allocates nothing.

/** Result registers: value (hi, lo), carry out of bit 0, signed overflow. */
export const R = { hi: 0, lo: 0, carry: 0, overflow: false };

/** (ah:al) + (bh:bl) + cin. */
export function add64(ah: number, al: number, bh: number, bl: number, cin = 0): void {
  const lo = al + bl + cin;
  const c0 = lo > 0xffff_ffff ? 1 : 0;
  const hi = ah + bh + c0;
  R.lo = lo >>> 0;
  R.hi = hi >>> 0;
  R.carry = hi > 0xffff_ffff ? 1 : 0;
  // Signed overflow: operands of equal sign, result of the other sign.
  R.overflow = ((~(ah ^ bh) & (ah ^ R.hi)) & 0x8000_0000) !== 0;
}

/** (ah:al) - (bh:bl) - borrow-in; R.carry is 1 when no borrow occurred (as the CPU's CC). */
export function sub64(ah: number, al: number, bh: number, bl: number, borrowIn = 0): void {
  add64(ah, al, ~bh >>> 0, ~bl >>> 0, 1 - borrowIn);
}

/** 32-bit add: R.lo, R.carry, R.overflow. */
export function add32(a: number, b: number, cin = 0): void {
  const s = a + b + cin;
  R.lo = s >>> 0;
  R.hi = 0;
  R.carry = s > 0xffff_ffff ? 1 : 0;
  R.overflow = ((~(a ^ b) & (a ^ R.lo)) & 0x8000_0000) !== 0;
}

/** 32-bit subtract a - b - borrowIn; R.carry is 1 when no borrow occurred. */
export function sub32(a: number, b: number, borrowIn = 0): void {
  add32(a, ~b >>> 0, 1 - borrowIn);
}

/** Signed comparison of two 64-bit values: -1, 0, 1. */
export function cmp64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return (ah | 0) < (bh | 0) ? -1 : 1;
  if (al !== bl) return al < bl ? -1 : 1;
  return 0;
}

/** Unsigned comparison of two 64-bit values: -1, 0, 1. */
export function cmpu64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return ah < bh ? -1 : 1;
  if (al !== bl) return al < bl ? -1 : 1;
  return 0;
}

/** Sign of a 64-bit value: -1, 0, 1. */
export function sign64(hi: number, lo: number): number {
  if ((hi | 0) < 0) return -1;
  return hi === 0 && lo === 0 ? 0 : 1;
}

/** Unsigned 32x32 → 64 multiply into R.hi:R.lo. */
export function mulu32(a: number, b: number): void {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl;
  const mid = ah * bl + al * bh; // < 2^33
  const hh = ah * bh;
  const lo = ll + (mid % 0x10000) * 0x10000;
  R.lo = lo >>> 0;
  R.hi = (hh + Math.floor(mid / 0x10000) + Math.floor(lo / 0x1_0000_0000)) >>> 0;
}

/** Signed 32x32 → 64 multiply into R.hi:R.lo. */
export function muls32(a: number, b: number): void {
  mulu32(a >>> 0, b >>> 0);
  let hi = R.hi;
  if ((a | 0) < 0) hi = (hi - (b >>> 0)) >>> 0;
  if ((b | 0) < 0) hi = (hi - (a >>> 0)) >>> 0;
  R.hi = hi;
}

/** 64-bit value as BigInt (slow paths only: division, 128-bit products). */
export function toBig(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
/** Signed 64-bit value as BigInt. */
export function toBigSigned(hi: number, lo: number): bigint {
  return BigInt.asIntN(64, toBig(hi, lo));
}
/** Stores the low 64 bits of a BigInt into R.hi:R.lo. */
export function fromBig(v: bigint): void {
  const u = BigInt.asUintN(64, v);
  R.hi = Number(u >> 32n);
  R.lo = Number(u & 0xffff_ffffn);
}
