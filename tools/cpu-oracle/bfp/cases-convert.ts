// Oracle cases for BFP conversions: load lengthened/rounded, convert from/to fixed and
// logical, load FP integer and test data class, under every rounding method of M3 (and of
// the FPC for M3 = 0), with inexact suppression on and off and with masks on.
import { encode, memWith, place, type Case } from './case';
import { FPC_MASKS } from './cases-arith';
import { L, Rng, S, X, fromNumber, make, num, randomValue, specials, type Fmt } from './values';

const M3S = [0, 1, 3, 4, 5, 6, 7];
const FPC_RMS = [0, 1, 2, 3, 7];

/** Every (fpc, m3, m4) combination tried for a rounding conversion. */
function modes(i: number): { fpc: number; m3: number; m4: number }[] {
  const out: { fpc: number; m3: number; m4: number }[] = [];
  for (const m3 of M3S) for (const m4 of [0, 4]) out.push({ fpc: m3 === 0 ? FPC_RMS[(i + m4) % 5] : 0, m3, m4 });
  out.push({ fpc: FPC_MASKS, m3: 0, m4: 0 }, { fpc: FPC_MASKS | 1, m3: 5, m4: 4 }, { fpc: 0x0800_0000, m3: 6, m4: 0 });
  return out;
}

const bias = (f: Fmt): number => (1 << (f.expBits - 1)) - 1;
const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

/** Values of `src` around the limits and rounding points of the shorter format `to`. */
function boundaries(src: Fmt, to: Fmt): bigint[] {
  const d = src.fracBits - to.fracBits;
  const top = ones(to.fracBits) << BigInt(d);
  const emax = bias(to), emin = 1 - bias(to);
  const half = 1n << BigInt(d - 1);
  return [
    make(src, false, emax + bias(src), top), make(src, true, emax + bias(src), top | half),
    make(src, false, emax + bias(src), top | (half >> 1n)), num(src, false, emax + 1),
    num(src, false, emin), make(src, true, emin - 1 + bias(src), ones(src.fracBits)),
    num(src, false, emin - 3, 0x5n, 3), num(src, true, emin - to.fracBits - 1), num(src, false, emin - to.fracBits - 1, 1n, 2),
    num(src, false, emin - to.fracBits - 30),
    make(src, false, bias(src), half), make(src, false, bias(src), 3n * half), make(src, true, bias(src), half + 1n),
    make(src, false, bias(src), (1n << BigInt(d)) - 1n), make(src, true, bias(src) + 5, 5n * half),
  ];
}

function unary(mn: string, src: Fmt, values: bigint[], modeList: { fpc: number; m3?: number; m4?: number }[],
  extra: Record<string, number> = {}, to?: Fmt): Case[] {
  const out: Case[] = [];
  values.forEach((v, i) => {
    for (const m of modeList) {
      const f: Record<number, bigint> = {};
      place(src, 1, v, f);
      if (to === X) place(X, 4, 0x1111_2222_3333_4444_5555_6666_7777_8888n, f);
      const fields: Record<string, number> = { R1: 4, R2: 1, ...extra };
      if (m.m3 !== undefined) fields.M3 = m.m3;
      if (m.m4 !== undefined) fields.M4 = m.m4;
      out.push({ mn, insn: encode(mn, fields), fpc: m.fpc, cc: (out.length + i) & 3, f, r: {} });
    }
  });
  return out;
}

function randoms(f: Fmt, seed: number, n: number): bigint[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => randomValue(f, rng));
}

function lengthenCases(): Case[] {
  const out: Case[] = [];
  const simple = [{ fpc: 0 }, { fpc: FPC_MASKS }];
  for (const [mn, from, to] of [['ldebr', S, L], ['lxdbr', L, X], ['lxebr', S, X]] as const) {
    out.push(...unary(mn, from, [...specials(from), ...randoms(from, mn.length, 8)], simple, {}, to));
  }
  for (const [mn, from] of [['ldeb', S], ['lxdb', L], ['lxeb', S]] as const) {
    for (const v of specials(from).slice(0, 10)) {
      for (const fpc of [0, FPC_MASKS]) out.push({ mn, insn: encode(mn, { R1: 4, B2: 10 }), fpc, cc: 1, f: {}, r: {}, mem: memWith(from, v) });
    }
  }
  return out;
}

function shortenCases(): Case[] {
  const out: Case[] = [];
  for (const [mn, from, to] of [['ledbra', L, S], ['ldxbra', X, L], ['lexbra', X, S]] as const) {
    const values = [...specials(from), ...boundaries(from, to), ...randoms(from, 7, 6)];
    values.forEach((v, i) => out.push(...unary(mn, from, [v], modes(i))));
    out.push(...unary(mn, from, [values[13]], [{ fpc: 0, m3: 2, m4: 0 }, { fpc: 0, m3: 8, m4: 0 }, { fpc: 0, m3: 15, m4: 0 }]));
    if (from === X) out.push(...unary(mn, from, [values[13]], [{ fpc: 0 }], { R2: 3 }), ...unary(mn, from, [values[13]], [{ fpc: 0 }], { R1: 6 }));
  }
  for (const mn of ['ledbr', 'ldxbr', 'lexbr']) {
    const from = mn === 'ledbr' ? L : X;
    out.push(...unary(mn, from, boundaries(from, mn === 'ldxbr' ? L : S), [{ fpc: 0 }, { fpc: 3 }]));
  }
  return out;
}

const INTS: bigint[] = [0n, 1n, -1n, 0x7fff_ffffn, -0x8000_0000n, 0x0100_0001n, 0x0100_0003n, 0xffff_ffffn,
  (1n << 53n) + 1n, (1n << 63n) - 1n, -(1n << 63n), (1n << 64n) - 1n, 0x0020_0000_0000_0001n, -0x0000_0000_0300_0005n,
  0x7fff_ff80_0000_0000n, 123456789n];

function fromFixedCases(): Case[] {
  const out: Case[] = [];
  const rng = new Rng(77);
  const values = [...INTS, ...Array.from({ length: 6 }, () => rng.bits(64))];
  for (const to of ['e', 'd', 'x']) {
    const fmt = to === 'e' ? S : to === 'd' ? L : X;
    for (const mn of [`c${to}fbra`, `c${to}gbra`, `c${to}lfbr`, `c${to}lgbr`]) {
      values.forEach((v, i) => {
        for (const m of modes(i)) {
          const f: Record<number, bigint> = {};
          place(fmt, 4, 0x1111_2222_3333_4444_5555_6666_7777_8888n >> BigInt(128 - fmt.bits), f);
          out.push({ mn, insn: encode(mn, { R1: 4, R2: 7, M3: m.m3, M4: m.m4 }), fpc: m.fpc, cc: i & 3, f, r: { 7: BigInt.asUintN(64, v) } });
        }
      });
      out.push({ mn, insn: encode(mn, { R1: 4, R2: 7, M3: 2, M4: 0 }), fpc: 0, cc: 0, f: {}, r: { 7: 5n } });
    }
    for (const mn of [`c${to}fbr`, `c${to}gbr`]) {
      for (const v of INTS) for (const fpc of [0, 1, 2, 3, 7, FPC_MASKS]) {
        out.push({ mn, insn: encode(mn, { R1: 4, R2: 7 }), fpc, cc: 2, f: {}, r: { 7: BigInt.asUintN(64, v) } });
      }
    }
  }
  out.push({ mn: 'cxfbra', insn: encode('cxfbra', { R1: 2, R2: 7, M3: 0, M4: 0 }), fpc: 0, cc: 0, f: {}, r: { 7: 5n } });
  return out;
}

/** Values around integer limits and halfway points, in format f. */
function nearIntegers(f: Fmt): bigint[] {
  const xs = [0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49, -0.75, 3.7, -1, 2 ** 31 - 0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31),
    -(2 ** 31) - 0.5, -(2 ** 31) - 1, 2 ** 32 - 0.5, 2 ** 32 - 1, 2 ** 32, 2 ** 63, -(2 ** 63), 2 ** 64, 2 ** 64 - 2048,
    -(2 ** 63) - 4096, 9007199254740993, 4503599627370497.5, 1e300, -1e-300];
  return [...xs.map((x) => fromNumber(f, x)), ...specials(f)];
}

function toFixedCases(): Case[] {
  const out: Case[] = [];
  for (const [l, fmt] of [['e', S], ['d', L], ['x', X]] as const) {
    for (const mn of [`cf${l}bra`, `cg${l}bra`, `clf${l}br`, `clg${l}br`]) {
      nearIntegers(fmt).forEach((v, i) => {
        for (const m of modes(i)) {
          const f: Record<number, bigint> = {};
          place(fmt, 1, v, f);
          out.push({ mn, insn: encode(mn, { R1: 3, R2: 1, M3: m.m3, M4: m.m4 }), fpc: m.fpc, cc: i & 3, f, r: {} });
        }
      });
      out.push({ mn, insn: encode(mn, { R1: 3, R2: 1, M3: 2, M4: 0 }), fpc: 0, cc: 0, f: {}, r: {} });
    }
  }
  out.push({ mn: 'cfxbra', insn: encode('cfxbra', { R1: 3, R2: 3, M3: 0, M4: 0 }), fpc: 0, cc: 0, f: {}, r: {} });
  return out;
}

function fpIntegerCases(): Case[] {
  const out: Case[] = [];
  for (const [mn, fmt] of [['fiebra', S], ['fidbra', L], ['fixbra', X]] as const) {
    const values = [...nearIntegers(fmt), ...randoms(fmt, 5, 6)];
    values.forEach((v, i) => out.push(...unary(mn, fmt, [v], modes(i))));
    out.push(...unary(mn, fmt, [values[0]], [{ fpc: 0, m3: 2, m4: 0 }]));
  }
  for (const [mn, fmt] of [['fiebr', S], ['fidbr', L], ['fixbr', X]] as const) {
    out.push(...unary(mn, fmt, nearIntegers(fmt).slice(0, 10), [{ fpc: 0, m3: 0 }, { fpc: 0, m3: 1 }, { fpc: 3, m3: 0 }, { fpc: 0x0800_0000, m3: 4 }]));
  }
  return out;
}

function testDataClassCases(): Case[] {
  const out: Case[] = [];
  for (const [mn, fmt] of [['tceb', S], ['tcdb', L], ['tcxb', X]] as const) {
    for (const v of specials(fmt)) {
      for (const mask of [0xfff, 0x0, 0xaaa, 0x555, 0x30c, 0x0f0]) {
        const f: Record<number, bigint> = {};
        place(fmt, 4, v, f);
        out.push({ mn, insn: encode(mn, { R1: 4, D2: mask }), fpc: 0, cc: 2, f, r: {} });
      }
    }
  }
  out.push({ mn: 'tcxb', insn: encode('tcxb', { R1: 2, D2: 0xfff }), fpc: 0, cc: 2, f: {}, r: {} });
  return out;
}

export function convertCases(): Case[] {
  return [...lengthenCases(), ...shortenCases(), ...fromFixedCases(), ...toFixedCases(), ...fpIntegerCases(),
    ...testDataClassCases()];
}
