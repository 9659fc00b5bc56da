// Seeded pseudo-random numbers and operand values for the differential test generator:
// the same seed always yields the same kernels, so regenerated sources diff cleanly.
// Values mix architectural edge cases (sign boundaries, carries, NaNs, subnormals) with
// uniformly random bits. BigInt is fine here: this runs at generation time only.

/** xoshiro128** over 32-bit words, seeded through splitmix32. */
export class Rng {
  private s = new Uint32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  u32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((this.u32() / 2 ** 32) * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  /** A value with only a few random bits set (sparse patterns expose carry bugs). */
  sparse64(): bigint {
    let v = 0n;
    for (let n = this.int(1, 4); n > 0; n--) v |= 1n << BigInt(this.int(0, 63));
    return v;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const M64 = (1n << 64n) - 1n;
export const u64 = (v: bigint): bigint => v & M64;

/** Edge values for 64-bit operands (as unsigned patterns). */
const EDGE64: readonly bigint[] = [
  0n, 1n, 2n, M64, M64 - 1n, 0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0x8000_0000_0000_0001n,
  0xffff_ffffn, 0x8000_0000n, 0x7fff_ffffn, 0x1_0000_0000n, 0xffff_ffff_8000_0000n, 0xffff_ffff_7fff_ffffn,
  0x0000_0001_ffff_ffffn, 0x0123_4567_89ab_cdefn, 0xffffn, 0x8000n, 0x7fffn, 0xffn, 0x80n,
];
/** Edge values for the low 32 bits (the high half is left random). */
const EDGE32: readonly number[] = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffff, 0x8000, 0x7fff,
  0xffff8000, 0xff, 0x80, 0x10000];

/** A general-register operand value. */
export function gprValue(rng: Rng): bigint {
  switch (rng.int(0, 6)) {
    case 0: case 1: return rng.pick(EDGE64);
    case 2: return (rng.u64() & 0xffff_ffff_0000_0000n) | BigInt(rng.pick(EDGE32));
    case 3: return u64(BigInt(rng.int(-300, 300)));
    case 4: return rng.sparse64();
    case 5: return (rng.u64() & 0xffff_ffff_0000_0000n) | BigInt(rng.u32());
    default: return rng.u64();
  }
}

/** An immediate of `bits` bits, signed or unsigned, with its range edges favoured. */
export function immediate(rng: Rng, bits: number, signed: boolean): number {
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const edges = signed ? [0, 1, -1, max, min, 2, -2] : [0, 1, max, max >>> 1 || 1, (max >>> 1) + 1, 2];
  if (rng.chance(0.35)) return rng.pick(edges);
  if (rng.chance(0.3)) return Math.max(min, Math.min(max, rng.int(-20, 20)));
  return min + Math.floor((rng.u32() / 2 ** 32) * (max - min + 1));
}

// ---- binary floating point ---------------------------------------------------------

export type FpType = 'E' | 'D' | 'X';

const LONG_EDGES: readonly bigint[] = [
  0x0000_0000_0000_0000n, 0x8000_0000_0000_0000n, // +0, -0
  0x3ff0_0000_0000_0000n, 0xbff0_0000_0000_0000n, // 1, -1
  0x3fe0_0000_0000_0000n, 0x3ff8_0000_0000_0000n, 0x4004_0000_0000_0000n, 0xc004_0000_0000_0000n, // .5 1.5 2.5 -2.5
  0x400c_0000_0000_0000n, 0x4008_0000_0000_0000n, // 3.5, 3
  0x7ff0_0000_0000_0000n, 0xfff0_0000_0000_0000n, // +-inf
  0x7ff8_0000_0000_0000n, 0xfff8_0000_0000_0001n, // quiet NaNs
  0x7ff4_0000_0000_0000n, 0x7ff0_0000_0000_0001n, // signaling NaNs
  0x0000_0000_0000_0001n, 0x000f_ffff_ffff_ffffn, 0x8000_0000_0000_0001n, // subnormals
  0x0010_0000_0000_0000n, 0x7fef_ffff_ffff_ffffn, 0xffef_ffff_ffff_ffffn, // min normal, +-max
  0x43e0_0000_0000_0000n, 0xc3e0_0000_0000_0000n, 0x43f0_0000_0000_0000n, // 2^63, -2^63, 2^64
  0x41e0_0000_0000_0000n, 0xc1e0_0000_0000_0000n, 0x41df_ffff_ffc0_0000n, // 2^31, -2^31, 2^31-1
  0x41ef_ffff_ffe0_0000n, 0x41ef_ffff_fff0_0000n, 0xc1e0_0000_0010_0000n, // 2^32-1, 2^32-.5, -2^31-.5
  0x4340_0000_0000_0000n, 0x4340_0000_0000_0001n, 0x3fb9_9999_9999_999an, // 2^53, 2^53+2, 0.1
];
const SHORT_EDGES: readonly number[] = [
  0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x40600000,
  0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7fa00000, 0x7f800001, 0x00000001, 0x007fffff, 0x80000001,
  0x00800000, 0x7f7fffff, 0xff7fffff, 0x5f000000, 0xdf000000, 0x4f000000, 0xcf000000, 0x4f7fffff, 0x3dcccccd,
  0x4b800000, 0x4b800001,
];

/** A random finite value with a moderate exponent, so arithmetic stays interesting. */
function moderateLong(rng: Rng): bigint {
  const sign = rng.chance(0.5) ? 1n : 0n;
  const exp = BigInt(1023 + rng.int(-70, 70));
  return (sign << 63n) | (exp << 52n) | (rng.u64() & 0xf_ffff_ffff_ffffn);
}

function moderateShort(rng: Rng): number {
  const sign = rng.chance(0.5) ? 0x80000000 : 0;
  const exp = 127 + rng.int(-30, 30);
  return (sign | (exp << 23) | (rng.u32() & 0x7fffff)) >>> 0;
}

/** Small integers and halves as long BFP (conversions and rounding care about them). */
function integralLong(rng: Rng): bigint {
  const v = rng.int(-1000, 1000) / (rng.chance(0.5) ? 1 : 2);
  return doubleBits(v);
}

export function doubleBits(v: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return dv.getBigUint64(0);
}

function floatBitsOf(v: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, v);
  return dv.getUint32(0);
}

/** A long (64-bit) BFP pattern. */
export function longValue(rng: Rng): bigint {
  switch (rng.int(0, 5)) {
    case 0: case 1: return rng.pick(LONG_EDGES);
    case 2: return integralLong(rng);
    case 3: case 4: return moderateLong(rng);
    default: return rng.u64();
  }
}

/** A short (32-bit) BFP pattern. */
export function shortValue(rng: Rng): number {
  switch (rng.int(0, 5)) {
    case 0: case 1: return rng.pick(SHORT_EDGES);
    case 2: return floatBitsOf(rng.int(-1000, 1000) / (rng.chance(0.5) ? 1 : 2));
    case 3: case 4: return moderateShort(rng);
    default: return rng.u32();
  }
}

/** Widens a long BFP pattern to extended (binary128) exactly; returns [high, low] doublewords. */
export function longToExtended(bits: bigint): [bigint, bigint] {
  const sign = bits >> 63n;
  let exp = (bits >> 52n) & 0x7ffn;
  let frac = bits & 0xf_ffff_ffff_ffffn;
  let e128: bigint;
  if (exp === 0x7ffn) {
    e128 = 0x7fffn;
  } else if (exp === 0n && frac === 0n) {
    e128 = 0n;
  } else {
    if (exp === 0n) {
      // Subnormal long: normalise into the wider exponent range.
      exp = 1n;
      while ((frac & (1n << 52n)) === 0n) { frac <<= 1n; exp -= 1n; }
      frac &= 0xf_ffff_ffff_ffffn;
    }
    e128 = exp - 1023n + 16383n;
  }
  const f128 = frac << 60n;
  const hi = (sign << 63n) | (e128 << 48n) | (f128 >> 64n);
  return [hi, f128 & M64];
}

/** An extended (128-bit) BFP pattern as [high, low] doublewords. */
export function extendedValue(rng: Rng): [bigint, bigint] {
  switch (rng.int(0, 5)) {
    case 0: case 1: case 2: return longToExtended(rng.chance(0.5) ? rng.pick(LONG_EDGES) : integralLong(rng));
    case 3: {
      const [hi, lo] = longToExtended(moderateLong(rng));
      return [hi, lo | (rng.u64() & 0x0fff_ffff_ffff_ffffn)];
    }
    case 4: {
      const sign = rng.chance(0.5) ? 1n : 0n;
      const exp = BigInt(16383 + rng.int(-200, 200));
      return [(sign << 63n) | (exp << 48n) | (rng.u64() & 0xffff_ffff_ffffn), rng.u64()];
    }
    default: return [rng.u64(), rng.u64()];
  }
}

/** A valid packed-decimal field of `bytes` bytes (digits, then a sign nibble). */
export function packedDecimal(rng: Rng, bytes: number): number[] {
  const out: number[] = [];
  const digits = 2 * bytes - 1;
  const used = rng.int(0, digits);
  const nibbles: number[] = [];
  for (let i = 0; i < digits; i++) nibbles.push(i >= digits - used ? rng.int(0, 9) : 0);
  nibbles.push(rng.pick([0xc, 0xd, 0xf, 0xa, 0xb, 0xe]));
  for (let i = 0; i < nibbles.length; i += 2) out.push((nibbles[i] << 4) | nibbles[i + 1]);
  return out;
}

/** A 128-bit vector register value as [left, right] doublewords, mixing element shapes. */
export function vectorValue(rng: Rng): [bigint, bigint] {
  switch (rng.int(0, 5)) {
    case 0: return [rng.u64(), rng.u64()];
    case 1: return [gprValue(rng), gprValue(rng)];
    case 2: {
      // Word lanes with edge values (sign, carry and saturation boundaries).
      const lane = (): bigint => BigInt(rng.pick(EDGE32)) | 0n;
      return [(lane() << 32n) | lane(), (lane() << 32n) | lane()];
    }
    case 3: {
      // Byte lanes: small values, zeros and 0x80/0xff.
      let hi = 0n;
      let lo = 0n;
      for (let i = 0; i < 8; i++) {
        hi = (hi << 8n) | BigInt(rng.pick([0, 1, 0x7f, 0x80, 0xff, rng.int(0, 255), 0x41, 0x20]));
        lo = (lo << 8n) | BigInt(rng.pick([0, 1, 0x7f, 0x80, 0xff, rng.int(0, 255), 0x41, 0x20]));
      }
      return [hi, lo];
    }
    case 4: return [longValue(rng), longValue(rng)];
    default: return [rng.sparse64(), rng.sparse64()];
  }
}
