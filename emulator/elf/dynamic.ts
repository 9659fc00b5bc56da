// Dynamic-linking tables of an ELF file: relocation entries and GNU symbol versions
// (LSB "Symbol Versioning": .gnu.version, .gnu.version_d, .gnu.version_r).

import { ElfError, ElfFile, SectionHeader, SHT_RELA } from './elf';

export interface Relocation {
  readonly offset: bigint;
  /** Symbol index into the table the relocation section links to; 0 for none. */
  readonly symbol: number;
  readonly type: number;
  readonly addend: bigint;
}

/** Entries of a SHT_REL or SHT_RELA section (s390 uses RELA; REL is read for completeness). */
export function readRelocations(elf: ElfFile, section: SectionHeader): Relocation[] {
  const rela = section.type === SHT_RELA;
  const entsize = elf.is64 ? (rela ? 24 : 16) : (rela ? 12 : 8);
  if (section.entsize !== BigInt(entsize)) {
    throw new ElfError(`relocation section ${section.name} has entry size ${section.entsize}, expected ${entsize}`);
  }
  const v = elf.reader(section.offset, section.size, `relocation section ${section.name}`);
  const out: Relocation[] = [];
  for (let at = 0; at + entsize <= v.byteLength; at += entsize) {
    if (elf.is64) {
      const info = v.getBigUint64(at + 8);
      out.push({
        offset: v.getBigUint64(at), symbol: Number(info >> 32n), type: Number(info & 0xffffffffn),
        addend: rela ? v.getBigInt64(at + 16) : 0n,
      });
    } else {
      const info = v.getUint32(at + 4);
      out.push({
        offset: BigInt(v.getUint32(at)), symbol: info >>> 8, type: info & 0xff,
        addend: rela ? BigInt(v.getInt32(at + 8)) : 0n,
      });
    }
  }
  return out;
}

/** Bit of a .gnu.version entry that marks a hidden (non-default) version. */
export const VERSYM_HIDDEN = 0x8000;
export const VERSYM_VERSION = 0x7fff;
/** vd_flags of the version definition that names the file itself. */
export const VER_FLG_BASE = 0x1;

export interface VersionDefinition {
  readonly flags: number;
  /** The name of the version (its first auxiliary entry), if any. */
  readonly name: string | undefined;
}

/** The version tables of a file, indexed the way .gnu.version entries refer to them. */
export interface VersionTables {
  /** Definitions by version index - 1 (sparse: indices the file does not define are undefined). */
  readonly definitions: readonly (VersionDefinition | undefined)[];
  /** Highest defined version index (GNU BFD's cverdefs). */
  readonly definitionCount: number;
  /** Required (imported) version names by their vna_other index. */
  readonly needed: ReadonlyMap<number, string>;
}

/** Reads .gnu.version_d and .gnu.version_r; an inconsistent table yields an ElfError. */
export function readVersionTables(elf: ElfFile, verdef: SectionHeader | undefined,
  verneed: SectionHeader | undefined): VersionTables {
  const definitions: (VersionDefinition | undefined)[] = [];
  let definitionCount = 0;
  const needed = new Map<number, string>();
  const bad = (what: string): ElfError => new ElfError(`invalid ${what} entry`);

  if (verneed !== undefined) {
    const v = elf.reader(verneed.offset, verneed.size, verneed.name);
    let at = 0;
    for (let i = 0; i < verneed.info; i++) {
      if (at + 16 > v.byteLength) throw bad(verneed.name);
      const cnt = v.getUint16(at + 2);
      const aux = v.getUint32(at + 8);
      const next = v.getUint32(at + 12);
      let a = at + aux;
      for (let j = 0; j < cnt; j++) {
        if (a + 16 > v.byteLength) throw bad(verneed.name);
        const other = v.getUint16(a + 6);
        const name = elf.stringAt(verneed.link, v.getUint32(a + 8));
        if (name === undefined) throw bad(verneed.name);
        // GNU BFD searches every entry and keeps the last match.
        needed.set(other, name);
        const anext = v.getUint32(a + 12);
        if (anext === 0) break;
        a += anext;
      }
      if (next === 0) break;
      at += next;
    }
  }

  if (verdef !== undefined) {
    const v = elf.reader(verdef.offset, verdef.size, verdef.name);
    let at = 0;
    for (let i = 0; i < verdef.info; i++) {
      if (at + 20 > v.byteLength) throw bad(verdef.name);
      const flags = v.getUint16(at + 2);
      const ndx = v.getUint16(at + 4) & VERSYM_VERSION;
      const cnt = v.getUint16(at + 6);
      const aux = v.getUint32(at + 12);
      const next = v.getUint32(at + 16);
      if (ndx === 0) throw bad(verdef.name);
      let name: string | undefined;
      if (cnt > 0) {
        if (at + aux + 8 > v.byteLength) throw bad(verdef.name);
        name = elf.stringAt(verdef.link, v.getUint32(at + aux));
        if (name === undefined) throw bad(verdef.name);
      }
      definitions[ndx - 1] = { flags, name };
      definitionCount = Math.max(definitionCount, ndx);
      if (next === 0) break;
      at += next;
    }
  }
  return { definitions, definitionCount, needed };
}

/** The .gnu.version entries (one per dynamic symbol, including the null symbol). */
export function readVersionIndices(elf: ElfFile, versym: SectionHeader): Uint16Array {
  const v = elf.reader(versym.offset, versym.size, versym.name);
  const out = new Uint16Array(v.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = v.getUint16(i * 2);
  return out;
}

/**
 * The version text GNU BFD appends to a dynamic symbol's name (its
 * bfd_get_symbol_version_string with base_p = true) and whether it is hidden
 * (printed after "@" instead of "@@"). Empty text means nothing is printed.
 */
export function versionString(tables: VersionTables, entry: number): { text: string; hidden: boolean } {
  let hidden = (entry & VERSYM_HIDDEN) !== 0;
  const index = entry & VERSYM_VERSION;
  if (index === 0) return { text: '', hidden };
  const first = tables.definitions[0];
  if (index === 1 && (index > tables.definitionCount || (first !== undefined && first.flags === VER_FLG_BASE))) {
    return { text: 'Base', hidden };
  }
  if (index <= tables.definitionCount) {
    const d = tables.definitions[index - 1];
    return { text: d?.name ?? '', hidden };
  }
  const needed = tables.needed.get(index);
  if (needed !== undefined) hidden = true;
  return { text: needed ?? '<corrupt>', hidden };
}
