// BFP conversions: load lengthened / rounded between short, long and extended, convert
// from and to signed and logical fixed point (32/64-bit, rounding method in M3), load FP
// integer, and test data class.
import type { Handler, HandlerTable } from './decoded';
import {
  M4_XIC, checkPair, fieldRoundingMode, fpcRoundingMode, ieeeDone, ieeeResult, readFpr, readMem, storeResult,
} from './bfp-common';
import { EXTENDED, FLAG, LONG, SHORT, clearStatus, status, type BinaryFormat } from './softfloat';
import { convert, dataClassBit, fromInteger, roundToIntegral, toInteger } from './softfloat-ops';

/** LOAD LENGTHENED: exact, a signaling NaN is quieted (invalid operation). */
function lengthen(from: BinaryFormat, to: BinaryFormat, inStorage: boolean): Handler {
  return (cpu, d) => {
    if (to === EXTENDED) checkPair(d.r1);
    const a = inStorage ? readMem(cpu, from, cpu.ea(d.x2, d.b2, d.d2)) : readFpr(cpu, from, d.r2);
    clearStatus();
    storeResult(cpu, to, d.r1, convert(from, to, a, fpcRoundingMode(cpu)), false);
  };
}

/** LOAD ROUNDED with the rounding method of M3 and inexact suppression in M4. */
function shorten(from: BinaryFormat, to: BinaryFormat): Handler {
  return (cpu, d) => {
    if (from === EXTENDED) checkPair(d.r2);
    const rm = fieldRoundingMode(cpu, d.m3);
    const a = readFpr(cpu, from, d.r2);
    clearStatus();
    storeResult(cpu, to, d.r1, convert(from, to, a, rm), false, (d.m4 & M4_XIC) !== 0);
  };
}

/** CONVERT FROM FIXED / FROM LOGICAL: a 32- or 64-bit general register to BFP. */
function fromFixed(to: BinaryFormat, width: 32 | 64, logical: boolean): Handler {
  return (cpu, d) => {
    if (to === EXTENDED) checkPair(d.r1);
    const rm = fieldRoundingMode(cpu, d.m3);
    let v: bigint;
    if (width === 32) v = BigInt(logical ? cpu.r32(d.r2) : cpu.r32(d.r2) | 0);
    else {
      const u = (BigInt(cpu.rHi(d.r2)) << 32n) | BigInt(cpu.r32(d.r2));
      v = logical ? u : BigInt.asIntN(64, u);
    }
    clearStatus();
    storeResult(cpu, to, d.r1, fromInteger(to, v, rm), false, (d.m4 & M4_XIC) !== 0);
  };
}

/** CONVERT TO FIXED / TO LOGICAL: BFP to a 32- or 64-bit general register, CC by source. */
function toFixed(from: BinaryFormat, width: 32 | 64, logical: boolean): Handler {
  return (cpu, d) => {
    if (from === EXTENDED) checkPair(d.r2);
    const rm = fieldRoundingMode(cpu, d.m3);
    const a = readFpr(cpu, from, d.r2);
    clearStatus();
    const r = toInteger(from, a, rm, width, logical);
    const cc = (status.flags & FLAG.INVALID) !== 0 ? 3 : sourceCc(from, a);
    ieeeResult(cpu, 0n, (d.m4 & M4_XIC) !== 0);
    if (width === 32) cpu.setR32(d.r1, Number(r));
    else cpu.setR64(d.r1, Number(r >> 32n), Number(r & 0xffff_ffffn));
    cpu.cc = cc;
    ieeeDone();
  };
}

function sourceCc(f: BinaryFormat, a: bigint): number {
  if ((a & ~f.signBit) === 0n) return 0;
  return (a & f.signBit) !== 0n ? 1 : 2;
}

/** LOAD FP INTEGER with the rounding method of M3 and inexact suppression in M4. */
function fpInteger(f: BinaryFormat): Handler {
  return (cpu, d) => {
    if (f === EXTENDED) { checkPair(d.r1); checkPair(d.r2); }
    const rm = fieldRoundingMode(cpu, d.m3);
    const a = readFpr(cpu, f, d.r2);
    clearStatus();
    storeResult(cpu, f, d.r1, roundToIntegral(f, a, rm), false, (d.m4 & M4_XIC) !== 0);
  };
}

/** TEST DATA CLASS: CC 1 when the class bit of op1 is one in bits 52-63 of the address. */
function testDataClass(f: BinaryFormat): Handler {
  return (cpu, d) => {
    if (f === EXTENDED) checkPair(d.r1);
    const mask = cpu.ea(d.x2, d.b2, d.d2) % 4096;
    cpu.cc = (dataClassBit(f, readFpr(cpu, f, d.r1)) & mask) !== 0 ? 1 : 0;
  };
}

export const BFP_CONVERT_HANDLERS: HandlerTable = {
  ldebr: lengthen(SHORT, LONG, false), ldeb: lengthen(SHORT, LONG, true),
  lxdbr: lengthen(LONG, EXTENDED, false), lxdb: lengthen(LONG, EXTENDED, true),
  lxebr: lengthen(SHORT, EXTENDED, false), lxeb: lengthen(SHORT, EXTENDED, true),
  ledbra: shorten(LONG, SHORT), ldxbra: shorten(EXTENDED, LONG), lexbra: shorten(EXTENDED, SHORT),
  cefbra: fromFixed(SHORT, 32, false), cdfbra: fromFixed(LONG, 32, false), cxfbra: fromFixed(EXTENDED, 32, false),
  cegbra: fromFixed(SHORT, 64, false), cdgbra: fromFixed(LONG, 64, false), cxgbra: fromFixed(EXTENDED, 64, false),
  celfbr: fromFixed(SHORT, 32, true), cdlfbr: fromFixed(LONG, 32, true), cxlfbr: fromFixed(EXTENDED, 32, true),
  celgbr: fromFixed(SHORT, 64, true), cdlgbr: fromFixed(LONG, 64, true), cxlgbr: fromFixed(EXTENDED, 64, true),
  cfebra: toFixed(SHORT, 32, false), cfdbra: toFixed(LONG, 32, false), cfxbra: toFixed(EXTENDED, 32, false),
  cgebra: toFixed(SHORT, 64, false), cgdbra: toFixed(LONG, 64, false), cgxbra: toFixed(EXTENDED, 64, false),
  clfebr: toFixed(SHORT, 32, true), clfdbr: toFixed(LONG, 32, true), clfxbr: toFixed(EXTENDED, 32, true),
  clgebr: toFixed(SHORT, 64, true), clgdbr: toFixed(LONG, 64, true), clgxbr: toFixed(EXTENDED, 64, true),
  fiebra: fpInteger(SHORT), fidbra: fpInteger(LONG), fixbra: fpInteger(EXTENDED),
  tceb: testDataClass(SHORT), tcdb: testDataClass(LONG), tcxb: testDataClass(EXTENDED),
};
