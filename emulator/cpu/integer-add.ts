// ADD and SUBTRACT, signed and logical, in register, storage, immediate, distinct-
// operands and storage-immediate forms, with carry / borrow (ALC*, SLB*), the high-word
// facility's forms on bits 0-31, and LOAD COMPLEMENT / POSITIVE / NEGATIVE (PoP "General
// Instructions"). Signed results set CC 0/1/2 by sign or 3 on overflow (then fixed-point
// overflow if the program mask allows, after the result is stored); logical results set
// CC bit 1 for a nonzero result and bit 2 for a carry (for subtraction: no borrow).
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { add64, R } from './int64';
import { addLogical64, addSigned64, cc64, ccAdd32, ccLogical32, ccSub32, overflow, subSigned64 } from './integer-ops';

const sext8 = (v: number): number => (v << 24) >> 24;
const sext16 = (v: number): number => (v << 16) >> 16;

function ea(cpu: Cpu, d: Decoded): number {
  return cpu.ea(d.x2, d.b2, d.d2);
}

/** Bits 32-63 of r1 := a + b (signed CC). `i` is the gpr index of the result word. */
function add32(cpu: Cpu, i: number, a: number, b: number): void {
  const r = (a + b) | 0;
  cpu.gpr[i] = r;
  ccAdd32(cpu, a, b, r);
}
function sub32(cpu: Cpu, i: number, a: number, b: number): void {
  const r = (a - b) | 0;
  cpu.gpr[i] = r;
  ccSub32(cpu, a, b, r);
}
/** Logical add of two unsigned words (plus carry) into gpr word i. */
function addl32(cpu: Cpu, i: number, a: number, b: number, carry: number): void {
  const sum = (a >>> 0) + (b >>> 0) + carry;
  cpu.gpr[i] = sum;
  ccLogical32(cpu, sum);
}
/** Logical a - b - borrow as a + ~b + (1 - borrow): CC bit 2 means "no borrow". */
function subl32(cpu: Cpu, i: number, a: number, b: number, noBorrow: number): void {
  const sum = (a >>> 0) + (~b >>> 0) + noBorrow;
  cpu.gpr[i] = sum;
  ccLogical32(cpu, sum);
}

/** Storage operand of ASI/AGSI/ALSI/ALGSI: D1(B1). */
function siAddress(cpu: Cpu, d: Decoded): number {
  return cpu.ea(0, d.b1, d.d1);
}

export const ADD_HANDLERS: HandlerTable = {
  // ---- signed 32
  ar(cpu, d) { const g = cpu.gpr; add32(cpu, 2 * d.r1 + 1, g[2 * d.r1 + 1], g[2 * d.r2 + 1]); },
  ark(cpu, d) { const g = cpu.gpr; add32(cpu, 2 * d.r1 + 1, g[2 * d.r2 + 1], g[2 * d.r3 + 1]); },
  a(cpu, d) { add32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  ay(cpu, d) { add32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  ah(cpu, d) { add32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },
  ahy(cpu, d) { add32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },
  ahi(cpu, d) { add32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], sext16(d.i2)); },
  afi(cpu, d) { add32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], d.i2 | 0); },
  ahik(cpu, d) { add32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r3 + 1], sext16(d.i2)); },
  asi(cpu, d) {
    const addr = siAddress(cpu, d), a = cpu.read32(addr), b = sext8(d.i2), r = (a + b) | 0;
    cpu.write32(addr, r);
    ccAdd32(cpu, a, b, r);
  },
  sr(cpu, d) { const g = cpu.gpr; sub32(cpu, 2 * d.r1 + 1, g[2 * d.r1 + 1], g[2 * d.r2 + 1]); },
  srk(cpu, d) { const g = cpu.gpr; sub32(cpu, 2 * d.r1 + 1, g[2 * d.r2 + 1], g[2 * d.r3 + 1]); },
  s(cpu, d) { sub32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  sy(cpu, d) { sub32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  sh(cpu, d) { sub32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },
  shy(cpu, d) { sub32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },

  // ---- signed 64
  agr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; addSigned64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1]); },
  agrk(cpu, d) { const g = cpu.gpr, i = 2 * d.r2, j = 2 * d.r3; addSigned64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1]); },
  agfr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, b = g[2 * d.r2 + 1] | 0; addSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  ag(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; addSigned64(cpu, d.r1, g[i], g[i + 1], cpu.hi, cpu.lo); },
  agf(cpu, d) { const b = cpu.read32(ea(cpu, d)) | 0, g = cpu.gpr, i = 2 * d.r1; addSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  agh(cpu, d) { const b = sext16(cpu.read16(ea(cpu, d))), g = cpu.gpr, i = 2 * d.r1; addSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  aghi(cpu, d) { const b = sext16(d.i2), g = cpu.gpr, i = 2 * d.r1; addSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  agfi(cpu, d) { const b = d.i2 | 0, g = cpu.gpr, i = 2 * d.r1; addSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  aghik(cpu, d) { const b = sext16(d.i2), g = cpu.gpr, i = 2 * d.r3; addSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  agsi(cpu, d) {
    const addr = siAddress(cpu, d), b = sext8(d.i2);
    cpu.read64(addr);
    add64(cpu.hi, cpu.lo, b >> 31 >>> 0, b >>> 0);
    cpu.write64(addr, R.hi, R.lo);
    if (R.overflow) overflow(cpu); else cc64(cpu, R.hi, R.lo);
  },
  sgr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; subSigned64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1]); },
  sgrk(cpu, d) { const g = cpu.gpr, i = 2 * d.r2, j = 2 * d.r3; subSigned64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1]); },
  sgfr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, b = g[2 * d.r2 + 1] | 0; subSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  sg(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; subSigned64(cpu, d.r1, g[i], g[i + 1], cpu.hi, cpu.lo); },
  sgf(cpu, d) { const b = cpu.read32(ea(cpu, d)) | 0, g = cpu.gpr, i = 2 * d.r1; subSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },
  sgh(cpu, d) { const b = sext16(cpu.read16(ea(cpu, d))), g = cpu.gpr, i = 2 * d.r1; subSigned64(cpu, d.r1, g[i], g[i + 1], b >> 31, b); },

  // ---- logical 32 (ALC/SLB take the carry from CC bit 2)
  alr(cpu, d) { const g = cpu.gpr; addl32(cpu, 2 * d.r1 + 1, g[2 * d.r1 + 1], g[2 * d.r2 + 1], 0); },
  alrk(cpu, d) { const g = cpu.gpr; addl32(cpu, 2 * d.r1 + 1, g[2 * d.r2 + 1], g[2 * d.r3 + 1], 0); },
  al(cpu, d) { addl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d)), 0); },
  aly(cpu, d) { addl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d)), 0); },
  alfi(cpu, d) { addl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], d.i2, 0); },
  alhsik(cpu, d) { addl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r3 + 1], sext16(d.i2), 0); },
  alsi(cpu, d) {
    const addr = siAddress(cpu, d), sum = cpu.read32(addr) + (sext8(d.i2) >>> 0);
    cpu.write32(addr, sum >>> 0);
    ccLogical32(cpu, sum);
  },
  alcr(cpu, d) { const g = cpu.gpr; addl32(cpu, 2 * d.r1 + 1, g[2 * d.r1 + 1], g[2 * d.r2 + 1], cpu.cc >>> 1); },
  alc(cpu, d) { const b = cpu.read32(ea(cpu, d)); addl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], b, cpu.cc >>> 1); },
  slr(cpu, d) { const g = cpu.gpr; subl32(cpu, 2 * d.r1 + 1, g[2 * d.r1 + 1], g[2 * d.r2 + 1], 1); },
  slrk(cpu, d) { const g = cpu.gpr; subl32(cpu, 2 * d.r1 + 1, g[2 * d.r2 + 1], g[2 * d.r3 + 1], 1); },
  sl(cpu, d) { subl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d)), 1); },
  sly(cpu, d) { subl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d)), 1); },
  slfi(cpu, d) { subl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], d.i2, 1); },
  slbr(cpu, d) { const g = cpu.gpr; subl32(cpu, 2 * d.r1 + 1, g[2 * d.r1 + 1], g[2 * d.r2 + 1], cpu.cc >>> 1); },
  slb(cpu, d) { const b = cpu.read32(ea(cpu, d)); subl32(cpu, 2 * d.r1 + 1, cpu.gpr[2 * d.r1 + 1], b, cpu.cc >>> 1); },

  // ---- logical 64
  algr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; addLogical64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1], 0); },
  algrk(cpu, d) { const g = cpu.gpr, i = 2 * d.r2, j = 2 * d.r3; addLogical64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1], 0); },
  algfr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], 0, g[2 * d.r2 + 1], 0); },
  alg(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], cpu.hi, cpu.lo, 0); },
  algf(cpu, d) { const b = cpu.read32(ea(cpu, d)), g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], 0, b, 0); },
  algfi(cpu, d) { const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], 0, d.i2, 0); },
  alghsik(cpu, d) { const b = sext16(d.i2), g = cpu.gpr, i = 2 * d.r3; addLogical64(cpu, d.r1, g[i], g[i + 1], b >> 31, b, 0); },
  algsi(cpu, d) {
    const addr = siAddress(cpu, d), b = sext8(d.i2);
    cpu.read64(addr);
    add64(cpu.hi, cpu.lo, b >> 31 >>> 0, b >>> 0);
    cpu.write64(addr, R.hi, R.lo);
    cpu.cc = ((R.hi | R.lo) !== 0 ? 1 : 0) | (R.carry << 1);
  },
  alcgr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; addLogical64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1], cpu.cc >>> 1); },
  alcg(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], cpu.hi, cpu.lo, cpu.cc >>> 1); },
  slgr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; addLogical64(cpu, d.r1, g[i], g[i + 1], ~g[j], ~g[j + 1], 1); },
  slgrk(cpu, d) { const g = cpu.gpr, i = 2 * d.r2, j = 2 * d.r3; addLogical64(cpu, d.r1, g[i], g[i + 1], ~g[j], ~g[j + 1], 1); },
  slgfr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], ~0, ~g[2 * d.r2 + 1], 1); },
  slg(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], ~cpu.hi, ~cpu.lo, 1); },
  slgf(cpu, d) { const b = cpu.read32(ea(cpu, d)), g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], ~0, ~b, 1); },
  slgfi(cpu, d) { const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], ~0, ~d.i2, 1); },
  slbgr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; addLogical64(cpu, d.r1, g[i], g[i + 1], ~g[j], ~g[j + 1], cpu.cc >>> 1); },
  slbg(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; addLogical64(cpu, d.r1, g[i], g[i + 1], ~cpu.hi, ~cpu.lo, cpu.cc >>> 1); },

  // ---- high word: bits 0-31 of R1 from bits 0-31 of R2 and bits 0-31 (HHH) or 32-63 (HHL) of R3
  ahhhr(cpu, d) { const g = cpu.gpr; add32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3]); },
  ahhlr(cpu, d) { const g = cpu.gpr; add32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3 + 1]); },
  shhhr(cpu, d) { const g = cpu.gpr; sub32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3]); },
  shhlr(cpu, d) { const g = cpu.gpr; sub32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3 + 1]); },
  alhhhr(cpu, d) { const g = cpu.gpr; addl32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3], 0); },
  alhhlr(cpu, d) { const g = cpu.gpr; addl32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3 + 1], 0); },
  slhhhr(cpu, d) { const g = cpu.gpr; subl32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3], 1); },
  slhhlr(cpu, d) { const g = cpu.gpr; subl32(cpu, 2 * d.r1, g[2 * d.r2], g[2 * d.r3 + 1], 1); },
  aih(cpu, d) { add32(cpu, 2 * d.r1, cpu.gpr[2 * d.r1], d.i2 | 0); },
  alsih(cpu, d) { addl32(cpu, 2 * d.r1, cpu.gpr[2 * d.r1], d.i2, 0); },
  alsihn(cpu, d) { const g = cpu.gpr; g[2 * d.r1] = g[2 * d.r1] + (d.i2 | 0); },

  // ---- complement, positive, negative
  lcr(cpu, d) { sub32(cpu, 2 * d.r1 + 1, 0, cpu.gpr[2 * d.r2 + 1]); },
  lcgr(cpu, d) { const g = cpu.gpr, j = 2 * d.r2; subSigned64(cpu, d.r1, 0, 0, g[j], g[j + 1]); },
  lcgfr(cpu, d) { const b = cpu.gpr[2 * d.r2 + 1] | 0; subSigned64(cpu, d.r1, 0, 0, b >> 31, b); },
  lpr(cpu, d) {
    const b = cpu.gpr[2 * d.r2 + 1] | 0;
    if (b < 0) sub32(cpu, 2 * d.r1 + 1, 0, b); else { cpu.gpr[2 * d.r1 + 1] = b; cpu.cc = b === 0 ? 0 : 2; }
  },
  lpgr(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, hi = g[j], lo = g[j + 1];
    if ((hi | 0) < 0) subSigned64(cpu, d.r1, 0, 0, hi, lo);
    else { g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 2; }
  },
  lpgfr(cpu, d) {
    const b = cpu.gpr[2 * d.r2 + 1] | 0;
    if (b < 0) subSigned64(cpu, d.r1, 0, 0, -1, b); else { cpu.gpr[2 * d.r1] = 0; cpu.gpr[2 * d.r1 + 1] = b; cpu.cc = b === 0 ? 0 : 2; }
  },
  lnr(cpu, d) {
    const b = cpu.gpr[2 * d.r2 + 1] | 0, r = b > 0 ? -b : b;
    cpu.gpr[2 * d.r1 + 1] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
  lngr(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, hi = g[j], lo = g[j + 1];
    if ((hi | 0) >= 0 && (hi | lo) !== 0) subSigned64(cpu, d.r1, 0, 0, hi, lo);
    else { g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1; }
  },
  lngfr(cpu, d) {
    const b = cpu.gpr[2 * d.r2 + 1] | 0, r = b > 0 ? -b : b;
    cpu.gpr[2 * d.r1] = r >> 31;
    cpu.gpr[2 * d.r1 + 1] = r;
    cpu.cc = r === 0 ? 0 : 1;
  },
};
