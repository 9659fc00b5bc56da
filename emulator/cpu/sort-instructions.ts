// The sort/merge instructions (PoP "General Instructions"): COMPARE AND FORM CODEWORD
// and UPDATE TREE. Their registers are address-sized: all 64 bits in the 64-bit mode,
// bits 32-63 otherwise (bits 0-31 then stay unchanged). Codeword units are 6 bytes in
// the 64-bit mode, 2 bytes otherwise; tree nodes are a codeword and a data word of 8 (or
// 4) bytes each.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { cmpu64 } from './int64';
import { PGM, ProgramInterrupt } from './interrupts';

function spec(): never {
  throw new ProgramInterrupt(PGM.SPECIFICATION);
}

/** Address-sized register n as (hi, lo); hi is 0 outside the 64-bit mode. */
const hiOf = (cpu: Cpu, n: number): number => (cpu.amode === 64 ? cpu.gpr[2 * n] : 0);
const loOf = (cpu: Cpu, n: number): number => cpu.gpr[2 * n + 1];
function setReg(cpu: Cpu, n: number, hi: number, lo: number): void {
  if (cpu.amode === 64) cpu.gpr[2 * n] = hi >>> 0;
  cpu.gpr[2 * n + 1] = lo >>> 0;
}
/** An address from a register plus an offset, wrapped to the addressing mode. */
function address(cpu: Cpu, n: number, offset: number): number {
  return cpu.wrap(hiOf(cpu, n) * 0x1_0000_0000 + loOf(cpu, n) + offset);
}

// ---- COMPARE AND FORM CODEWORD --------------------------------------------------------------

/** Operand 2 address: bits 49-62 are the last index, bit 63 selects a descending sort. */
const CFC_LAST_INDEX = 0x7ffe, CFC_DESCENDING = 1;
const unit = new Uint8Array(12);

/**
 * Compares the operands at GR1+index and GR3+index (index in GR2 bits 48-63) unit by
 * unit. Equal to the end: CC 0, GR2 := GR3 with its high bit on. At the first inequality
 * the codeword -- index (advanced past the unit) and the unit of the operand that sorts
 * later, inverted for an ascending sort, or that sorts first for a descending one --
 * replaces GR2; CC 1 when the operands are in sequence, else CC 2 with GR1/GR3 swapped.
 */
function compareAndFormCodeword(cpu: Cpu, d: Decoded): void {
  if ((loOf(cpu, 1) | loOf(cpu, 2) | loOf(cpu, 3)) & 1) spec();
  const ea = cpu.ea(0, d.b2, d.d2);
  const last = ea & CFC_LAST_INDEX, descending = (ea & CFC_DESCENDING) !== 0;
  const size = cpu.amode === 64 ? 6 : 2;
  for (;;) {
    const index = loOf(cpu, 2) & 0xffff;
    if (index > last) {
      if (cpu.amode === 64) setReg(cpu, 2, (hiOf(cpu, 3) | 0x8000_0000) >>> 0, loOf(cpu, 3));
      else setReg(cpu, 2, 0, (loOf(cpu, 3) | 0x8000_0000) >>> 0);
      cpu.cc = 0;
      return;
    }
    for (let i = 0; i < size; i++) {
      unit[i] = cpu.read8(address(cpu, 1, index + i));
      unit[6 + i] = cpu.read8(address(cpu, 3, index + i));
    }
    // GR2 advances only after both units were fetched (an access exception leaves it).
    const lo2 = loOf(cpu, 2) + size;
    setReg(cpu, 2, hiOf(cpu, 2) + (lo2 > 0xffff_ffff ? 1 : 0), lo2);
    let order = 0;
    for (let i = 0; i < size && order === 0; i++) order = unit[i] - unit[6 + i];
    if (order === 0) continue;
    const inSequence = (order < 0) !== descending;
    // Ascending: the inverse of the higher operand; descending: the lower one as is.
    const from = (order < 0) !== descending ? 6 : 0;
    let hi = 0, lo = 0;
    for (let i = 0; i < size; i++) {
      const b = descending ? unit[from + i] : ~unit[from + i] & 0xff;
      hi = ((hi << 8) | (lo >>> 24)) >>> 0;
      lo = ((lo << 8) | b) >>> 0;
    }
    // Codeword: GR2 shifted left by the unit size, the unit in the vacated bits.
    if (cpu.amode === 64) setReg(cpu, 2, (loOf(cpu, 2) << 16 | hi) >>> 0, lo);
    else setReg(cpu, 2, 0, ((loOf(cpu, 2) << 16) | lo) >>> 0);
    if (!inSequence) {
      const h1 = hiOf(cpu, 1), l1 = loOf(cpu, 1);
      setReg(cpu, 1, hiOf(cpu, 3), loOf(cpu, 3));
      setReg(cpu, 3, h1, l1);
    }
    cpu.cc = inSequence ? 1 : 2;
    return;
  }
}

// ---- UPDATE TREE --------------------------------------------------------------------------

/**
 * Walks the tree at GR4 from node GR5 towards the root (halving the index), keeping the
 * node with the highest codeword in GR0/GR1 and storing the lower one in the node it
 * came from. Stops with CC 1 at the root, CC 3 when GR0 is negative, CC 0 at a node whose
 * codeword equals GR0 (that node's values go to GR2/GR3).
 */
function updateTree(cpu: Cpu): void {
  const wide = cpu.amode === 64;
  const node = wide ? 16 : 8, half = node / 2;
  if (((loOf(cpu, 4) | loOf(cpu, 5)) & (node - 1)) !== 0) spec();
  for (;;) {
    // index := (GR5 / 2) rounded down to a node boundary.
    const h5 = hiOf(cpu, 5), l5 = loOf(cpu, 5);
    const ih = h5 >>> 1, il = (((h5 & 1) << 31) | (l5 >>> 1)) & ~(node - 1);
    if ((ih | il) === 0) { setReg(cpu, 5, 0, 0); cpu.cc = 1; return; }
    if (((wide ? hiOf(cpu, 0) : loOf(cpu, 0)) & 0x8000_0000) !== 0) { setReg(cpu, 5, ih, il); cpu.cc = 3; return; }
    const at = cpu.wrap(hiOf(cpu, 4) * 0x1_0000_0000 + loOf(cpu, 4) + ih * 0x1_0000_0000 + (il >>> 0));
    let ch = 0, cl: number, dh = 0, dl: number;
    if (wide) {
      cpu.read64(at); ch = cpu.hi; cl = cpu.lo;
      cpu.read64(cpu.wrap(at + half)); dh = cpu.hi; dl = cpu.lo;
    } else {
      cl = cpu.read32(at);
      dl = cpu.read32(cpu.wrap(at + half));
    }
    setReg(cpu, 5, ih, il);
    const c = cmpu64(ch, cl, hiOf(cpu, 0), loOf(cpu, 0));
    if (c === 0) {
      setReg(cpu, 2, ch, cl);
      setReg(cpu, 3, dh, dl);
      cpu.cc = 0;
      return;
    }
    if (c < 0) continue;
    // The node's codeword is higher: it moves to GR0/GR1, theirs into the node.
    if (wide) {
      cpu.checkWritable(at, node);
      cpu.write64(at, hiOf(cpu, 0), loOf(cpu, 0));
      cpu.write64(cpu.wrap(at + half), hiOf(cpu, 1), loOf(cpu, 1));
    } else {
      cpu.checkWritable(at, node);
      cpu.write32(at, loOf(cpu, 0));
      cpu.write32(cpu.wrap(at + half), loOf(cpu, 1));
    }
    setReg(cpu, 0, ch, cl);
    setReg(cpu, 1, dh, dl);
  }
}

export const SORT_HANDLERS: HandlerTable = {
  cfc: compareAndFormCodeword,
  upt: updateTree,
};
