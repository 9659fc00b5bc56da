// LOAD and STORE of general registers in all widths (PoP "General Instructions": LOAD,
// LOAD HALFWORD, LOAD BYTE, LOAD LOGICAL *, LOAD AND TEST, LOAD AND ZERO RIGHTMOST
// BYTE, LOAD / STORE REVERSED, the immediate and relative-long forms, STORE *, MOVE
// (16/32/64 <- 16)) and the
// high-word facility's loads and stores of bits 0-31. 32-bit loads replace bits 32-63
// and leave bits 0-31 alone; the 64-bit forms replace the whole register.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { cc32, cc64, specification } from './integer-ops';

/** Second-operand address D2(X2,B2). */
function ea(cpu: Cpu, d: Decoded): number {
  return cpu.ea(d.x2, d.b2, d.d2);
}
/** Relative-long operand address; `align` - 1 is the alignment mask that must be clear. */
function rel(cpu: Cpu, d: Decoded, align: number): number {
  const a = cpu.wrap(cpu.ia + 2 * d.ri2);
  if ((a & (align - 1)) !== 0) specification();
  return a;
}

/** r1 := sign-extended 32-bit v (64-bit result). */
function setSigned64(cpu: Cpu, r1: number, v: number): void {
  cpu.gpr[2 * r1] = v >> 31;
  cpu.gpr[2 * r1 + 1] = v;
}
function setLogical64(cpu: Cpu, r1: number, v: number): void {
  cpu.gpr[2 * r1] = 0;
  cpu.gpr[2 * r1 + 1] = v;
}
const sext8 = (v: number): number => (v << 24) >> 24;
const bswap32 = (v: number): number => ((v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
const sext16 = (v: number): number => (v << 16) >> 16;

export const LOAD_HANDLERS: HandlerTable = {
  // ---- register to register
  lr(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.gpr[2 * d.r2 + 1]; },
  lgr(cpu, d) { const g = cpu.gpr; g[2 * d.r1] = g[2 * d.r2]; g[2 * d.r1 + 1] = g[2 * d.r2 + 1]; },
  lgfr(cpu, d) { setSigned64(cpu, d.r1, cpu.gpr[2 * d.r2 + 1] | 0); },
  lhr(cpu, d) { cpu.gpr[2 * d.r1 + 1] = sext16(cpu.gpr[2 * d.r2 + 1]); },
  lghr(cpu, d) { setSigned64(cpu, d.r1, sext16(cpu.gpr[2 * d.r2 + 1])); },
  lbr(cpu, d) { cpu.gpr[2 * d.r1 + 1] = sext8(cpu.gpr[2 * d.r2 + 1]); },
  lgbr(cpu, d) { setSigned64(cpu, d.r1, sext8(cpu.gpr[2 * d.r2 + 1])); },
  llcr(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.gpr[2 * d.r2 + 1] & 0xff; },
  llgcr(cpu, d) { setLogical64(cpu, d.r1, cpu.gpr[2 * d.r2 + 1] & 0xff); },
  llhr(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.gpr[2 * d.r2 + 1] & 0xffff; },
  llghr(cpu, d) { setLogical64(cpu, d.r1, cpu.gpr[2 * d.r2 + 1] & 0xffff); },
  llgfr(cpu, d) { setLogical64(cpu, d.r1, cpu.gpr[2 * d.r2 + 1]); },
  llgtr(cpu, d) { setLogical64(cpu, d.r1, cpu.gpr[2 * d.r2 + 1] & 0x7fff_ffff); },
  ltr(cpu, d) { const v = cpu.gpr[2 * d.r2 + 1]; cpu.gpr[2 * d.r1 + 1] = v; cc32(cpu, v); },
  ltgr(cpu, d) {
    const g = cpu.gpr, hi = g[2 * d.r2], lo = g[2 * d.r2 + 1];
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo;
    cc64(cpu, hi, lo);
  },
  ltgfr(cpu, d) { const v = cpu.gpr[2 * d.r2 + 1] | 0; setSigned64(cpu, d.r1, v); cc32(cpu, v); },

  // ---- from storage
  l(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.read32(ea(cpu, d)); },
  ly(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.read32(ea(cpu, d)); },
  lg(cpu, d) { cpu.read64(ea(cpu, d)); cpu.gpr[2 * d.r1] = cpu.hi; cpu.gpr[2 * d.r1 + 1] = cpu.lo; },
  lgf(cpu, d) { setSigned64(cpu, d.r1, cpu.read32(ea(cpu, d)) | 0); },
  lh(cpu, d) { cpu.gpr[2 * d.r1 + 1] = sext16(cpu.read16(ea(cpu, d))); },
  lhy(cpu, d) { cpu.gpr[2 * d.r1 + 1] = sext16(cpu.read16(ea(cpu, d))); },
  lgh(cpu, d) { setSigned64(cpu, d.r1, sext16(cpu.read16(ea(cpu, d)))); },
  lb(cpu, d) { cpu.gpr[2 * d.r1 + 1] = sext8(cpu.read8(ea(cpu, d))); },
  lgb(cpu, d) { setSigned64(cpu, d.r1, sext8(cpu.read8(ea(cpu, d)))); },
  llc(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.read8(ea(cpu, d)); },
  llgc(cpu, d) { setLogical64(cpu, d.r1, cpu.read8(ea(cpu, d))); },
  llh(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.read16(ea(cpu, d)); },
  llgh(cpu, d) { setLogical64(cpu, d.r1, cpu.read16(ea(cpu, d))); },
  llgf(cpu, d) { setLogical64(cpu, d.r1, cpu.read32(ea(cpu, d))); },
  llgt(cpu, d) { setLogical64(cpu, d.r1, cpu.read32(ea(cpu, d)) & 0x7fff_ffff); },
  lt(cpu, d) { const v = cpu.read32(ea(cpu, d)); cpu.gpr[2 * d.r1 + 1] = v; cc32(cpu, v); },
  ltg(cpu, d) {
    cpu.read64(ea(cpu, d));
    cpu.gpr[2 * d.r1] = cpu.hi; cpu.gpr[2 * d.r1 + 1] = cpu.lo;
    cc64(cpu, cpu.hi, cpu.lo);
  },
  ltgf(cpu, d) { const v = cpu.read32(ea(cpu, d)) | 0; setSigned64(cpu, d.r1, v); cc32(cpu, v); },
  lzrf(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.read32(ea(cpu, d)) & 0xffff_ff00; },
  lzrg(cpu, d) { cpu.read64(ea(cpu, d)); cpu.gpr[2 * d.r1] = cpu.hi; cpu.gpr[2 * d.r1 + 1] = cpu.lo & 0xffff_ff00; },
  llzrgf(cpu, d) { setLogical64(cpu, d.r1, cpu.read32(ea(cpu, d)) & 0xffff_ff00); },

  // ---- high word (bits 0-31)
  lfh(cpu, d) { cpu.gpr[2 * d.r1] = cpu.read32(ea(cpu, d)); },
  lhh(cpu, d) { cpu.gpr[2 * d.r1] = sext16(cpu.read16(ea(cpu, d))); },
  lbh(cpu, d) { cpu.gpr[2 * d.r1] = sext8(cpu.read8(ea(cpu, d))); },
  llhh(cpu, d) { cpu.gpr[2 * d.r1] = cpu.read16(ea(cpu, d)); },
  llch(cpu, d) { cpu.gpr[2 * d.r1] = cpu.read8(ea(cpu, d)); },
  stfh(cpu, d) { cpu.write32(ea(cpu, d), cpu.gpr[2 * d.r1]); },
  sthh(cpu, d) { cpu.write16(ea(cpu, d), cpu.gpr[2 * d.r1] & 0xffff); },
  stch(cpu, d) { cpu.write8(ea(cpu, d), cpu.gpr[2 * d.r1] & 0xff); },

  // ---- to storage
  st(cpu, d) { cpu.write32(ea(cpu, d), cpu.gpr[2 * d.r1 + 1]); },
  sty(cpu, d) { cpu.write32(ea(cpu, d), cpu.gpr[2 * d.r1 + 1]); },
  stg(cpu, d) { cpu.write64(ea(cpu, d), cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r1 + 1]); },
  sth(cpu, d) { cpu.write16(ea(cpu, d), cpu.gpr[2 * d.r1 + 1] & 0xffff); },
  sthy(cpu, d) { cpu.write16(ea(cpu, d), cpu.gpr[2 * d.r1 + 1] & 0xffff); },
  stc(cpu, d) { cpu.write8(ea(cpu, d), cpu.gpr[2 * d.r1 + 1] & 0xff); },
  stcy(cpu, d) { cpu.write8(ea(cpu, d), cpu.gpr[2 * d.r1 + 1] & 0xff); },
  mvhhi(cpu, d) { cpu.write16(cpu.ea(0, d.b1, d.d1), d.i2 & 0xffff); },
  mvhi(cpu, d) { cpu.write32(cpu.ea(0, d.b1, d.d1), sext16(d.i2)); },
  mvghi(cpu, d) { const v = sext16(d.i2); cpu.write64(cpu.ea(0, d.b1, d.d1), v >> 31, v); },

  // ---- immediates
  lhi(cpu, d) { cpu.gpr[2 * d.r1 + 1] = sext16(d.i2); },
  lghi(cpu, d) { setSigned64(cpu, d.r1, sext16(d.i2)); },
  lgfi(cpu, d) { setSigned64(cpu, d.r1, d.i2 | 0); },
  llihf(cpu, d) { cpu.gpr[2 * d.r1] = d.i2; cpu.gpr[2 * d.r1 + 1] = 0; },
  llilf(cpu, d) { setLogical64(cpu, d.r1, d.i2); },
  llihh(cpu, d) { cpu.gpr[2 * d.r1] = (d.i2 & 0xffff) << 16; cpu.gpr[2 * d.r1 + 1] = 0; },
  llihl(cpu, d) { cpu.gpr[2 * d.r1] = d.i2 & 0xffff; cpu.gpr[2 * d.r1 + 1] = 0; },
  llilh(cpu, d) { setLogical64(cpu, d.r1, (d.i2 & 0xffff) << 16); },
  llill(cpu, d) { setLogical64(cpu, d.r1, d.i2 & 0xffff); },

  // ---- byte-reversed (LOAD / STORE REVERSED: little-endian data)
  lrvr(cpu, d) { cpu.gpr[2 * d.r1 + 1] = bswap32(cpu.gpr[2 * d.r2 + 1]); },
  lrvgr(cpu, d) {
    const g = cpu.gpr, hi = g[2 * d.r2], lo = g[2 * d.r2 + 1];
    g[2 * d.r1] = bswap32(lo); g[2 * d.r1 + 1] = bswap32(hi);
  },
  lrv(cpu, d) { cpu.gpr[2 * d.r1 + 1] = bswap32(cpu.read32(ea(cpu, d))); },
  lrvh(cpu, d) {
    const g = cpu.gpr, v = cpu.read16(ea(cpu, d));
    g[2 * d.r1 + 1] = (g[2 * d.r1 + 1] & 0xffff_0000) | (v >>> 8) | ((v & 0xff) << 8);
  },
  lrvg(cpu, d) { cpu.read64(ea(cpu, d)); cpu.gpr[2 * d.r1] = bswap32(cpu.lo); cpu.gpr[2 * d.r1 + 1] = bswap32(cpu.hi); },
  strv(cpu, d) { cpu.write32(ea(cpu, d), bswap32(cpu.gpr[2 * d.r1 + 1])); },
  strvh(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1]; cpu.write16(ea(cpu, d), ((v & 0xff) << 8) | ((v >>> 8) & 0xff)); },
  strvg(cpu, d) { cpu.write64(ea(cpu, d), bswap32(cpu.gpr[2 * d.r1 + 1]), bswap32(cpu.gpr[2 * d.r1])); },

  // ---- relative long (word and doubleword operands must be aligned)
  lrl(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.read32(rel(cpu, d, 4)); },
  lgrl(cpu, d) { cpu.read64(rel(cpu, d, 8)); cpu.gpr[2 * d.r1] = cpu.hi; cpu.gpr[2 * d.r1 + 1] = cpu.lo; },
  lgfrl(cpu, d) { setSigned64(cpu, d.r1, cpu.read32(rel(cpu, d, 4)) | 0); },
  llgfrl(cpu, d) { setLogical64(cpu, d.r1, cpu.read32(rel(cpu, d, 4))); },
  lhrl(cpu, d) { cpu.gpr[2 * d.r1 + 1] = sext16(cpu.read16(rel(cpu, d, 2))); },
  lghrl(cpu, d) { setSigned64(cpu, d.r1, sext16(cpu.read16(rel(cpu, d, 2)))); },
  llhrl(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.read16(rel(cpu, d, 2)); },
  llghrl(cpu, d) { setLogical64(cpu, d.r1, cpu.read16(rel(cpu, d, 2))); },
  strl(cpu, d) { cpu.write32(rel(cpu, d, 4), cpu.gpr[2 * d.r1 + 1]); },
  stgrl(cpu, d) { cpu.write64(rel(cpu, d, 8), cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r1 + 1]); },
  sthrl(cpu, d) { cpu.write16(rel(cpu, d, 2), cpu.gpr[2 * d.r1 + 1] & 0xffff); },
};
