// COMPARE AND BRANCH / COMPARE AND BRANCH RELATIVE / COMPARE IMMEDIATE AND BRANCH
// (RELATIVE) and COMPARE AND TRAP, signed and logical, 32 and 64 bits (PoP "General
// Instructions"). M3 selects on the comparison: 8 equal, 4 first operand low, 2 high.
// The condition code is not changed. A trap is a data exception with DXC ff.
import type { Cpu } from './cpu';
import type { HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

const EQUAL = 8, LOW = 4, HIGH = 2;
/** Data-exception code of COMPARE AND TRAP. */
const DXC_COMPARE_AND_TRAP = 0xff;

function s32(a: number, b: number): number {
  a |= 0; b |= 0;
  return a < b ? LOW : a > b ? HIGH : EQUAL;
}
function u32(a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  return a < b ? LOW : a > b ? HIGH : EQUAL;
}
function s64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return (ah | 0) < (bh | 0) ? LOW : HIGH;
  return al < bl ? LOW : al > bl ? HIGH : EQUAL;
}
function u64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return ah < bh ? LOW : HIGH;
  return al < bl ? LOW : al > bl ? HIGH : EQUAL;
}

function trapIf(m3: number, rel: number): void {
  if ((m3 & rel) !== 0) throw new ProgramInterrupt(PGM.DATA, false, DXC_COMPARE_AND_TRAP);
}

function rel(cpu: Cpu, ri: number): number {
  return cpu.wrap(cpu.ia + 2 * ri);
}

export const BRANCH_COMPARE_HANDLERS: HandlerTable = {
  // ---- register-register, branch to D4(B4) or relative RI4 ----
  crb(cpu, d) { const g = cpu.gpr; if ((d.m3 & s32(g[2 * d.r1 + 1], g[2 * d.r2 + 1])) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4); },
  cgrb(cpu, d) {
    const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2;
    if ((d.m3 & s64(g[i], g[i + 1], g[j], g[j + 1])) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4);
  },
  clrb(cpu, d) { const g = cpu.gpr; if ((d.m3 & u32(g[2 * d.r1 + 1], g[2 * d.r2 + 1])) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4); },
  clgrb(cpu, d) {
    const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2;
    if ((d.m3 & u64(g[i], g[i + 1], g[j], g[j + 1])) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4);
  },
  crj(cpu, d) { const g = cpu.gpr; if ((d.m3 & s32(g[2 * d.r1 + 1], g[2 * d.r2 + 1])) !== 0) cpu.nia = rel(cpu, d.ri4); },
  cgrj(cpu, d) {
    const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2;
    if ((d.m3 & s64(g[i], g[i + 1], g[j], g[j + 1])) !== 0) cpu.nia = rel(cpu, d.ri4);
  },
  clrj(cpu, d) { const g = cpu.gpr; if ((d.m3 & u32(g[2 * d.r1 + 1], g[2 * d.r2 + 1])) !== 0) cpu.nia = rel(cpu, d.ri4); },
  clgrj(cpu, d) {
    const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2;
    if ((d.m3 & u64(g[i], g[i + 1], g[j], g[j + 1])) !== 0) cpu.nia = rel(cpu, d.ri4);
  },

  // ---- register-immediate (I2: 8 bits, signed for C*, unsigned for CL*) ----
  cib(cpu, d) { if ((d.m3 & s32(cpu.gpr[2 * d.r1 + 1], d.i2)) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4); },
  cgib(cpu, d) {
    const i = 2 * d.r1;
    if ((d.m3 & s64(cpu.gpr[i], cpu.gpr[i + 1], (d.i2 >> 31) >>> 0, d.i2 >>> 0)) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4);
  },
  clib(cpu, d) { if ((d.m3 & u32(cpu.gpr[2 * d.r1 + 1], d.i2)) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4); },
  clgib(cpu, d) {
    const i = 2 * d.r1;
    if ((d.m3 & u64(cpu.gpr[i], cpu.gpr[i + 1], 0, d.i2)) !== 0) cpu.nia = cpu.ea(0, d.b4, d.d4);
  },
  cij(cpu, d) { if ((d.m3 & s32(cpu.gpr[2 * d.r1 + 1], d.i2)) !== 0) cpu.nia = rel(cpu, d.ri4); },
  cgij(cpu, d) {
    const i = 2 * d.r1;
    if ((d.m3 & s64(cpu.gpr[i], cpu.gpr[i + 1], (d.i2 >> 31) >>> 0, d.i2 >>> 0)) !== 0) cpu.nia = rel(cpu, d.ri4);
  },
  clij(cpu, d) { if ((d.m3 & u32(cpu.gpr[2 * d.r1 + 1], d.i2)) !== 0) cpu.nia = rel(cpu, d.ri4); },
  clgij(cpu, d) {
    const i = 2 * d.r1;
    if ((d.m3 & u64(cpu.gpr[i], cpu.gpr[i + 1], 0, d.i2)) !== 0) cpu.nia = rel(cpu, d.ri4);
  },

  // ---- compare and trap ----
  crt(cpu, d) { const g = cpu.gpr; trapIf(d.m3, s32(g[2 * d.r1 + 1], g[2 * d.r2 + 1])); },
  cgrt(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; trapIf(d.m3, s64(g[i], g[i + 1], g[j], g[j + 1])); },
  clrt(cpu, d) { const g = cpu.gpr; trapIf(d.m3, u32(g[2 * d.r1 + 1], g[2 * d.r2 + 1])); },
  clgrt(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; trapIf(d.m3, u64(g[i], g[i + 1], g[j], g[j + 1])); },
  cit(cpu, d) { trapIf(d.m3, s32(cpu.gpr[2 * d.r1 + 1], d.i2)); },
  cgit(cpu, d) { const i = 2 * d.r1; trapIf(d.m3, s64(cpu.gpr[i], cpu.gpr[i + 1], (d.i2 >> 31) >>> 0, d.i2 >>> 0)); },
  clfit(cpu, d) { trapIf(d.m3, u32(cpu.gpr[2 * d.r1 + 1], d.i2)); },
  clgit(cpu, d) { const i = 2 * d.r1; trapIf(d.m3, u64(cpu.gpr[i], cpu.gpr[i + 1], 0, d.i2)); },
  clt(cpu, d) { trapIf(d.m3, u32(cpu.gpr[2 * d.r1 + 1], cpu.read32(cpu.ea(0, d.b2, d.d2)))); },
  clgt(cpu, d) {
    cpu.read64(cpu.ea(0, d.b2, d.d2));
    const i = 2 * d.r1;
    trapIf(d.m3, u64(cpu.gpr[i], cpu.gpr[i + 1], cpu.hi, cpu.lo));
  },
};
