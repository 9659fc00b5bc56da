// Vector BFP instructions other than arithmetic: compares (VFCE, VFCH, VFCHE with their
// CC and signaling forms; WFC/WFK scalar), conversions from and to fixed point (VCDG,
// VCDLG, VCGD, VCLGD), lengthening and rounding between formats (VFLL/VLDE, VFLR/VLED),
// sign operations (VFPSO), test data class (VFTCI) and the vector-enhancements-1
// maximum/minimum (VFMAX, VFMIN) with their five comparison types.
import type { Handler, HandlerTable } from './decoded';
import { fpcRoundingMode } from './bfp-common';
import { EXTENDED, FLAG, LONG, SHORT, isNaN, isSignaling, quiet, status, type BinaryFormat } from './softfloat';
import { compare, convert, dataClassBit, fromInteger, toInteger } from './softfloat-ops';
import { T, copyTo, specification } from './vector-common';
import { SE, XXC, elements, formatOf, ieee, readEl, reserved, vectorRounding, writeEl } from './vector-fp';

type Relation = 'e' | 'h' | 'he';

/**
 * VFCE/VFCH/VFCHE (VRR-c: format M4, SE and SQ (signaling, vector-enhancements 1) in M5, CS
 * in M6): all-ones elements where V2 rel V3; CC 0 all true, 1 some, 3 none.
 */
function fpCompare(rel: Relation): Handler {
  return (cpu, d) => {
    const f = formatOf(d.m4);
    reserved(d.m5, SE | 4);
    reserved(d.m6, 1);
    const signaling = (d.m5 & 4) !== 0;
    const n = (d.m5 & SE) !== 0 ? 1 : elements(f);
    T[0] = T[1] = T[2] = T[3] = 0;
    let trues = 0;
    ieee.begin();
    for (let i = 0; i < n; i++) {
      const c = compare(f, readEl(cpu.vr, d.v2, f, i), readEl(cpu.vr, d.v3, f, i), signaling);
      const t = rel === 'e' ? c === 0 : rel === 'h' ? c === 2 : c === 0 || c === 2;
      if (t) { trues++; writeEl(f, i, (1n << BigInt(f.bits)) - 1n); }
      if (ieee.element(cpu, i)) break;
    }
    ieee.end(cpu);
    copyTo(cpu, d.v1, T);
    if ((d.m6 & 1) !== 0) cpu.cc = trues === n ? 0 : trues === 0 ? 3 : 1;
  };
}

/** WFC/WFK (VRR-a: format M3, M4 reserved): element 0 of V1 against V2, CC as BFP compare. */
function scalarCompare(signaling: boolean): Handler {
  return (cpu, d) => {
    const f = formatOf(d.m3);
    reserved(d.m4, 0);
    ieee.begin();
    const c = compare(f, readEl(cpu.vr, d.v1, f, 0), readEl(cpu.vr, d.v2, f, 0), signaling);
    ieee.element(cpu, 0);
    ieee.end(cpu);
    cpu.cc = c;
  };
}

/** Integer element width for a format: words for short, doublewords for long. */
function intWidth(f: BinaryFormat): 32 | 64 {
  if (f === EXTENDED) throw specification();
  return f === SHORT ? 32 : 64;
}

/** VCDG/VCDLG (VRR-a: format M3, XxC and SE in M4, rounding M5): fixed point to BFP. */
function fromFixed(logical: boolean): Handler {
  return (cpu, d) => {
    const f = formatOf(d.m3);
    const width = intWidth(f);
    reserved(d.m4, SE | XXC);
    const rm = vectorRounding(cpu, d.m5);
    const n = (d.m4 & SE) !== 0 ? 1 : elements(f);
    T[0] = T[1] = T[2] = T[3] = 0;
    ieee.begin((d.m4 & XXC) !== 0);
    for (let i = 0; i < n; i++) {
      const u = readEl(cpu.vr, d.v2, f, i);
      const v = logical ? u : BigInt.asIntN(width, u);
      writeEl(f, i, fromInteger(f, v, rm));
      if (ieee.element(cpu, i)) break;
    }
    ieee.end(cpu);
    copyTo(cpu, d.v1, T);
  };
}

/** VCGD/VCLGD: BFP to fixed point (NaN gives the most negative number, or 0 logical). */
function toFixed(logical: boolean): Handler {
  return (cpu, d) => {
    const f = formatOf(d.m3);
    const width = intWidth(f);
    reserved(d.m4, SE | XXC);
    const rm = vectorRounding(cpu, d.m5);
    const n = (d.m4 & SE) !== 0 ? 1 : elements(f);
    T[0] = T[1] = T[2] = T[3] = 0;
    ieee.begin((d.m4 & XXC) !== 0);
    for (let i = 0; i < n; i++) {
      writeEl(f, i, toInteger(f, readEl(cpu.vr, d.v2, f, i), rm, width, logical));
      if (ieee.element(cpu, i)) break;
    }
    ieee.end(cpu);
    copyTo(cpu, d.v1, T);
  };
}

/**
 * VFLL/VLDE (format M3: 2 short to long from the even words, 3 long to extended from
 * doubleword 0; SE in M4). The VXC names the source element.
 */
const vlde: Handler = (cpu, d) => {
  if (d.m3 !== 2 && d.m3 !== 3) throw specification();
  reserved(d.m4, SE);
  const from = d.m3 === 2 ? SHORT : LONG;
  const to = d.m3 === 2 ? LONG : EXTENDED;
  const n = (d.m4 & SE) !== 0 || to === EXTENDED ? 1 : 2;
  const rm = fpcRoundingMode(cpu);
  T[0] = T[1] = T[2] = T[3] = 0;
  ieee.begin();
  for (let i = 0; i < n; i++) {
    const src = from === SHORT ? 2 * i : 0;
    writeEl(to, i, convert(from, to, readEl(cpu.vr, d.v2, from, src), rm));
    if (ieee.element(cpu, src)) break;
  }
  ieee.end(cpu);
  copyTo(cpu, d.v1, T);
};

/**
 * VFLR/VLED (format M3: 3 long to short into the even words, 4 extended to long into
 * doubleword 0; XxC and SE in M4; rounding M5). For extended the other doubleword of V1 is
 * unpredictable and left unchanged (as QEMU does).
 */
const vled: Handler = (cpu, d) => {
  if (d.m3 !== 3 && d.m3 !== 4) throw specification();
  reserved(d.m4, SE | XXC);
  const rm = vectorRounding(cpu, d.m5);
  const from = d.m3 === 3 ? LONG : EXTENDED;
  const to = d.m3 === 3 ? SHORT : LONG;
  const n = (d.m4 & SE) !== 0 || from === EXTENDED ? 1 : 2;
  const vr = cpu.vr;
  T[0] = T[1] = T[2] = T[3] = 0;
  if (from === EXTENDED) { T[2] = vr[4 * d.v1 + 2]; T[3] = vr[4 * d.v1 + 3]; }
  ieee.begin((d.m4 & XXC) !== 0);
  for (let i = 0; i < n; i++) {
    writeEl(to, to === SHORT ? 2 * i : 0, convert(from, to, readEl(vr, d.v2, from, i), rm));
    if (ieee.element(cpu, i)) break;
  }
  ieee.end(cpu);
  copyTo(cpu, d.v1, T);
};

/**
 * VFPSO (format M3, SE M4, operation M5: 0 complement, 1 negative, 2 positive). With SE the
 * other elements of V1 are unpredictable; as on QEMU, doubleword 1 is left unchanged and
 * word 1 (short format) is copied from V2.
 */
const vfpso: Handler = (cpu, d) => {
  const f = formatOf(d.m3);
  reserved(d.m4, SE);
  if (d.m5 > 2) throw specification();
  const n = (d.m4 & SE) !== 0 ? 1 : elements(f);
  for (let w = 0; w < 4; w++) T[w] = cpu.vr[4 * d.v1 + w];
  T[1] = cpu.vr[4 * d.v2 + 1];
  for (let i = 0; i < n; i++) {
    const a = readEl(cpu.vr, d.v2, f, i);
    writeEl(f, i, d.m5 === 0 ? a ^ f.signBit : d.m5 === 1 ? a | f.signBit : a & ~f.signBit);
  }
  copyTo(cpu, d.v1, T);
};

/**
 * VFTCI (VRI-e: class mask I3, format M4, SE M5): all-ones elements whose data class is
 * selected; CC 0 all, 1 some, 3 none. With SE the other elements of V1 are unpredictable
 * and left unchanged (as QEMU does).
 */
const vftci: Handler = (cpu, d) => {
  const f = formatOf(d.m4);
  reserved(d.m5, SE);
  const n = (d.m5 & SE) !== 0 ? 1 : elements(f);
  const vr = cpu.vr;
  for (let w = 0; w < 4; w++) T[w] = vr[4 * d.v1 + w];
  let trues = 0;
  for (let i = 0; i < n; i++) {
    const t = (dataClassBit(f, readEl(vr, d.v2, f, i)) & d.i3) !== 0;
    if (t) trues++;
    writeEl(f, i, t ? (1n << BigInt(f.bits)) - 1n : 0n);
  }
  copyTo(cpu, d.v1, T);
  cpu.cc = trues === n ? 0 : trues === 0 ? 3 : 1;
};

// ---- maximum / minimum ---------------------------------------------------------------------

/** VFMAX/VFMIN comparison types (M6, plus 8 for the magnitude forms). */
const TYPE = { IEEE: 0, JAVA: 1, C_MACRO: 2, CPP: 3, FMAX: 4 } as const;

/** a is preferred over b by the ordering of the operation (max: a >= b; min: a <= b). */
function prefersA(f: BinaryFormat, a: bigint, b: bigint, min: boolean, magnitude: boolean): boolean {
  const sa = (a & f.signBit) !== 0n, sb = (b & f.signBit) !== 0n;
  const ma = a & ~f.signBit, mb = b & ~f.signBit;
  // Magnitudes order like the bit patterns; signs are considered unless comparing
  // magnitudes that differ.
  let cmp: number = ma === mb ? 0 : ma > mb ? 1 : -1;
  if (!magnitude || cmp === 0) {
    if (sa !== sb) cmp = sa ? -1 : 1;
    else if (sa) cmp = -cmp;
  }
  if (min) cmp = -cmp;
  return cmp >= 0;
}

function isZero(f: BinaryFormat, a: bigint): boolean {
  return (a & ~f.signBit) === 0n;
}

/** One element of VFMAX/VFMIN; may set the invalid flag in softfloat.status. */
function minMax(f: BinaryFormat, a: bigint, b: bigint, type: number, magnitude: boolean, min: boolean): bigint {
  if (type === TYPE.IEEE) {
    // maxNum/minNum (IEEE 754-2008): a quiet NaN loses against a number.
    if (isNaN(f, a) || isNaN(f, b)) {
      const sig = isSignaling(f, a) || isSignaling(f, b);
      if (sig) status.flags |= FLAG.INVALID;
      if (!sig && !(isNaN(f, a) && isNaN(f, b))) return isNaN(f, a) ? b : a;
      if (isSignaling(f, a)) return quiet(f, a);
      if (isSignaling(f, b)) return quiet(f, b);
      return a;
    }
    return prefersA(f, a, b, min, magnitude) ? a : b;
  }
  if (magnitude) { a &= ~f.signBit; b &= ~f.signBit; }
  const nanA = isNaN(f, a), nanB = isNaN(f, b);
  if (nanA || nanB) {
    if (isSignaling(f, a) || isSignaling(f, b)) status.flags |= FLAG.INVALID;
    switch (type) {
      case TYPE.JAVA:
        if (isSignaling(f, a)) return quiet(f, a);
        if (isSignaling(f, b)) return quiet(f, b);
        return nanA ? a : b;
      case TYPE.FMAX: return nanB ? a : b;
      case TYPE.C_MACRO: status.flags |= FLAG.INVALID; return b;
      default: status.flags |= FLAG.INVALID; return a;
    }
  }
  if (isZero(f, a) && isZero(f, b)) {
    const negA = (a & f.signBit) !== 0n;
    switch (type) {
      case TYPE.JAVA: return min ? (negA ? a : b) : (negA ? b : a);
      case TYPE.FMAX: return min ? (negA ? a : b) : (negA ? b : a);
      case TYPE.C_MACRO: return b;
      default: return a;
    }
  }
  return prefersA(f, a, b, min, false) ? a : b;
}

/** VFMAX/VFMIN (VRR-c: format M4, SE M5, type M6: 0-4, or 8-12 comparing magnitudes). */
function maxMin(min: boolean): Handler {
  return (cpu, d) => {
    const f = formatOf(d.m4);
    reserved(d.m5, SE);
    const type = d.m6 & 7;
    if (type > 4) throw specification();
    const magnitude = (d.m6 & 8) !== 0;
    const n = (d.m5 & SE) !== 0 ? 1 : elements(f);
    T[0] = T[1] = T[2] = T[3] = 0;
    ieee.begin();
    for (let i = 0; i < n; i++) {
      writeEl(f, i, minMax(f, readEl(cpu.vr, d.v2, f, i), readEl(cpu.vr, d.v3, f, i), type, magnitude, min));
      if (ieee.element(cpu, i)) break;
    }
    ieee.end(cpu);
    copyTo(cpu, d.v1, T);
  };
}

export const VECTOR_FP_MISC_HANDLERS: HandlerTable = {
  vfce: fpCompare('e'), vfch: fpCompare('h'), vfche: fpCompare('he'),
  wfc: scalarCompare(false), wfk: scalarCompare(true),
  vcdg: fromFixed(false), vcdlg: fromFixed(true), vcgd: toFixed(false), vclgd: toFixed(true),
  vlde, vled, vfpso, vftci,
  vfmax: maxMin(false), vfmin: maxMin(true),
};
