// Hexadecimal floating point (PoP chapter 18), the basics: load and test / complement /
// positive / negative, halve, add and subtract normalized, compare, multiply, divide, load
// lengthened and load rounded, in short (6 hex digits) and long (14 digits) format.
// Results are truncated (only LOAD ROUNDED rounds); intermediate sums keep one guard digit.
// Exponent overflow always interrupts (completion, characteristic wrapped); exponent
// underflow and significance interrupt only when enabled in the PSW program mask,
// otherwise the result is a true zero.
import type { Cpu } from './cpu';
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { PROGRAM_MASK } from './state';

interface Hfp {
  sign: boolean;
  /** Characteristic (biased exponent, excess 64); may leave 0..127 in intermediate steps. */
  c: number;
  /** Fraction as an integer of `digits` hex digits: value = f * 16^(c - 64 - digits). */
  f: bigint;
}

const SHORT = 6;
const LONG = 14;
const SIGN = 0x8000_0000;

function read(cpu: Cpu, n: number, digits: number): Hfp {
  const hi = cpu.vr[4 * n];
  const frac = digits === SHORT ? BigInt(hi & 0xff_ffff) : (BigInt(hi & 0xff_ffff) << 32n) | BigInt(cpu.vr[4 * n + 1]);
  return { sign: (hi & SIGN) !== 0, c: (hi >>> 24) & 0x7f, f: frac };
}

function readMem(cpu: Cpu, addr: number, digits: number): Hfp {
  if (digits === SHORT) {
    const w = cpu.read32(addr);
    return { sign: (w & SIGN) !== 0, c: (w >>> 24) & 0x7f, f: BigInt(w & 0xff_ffff) };
  }
  cpu.read64(addr);
  return { sign: (cpu.hi & SIGN) !== 0, c: (cpu.hi >>> 24) & 0x7f, f: (BigInt(cpu.hi & 0xff_ffff) << 32n) | BigInt(cpu.lo) };
}

function write(cpu: Cpu, n: number, digits: number, v: Hfp): void {
  const f = digits === SHORT ? v.f : v.f >> 32n;
  cpu.vr[4 * n] = ((v.sign ? SIGN : 0) | ((v.c & 0x7f) << 24) | Number(f & 0xff_ffffn)) >>> 0;
  if (digits === LONG) cpu.vr[4 * n + 1] = Number(v.f & 0xffff_ffffn);
}

const TRUE_ZERO: Hfp = { sign: false, c: 0, f: 0n };
const digitsOf = (x: bigint): number => (x === 0n ? 0 : Math.ceil(x.toString(16).length));

/** Shifts a nonzero fraction left until its leading digit (of `digits`) is nonzero. */
function normalize(v: Hfp, digits: number): Hfp {
  let { c, f } = v;
  if (f === 0n) return v;
  const shift = digits - digitsOf(f);
  f <<= BigInt(4 * shift);
  c -= shift;
  return { sign: v.sign, c, f };
}

/**
 * Stores a normalized result and raises exponent overflow/underflow as the architecture
 * says: overflow always interrupts with the characteristic wrapped; underflow gives a true
 * zero unless the exponent-underflow mask is on.
 */
function finish(cpu: Cpu, r1: number, digits: number, v: Hfp, setCc: boolean): void {
  let pgm = 0;
  let out = v;
  if (v.f !== 0n && v.c > 127) {
    pgm = PGM.HFP_EXPONENT_OVERFLOW;
    out = { ...v, c: v.c - 128 };
  } else if (v.f !== 0n && v.c < 0) {
    if ((cpu.programMask & PROGRAM_MASK.HFP_EXPONENT_UNDERFLOW) !== 0) {
      pgm = PGM.HFP_EXPONENT_UNDERFLOW;
      out = { ...v, c: v.c + 128 };
    } else out = TRUE_ZERO;
  }
  write(cpu, r1, digits, out);
  if (setCc) cpu.cc = out.f === 0n ? 0 : out.sign ? 1 : 2;
  if (pgm !== 0) throw new ProgramInterrupt(pgm);
}

/** The intermediate sum of two operands with one guard digit (digits + 1 digits), signed. */
function sum(a: Hfp, b: Hfp, digits: number): { sign: boolean; c: number; g: bigint } {
  let x = a.f << 4n;
  let y = b.f << 4n;
  let c = a.c;
  const diff = a.c - b.c;
  if (diff > 0) { y = diff > digits + 1 ? 0n : y >> BigInt(4 * diff); }
  else if (diff < 0) { x = -diff > digits + 1 ? 0n : x >> BigInt(-4 * diff); c = b.c; }
  const s = (a.sign ? -x : x) + (b.sign ? -y : y);
  return { sign: s < 0n, c, g: s < 0n ? -s : s };
}

function addNormalized(cpu: Cpu, r1: number, a: Hfp, b: Hfp, digits: number): void {
  const s = sum(a, b, digits);
  if (s.g === 0n) {
    if ((cpu.programMask & PROGRAM_MASK.HFP_SIGNIFICANCE) !== 0) {
      write(cpu, r1, digits, { sign: false, c: s.c, f: 0n });
      cpu.cc = 0;
      throw new ProgramInterrupt(PGM.HFP_SIGNIFICANCE);
    }
    write(cpu, r1, digits, TRUE_ZERO);
    cpu.cc = 0;
    return;
  }
  let g = s.g;
  let c = s.c;
  if (g >> BigInt(4 * (digits + 1)) !== 0n) { g >>= 4n; c++; } // carry out of the leading digit
  const n = normalize({ sign: s.sign, c, f: g }, digits + 1);
  finish(cpu, r1, digits, { sign: n.sign, c: n.c, f: n.f >> 4n }, true);
}

function compareHfp(a: Hfp, b: Hfp, digits: number): number {
  const s = sum(a, { ...b, sign: !b.sign }, digits);
  return s.g === 0n ? 0 : s.sign ? 1 : 2;
}

function multiply(cpu: Cpu, r1: number, a: Hfp, b: Hfp, digits: number, resultDigits: number): void {
  if (a.f === 0n || b.f === 0n) { write(cpu, r1, resultDigits, TRUE_ZERO); return; }
  const x = normalize(a, digits);
  const y = normalize(b, digits);
  let p = x.f * y.f; // 2*digits digits
  let c = x.c + y.c - 64;
  if (digitsOf(p) < 2 * digits) { p <<= 4n; c--; }
  const f = resultDigits >= 2 * digits ? p << BigInt(4 * (resultDigits - 2 * digits)) : p >> BigInt(4 * (2 * digits - resultDigits));
  finish(cpu, r1, resultDigits, { sign: x.sign !== y.sign, c, f }, false);
}

function divide(cpu: Cpu, r1: number, a: Hfp, b: Hfp, digits: number): void {
  if (b.f === 0n) throw new ProgramInterrupt(PGM.HFP_DIVIDE);
  if (a.f === 0n) { write(cpu, r1, digits, TRUE_ZERO); return; }
  const x = normalize(a, digits);
  const y = normalize(b, digits);
  let c = x.c - y.c + 64;
  let num = x.f;
  if (num >= y.f) c++; else num <<= 4n;
  const q = (num << BigInt(4 * (digits - 1))) / y.f;
  finish(cpu, r1, digits, { sign: x.sign !== y.sign, c, f: q }, false);
}

type Binary = (cpu: Cpu, r1: number, a: Hfp, b: Hfp, digits: number) => void;

function rr(digits: number, op: Binary): Handler {
  return (cpu, d) => op(cpu, d.r1, read(cpu, d.r1, digits), read(cpu, d.r2, digits), digits);
}
function rx(digits: number, op: Binary): Handler {
  return (cpu, d) => op(cpu, d.r1, read(cpu, d.r1, digits), readMem(cpu, cpu.ea(d.x2, d.b2, d.d2), digits), digits);
}

const add: Binary = (cpu, r1, a, b, n) => addNormalized(cpu, r1, a, b, n);
const sub: Binary = (cpu, r1, a, b, n) => addNormalized(cpu, r1, a, { ...b, sign: !b.sign }, n);
const cmp: Binary = (cpu, _r1, a, b, n) => { cpu.cc = compareHfp(a, b, n); };
const mulSame: Binary = (cpu, r1, a, b, n) => multiply(cpu, r1, a, b, n, n);
const mulLonger: Binary = (cpu, r1, a, b) => multiply(cpu, r1, a, b, SHORT, LONG);
const div: Binary = (cpu, r1, a, b, n) => divide(cpu, r1, a, b, n);

/** Sign and test instructions: copy with a sign rule, CC from the fraction and sign. */
function signOp(digits: number, rule: (s: boolean) => boolean): Handler {
  return (cpu, d) => {
    const v = read(cpu, d.r2, digits);
    const out = { ...v, sign: rule(v.sign) };
    write(cpu, d.r1, digits, out);
    cpu.cc = out.f === 0n ? 0 : out.sign ? 1 : 2;
  };
}

function halve(digits: number): Handler {
  return (cpu, d) => {
    const v = read(cpu, d.r2, digits);
    if (v.f === 0n) { write(cpu, d.r1, digits, TRUE_ZERO); return; }
    const n = normalize({ sign: v.sign, c: v.c, f: (v.f << 4n) >> 1n }, digits + 1);
    finish(cpu, d.r1, digits, { sign: n.sign, c: n.c, f: n.f >> 4n }, false);
  };
}

/** LOAD ROUNDED long to short: add one at the first dropped bit, no normalization. */
const loadRounded: Handler = (cpu, d) => {
  const v = read(cpu, d.r2, LONG);
  let f = (v.f + (1n << 31n)) >> 32n;
  let c = v.c;
  if (f >> 24n !== 0n) { f >>= 4n; c++; }
  finish(cpu, d.r1, SHORT, { sign: v.sign, c, f }, false);
};

const lengthen = (v: Hfp): Hfp => ({ ...v, f: v.f << 32n });

export const HFP_HANDLERS: HandlerTable = {
  ltdr: signOp(LONG, (s) => s), lter: signOp(SHORT, (s) => s),
  lcdr: signOp(LONG, (s) => !s), lcer: signOp(SHORT, (s) => !s),
  lpdr: signOp(LONG, () => false), lper: signOp(SHORT, () => false),
  lndr: signOp(LONG, () => true), lner: signOp(SHORT, () => true),
  hdr: halve(LONG), her: halve(SHORT),
  adr: rr(LONG, add), ad: rx(LONG, add), aer: rr(SHORT, add), ae: rx(SHORT, add),
  sdr: rr(LONG, sub), sd: rx(LONG, sub), ser: rr(SHORT, sub), se: rx(SHORT, sub),
  cdr: rr(LONG, cmp), cd: rx(LONG, cmp), cer: rr(SHORT, cmp), ce: rx(SHORT, cmp),
  mdr: rr(LONG, mulSame), md: rx(LONG, mulSame), meer: rr(SHORT, mulSame), mee: rx(SHORT, mulSame),
  mder: rr(SHORT, mulLonger), mde: rx(SHORT, mulLonger),
  ddr: rr(LONG, div), dd: rx(LONG, div), der: rr(SHORT, div), de: rx(SHORT, div),
  lder: (cpu, d) => write(cpu, d.r1, LONG, lengthen(read(cpu, d.r2, SHORT))),
  lde: (cpu, d) => write(cpu, d.r1, LONG, lengthen(readMem(cpu, cpu.ea(d.x2, d.b2, d.d2), SHORT))),
  ledr: loadRounded,
};
