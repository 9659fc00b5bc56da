// Oracle cases for BFP arithmetic: add, subtract, multiply (incl. lengthening), divide,
// multiply and add/subtract, square root, compare, load and test and the sign
// instructions, over special values, every FPC rounding mode, and masks off and on.
import { encode, memWith, place, type Case } from './case';
import { L, Rng, S, X, randomValue, roundingValues, specials, type Fmt } from './values';

/** FPC values: masks off, all five IEEE masks on, and the four other BFP rounding modes. */
export const FPC_MASKS = 0xf800_0000;
export const OTHER_RMS = [1, 2, 3, 7];

const R1 = 4, R2 = 1, R3 = 8;

function randomFpc(rng: Rng): number {
  return ((rng.int(32) << 27) | rng.pick([0, 1, 2, 3, 7])) >>> 0;
}

type Operands = bigint[];

/** Operand tuples: all special pairs/triples (capped), rounding-sensitive and random ones. */
function tuples(f: Fmt, arity: number, rng: Rng, kind: 'specials' | 'rounding' | 'random', count: number): Operands[] {
  const pool = kind === 'specials' ? specials(f) : roundingValues(f);
  const out: Operands[] = [];
  if (kind === 'specials' && arity <= 2 && count >= pool.length ** arity) {
    if (arity === 1) return pool.map((v) => [v]);
    for (const a of pool) for (const b of pool) out.push([a, b]);
    return out;
  }
  for (let i = 0; i < count; i++) {
    const t: bigint[] = [];
    for (let k = 0; k < arity; k++) t.push(kind === 'random' ? randomValue(f, rng) : rng.pick(pool));
    out.push(t);
  }
  return out;
}

interface Spec {
  mn: string;
  f: Fmt;
  /** How operands reach the instruction. */
  form: 'rr' | 'rx' | 'fma-rr' | 'fma-rx' | 'unary' | 'unary-rx';
  /** Second-operand format when it differs (lengthening multiply). */
  src?: Fmt;
  /** Rounding modes matter (skip them for exact operations such as compare). */
  rounds: boolean;
  /** Fewer cases (storage forms repeat their register form's arithmetic). */
  light?: boolean;
}

const isNaN = (f: Fmt, v: bigint): boolean => ((v >> BigInt(f.fracBits)) & ((1n << BigInt(f.expBits)) - 1n)) === (1n << BigInt(f.expBits)) - 1n
  && (v & ((1n << BigInt(f.fracBits)) - 1n)) !== 0n;
const isSNaN = (f: Fmt, v: bigint): boolean => isNaN(f, v) && ((v >> BigInt(f.fracBits - 1)) & 1n) === 0n;

/**
 * qemu-s390x 7.2 reads the first operand of MDEB(R)/MXDB(R) in the result format. Their
 * result is exact, so the oracle runs "lengthen both operands, then multiply" instead; that
 * differs only in NaN precedence when a quiet NaN meets a signaling one (those are skipped).
 */
function lengtheningOracle(mn: string, src: Fmt, ops: Operands): { oracle?: string; scratch?: number[] } | null {
  const seq: Record<string, [string, Record<string, number>][]> = {
    mdebr: [['ldebr', { R1: 13, R2: R2 }], ['ldebr', { R1: 15, R2: R1 }], ['mdbr', { R1: 15, R2: 13 }], ['ldr', { R1: R1, R2: 15 }]],
    mdeb: [['ldeb', { R1: 13, B2: 10 }], ['ldebr', { R1: 15, R2: R1 }], ['mdbr', { R1: 15, R2: 13 }], ['ldr', { R1: R1, R2: 15 }]],
    mxdbr: [['lxdbr', { R1: 12, R2: R2 }], ['lxdbr', { R1: 13, R2: R1 }], ['mxbr', { R1: 13, R2: 12 }], ['lxr', { R1: R1, R2: 13 }]],
    mxdb: [['lxdb', { R1: 12, B2: 10 }], ['lxdbr', { R1: 13, R2: R1 }], ['mxbr', { R1: 13, R2: 12 }], ['lxr', { R1: R1, R2: 13 }]],
  };
  const s = seq[mn];
  if (!s) return {};
  if (ops.some((v) => isSNaN(src, v)) && ops.some((v) => isNaN(src, v) && !isSNaN(src, v))) return null;
  return { oracle: s.map(([m, fl]) => encode(m, fl)).join(''), scratch: mn.startsWith('mx') ? [12, 13, 14, 15] : [13, 15] };
}

function build(s: Spec, seed: number): Case[] {
  const rng = new Rng(seed);
  const src = s.src ?? s.f;
  const arity = s.form.startsWith('fma') ? 3 : s.form.startsWith('unary') ? 1 : 2;
  const cases: Case[] = [];
  const add = (ops: Operands, fpc: number): void => {
    const f: Record<number, bigint> = {};
    let mem: string | undefined;
    const fields: Record<string, number> = { R1 };
    if (s.form === 'rr') { place(src, R1, ops[0], f); place(src, R2, ops[1], f); fields.R2 = R2; }
    if (s.form === 'rx') { place(src, R1, ops[0], f); mem = memWith(src, ops[1]); fields.B2 = 10; }
    // MAEBR & co. are RRD (R1 in bits 16-19); the ISA table calls that field R3 (binutils' RRF-a).
    if (s.form === 'fma-rr') { place(s.f, R3, ops[0], f); place(s.f, R2, ops[1], f); place(s.f, R1, ops[2], f); fields.R2 = R2; fields.R3 = R1; fields.R1 = R3; }
    if (s.form === 'fma-rx') { place(s.f, R3, ops[0], f); mem = memWith(s.f, ops[1]); place(s.f, R1, ops[2], f); fields.R3 = R3; fields.B2 = 10; }
    if (s.form === 'unary') { place(src, R2, ops[0], f); fields.R2 = R2; }
    if (s.form === 'unary-rx') { mem = memWith(src, ops[0]); fields.B2 = 10; }
    const alt = lengtheningOracle(s.mn, src, ops);
    if (alt === null) return;
    cases.push({ mn: s.mn, insn: encode(s.mn, fields), fpc, cc: cases.length & 3, f, r: {}, ...(mem ? { mem } : {}), ...alt });
  };
  const light = s.light === true;
  const specialCount = light ? 24 : arity === 3 ? 260 : 1000;
  for (const t of tuples(src, arity, rng, 'specials', specialCount)) add(t, 0);
  for (const t of tuples(src, arity, rng, 'specials', light ? 12 : arity === 3 ? 120 : 1000)) add(t, FPC_MASKS);
  for (const t of tuples(src, arity, rng, 'random', light ? 8 : 80)) add(t, 0);
  for (const t of tuples(src, arity, rng, 'random', light ? 4 : 40)) add(t, randomFpc(rng));
  if (s.rounds) {
    for (const rm of OTHER_RMS) {
      for (const t of tuples(src, arity, rng, 'rounding', light ? 4 : 40)) add(t, rm);
      for (const t of tuples(src, arity, rng, 'random', light ? 2 : 25)) add(t, rm);
    }
  }
  return cases;
}

/** Invalid register pairs for extended operands: specification exceptions. */
function badPairs(mn: string, fields: Record<string, number>[]): Case[] {
  return fields.map((fl, i) => ({ mn, insn: encode(mn, fl), fpc: 0, cc: i & 3, f: {}, r: {} }));
}

export function arithCases(): Case[] {
  const specs: Spec[] = [];
  const fmts: [Fmt, string][] = [[S, 'e'], [L, 'd'], [X, 'x']];
  for (const [f, l] of fmts) {
    specs.push({ mn: `a${l}br`, f, form: 'rr', rounds: true }, { mn: `s${l}br`, f, form: 'rr', rounds: true });
    specs.push({ mn: l === 'e' ? 'meebr' : `m${l}br`, f, form: 'rr', rounds: true });
    specs.push({ mn: `d${l}br`, f, form: 'rr', rounds: true }, { mn: `sq${l}br`, f, form: 'unary', rounds: true });
    specs.push({ mn: `c${l}br`, f, form: 'rr', rounds: false }, { mn: `k${l}br`, f, form: 'rr', rounds: false });
    for (const op of ['lt', 'lc', 'ln', 'lp']) specs.push({ mn: `${op}${l}br`, f, form: 'unary', rounds: false, light: true });
    if (f !== X) {
      for (const op of ['a', 's', 'd']) specs.push({ mn: `${op}${l}b`, f, form: 'rx', rounds: true, light: true });
      specs.push({ mn: l === 'e' ? 'meeb' : 'mdb', f, form: 'rx', rounds: true, light: true });
      specs.push({ mn: `c${l}b`, f, form: 'rx', rounds: false, light: true }, { mn: `k${l}b`, f, form: 'rx', rounds: false, light: true });
      specs.push({ mn: `sq${l}b`, f, form: 'unary-rx', rounds: true, light: true });
      specs.push({ mn: `ma${l}br`, f, form: 'fma-rr', rounds: true }, { mn: `ms${l}br`, f, form: 'fma-rr', rounds: true });
      specs.push({ mn: `ma${l}b`, f, form: 'fma-rx', rounds: true, light: true }, { mn: `ms${l}b`, f, form: 'fma-rx', rounds: true, light: true });
    }
  }
  specs.push({ mn: 'mdebr', f: L, src: S, form: 'rr', rounds: false }, { mn: 'mdeb', f: L, src: S, form: 'rx', rounds: false, light: true });
  specs.push({ mn: 'mxdbr', f: X, src: L, form: 'rr', rounds: false }, { mn: 'mxdb', f: X, src: L, form: 'rx', rounds: false, light: true });
  const out: Case[] = [];
  specs.forEach((s, i) => out.push(...build(s, 1000 + i)));
  for (const mn of ['axbr', 'sxbr', 'mxbr', 'dxbr', 'cxbr', 'kxbr', 'sqxbr', 'ltxbr', 'lcxbr']) {
    out.push(...badPairs(mn, [{ R1: 2, R2: 1 }, { R1: 4, R2: 3 }, { R1: 15, R2: 13 }]));
  }
  out.push(...badPairs('mxdbr', [{ R1: 2, R2: 1 }, { R1: 6, R2: 4 }]));
  return out;
}
