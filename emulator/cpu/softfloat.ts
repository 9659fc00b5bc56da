// IEEE 754 binary floating point on exact significands (BigInt): formats, unpacking,
// rounding in every BFP rounding mode, and the exception conditions of one operation.
// This is the slow but complete path (directed rounding, extended format, special and
// tiny operands); bfp-fast.ts keeps the common nearest-even short/long cases on doubles.

/** A binary interchange format: short (32), long (64) or extended (128 bits). */
export interface BinaryFormat {
  readonly name: 'short' | 'long' | 'extended';
  readonly bits: number;
  readonly expBits: number;
  readonly fracBits: number;
  readonly bias: number;
  /** Largest and smallest unbiased exponents of normal numbers. */
  readonly emax: number;
  readonly emin: number;
  /** Exponent adjustment of the scaled result delivered on a trapped overflow/underflow. */
  readonly alpha: number;
  readonly signBit: bigint;
  readonly expMask: bigint;
  readonly fracMask: bigint;
  readonly quietBit: bigint;
  /** The default NaN: positive, quiet bit only. */
  readonly defaultNaN: bigint;
}

function format(name: BinaryFormat['name'], expBits: number, fracBits: number, alpha: number): BinaryFormat {
  const bits = 1 + expBits + fracBits;
  const bias = (1 << (expBits - 1)) - 1;
  const expMask = ((1n << BigInt(expBits)) - 1n) << BigInt(fracBits);
  const quietBit = 1n << BigInt(fracBits - 1);
  return {
    name, bits, expBits, fracBits, bias, emax: bias, emin: 1 - bias, alpha,
    signBit: 1n << BigInt(bits - 1), expMask, fracMask: (1n << BigInt(fracBits)) - 1n, quietBit,
    defaultNaN: expMask | quietBit,
  };
}

export const SHORT = format('short', 8, 23, 192);
export const LONG = format('long', 11, 52, 1536);
export const EXTENDED = format('extended', 15, 112, 24576);

/** Rounding modes (internal numbering; bfp.ts maps FPC and M3/M4 values onto these). */
export const RM = {
  NEAREST_EVEN: 0,
  TOWARD_ZERO: 1,
  UP: 2,
  DOWN: 3,
  NEAREST_AWAY: 4,
  /** Round to prepare for shorter precision: truncate, then force the last bit to one if inexact. */
  PREPARE_SHORTER: 5,
} as const;
export type RoundingMode = (typeof RM)[keyof typeof RM];

/**
 * Exception conditions of an operation. The bit values are those of the IEEE mask, flag and
 * DXC bytes of the FPC (i z o u x), plus the DXC "incremented" bit y.
 */
export const FLAG = {
  INVALID: 0x80,
  DIVIDE: 0x40,
  OVERFLOW: 0x20,
  /** Tininess: the result is tiny (the consumer decides whether underflow is recognised). */
  UNDERFLOW: 0x10,
  INEXACT: 0x08,
  INCREMENTED: 0x04,
} as const;

/**
 * Status of the last operation. `scaled` is the result with the exponent wrapped by alpha,
 * delivered instead of the normal result when overflow or underflow traps; `scaledFlags`
 * holds its INEXACT / INCREMENTED bits.
 */
export const status = { flags: 0, scaled: 0n, scaledFlags: 0 };

export function clearStatus(): void {
  status.flags = 0;
  status.scaledFlags = 0;
}

/** z/Architecture detects tininess before rounding. */
const TININESS_BEFORE_ROUNDING = true;

export const CLS = { ZERO: 0, FINITE: 1, INF: 2, QNAN: 3, SNAN: 4 } as const;
export type FpClass = (typeof CLS)[keyof typeof CLS];

/** An operand as value = sig * 2^exp (finite) plus its class and sign. */
export interface Unpacked {
  cls: FpClass;
  sign: boolean;
  sig: bigint;
  exp: number;
}

export function unpack(f: BinaryFormat, bits: bigint): Unpacked {
  const sign = (bits & f.signBit) !== 0n;
  const e = Number((bits & f.expMask) >> BigInt(f.fracBits));
  const frac = bits & f.fracMask;
  if (e === 0) {
    if (frac === 0n) return { cls: CLS.ZERO, sign, sig: 0n, exp: 0 };
    return { cls: CLS.FINITE, sign, sig: frac, exp: f.emin - f.fracBits };
  }
  if (e === 2 * f.bias + 1) {
    if (frac === 0n) return { cls: CLS.INF, sign, sig: 0n, exp: 0 };
    return { cls: (frac & f.quietBit) !== 0n ? CLS.QNAN : CLS.SNAN, sign, sig: frac, exp: 0 };
  }
  return { cls: CLS.FINITE, sign, sig: frac | (1n << BigInt(f.fracBits)), exp: e - f.bias - f.fracBits };
}

export function isNaN(f: BinaryFormat, bits: bigint): boolean {
  return (bits & f.expMask) === f.expMask && (bits & f.fracMask) !== 0n;
}

export function isSignaling(f: BinaryFormat, bits: bigint): boolean {
  return isNaN(f, bits) && (bits & f.quietBit) === 0n;
}

export function signed(f: BinaryFormat, negative: boolean, magnitude: bigint): bigint {
  return negative ? magnitude | f.signBit : magnitude;
}

export function infinity(f: BinaryFormat, negative: boolean): bigint {
  return signed(f, negative, f.expMask);
}

/** Largest finite magnitude. */
export function maxFinite(f: BinaryFormat, negative: boolean): bigint {
  return signed(f, negative, f.expMask - (1n << BigInt(f.fracBits)) + f.fracMask);
}

export function bitLength(x: bigint): number {
  if (x === 0n) return 0;
  let n = 0;
  while (x >= 1n << 64n) { x >>= 64n; n += 64; }
  while (x >= 1n << 16n) { x >>= 16n; n += 16; }
  while (x > 0n) { x >>= 1n; n++; }
  return n;
}

/** Results of the last roundSig: whether bits were lost, and whether the magnitude grew. */
let rInexact = false;
let rIncremented = false;

/**
 * Rounds sig·2^0 (plus a nonzero amount below the last bit when `sticky`) to an integer
 * multiple of 2^shift and returns that multiple's count.
 */
export function roundSig(sig: bigint, shift: number, sticky: boolean, negative: boolean, rm: RoundingMode): bigint {
  let q: bigint;
  let rem: bigint;
  let half: bigint;
  if (shift <= 0) {
    q = sig << BigInt(-shift);
    rem = 0n;
    half = 1n; // anything in (0, half) when only the sticky part is lost
  } else {
    const s = BigInt(shift);
    q = sig >> s;
    rem = sig & ((1n << s) - 1n);
    half = 1n << (s - 1n);
  }
  rInexact = rem !== 0n || sticky;
  if (!rInexact) {
    rIncremented = false;
    return q;
  }
  let up: boolean;
  switch (rm) {
    case RM.NEAREST_EVEN: up = rem > half || (rem === half && (sticky || (q & 1n) === 1n)); break;
    case RM.NEAREST_AWAY: up = rem >= half && rem !== 0n; break;
    case RM.TOWARD_ZERO: up = false; break;
    case RM.UP: up = !negative; break;
    case RM.DOWN: up = negative; break;
    default: up = (q & 1n) === 0n; break;
  }
  rIncremented = up;
  return up ? q + 1n : q;
}

/** Packs a normal number from its unbiased exponent and a p-bit significand. */
function packNormal(f: BinaryFormat, negative: boolean, e: number, q: bigint): bigint {
  return signed(f, negative, (BigInt(e + f.bias) << BigInt(f.fracBits)) | (q & f.fracMask));
}

/** Packs the scaled result of a trapped overflow/underflow (exponent wrapped into range). */
function packScaled(f: BinaryFormat, negative: boolean, e: number, q: bigint): bigint {
  return packNormal(f, negative, e, q);
}

/**
 * Rounds the exact value (sig + sticky)·2^exp, sig > 0, to format f: the heart of every
 * arithmetic operation. Sets INEXACT / INCREMENTED / OVERFLOW / UNDERFLOW (tininess) in
 * status.flags and the scaled trap result.
 */
export function roundPack(f: BinaryFormat, negative: boolean, sig: bigint, exp: number, sticky: boolean,
  rm: RoundingMode): bigint {
  const p = f.fracBits + 1;
  const n = bitLength(sig);
  const e0 = exp + n - 1;
  let q = roundSig(sig, n - p, sticky, negative, rm);
  const fullFlags = (rInexact ? FLAG.INEXACT : 0) | (rIncremented ? FLAG.INCREMENTED : 0);
  let e = e0;
  if (q >> BigInt(p) !== 0n) { q >>= 1n; e++; }
  if (e > f.emax) {
    status.flags |= FLAG.OVERFLOW | FLAG.INEXACT;
    status.scaled = packScaled(f, negative, e - f.alpha, q);
    status.scaledFlags = fullFlags;
    const toInfinity = rm === RM.NEAREST_EVEN || rm === RM.NEAREST_AWAY || (rm === RM.UP && !negative)
      || (rm === RM.DOWN && negative);
    if (toInfinity) status.flags |= FLAG.INCREMENTED;
    return toInfinity ? infinity(f, negative) : maxFinite(f, negative);
  }
  if (e0 >= f.emin) {
    status.flags |= fullFlags;
    return packNormal(f, negative, e, q);
  }
  // Subnormal range: round again at the fixed subnormal quantum.
  const tiny = TININESS_BEFORE_ROUNDING ? true : e < f.emin;
  status.scaled = packScaled(f, negative, e + f.alpha, q);
  status.scaledFlags = fullFlags;
  const dq = roundSig(sig, f.emin - f.fracBits - exp, sticky, negative, rm);
  if (tiny) status.flags |= FLAG.UNDERFLOW;
  if (rInexact) status.flags |= FLAG.INEXACT;
  if (rIncremented) status.flags |= FLAG.INCREMENTED;
  // A carry into bit p-1 lands in the exponent field: the smallest normal number.
  return signed(f, negative, dq);
}

/** Quiets a NaN (sets the quiet bit). */
export function quiet(f: BinaryFormat, bits: bigint): bigint {
  return bits | f.quietBit;
}

/**
 * The NaN result of a two-operand operation with a NaN operand: a signaling NaN (quieted,
 * invalid operation) takes precedence over a quiet one, then operand order.
 */
export function propagateNaN(f: BinaryFormat, a: bigint, b: bigint): bigint {
  if (isSignaling(f, a)) { status.flags |= FLAG.INVALID; return quiet(f, a); }
  if (isSignaling(f, b)) { status.flags |= FLAG.INVALID; return quiet(f, b); }
  return isNaN(f, a) ? a : b;
}

export function invalid(f: BinaryFormat): bigint {
  status.flags |= FLAG.INVALID;
  return f.defaultNaN;
}
