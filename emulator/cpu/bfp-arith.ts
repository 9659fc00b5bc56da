// BFP arithmetic instructions: add, subtract, multiply (also the lengthening MDEB/MXDB
// forms), divide, square root, multiply and add/subtract, compare (and signal), load and
// test, and the sign instructions (load complement/negative/positive) in short, long and
// extended format. Short and long nearest-even cases run on doubles (bfp-fast.ts); the rest
// on exact significands (softfloat).
import type { Handler, HandlerTable } from './decoded';
import type { Cpu } from './cpu';
import {
  checkPair, fpcRoundingMode, ieeeDone, ieeeResult, readFpr, readMem, resultCc, storeResult, writeFpr,
} from './bfp-common';
import { FAST_ARITH } from './bfp-fast';
import { EXTENDED, LONG, SHORT, clearStatus, isSignaling, propagateNaN, quiet, status, FLAG, type BinaryFormat,
  type RoundingMode } from './softfloat';
import { add, compare, convert, div, fma, mul, sqrt } from './softfloat-ops';

type Binary = (f: BinaryFormat, a: bigint, b: bigint, rm: RoundingMode) => bigint;

const sub: Binary = (f, a, b, rm) => add(f, a, b, rm, true);
const addOp: Binary = (f, a, b, rm) => add(f, a, b, rm);

function pairs(f: BinaryFormat, ...regs: number[]): void {
  if (f === EXTENDED) for (const r of regs) checkPair(r);
}

/** op1 <- op1 OP op2 with both operands in registers. */
function rr(f: BinaryFormat, op: Binary, setCc: boolean): Handler {
  return (cpu, d) => {
    pairs(f, d.r1, d.r2);
    clearStatus();
    storeResult(cpu, f, d.r1, op(f, readFpr(cpu, f, d.r1), readFpr(cpu, f, d.r2), fpcRoundingMode(cpu)), setCc);
  };
}

/** op1 <- op1 OP op2 with op2 in storage. */
function rx(f: BinaryFormat, op: Binary, setCc: boolean): Handler {
  return (cpu, d) => {
    const b = readMem(cpu, f, cpu.ea(d.x2, d.b2, d.d2));
    clearStatus();
    storeResult(cpu, f, d.r1, op(f, readFpr(cpu, f, d.r1), b, fpcRoundingMode(cpu)), setCc);
  };
}

/** Multiply giving the next longer format: exact except for NaN operands. */
function lengthening(from: BinaryFormat, to: BinaryFormat): Binary {
  return (_f, a, b, rm) => {
    if (propagates(from, a, b)) return convert(from, to, propagateNaN(from, a, b), rm);
    return mul(to, convert(from, to, a, rm), convert(from, to, b, rm), rm);
  };
}

function propagates(f: BinaryFormat, a: bigint, b: bigint): boolean {
  const nan = f.expMask;
  return ((a & ~f.signBit) > nan) || ((b & ~f.signBit) > nan);
}

function mulLong(from: BinaryFormat, to: BinaryFormat, inStorage: boolean): Handler {
  const op = lengthening(from, to);
  return (cpu, d) => {
    if (to === EXTENDED) checkPair(d.r1);
    const b = inStorage ? readMem(cpu, from, cpu.ea(d.x2, d.b2, d.d2)) : readFpr(cpu, from, d.r2);
    clearStatus();
    storeResult(cpu, to, d.r1, op(to, readFpr(cpu, from, d.r1), b, fpcRoundingMode(cpu)), false);
  };
}

/** MULTIPLY AND ADD/SUBTRACT: op1 <- op3 * op2 +/- op1, rounded once. */
function fused(f: BinaryFormat, negate: boolean, inStorage: boolean): Handler {
  return (cpu, d) => {
    // Register forms are RRD: R1 in bits 16-19, R3 in bits 24-27. The ISA table names those
    // fields after binutils' RRF-a operand list (R3 first), so read them from the bytes.
    const r1 = inStorage ? d.r1 : d.bytes[2] >> 4;
    const r3 = inStorage ? d.r3 : d.bytes[3] >> 4;
    const b = inStorage ? readMem(cpu, f, cpu.ea(d.x2, d.b2, d.d2)) : readFpr(cpu, f, d.r2);
    clearStatus();
    const r = fma(f, readFpr(cpu, f, r3), b, readFpr(cpu, f, r1), fpcRoundingMode(cpu), negate);
    storeResult(cpu, f, r1, r, false);
  };
}

function comparing(f: BinaryFormat, signaling: boolean, inStorage: boolean): Handler {
  return (cpu, d) => {
    if (!inStorage) pairs(f, d.r1, d.r2);
    const b = inStorage ? readMem(cpu, f, cpu.ea(d.x2, d.b2, d.d2)) : readFpr(cpu, f, d.r2);
    clearStatus();
    const cc = compare(f, readFpr(cpu, f, d.r1), b, signaling);
    ieeeResult(cpu, 0n);
    cpu.cc = cc;
  };
}

function squareRoot(f: BinaryFormat, inStorage: boolean): Handler {
  return (cpu, d) => {
    if (!inStorage) pairs(f, d.r1, d.r2);
    const a = inStorage ? readMem(cpu, f, cpu.ea(d.x2, d.b2, d.d2)) : readFpr(cpu, f, d.r2);
    clearStatus();
    storeResult(cpu, f, d.r1, sqrt(f, a, fpcRoundingMode(cpu)), false);
  };
}

/** LOAD AND TEST: copies op2, quieting a signaling NaN (invalid operation). */
function loadAndTest(f: BinaryFormat): Handler {
  return (cpu, d) => {
    pairs(f, d.r1, d.r2);
    const a = readFpr(cpu, f, d.r2);
    clearStatus();
    let r = a;
    if (isSignaling(f, a)) { status.flags |= FLAG.INVALID; r = quiet(f, a); }
    const v = ieeeResult(cpu, r);
    writeFpr(cpu, f, d.r1, v);
    cpu.cc = resultCc(f, v);
    ieeeDone();
  };
}

/** LOAD COMPLEMENT / NEGATIVE / POSITIVE: sign bit only, NaNs included, no exceptions. */
function signOp(f: BinaryFormat, kind: 'complement' | 'negative' | 'positive'): Handler {
  return (cpu: Cpu, d) => {
    pairs(f, d.r1, d.r2);
    const a = readFpr(cpu, f, d.r2);
    const r = kind === 'complement' ? a ^ f.signBit : kind === 'negative' ? a | f.signBit : a & ~f.signBit;
    writeFpr(cpu, f, d.r1, r);
    cpu.cc = resultCc(f, r);
  };
}

const SLOW: HandlerTable = {
  aebr: rr(SHORT, addOp, true), adbr: rr(LONG, addOp, true), axbr: rr(EXTENDED, addOp, true),
  aeb: rx(SHORT, addOp, true), adb: rx(LONG, addOp, true),
  sebr: rr(SHORT, sub, true), sdbr: rr(LONG, sub, true), sxbr: rr(EXTENDED, sub, true),
  seb: rx(SHORT, sub, true), sdb: rx(LONG, sub, true),
  meebr: rr(SHORT, mul, false), mdbr: rr(LONG, mul, false), mxbr: rr(EXTENDED, mul, false),
  meeb: rx(SHORT, mul, false), mdb: rx(LONG, mul, false),
  mdebr: mulLong(SHORT, LONG, false), mdeb: mulLong(SHORT, LONG, true),
  mxdbr: mulLong(LONG, EXTENDED, false), mxdb: mulLong(LONG, EXTENDED, true),
  debr: rr(SHORT, div, false), ddbr: rr(LONG, div, false), dxbr: rr(EXTENDED, div, false),
  deb: rx(SHORT, div, false), ddb: rx(LONG, div, false),
  maebr: fused(SHORT, false, false), madbr: fused(LONG, false, false),
  maeb: fused(SHORT, false, true), madb: fused(LONG, false, true),
  msebr: fused(SHORT, true, false), msdbr: fused(LONG, true, false),
  mseb: fused(SHORT, true, true), msdb: fused(LONG, true, true),
  cebr: comparing(SHORT, false, false), cdbr: comparing(LONG, false, false), cxbr: comparing(EXTENDED, false, false),
  ceb: comparing(SHORT, false, true), cdb: comparing(LONG, false, true),
  kebr: comparing(SHORT, true, false), kdbr: comparing(LONG, true, false), kxbr: comparing(EXTENDED, true, false),
  keb: comparing(SHORT, true, true), kdb: comparing(LONG, true, true),
  sqebr: squareRoot(SHORT, false), sqdbr: squareRoot(LONG, false), sqxbr: squareRoot(EXTENDED, false),
  sqeb: squareRoot(SHORT, true), sqdb: squareRoot(LONG, true),
  ltebr: loadAndTest(SHORT), ltdbr: loadAndTest(LONG), ltxbr: loadAndTest(EXTENDED),
  lcebr: signOp(SHORT, 'complement'), lcdbr: signOp(LONG, 'complement'), lcxbr: signOp(EXTENDED, 'complement'),
  lnebr: signOp(SHORT, 'negative'), lndbr: signOp(LONG, 'negative'), lnxbr: signOp(EXTENDED, 'negative'),
  lpebr: signOp(SHORT, 'positive'), lpdbr: signOp(LONG, 'positive'), lpxbr: signOp(EXTENDED, 'positive'),
};

/** The exact-significand handlers, for tests that compare them with the fast paths. */
export const BFP_ARITH_SLOW = SLOW;

export const BFP_ARITH_HANDLERS: HandlerTable = { ...SLOW, ...FAST_ARITH(SLOW) };
