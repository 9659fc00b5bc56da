// Operand values for the floating-point oracle: special values of each BFP format (zeros,
// infinities, quiet and signaling NaNs with payloads, subnormals, extremes), values whose
// rounding differs by mode, and seeded random values, all as bit patterns (BigInt).

export interface Fmt {
  readonly name: 'short' | 'long' | 'extended';
  readonly bits: number;
  readonly expBits: number;
  readonly fracBits: number;
}

export const S: Fmt = { name: 'short', bits: 32, expBits: 8, fracBits: 23 };
export const L: Fmt = { name: 'long', bits: 64, expBits: 11, fracBits: 52 };
export const X: Fmt = { name: 'extended', bits: 128, expBits: 15, fracBits: 112 };

const bias = (f: Fmt): number => (1 << (f.expBits - 1)) - 1;

/** Bits from sign, biased exponent and fraction. */
export function make(f: Fmt, neg: boolean, biasedExp: number, frac: bigint): bigint {
  return ((neg ? 1n : 0n) << BigInt(f.bits - 1)) | (BigInt(biasedExp) << BigInt(f.fracBits)) | frac;
}

/** A normal number 1.frac * 2^e (frac given as the top bits of the fraction, hex). */
export function num(f: Fmt, neg: boolean, e: number, fracTop = 0n, topBits = 0): bigint {
  const frac = topBits === 0 ? 0n : fracTop << BigInt(f.fracBits - topBits);
  return make(f, neg, e + bias(f), frac);
}

const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

/** Special and boundary values of a format. */
export function specials(f: Fmt): bigint[] {
  const emaxB = 2 * bias(f);
  const q = 1n << BigInt(f.fracBits - 1);
  return [
    make(f, false, 0, 0n), make(f, true, 0, 0n),
    make(f, false, emaxB + 1, 0n), make(f, true, emaxB + 1, 0n),
    make(f, false, emaxB + 1, q), make(f, true, emaxB + 1, q | 0x123n),
    make(f, false, emaxB + 1, 1n), make(f, true, emaxB + 1, 0x2345n),
    make(f, false, 0, 1n), make(f, true, 0, ones(f.fracBits)),
    make(f, false, 1, 0n), make(f, false, emaxB, ones(f.fracBits)), make(f, true, emaxB, ones(f.fracBits)),
    num(f, false, 0), num(f, true, 0), num(f, false, 1, 1n, 1),
    make(f, false, bias(f) - 2, ones(f.fracBits) / 3n), // 1/3 rounded down
    make(f, false, bias(f), 1n), // 1 + ulp
    num(f, true, 1 - bias(f), 1n, 1), // -1.5 * 2^emin
    num(f, false, bias(f)), // 2^emax
    num(f, false, -f.fracBits - 1), // half an ulp of 1
    num(f, false, f.fracBits + 1, 1n, f.fracBits), // 2^(p) + 2 (integral, odd ulp)
  ];
}

/** Finite values where rounding direction matters (inexact sums/products/quotients). */
export function roundingValues(f: Fmt): bigint[] {
  return [
    num(f, false, 0), num(f, true, 0), num(f, false, 1, 1n, 1),
    make(f, false, bias(f) - 2, ones(f.fracBits) / 3n), make(f, false, bias(f), 1n), make(f, true, bias(f), ones(f.fracBits)),
    num(f, false, -f.fracBits - 1), num(f, true, -f.fracBits - 2), num(f, false, f.fracBits, 3n, 2),
    make(f, false, 2 * bias(f), ones(f.fracBits)), make(f, false, 1, 0n), make(f, true, 0, 3n), num(f, false, 7, 5n, 3),
  ];
}

/** Deterministic xorshift64* random numbers, so regenerating gives the same cases. */
export class Rng {
  private s: bigint;
  constructor(seed: number) { this.s = BigInt(seed) * 0x9e37_79b9_7f4a_7c15n + 1n; }
  next64(): bigint {
    let x = this.s;
    x ^= x >> 12n; x ^= (x << 25n) & ones(64); x ^= x >> 27n;
    this.s = x;
    return (x * 0x2545_f491_4f6c_dd1dn) & ones(64);
  }
  bits(n: number): bigint {
    let v = 0n;
    for (let k = 0; k < n; k += 64) v = (v << 64n) | this.next64();
    return v & ones(n);
  }
  int(n: number): number { return Number(this.next64() % BigInt(n)); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
}

/** A random finite value with an exponent within `spread` of `e` (unbiased). */
export function randomNear(f: Fmt, rng: Rng, e: number, spread: number): bigint {
  const exp = Math.max(-bias(f) + 1, Math.min(bias(f), e + rng.int(2 * spread + 1) - spread));
  return make(f, rng.int(2) === 1, exp + bias(f), rng.bits(f.fracBits));
}

/** Random operands for one case: ordinary, huge, tiny, or subnormal magnitudes. */
export function randomValue(f: Fmt, rng: Rng): bigint {
  switch (rng.int(8)) {
    case 0: return randomNear(f, rng, bias(f) - 2, 2);
    case 1: return randomNear(f, rng, 1 - bias(f), 3);
    case 2: return make(f, rng.int(2) === 1, 0, rng.bits(f.fracBits));
    case 3: return randomNear(f, rng, f.fracBits, 4);
    default: return randomNear(f, rng, 0, 6);
  }
}

export const hex = (v: bigint, digits: number): string => v.toString(16).padStart(digits, '0');

/** The bits of a JS number in format f (rounded to nearest for short; exact otherwise). */
export function fromNumber(f: Fmt, x: number): bigint {
  if (f.bits === 32) {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, x);
    return BigInt(b.getUint32(0));
  }
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  const d = b.getBigUint64(0);
  if (f.bits === 64) return d;
  const sign = d >> 63n;
  const e = Number((d >> 52n) & 0x7ffn);
  const frac = d & ((1n << 52n) - 1n);
  if (e === 0 && frac === 0n) return sign << 127n;
  if (e === 0x7ff) return (sign << 127n) | (0x7fffn << 112n) | (frac << 60n);
  if (e === 0) throw new Error('subnormal doubles are not needed here');
  return (sign << 127n) | (BigInt(e - 1023 + 16383) << 112n) | (frac << 60n);
}
