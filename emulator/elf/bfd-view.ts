// The ELF file as GNU BFD presents it to objdump: which section headers become
// sections, and its canonical symbols (flags, values, versions, synthetic @plt
// symbols, dynamic relocations), so that symbolized output can match objdump's.

import {
  ElfFile, ElfSymbol, SectionHeader, ET_DYN, ET_EXEC, SHF_ALLOC, SHF_EXECINSTR,
  SHN_ABS, SHN_COMMON, SHN_UNDEF, SHT_DYNSYM, SHT_GNU_VERDEF, SHT_GNU_VERNEED, SHT_GNU_VERSYM,
  SHT_NOBITS, SHT_NULL, SHT_REL, SHT_RELA, SHT_SHLIB, SHT_STRTAB, SHT_SYMTAB,
  SHT_SYMTAB_SHNDX, STB_GLOBAL, STB_GNU_UNIQUE, STB_LOCAL, STB_WEAK, STT_COMMON, STT_FILE,
  STT_FUNC, STT_OBJECT, STT_SECTION,
} from './elf';
import { readRelocations, readVersionIndices, readVersionTables, versionString, VersionTables } from './dynamic';

/** BFD symbol flags (only those objdump's symbol choice looks at). */
export const BSF_LOCAL = 1 << 0;
export const BSF_GLOBAL = 1 << 1;
export const BSF_DEBUGGING = 1 << 2;
export const BSF_FUNCTION = 1 << 3;
export const BSF_WEAK = 1 << 7;
export const BSF_SECTION_SYM = 1 << 8;
export const BSF_FILE = 1 << 14;
export const BSF_DYNAMIC = 1 << 15;
export const BSF_OBJECT = 1 << 16;
export const BSF_GNU_UNIQUE = 1 << 23;
export const BSF_SYNTHETIC = 1 << 21;

const MASK64 = (1n << 64n) - 1n;

/** A BFD section: a real section header, or one of BFD's pseudo sections. */
export interface BfdSection {
  readonly kind: 'section' | 'abs' | 'und' | 'com';
  readonly name: string;
  readonly vma: bigint;
  readonly size: bigint;
  /** The section header, for kind 'section'. */
  readonly header?: SectionHeader;
  /** SEC_CODE with SEC_HAS_CONTENTS: what objdump -d disassembles. */
  readonly isCode: boolean;
}

const ABS: BfdSection = { kind: 'abs', name: '*ABS*', vma: 0n, size: 0n, isCode: false };
const UND: BfdSection = { kind: 'und', name: '*UND*', vma: 0n, size: 0n, isCode: false };
const COM: BfdSection = { kind: 'com', name: '*COM*', vma: 0n, size: 0n, isCode: false };

export interface BfdSymbol {
  readonly name: string;
  /** bfd_asymbol_value: the symbol's address. */
  readonly value: bigint;
  /** BFD's raw symbol->value (section-relative in executables); objdump compares it once. */
  readonly rawValue: bigint;
  readonly section: BfdSection;
  readonly flags: number;
  /** st_size (objdump sorts larger symbols first); 0 for synthetic symbols. */
  readonly elfSize: bigint;
  /** Version text and hidden bit, for dynamic symbols of a versioned file. */
  readonly version?: { readonly text: string; readonly hidden: boolean };
}

/** BFD's symbol for "no symbol": the absolute section's own symbol. */
const ABS_SECTION_SYMBOL: BfdSymbol = {
  name: '*ABS*', value: 0n, rawValue: 0n, section: ABS, flags: BSF_SECTION_SYM, elfSize: 0n,
};

export interface DynamicRelocation {
  readonly address: bigint;
  readonly symbol: BfdSymbol;
}

/** GNU BFD's s390 PLT layout: a 32-byte header, then 32 bytes per entry (elf64-s390.c). */
const PLT_FIRST_ENTRY_SIZE = 32n;
const PLT_ENTRY_SIZE = 32n;

export class BfdView {
  readonly isExec: boolean;
  readonly isDynamic: boolean;
  /** Header indices of the first valid .symtab and .dynsym (0 if none), as BFD picks them. */
  readonly symtabIndex: number;
  readonly dynsymIndex: number;
  /** BFD's HAS_RELOC: some section has relocations against .symtab (objects, --emit-relocs). */
  readonly hasReloc: boolean;
  /** BFD sections in header order. */
  readonly sections: readonly BfdSection[];
  private readonly byIndex = new Map<number, BfdSection>();

  constructor(readonly elf: ElfFile) {
    this.isExec = elf.header.type === ET_EXEC;
    this.isDynamic = elf.header.type === ET_DYN;
    this.symtabIndex = this.firstSymbolTable(SHT_SYMTAB);
    this.dynsymIndex = this.firstSymbolTable(SHT_DYNSYM);
    let hasReloc = false;
    const sections: BfdSection[] = [];
    for (const h of elf.sections) {
      if (h.index === 0) continue;
      if (this.isRelocationSection(h)) { hasReloc = true; continue; }
      if (!this.becomesSection(h)) continue;
      const s: BfdSection = {
        kind: 'section', name: h.name, vma: h.addr, size: h.size, header: h,
        isCode: (h.flags & SHF_EXECINSTR) !== 0n && h.type !== SHT_NOBITS,
      };
      sections.push(s);
      this.byIndex.set(h.index, s);
    }
    this.hasReloc = hasReloc;
    this.sections = sections;
  }

  /** The BFD section for a section header index, if that header became one. */
  section(index: number): BfdSection | undefined { return this.byIndex.get(index); }

  sectionByName(name: string): BfdSection | undefined { return this.sections.find((s) => s.name === name); }

  /** Canonical .symtab symbols (objdump's `syms`), in table order. */
  staticSymbols(): BfdSymbol[] {
    if (this.symtabIndex === 0) return [];
    return this.elf.symbols(this.elf.sections[this.symtabIndex]).map((s) => this.toBfd(s, false, undefined, undefined));
  }

  /** Canonical .dynsym symbols (objdump's `dynsyms`), with their versions. */
  dynamicSymbols(): BfdSymbol[] {
    if (this.dynsymIndex === 0) return [];
    const table = this.elf.sections[this.dynsymIndex];
    const symbols = this.elf.symbols(table);
    const versions = this.versions(symbols.length + 1);
    return symbols.map((s) => this.toBfd(s, true, versions?.tables, versions?.indices));
  }

  /**
   * objdump's synthetic "name@plt" symbols: one per .rela.plt entry, at the PLT
   * slot BFD's s390 backend computes (bfd/elf.c _bfd_elf_get_synthetic_symtab).
   */
  syntheticSymbols(dynsyms: readonly BfdSymbol[]): BfdSymbol[] {
    if (!(this.isExec || this.isDynamic) || dynsyms.length === 0) return [];
    const relplt = this.sectionByName('.rela.plt');
    const plt = this.sectionByName('.plt');
    if (relplt?.header === undefined || plt === undefined) return [];
    const h = relplt.header;
    if (h.link !== this.dynsymIndex || (h.type !== SHT_REL && h.type !== SHT_RELA)) return [];
    const out: BfdSymbol[] = [];
    readRelocations(this.elf, h).forEach((r, i) => {
      const base = this.relocationSymbol(r.symbol, dynsyms);
      const address = (plt.vma + PLT_FIRST_ENTRY_SIZE + BigInt(i) * PLT_ENTRY_SIZE) & MASK64;
      let name = base.name;
      if (r.addend !== 0n) name += '+0x' + this.vmaHex(r.addend).replace(/^0+/, '');
      out.push({
        name: name + '@plt', value: address, rawValue: (address - plt.vma) & MASK64, section: plt,
        flags: ((base.flags & BSF_LOCAL) === 0 ? base.flags | BSF_GLOBAL : base.flags) | BSF_SYNTHETIC,
        elfSize: 0n,
      });
    });
    return out;
  }

  /**
   * Relocations of every section that uses .dynsym, sorted by address (ties keep
   * file order); objdump names GOT-like targets after their symbol.
   */
  dynamicRelocations(dynsyms: readonly BfdSymbol[]): DynamicRelocation[] {
    if (this.dynsymIndex === 0) return [];
    const out: DynamicRelocation[] = [];
    for (const s of this.sections) {
      const h = s.header;
      if (h === undefined || h.link !== this.dynsymIndex || (h.type !== SHT_REL && h.type !== SHT_RELA)) continue;
      for (const r of readRelocations(this.elf, h)) {
        out.push({ address: r.offset, symbol: this.relocationSymbol(r.symbol, dynsyms) });
      }
    }
    return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }

  /** Hex digits of a VMA as bfd_sprintf_vma writes them: 16 digits, or 8 for ELF32. */
  vmaHex(value: bigint): string {
    return this.elf.is64
      ? (value & MASK64).toString(16).padStart(16, '0')
      : (value & 0xffffffffn).toString(16).padStart(8, '0');
  }

  private relocationSymbol(index: number, dynsyms: readonly BfdSymbol[]): BfdSymbol {
    if (index === 0 || index > dynsyms.length) return ABS_SECTION_SYMBOL;
    return dynsyms[index - 1];
  }

  private versions(symbolCount: number): { tables: VersionTables; indices: Uint16Array } | undefined {
    // BFD keeps the last table of each kind; definitions and needs count only with entries.
    let versym: SectionHeader | undefined;
    let verdef: SectionHeader | undefined;
    let verneed: SectionHeader | undefined;
    for (const h of this.elf.sections) {
      if (h.type === SHT_GNU_VERSYM && h.entsize === 2n) versym = h;
      if (h.type === SHT_GNU_VERDEF && h.info !== 0) verdef = h;
      if (h.type === SHT_GNU_VERNEED && h.info !== 0) verneed = h;
    }
    if (versym === undefined || (verdef === undefined && verneed === undefined)) return undefined;
    const indices = readVersionIndices(this.elf, versym);
    if (indices.length !== symbolCount) return undefined;
    return { tables: readVersionTables(this.elf, verdef, verneed), indices };
  }

  private toBfd(s: ElfSymbol, dynamic: boolean, tables: VersionTables | undefined,
    versionIndices: Uint16Array | undefined): BfdSymbol {
    let section: BfdSection;
    if (s.shndx === SHN_UNDEF) section = UND;
    else if (s.shndx === SHN_ABS) section = ABS;
    else if (s.shndx === SHN_COMMON) section = COM;
    else section = this.byIndex.get(s.shndx) ?? ABS;  // BFD's fallback for sections it did not make

    let raw = s.shndx === SHN_COMMON ? s.size : s.value;
    let value: bigint;
    if (this.isExec || this.isDynamic) {
      value = raw;
      raw = (raw - section.vma) & MASK64;
    } else {
      value = (section.vma + raw) & MASK64;
    }

    let flags = 0;
    if (s.bind === STB_LOCAL) flags |= BSF_LOCAL;
    else if (s.bind === STB_GLOBAL) { if (s.shndx !== SHN_UNDEF && s.shndx !== SHN_COMMON) flags |= BSF_GLOBAL; }
    else if (s.bind === STB_WEAK) flags |= BSF_WEAK;
    else if (s.bind === STB_GNU_UNIQUE) flags |= BSF_GNU_UNIQUE;
    if (s.type === STT_SECTION) flags |= BSF_SECTION_SYM | BSF_DEBUGGING;
    else if (s.type === STT_FILE) flags |= BSF_FILE | BSF_DEBUGGING;
    else if (s.type === STT_FUNC) flags |= BSF_FUNCTION;
    else if (s.type === STT_OBJECT || s.type === STT_COMMON) flags |= BSF_OBJECT;
    if (dynamic) flags |= BSF_DYNAMIC;

    const entry = versionIndices?.[s.index];
    const version = tables !== undefined && entry !== undefined ? versionString(tables, entry) : undefined;
    return { name: s.name, value, rawValue: raw, section, flags, elfSize: s.size, ...(version ? { version } : {}) };
  }

  private firstSymbolTable(type: number): number {
    const size = BigInt(this.elf.symbolEntrySize);
    for (const h of this.elf.sections) {
      if (h.type === type && h.entsize === size && BigInt(h.info) * size <= h.size) return h.index;
    }
    return 0;
  }

  /** A REL/RELA section BFD attaches to its target instead of making it a section. */
  private isRelocationSection(h: SectionHeader): boolean {
    if (h.type !== SHT_REL && h.type !== SHT_RELA) return false;
    const count = this.elf.sections.length;
    if ((this.isExec || this.isDynamic) && (h.flags & SHF_ALLOC) !== 0n) return false;
    if (h.link === 0 || h.link >= count || h.link !== this.symtabIndex) return false;
    if (h.info === 0 || h.info >= count) return false;
    const target = this.elf.sections[h.info];
    return target.type !== SHT_REL && target.type !== SHT_RELA && this.becomesSection(target);
  }

  /** bfd_section_from_shdr: which headers GNU BFD turns into sections. */
  private becomesSection(h: SectionHeader): boolean {
    switch (h.type) {
      case SHT_NULL:
      case SHT_SYMTAB_SHNDX:
      case SHT_SHLIB:
        return false;
      case SHT_SYMTAB:
        return h.index === this.symtabIndex && (h.flags & SHF_ALLOC) !== 0n && this.isDynamic;
      case SHT_DYNSYM:
        return h.index === this.dynsymIndex;
      case SHT_STRTAB:
        if (h.index === this.elf.header.shstrndx) return false;
        return !(this.symtabIndex !== 0 && this.elf.sections[this.symtabIndex].link === h.index);
      case SHT_REL:
      case SHT_RELA:
        return !this.isRelocationSection(h);
      default:
        return true;
    }
  }
}
