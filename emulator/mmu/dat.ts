// Dynamic address translation (PoP "Dynamic Address Translation"): the table walk from an
// address-space-control element through region, segment and page tables to a real frame,
// with EDAT-1 1 MB segment frames and EDAT-2 2 GB region-third frames. Pure: it reads
// absolute storage and reports the outcome in a reusable record; callers turn exception
// codes into interruptions (mmu.ts) or condition codes (LRA, TPROT, LPTEA).
import { PGM } from '../cpu/interrupts';

/** Address-space-control element, bits 32-63 (the origin continues in bits 0-31). */
export const ASCE = {
  ORIGIN: 0xffff_f000,
  SUBSPACE_GROUP: 0x200,
  PRIVATE: 0x100,
  STORAGE_ALTERATION: 0x80,
  SPACE_SWITCH: 0x40,
  REAL_SPACE: 0x20,
  DT_SHIFT: 2,
  DT: 0xc,
  TL: 0x3,
} as const;

/** Designation / table types (ASCE bits 60-61, table-entry bits 60-61). */
export const TABLE_TYPE = { SEGMENT: 0, REGION_THIRD: 1, REGION_SECOND: 2, REGION_FIRST: 3 } as const;

/** Region-table entry, bits 32-63. FC and the frame fields exist only in region-third entries (EDAT-2). */
export const REGION_ENTRY = {
  ORIGIN: 0xffff_f000,
  /** Region-frame absolute address bit 32 (bits 0-31 are the high word). */
  RFAA: 0x8000_0000,
  ACCF_VALID: 0x1_0000,
  ACC_SHIFT: 12,
  FETCH: 0x800,
  FORMAT: 0x400,
  PROTECT: 0x200,
  IEP: 0x100,
  TF_SHIFT: 6,
  TF: 0xc0,
  INVALID: 0x20,
  COMMON: 0x10,
  TT_SHIFT: 2,
  TL: 0x3,
} as const;

/** Segment-table entry, bits 32-63. */
export const SEGMENT_ENTRY = {
  PTO: 0xffff_f800,
  SFAA: 0xfff0_0000,
  ACCF_VALID: 0x1_0000,
  ACC_SHIFT: 12,
  FETCH: 0x800,
  FORMAT: 0x400,
  PROTECT: 0x200,
  IEP: 0x100,
  INVALID: 0x20,
  COMMON: 0x10,
  TT: 0xc,
} as const;

/** Page-table entry, bits 32-63. */
export const PAGE_ENTRY = {
  PFRA: 0xffff_f000,
  /** Bit 52 must be zero (translation specification otherwise). */
  ZERO: 0x800,
  INVALID: 0x400,
  PROTECT: 0x200,
  IEP: 0x100,
} as const;

const TWO32 = 0x1_0000_0000;

/** Which optional DAT functions are active (installed and enabled in CR0). */
export interface DatControls {
  edat1: boolean;
  edat2: boolean;
  iep: boolean;
}

/** The table entry at which a walk stopped (for LRA and LPTEA). */
export const STOP = { NONE: 0, LENGTH: 1, INVALID: 2 } as const;

/** Outcome of one walk; reused to avoid allocation. */
export class Translation {
  /** Real address of the 4K frame holding the byte (DAT on, no exception). */
  frame = 0;
  /** DAT protection (segment, page, or with EDAT-1 region protection bits). */
  protect = false;
  /** Instruction-execution protection. */
  noExec = false;
  /**
   * EDAT large frame whose entry has ACCF validity: its access-control and fetch-protection
   * bits (reported for tools; key-controlled protection uses the storage keys).
   */
  accfValid = false;
  acc = 0;
  fetchProtect = false;
  /** Absolute address of the last table entry addressed, and why the walk stopped there. */
  entry = 0;
  stop: number = STOP.NONE;
  /** Table type of that entry (TABLE_TYPE), or -1 for a page-table entry. */
  entryType = 0;
}

/** One table entry a walk addressed (explainTranslation records them; `walk` alone does not). */
export interface DatStep {
  /** TABLE_TYPE of the table, or -1 for the page table. */
  readonly tableType: number;
  /** Index into the table taken from the virtual address. */
  readonly index: number;
  /** Absolute address of the entry. */
  readonly entryAddress: number;
  /** The entry's raw bits 0-31 and 32-63; undefined when the walk stopped before reading it. */
  readonly hi?: number;
  readonly lo?: number;
}

/**
 * Translates the logical address addrHi:addrLo with the ASCE asceHi:asceLo. Returns 0, or
 * the program-interruption code (translation, translation-specification or addressing
 * exception). Table entries are read as absolute addresses, as QEMU and Hercules do (the
 * PoP leaves real versus absolute unpredictable).
 */
export function walk(view: DataView, size: number, asceHi: number, asceLo: number, addrHi: number, addrLo: number,
  ctl: DatControls, out: Translation, steps?: DatStep[]): number {
  out.protect = false;
  out.noExec = false;
  out.accfValid = false;
  out.stop = STOP.NONE;
  out.entry = 0;
  const pageLo = (addrLo & PAGE_ENTRY.PFRA) >>> 0;
  if ((asceLo & ASCE.REAL_SPACE) !== 0) {
    out.frame = addrHi * TWO32 + pageLo;
    return 0;
  }
  const dt = (asceLo & ASCE.DT) >>> ASCE.DT_SHIFT;
  const rfx = addrHi >>> 21;
  const rsx = (addrHi >>> 10) & 0x7ff;
  const rtx = ((addrHi & 0x3ff) << 1) | (addrLo >>> 31);
  const sx = (addrLo >>> 20) & 0x7ff;
  const px = (addrLo >>> 12) & 0xff;
  if ((dt < TABLE_TYPE.REGION_FIRST && rfx !== 0) || (dt < TABLE_TYPE.REGION_SECOND && rsx !== 0)
    || (dt < TABLE_TYPE.REGION_THIRD && rtx !== 0)) return PGM.ASCE_TYPE;
  const isPrivate = (asceLo & ASCE.PRIVATE) !== 0;
  let origin = asceHi * TWO32 + ((asceLo & ASCE.ORIGIN) >>> 0);
  let tf = 0;
  let tl = asceLo & ASCE.TL;

  // Region tables, from the designated level down to region third.
  for (let level = dt; level > TABLE_TYPE.SEGMENT; level--) {
    const index = level === TABLE_TYPE.REGION_FIRST ? rfx : level === TABLE_TYPE.REGION_SECOND ? rsx : rtx;
    const code = level === TABLE_TYPE.REGION_FIRST ? PGM.REGION_FIRST_TRANSLATION
      : level === TABLE_TYPE.REGION_SECOND ? PGM.REGION_SECOND_TRANSLATION : PGM.REGION_THIRD_TRANSLATION;
    const at = origin + index * 8;
    out.entry = at;
    out.entryType = level;
    // The first two index bits select a 512-entry quarter of the table: TF <= q <= TL.
    if (index >>> 9 < tf || index >>> 9 > tl) {
      out.stop = STOP.LENGTH;
      steps?.push({ tableType: level, index, entryAddress: at });
      return code;
    }
    if (at + 8 > size) return PGM.ADDRESSING;
    const hi = view.getUint32(at);
    const lo = view.getUint32(at + 4);
    steps?.push({ tableType: level, index, entryAddress: at, hi, lo });
    if ((lo & REGION_ENTRY.INVALID) !== 0) {
      out.stop = STOP.INVALID;
      return code;
    }
    if (((lo >>> REGION_ENTRY.TT_SHIFT) & 3) !== level) return PGM.TRANSLATION_SPECIFICATION;
    if (ctl.edat1 && (lo & REGION_ENTRY.PROTECT) !== 0) out.protect = true;
    if (level === TABLE_TYPE.REGION_THIRD && ctl.edat2 && (lo & REGION_ENTRY.FORMAT) !== 0) {
      if (isPrivate && (lo & REGION_ENTRY.COMMON) !== 0) return PGM.TRANSLATION_SPECIFICATION;
      if (ctl.iep && (lo & REGION_ENTRY.IEP) !== 0) out.noExec = true;
      setAccf(out, lo);
      out.frame = hi * TWO32 + ((lo & REGION_ENTRY.RFAA) >>> 0) + ((addrLo & 0x7fff_f000) >>> 0);
      return 0;
    }
    origin = hi * TWO32 + ((lo & REGION_ENTRY.ORIGIN) >>> 0);
    tf = (lo & REGION_ENTRY.TF) >>> REGION_ENTRY.TF_SHIFT;
    tl = lo & REGION_ENTRY.TL;
  }

  // Segment table.
  const ste = origin + sx * 8;
  out.entry = ste;
  out.entryType = TABLE_TYPE.SEGMENT;
  if (sx >>> 9 < tf || sx >>> 9 > tl) {
    out.stop = STOP.LENGTH;
    steps?.push({ tableType: TABLE_TYPE.SEGMENT, index: sx, entryAddress: ste });
    return PGM.SEGMENT_TRANSLATION;
  }
  if (ste + 8 > size) return PGM.ADDRESSING;
  const sHi = view.getUint32(ste);
  const sLo = view.getUint32(ste + 4);
  steps?.push({ tableType: TABLE_TYPE.SEGMENT, index: sx, entryAddress: ste, hi: sHi, lo: sLo });
  if ((sLo & SEGMENT_ENTRY.INVALID) !== 0) {
    out.stop = STOP.INVALID;
    return PGM.SEGMENT_TRANSLATION;
  }
  if ((sLo & SEGMENT_ENTRY.TT) !== 0) return PGM.TRANSLATION_SPECIFICATION;
  if (isPrivate && (sLo & SEGMENT_ENTRY.COMMON) !== 0) return PGM.TRANSLATION_SPECIFICATION;
  if ((sLo & SEGMENT_ENTRY.PROTECT) !== 0) out.protect = true;
  if (ctl.edat1 && (sLo & SEGMENT_ENTRY.FORMAT) !== 0) {
    if (ctl.iep && (sLo & SEGMENT_ENTRY.IEP) !== 0) out.noExec = true;
    setAccf(out, sLo);
    out.frame = sHi * TWO32 + ((sLo & SEGMENT_ENTRY.SFAA) >>> 0) + ((addrLo & 0x000f_f000) >>> 0);
    return 0;
  }

  // Page table.
  const pte = sHi * TWO32 + ((sLo & SEGMENT_ENTRY.PTO) >>> 0) + px * 8;
  out.entry = pte;
  out.entryType = -1;
  if (pte + 8 > size) return PGM.ADDRESSING;
  const pHi = view.getUint32(pte);
  const pLo = view.getUint32(pte + 4);
  steps?.push({ tableType: -1, index: px, entryAddress: pte, hi: pHi, lo: pLo });
  if ((pLo & PAGE_ENTRY.INVALID) !== 0) {
    out.stop = STOP.INVALID;
    return PGM.PAGE_TRANSLATION;
  }
  if ((pLo & PAGE_ENTRY.ZERO) !== 0) return PGM.TRANSLATION_SPECIFICATION;
  if ((pLo & PAGE_ENTRY.PROTECT) !== 0) out.protect = true;
  if (ctl.iep && (pLo & PAGE_ENTRY.IEP) !== 0) out.noExec = true;
  out.frame = pHi * TWO32 + ((pLo & PAGE_ENTRY.PFRA) >>> 0);
  return 0;
}

/** What explainTranslation found: the outcome `walk` gives plus every entry it read. */
export interface DatExplanation {
  /** 0, or the program-interruption code the access would take. */
  readonly code: number;
  /** Real address of the byte (when code is 0). */
  readonly real: number;
  readonly protect: boolean;
  readonly noExec: boolean;
  /** Size of the frame the last entry maps: 4K pages, 1M (EDAT-1) or 2G (EDAT-2) frames. */
  readonly frameSize: number;
  readonly stop: number;
  readonly steps: readonly DatStep[];
}

/**
 * The DAT walk of `walk` for tools (the page-table view): same code path, no side effects
 * (it only reads storage), with each table entry recorded. Never a second implementation:
 * whatever `walk` decides, this reports.
 */
export function explainTranslation(view: DataView, size: number, asceHi: number, asceLo: number,
  addrHi: number, addrLo: number, ctl: DatControls): DatExplanation {
  const out = new Translation();
  const steps: DatStep[] = [];
  const code = walk(view, size, asceHi, asceLo, addrHi, addrLo, ctl, out, steps);
  const last = steps[steps.length - 1];
  const frameSize = code !== 0 || last === undefined || last.tableType === -1 ? 4096
    : last.tableType === TABLE_TYPE.SEGMENT ? 0x10_0000 : 0x8000_0000;
  return {
    code,
    real: code === 0 ? out.frame + (addrLo & 0xfff) : 0,
    protect: out.protect,
    noExec: out.noExec,
    frameSize,
    stop: out.stop,
    steps,
  };
}

/** EDAT large frames: with the ACCF-validity bit, the entry's key bits replace the storage key's. */
function setAccf(out: Translation, lo: number): void {
  if ((lo & SEGMENT_ENTRY.ACCF_VALID) === 0) return;
  out.accfValid = true;
  out.acc = (lo >>> SEGMENT_ENTRY.ACC_SHIFT) & 0xf;
  out.fetchProtect = (lo & SEGMENT_ENTRY.FETCH) !== 0;
}
