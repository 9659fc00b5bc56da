// Vector integer multiplication: low (VML), high signed/logical (VMH, VMLH), even/odd
// double-width (VME, VMLE, VMO, VMLO), the multiply-and-add forms of each (VMAL, VMAH,
// VMALH, VMAE, VMALE, VMAO, VMALO) and multiply sum logical (VMSL, vector-enhancements
// facility 1). Bytes and halfwords multiply exactly on doubles; words go through 32x32->64
// products on halves (int64.ts).
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { R, add64, mulu32, muls32 } from './int64';
import { T, checkEs, copyTo, count, getE, putT, signed, specification } from './vector-common';

/** Exact product plus addend of the last `product` call on bytes or halfwords. */
let P = 0;

/** Product (plus addend, double width) of two elements of size es; result in R.hi:R.lo. */
function product(a: number, b: number, es: number, logical: boolean, addHi: number, addLo: number): void {
  if (es < 2) {
    const x = logical ? a : signed(a, es), y = logical ? b : signed(b, es);
    // |x*y| < 2^32 and the addend fits in 33 bits signed: exact on doubles.
    P = x * y + (addHi | 0) * 0x1_0000_0000 + addLo;
    R.lo = P >>> 0;
    R.hi = Math.floor(P / 0x1_0000_0000) >>> 0;
    return;
  }
  if (logical) mulu32(a, b); else muls32(a, b);
  add64(R.hi, R.lo, addHi, addLo);
}

type Part = 'low' | 'high' | 'even' | 'odd';

/**
 * One multiply handler. `part` picks the low or high half of each same-size product, or the
 * double-width product of the even or odd elements. With `accumulate` (VRR-d forms, element
 * size in M5) the element of V4 of the product's width is added first.
 */
function multiply(part: Part, logical: boolean, accumulate: boolean): Handler {
  return (cpu, d) => {
    const es = accumulate ? d.m5 : d.m4;
    checkEs(es, 2);
    if (part === 'low' || part === 'high') sameWidth(cpu, d, es, part === 'high', logical, accumulate);
    else doubleWidth(cpu, d, es, part === 'odd' ? 1 : 0, logical, accumulate);
    copyTo(cpu, d.v1, T);
  };
}

function sameWidth(cpu: Cpu, d: Decoded, es: number, high: boolean, logical: boolean, accumulate: boolean): void {
  const vr = cpu.vr;
  const bits = 8 << es;
  for (let i = 0, n = count(es); i < n; i++) {
    const a = getE(vr, d.v2, es, i), b = getE(vr, d.v3, es, i);
    let cHi = 0, cLo = 0;
    if (accumulate) {
      cLo = getE(vr, d.v4, es, i);
      // The addend is extended like the operands: sign extension for the signed forms.
      if (!logical) { const s = signed(cLo, es); cLo = s >>> 0; cHi = s < 0 ? 0xffff_ffff : 0; }
    }
    product(a, b, es, logical, cHi, cLo);
    putT(es, i, !high ? R.lo : es === 2 ? R.hi : Math.floor(P / 2 ** bits));
  }
}

function doubleWidth(cpu: Cpu, d: Decoded, es: number, odd: number, logical: boolean, accumulate: boolean): void {
  const vr = cpu.vr;
  const n = count(es) / 2;
  for (let k = 0; k < n; k++) {
    const a = getE(vr, d.v2, es, 2 * k + odd), b = getE(vr, d.v3, es, 2 * k + odd);
    let cHi = 0, cLo = 0;
    if (accumulate) {
      if (es === 2) { cHi = vr[4 * d.v4 + 2 * k]; cLo = vr[4 * d.v4 + 2 * k + 1]; } else {
        cLo = getE(vr, d.v4, es + 1, k);
        if (!logical) { const s = signed(cLo, es + 1); cLo = s >>> 0; cHi = s < 0 ? 0xffff_ffff : 0; }
      }
    }
    product(a, b, es, logical, cHi, cLo);
    if (es === 2) { T[2 * k] = R.hi; T[2 * k + 1] = R.lo; } else putT(es + 1, k, R.lo);
  }
}

/**
 * VMSL: the two doubleword products of V2 and V3 (each doubled when M6 bit 0 (even) or bit 1
 * (odd) is one) plus the quadword V4, modulo 2^128. Only M5 = 3 is defined. Rare: BigInt.
 */
const vmsl: Handler = (cpu, d) => {
  if (d.m5 !== 3) throw specification();
  const vr = cpu.vr;
  const dw = (v: number, k: number): bigint => (BigInt(vr[4 * v + 2 * k]) << 32n) | BigInt(vr[4 * v + 2 * k + 1]);
  let even = dw(d.v2, 0) * dw(d.v3, 0);
  let odd = dw(d.v2, 1) * dw(d.v3, 1);
  if ((d.m6 & 8) !== 0) even <<= 1n;
  if ((d.m6 & 4) !== 0) odd <<= 1n;
  const acc = (dw(d.v4, 0) << 64n) | dw(d.v4, 1);
  const r = BigInt.asUintN(128, even + odd + acc);
  for (let w = 0; w < 4; w++) T[w] = Number((r >> BigInt(96 - 32 * w)) & 0xffff_ffffn);
  copyTo(cpu, d.v1, T);
};

export const VECTOR_MUL_HANDLERS: HandlerTable = {
  vml: multiply('low', true, false), vmh: multiply('high', false, false), vmlh: multiply('high', true, false),
  vme: multiply('even', false, false), vmle: multiply('even', true, false),
  vmo: multiply('odd', false, false), vmlo: multiply('odd', true, false),
  vmal: multiply('low', true, true), vmah: multiply('high', false, true), vmalh: multiply('high', true, true),
  vmae: multiply('even', false, true), vmale: multiply('even', true, true),
  vmao: multiply('odd', false, true), vmalo: multiply('odd', true, true),
  vmsl,
};
