// ROTATE THEN {INSERT, AND, OR, EXCLUSIVE OR} SELECTED BITS (RISBG, RISBGN, RISBHG,
// RISBLG, RNSBG, ROSBG, RXSBG; PoP "General Instructions"). The second operand is
// rotated left by I5, then the bits from I3 to I4 (wrapping past bit 63) are combined
// into R1. I4 bit 0 is the zero-remaining-bits flag (insert forms), I3 bit 0 the
// test-only flag (and/or/xor forms). The Z-flag spellings (risbgz ...) execute through these base rows.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { rotHi, rotLo, rotl64 } from './shift';

const FLAG = 0x80;

/** Ones in bit positions s..e (0 = leftmost) of a 32-bit word, 0 <= s <= e <= 31. */
function ones32(s: number, e: number): number {
  return ((0xffff_ffff >>> s) & (0xffff_ffff << (31 - e))) >>> 0;
}

/** Selection mask words for bits s..e of a 64-bit value, wrapping when s > e. */
let mh = 0, ml = 0;
function mask64(s: number, e: number): void {
  if (s <= e) {
    mh = s <= 31 ? ones32(s, e < 31 ? e : 31) : 0;
    ml = e >= 32 ? ones32(s > 32 ? s - 32 : 0, e - 32) : 0;
  } else {
    // Wrap-around: s..63 and 0..e.
    mask64(s, 63);
    const h1 = mh, l1 = ml;
    mask64(0, e);
    mh = (mh | h1) >>> 0;
    ml = (ml | l1) >>> 0;
  }
}

/** Rotates R2 by I5 and builds the I3..I4 mask (bits 58-63 of each field). */
function prepare(cpu: Cpu, d: Decoded): void {
  rotl64(cpu.gpr[2 * d.r2], cpu.gpr[2 * d.r2 + 1], d.i5 & 63);
  mask64(d.i3 & 63, d.i4 & 63);
}

/** RISBG / RISBGN: insert the selected bits; zero or keep the others. */
function risbg(cpu: Cpu, d: Decoded): void {
  prepare(cpu, d);
  const g = cpu.gpr, i = 2 * d.r1;
  const keep = (d.i4 & FLAG) !== 0;
  const hi = keep ? rotHi() & mh : (g[i] & ~mh) | (rotHi() & mh);
  const lo = keep ? rotLo() & ml : (g[i + 1] & ~ml) | (rotLo() & ml);
  g[i] = hi;
  g[i + 1] = lo;
}

export const SHIFT_ROTATE_HANDLERS: HandlerTable = {
  risbg(cpu, d) {
    risbg(cpu, d);
    const hi = cpu.gpr[2 * d.r1], lo = cpu.gpr[2 * d.r1 + 1];
    cpu.cc = (hi | lo) === 0 ? 0 : (hi | 0) < 0 ? 1 : 2;
  },
  risbgn: risbg,

  rnsbg(cpu, d) {
    prepare(cpu, d);
    const g = cpu.gpr, i = 2 * d.r1;
    const hi = g[i] & (rotHi() | ~mh), lo = g[i + 1] & (rotLo() | ~ml);
    cpu.cc = ((hi & mh) | (lo & ml)) === 0 ? 0 : 1;
    if ((d.i3 & FLAG) === 0) { g[i] = hi; g[i + 1] = lo; }
  },
  rosbg(cpu, d) {
    prepare(cpu, d);
    const g = cpu.gpr, i = 2 * d.r1;
    const hi = g[i] | (rotHi() & mh), lo = g[i + 1] | (rotLo() & ml);
    cpu.cc = ((hi & mh) | (lo & ml)) === 0 ? 0 : 1;
    if ((d.i3 & FLAG) === 0) { g[i] = hi; g[i + 1] = lo; }
  },
  rxsbg(cpu, d) {
    prepare(cpu, d);
    const g = cpu.gpr, i = 2 * d.r1;
    const hi = g[i] ^ (rotHi() & mh), lo = g[i + 1] ^ (rotLo() & ml);
    cpu.cc = ((hi & mh) | (lo & ml)) === 0 ? 0 : 1;
    if ((d.i3 & FLAG) === 0) { g[i] = hi; g[i + 1] = lo; }
  },

  /** High word only: positions I3..I4 (bits 59-63 of each) within bits 0-31; no CC. */
  risbhg(cpu, d) {
    rotl64(cpu.gpr[2 * d.r2], cpu.gpr[2 * d.r2 + 1], d.i5 & 63);
    const m = mask32(d.i3 & 31, d.i4 & 31);
    const i = 2 * d.r1;
    cpu.gpr[i] = (d.i4 & FLAG) !== 0 ? rotHi() & m : (cpu.gpr[i] & ~m) | (rotHi() & m);
  },
  /** Low word only: positions 32 + I3..I4 within bits 32-63; no CC. */
  risblg(cpu, d) {
    rotl64(cpu.gpr[2 * d.r2], cpu.gpr[2 * d.r2 + 1], d.i5 & 63);
    const m = mask32(d.i3 & 31, d.i4 & 31);
    const i = 2 * d.r1 + 1;
    cpu.gpr[i] = (d.i4 & FLAG) !== 0 ? rotLo() & m : (cpu.gpr[i] & ~m) | (rotLo() & m);
  },
};

/** Ones in positions s..e of a 32-bit word, wrapping past bit 31 when s > e. */
function mask32(s: number, e: number): number {
  return s <= e ? ones32(s, e) : (ones32(s, 31) | ones32(0, e)) >>> 0;
}
