// Bit- and byte-selecting instructions: TEST UNDER MASK, INSERT / STORE / COMPARE
// LOGICAL CHARACTERS UNDER MASK, INSERT IMMEDIATE, FIND LEFTMOST ONE, POPULATION COUNT
// (PoP "General Instructions").
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

/** TEST UNDER MASK (RI forms): 0 selected bits zero (or mask zero), 1 mixed with the
 * leftmost selected bit zero, 2 mixed with it one, 3 selected bits all ones. */
function tmImmediate(cpu: Cpu, field: number, mask: number): void {
  const sel = field & mask;
  if (sel === 0) cpu.cc = 0;
  else if (sel === mask) cpu.cc = 3;
  else cpu.cc = (field & (0x8000_0000 >>> Math.clz32(mask))) !== 0 ? 2 : 1;
}

/** TEST UNDER MASK (SI forms): 0 zeros (or mask zero), 1 mixed, 3 ones. */
function tmStorage(cpu: Cpu, d: Decoded): void {
  const sel = cpu.read8(cpu.ea(0, d.b1, d.d1)) & d.i2;
  cpu.cc = sel === 0 ? 0 : sel === d.i2 ? 3 : 1;
}

/**
 * INSERT CHARACTERS UNDER MASK into word `w` (0 high, 1 low) of register r1. CC: 0 all
 * inserted bits zero or mask zero, 1 leftmost inserted bit one, 2 otherwise.
 */
function icm(cpu: Cpu, d: Decoded, w: number): void {
  const m = d.m3;
  const i = 2 * d.r1 + w;
  const addr = cpu.ea(0, d.b2, d.d2);
  if (m === 15) {
    const v = cpu.read32(addr);
    cpu.gpr[i] = v;
    cpu.cc = v === 0 ? 0 : (v & 0x8000_0000) !== 0 ? 1 : 2;
    return;
  }
  let v = cpu.gpr[i];
  let k = 0;
  let first = -1;
  let any = 0;
  for (let b = 0; b < 4; b++) {
    if ((m & (8 >> b)) === 0) continue;
    const x = cpu.read8(cpu.wrap(addr + k++));
    if (first < 0) first = x;
    any |= x;
    const shift = 24 - 8 * b;
    v = (v & ~(0xff << shift)) | (x << shift);
  }
  cpu.gpr[i] = v;
  cpu.cc = any === 0 ? 0 : (first & 0x80) !== 0 ? 1 : 2;
}

/** STORE CHARACTERS UNDER MASK from word `w` of r1: selected bytes, contiguously. */
function stcm(cpu: Cpu, d: Decoded, w: number): void {
  const m = d.m3;
  const v = cpu.gpr[2 * d.r1 + w];
  const addr = cpu.ea(0, d.b2, d.d2);
  if (m === 15) { cpu.write32(addr, v); return; }
  const n = BYTES_IN_MASK[m];
  if (n === 0) return;
  cpu.checkWritable(addr, n);
  let k = 0;
  for (let b = 0; b < 4; b++) if ((m & (8 >> b)) !== 0) cpu.write8(cpu.wrap(addr + k++), v >>> (24 - 8 * b));
}

/** COMPARE LOGICAL CHARACTERS UNDER MASK: 0 equal (or mask zero), 1 register low, 2 high. */
function clm(cpu: Cpu, d: Decoded, w: number): void {
  const m = d.m3;
  const v = cpu.gpr[2 * d.r1 + w];
  const addr = cpu.ea(0, d.b2, d.d2);
  let k = 0;
  cpu.cc = 0;
  for (let b = 0; b < 4; b++) {
    if ((m & (8 >> b)) === 0) continue;
    const x = cpu.read8(cpu.wrap(addr + k++));
    const y = (v >>> (24 - 8 * b)) & 0xff;
    if (x !== y) { cpu.cc = y < x ? 1 : 2; return; }
  }
}

const BYTES_IN_MASK = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Number of one bits in a 32-bit value. */
function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x5555_5555);
  v = (v & 0x3333_3333) + ((v >>> 2) & 0x3333_3333);
  v = (v + (v >>> 4)) & 0x0f0f_0f0f;
  return Math.imul(v, 0x0101_0101) >>> 24;
}

/** Per-byte population counts of a 32-bit value (each byte holds its own count). */
function popcountBytes(v: number): number {
  v = v - ((v >>> 1) & 0x5555_5555);
  v = (v & 0x3333_3333) + ((v >>> 2) & 0x3333_3333);
  return (v + (v >>> 4)) & 0x0f0f_0f0f;
}

/** POPCNT M3 bit 0 (miscellaneous-instruction-extensions 3): one total count. */
const POPCNT_TOTAL = 8;

export const LOGICAL_MASK_HANDLERS: HandlerTable = {
  tm: tmStorage,
  tmy: tmStorage,
  tmhh(cpu, d) { tmImmediate(cpu, cpu.gpr[2 * d.r1] >>> 16, d.i2); },
  tmhl(cpu, d) { tmImmediate(cpu, cpu.gpr[2 * d.r1] & 0xffff, d.i2); },
  tmlh(cpu, d) { tmImmediate(cpu, cpu.gpr[2 * d.r1 + 1] >>> 16, d.i2); },
  tmll(cpu, d) { tmImmediate(cpu, cpu.gpr[2 * d.r1 + 1] & 0xffff, d.i2); },

  icm(cpu, d) { icm(cpu, d, 1); },
  icmy(cpu, d) { icm(cpu, d, 1); },
  icmh(cpu, d) { icm(cpu, d, 0); },
  stcm(cpu, d) { stcm(cpu, d, 1); },
  stcmy(cpu, d) { stcm(cpu, d, 1); },
  stcmh(cpu, d) { stcm(cpu, d, 0); },
  clm(cpu, d) { clm(cpu, d, 1); },
  clmy(cpu, d) { clm(cpu, d, 1); },
  clmh(cpu, d) { clm(cpu, d, 0); },

  iihf(cpu, d) { cpu.gpr[2 * d.r1] = d.i2; },
  iilf(cpu, d) { cpu.gpr[2 * d.r1 + 1] = d.i2; },
  iihh(cpu, d) { const i = 2 * d.r1; cpu.gpr[i] = (cpu.gpr[i] & 0xffff) | (d.i2 << 16); },
  iihl(cpu, d) { const i = 2 * d.r1; cpu.gpr[i] = (cpu.gpr[i] & 0xffff_0000) | d.i2; },
  iilh(cpu, d) { const i = 2 * d.r1 + 1; cpu.gpr[i] = (cpu.gpr[i] & 0xffff) | (d.i2 << 16); },
  iill(cpu, d) { const i = 2 * d.r1 + 1; cpu.gpr[i] = (cpu.gpr[i] & 0xffff_0000) | d.i2; },

  /** FIND LEFTMOST ONE: R1 = bit number (64 if none), R1+1 = R2 with that bit off. */
  flogr(cpu, d) {
    if ((d.r1 & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const g = cpu.gpr;
    let hi = g[2 * d.r2], lo = g[2 * d.r2 + 1];
    let pos: number;
    if (hi !== 0) { pos = Math.clz32(hi); hi = (hi & ~(0x8000_0000 >>> pos)) >>> 0; }
    else if (lo !== 0) { pos = 32 + Math.clz32(lo); lo = (lo & ~(0x8000_0000 >>> (pos - 32))) >>> 0; }
    else pos = 64;
    const i = 2 * d.r1;
    g[i] = 0; g[i + 1] = pos; g[i + 2] = hi; g[i + 3] = lo;
    cpu.cc = pos === 64 ? 0 : 2;
  },

  popcnt(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, i = 2 * d.r1;
    const hi = g[j], lo = g[j + 1];
    if ((d.m3 & POPCNT_TOTAL) !== 0) { g[i + 1] = popcount32(hi) + popcount32(lo); g[i] = 0; }
    else { g[i] = popcountBytes(hi); g[i + 1] = popcountBytes(lo); }
    cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
};
