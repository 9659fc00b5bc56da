// DAT control instructions (PoP chapter 10): invalidating table entries and purging TLBs
// (IPTE, IDTE, CSP, CSPG, PTLB), translating on request (LRA, LRAY, LRAG, TPROT), and
// real-address loads and stores (LURA, LURAG, STURA, STURG). The address-space and
// storage-key instructions are in dat-space-ops.ts and dat-key-ops.ts.
import { ASCE, REGION_ENTRY, STOP, TABLE_TYPE, Translation, PAGE_ENTRY } from '../mmu/dat';
import { CR0, fetchAllowed, isLowAddress, keysOf, STORAGE_KEY, storeAllowed } from '../mmu/keys';
import { ACCESS, SPACE } from '../mmu/mmu';
import type { Cpu } from './cpu';
import { datSpaceHandlers } from './dat-space-ops';
import { datKeyHandlers } from './dat-key-ops';
import { operandSpace, privileged, pswKey, regAddress, setReg64 } from './dat-common';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { PSW } from './state';

const TWO32 = 0x1_0000_0000;
/** IDTE R2 bits 44-51 must be zero; bit 52 selects clearing by ASCE only; bits 53-63 count. */
const IDTE_RESERVED = 0x000f_f000;
const IDTE_CLEAR_BY_ASCE = 0x800;
const IDTE_COUNT = 0x7ff;
const TABLE_INDEX_MASK = 0x7ff;
/** CSP/CSPG: bit 63 of R2 asks for the TLB purge. */
const CSP_PURGE = 1;
/** LRA bit 32 of R1 flags an exception code in bits 48-63. */
const LRA_EXCEPTION = 0x8000_0000;
const scratch = new Translation();

function readEntry(cpu: Cpu, at: number): number {
  if (at + 8 > cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
  return cpu.mem.getUint32(at + 4);
}

function setEntryBits(cpu: Cpu, at: number, bits: number): void {
  const lo = readEntry(cpu, at);
  if ((lo & bits) === bits) return;
  cpu.mem.setUint32(at + 4, (lo | bits) >>> 0);
  cpu.noteWrite(at + 4, 4);
}

/**
 * IPTE R1,R2: sets the invalid bit of the page-table entry selected by the page index in
 * R2 (bits 44-51) in the table at R1 (bits 0-52), and clears TLB entries formed through
 * it on every CPU. The local-clearing M4 bit and the IPTE-range R3 field (facilities 51
 * and 13, not reported) are ignored; clearing everywhere is always correct.
 */
const ipte: Handler = (cpu, d) => {
  privileged(cpu);
  const origin = cpu.rHi(d.r1) * TWO32 + ((cpu.r32(d.r1) & 0xffff_f800) >>> 0);
  const px = (cpu.r32(d.r2) >>> 12) & 0xff;
  setEntryBits(cpu, origin + px * 8, PAGE_ENTRY.INVALID);
  cpu.mmu.domain.purgePageIndex(px, 1);
};

/**
 * IDTE R1,R3,R2: with R2 bit 52 zero, sets the invalid bit of 1-2048 region- or segment-
 * table entries (count in R2 bits 53-63) starting at the index in R2 for the table R1
 * designates; then clears TLB entries (with bit 52 one, only clearing by the ASCE in R3).
 * All TLBs of the configuration are purged: a superset of what the PoP requires.
 */
const idte: Handler = (cpu, d) => {
  privileged(cpu);
  const lo2 = cpu.r32(d.r2);
  if ((lo2 & IDTE_RESERVED) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  if ((lo2 & IDTE_CLEAR_BY_ASCE) === 0) {
    const lo1 = cpu.r32(d.r1);
    const origin = cpu.rHi(d.r1) * TWO32 + ((lo1 & ASCE.ORIGIN) >>> 0);
    const hi2 = cpu.rHi(d.r2);
    const dt = (lo1 & ASCE.DT) >>> ASCE.DT_SHIFT;
    const index = dt === TABLE_TYPE.REGION_FIRST ? hi2 >>> 21
      : dt === TABLE_TYPE.REGION_SECOND ? (hi2 >>> 10) & TABLE_INDEX_MASK
        : dt === TABLE_TYPE.REGION_THIRD ? ((hi2 & 0x3ff) << 1) | (lo2 >>> 31) : (lo2 >>> 20) & TABLE_INDEX_MASK;
    const count = (lo2 & IDTE_COUNT) + 1;
    for (let k = 0; k < count; k++) setEntryBits(cpu, origin + ((index + k) & TABLE_INDEX_MASK) * 8, REGION_ENTRY.INVALID);
  }
  cpu.mmu.domain.purgeAll();
};

function compareAndSwapAndPurge(wide: boolean): Handler {
  return (cpu, d) => {
    privileged(cpu);
    if ((d.r1 & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const size = wide ? 8 : 4;
    const logical = regAddress(cpu, d.r2) - (cpu.r32(d.r2) & (size - 1));
    const a = cpu.translate(logical, size, true);
    const m = cpu.mem, g = cpu.gpr;
    const c = 2 * d.r1, s = 2 * d.r1 + 2;
    let equal: boolean;
    if (wide) {
      const o0 = m.getUint32(a), o1 = m.getUint32(a + 4); // ATOMIC
      equal = o0 === g[c] && o1 === g[c + 1];
      if (equal) { m.setUint32(a, g[s]); m.setUint32(a + 4, g[s + 1]); } else { g[c] = o0; g[c + 1] = o1; }
    } else {
      const o = m.getUint32(a); // ATOMIC
      equal = o === g[c + 1];
      if (equal) m.setUint32(a, g[s + 1]); else g[c + 1] = o;
    }
    if (equal) {
      cpu.noteWrite(a, size);
      if ((cpu.r32(d.r2) & CSP_PURGE) !== 0) cpu.mmu.domain.purgeAll();
    }
    cpu.cc = equal ? 0 : 1;
  };
}

const ptlb: Handler = (cpu) => {
  privileged(cpu);
  cpu.mmu.tlb.purgeAll();
};

/**
 * LRA/LRAY/LRAG: translates the second-operand address by DAT (whether or not DAT is on)
 * in the space of the current AS mode. cc 0: R1 = real address; cc 1: segment-table
 * entry invalid, R1 = its address; cc 2: page-table entry invalid, R1 = its address;
 * cc 3: segment-table length exceeded (R1 = the entry address), or ASCE-type or region
 * exception (R1 bit 32 one, code in bits 48-63). LRA and LRAY give 64-bit results in the
 * 64-bit mode, as Hercules does.
 */
function loadRealAddress(alwaysWide: boolean): Handler {
  return (cpu, d) => {
    privileged(cpu);
    const logical = cpu.ea(d.x2, d.b2, d.d2);
    const wide = alwaysWide || cpu.amode === 64;
    const code = cpu.mmu.translateOnly(logical, operandSpace(cpu), scratch);
    let value: number;
    let cc: number;
    if (code === 0) {
      value = scratch.frame + (logical & 0xfff);
      if (!wide && value > 0x7fff_ffff) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
      cc = 0;
    } else if (code === PGM.ADDRESSING || code === PGM.TRANSLATION_SPECIFICATION) {
      throw new ProgramInterrupt(code);
    } else if (code === PGM.SEGMENT_TRANSLATION || code === PGM.PAGE_TRANSLATION) {
      value = scratch.entry;
      cc = scratch.stop === STOP.LENGTH ? 3 : code === PGM.PAGE_TRANSLATION ? 2 : 1;
    } else {
      value = -1;
      cc = 3;
    }
    if (value < 0 || (!wide && value > 0x7fff_ffff)) {
      cpu.setR32(d.r1, (LRA_EXCEPTION | code) >>> 0);
      cpu.cc = 3;
      return;
    }
    if (wide) setReg64(cpu, d.r1, value);
    else cpu.setR32(d.r1, value);
    cpu.cc = cc;
  };
}

/**
 * TPROT D1(B1),D2(B2): may the access key in bits 56-59 of the second-operand address
 * fetch from / store into the first-operand location? cc 0 both, 1 fetch only, 2
 * neither, 3 translation not available. DAT, low-address and key-controlled protection
 * count; reference and change bits are not touched.
 */
const tprot: Handler = (cpu, d) => {
  privileged(cpu);
  const logical = cpu.ea(0, d.b1, d.d1);
  const key = (cpu.ea(0, d.b2, d.d2) >>> 4) & 0xf;
  const dat = (cpu.pswMask & PSW.DAT) !== 0;
  const space = dat ? operandSpace(cpu) : SPACE.REAL;
  const code = cpu.mmu.translateOnly(logical, space, scratch);
  if (code === PGM.ADDRESSING || code === PGM.TRANSLATION_SPECIFICATION) throw new ProgramInterrupt(code);
  if (code !== 0) {
    cpu.cc = 3;
    return;
  }
  const abs = cpu.absolute(scratch.frame);
  if (abs >= cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
  const cr0 = cpu.cr[1];
  const privateSpace = dat && (cpu.cr[2 * space + 1] & ASCE.PRIVATE) !== 0;
  const skey = keysOf(cpu)[abs / 4096];
  const acc = skey >>> STORAGE_KEY.ACC_SHIFT;
  const fp = (skey & STORAGE_KEY.FETCH_PROTECTION) !== 0;
  const lap = (cr0 & CR0.LOW_ADDRESS_PROTECTION) !== 0 && !privateSpace && isLowAddress(logical);
  if (!fetchAllowed(key, acc, fp, cr0, logical, privateSpace)) cpu.cc = 2;
  else cpu.cc = lap || scratch.protect || !storeAllowed(key, acc, cr0) ? 1 : 0;
};

/** LURA/LURAG/STURA/STURG: real-address accesses, with prefixing and key protection. */
function realAccess(size: 4 | 8, store: boolean): Handler {
  return (cpu: Cpu, d: Decoded) => {
    privileged(cpu);
    const real = regAddress(cpu, d.r2);
    if (real % size !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const a = cpu.mmu.accessIn(real, SPACE.REAL, store ? ACCESS.WRITE : ACCESS.READ, pswKey(cpu));
    const m = cpu.mem;
    if (store) {
      if (size === 8) m.setUint32(a, cpu.rHi(d.r1));
      m.setUint32(a + size - 4, cpu.r32(d.r1));
      cpu.noteWrite(a, size);
    } else if (size === 8) {
      cpu.setR64(d.r1, m.getUint32(a), m.getUint32(a + 4));
    } else {
      cpu.setR32(d.r1, m.getUint32(a));
    }
  };
}

export const DAT_HANDLERS: HandlerTable = {
  ipte, idte, ptlb, tprot,
  csp: compareAndSwapAndPurge(false),
  cspg: compareAndSwapAndPurge(true),
  lra: loadRealAddress(false),
  lray: loadRealAddress(false),
  lrag: loadRealAddress(true),
  lura: realAccess(4, false),
  lurag: realAccess(8, false),
  stura: realAccess(4, true),
  sturg: realAccess(8, true),
  ...datSpaceHandlers,
  ...datKeyHandlers,
};
