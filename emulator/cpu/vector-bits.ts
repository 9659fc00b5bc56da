// Vector bit operations: population count, count leading/trailing zeros, test under mask,
// checksum, Galois-field multiply sum (and accumulate), sum across elements (VSUM,
// VSUMG, VSUMQ), element shifts and rotates by an address or by elements (VESL*, VESR*,
// VERLL*), and rotate-then-insert-under-mask (VERIM).
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { T, checkEs, copyTo, count, getE, lowAddress, putT, signed } from './vector-common';

/** Scratch doubleword result of the 64-bit helpers. */
const W = { hi: 0, lo: 0 };

function shl64(hi: number, lo: number, s: number): void {
  if (s === 0) { W.hi = hi; W.lo = lo; } else if (s < 32) { W.hi = ((hi << s) | (lo >>> (32 - s))) >>> 0; W.lo = (lo << s) >>> 0; } else { W.hi = (lo << (s - 32)) >>> 0; W.lo = 0; }
}
function shr64(hi: number, lo: number, s: number, arith: boolean): void {
  const fill = arith && (hi | 0) < 0 ? 0xffff_ffff : 0;
  if (s === 0) { W.hi = hi; W.lo = lo; } else if (s < 32) {
    W.lo = ((lo >>> s) | (hi << (32 - s))) >>> 0;
    W.hi = arith ? (hi >> s) >>> 0 : hi >>> s;
  } else { W.lo = arith ? (hi >> (s - 32)) >>> 0 : hi >>> (s - 32); W.hi = fill; }
}
function rotl64(hi: number, lo: number, s: number): void {
  if (s === 0) { W.hi = hi; W.lo = lo; return; }
  shl64(hi, lo, s);
  const h = W.hi, l = W.lo;
  shr64(hi, lo, 64 - s, false);
  W.hi = (W.hi | h) >>> 0; W.lo = (W.lo | l) >>> 0;
}

function shiftSmall(x: number, s: number, es: number, kind: ShiftKind): number {
  const bits = 8 << es;
  switch (kind) {
    case 'l': return s >= 32 ? 0 : x << s;
    case 'rl': return x >>> s;
    case 'ra': return signed(x, es) >> s;
    default: return s === 0 ? x : (x << s) | (x >>> (bits - s));
  }
}
function shiftWide(hi: number, lo: number, s: number, kind: ShiftKind): void {
  switch (kind) {
    case 'l': shl64(hi, lo, s); break;
    case 'rl': shr64(hi, lo, s, false); break;
    case 'ra': shr64(hi, lo, s, true); break;
    default: rotl64(hi, lo, s);
  }
}

type ShiftKind = 'l' | 'rl' | 'ra' | 'rot';

/**
 * Shifts/rotates each element of `src`; the count (modulo the element size) is `amount`, or
 * when `counts` >= 0 the corresponding element of register `counts`.
 */
function shiftElements(cpu: Cpu, d: Decoded, src: number, es: number, kind: ShiftKind, amount: number, counts: number): void {
  const vr = cpu.vr;
  const m = (8 << es) - 1;
  if (es === 3) {
    for (let k = 0; k < 2; k++) {
      const s = (counts >= 0 ? vr[4 * counts + 2 * k + 1] : amount) & m;
      shiftWide(vr[4 * src + 2 * k], vr[4 * src + 2 * k + 1], s, kind);
      T[2 * k] = W.hi; T[2 * k + 1] = W.lo;
    }
  } else {
    for (let i = 0, n = count(es); i < n; i++) {
      const s = (counts >= 0 ? getE(vr, counts, es, i) : amount) & m;
      putT(es, i, shiftSmall(getE(vr, src, es, i), s, es, kind));
    }
  }
  copyTo(cpu, d.v1, T);
}

/** VESL/VESRL/VESRA/VERLL: every element of V3 by the second-operand address. */
function byAddress(kind: ShiftKind): Handler {
  return (cpu, d) => {
    checkEs(d.m4, 3);
    shiftElements(cpu, d, d.v3, d.m4, kind, lowAddress(cpu, d.b2, d.d2), -1);
  };
}

/** VESLV/VESRLV/VESRAV/VERLLV: element i of V2 by element i of V3. */
function byElement(kind: ShiftKind): Handler {
  return (cpu, d) => {
    checkEs(d.m4, 3);
    shiftElements(cpu, d, d.v2, d.m4, kind, 0, d.v3);
  };
}

/** VERIM: each element of V2 rotated left by I4, inserted into V1 under the mask in V3. */
const verim: Handler = (cpu, d) => {
  checkEs(d.m5, 3);
  const es = d.m5, vr = cpu.vr;
  const s = d.i4 & ((8 << es) - 1);
  for (let w = 0; w < 4; w++) T[w] = vr[4 * d.v2 + w];
  // Rotate V2 into T, then merge: V1 = (T & V3) | (V1 & ~V3).
  const v1 = d.v1, v3 = d.v3;
  if (es === 3) {
    for (let k = 0; k < 4; k += 2) { rotl64(T[k], T[k + 1], s); T[k] = W.hi; T[k + 1] = W.lo; }
  } else {
    for (let i = 0, n = count(es); i < n; i++) putT(es, i, shiftSmall(getE(vr, d.v2, es, i), s, es, 'rot'));
  }
  for (let w = 0; w < 4; w++) vr[4 * v1 + w] = ((T[w] & vr[4 * v3 + w]) | (vr[4 * v1 + w] & ~vr[4 * v3 + w])) >>> 0;
};

// ---- counts ---------------------------------------------------------------------------

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x5555_5555;
  x = (x & 0x3333_3333) + ((x >>> 2) & 0x3333_3333);
  x = (x + (x >>> 4)) & 0x0f0f_0f0f;
  return Math.imul(x, 0x0101_0101) >>> 24;
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** Per-element counts with the element size in M3. */
function counting(small: (x: number, es: number) => number, wide: (hi: number, lo: number) => number, maxEs = 3): Handler {
  return (cpu, d) => {
    checkEs(d.m3, maxEs);
    const es = d.m3, vr = cpu.vr;
    if (es === 3) {
      for (let k = 0; k < 4; k += 2) { T[k] = 0; T[k + 1] = wide(vr[4 * d.v2 + k], vr[4 * d.v2 + k + 1]); }
    } else {
      for (let i = 0, n = count(es); i < n; i++) putT(es, i, small(getE(vr, d.v2, es, i), es));
    }
    copyTo(cpu, d.v1, T);
  };
}

/** VPOPCT: before the vector-enhancements facility 1 only M3 = 0 (bytes) was defined. */
const vpopct = counting((x) => popcount32(x), (hi, lo) => popcount32(hi) + popcount32(lo));
const vclz = counting((x, es) => Math.clz32(x) - (32 - (8 << es)), (hi, lo) => (hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo)));
const vctz = counting((x, es) => Math.min(ctz32(x), 8 << es), (hi, lo) => (lo !== 0 ? ctz32(lo) : 32 + ctz32(hi)));

/** VTM: CC 0 selected bits all zero (or no bits selected), 1 mixed, 3 all ones. */
const vtm: Handler = (cpu, d) => {
  const vr = cpu.vr;
  let any = 0, all = true, mask = 0;
  for (let w = 0; w < 4; w++) {
    const m = vr[4 * d.v2 + w], x = vr[4 * d.v1 + w] & m;
    mask |= m;
    any |= x;
    if ((x >>> 0) !== m) all = false;
  }
  cpu.cc = mask === 0 || any === 0 ? 0 : all ? 3 : 1;
};

/** VCKSM: words of V2 plus word 1 of V3, with end-around carry, into word 1. */
const vcksm: Handler = (cpu, d) => {
  const vr = cpu.vr;
  let s = vr[4 * d.v3 + 1];
  for (let w = 0; w < 4; w++) {
    s += vr[4 * d.v2 + w];
    if (s > 0xffff_ffff) s -= 0xffff_ffff;
  }
  T[0] = 0; T[1] = s >>> 0; T[2] = 0; T[3] = 0;
  copyTo(cpu, d.v1, T);
};

// ---- Galois-field multiply sum ------------------------------------------------------------

/** Carry-less product of two 32-bit values into W. */
function clmul32(a: number, b: number): void {
  let hi = 0, lo = 0;
  for (let k = 0; k < 32; k++) {
    if (((b >>> k) & 1) === 0) continue;
    lo ^= a << k;
    if (k > 0) hi ^= a >>> (32 - k);
  }
  W.hi = hi >>> 0; W.lo = lo >>> 0;
}

/** VGFM / VGFMA: XOR of the carry-less products of each even/odd element pair (double width). */
function gfm(accumulate: boolean): Handler {
  return (cpu, d) => {
    const es = accumulate ? d.m5 : d.m4;
    checkEs(es, 3);
    const vr = cpu.vr;
    if (es === 3) {
      T[0] = T[1] = T[2] = T[3] = 0;
      for (let k = 0; k < 2; k++) {
        const ah = vr[4 * d.v2 + 2 * k], al = vr[4 * d.v2 + 2 * k + 1];
        const bh = vr[4 * d.v3 + 2 * k], bl = vr[4 * d.v3 + 2 * k + 1];
        clmul32(ah, bh); T[0] ^= W.hi; T[1] ^= W.lo;
        clmul32(ah, bl); T[1] ^= W.hi; T[2] ^= W.lo;
        clmul32(al, bh); T[1] ^= W.hi; T[2] ^= W.lo;
        clmul32(al, bl); T[2] ^= W.hi; T[3] ^= W.lo;
      }
    } else {
      const n = count(es + 1);
      for (let k = 0; k < n; k++) {
        clmul32(getE(vr, d.v2, es, 2 * k), getE(vr, d.v3, es, 2 * k));
        let hi = W.hi, lo = W.lo;
        clmul32(getE(vr, d.v2, es, 2 * k + 1), getE(vr, d.v3, es, 2 * k + 1));
        hi ^= W.hi; lo ^= W.lo;
        if (es === 2) { T[2 * k] = hi >>> 0; T[2 * k + 1] = lo >>> 0; } else putT(es + 1, k, lo);
      }
    }
    if (accumulate) for (let w = 0; w < 4; w++) T[w] = (T[w] ^ vr[4 * d.v4 + w]) >>> 0;
    for (let w = 0; w < 4; w++) T[w] >>>= 0;
    copyTo(cpu, d.v1, T);
  };
}

// ---- sums across ---------------------------------------------------------------------------

/** Rightmost element of size es within the `span`-byte group g of register v. */
function rightmost(vr: Uint32Array, v: number, es: number, span: number, g: number): number {
  return getE(vr, v, es, ((g + 1) * span >> es) - 1);
}

/** VSUM: per word of V2 (elements of M4 = 0, 1), plus the rightmost element of that word of V3. */
const vsum: Handler = (cpu, d) => {
  checkEs(d.m4, 1);
  const es = d.m4, vr = cpu.vr, per = 4 >> es;
  for (let w = 0; w < 4; w++) {
    let s = rightmost(vr, d.v3, es, 4, w);
    for (let i = 0; i < per; i++) s += getE(vr, d.v2, es, w * per + i);
    T[w] = s >>> 0;
  }
  copyTo(cpu, d.v1, T);
};

/** VSUMG: per doubleword (elements of M4 = 1, 2). */
const vsumg: Handler = (cpu, d) => {
  checkEs(d.m4, 2, 1);
  const es = d.m4, vr = cpu.vr, per = 8 >> es;
  for (let k = 0; k < 2; k++) {
    let s = rightmost(vr, d.v3, es, 8, k);
    for (let i = 0; i < per; i++) s += getE(vr, d.v2, es, k * per + i);
    T[2 * k] = Math.floor(s / 0x1_0000_0000);
    T[2 * k + 1] = s >>> 0;
  }
  copyTo(cpu, d.v1, T);
};

/** VSUMQ: the whole register (elements of M4 = 2, 3) into a quadword. */
const vsumq: Handler = (cpu, d) => {
  checkEs(d.m4, 3, 2);
  const vr = cpu.vr;
  // Column sums of the two rightmost words (at most three addends each), then carries.
  let c2 = 0, c3: number;
  if (d.m4 === 2) {
    c3 = vr[4 * d.v3 + 3] + vr[4 * d.v2] + vr[4 * d.v2 + 1] + vr[4 * d.v2 + 2] + vr[4 * d.v2 + 3];
  } else {
    c2 = vr[4 * d.v2] + vr[4 * d.v2 + 2] + vr[4 * d.v3 + 2];
    c3 = vr[4 * d.v2 + 1] + vr[4 * d.v2 + 3] + vr[4 * d.v3 + 3];
  }
  let c = 0;
  for (let w = 3; w >= 0; w--) {
    const s = (w === 3 ? c3 : w === 2 ? c2 : 0) + c;
    T[w] = s >>> 0;
    c = Math.floor(s / 0x1_0000_0000);
  }
  copyTo(cpu, d.v1, T);
};

export const VECTOR_BITS_HANDLERS: HandlerTable = {
  vpopct, vclz, vctz, vtm, vcksm, verim,
  vgfm: gfm(false), vgfma: gfm(true),
  vsum, vsumg, vsumq,
  vesl: byAddress('l'), vesrl: byAddress('rl'), vesra: byAddress('ra'), verll: byAddress('rot'),
  veslv: byElement('l'), vesrlv: byElement('rl'), vesrav: byElement('ra'), verllv: byElement('rot'),
};
