// Inline code for the hottest instructions inside compiled blocks (64-bit addressing
// mode only). Each template emits exactly what the instruction's handler does, with the
// instruction's fields as constants; the shared CC/arithmetic helpers of integer-ops are
// called by name. test/cpu/jit-templates.test.ts compares every template with its handler.
import type { Decoded } from './decoded';
import { TLB_MASK } from '../mmu/tlb';
import {
  cc32, cc64, ccAdd32, ccSub32, cmp32, cmp64, cmpl32, cmpl64, overflow,
} from './integer-ops';

/** Helpers the generated code may call, by these names. */
export const TEMPLATE_HELPERS = { cc32, cc64, ccAdd32, ccSub32, cmp32, cmpl32, cmp64, cmpl64, overflow, ea64 };

/**
 * The 64-bit-mode effective address from the sums of the base and index halves and the
 * displacement (as Cpu.ea computes it). Templates must not call anything that reads or
 * writes cpu.gpr: a block keeps registers in locals (jit-registers.ts).
 */
export function ea64(hi: number, lo: number): number {
  if (hi === 0 && lo >= 0 && lo <= 0xffff_ffff) return lo;
  // lo may be negative (negative long displacement) or carry past 32 bits.
  const carry = Math.floor(lo / 0x1_0000_0000);
  return ((hi + carry) >>> 0) * 0x1_0000_0000 + (lo - carry * 0x1_0000_0000);
}

export interface Emitted {
  readonly code: string;
  /** May raise an interruption or read cpu.ia/current/nia: needs the interpreter's prologue. */
  readonly faults: boolean;
  /** Stores to storage: the block must stop if the store hit compiled code. */
  readonly stores: boolean;
}

/** Where the template is placed: instruction address, next address, index in the block. */
export interface Site {
  readonly d: Decoded;
  readonly ia: number;
  readonly next: number;
  readonly index: number;
  /** Logical address of the block's first instruction (a branch there loops). */
  readonly start: number;
}

type Template = (s: Site) => Emitted | undefined;

const hi = (r: number): string => `g[${2 * r}]`;
const lo = (r: number): string => `g[${2 * r + 1}]`;
const u32 = (v: number): string => `${v >>> 0}`;
const plain = (code: string): Emitted => ({ code, faults: false, stores: false });
const faulting = (code: string): Emitted => ({ code, faults: true, stores: false });
const storing = (code: string): Emitted => ({ code, faults: true, stores: true });
/**
 * Effective address D(X,B) in 64-bit mode: the common no-index case inline (base below
 * 4 GiB), anything else through cpu.ea. Used as an expression.
 */
const ea = (x: number, b: number, d: number): string => {
  if (x === 0 && b === 0) return `${ea64(0, d)}`;
  if (x === 0 || b === 0) {
    const r = x || b;
    return `(g[${2 * r}] === 0 && g[${2 * r + 1}] + ${d} >= 0 && g[${2 * r + 1}] + ${d} <= 0xffffffff ? g[${2 * r + 1}] + ${d} : ea64(g[${2 * r}], g[${2 * r + 1}] + ${d}))`;
  }
  return `((g[${2 * b}] | g[${2 * x}]) === 0 && g[${2 * b + 1}] + g[${2 * x + 1}] + ${d} >= 0 && g[${2 * b + 1}] + g[${2 * x + 1}] + ${d} <= 0xffffffff ? g[${2 * b + 1}] + g[${2 * x + 1}] + ${d} : ea64(g[${2 * b}] + g[${2 * x}], g[${2 * b + 1}] + g[${2 * x + 1}] + ${d}))`;
};

// Operand accesses: the TLB's fast arrays (block-top locals FR/FW/FF, see jit.ts and
// Tlb.fastRead) give the absolute address of a page-contained access below 4 GiB; a miss
// takes the CPU's full access path (cpu.jitRead*/jitWrite*), which also fills them.
const GET = { 1: 'getUint8', 2: 'getUint16', 4: 'getUint32' } as const;
const SET = { 1: 'setUint8', 2: 'setUint16', 4: 'setUint32' } as const;
const hit = (arr: 'FR' | 'FW', n: number): string =>
  `a <= 4294967295 && ${n > 1 ? `(a & 0xfff) <= ${4096 - n} && ` : ''}${arr}[(a >>> 12) & ${TLB_MASK}] === a >>> 12`;
/** Statements: `const v` = the n-byte operand at `addr` (n of 1, 2, 4). */
function load(n: 1 | 2 | 4, addr: string): string {
  return `const a = ${addr}; const v = ${hit('FR', n)} ? M.${GET[n]}(FF[(a >>> 12) & ${TLB_MASK}] + (a & 0xfff)) : cpu.jitRead${n * 8}(a);`;
}
/** Statements: `vh`/`vl` = the doubleword at `addr`. */
function load64(addr: string): string {
  return `const a = ${addr}; let vh, vl; if (${hit('FR', 8)}) { const x = FF[(a >>> 12) & ${TLB_MASK}] + (a & 0xfff); vh = M.getUint32(x); vl = M.getUint32(x + 4); }
    else { cpu.jitRead64(a); vh = cpu.hi; vl = cpu.lo; }`;
}
/** Statements: store the n-byte `value` at `addr`; a store into code tells the CPU. */
function store(n: 1 | 2 | 4, addr: string, value: string): string {
  return `{ const a = ${addr}, v = ${value}; if (${hit('FW', n)}) { const x = FF[(a >>> 12) & ${TLB_MASK}] + (a & 0xfff); M.${SET[n]}(x, v); if (CP[x >>> 12] !== 0) cpu.noteWrite(x, ${n}); }
    else cpu.jitWrite${n * 8}(a, v); }`;
}
function store64(addr: string, h: string, l: string): string {
  return `{ const a = ${addr}, vh = ${h}, vl = ${l}; if (${hit('FW', 8)}) { const x = FF[(a >>> 12) & ${TLB_MASK}] + (a & 0xfff); M.setUint32(x, vh); M.setUint32(x + 4, vl); if (CP[x >>> 12] !== 0) cpu.noteWrite(x, 8); }
    else cpu.jitWrite64(a, vh, vl); }`;
}
/** LA/LAY in 64-bit mode: the 64-bit sum of base, index and displacement. */
function loadAddress(d: Decoded): string {
  const parts = [d.b2, d.x2].filter((r) => r !== 0);
  if (parts.length === 0) return `${hi(d.r1)} = ${d.d2 < 0 ? 0xffff_ffff : 0}; ${lo(d.r1)} = ${d.d2 >>> 0};`;
  const h = parts.map((r) => hi(r)).join(' + '), l = parts.map((r) => lo(r)).join(' + ');
  // l - (l >>> 0) is an exact multiple of 2^32: the carry (or borrow) into the high word.
  return `{ const h = ${h}, l = ${l} + ${d.d2}; ${hi(d.r1)} = h + (l - (l >>> 0)) / 4294967296; ${lo(d.r1)} = l; }`;
}

/** Rotate-then-selected-bits: the rotated R2 into locals rh/rl (constant amount). */
function rotate(r2: number, n: number): string {
  const h = `g[${2 * r2}]`, l = `g[${2 * r2 + 1}]`;
  if (n === 0) return `const rh = ${h}, rl = ${l};`;
  if (n === 32) return `const rh = ${l}, rl = ${h};`;
  const [a, b, m] = n < 32 ? [h, l, n] : [l, h, n - 32];
  return `const rh = ((${a} << ${m}) | (${b} >>> ${32 - m})) >>> 0, rl = ((${b} << ${m}) | (${a} >>> ${32 - m})) >>> 0;`;
}
/** Selection mask words for bits s..e (wrapping when s > e), as in shift-rotate.ts. */
function selectMask(s: number, e: number): [number, number] {
  const bit = (i: number): [number, number] => (i < 32 ? [(0x8000_0000 >>> i) >>> 0, 0] : [0, (0x8000_0000 >>> (i - 32)) >>> 0]);
  let mh = 0, ml = 0;
  for (let i = s; ; i = (i + 1) & 63) {
    const [h, l] = bit(i);
    mh = (mh | h) >>> 0; ml = (ml | l) >>> 0;
    if (i === e) break;
  }
  return [mh, ml];
}
/** RNSBG / ROSBG / RXSBG: combine, CC from the selected bits, store unless test-only. */
function rsbg(op: '&' | '|' | '^'): Template {
  return ({ d }) => {
    const [mh, ml] = selectMask(d.i3 & 63, d.i4 & 63);
    const sel = (r: string, m: number): string => (op === '&' ? `(${r} | ${~m >>> 0})` : `(${r} & ${m})`);
    return plain(`{ ${rotate(d.r2, d.i5 & 63)} const h = (${hi(d.r1)} ${op} ${sel('rh', mh)}) >>> 0, l = (${lo(d.r1)} ${op} ${sel('rl', ml)}) >>> 0;
      cpu.cc = ((h & ${mh}) | (l & ${ml})) === 0 ? 0 : 1;${(d.i3 & 0x80) === 0 ? ` ${hi(d.r1)} = h; ${lo(d.r1)} = l;` : ''} }`);
  };
}
/** RISBG / RISBGN: insert the selected bits; I4 bit 0 zeroes the others. */
function risbgTemplate(setCc: boolean): Template {
  return ({ d }) => {
    const [mh, ml] = selectMask(d.i3 & 63, d.i4 & 63);
    const zero = (d.i4 & 0x80) !== 0;
    const h = zero ? `(rh & ${mh}) >>> 0` : `((${hi(d.r1)} & ${~mh >>> 0}) | (rh & ${mh})) >>> 0`;
    const l = zero ? `(rl & ${ml}) >>> 0` : `((${lo(d.r1)} & ${~ml >>> 0}) | (rl & ${ml})) >>> 0`;
    return plain(`{ ${rotate(d.r2, d.i5 & 63)} const h = ${h}, l = ${l}; ${hi(d.r1)} = h; ${lo(d.r1)} = l;${setCc ? ' cpu.cc = (h | l) === 0 ? 0 : (h | 0) < 0 ? 1 : 2;' : ''} }`);
  };
}

/**
 * Statements that leave the block for `target` (counting the branch itself); a branch to
 * the block's own start loops while the run loop's instruction budget lasts.
 */
function leave(s: Site, target: number | string): string {
  const count = `cpu.icount += ${s.index + 1};`;
  if (target === s.start) return `${count} if (cpu.icount < cpu.jitBudget) continue block; cpu.ia = ${target}; return;`;
  return `${count} cpu.ia = ${target}; return;`;
}
/** Leaves the block at `target` when `cond` holds. */
function branch(s: Site, cond: string, target: number | string): Emitted {
  return plain(`if (${cond}) { ${leave(s, target)} }`);
}
const relTarget = (s: Site, ri: number): number => s.ia + 2 * ri;
const taken = (mask: number): string => (mask === 15 ? 'true' : `(${mask} & (8 >>> cpu.cc)) !== 0`);

/** Compare-and-branch selector: M3 bit 8 equal, 4 low, 2 high. */
function cmpRel(s: Site, signed: boolean, wide: boolean, b: { hi: string; lo: string }): Emitted | undefined {
  const { d } = s;
  const a = { hi: hi(d.r1), lo: lo(d.r1) };
  const rel = wide
    ? (signed
      ? `(${a.hi} !== ${b.hi} ? ((${a.hi} | 0) < (${b.hi} | 0) ? 4 : 2) : ${a.lo} < ${b.lo} ? 4 : ${a.lo} > ${b.lo} ? 2 : 8)`
      : `(${a.hi} !== ${b.hi} ? (${a.hi} < ${b.hi} ? 4 : 2) : ${a.lo} < ${b.lo} ? 4 : ${a.lo} > ${b.lo} ? 2 : 8)`)
    : (signed
      ? `((${a.lo} | 0) < (${b.lo} | 0) ? 4 : (${a.lo} | 0) > (${b.lo} | 0) ? 2 : 8)`
      : `(${a.lo} < ${b.lo} ? 4 : ${a.lo} > ${b.lo} ? 2 : 8)`);
  return branch(s, `(${d.m3} & ${rel}) !== 0`, relTarget(s, d.ri4));
}

/** Statements: register r1 := (ah:al) + (bh:bl) or - (bh:bl), signed CC and overflow. */
function add64(r1: number, ah: string, al: string, bh: string, bl: string, subtract = false): string {
  const sum = subtract
    ? 'const l = al + (~bl >>> 0) + 1, h = ((ah | 0) + ~bh + (l > 0xffffffff ? 1 : 0)) | 0;'
    : 'const l = al + bl, h = ((ah | 0) + (bh | 0) + (l > 0xffffffff ? 1 : 0)) | 0;';
  const over = subtract ? '((ah ^ bh) & (ah ^ h)) < 0' : '((ah ^ h) & (bh ^ h)) < 0';
  // `h | l` takes l modulo 2^32, dropping the carry already added into h.
  return `{ const ah = ${ah}, al = ${al}, bh = ${bh}, bl = ${bl}; ${sum} ${hi(r1)} = h; ${lo(r1)} = l;
    if (${over}) overflow(cpu); else cpu.cc = (h | l) === 0 ? 0 : h < 0 ? 1 : 2; }`;
}

function imm64(v: number): { hi: string; lo: string } {
  return { hi: u32(v < 0 ? 0xffff_ffff : 0), lo: u32(v) };
}

/** Shift amount of a shift instruction: the low 6 bits of D2(B2). */
const shiftAmount = (d: Decoded): string => (d.b2 === 0 ? `${d.d2 & 63}` : `((${lo(d.b2)} + ${d.d2}) & 63)`);
function shiftLeft64(d: Decoded): string {
  return `{ const n = ${shiftAmount(d)}, h = ${hi(d.r3)}, l = ${lo(d.r3)};
    ${hi(d.r1)} = n === 0 ? h : n < 32 ? (h << n) | (l >>> (32 - n)) : l << (n - 32); ${lo(d.r1)} = n < 32 ? l << n : 0; }`;
}
function shiftRight64(d: Decoded): string {
  return `{ const n = ${shiftAmount(d)}, h = ${hi(d.r3)}, l = ${lo(d.r3)};
    ${lo(d.r1)} = n === 0 ? l : n < 32 ? (l >>> n) | (h << (32 - n)) : h >>> (n - 32); ${hi(d.r1)} = n < 32 ? h >>> n : 0; }`;
}
/**
 * Statements: register r1 := low 64 bits of r1 * (bh:bl). The high word of the 32x32
 * product of the low words is built from 16-bit limbs (every partial sum stays exact).
 */
function mulLow64(r1: number, bh: string, bl: string): string {
  return `{ const ah = ${hi(r1)}, al = ${lo(r1)}, bh = ${bh}, bl = ${bl};
    const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
    const p01 = a0 * b1, p10 = a1 * b0, mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    ${hi(r1)} = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh);
    ${lo(r1)} = Math.imul(al, bl); }`;
}

export const TEMPLATES: Readonly<Record<string, Template>> = {
  // ---- register moves and loads of immediates
  lgr: ({ d }) => plain(`${hi(d.r1)} = ${hi(d.r2)}; ${lo(d.r1)} = ${lo(d.r2)};`),
  lr: ({ d }) => plain(`${lo(d.r1)} = ${lo(d.r2)};`),
  lgfr: ({ d }) => plain(`{ const v = ${lo(d.r2)} | 0; ${hi(d.r1)} = v >> 31; ${lo(d.r1)} = v; }`),
  llgfr: ({ d }) => plain(`${lo(d.r1)} = ${lo(d.r2)}; ${hi(d.r1)} = 0;`),
  ltr: ({ d }) => plain(`{ const v = ${lo(d.r2)}; ${lo(d.r1)} = v; cc32(cpu, v); }`),
  ltgr: ({ d }) => plain(`{ const h = ${hi(d.r2)}, l = ${lo(d.r2)}; ${hi(d.r1)} = h; ${lo(d.r1)} = l; cc64(cpu, h, l); }`),
  lghi: ({ d }) => plain(`${hi(d.r1)} = ${imm64(d.i2).hi}; ${lo(d.r1)} = ${imm64(d.i2).lo};`),
  lgfi: ({ d }) => plain(`${hi(d.r1)} = ${imm64(d.i2 | 0).hi}; ${lo(d.r1)} = ${imm64(d.i2 | 0).lo};`),
  lhi: ({ d }) => plain(`${lo(d.r1)} = ${u32(d.i2)};`),
  llgcr: ({ d }) => plain(`${hi(d.r1)} = 0; ${lo(d.r1)} = ${lo(d.r2)} & 0xff;`),
  llihf: ({ d }) => plain(`${hi(d.r1)} = ${u32(d.i2)}; ${lo(d.r1)} = 0;`),
  llilf: ({ d }) => plain(`${hi(d.r1)} = 0; ${lo(d.r1)} = ${u32(d.i2)};`),

  // ---- add / subtract (overflow may trap)
  ahi: ({ d }) => faulting(`{ const a = ${lo(d.r1)}, r = (a + ${d.i2 | 0}) | 0; ${lo(d.r1)} = r; ccAdd32(cpu, a, ${d.i2 | 0}, r); }`),
  afi: ({ d }) => faulting(`{ const a = ${lo(d.r1)}, r = (a + ${d.i2 | 0}) | 0; ${lo(d.r1)} = r; ccAdd32(cpu, a, ${d.i2 | 0}, r); }`),
  ar: ({ d }) => faulting(`{ const a = ${lo(d.r1)}, b = ${lo(d.r2)}, r = (a + b) | 0; ${lo(d.r1)} = r; ccAdd32(cpu, a, b, r); }`),
  sr: ({ d }) => faulting(`{ const a = ${lo(d.r1)}, b = ${lo(d.r2)}, r = (a - b) | 0; ${lo(d.r1)} = r; ccSub32(cpu, a, b, r); }`),
  aghi: ({ d }) => faulting(add64(d.r1, hi(d.r1), lo(d.r1), imm64(d.i2).hi, imm64(d.i2).lo)),
  agfi: ({ d }) => faulting(add64(d.r1, hi(d.r1), lo(d.r1), imm64(d.i2 | 0).hi, imm64(d.i2 | 0).lo)),
  agr: ({ d }) => faulting(add64(d.r1, hi(d.r1), lo(d.r1), hi(d.r2), lo(d.r2))),
  sgr: ({ d }) => faulting(add64(d.r1, hi(d.r1), lo(d.r1), hi(d.r2), lo(d.r2), true)),

  ahik: ({ d }) => faulting(`{ const a = ${lo(d.r3)}, r = (a + ${d.i2 | 0}) | 0; ${lo(d.r1)} = r; ccAdd32(cpu, a, ${d.i2 | 0}, r); }`),
  aghik: ({ d }) => faulting(add64(d.r1, hi(d.r3), lo(d.r3), imm64(d.i2).hi, imm64(d.i2).lo)),

  // ---- compares
  cli: ({ d }) => faulting(`{ ${load(1, ea(0, d.b1, d.d1))} cpu.cc = v === ${d.i2 & 0xff} ? 0 : v < ${d.i2 & 0xff} ? 1 : 2; }`),
  cr: ({ d }) => plain(`cmp32(cpu, ${lo(d.r1)}, ${lo(d.r2)});`),
  clr: ({ d }) => plain(`cmpl32(cpu, ${lo(d.r1)}, ${lo(d.r2)});`),
  chi: ({ d }) => plain(`cmp32(cpu, ${lo(d.r1)}, ${d.i2 | 0});`),
  cfi: ({ d }) => plain(`cmp32(cpu, ${lo(d.r1)}, ${d.i2 | 0});`),
  clfi: ({ d }) => plain(`cmpl32(cpu, ${lo(d.r1)}, ${u32(d.i2)});`),
  cgr: ({ d }) => plain(`cmp64(cpu, ${hi(d.r1)}, ${lo(d.r1)}, ${hi(d.r2)}, ${lo(d.r2)});`),
  clgr: ({ d }) => plain(`cmpl64(cpu, ${hi(d.r1)}, ${lo(d.r1)}, ${hi(d.r2)}, ${lo(d.r2)});`),
  cghi: ({ d }) => plain(`cmp64(cpu, ${hi(d.r1)}, ${lo(d.r1)}, ${imm64(d.i2).hi}, ${imm64(d.i2).lo});`),
  cgfi: ({ d }) => plain(`cmp64(cpu, ${hi(d.r1)}, ${lo(d.r1)}, ${imm64(d.i2 | 0).hi}, ${imm64(d.i2 | 0).lo});`),
  clgfi: ({ d }) => plain(`cmpl64(cpu, ${hi(d.r1)}, ${lo(d.r1)}, 0, ${u32(d.i2)});`),

  // ---- logical
  ngr: ({ d }) => plain(`{ const h = ${hi(d.r1)} & ${hi(d.r2)}, l = ${lo(d.r1)} & ${lo(d.r2)}; ${hi(d.r1)} = h; ${lo(d.r1)} = l; cpu.cc = (h | l) === 0 ? 0 : 1; }`),
  ogr: ({ d }) => plain(`{ const h = ${hi(d.r1)} | ${hi(d.r2)}, l = ${lo(d.r1)} | ${lo(d.r2)}; ${hi(d.r1)} = h; ${lo(d.r1)} = l; cpu.cc = (h | l) === 0 ? 0 : 1; }`),
  xgr: ({ d }) => plain(`{ const h = ${hi(d.r1)} ^ ${hi(d.r2)}, l = ${lo(d.r1)} ^ ${lo(d.r2)}; ${hi(d.r1)} = h; ${lo(d.r1)} = l; cpu.cc = (h | l) === 0 ? 0 : 1; }`),
  nr: ({ d }) => plain(`{ const v = ${lo(d.r1)} & ${lo(d.r2)}; ${lo(d.r1)} = v; cpu.cc = v === 0 ? 0 : 1; }`),
  or: ({ d }) => plain(`{ const v = ${lo(d.r1)} | ${lo(d.r2)}; ${lo(d.r1)} = v; cpu.cc = v === 0 ? 0 : 1; }`),
  oilf: ({ d }) => plain(`{ const v = (${lo(d.r1)} | ${u32(d.i2)}) >>> 0; ${lo(d.r1)} = v; cpu.cc = v === 0 ? 0 : 1; }`),
  xr: ({ d }) => plain(`{ const v = ${lo(d.r1)} ^ ${lo(d.r2)}; ${lo(d.r1)} = v; cpu.cc = v === 0 ? 0 : 1; }`),

  // ---- rotate then selected bits
  risbg: risbgTemplate(true),
  risbgn: risbgTemplate(false),
  rnsbg: rsbg('&'),
  rosbg: rsbg('|'),
  rxsbg: rsbg('^'),

  // ---- storage
  lg: ({ d }) => faulting(`{ ${load64(ea(d.x2, d.b2, d.d2))} ${hi(d.r1)} = vh; ${lo(d.r1)} = vl; }`),
  l: ({ d }) => faulting(`{ ${load(4, ea(d.x2, d.b2, d.d2))} ${lo(d.r1)} = v; }`),
  ly: ({ d }) => faulting(`{ ${load(4, ea(d.x2, d.b2, d.d2))} ${lo(d.r1)} = v; }`),
  lgf: ({ d }) => faulting(`{ ${load(4, ea(d.x2, d.b2, d.d2))} ${hi(d.r1)} = (v | 0) >> 31; ${lo(d.r1)} = v; }`),
  llgf: ({ d }) => faulting(`{ ${load(4, ea(d.x2, d.b2, d.d2))} ${hi(d.r1)} = 0; ${lo(d.r1)} = v; }`),
  llgc: ({ d }) => faulting(`{ ${load(1, ea(d.x2, d.b2, d.d2))} ${hi(d.r1)} = 0; ${lo(d.r1)} = v; }`),
  ic: ({ d }) => faulting(`{ ${load(1, ea(d.x2, d.b2, d.d2))} ${lo(d.r1)} = ((${lo(d.r1)} & 0xffffff00) | v) >>> 0; }`),
  mvi: ({ d }) => storing(store(1, ea(0, d.b1, d.d1), `${d.i2 & 0xff}`)),
  stg: ({ d }) => storing(store64(ea(d.x2, d.b2, d.d2), hi(d.r1), lo(d.r1))),
  st: ({ d }) => storing(store(4, ea(d.x2, d.b2, d.d2), lo(d.r1))),
  sty: ({ d }) => storing(store(4, ea(d.x2, d.b2, d.d2), lo(d.r1))),
  stc: ({ d }) => storing(store(1, ea(d.x2, d.b2, d.d2), `${lo(d.r1)} & 0xff`)),
  la: ({ d }) => plain(loadAddress(d)),
  lay: ({ d }) => plain(loadAddress(d)),
  larl: (s) => plain(`${hi(s.d.r1)} = ${Math.floor(relTarget(s, s.d.ri2) / 0x1_0000_0000) >>> 0}; ${lo(s.d.r1)} = ${relTarget(s, s.d.ri2) >>> 0};`),

  // ---- branches (leave the block when taken)
  brc: (s) => (s.d.m1 === 0 ? plain('') : branch(s, taken(s.d.m1), relTarget(s, s.d.ri2))),
  brcl: (s) => (s.d.m1 === 0 ? plain('') : branch(s, taken(s.d.m1), relTarget(s, s.d.ri2))),
  bcr: (s) => (s.d.m1 === 0 || s.d.r2 === 0 ? plain('')
    : branch(s, taken(s.d.m1), `${hi(s.d.r2)} * 4294967296 + ${lo(s.d.r2)}`)),
  brct: (s) => branch(s, `(${lo(s.d.r1)} = (${lo(s.d.r1)} - 1) >>> 0) !== 0`, relTarget(s, s.d.ri2)),
  brctg: (s) => plain(`{ const l = (${lo(s.d.r1)} - 1) >>> 0; ${lo(s.d.r1)} = l; if (l === 0xffffffff) ${hi(s.d.r1)} = (${hi(s.d.r1)} - 1) >>> 0;
    if ((l | ${hi(s.d.r1)}) !== 0) { ${leave(s, relTarget(s, s.d.ri2))} } }`),
  brasl: (s) => plain(`${hi(s.d.r1)} = ${Math.floor(s.next / 0x1_0000_0000)}; ${lo(s.d.r1)} = ${s.next >>> 0}; ${leave(s, relTarget(s, s.d.ri2))}`),
  bras: (s) => plain(`${hi(s.d.r1)} = ${Math.floor(s.next / 0x1_0000_0000)}; ${lo(s.d.r1)} = ${s.next >>> 0}; ${leave(s, relTarget(s, s.d.ri2))}`),
  crj: (s) => cmpRel(s, true, false, { hi: '', lo: lo(s.d.r2) }),
  clrj: (s) => cmpRel(s, false, false, { hi: '', lo: lo(s.d.r2) }),
  cgrj: (s) => cmpRel(s, true, true, { hi: hi(s.d.r2), lo: lo(s.d.r2) }),
  clgrj: (s) => cmpRel(s, false, true, { hi: hi(s.d.r2), lo: lo(s.d.r2) }),
  cij: (s) => cmpRel(s, true, false, { hi: '', lo: `${s.d.i2 | 0}` }),
  clij: (s) => cmpRel(s, false, false, { hi: '', lo: u32(s.d.i2 & 0xff) }),
  cgij: (s) => cmpRel(s, true, true, imm64(s.d.i2 | 0)),
  clgij: (s) => cmpRel(s, false, true, { hi: '0', lo: u32(s.d.i2 & 0xff) }),

  // ---- multiply single (no CC, no overflow)
  msr: ({ d }) => plain(`${lo(d.r1)} = Math.imul(${lo(d.r1)}, ${lo(d.r2)});`),
  msfi: ({ d }) => plain(`${lo(d.r1)} = Math.imul(${lo(d.r1)}, ${d.i2 | 0});`),
  ms: ({ d }) => faulting(`{ ${load(4, ea(d.x2, d.b2, d.d2))} ${lo(d.r1)} = Math.imul(${lo(d.r1)}, v); }`),
  msy: ({ d }) => faulting(`{ ${load(4, ea(d.x2, d.b2, d.d2))} ${lo(d.r1)} = Math.imul(${lo(d.r1)}, v); }`),
  msgr: ({ d }) => plain(mulLow64(d.r1, hi(d.r2), lo(d.r2))),
  msgfi: ({ d }) => plain(mulLow64(d.r1, imm64(d.i2 | 0).hi, imm64(d.i2 | 0).lo)),
  msg: ({ d }) => faulting(`{ ${load64(ea(d.x2, d.b2, d.d2))} ${mulLow64(d.r1, 'vh', 'vl')} }`),

  // ---- more loads, shifts and three-operand arithmetic
  llhr: ({ d }) => plain(`${lo(d.r1)} = ${lo(d.r2)} & 0xffff;`),
  lh: ({ d }) => faulting(`{ ${load(2, ea(d.x2, d.b2, d.d2))} ${lo(d.r1)} = (v << 16) >> 16; }`),
  lhy: ({ d }) => faulting(`{ ${load(2, ea(d.x2, d.b2, d.d2))} ${lo(d.r1)} = (v << 16) >> 16; }`),
  llgh: ({ d }) => faulting(`{ ${load(2, ea(d.x2, d.b2, d.d2))} ${hi(d.r1)} = 0; ${lo(d.r1)} = v; }`),
  sth: ({ d }) => storing(store(2, ea(d.x2, d.b2, d.d2), `${lo(d.r1)} & 0xffff`)),
  sllg: ({ d }) => plain(shiftLeft64(d)),
  srlg: ({ d }) => plain(shiftRight64(d)),
  ark: ({ d }) => faulting(`{ const a = ${lo(d.r2)}, b = ${lo(d.r3)}, r = (a + b) | 0; ${lo(d.r1)} = r; ccAdd32(cpu, a, b, r); }`),
  srk: ({ d }) => faulting(`{ const a = ${lo(d.r2)}, b = ${lo(d.r3)}, r = (a - b) | 0; ${lo(d.r1)} = r; ccSub32(cpu, a, b, r); }`),
};
