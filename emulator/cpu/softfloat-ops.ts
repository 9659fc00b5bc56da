// IEEE 754 operations on bit patterns (BigInt) of one binary format: add, multiply,
// divide, square root, fused multiply-add, compare, format and integer conversions and
// round to integral. Exception conditions go to softfloat.status (see softfloat.ts).
import {
  CLS, FLAG, RM, bitLength, infinity, invalid, isNaN, isSignaling, propagateNaN, quiet, roundPack, roundSig, signed,
  status, unpack, type BinaryFormat, type RoundingMode, type Unpacked,
} from './softfloat';

/** The sign an exact zero sum gets: +0 unless both addends are -0, or rounding toward -inf. */
function zeroSumSign(a: boolean, b: boolean, rm: RoundingMode): boolean {
  return a === b ? a : rm === RM.DOWN;
}

/** Exact sum of two finite (or zero) unpacked values, rounded once. */
function addFinite(f: BinaryFormat, x: Unpacked, y: Unpacked, rm: RoundingMode): bigint {
  if (x.cls === CLS.ZERO && y.cls === CLS.ZERO) return signed(f, zeroSumSign(x.sign, y.sign, rm), 0n);
  if (x.cls === CLS.ZERO) return roundPack(f, y.sign, y.sig, y.exp, false, rm);
  if (y.cls === CLS.ZERO) return roundPack(f, x.sign, x.sig, x.exp, false, rm);
  const e = Math.min(x.exp, y.exp);
  const a = x.sig << BigInt(x.exp - e);
  const b = y.sig << BigInt(y.exp - e);
  const s = (x.sign ? -a : a) + (y.sign ? -b : b);
  if (s === 0n) return signed(f, rm === RM.DOWN, 0n);
  return roundPack(f, s < 0n, s < 0n ? -s : s, e, false, rm);
}

/** a + b, or a - b when `subtract`. */
export function add(f: BinaryFormat, a: bigint, b: bigint, rm: RoundingMode, subtract = false): bigint {
  if (isNaN(f, a) || isNaN(f, b)) return propagateNaN(f, a, b);
  const x = unpack(f, a);
  const y = unpack(f, b);
  if (subtract) y.sign = !y.sign;
  if (x.cls === CLS.INF || y.cls === CLS.INF) {
    if (x.cls === CLS.INF && y.cls === CLS.INF && x.sign !== y.sign) return invalid(f);
    return infinity(f, x.cls === CLS.INF ? x.sign : y.sign);
  }
  return addFinite(f, x, y, rm);
}

export function mul(f: BinaryFormat, a: bigint, b: bigint, rm: RoundingMode): bigint {
  if (isNaN(f, a) || isNaN(f, b)) return propagateNaN(f, a, b);
  const x = unpack(f, a);
  const y = unpack(f, b);
  const sign = x.sign !== y.sign;
  if (x.cls === CLS.INF || y.cls === CLS.INF) {
    if (x.cls === CLS.ZERO || y.cls === CLS.ZERO) return invalid(f);
    return infinity(f, sign);
  }
  if (x.cls === CLS.ZERO || y.cls === CLS.ZERO) return signed(f, sign, 0n);
  return roundPack(f, sign, x.sig * y.sig, x.exp + y.exp, false, rm);
}

export function div(f: BinaryFormat, a: bigint, b: bigint, rm: RoundingMode): bigint {
  if (isNaN(f, a) || isNaN(f, b)) return propagateNaN(f, a, b);
  const x = unpack(f, a);
  const y = unpack(f, b);
  const sign = x.sign !== y.sign;
  if (x.cls === CLS.INF) return y.cls === CLS.INF ? invalid(f) : infinity(f, sign);
  if (y.cls === CLS.INF) return signed(f, sign, 0n);
  if (y.cls === CLS.ZERO) {
    if (x.cls === CLS.ZERO) return invalid(f);
    status.flags |= FLAG.DIVIDE;
    return infinity(f, sign);
  }
  if (x.cls === CLS.ZERO) return signed(f, sign, 0n);
  // Enough quotient bits for rounding: p + 2 at least, the rest goes into the sticky bit.
  const k = Math.max(0, f.fracBits + 4 + bitLength(y.sig) - bitLength(x.sig));
  const n = x.sig << BigInt(k);
  const q = n / y.sig;
  return roundPack(f, sign, q, x.exp - y.exp - k, q * y.sig !== n, rm);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt(f: BinaryFormat, a: bigint, rm: RoundingMode): bigint {
  if (isNaN(f, a)) return propagateNaN(f, a, a);
  const x = unpack(f, a);
  if (x.cls === CLS.ZERO) return a;
  if (x.sign) return invalid(f);
  if (x.cls === CLS.INF) return a;
  let k = Math.max(0, 2 * (f.fracBits + 4) - bitLength(x.sig));
  if (((x.exp - k) & 1) !== 0) k++;
  const n = x.sig << BigInt(k);
  const r = isqrt(n);
  return roundPack(f, false, r, (x.exp - k) / 2, r * r !== n, rm);
}

/**
 * a·b + c rounded once (multiply and add); `negateC` gives a·b - c. NaN precedence: a
 * signaling NaN in any operand first, then quiet NaNs; among equals, operand c first, then
 * a, then b.
 */
export function fma(f: BinaryFormat, a: bigint, b: bigint, c: bigint, rm: RoundingMode, negateC = false): bigint {
  const x = unpack(f, a);
  const y = unpack(f, b);
  const z = unpack(f, c);
  if (x.cls >= CLS.QNAN || y.cls >= CLS.QNAN || z.cls >= CLS.QNAN) {
    for (const [u, bits] of [[z, c], [x, a], [y, b]] as const) {
      if (u.cls === CLS.SNAN) { status.flags |= FLAG.INVALID; return quiet(f, bits); }
    }
    for (const [u, bits] of [[z, c], [x, a], [y, b]] as const) if (u.cls === CLS.QNAN) return bits;
  }
  if (negateC) z.sign = !z.sign;
  const sign = x.sign !== y.sign;
  if (x.cls === CLS.INF || y.cls === CLS.INF) {
    if (x.cls === CLS.ZERO || y.cls === CLS.ZERO) return invalid(f);
    if (z.cls === CLS.INF && z.sign !== sign) return invalid(f);
    return infinity(f, sign);
  }
  if (z.cls === CLS.INF) return infinity(f, z.sign);
  const p: Unpacked = x.cls === CLS.ZERO || y.cls === CLS.ZERO
    ? { cls: CLS.ZERO, sign, sig: 0n, exp: 0 }
    : { cls: CLS.FINITE, sign, sig: x.sig * y.sig, exp: x.exp + y.exp };
  return addFinite(f, p, z, rm);
}

/**
 * Compares a with b: 0 equal, 1 a low, 2 a high, 3 unordered. A signaling NaN is an invalid
 * operation; with `signaling` (COMPARE AND SIGNAL) a quiet NaN is too.
 */
export function compare(f: BinaryFormat, a: bigint, b: bigint, signaling: boolean): number {
  if (isNaN(f, a) || isNaN(f, b)) {
    if (signaling || isSignaling(f, a) || isSignaling(f, b)) status.flags |= FLAG.INVALID;
    return 3;
  }
  const x = unpack(f, a);
  const y = unpack(f, b);
  if (x.cls === CLS.ZERO && y.cls === CLS.ZERO) return 0;
  const kx = orderKey(x);
  const ky = orderKey(y);
  if (x.sign !== y.sign) return x.sign ? 1 : 2;
  if (kx === ky) return 0;
  return (kx < ky) !== x.sign ? 1 : 2;
}

/** Magnitude as a comparable number: the bits without the sign (monotonic for non-NaNs). */
function orderKey(u: Unpacked): bigint {
  if (u.cls === CLS.ZERO) return -1n;
  if (u.cls === CLS.INF) return 1n << 60000n;
  return u.sig << BigInt(u.exp + 20000);
}

/** Converts between formats (lengthening is exact; shortening rounds). */
export function convert(from: BinaryFormat, to: BinaryFormat, a: bigint, rm: RoundingMode): bigint {
  const x = unpack(from, a);
  const shift = to.fracBits - from.fracBits;
  switch (x.cls) {
    case CLS.ZERO: return signed(to, x.sign, 0n);
    case CLS.INF: return infinity(to, x.sign);
    case CLS.QNAN:
    case CLS.SNAN: {
      if (x.cls === CLS.SNAN) status.flags |= FLAG.INVALID;
      const frac = shift >= 0 ? x.sig << BigInt(shift) : x.sig >> BigInt(-shift);
      return signed(to, x.sign, to.expMask | frac | to.quietBit);
    }
    default: return roundPack(to, x.sign, x.sig, x.exp, false, rm);
  }
}

/**
 * Converts to a signed or unsigned integer of `width` bits (two's complement result). NaNs
 * and values out of range are invalid operations with the nearest representable limit as
 * result (the most negative number for a NaN; 0 for logical conversions).
 */
export function toInteger(f: BinaryFormat, a: bigint, rm: RoundingMode, width: 32 | 64, unsignedResult: boolean): bigint {
  const x = unpack(f, a);
  const W = BigInt(width);
  const max = unsignedResult ? (1n << W) - 1n : (1n << (W - 1n)) - 1n;
  const min = unsignedResult ? 0n : -(1n << (W - 1n));
  const wrap = (v: bigint): bigint => BigInt.asUintN(width, v);
  if (x.cls >= CLS.QNAN) { status.flags |= FLAG.INVALID; return wrap(min); }
  if (x.cls === CLS.INF) { status.flags |= FLAG.INVALID | FLAG.INEXACT; return wrap(x.sign ? min : max); }
  if (x.cls === CLS.ZERO) return 0n;
  const q = roundSig(x.sig, -x.exp, false, x.sign, rm);
  const inexact = rInexactOf(x, q);
  const v = x.sign ? -q : q;
  if (v > max || v < min) { status.flags |= FLAG.INVALID | FLAG.INEXACT; return wrap(v < min ? min : max); }
  if (inexact) status.flags |= FLAG.INEXACT;
  return wrap(v);
}

/** Whether rounding x to the integer q lost bits. */
function rInexactOf(x: Unpacked, q: bigint): boolean {
  if (x.exp >= 0) return false;
  return (q << BigInt(-x.exp)) !== x.sig;
}

/** Converts a (signed) integer value to format f. */
export function fromInteger(f: BinaryFormat, v: bigint, rm: RoundingMode): bigint {
  if (v === 0n) return 0n;
  return roundPack(f, v < 0n, v < 0n ? -v : v, 0, false, rm);
}

/** Rounds to an integral value in the same format (LOAD FP INTEGER). */
export function roundToIntegral(f: BinaryFormat, a: bigint, rm: RoundingMode): bigint {
  const x = unpack(f, a);
  if (x.cls >= CLS.QNAN) return propagateNaN(f, a, a);
  if (x.cls !== CLS.FINITE || x.exp >= 0) return a;
  const q = roundSig(x.sig, -x.exp, false, x.sign, rm);
  if (rInexactOf(x, q)) status.flags |= FLAG.INEXACT;
  if (q === 0n) return signed(f, x.sign, 0n);
  const saved = status.flags;
  const r = roundPack(f, x.sign, q, 0, false, RM.NEAREST_EVEN);
  status.flags = saved;
  return r;
}

/** Data-class bit for TEST DATA CLASS: +0 is 0x800 ... -SNaN 0x001. */
export function dataClassBit(f: BinaryFormat, a: bigint): number {
  const x = unpack(f, a);
  let pos: number;
  switch (x.cls) {
    case CLS.ZERO: pos = 0; break;
    case CLS.FINITE: pos = (a & f.expMask) === 0n ? 4 : 2; break;
    case CLS.INF: pos = 6; break;
    case CLS.QNAN: pos = 8; break;
    default: pos = 10; break;
  }
  return 0x800 >> (pos + (x.sign ? 1 : 0));
}
