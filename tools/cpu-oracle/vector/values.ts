// Operand values and the case record of the vector oracle: 128-bit register contents
// built element by element from edge values (0, 1, all ones, the signed extremes, values
// one off them) and seeded random bits, register choices that reach v16-v31 (the RXB
// bit) and overlap, and the random data window.
import { Rng } from '../bfp/values';

export { Rng };

export interface Case {
  /** Assembler text (GNU as syntax). */
  asm: string;
  /** Vector register inputs (128-bit); the others hold fillVector(n). */
  v: Record<number, bigint>;
  /** General register inputs (0-9); r10 always addresses the window. */
  r: Record<number, bigint>;
  fpc: number;
  cc: number;
  /** Seed of the window contents (layout.ts windowBytes); absent: zeros. */
  ws?: number;
}

const M128 = (1n << 128n) - 1n;

/** Edge values of an element of `bits` bits. */
export function edges(bits: number): bigint[] {
  const max = (1n << BigInt(bits)) - 1n;
  const smax = (1n << BigInt(bits - 1)) - 1n;
  return [0n, 1n, 2n, max, max - 1n, smax, smax + 1n, smax - 1n, smax + 2n, 0x55n & max, 0xaan & max];
}

/** A register of elements of `bits` bits: edge values, small numbers or random bits. */
export function vector(rng: Rng, bits: number, kind: 'edge' | 'random' | 'small' | 'mixed' = 'mixed'): bigint {
  const n = 128 / bits;
  const pool = edges(bits);
  let v = 0n;
  for (let i = 0; i < n; i++) {
    const k = kind === 'mixed' ? rng.pick(['edge', 'random', 'small'] as const) : kind;
    const e = k === 'edge' ? rng.pick(pool) : k === 'small' ? BigInt(rng.int(5)) : rng.bits(bits);
    v = (v << BigInt(bits)) | e;
  }
  return v & M128;
}

/** Element i (size bits) of a 128-bit value. */
export function elementOf(v: bigint, bits: number, i: number): bigint {
  return (v >> BigInt(128 - bits * (i + 1))) & ((1n << BigInt(bits)) - 1n);
}

/** v with element i replaced. */
export function withElement(v: bigint, bits: number, i: number, e: bigint): bigint {
  const sh = BigInt(128 - bits * (i + 1));
  const m = ((1n << BigInt(bits)) - 1n) << sh;
  return (v & ~m & M128) | ((e << sh) & m);
}

/** Distinct vector register numbers (some from v16-v31), occasionally repeating one. */
export function regs(rng: Rng, count: number, allowOverlap = true): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const r = rng.int(32);
    if (out.includes(r) && !(allowOverlap && rng.int(6) === 0)) continue;
    out.push(r);
  }
  return out;
}

/** A nonzero window seed. */
export function seed(rng: Rng): number {
  return 1 + rng.int(0x7fff_fffe);
}

export function hex(v: bigint, digits: number): string {
  return v.toString(16).padStart(digits, '0');
}

export type Gen = (rng: Rng) => Case[];

export function times(n: number, f: (i: number) => Case | Case[]): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < n; i++) out.push(...[f(i)].flat());
  return out;
}

/**
 * A register-only case: `nv` vector operands (fresh registers, inputs of `bits`-bit
 * elements), then the given trailing fields (M values, immediates).
 */
export function vrr(rng: Rng, mn: string, nv: number, fields: readonly (number | string)[], bits: number,
  kind?: 'edge' | 'random' | 'small' | 'mixed'): Case {
  const rs = regs(rng, nv);
  const v: Record<number, bigint> = {};
  for (const n of rs) if (v[n] === undefined) v[n] = vector(rng, bits, kind);
  return { asm: `${mn} ${[...rs.map((n) => `%v${n}`), ...fields].join(',')}`, v, r: {}, fpc: 0, cc: rng.int(4) };
}

/** Bits of an element of size es (0-4). */
export const bitsOf = (es: number): number => 8 << Math.min(es, 4);
