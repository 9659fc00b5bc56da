// Shifts and rotates: SHIFT LEFT/RIGHT SINGLE/DOUBLE (LOGICAL), their 64-bit and
// distinct-operands forms, ROTATE LEFT SINGLE LOGICAL (PoP "General Instructions").
// The shift amount is bits 58-63 of the second-operand address, which only depend on
// the low word of the base register, so it is computed without forming the address.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { PROGRAM_MASK } from './state';

/** Shift amount: the rightmost six bits of D2(B2). */
function amount(cpu: Cpu, d: Decoded): number {
  return (d.b2 === 0 ? d.d2 : d.d2 + cpu.gpr[2 * d.b2 + 1]) & 63;
}

/** Result words of the 64-bit helpers below (no allocation). */
let rh = 0, rl = 0;

function shl64(hi: number, lo: number, n: number): void {
  if (n === 0) { rh = hi; rl = lo; } else if (n < 32) { rh = (hi << n) | (lo >>> (32 - n)); rl = lo << n; } else { rh = lo << (n - 32); rl = 0; }
}
function shr64(hi: number, lo: number, n: number): void {
  if (n === 0) { rh = hi; rl = lo; } else if (n < 32) { rl = (lo >>> n) | (hi << (32 - n)); rh = hi >>> n; } else { rl = hi >>> (n - 32); rh = 0; }
}
function sar64(hi: number, lo: number, n: number): void {
  if (n === 0) { rh = hi; rl = lo; } else if (n < 32) { rl = (lo >>> n) | (hi << (32 - n)); rh = hi >> n; } else { rl = hi >> (n - 32); rh = hi >> 31; }
}

/** CC for a signed result: 0 zero, 1 negative, 2 positive. */
function cc32(cpu: Cpu, v: number): void {
  cpu.cc = v === 0 ? 0 : (v | 0) < 0 ? 1 : 2;
}
function cc64(cpu: Cpu, hi: number, lo: number): void {
  cpu.cc = (hi | lo) === 0 ? 0 : (hi | 0) < 0 ? 1 : 2;
}

/** CC 3 has been set: raise fixed-point overflow when the program mask enables it. */
function overflow(cpu: Cpu): void {
  cpu.cc = 3;
  if ((cpu.programMask & PROGRAM_MASK.FIXED_OVERFLOW) !== 0) throw new ProgramInterrupt(PGM.FIXED_POINT_OVERFLOW);
}

/**
 * 32-bit SHIFT LEFT SINGLE: the sign stays, bits 1-31 shift; overflow when a bit unlike
 * the sign leaves bit position 1. Beyond 31 places the zeros shifted in leave too, so
 * then any nonzero value overflows. Returns the result; `slaOverflow` tells.
 */
let slaOverflow = false;
function sla32(v: number, n: number): number {
  slaOverflow = n > 31 ? v !== 0 : (v >> (31 - n)) !== (v >> 31);
  const sign = v & 0x8000_0000;
  return n >= 31 ? sign : ((v << n) & 0x7fff_ffff) | sign;
}

/** 64-bit form of sla32 on (hi, lo); result in rh:rl. */
function sla64(hi: number, lo: number, n: number): void {
  const s = hi >> 31;
  sar64(hi, lo, 63 - n);
  slaOverflow = (rh | 0) !== s || (rl | 0) !== s;
  shl64(hi, lo, n);
  rh = (rh & 0x7fff_ffff) | (hi & 0x8000_0000);
}

function evenPair(d: Decoded): void {
  if ((d.r1 & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
}

function slaStore32(cpu: Cpu, r1: number, v: number, n: number): void {
  const r = sla32(v | 0, n);
  cpu.gpr[2 * r1 + 1] = r;
  if (slaOverflow) overflow(cpu); else cc32(cpu, r);
}

function sraStore32(cpu: Cpu, r1: number, v: number, n: number): void {
  const r = (v | 0) >> (n > 31 ? 31 : n);
  cpu.gpr[2 * r1 + 1] = r;
  cc32(cpu, r);
}

export const SHIFT_HANDLERS: HandlerTable = {
  sll(cpu, d) { const n = amount(cpu, d), i = 2 * d.r1 + 1; cpu.gpr[i] = n > 31 ? 0 : cpu.gpr[i] << n; },
  srl(cpu, d) { const n = amount(cpu, d), i = 2 * d.r1 + 1; cpu.gpr[i] = n > 31 ? 0 : cpu.gpr[i] >>> n; },
  sllk(cpu, d) { const n = amount(cpu, d); cpu.gpr[2 * d.r1 + 1] = n > 31 ? 0 : cpu.gpr[2 * d.r3 + 1] << n; },
  srlk(cpu, d) { const n = amount(cpu, d); cpu.gpr[2 * d.r1 + 1] = n > 31 ? 0 : cpu.gpr[2 * d.r3 + 1] >>> n; },
  sla(cpu, d) { slaStore32(cpu, d.r1, cpu.gpr[2 * d.r1 + 1], amount(cpu, d)); },
  slak(cpu, d) { slaStore32(cpu, d.r1, cpu.gpr[2 * d.r3 + 1], amount(cpu, d)); },
  sra(cpu, d) { sraStore32(cpu, d.r1, cpu.gpr[2 * d.r1 + 1], amount(cpu, d)); },
  srak(cpu, d) { sraStore32(cpu, d.r1, cpu.gpr[2 * d.r3 + 1], amount(cpu, d)); },

  sllg(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r3;
    shl64(g[j], g[j + 1], amount(cpu, d));
    g[2 * d.r1] = rh; g[2 * d.r1 + 1] = rl;
  },
  srlg(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r3;
    shr64(g[j], g[j + 1], amount(cpu, d));
    g[2 * d.r1] = rh; g[2 * d.r1 + 1] = rl;
  },
  srag(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r3;
    sar64(g[j], g[j + 1], amount(cpu, d));
    g[2 * d.r1] = rh; g[2 * d.r1 + 1] = rl;
    cc64(cpu, rh, rl);
  },
  slag(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r3;
    sla64(g[j], g[j + 1], amount(cpu, d));
    g[2 * d.r1] = rh; g[2 * d.r1 + 1] = rl;
    if (slaOverflow) overflow(cpu); else cc64(cpu, rh, rl);
  },

  // Double shifts work on the even/odd pair R1, R1+1 (bits 32-63 of each).
  sldl(cpu, d) {
    evenPair(d);
    const g = cpu.gpr, i = 2 * d.r1;
    shl64(g[i + 1], g[i + 3], amount(cpu, d));
    g[i + 1] = rh; g[i + 3] = rl;
  },
  srdl(cpu, d) {
    evenPair(d);
    const g = cpu.gpr, i = 2 * d.r1;
    shr64(g[i + 1], g[i + 3], amount(cpu, d));
    g[i + 1] = rh; g[i + 3] = rl;
  },
  srda(cpu, d) {
    evenPair(d);
    const g = cpu.gpr, i = 2 * d.r1;
    sar64(g[i + 1], g[i + 3], amount(cpu, d));
    g[i + 1] = rh; g[i + 3] = rl;
    cc64(cpu, rh, rl);
  },
  slda(cpu, d) {
    evenPair(d);
    const g = cpu.gpr, i = 2 * d.r1;
    sla64(g[i + 1], g[i + 3], amount(cpu, d));
    g[i + 1] = rh; g[i + 3] = rl;
    if (slaOverflow) overflow(cpu); else cc64(cpu, rh, rl);
  },

  rll(cpu, d) {
    const n = amount(cpu, d) & 31, v = cpu.gpr[2 * d.r3 + 1];
    cpu.gpr[2 * d.r1 + 1] = n === 0 ? v : (v << n) | (v >>> (32 - n));
  },
  rllg(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r3, n = amount(cpu, d);
    rotl64(g[j], g[j + 1], n);
    g[2 * d.r1] = rh; g[2 * d.r1 + 1] = rl;
  },
};

/** 64-bit rotate left; result in rh:rl (also used by the RISBG family). */
export function rotl64(hi: number, lo: number, n: number): void {
  n &= 63;
  if (n >= 32) { const t = hi; hi = lo; lo = t; n -= 32; }
  if (n === 0) { rh = hi; rl = lo; return; }
  rh = (hi << n) | (lo >>> (32 - n));
  rl = (lo << n) | (hi >>> (32 - n));
}
/** Results of rotl64 for other modules. */
export function rotHi(): number { return rh; }
export function rotLo(): number { return rl; }
