// Branches: BRANCH ON CONDITION (and relative and indirect forms), BRANCH AND LINK / SAVE (and
// relative forms), BRANCH AND SET MODE / BRANCH AND SAVE AND SET MODE, BRANCH ON INDEX
// HIGH / LOW OR EQUAL (PoP "General Instructions"). Link information depends on the
// addressing mode: 64-bit the whole address; 31-bit bit 32 set plus the address; 24-bit
// for BAL the ILC, CC and program mask in bits 32-39, for BAS zeros there.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { cmp64 } from './int64';

const BIT32 = 0x8000_0000;

/** Branch condition: the mask bit for the current CC (8 = CC0 ... 1 = CC3). */
function taken(cpu: Cpu, mask: number): boolean {
  return (mask & (8 >>> cpu.cc)) !== 0;
}

/** General register n as a branch address in the current addressing mode. */
export function regAddress(cpu: Cpu, n: number): number {
  const g = cpu.gpr;
  if (cpu.amode === 64) return g[2 * n] * 0x1_0000_0000 + g[2 * n + 1];
  return g[2 * n + 1] & (cpu.amode === 31 ? 0x7fff_ffff : 0x00ff_ffff);
}

/** Relative branch target: the instruction address plus 2 * RI. */
function relative(cpu: Cpu, halfwords: number): number {
  return cpu.wrap(cpu.ia + 2 * halfwords);
}

/** Link information of BAS, BASR, BRAS, BRASL (and BAL/BALR outside 24-bit mode). */
function linkSave(cpu: Cpu, r1: number): void {
  const g = cpu.gpr, a = cpu.nia;
  if (cpu.amode === 64) { g[2 * r1] = Math.floor(a / 0x1_0000_0000); g[2 * r1 + 1] = a >>> 0; }
  else g[2 * r1 + 1] = cpu.amode === 31 ? (a | BIT32) >>> 0 : a;
}

/** Link information of BAL, BALR: in 24-bit mode ILC, CC and program mask lead. */
function linkBal(cpu: Cpu, r1: number): void {
  if (cpu.amode !== 24) { linkSave(cpu, r1); return; }
  cpu.gpr[2 * r1 + 1] = ((cpu.ilc << 30) | (cpu.cc << 28) | (cpu.programMask << 24) | cpu.nia) >>> 0;
}

/**
 * Switches the addressing mode from the branch address in R2 (BSM, BASSM): bit 63 one
 * selects 64-bit mode (the bit itself is not part of the address), else bit 32 selects
 * 31- or 24-bit mode. Returns the branch address.
 */
function setModeFrom(cpu: Cpu, hi: number, lo: number): number {
  if ((lo & 1) !== 0) {
    cpu.setAddressingMode(true, true);
    return hi * 0x1_0000_0000 + ((lo & ~1) >>> 0);
  }
  if ((lo & BIT32) !== 0) { cpu.setAddressingMode(false, true); return lo & 0x7fff_ffff; }
  cpu.setAddressingMode(false, false);
  return lo & 0x00ff_ffff;
}

/** BXH / BXLE family, 32-bit: R1 += R3, compared with the odd register of R3's pair. */
function bx32(cpu: Cpu, d: Decoded, target: number, high: boolean): void {
  const g = cpu.gpr;
  const inc = g[2 * d.r3 + 1] | 0, cmp = g[2 * (d.r3 | 1) + 1] | 0;
  const sum = (g[2 * d.r1 + 1] + inc) | 0;
  g[2 * d.r1 + 1] = sum;
  if (high ? sum > cmp : sum <= cmp) cpu.nia = target;
}

/** BXHG / BXLEG family, 64-bit. */
function bx64(cpu: Cpu, r1: number, r3: number, target: number, high: boolean): void {
  const g = cpu.gpr, i = 2 * r1, j = 2 * r3, k = 2 * (r3 | 1);
  const ih = g[j], il = g[j + 1], ch = g[k], cl = g[k + 1];
  const lo = g[i + 1] + il;
  const hi = (g[i] + ih + (lo > 0xffff_ffff ? 1 : 0)) >>> 0;
  g[i] = hi; g[i + 1] = lo;
  const c = cmp64(hi, lo >>> 0, ch, cl);
  if (high ? c > 0 : c <= 0) cpu.nia = target;
}

export const BRANCH_HANDLERS: HandlerTable = {
  bc(cpu, d) { if (taken(cpu, d.m1)) cpu.nia = cpu.ea(d.x2, d.b2, d.d2); },
  bcr(cpu, d) {
    // R2 = 0 is a no-operation (BCR 15,0 / 14,0 also serialize, nothing to do here).
    if (d.r2 !== 0 && taken(cpu, d.m1)) cpu.nia = regAddress(cpu, d.r2);
  },
  brc(cpu, d) { if (taken(cpu, d.m1)) cpu.nia = relative(cpu, d.ri2); },
  brcl(cpu, d) { if (taken(cpu, d.m1)) cpu.nia = relative(cpu, d.ri2); },
  /** BRANCH INDIRECT ON CONDITION: the branch address is the doubleword operand. */
  bic(cpu, d) {
    if (!taken(cpu, d.m1)) return;
    cpu.read64(cpu.ea(d.x2, d.b2, d.d2));
    cpu.nia = cpu.amode === 64 ? cpu.hi * 0x1_0000_0000 + cpu.lo : cpu.wrap(cpu.lo);
  },

  bal(cpu, d) { const t = cpu.ea(d.x2, d.b2, d.d2); linkBal(cpu, d.r1); cpu.nia = t; },
  balr(cpu, d) {
    const t = d.r2 !== 0 ? regAddress(cpu, d.r2) : -1;
    linkBal(cpu, d.r1);
    if (t >= 0) cpu.nia = t;
  },
  bas(cpu, d) { const t = cpu.ea(d.x2, d.b2, d.d2); linkSave(cpu, d.r1); cpu.nia = t; },
  basr(cpu, d) {
    const t = d.r2 !== 0 ? regAddress(cpu, d.r2) : -1;
    linkSave(cpu, d.r1);
    if (t >= 0) cpu.nia = t;
  },
  bras(cpu, d) { linkSave(cpu, d.r1); cpu.nia = relative(cpu, d.ri2); },
  brasl(cpu, d) { linkSave(cpu, d.r1); cpu.nia = relative(cpu, d.ri2); },

  /** BRANCH AND SET MODE: R1 keeps the current mode in bit 63 (64) or bit 32 (24/31). */
  bsm(cpu, d) {
    const g = cpu.gpr;
    const hi = g[2 * d.r2], lo = g[2 * d.r2 + 1];
    if (d.r1 !== 0) {
      const i = 2 * d.r1 + 1;
      if (cpu.amode === 64) g[i] = g[i] | 1;
      else g[i] = (g[i] & 0x7fff_ffff) | (cpu.amode === 31 ? BIT32 : 0);
    }
    if (d.r2 !== 0) cpu.nia = setModeFrom(cpu, hi, lo);
  },
  /** BRANCH AND SAVE AND SET MODE: link with the mode bit, then as BSM. */
  bassm(cpu, d) {
    const g = cpu.gpr;
    const hi = g[2 * d.r2], lo = g[2 * d.r2 + 1];
    const a = cpu.nia;
    if (cpu.amode === 64) { g[2 * d.r1] = Math.floor(a / 0x1_0000_0000); g[2 * d.r1 + 1] = (a | 1) >>> 0; }
    else g[2 * d.r1 + 1] = cpu.amode === 31 ? (a | BIT32) >>> 0 : a;
    if (d.r2 !== 0) cpu.nia = setModeFrom(cpu, hi, lo);
  },

  bxh(cpu, d) { bx32(cpu, d, cpu.ea(0, d.b2, d.d2), true); },
  bxle(cpu, d) { bx32(cpu, d, cpu.ea(0, d.b2, d.d2), false); },
  brxh(cpu, d) { bx32(cpu, d, relative(cpu, d.ri2), true); },
  brxle(cpu, d) { bx32(cpu, d, relative(cpu, d.ri2), false); },
  bxhg(cpu, d) { bx64(cpu, d.r1, d.r3, cpu.ea(0, d.b2, d.d2), true); },
  bxleg(cpu, d) { bx64(cpu, d.r1, d.r3, cpu.ea(0, d.b2, d.d2), false); },
  brxhg(cpu, d) { bx64(cpu, d.r1, d.r3, relative(cpu, d.ri2), true); },
  brxlg(cpu, d) { bx64(cpu, d.r1, d.r3, relative(cpu, d.ri2), false); },
};
