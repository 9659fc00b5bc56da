// COMPARE and COMPARE LOGICAL in register, storage, immediate, storage-immediate and
// relative-long forms, 32 and 64 bits and the mixed 64<32 / 64<16 widths, plus the
// high-word facility's compares of bits 0-31 (PoP "General Instructions"). CC 0 equal,
// 1 first operand low, 2 first operand high; operands are never changed.
// (Compare-and-branch and compare-and-trap live in branch-compare.ts.)
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { cmp32, cmp64, cmpl32, cmpl64, specification } from './integer-ops';

const sext16 = (v: number): number => (v << 16) >> 16;

function ea(cpu: Cpu, d: Decoded): number {
  return cpu.ea(d.x2, d.b2, d.d2);
}
function rel(cpu: Cpu, d: Decoded, align: number): number {
  const a = cpu.wrap(cpu.ia + 2 * d.ri2);
  if ((a & (align - 1)) !== 0) specification();
  return a;
}
function sil(cpu: Cpu, d: Decoded): number {
  return cpu.ea(0, d.b1, d.d1);
}

/** Signed compare of 64-bit register r1 with a sign-extended 32-bit value. */
function cmpReg64s(cpu: Cpu, r1: number, v: number): void {
  cmp64(cpu, cpu.gpr[2 * r1], cpu.gpr[2 * r1 + 1], v >> 31, v);
}
/** Logical compare of 64-bit register r1 with a zero-extended 32-bit value. */
function cmpReg64l(cpu: Cpu, r1: number, v: number): void {
  cmpl64(cpu, cpu.gpr[2 * r1], cpu.gpr[2 * r1 + 1], 0, v);
}

export const COMPARE_HANDLERS: HandlerTable = {
  // ---- signed
  cr(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.gpr[2 * d.r2 + 1]); },
  cgr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; cmp64(cpu, g[i], g[i + 1], g[j], g[j + 1]); },
  cgfr(cpu, d) { cmpReg64s(cpu, d.r1, cpu.gpr[2 * d.r2 + 1] | 0); },
  c(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  cy(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  ch(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },
  chy(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },
  cg(cpu, d) { cpu.read64(ea(cpu, d)); cmp64(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r1 + 1], cpu.hi, cpu.lo); },
  cgf(cpu, d) { cmpReg64s(cpu, d.r1, cpu.read32(ea(cpu, d)) | 0); },
  cgh(cpu, d) { cmpReg64s(cpu, d.r1, sext16(cpu.read16(ea(cpu, d)))); },
  chi(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], sext16(d.i2)); },
  cghi(cpu, d) { cmpReg64s(cpu, d.r1, sext16(d.i2)); },
  cfi(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], d.i2 | 0); },
  cgfi(cpu, d) { cmpReg64s(cpu, d.r1, d.i2 | 0); },
  chhsi(cpu, d) { cmp32(cpu, sext16(cpu.read16(sil(cpu, d))), sext16(d.i2)); },
  chsi(cpu, d) { cmp32(cpu, cpu.read32(sil(cpu, d)), sext16(d.i2)); },
  cghsi(cpu, d) { const v = sext16(d.i2); cpu.read64(sil(cpu, d)); cmp64(cpu, cpu.hi, cpu.lo, v >> 31, v); },
  crl(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.read32(rel(cpu, d, 4))); },
  cgrl(cpu, d) { cpu.read64(rel(cpu, d, 8)); cmp64(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r1 + 1], cpu.hi, cpu.lo); },
  cgfrl(cpu, d) { cmpReg64s(cpu, d.r1, cpu.read32(rel(cpu, d, 4)) | 0); },
  chrl(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1 + 1], sext16(cpu.read16(rel(cpu, d, 2)))); },
  cghrl(cpu, d) { cmpReg64s(cpu, d.r1, sext16(cpu.read16(rel(cpu, d, 2)))); },

  // ---- logical
  clr(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.gpr[2 * d.r2 + 1]); },
  clgr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; cmpl64(cpu, g[i], g[i + 1], g[j], g[j + 1]); },
  clgfr(cpu, d) { cmpReg64l(cpu, d.r1, cpu.gpr[2 * d.r2 + 1]); },
  cl(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  cly(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  clg(cpu, d) { cpu.read64(ea(cpu, d)); cmpl64(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r1 + 1], cpu.hi, cpu.lo); },
  clgf(cpu, d) { cmpReg64l(cpu, d.r1, cpu.read32(ea(cpu, d))); },
  clfi(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1 + 1], d.i2); },
  clgfi(cpu, d) { cmpReg64l(cpu, d.r1, d.i2 >>> 0); },
  cli(cpu, d) { cmpl32(cpu, cpu.read8(cpu.ea(0, d.b1, d.d1)), d.i2 & 0xff); },
  cliy(cpu, d) { cmpl32(cpu, cpu.read8(cpu.ea(0, d.b1, d.d1)), d.i2 & 0xff); },
  clhhsi(cpu, d) { cmpl32(cpu, cpu.read16(sil(cpu, d)), d.i2 & 0xffff); },
  clfhsi(cpu, d) { cmpl32(cpu, cpu.read32(sil(cpu, d)), d.i2 & 0xffff); },
  clghsi(cpu, d) { cpu.read64(sil(cpu, d)); cmpl64(cpu, cpu.hi, cpu.lo, 0, d.i2 & 0xffff); },
  clrl(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.read32(rel(cpu, d, 4))); },
  clgrl(cpu, d) { cpu.read64(rel(cpu, d, 8)); cmpl64(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r1 + 1], cpu.hi, cpu.lo); },
  clgfrl(cpu, d) { cmpReg64l(cpu, d.r1, cpu.read32(rel(cpu, d, 4))); },
  clhrl(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1 + 1], cpu.read16(rel(cpu, d, 2))); },
  clghrl(cpu, d) { cmpReg64l(cpu, d.r1, cpu.read16(rel(cpu, d, 2))); },

  // ---- high word: bits 0-31 of R1 against bits 0-31 (H) or 32-63 (L) of R2, storage, immediate
  chhr(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r2]); },
  chlr(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r2 + 1]); },
  chf(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1], cpu.read32(ea(cpu, d))); },
  cih(cpu, d) { cmp32(cpu, cpu.gpr[2 * d.r1], d.i2 | 0); },
  clhhr(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r2]); },
  clhlr(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r2 + 1]); },
  clhf(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1], cpu.read32(ea(cpu, d))); },
  clih(cpu, d) { cmpl32(cpu, cpu.gpr[2 * d.r1], d.i2); },
};
