// Address arithmetic and register ranges: LOAD ADDRESS (LA, LAY, LAE, LAEY, LARL), the
// count branches (BRANCH ON COUNT / BRANCH RELATIVE ON COUNT, 32-bit, 64-bit and high),
// and LOAD / STORE MULTIPLE (LM, LMY, LMG, LMH, LMD, STM, STMY, STMG, STMH). Multiple loads and
// stores check the whole operand first, so an access exception changes no register or
// byte; page-contained operands (the common STMG/LMG of a stack frame) take one
// translation.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { addressOf, setAddress } from './integer-ops';
import { PSW } from './state';

const TWO32 = 0x1_0000_0000;
const PAGE = 0x1000;

/** PSW address-space control (bits 16-17) values, and the ALETs LAE sets for them. */
const AS_PRIMARY = 0, AS_ACCESS_REGISTER = 1, AS_SECONDARY = 2;
const ALET_PRIMARY = 0, ALET_SECONDARY = 1, ALET_HOME = 2;

/** LAE: access register r1 designates the space the address belongs to. */
function setAlet(cpu: Cpu, r1: number, b2: number): void {
  const as = (cpu.pswMask & PSW.AS_MASK) >>> PSW.AS_SHIFT;
  cpu.ar[r1] = as === AS_PRIMARY ? ALET_PRIMARY : as === AS_SECONDARY ? ALET_SECONDARY
    : as === AS_ACCESS_REGISTER ? (b2 === 0 ? 0 : cpu.ar[b2]) : ALET_HOME;
}

/** General register n as a branch address in the current addressing mode. */
function regAddress(cpu: Cpu, n: number): number {
  const g = cpu.gpr;
  if (cpu.amode === 64) return g[2 * n] * TWO32 + g[2 * n + 1];
  return g[2 * n + 1] & (cpu.amode === 31 ? 0x7fff_ffff : 0x00ff_ffff);
}

function relative(cpu: Cpu, d: Decoded): number {
  return cpu.wrap(cpu.ia + 2 * d.ri2);
}

/** Decrements the 64-bit register r1; true when the result is not zero. */
function count64(cpu: Cpu, r1: number): boolean {
  const g = cpu.gpr, lo = g[2 * r1 + 1];
  if (lo === 0) g[2 * r1] = g[2 * r1] - 1;
  g[2 * r1 + 1] = lo - 1;
  return (g[2 * r1] | g[2 * r1 + 1]) !== 0;
}

/** Decrements bits 32-63 of r1; true when the result is not zero. */
function count32(cpu: Cpu, r1: number): boolean {
  const g = cpu.gpr;
  return (g[2 * r1 + 1] = g[2 * r1 + 1] - 1) !== 0;
}

// ---- LOAD / STORE MULTIPLE ------------------------------------------------------------------

/** Loads words into bits 32-63 (off 1) or bits 0-31 (off 0) of registers r1..r3 (wrapping). */
function loadWords(cpu: Cpu, r1: number, r3: number, addr: number, off: number): void {
  const n = ((r3 - r1) & 15) + 1, g = cpu.gpr;
  if ((addr & (PAGE - 1)) + 4 * n <= PAGE) {
    const a = cpu.translate(addr, 4 * n, false);
    for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) g[2 * r + off] = cpu.mem.getUint32(a + 4 * i);
    return;
  }
  cpu.checkReadable(addr, 4 * n);
  for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) g[2 * r + off] = cpu.read32(cpu.wrap(addr + 4 * i));
}

function storeWords(cpu: Cpu, r1: number, r3: number, addr: number, off: number): void {
  const n = ((r3 - r1) & 15) + 1, g = cpu.gpr;
  if ((addr & (PAGE - 1)) + 4 * n <= PAGE) {
    const a = cpu.translate(addr, 4 * n, true);
    for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) cpu.mem.setUint32(a + 4 * i, g[2 * r + off]);
    cpu.noteWrite(a, 4 * n);
    return;
  }
  cpu.checkWritable(addr, 4 * n);
  for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) cpu.write32(cpu.wrap(addr + 4 * i), g[2 * r + off]);
}

function loadDoublewords(cpu: Cpu, r1: number, r3: number, addr: number): void {
  const n = ((r3 - r1) & 15) + 1, g = cpu.gpr;
  if ((addr & (PAGE - 1)) + 8 * n <= PAGE) {
    const a = cpu.translate(addr, 8 * n, false), m = cpu.mem;
    for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) {
      g[2 * r] = m.getUint32(a + 8 * i);
      g[2 * r + 1] = m.getUint32(a + 8 * i + 4);
    }
    return;
  }
  cpu.checkReadable(addr, 8 * n);
  for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) {
    cpu.read64(cpu.wrap(addr + 8 * i));
    g[2 * r] = cpu.hi;
    g[2 * r + 1] = cpu.lo;
  }
}

function storeDoublewords(cpu: Cpu, r1: number, r3: number, addr: number): void {
  const n = ((r3 - r1) & 15) + 1, g = cpu.gpr;
  if ((addr & (PAGE - 1)) + 8 * n <= PAGE) {
    const a = cpu.translate(addr, 8 * n, true), m = cpu.mem;
    for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) {
      m.setUint32(a + 8 * i, g[2 * r]);
      m.setUint32(a + 8 * i + 4, g[2 * r + 1]);
    }
    cpu.noteWrite(a, 8 * n);
    return;
  }
  cpu.checkWritable(addr, 8 * n);
  for (let i = 0, r = r1; i < n; i++, r = (r + 1) & 15) cpu.write64(cpu.wrap(addr + 8 * i), g[2 * r], g[2 * r + 1]);
}

/**
 * LOAD MULTIPLE DISJOINT: bits 0-31 of R1..R3 from successive words at D2(B2), bits 32-63
 * from successive words at D4(B4).
 */
function loadMultipleDisjoint(cpu: Cpu, d: Decoded): void {
  const n = ((d.r3 - d.r1) & 15) + 1, g = cpu.gpr;
  const a2 = cpu.ea(0, d.b2, d.d2), a4 = cpu.ea(0, d.b4, d.d4);
  cpu.checkReadable(a2, 4 * n);
  cpu.checkReadable(a4, 4 * n);
  for (let i = 0, r = d.r1; i < n; i++, r = (r + 1) & 15) {
    const hi = cpu.read32(cpu.wrap(a2 + 4 * i));
    g[2 * r + 1] = cpu.read32(cpu.wrap(a4 + 4 * i));
    g[2 * r] = hi;
  }
}

/** Operand address of the RS/RSY multiples: D2(B2). */
function rsAddress(cpu: Cpu, d: Decoded): number {
  return cpu.ea(0, d.b2, d.d2);
}

export const ADDRESS_HANDLERS: HandlerTable = {
  la(cpu, d) { addressOf(cpu, d.r1, d.x2, d.b2, d.d2); },
  lay(cpu, d) { addressOf(cpu, d.r1, d.x2, d.b2, d.d2); },
  lae(cpu, d) { addressOf(cpu, d.r1, d.x2, d.b2, d.d2); setAlet(cpu, d.r1, d.b2); },
  laey(cpu, d) { addressOf(cpu, d.r1, d.x2, d.b2, d.d2); setAlet(cpu, d.r1, d.b2); },
  larl(cpu, d) { setAddress(cpu, d.r1, 0, cpu.ia + 2 * d.ri2); },

  // The branch address is formed before the count is decremented (R1 may equal R2/X2/B2).
  bctr(cpu, d) {
    const target = d.r2 !== 0 ? regAddress(cpu, d.r2) : 0;
    if (count32(cpu, d.r1) && d.r2 !== 0) cpu.nia = target;
  },
  bctgr(cpu, d) {
    const target = d.r2 !== 0 ? regAddress(cpu, d.r2) : 0;
    if (count64(cpu, d.r1) && d.r2 !== 0) cpu.nia = target;
  },
  bct(cpu, d) { const target = cpu.ea(d.x2, d.b2, d.d2); if (count32(cpu, d.r1)) cpu.nia = target; },
  bctg(cpu, d) { const target = cpu.ea(d.x2, d.b2, d.d2); if (count64(cpu, d.r1)) cpu.nia = target; },
  brct(cpu, d) { if (count32(cpu, d.r1)) cpu.nia = relative(cpu, d); },
  brctg(cpu, d) { if (count64(cpu, d.r1)) cpu.nia = relative(cpu, d); },
  brcth(cpu, d) {
    const g = cpu.gpr;
    if ((g[2 * d.r1] = g[2 * d.r1] - 1) !== 0) cpu.nia = relative(cpu, d);
  },

  lm(cpu, d) { loadWords(cpu, d.r1, d.r3, rsAddress(cpu, d), 1); },
  lmy(cpu, d) { loadWords(cpu, d.r1, d.r3, rsAddress(cpu, d), 1); },
  lmh(cpu, d) { loadWords(cpu, d.r1, d.r3, rsAddress(cpu, d), 0); },
  lmg(cpu, d) { loadDoublewords(cpu, d.r1, d.r3, rsAddress(cpu, d)); },
  lmd: loadMultipleDisjoint,
  stm(cpu, d) { storeWords(cpu, d.r1, d.r3, rsAddress(cpu, d), 1); },
  stmy(cpu, d) { storeWords(cpu, d.r1, d.r3, rsAddress(cpu, d), 1); },
  stmh(cpu, d) { storeWords(cpu, d.r1, d.r3, rsAddress(cpu, d), 0); },
  stmg(cpu, d) { storeDoublewords(cpu, d.r1, d.r3, rsAddress(cpu, d)); },
};
