// Vector BFP: the element loop shared by every vector floating-point instruction, and the
// arithmetic ones (add, subtract, multiply, divide, square root, multiply and add/subtract
// and their negated forms, load FP integer). Elements are short (4 per register), long
// (2) or extended (1) by the M field; the single-element control (SE, the W* mnemonics)
// restricts the operation to element 0. IEEE exceptions (PoP "Vector Floating-Point
// Instructions"): an exception whose FPC mask is one suppresses the whole instruction with
// a vector-processing exception whose VXC names the lowest such element and the exception;
// otherwise the flags of all elements are set together. Values go through the exact
// soft-float (softfloat*.ts).
import type { Cpu } from './cpu';
import type { Handler, HandlerTable } from './decoded';
import { FPC, fieldRoundingMode, fpcRoundingMode } from './bfp-common';
import { PGM, ProgramInterrupt } from './interrupts';
import { EXTENDED, FLAG, LONG, SHORT, clearStatus, status, type BinaryFormat, type RoundingMode } from './softfloat';
import { add, div, fma, mul, roundToIntegral, sqrt } from './softfloat-ops';
import { T, copyTo, specification } from './vector-common';

/** Single-element control: bit 0 of the M field that holds it. */
export const SE = 0x8;
/** Inexact-suppression control (XxC) of the M field that holds it. */
export const XXC = 0x4;

/** Vector-interruption codes of IEEE exceptions (low four bits of the VXC). */
const VIC = { INVALID: 1, DIVIDE: 2, OVERFLOW: 3, UNDERFLOW: 4, INEXACT: 5 } as const;

/** Floating-point format field: 2 short, 3 long, 4 extended. */
export function formatOf(fpf: number): BinaryFormat {
  switch (fpf) {
    case 2: return SHORT;
    case 3: return LONG;
    case 4: return EXTENDED;
    default: throw specification();
  }
}

/** Elements of format f in a register. */
export function elements(f: BinaryFormat): number {
  return 128 / f.bits;
}

/** Element i of format f of register v as bits. */
export function readEl(vr: Uint32Array, v: number, f: BinaryFormat, i: number): bigint {
  const o = 4 * v;
  switch (f.bits) {
    case 32: return BigInt(vr[o + i]);
    case 64: return (BigInt(vr[o + 2 * i]) << 32n) | BigInt(vr[o + 2 * i + 1]);
    default: return (BigInt(vr[o]) << 96n) | (BigInt(vr[o + 1]) << 64n) | (BigInt(vr[o + 2]) << 32n) | BigInt(vr[o + 3]);
  }
}

/** Element i of format f of the scratch result T. */
export function writeEl(f: BinaryFormat, i: number, bits: bigint): void {
  switch (f.bits) {
    case 32: T[i] = Number(bits & 0xffff_ffffn); break;
    case 64: T[2 * i] = Number((bits >> 32n) & 0xffff_ffffn); T[2 * i + 1] = Number(bits & 0xffff_ffffn); break;
    default:
      for (let w = 0; w < 4; w++) T[w] = Number((bits >> BigInt(96 - 32 * w)) & 0xffff_ffffn);
  }
}

/**
 * IEEE bookkeeping across the elements of one instruction. `begin` before the loop;
 * `element(i)` after each element's operation (reads and clears softfloat.status) returns
 * true when that element traps, so the loop can stop; `end` raises the vector-processing
 * exception or sets the FPC flags.
 */
export const ieee = {
  flags: 0,
  vxc: 0,
  xxc: false,
  begin(xxc = false): void {
    this.flags = 0;
    this.vxc = 0;
    this.xxc = xxc;
    clearStatus();
  },
  element(cpu: Cpu, i: number): boolean {
    const fl = status.flags;
    clearStatus();
    if (fl === 0) return false;
    const inexact = (fl & FLAG.INEXACT) !== 0 && !this.xxc;
    const masks = cpu.fpc >>> FPC.MASK_SHIFT;
    let code = 0;
    if ((fl & FLAG.INVALID) !== 0) code = (masks & FLAG.INVALID) !== 0 ? VIC.INVALID : 0;
    else if ((fl & FLAG.DIVIDE) !== 0) code = (masks & FLAG.DIVIDE) !== 0 ? VIC.DIVIDE : 0;
    else {
      if ((fl & FLAG.OVERFLOW) !== 0 && (masks & FLAG.OVERFLOW) !== 0) code = VIC.OVERFLOW;
      else if ((fl & FLAG.UNDERFLOW) !== 0 && (masks & FLAG.UNDERFLOW) !== 0) code = VIC.UNDERFLOW;
      else if (inexact && (masks & FLAG.INEXACT) !== 0) code = VIC.INEXACT;
    }
    if (code !== 0) {
      this.vxc = (i << 4) | code;
      return true;
    }
    // Underflow is reported (untrapped) only together with a loss of accuracy.
    let f = fl & (FLAG.INVALID | FLAG.DIVIDE | FLAG.OVERFLOW);
    if ((fl & FLAG.UNDERFLOW) !== 0 && (fl & FLAG.INEXACT) !== 0) f |= FLAG.UNDERFLOW;
    if (inexact) f |= FLAG.INEXACT;
    this.flags |= f;
    return false;
  },
  end(cpu: Cpu): void {
    if (this.vxc !== 0) throw new ProgramInterrupt(PGM.VECTOR_PROCESSING, false, this.vxc);
    if (this.flags !== 0) cpu.fpc = (cpu.fpc | (this.flags << FPC.FLAG_SHIFT)) >>> 0;
  },
};

/** Throws a specification exception when M-field bits outside `allowed` are one. */
export function reserved(m: number, allowed: number): void {
  if ((m & ~allowed) !== 0) throw specification();
}

type Binary = (f: BinaryFormat, a: bigint, b: bigint, rm: RoundingMode) => bigint;

/**
 * Element loop of a two-source operation (VRR-c: format in M4, SE in M5). The result
 * register is zero outside the processed elements (as the oracle shows for the SE forms).
 */
function arith(op: Binary): Handler {
  return (cpu, d) => {
    const f = formatOf(d.m4);
    reserved(d.m5, SE);
    const n = (d.m5 & SE) !== 0 ? 1 : elements(f);
    const rm = fpcRoundingMode(cpu);
    const vr = cpu.vr;
    T[0] = T[1] = T[2] = T[3] = 0;
    ieee.begin();
    for (let i = 0; i < n; i++) {
      writeEl(f, i, op(f, readEl(vr, d.v2, f, i), readEl(vr, d.v3, f, i), rm));
      if (ieee.element(cpu, i)) break;
    }
    ieee.end(cpu);
    copyTo(cpu, d.v1, T);
  };
}

/**
 * One element of VFMA/VFMS/VFNMA/VFNMS: V2 * V3 +/- V4, for the N forms negated before
 * rounding (so directed rounding sees the negated value). A NaN result is not negated.
 */
function fusedElement(f: BinaryFormat, a: bigint, b: bigint, c: bigint, rm: RoundingMode, negateC: boolean,
  negateR: boolean): bigint {
  const nan = (x: bigint): boolean => (x & ~f.signBit) > f.expMask;
  if (!negateR || nan(a) || nan(b) || nan(c)) return fma(f, a, b, c, rm, negateC);
  // -(a*b + c) = (-a)*b - c, which rounds the negated exact value.
  const r = fma(f, a ^ f.signBit, b, c, rm, !negateC);
  if ((r & ~f.signBit) !== 0n || (status.flags & FLAG.INEXACT) !== 0) return r;
  // An exact zero: the sign of the unnegated zero sum, inverted.
  return fma(f, a, b, c, rm, negateC) ^ f.signBit;
}

type Variant = 'ma' | 'ms' | 'nma' | 'nms';

/** VFMA/VFMS/VFNMA/VFNMS (VRR-e: SE in M5, format in M6). */
function fused(variant: Variant): Handler {
  return (cpu, d) => {
    const f = formatOf(d.m6);
    reserved(d.m5, SE);
    const n = (d.m5 & SE) !== 0 ? 1 : elements(f);
    const rm = fpcRoundingMode(cpu);
    const vr = cpu.vr;
    const negateC = variant === 'ms' || variant === 'nms';
    const negateR = variant === 'nma' || variant === 'nms';
    T[0] = T[1] = T[2] = T[3] = 0;
    ieee.begin();
    for (let i = 0; i < n; i++) {
      writeEl(f, i, fusedElement(f, readEl(vr, d.v2, f, i), readEl(vr, d.v3, f, i), readEl(vr, d.v4, f, i), rm, negateC, negateR));
      if (ieee.element(cpu, i)) break;
    }
    ieee.end(cpu);
    copyTo(cpu, d.v1, T);
  };
}

/** VFSQ (VRR-a: format in M3, SE in M4). */
const vfsq: Handler = (cpu, d) => {
  const f = formatOf(d.m3);
  reserved(d.m4, SE);
  const n = (d.m4 & SE) !== 0 ? 1 : elements(f);
  const rm = fpcRoundingMode(cpu);
  T[0] = T[1] = T[2] = T[3] = 0;
  ieee.begin();
  for (let i = 0; i < n; i++) {
    writeEl(f, i, sqrt(f, readEl(cpu.vr, d.v2, f, i), rm));
    if (ieee.element(cpu, i)) break;
  }
  ieee.end(cpu);
  copyTo(cpu, d.v1, T);
};

/** Rounding method of an M field of the vector BFP instructions (0: the FPC's). */
export function vectorRounding(cpu: Cpu, m: number): RoundingMode {
  return fieldRoundingMode(cpu, m);
}

/** VFI (VRR-a: format M3, XxC and SE in M4, rounding method in M5). */
const vfi: Handler = (cpu, d) => {
  const f = formatOf(d.m3);
  reserved(d.m4, SE | XXC);
  const rm = vectorRounding(cpu, d.m5);
  const n = (d.m4 & SE) !== 0 ? 1 : elements(f);
  T[0] = T[1] = T[2] = T[3] = 0;
  ieee.begin((d.m4 & XXC) !== 0);
  for (let i = 0; i < n; i++) {
    writeEl(f, i, roundToIntegral(f, readEl(cpu.vr, d.v2, f, i), rm));
    if (ieee.element(cpu, i)) break;
  }
  ieee.end(cpu);
  copyTo(cpu, d.v1, T);
};

export const VECTOR_FP_ARITH_HANDLERS: HandlerTable = {
  vfa: arith((f, a, b, rm) => add(f, a, b, rm)),
  vfs: arith((f, a, b, rm) => add(f, a, b, rm, true)),
  vfm: arith(mul),
  vfd: arith(div),
  vfma: fused('ma'), vfms: fused('ms'), vfnma: fused('nma'), vfnms: fused('nms'),
  vfsq, vfi,
};
