// Fast paths for the common BFP case: short and long operands, FPC rounding mode nearest
// even, finite normal results. Computed on doubles (short via Math.fround; double rounding
// is innocuous since 53 >= 2*24+2), with exactness from error-free transformations
// (TwoSum, Dekker's TwoProduct). Anything else (NaN, infinity, tiny or huge values, other
// rounding modes, an enabled inexact trap) goes to the exact handler the path wraps.
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';

const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer); // host little-endian: w64[1] is the high word
const f32 = new Float32Array(1);
const w32 = new Uint32Array(f32.buffer);

const MIN_NORMAL_D = 2 ** -1022;
const MAX_D = Number.MAX_VALUE;
const MIN_NORMAL_F = 2 ** -126;
const MAX_F = 3.4028234663852886e38;
/** Range where Dekker's product splitting neither overflows nor loses low bits. */
const SPLIT_MAX = 2 ** 995;
const PRODUCT_MIN = 2 ** -960;
const SPLITTER = 134217729; // 2^27 + 1

/** FPC: rounding mode bits and the inexact mask / flag. */
const FPC_RM = 0x7;
const MASK_X = 0x0800_0000;
const FLAG_X = 0x0008_0000;

function getLong(cpu: Cpu, n: number): number {
  w64[1] = cpu.vr[4 * n];
  w64[0] = cpu.vr[4 * n + 1];
  return f64[0];
}
function setLong(cpu: Cpu, n: number, x: number): void {
  f64[0] = x;
  cpu.vr[4 * n] = w64[1];
  cpu.vr[4 * n + 1] = w64[0];
}
function memLong(cpu: Cpu, d: Decoded): number {
  cpu.read64(cpu.ea(d.x2, d.b2, d.d2));
  w64[1] = cpu.hi;
  w64[0] = cpu.lo;
  return f64[0];
}
function getShort(cpu: Cpu, n: number): number {
  w32[0] = cpu.vr[4 * n];
  return f32[0];
}
function setShort(cpu: Cpu, n: number, x: number): void {
  f32[0] = x;
  cpu.vr[4 * n] = w32[0];
}
function memShort(cpu: Cpu, d: Decoded): number {
  w32[0] = cpu.read32(cpu.ea(d.x2, d.b2, d.d2));
  return f32[0];
}

/** Low part of a*b (a*b = p + low exactly), for |a|,|b| < SPLIT_MAX and |p| > PRODUCT_MIN. */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** Nearest-even result of a binary operation, or NaN when the exact handler must run. */
type Kernel = (a: number, b: number) => number;
/** Set by a kernel: whether its result was inexact. */
let inexact = false;

const addLong: Kernel = (a, b) => {
  const s = a + b;
  const m = Math.abs(s);
  if (m > MIN_NORMAL_D && m <= MAX_D) {
    const bb = s - a;
    inexact = (a - (s - bb)) + (b - bb) !== 0;
    return s;
  }
  inexact = false;
  return s === 0 ? s : NaN;
};
const subLong: Kernel = (a, b) => addLong(a, -b);

const mulLong: Kernel = (a, b) => {
  const p = a * b;
  const m = Math.abs(p);
  if (m > PRODUCT_MIN && m <= MAX_D && Math.abs(a) < SPLIT_MAX && Math.abs(b) < SPLIT_MAX) {
    inexact = productError(a, b, p) !== 0;
    return p;
  }
  inexact = false;
  return p === 0 && (a === 0 || b === 0) ? p : NaN;
};

const divLong: Kernel = (a, b) => {
  const q = a / b;
  const m = Math.abs(q);
  if (m > MIN_NORMAL_D && m < SPLIT_MAX && Math.abs(a) > PRODUCT_MIN && Math.abs(b) < SPLIT_MAX) {
    const ph = q * b;
    inexact = a - ph !== productError(q, b, ph);
    return q;
  }
  inexact = false;
  return q === 0 && a === 0 && b !== 0 && b === b ? q : NaN;
};

function shortResult(d: number, exactInDouble: boolean): number {
  const r = Math.fround(d);
  const m = Math.abs(r);
  if (m > MIN_NORMAL_F && m <= MAX_F) {
    inexact = !exactInDouble || r !== d;
    return r;
  }
  inexact = false;
  return r === 0 && d === 0 && exactInDouble ? r : NaN;
}

const addShort: Kernel = (a, b) => {
  const s = a + b;
  const bb = s - a;
  return shortResult(s, (a - (s - bb)) + (b - bb) === 0);
};
const subShort: Kernel = (a, b) => addShort(a, -b);
const mulShort: Kernel = (a, b) => shortResult(a * b, true);
const divShort: Kernel = (a, b) => {
  const r = Math.fround(a / b);
  const m = Math.abs(r);
  if (m > MIN_NORMAL_F && m <= MAX_F) {
    inexact = r * b !== a;
    return r;
  }
  inexact = false;
  return r === 0 && a === 0 && b !== 0 && b === b ? r : NaN;
};

function cc(x: number): number {
  return x > 0 ? 2 : x < 0 ? 1 : 0;
}

/** Wraps a kernel as a handler for a register (RRE) or storage (RXE) form. */
function binary(kernel: Kernel, long: boolean, storage: boolean, setCc: boolean, slow: Handler): Handler {
  return (cpu, d) => {
    if ((cpu.fpc & FPC_RM) !== 0) return slow(cpu, d);
    const a = long ? getLong(cpu, d.r1) : getShort(cpu, d.r1);
    const b = storage ? (long ? memLong(cpu, d) : memShort(cpu, d)) : long ? getLong(cpu, d.r2) : getShort(cpu, d.r2);
    const r = kernel(a, b);
    if (r !== r) return slow(cpu, d);
    if (inexact) {
      if ((cpu.fpc & MASK_X) !== 0) return slow(cpu, d);
      cpu.fpc = (cpu.fpc | FLAG_X) >>> 0;
    }
    if (long) setLong(cpu, d.r1, r); else setShort(cpu, d.r1, r);
    if (setCc) cpu.cc = cc(r);
  };
}

function comparing(long: boolean, storage: boolean, slow: Handler): Handler {
  return (cpu, d) => {
    const a = long ? getLong(cpu, d.r1) : getShort(cpu, d.r1);
    const b = storage ? (long ? memLong(cpu, d) : memShort(cpu, d)) : long ? getLong(cpu, d.r2) : getShort(cpu, d.r2);
    if (a !== a || b !== b) return slow(cpu, d);
    cpu.cc = a === b ? 0 : a < b ? 1 : 2;
  };
}

const sqrtLong = (slow: Handler): Handler => (cpu, d) => {
  const a = getLong(cpu, d.r2);
  if ((cpu.fpc & FPC_RM) !== 0 || !(a > PRODUCT_MIN && a <= MAX_D)) return slow(cpu, d);
  const s = Math.sqrt(a);
  const ph = s * s;
  if (ph !== a || productError(s, s, ph) !== 0) {
    if ((cpu.fpc & MASK_X) !== 0) return slow(cpu, d);
    cpu.fpc = (cpu.fpc | FLAG_X) >>> 0;
  }
  setLong(cpu, d.r1, s);
};

/** Fast handlers wrapping the exact ones in `slow` (keyed by the same mnemonics). */
export function FAST_ARITH(slow: HandlerTable): HandlerTable {
  const out: Record<string, Handler> = {};
  const kernels: [string, Kernel, Kernel, boolean][] = [
    ['a', addShort, addLong, true], ['s', subShort, subLong, true], ['m', mulShort, mulLong, false],
    ['d', divShort, divLong, false],
  ];
  for (const [op, short, long, setCc] of kernels) {
    const e = op === 'm' ? 'mee' : `${op}e`;
    out[`${e}br`] = binary(short, false, false, setCc, slow[`${e}br`]);
    out[`${e}b`] = binary(short, false, true, setCc, slow[`${e}b`]);
    out[`${op}dbr`] = binary(long, true, false, setCc, slow[`${op}dbr`]);
    out[`${op}db`] = binary(long, true, true, setCc, slow[`${op}db`]);
  }
  out.cebr = comparing(false, false, slow.cebr);
  out.ceb = comparing(false, true, slow.ceb);
  out.cdbr = comparing(true, false, slow.cdbr);
  out.cdb = comparing(true, true, slow.cdb);
  out.sqdbr = sqrtLong(slow.sqdbr);
  return out;
}
