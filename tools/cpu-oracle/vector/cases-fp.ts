// Oracle cases for vector BFP: arithmetic, fused multiply-add forms, square root, load FP
// integer, compares (CC and signaling forms, WFC/WFK), conversions with fixed point,
// lengthen/round, sign operations, test data class and VFMAX/VFMIN, in short, long and
// extended format, vector and single-element (W) forms. Elements come from the BFP
// oracle's special, rounding-sensitive and random values; FPC rounding modes vary and
// the IEEE masks are set where gen.ts finds they do not trap.
import { L, S, X, randomValue, roundingValues, specials, type Fmt } from '../bfp/values';
import { Rng, regs, times, type Case, type Gen } from './values';

const FMT: Record<number, Fmt> = { 2: S, 3: L, 4: X };

/** A register of format-f elements: specials, rounding-sensitive or random values. */
function fpVector(rng: Rng, f: Fmt): bigint {
  let v = 0n;
  const pool = rng.int(2) === 0 ? specials(f) : roundingValues(f);
  for (let i = 0; i < 128 / f.bits; i++) v = (v << BigInt(f.bits)) | (rng.int(3) === 0 ? randomValue(f, rng) : rng.pick(pool));
  return v;
}

/** A register of integers (word or doubleword elements) for the conversions from fixed. */
function intVector(rng: Rng, bits: number): bigint {
  let v = 0n;
  const pool = [0n, 1n, (1n << BigInt(bits)) - 1n, 1n << BigInt(bits - 1), (1n << BigInt(bits - 1)) - 1n, (1n << 53n) + 1n, 3n];
  for (let i = 0; i < 128 / bits; i++) {
    const e = rng.int(2) === 0 ? rng.pick(pool) : rng.bits(bits) >> BigInt(rng.int(bits));
    v = (v << BigInt(bits)) | (e & ((1n << BigInt(bits)) - 1n));
  }
  return v;
}

/** FPC: a rounding mode (0, 1, 2, 3, 7) and random IEEE masks. */
function fpc(rng: Rng): number {
  return ((rng.int(32) << 27) | rng.pick([0, 0, 1, 2, 3, 7])) >>> 0;
}

function fpCase(rng: Rng, mn: string, nv: number, fields: (number | string)[], f: Fmt, ints = 0): Case {
  const rs = regs(rng, nv);
  const v: Record<number, bigint> = {};
  rs.forEach((n, k) => { if (v[n] === undefined) v[n] = k === 0 && nv > 1 ? fpVector(rng, f) : ints ? intVector(rng, ints) : fpVector(rng, f); });
  return { asm: `${mn} ${[...rs.map((n) => `%v${n}`), ...fields].join(',')}`, v, r: {}, fpc: fpc(rng), cc: rng.int(4) };
}

/** Formats and SE values: long and short and extended (extended only with SE). */
const FORMS: [number, number][] = [[3, 0], [3, 8], [2, 0], [2, 8], [4, 8]];

/** VRR-c arithmetic: format M4, SE M5; invalid formats and reserved M5 bits too. */
const arith = (mn: string, n: number): Gen => (rng) => [
  ...FORMS.flatMap(([fpf, se]) => times(n, () => fpCase(rng, mn, 3, [fpf, se], FMT[fpf]))),
  fpCase(rng, mn, 3, [1, 0], L), fpCase(rng, mn, 3, [5, 0], L), fpCase(rng, mn, 3, [3, 4], L), fpCase(rng, mn, 3, [4, 0], X),
];

/** VRR-e: SE M5, format M6. */
const fused = (mn: string): Gen => (rng) => [
  ...FORMS.flatMap(([fpf, se]) => times(14, () => fpCase(rng, mn, 4, [se, fpf], FMT[fpf]))),
  fpCase(rng, mn, 4, [0, 1], L), fpCase(rng, mn, 4, [2, 3], L),
];

/** VRR-a unary with format M3, flags M4 (and rounding M5 when `rounding`). */
const unary = (mn: string, n: number, rounding: boolean, xxc: boolean): Gen => (rng) => [
  ...FORMS.flatMap(([fpf, se]) => times(n, (i) => {
    const m4 = se | (xxc && i % 2 === 1 ? 4 : 0);
    const m5 = [0, 1, 3, 4, 5, 6, 7][i % 7];
    return fpCase(rng, mn, 2, rounding ? [fpf, m4, m5] : [fpf, m4], FMT[fpf]);
  })),
  fpCase(rng, mn, 2, rounding ? [3, 0, 2] : [3, 2], L), fpCase(rng, mn, 2, rounding ? [3, 0, 9] : [1, 0], L),
];

/** Compares: format M4, SE/SQ M5, CS M6. */
const compare = (mn: string): Gen => (rng) => [
  ...FORMS.flatMap(([fpf, se]) => times(10, (i) => {
    const c = fpCase(rng, mn, 3, [fpf, se | (i % 3 === 2 ? 4 : 0), i % 2], FMT[fpf]);
    if (i % 4 === 0) { const rs = Object.keys(c.v).map(Number); if (rs.length > 2) c.v[rs[2]] = c.v[rs[1]]; }
    return c;
  })),
  fpCase(rng, mn, 3, [3, 2, 1], L), fpCase(rng, mn, 3, [3, 0, 2], L),
];

const scalarCompare = (mn: string): Gen => (rng) => [
  ...[3, 2, 4].flatMap((fpf) => times(14, (i) => {
    const c = fpCase(rng, mn, 2, [fpf, 0], FMT[fpf]);
    if (i % 4 === 0) { const rs = Object.keys(c.v).map(Number); if (rs.length > 1) c.v[rs[1]] = c.v[rs[0]]; }
    return c;
  })),
  fpCase(rng, mn, 2, [3, 1], L), fpCase(rng, mn, 2, [1, 0], L),
];

/** Conversions: format M3 (2 word/short, 3 doubleword/long), XxC and SE in M4, rounding M5. */
const convert = (mn: string, fromInt: boolean): Gen => (rng) => [
  ...[[3, 0], [3, 8], [2, 0], [2, 8]].flatMap(([fpf, se]) => times(14, (i) => {
    const f = FMT[fpf];
    return fpCase(rng, mn, 2, [fpf, se | (i % 2 ? 4 : 0), [0, 1, 3, 4, 5, 6, 7][i % 7]], f, fromInt ? f.bits : 0);
  })),
  fpCase(rng, mn, 2, [4, 8, 0], X), fpCase(rng, mn, 2, [3, 0, 2], L),
];

const lengthen: Gen = (rng) => [
  ...times(14, (i) => fpCase(rng, 'vlde', 2, [2, i % 2 ? 8 : 0], S)),
  ...times(14, () => fpCase(rng, 'vlde', 2, [3, 8], L)),
  fpCase(rng, 'vlde', 2, [4, 8], X), fpCase(rng, 'vlde', 2, [2, 1], S),
];

const round: Gen = (rng) => [
  ...times(20, (i) => fpCase(rng, 'vled', 2, [3, (i % 2 ? 8 : 0) | (i % 4 > 1 ? 4 : 0), [0, 1, 3, 4, 5, 6, 7][i % 7]], L)),
  ...times(14, (i) => fpCase(rng, 'vled', 2, [4, 8 | (i % 2 ? 4 : 0), [0, 1, 3, 4, 5, 6, 7][i % 7]], X)),
  fpCase(rng, 'vled', 2, [2, 0, 0], S), fpCase(rng, 'vled', 2, [3, 0, 2], L),
];

const signOp: Gen = (rng) => [
  ...FORMS.flatMap(([fpf, se]) => times(6, (i) => fpCase(rng, 'vfpso', 2, [fpf, se, i % 3], FMT[fpf]))),
  fpCase(rng, 'vfpso', 2, [3, 0, 3], L),
];

const testClass: Gen = (rng) => [
  ...FORMS.flatMap(([fpf, se]) => times(8, (i) => fpCase(rng, 'vftci', 2, [i === 0 ? 0xfff : rng.int(4096), fpf, se], FMT[fpf]))),
];

const minMax = (mn: string): Gen => (rng) => [
  ...[0, 1, 2, 3, 4, 8, 9, 10, 11, 12].flatMap((m6) => FORMS.flatMap(([fpf, se]) => times(3, (i) => {
    const c = fpCase(rng, mn, 3, [fpf, se, m6], FMT[fpf]);
    if (i === 2) { const rs = Object.keys(c.v).map(Number); if (rs.length > 2) c.v[rs[2]] = c.v[rs[1]] ^ (1n << BigInt(FMT[fpf].bits - 1)); }
    return c;
  }))),
  fpCase(rng, mn, 3, [3, 0, 5], L), fpCase(rng, mn, 3, [3, 0, 13], L),
];

export function fpCases(rng: Rng): Case[] {
  const gens: Gen[] = [
    arith('vfa', 16), arith('vfs', 12), arith('vfm', 16), arith('vfd', 16),
    fused('vfma'), fused('vfms'), fused('vfnma'), fused('vfnms'),
    unary('vfsq', 12, false, false), unary('vfi', 14, true, true),
    compare('vfce'), compare('vfch'), compare('vfche'), scalarCompare('wfc'), scalarCompare('wfk'),
    convert('vcdg', true), convert('vcdlg', true), convert('vcgd', false), convert('vclgd', false),
    lengthen, round, signOp, testClass, minMax('vfmax'), minMax('vfmin'),
  ];
  return gens.flatMap((g) => g(rng));
}
