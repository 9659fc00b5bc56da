// DIVIDE TO INTEGER, short and long BFP (DIEBR, DIDBR; PoP "Binary-Floating-Point
// Instructions"): the dividend (R1) divided by the divisor (R2) gives an integer quotient
// (into R3, rounded by the method in M4) and the remainder dividend - divisor*quotient
// (into R1, rounded by the FPC mode; normally exact). When the integer quotient needs
// more than p bits (24 or 53) a partial quotient -- the precise quotient truncated to p
// bits -- and its exact partial remainder are delivered with CC 2, so that repeating the
// instruction continues the division; a quotient beyond the format's range is delivered
// scaled (CC 1, or 3 when partial). Computed on exact BigInt significands.
import type { Handler, HandlerTable } from './decoded';
import { fieldRoundingMode, fpcRoundingMode, ieeeDone, ieeeResult, readFpr, specification, writeFpr } from './bfp-common';
import {
  CLS, FLAG, LONG, RM, SHORT, bitLength, clearStatus, quiet, roundPack, signed, status, unpack,
  type BinaryFormat, type RoundingMode,
} from './softfloat';

/** CC bits: quotient overflow (scaled quotient) and partial results. */
const CC_OVERFLOW = 1, CC_PARTIAL = 2;

/** `num / den` (positive) rounded to an integer by `rm`; `negative` is the quotient's sign. */
function roundQuotient(num: bigint, den: bigint, negative: boolean, rm: RoundingMode): bigint {
  const q = num / den, rem = num % den;
  if (rem === 0n) return q;
  const twice = 2n * rem;
  switch (rm) {
    case RM.NEAREST_EVEN: return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
    case RM.NEAREST_AWAY: return twice >= den ? q + 1n : q;
    case RM.TOWARD_ZERO: return q;
    case RM.UP: return negative ? q : q + 1n;
    case RM.DOWN: return negative ? q + 1n : q;
    default: return q | 1n; // prepare for shorter precision: truncate, then force the last bit on
  }
}

/** Keeps the leading `p` bits of n (truncation toward zero). */
function truncateBits(n: bigint, p: number): bigint {
  const excess = bitLength(n) - p;
  return excess > 0 ? (n >> BigInt(excess)) << BigInt(excess) : n;
}

interface Results { remainder: bigint; quotient: bigint; cc: number }

/** Both operands finite and nonzero. */
function divideFinite(f: BinaryFormat, a: bigint, b: bigint, quotientRm: RoundingMode, rm: RoundingMode): Results {
  const x = unpack(f, a), y = unpack(f, b);
  const negative = x.sign !== y.sign;
  const k = x.exp - y.exp;
  const num = k >= 0 ? x.sig << BigInt(k) : x.sig;
  const den = k >= 0 ? y.sig : y.sig << BigInt(-k);
  const p = f.fracBits + 1;
  let n = roundQuotient(num, den, negative, quotientRm);
  let cc = 0;
  // Integral quotients always fit in p bits; a fraction beyond 2^p makes the result partial.
  const partial = bitLength(n) > p && !(n === 1n << BigInt(p)) && num % den !== 0n;
  if (partial) {
    n = truncateBits(num / den, p);
    cc |= CC_PARTIAL;
  }
  // The quotient as a float: exact, unless beyond the largest exponent (then scaled).
  let quotient: bigint;
  if (n === 0n) {
    quotient = signed(f, negative, 0n);
  } else if (bitLength(n) - 1 > f.emax) {
    n = truncateBits(num / den, p);
    cc = CC_OVERFLOW;
    quotient = scaledInteger(f, negative, n);
  } else {
    const saved = status.flags;
    quotient = roundPack(f, negative, n, 0, false, RM.TOWARD_ZERO);
    status.flags = saved;
  }
  // remainder = a - b*n, exactly, on the finer of the two exponents.
  const e = Math.min(x.exp, y.exp);
  const ai = (x.sig << BigInt(x.exp - e)) * (x.sign ? -1n : 1n);
  const bi = (y.sig << BigInt(y.exp - e)) * (y.sign ? -1n : 1n);
  const r = ai - bi * (negative ? -n : n);
  if (cc === CC_OVERFLOW && r !== 0n) cc |= CC_PARTIAL;
  if (r === 0n) return { remainder: signed(f, x.sign, 0n), quotient, cc };
  return { remainder: roundPack(f, r < 0n, r < 0n ? -r : r, e, false, rm), quotient, cc };
}

/** An integer beyond the format's range, packed with its exponent reduced by alpha. */
function scaledInteger(f: BinaryFormat, negative: boolean, n: bigint): bigint {
  const p = f.fracBits + 1;
  const e = bitLength(n) - 1 - f.alpha;
  const sig = n >> BigInt(bitLength(n) - p);
  return signed(f, negative, (BigInt(e + f.bias) << BigInt(f.fracBits)) | (sig & f.fracMask));
}

function divideToInteger(f: BinaryFormat, a: bigint, b: bigint, quotientRm: RoundingMode, rm: RoundingMode): Results {
  const x = unpack(f, a), y = unpack(f, b);
  // NaNs first (signaling before quiet, dividend before divisor): both results are the NaN.
  for (const [u, bits] of [[x, a], [y, b]] as const) {
    if (u.cls === CLS.SNAN) { status.flags |= FLAG.INVALID; const q = quiet(f, bits); return { remainder: q, quotient: q, cc: 1 }; }
  }
  for (const [u, bits] of [[x, a], [y, b]] as const) if (u.cls === CLS.QNAN) return { remainder: bits, quotient: bits, cc: 1 };
  if (x.cls === CLS.INF || y.cls === CLS.ZERO) {
    status.flags |= FLAG.INVALID;
    return { remainder: f.defaultNaN, quotient: f.defaultNaN, cc: 1 };
  }
  // A zero dividend or an infinite divisor: the dividend is the remainder, the quotient zero.
  if (x.cls === CLS.ZERO || y.cls === CLS.INF) return { remainder: a, quotient: signed(f, x.sign !== y.sign, 0n), cc: 0 };
  return divideFinite(f, a, b, quotientRm, rm);
}

function handler(f: BinaryFormat): Handler {
  return (cpu, d) => {
    if (d.r1 === d.r2 || d.r2 === d.r3 || d.r1 === d.r3) throw specification();
    const quotientRm = fieldRoundingMode(cpu, d.m4);
    const a = readFpr(cpu, f, d.r1), b = readFpr(cpu, f, d.r2);
    clearStatus();
    const res = divideToInteger(f, a, b, quotientRm, fpcRoundingMode(cpu));
    // IEEE conditions come from the remainder (and invalid operands); an invalid trap
    // suppresses the instruction, the others complete it.
    const remainder = ieeeResult(cpu, res.remainder);
    writeFpr(cpu, f, d.r1, remainder);
    writeFpr(cpu, f, d.r3, res.quotient);
    cpu.cc = res.cc;
    ieeeDone();
  };
}

export const BFP_DIVIDE_INTEGER_HANDLERS: HandlerTable = {
  diebr: handler(SHORT),
  didbr: handler(LONG),
};
