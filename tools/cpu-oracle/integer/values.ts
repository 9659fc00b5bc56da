// Operand values for the integer oracle cases: edge values of each width (zero, one,
// minus one, the signed and unsigned extremes, carry boundaries) and a reproducible
// random source, so regenerating the golden data gives the same cases.

export const M32 = 0xffff_ffffn;
export const M64 = 0xffff_ffff_ffff_ffffn;

/** 32-bit edge values (as unsigned bit patterns). */
export const E32: readonly bigint[] = [0n, 1n, 2n, 0x7fff_ffffn, 0x8000_0000n, 0x8000_0001n, 0xffff_ffffn, 0xffff_fffen,
  0x7fff_fffen, 0x8000n, 0xffffn, 0x7fffn, 0xffff_8000n, 0x1234_5678n, 0xfedc_ba98n];
/** The values every binary 32-bit operation is crossed with. */
export const CORE32: readonly bigint[] = [0n, 1n, 0xffff_ffffn, 0x7fff_ffffn, 0x8000_0000n];

/** 64-bit edge values. */
export const E64: readonly bigint[] = [0n, 1n, 2n, M64, M64 - 1n, 0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n,
  0x8000_0000_0000_0001n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n, 0xffff_ffff_8000_0000n,
  0x0123_4567_89ab_cdefn, 0xfedc_ba98_7654_3210n];
export const CORE64: readonly bigint[] = [0n, 1n, M64, 0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0xffff_ffffn];

/** Signed 16-bit immediates (as numbers). */
export const I16: readonly number[] = [0, 1, -1, 0x7fff, -0x8000, 2, -2, 0x1234];
/** Signed 32-bit immediates. */
export const I32: readonly number[] = [0, 1, -1, 0x7fff_ffff, -0x8000_0000, 0x8000, -0x8001, 0x1234_5678];
/** Unsigned 32-bit immediates. */
export const U32: readonly number[] = [0, 1, 0xffff_ffff, 0x7fff_ffff, 0x8000_0000, 0xffff, 0x1234_5678];
/** Unsigned 16-bit immediates. */
export const U16: readonly number[] = [0, 1, 0xffff, 0x7fff, 0x8000, 0x1234];
/** Signed 8-bit immediates. */
export const I8: readonly number[] = [0, 1, -1, 0x7f, -0x80, 5];
/** Unsigned 8-bit immediates. */
export const U8: readonly number[] = [0, 1, 0xff, 0x7f, 0x80];

/** xorshift64 with a fixed seed: reproducible cases. */
let state = 0x4b55_4c49_494e_5431n;
export function rand64(): bigint {
  state ^= (state << 13n) & M64;
  state ^= state >> 7n;
  state ^= (state << 17n) & M64;
  return state;
}
export function rand32(): bigint {
  return rand64() & M32;
}
export function randInt(n: number): number {
  return Number(rand64() % BigInt(n));
}
export function pick<T>(xs: readonly T[]): T {
  return xs[randInt(xs.length)];
}

/** A random 32-bit value, half the time an edge value. */
export function some32(): bigint {
  return randInt(2) === 0 ? pick(E32) : rand32();
}
/** A random 64-bit value: an edge, a sign-extended 32-bit value, or random bits. */
export function some64(): bigint {
  switch (randInt(4)) {
    case 0: return pick(E64);
    case 1: return BigInt.asUintN(64, BigInt.asIntN(32, rand32()));
    default: return rand64();
  }
}

/** Sign-extends the low `bits` of v to a 64-bit pattern. */
export function sext(v: bigint, bits: number): bigint {
  return BigInt.asUintN(64, BigInt.asIntN(bits, v));
}

/** Big-endian bytes of the low `size` bytes of v. */
export function bytesOf(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(rand64() & 0xffn);
  return out;
}
