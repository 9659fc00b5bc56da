// Fast paths for the common vector BFP case: short or long elements, FPC rounding mode
// round-to-nearest-even, every processed element a finite normal result. Computed on
// doubles (short through Math.fround, innocuous double rounding since 53 >= 2*24+2) with
// exactness from error-free transformations (Knuth's TwoSum, Dekker's product); anything
// else (NaN, infinity, tiny or huge results, other rounding modes, an inexact result with
// the inexact mask on) runs the exact soft-float handler the fast one wraps. Nothing is
// written before the fast path knows it can finish, so falling back is always clean.
import type { Handler } from './decoded';
import { T, copyTo } from './vector-common';
import { SE } from './vector-fp';

const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer); // little-endian host: w64[1] is the high word
const f32 = new Float32Array(1);
const w32 = new Uint32Array(f32.buffer);

const MIN_NORMAL_D = 2 ** -1022;
const MAX_D = Number.MAX_VALUE;
const MIN_NORMAL_F = 2 ** -126;
const MAX_F = 3.4028234663852886e38;
/** Operand range where Dekker's splitting neither overflows nor loses low bits. */
const SPLIT_MAX = 2 ** 995;
const PRODUCT_MIN = 2 ** -960;
const SPLITTER = 134217729; // 2^27 + 1

const FPC_RM = 0x7;
const MASK_INEXACT = 0x0800_0000;
const FLAG_INEXACT = 0x0008_0000;

/** Results of one element: the value, or NaN when the exact path must run; inexactness. */
let inexact = false;

/** Rounding error of the double product p = a*b (a*b = p + error exactly), in range. */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

type Kernel = (a: number, b: number) => number;

const LONG: Record<'a' | 's' | 'm' | 'd', Kernel> = {
  a: (a, b) => {
    const s = a + b;
    const m = Math.abs(s);
    if (!(m >= MIN_NORMAL_D && m <= MAX_D)) return NaN;
    const bb = s - a;
    inexact = (a - (s - bb)) + (b - bb) !== 0;
    return s;
  },
  s: (a, b) => LONG.a(a, -b),
  m: (a, b) => {
    const p = a * b;
    const m = Math.abs(p);
    if (!(m >= PRODUCT_MIN && m <= MAX_D && Math.abs(a) < SPLIT_MAX && Math.abs(b) < SPLIT_MAX)) return NaN;
    inexact = productError(a, b, p) !== 0;
    return p;
  },
  d: (a, b) => {
    const q = a / b;
    const m = Math.abs(q);
    if (!(m >= MIN_NORMAL_D && m < SPLIT_MAX && Math.abs(a) >= PRODUCT_MIN && Math.abs(b) < SPLIT_MAX)) return NaN;
    const ph = q * b;
    inexact = a - ph !== productError(q, b, ph);
    return q;
  },
};

/** A short result from the double d (exactInDouble: d itself was exact). */
function toShort(d: number, exactInDouble: boolean): number {
  const r = Math.fround(d);
  const m = Math.abs(r);
  if (!(m >= MIN_NORMAL_F && m <= MAX_F)) return NaN;
  inexact = !exactInDouble || r !== d;
  return r;
}

const SHORT: Record<'a' | 's' | 'm' | 'd', Kernel> = {
  a: (a, b) => {
    const s = a + b;
    const bb = s - a;
    return toShort(s, (a - (s - bb)) + (b - bb) === 0);
  },
  s: (a, b) => SHORT.a(a, -b),
  m: (a, b) => toShort(a * b, true), // 24 x 24 bits: exact in a double
  d: (a, b) => {
    const r = Math.fround(a / b);
    const m = Math.abs(r);
    if (!(m >= MIN_NORMAL_F && m <= MAX_F) || b !== b) return NaN;
    inexact = r * b !== a; // exact in a double
    return r;
  },
};

/** Scratch results (up to four elements). */
const R = new Float64Array(4);

/**
 * VFA/VFS/VFM/VFD (VRR-c: format M4, SE in M5) on doubles; `slow` is the exact handler of
 * the same instruction.
 */
export function fastArith(op: 'a' | 's' | 'm' | 'd', slow: Handler): Handler {
  return (cpu, d) => {
    const fpf = d.m4;
    if ((cpu.fpc & FPC_RM) !== 0 || (fpf !== 2 && fpf !== 3) || (d.m5 & ~SE) !== 0) return slow(cpu, d);
    const vr = cpu.vr, a = 4 * d.v2, b = 4 * d.v3;
    let anyInexact = false;
    if (fpf === 3) {
      const n = (d.m5 & SE) !== 0 ? 1 : 2;
      for (let i = 0; i < n; i++) {
        w64[1] = vr[a + 2 * i]; w64[0] = vr[a + 2 * i + 1];
        const x = f64[0];
        w64[1] = vr[b + 2 * i]; w64[0] = vr[b + 2 * i + 1];
        const r = LONG[op](x, f64[0]);
        if (r !== r) return slow(cpu, d);
        R[i] = r;
        anyInexact ||= inexact;
      }
      if (anyInexact && (cpu.fpc & MASK_INEXACT) !== 0) return slow(cpu, d);
      T[0] = T[1] = T[2] = T[3] = 0;
      for (let i = 0; i < n; i++) { f64[0] = R[i]; T[2 * i] = w64[1]; T[2 * i + 1] = w64[0]; }
    } else {
      const n = (d.m5 & SE) !== 0 ? 1 : 4;
      for (let i = 0; i < n; i++) {
        w32[0] = vr[a + i];
        const x = f32[0];
        w32[0] = vr[b + i];
        const r = SHORT[op](x, f32[0]);
        if (r !== r) return slow(cpu, d);
        R[i] = r;
        anyInexact ||= inexact;
      }
      if (anyInexact && (cpu.fpc & MASK_INEXACT) !== 0) return slow(cpu, d);
      T[0] = T[1] = T[2] = T[3] = 0;
      for (let i = 0; i < n; i++) { f32[0] = R[i]; T[i] = w32[0]; }
    }
    if (anyInexact) cpu.fpc = (cpu.fpc | FLAG_INEXACT) >>> 0;
    copyTo(cpu, d.v1, T);
  };
}

/**
 * Error-free sum: returns s = fl(a + b) and leaves the exact error in `sumError`
 * (a + b = s + sumError) when no overflow occurs.
 */
let sumError = 0;
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  sumError = (a - (s - bb)) + (b - bb);
  return s;
}

/** Half the distance from the normal double r to its neighbour towards zero (2^(e-53), or less at a power of 2). */
function halfUlpBelow(r: number): number {
  f64[0] = r;
  const e = ((w64[1] >>> 20) & 0x7ff) - 1023;
  const powerOfTwo = (w64[1] & 0xf_ffff) === 0 && w64[0] === 0;
  return 2 ** (e - (powerOfTwo ? 54 : 53));
}

/**
 * a*b + c rounded once to nearest-even on doubles, or NaN when that cannot be decided
 * cheaply: the exact value p + e + c (p + e = a*b by Dekker) is summed as r plus a
 * residual small enough (safely under half an ulp) that r is the correctly rounded result.
 */
function fmaLong(a: number, b: number, c: number): number {
  const p = a * b;
  const mp = Math.abs(p);
  if (!(mp >= PRODUCT_MIN && mp <= MAX_D && Math.abs(a) < SPLIT_MAX && Math.abs(b) < SPLIT_MAX) || !(Math.abs(c) <= MAX_D)) {
    return NaN;
  }
  const e = productError(a, b, p);
  const s = twoSum(p, c);
  const t = sumError;
  const w = twoSum(t, e);
  const errw = sumError;
  const r = twoSum(s, w);
  const rr = sumError;
  const m = Math.abs(r);
  if (!(m >= MIN_NORMAL_D && m <= MAX_D)) return NaN;
  const residual = Math.abs(rr) + Math.abs(errw);
  if (residual === 0) { inexact = false; return r; }
  if (!(residual < halfUlpBelow(r) * (1 - 2 ** -50))) return NaN;
  inexact = true;
  return r;
}

/** a*b + c on floats: the product is exact in a double; the sum must be too. */
function fmaShort(a: number, b: number, c: number): number {
  const s = twoSum(a * b, c);
  if (sumError !== 0) return NaN;
  return toShort(s, true);
}

type FmaVariant = 'ma' | 'ms' | 'nma' | 'nms';

/**
 * VFMA/VFMS/VFNMA/VFNMS (VRR-e: SE in M5, format in M6). Round to nearest is symmetric, so
 * the negated forms negate the rounded result (zeros, whose sign rules differ, go slow).
 */
export function fastFma(variant: FmaVariant, slow: Handler): Handler {
  const negateC = variant === 'ms' || variant === 'nms';
  const negateR = variant === 'nma' || variant === 'nms';
  return (cpu, d) => {
    const fpf = d.m6;
    if ((cpu.fpc & FPC_RM) !== 0 || (fpf !== 2 && fpf !== 3) || (d.m5 & ~SE) !== 0) return slow(cpu, d);
    const vr = cpu.vr, a = 4 * d.v2, b = 4 * d.v3, c = 4 * d.v4;
    const long = fpf === 3;
    const n = (d.m5 & SE) !== 0 ? 1 : long ? 2 : 4;
    let anyInexact = false;
    for (let i = 0; i < n; i++) {
      let x: number, y: number, z: number;
      if (long) {
        w64[1] = vr[a + 2 * i]; w64[0] = vr[a + 2 * i + 1]; x = f64[0];
        w64[1] = vr[b + 2 * i]; w64[0] = vr[b + 2 * i + 1]; y = f64[0];
        w64[1] = vr[c + 2 * i]; w64[0] = vr[c + 2 * i + 1]; z = f64[0];
      } else {
        w32[0] = vr[a + i]; x = f32[0];
        w32[0] = vr[b + i]; y = f32[0];
        w32[0] = vr[c + i]; z = f32[0];
      }
      const r = long ? fmaLong(x, y, negateC ? -z : z) : fmaShort(x, y, negateC ? -z : z);
      if (r !== r) return slow(cpu, d);
      R[i] = negateR ? -r : r;
      anyInexact ||= inexact;
    }
    if (anyInexact && (cpu.fpc & MASK_INEXACT) !== 0) return slow(cpu, d);
    T[0] = T[1] = T[2] = T[3] = 0;
    for (let i = 0; i < n; i++) {
      if (long) { f64[0] = R[i]; T[2 * i] = w64[1]; T[2 * i + 1] = w64[0]; } else { f32[0] = R[i]; T[i] = w32[0]; }
    }
    if (anyInexact) cpu.fpc = (cpu.fpc | FLAG_INEXACT) >>> 0;
    copyTo(cpu, d.v1, T);
  };
}

type Relation = 'e' | 'h' | 'he';

/**
 * VFCE/VFCH/VFCHE (format M4, SE/SQ in M5, CS in M6) when no processed element is a NaN:
 * ordered comparisons raise nothing, quiet or signaling alike.
 */
export function fastCompare(rel: Relation, slow: Handler): Handler {
  return (cpu, d) => {
    const fpf = d.m4;
    if ((fpf !== 2 && fpf !== 3) || (d.m5 & ~(SE | 4)) !== 0 || (d.m6 & ~1) !== 0) return slow(cpu, d);
    const vr = cpu.vr, a = 4 * d.v2, b = 4 * d.v3;
    const long = fpf === 3;
    const n = (d.m5 & SE) !== 0 ? 1 : long ? 2 : 4;
    let trues = 0;
    for (let i = 0; i < n; i++) {
      let x: number, y: number;
      if (long) {
        w64[1] = vr[a + 2 * i]; w64[0] = vr[a + 2 * i + 1]; x = f64[0];
        w64[1] = vr[b + 2 * i]; w64[0] = vr[b + 2 * i + 1]; y = f64[0];
      } else {
        w32[0] = vr[a + i]; x = f32[0];
        w32[0] = vr[b + i]; y = f32[0];
      }
      if (x !== x || y !== y) return slow(cpu, d);
      const t = rel === 'e' ? x === y : rel === 'h' ? x > y : x >= y;
      R[i] = t ? 1 : 0;
      if (t) trues++;
    }
    T[0] = T[1] = T[2] = T[3] = 0;
    for (let i = 0; i < n; i++) {
      if (R[i] === 0) continue;
      if (long) { T[2 * i] = 0xffff_ffff; T[2 * i + 1] = 0xffff_ffff; } else T[i] = 0xffff_ffff;
    }
    copyTo(cpu, d.v1, T);
    if ((d.m6 & 1) !== 0) cpu.cc = trues === n ? 0 : trues === 0 ? 3 : 1;
  };
}
