// Vector integer arithmetic and comparison, element by element: add and subtract (with
// carry/borrow indications and the 128-bit carry forms), average, maximum/minimum, load
// complement/positive, compare equal/high/high logical (with the CC forms), element
// compare (VEC/VECL) and the bitwise logical operations. Elements of 8-32 bits are JS
// numbers; doublewords and the quadword go through 32-bit halves (int64.ts).
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { R, add64, cmp64, cmpu64, sub64 } from './int64';
import { T, checkEs, copyTo, count, getE, maskOf, putT, signed, specification } from './vector-common';

/** Operation on elements of 8-32 bits (unsigned values in, any value out, masked by the caller). */
type Small = (a: number, b: number, es: number) => number;
/** Operation on doublewords (a, b as halves); result in R.hi / R.lo. */
type Wide = (ah: number, al: number, bh: number, bl: number) => void;

/** V1 <- V2 op V3 element by element with the element size in M4 (0-3). */
function elementwise(small: Small, wide: Wide): Handler {
  return (cpu, d) => {
    checkEs(d.m4, 3);
    binary(cpu, d, d.m4, small, wide);
  };
}

function binary(cpu: Cpu, d: Decoded, es: number, small: Small, wide: Wide): void {
  const vr = cpu.vr;
  if (es === 3) {
    const a = 4 * d.v2, b = 4 * d.v3;
    for (let k = 0; k < 4; k += 2) {
      wide(vr[a + k], vr[a + k + 1], vr[b + k], vr[b + k + 1]);
      T[k] = R.hi; T[k + 1] = R.lo;
    }
  } else {
    for (let i = 0, n = count(es); i < n; i++) putT(es, i, small(getE(vr, d.v2, es, i), getE(vr, d.v3, es, i), es));
  }
  copyTo(cpu, d.v1, T);
}

// ---- 128-bit helpers -------------------------------------------------------------------------

/** T <- (V a) + (V b) + cin over 128 bits; returns the carry out. */
function add128(vr: Uint32Array, a: number, b: number, cin: number, invertB: boolean): number {
  let c = cin;
  for (let w = 3; w >= 0; w--) {
    const y = invertB ? ~vr[4 * b + w] >>> 0 : vr[4 * b + w];
    const s = vr[4 * a + w] + y + c;
    T[w] = s >>> 0;
    c = s > 0xffff_ffff ? 1 : 0;
  }
  return c;
}

/** Quadword-only forms (VAC, VACCC, VSBI, VSBCBI) and the M4 = 4 forms of VA, VS, VACC, VSCBI. */
function quad(cpu: Cpu, d: Decoded, subtract: boolean, carryIn: number, carryOut: boolean): void {
  const c = add128(cpu.vr, d.v2, d.v3, carryIn, subtract);
  if (carryOut) { T[0] = 0; T[1] = 0; T[2] = 0; T[3] = c; }
  copyTo(cpu, d.v1, T);
}

/** Bit 127 of V4: the carry or borrow indication of the chained 128-bit forms. */
function carryBit(cpu: Cpu, d: Decoded): number {
  return cpu.vr[4 * d.v4 + 3] & 1;
}

function withQuad(small: Small, wide: Wide, subtract: boolean, carryOut: boolean): Handler {
  return (cpu, d) => {
    if (d.m4 === 4) { quad(cpu, d, subtract, subtract ? 1 : 0, carryOut); return; }
    checkEs(d.m4, 3);
    binary(cpu, d, d.m4, small, wide);
  };
}

/** VAC/VACCC/VSBI/VSBCBI: M5 must be 4 (quadword). */
function chained(subtract: boolean, carryOut: boolean): Handler {
  return (cpu, d) => {
    if (d.m5 !== 4) throw specification();
    quad(cpu, d, subtract, carryBit(cpu, d), carryOut);
  };
}

// ---- element operations ------------------------------------------------------------------

const add: Small = (a, b) => a + b;
const addW: Wide = (ah, al, bh, bl) => add64(ah, al, bh, bl);
const sub: Small = (a, b) => a - b;
const subW: Wide = (ah, al, bh, bl) => sub64(ah, al, bh, bl);
const carry: Small = (a, b, es) => (a + b > maskOf(es) ? 1 : 0);
const carryW: Wide = (ah, al, bh, bl) => { add64(ah, al, bh, bl); R.hi = 0; R.lo = R.carry; };
/** Borrow indication: 1 when a - b needs no borrow (a >= b unsigned). */
const noBorrow: Small = (a, b) => (a >= b ? 1 : 0);
const noBorrowW: Wide = (ah, al, bh, bl) => { R.hi = 0; R.lo = cmpu64(ah, al, bh, bl) >= 0 ? 1 : 0; };

/** Average rounded up: (a + b + 1) >> 1 computed on 65 bits for doublewords. */
function average(logical: boolean): [Small, Wide] {
  const small: Small = (a, b, es) => {
    const x = logical ? a : signed(a, es), y = logical ? b : signed(b, es);
    return Math.floor((x + y + 1) / 2);
  };
  const wide: Wide = (ah, al, bh, bl) => {
    add64(ah, al, bh, bl, 1);
    const top = logical ? R.carry : ((ah >>> 31) ^ (bh >>> 31) ^ R.carry) & 1;
    const hi = R.hi, lo = R.lo;
    R.hi = ((top << 31) | (hi >>> 1)) >>> 0;
    R.lo = ((hi << 31) | (lo >>> 1)) >>> 0;
  };
  return [small, wide];
}

function extreme(max: boolean, logical: boolean): [Small, Wide] {
  const small: Small = (a, b, es) => {
    const x = logical ? a : signed(a, es), y = logical ? b : signed(b, es);
    return (max ? x >= y : x <= y) ? a : b;
  };
  const wide: Wide = (ah, al, bh, bl) => {
    const c = logical ? cmpu64(ah, al, bh, bl) : cmp64(ah, al, bh, bl);
    const first = max ? c >= 0 : c <= 0;
    R.hi = first ? ah : bh;
    R.lo = first ? al : bl;
  };
  return [small, wide];
}

/** VLC / VLP: unary, element size in M3. */
function unary(small: (a: number, es: number) => number, wide: (hi: number, lo: number) => void): Handler {
  return (cpu, d) => {
    checkEs(d.m3, 3);
    const es = d.m3, vr = cpu.vr;
    if (es === 3) {
      for (let k = 0; k < 4; k += 2) {
        wide(vr[4 * d.v2 + k], vr[4 * d.v2 + k + 1]);
        T[k] = R.hi; T[k + 1] = R.lo;
      }
    } else {
      for (let i = 0, n = count(es); i < n; i++) putT(es, i, small(getE(vr, d.v2, es, i), es));
    }
    copyTo(cpu, d.v1, T);
  };
}

const negate = unary((a) => -a, (hi, lo) => sub64(0, 0, hi, lo));
const positive = unary((a, es) => Math.abs(signed(a, es)), (hi, lo) => {
  if ((hi | 0) < 0) sub64(0, 0, hi, lo); else { R.hi = hi; R.lo = lo; }
});

type Relation = 'eq' | 'h' | 'hl';

/** VCEQ/VCH/VCHL: all-ones elements where true; CC (M5 bit 3): 0 all true, 1 some, 3 none. */
function compare(rel: Relation): Handler {
  return (cpu, d) => {
    checkEs(d.m4, 3);
    const es = d.m4, vr = cpu.vr;
    const n = count(es);
    let trues = 0;
    if (es === 3) {
      for (let k = 0; k < 4; k += 2) {
        const a = 4 * d.v2 + k, b = 4 * d.v3 + k;
        const c = rel === 'h' ? cmp64(vr[a], vr[a + 1], vr[b], vr[b + 1]) : cmpu64(vr[a], vr[a + 1], vr[b], vr[b + 1]);
        const t = rel === 'eq' ? c === 0 : c > 0;
        T[k] = T[k + 1] = t ? 0xffff_ffff : 0;
        if (t) trues++;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const a = getE(vr, d.v2, es, i), b = getE(vr, d.v3, es, i);
        const t = rel === 'eq' ? a === b : rel === 'hl' ? a > b : signed(a, es) > signed(b, es);
        putT(es, i, t ? 0xffff_ffff : 0);
        if (t) trues++;
      }
    }
    copyTo(cpu, d.v1, T);
    if ((d.m5 & 1) !== 0) cpu.cc = trues === n ? 0 : trues === 0 ? 3 : 1;
  };
}

/**
 * VEC/VECL: compares the rightmost element of doubleword 0 of V1 with that of V2 (signed or
 * logical); CC 0 equal, 1 first low, 2 first high.
 */
function elementCompare(logical: boolean): Handler {
  return (cpu, d) => {
    checkEs(d.m3, 3);
    const es = d.m3, vr = cpu.vr;
    let c: number;
    if (es === 3) {
      const a = 4 * d.v1, b = 4 * d.v2;
      c = logical ? cmpu64(vr[a], vr[a + 1], vr[b], vr[b + 1]) : cmp64(vr[a], vr[a + 1], vr[b], vr[b + 1]);
    } else {
      const i = count(es) / 2 - 1;
      let a = getE(vr, d.v1, es, i), b = getE(vr, d.v2, es, i);
      if (!logical) { a = signed(a, es); b = signed(b, es); }
      c = a === b ? 0 : a < b ? -1 : 1;
    }
    cpu.cc = c === 0 ? 0 : c < 0 ? 1 : 2;
  };
}

/** Bitwise operations on whole registers. */
function logical(op: (a: number, b: number) => number): Handler {
  return (cpu, d) => {
    const vr = cpu.vr, a = 4 * d.v2, b = 4 * d.v3;
    for (let w = 0; w < 4; w++) T[w] = op(vr[a + w], vr[b + w]) >>> 0;
    copyTo(cpu, d.v1, T);
  };
}

const [avgS, avgW] = average(false);
const [avglS, avglW] = average(true);
const [mxS, mxW] = extreme(true, false);
const [mnS, mnW] = extreme(false, false);
const [mxlS, mxlW] = extreme(true, true);
const [mnlS, mnlW] = extreme(false, true);

export const VECTOR_INT_HANDLERS: HandlerTable = {
  va: withQuad(add, addW, false, false),
  vs: withQuad(sub, subW, true, false),
  vacc: withQuad(carry, carryW, false, true),
  vscbi: withQuad(noBorrow, noBorrowW, true, true),
  vac: chained(false, false), vaccc: chained(false, true), vsbi: chained(true, false), vsbcbi: chained(true, true),
  vavg: elementwise(avgS, avgW), vavgl: elementwise(avglS, avglW),
  vmx: elementwise(mxS, mxW), vmn: elementwise(mnS, mnW), vmxl: elementwise(mxlS, mxlW), vmnl: elementwise(mnlS, mnlW),
  vlc: negate, vlp: positive,
  vceq: compare('eq'), vch: compare('h'), vchl: compare('hl'),
  vec: elementCompare(false), vecl: elementCompare(true),
  vn: logical((a, b) => a & b), vo: logical((a, b) => a | b), vx: logical((a, b) => a ^ b),
  vnc: logical((a, b) => a & ~b), vno: logical((a, b) => ~(a | b)),
  // Vector-enhancements facility 1.
  vnx: logical((a, b) => ~(a ^ b)), vnn: logical((a, b) => ~(a & b)), voc: logical((a, b) => a | ~b),
};
