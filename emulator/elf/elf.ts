// Bounds-checked reader for big-endian ELF32/ELF64 s390 files: header, program and
// section headers, string and symbol tables (System V ABI, "Object Files" chapter).

/** A malformed or unsupported ELF file; the message is what the user sees. */
export class ElfError extends Error {
  override name = 'ElfError';
}

/** e_machine values (System V ABI; EM_S390_OLD is the pre-assignment value GNU tools still accept). */
export const EM_S390 = 22;
export const EM_S390_OLD = 0xa390;

/** e_type values. */
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

/** sh_type values. */
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_SHLIB = 10;
export const SHT_DYNSYM = 11;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHT_GROUP = 17;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_RELR = 19;
export const SHT_LOOS = 0x60000000;
export const SHT_GNU_ATTRIBUTES = 0x6ffffff5;
export const SHT_GNU_HASH = 0x6ffffff6;
export const SHT_GNU_LIBLIST = 0x6ffffff7;
export const SHT_GNU_VERDEF = 0x6ffffffd;
export const SHT_GNU_VERNEED = 0x6ffffffe;
export const SHT_GNU_VERSYM = 0x6fffffff;
export const SHT_HIOS = 0x6fffffff;
export const SHT_LOPROC = 0x70000000;
export const SHT_HIPROC = 0x7fffffff;
export const SHT_LOUSER = 0x80000000;
export const SHT_HIUSER = 0xffffffff;

/** sh_flags bits. */
export const SHF_WRITE = 0x1n;
export const SHF_ALLOC = 0x2n;
export const SHF_EXECINSTR = 0x4n;
export const SHF_OS_NONCONFORMING = 0x100n;

/** Special section indices. */
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

/** Symbol binding and type (st_info). */
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STB_GNU_UNIQUE = 10;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;
export const STT_GNU_IFUNC = 10;

export type ElfClass = 32 | 64;

export interface ElfHeader {
  readonly elfClass: ElfClass;
  readonly osabi: number;
  readonly type: number;
  readonly machine: number;
  readonly entry: bigint;
  readonly phoff: bigint;
  readonly shoff: bigint;
  readonly flags: number;
  readonly phnum: number;
  /** Section count after the extended-numbering fix-up (section 0's sh_size). */
  readonly shnum: number;
  /** Section name table index after the SHN_XINDEX fix-up; 0 when absent or not a string table. */
  readonly shstrndx: number;
}

export interface ProgramHeader {
  readonly type: number;
  readonly flags: number;
  readonly offset: bigint;
  readonly vaddr: bigint;
  readonly paddr: bigint;
  readonly filesz: bigint;
  readonly memsz: bigint;
  readonly align: bigint;
}

export interface SectionHeader {
  readonly index: number;
  readonly name: string;
  /** sh_name: offset of the name in the section name table. */
  readonly nameOffset: number;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: bigint;
  readonly offset: bigint;
  readonly size: bigint;
  readonly link: number;
  readonly info: number;
  readonly addralign: bigint;
  readonly entsize: bigint;
}

export interface ElfSymbol {
  /** Index in its symbol table (0 is the reserved null symbol, never returned). */
  readonly index: number;
  readonly name: string;
  readonly value: bigint;
  readonly size: bigint;
  readonly bind: number;
  readonly type: number;
  readonly other: number;
  /** Section index, with SHN_XINDEX already resolved through SHT_SYMTAB_SHNDX. */
  readonly shndx: number;
}

const MACHINE_NAMES: Readonly<Record<number, string>> = {
  2: 'SPARC', 3: 'x86 (EM_386)', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64', 40: 'ARM',
  43: 'SPARC V9', 50: 'IA-64', 62: 'x86-64 (EM_X86_64)', 183: 'AArch64', 243: 'RISC-V',
  258: 'LoongArch',
};

const utf8 = new TextDecoder('utf-8');

/** Field offsets and sizes that differ between ELF32 and ELF64. */
interface Layout {
  readonly ehdrSize: number;
  readonly shdrSize: number;
  readonly phdrSize: number;
  readonly symSize: number;
}
const LAYOUT32: Layout = { ehdrSize: 52, shdrSize: 40, phdrSize: 32, symSize: 16 };
const LAYOUT64: Layout = { ehdrSize: 64, shdrSize: 64, phdrSize: 56, symSize: 24 };

/** A parsed s390 ELF file; section contents and symbols are read on demand, bounds-checked. */
export class ElfFile {
  readonly programHeaders: readonly ProgramHeader[];
  readonly sections: readonly SectionHeader[];
  private readonly view: DataView;
  private readonly layout: Layout;

  constructor(readonly bytes: Uint8Array, readonly header: ElfHeader,
    programHeaders: ProgramHeader[], sections: SectionHeader[]) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.layout = header.elfClass === 64 ? LAYOUT64 : LAYOUT32;
    this.programHeaders = programHeaders;
    this.sections = sections;
  }

  get is64(): boolean { return this.header.elfClass === 64; }
  /** Size of one symbol table entry for this class. */
  get symbolEntrySize(): number { return this.layout.symSize; }

  /** The first section with this name, as GNU BFD's lookup by name finds it. */
  sectionByName(name: string): SectionHeader | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** File bytes of a section (empty for SHT_NOBITS); throws if they lie outside the file. */
  contents(section: SectionHeader): Uint8Array {
    if (section.type === SHT_NOBITS) return new Uint8Array(0);
    const start = this.checkedRange(section.offset, section.size,
      () => `section ${describe(section)} (${section.size} bytes at offset ${section.offset}) ` +
        `extends past the end of the file (${this.bytes.length} bytes)`);
    return this.bytes.subarray(start, start + Number(section.size));
  }

  /**
   * The NUL-terminated string at `offset` of string table section `tableIndex`, or
   * undefined when the table is not a string table, lies outside the file, or the
   * offset is outside it (GNU BFD then shows "(null)"). Offset 0 is always "".
   */
  stringAt(tableIndex: number, offset: number): string | undefined {
    if (offset === 0) return '';
    const table = this.sections[tableIndex];
    if (table === undefined || (table.type !== SHT_STRTAB && table.type < SHT_LOOS)) return undefined;
    if (!this.inFile(table.offset, table.size)) return undefined;
    if (BigInt(offset) >= table.size) return undefined;
    const start = Number(table.offset);
    const end = start + Number(table.size);
    let nul = start + offset;
    while (nul < end && this.bytes[nul] !== 0) nul++;
    return utf8.decode(this.bytes.subarray(start + offset, nul));
  }

  /**
   * Symbols of a SHT_SYMTAB/SHT_DYNSYM section, without the null symbol at index 0.
   * Names follow GNU BFD: a nameless section symbol is named after its section,
   * an unreadable name is "(null)".
   */
  symbols(table: SectionHeader): ElfSymbol[] {
    const entsize = this.layout.symSize;
    if (table.entsize !== BigInt(entsize)) {
      throw new ElfError(`symbol table ${describe(table)} has entry size ${table.entsize}, expected ${entsize}`);
    }
    const start = this.checkedRange(table.offset, table.size,
      () => `symbol table ${describe(table)} (${table.size} bytes at offset ${table.offset}) ` +
        `extends past the end of the file (${this.bytes.length} bytes)`);
    const count = Number(table.size / BigInt(entsize));
    const shndxTable = this.extendedIndexTable(table.index);
    const out: ElfSymbol[] = [];
    for (let i = 1; i < count; i++) {
      const at = start + i * entsize;
      const v = this.view;
      let nameOffset: number, info: number, other: number, shndx: number, value: bigint, size: bigint;
      if (this.is64) {
        nameOffset = v.getUint32(at); info = v.getUint8(at + 4); other = v.getUint8(at + 5);
        shndx = v.getUint16(at + 6); value = v.getBigUint64(at + 8); size = v.getBigUint64(at + 16);
      } else {
        nameOffset = v.getUint32(at); value = BigInt(v.getUint32(at + 4)); size = BigInt(v.getUint32(at + 8));
        info = v.getUint8(at + 12); other = v.getUint8(at + 13); shndx = v.getUint16(at + 14);
      }
      if (shndx === SHN_XINDEX && shndxTable !== undefined && (i + 1) * 4 <= shndxTable.length) {
        shndx = new DataView(shndxTable.buffer, shndxTable.byteOffset, shndxTable.byteLength).getUint32(i * 4);
      }
      const type = info & 0xf;
      let name: string | undefined;
      if (nameOffset === 0 && type === STT_SECTION && shndx < this.sections.length) {
        name = this.sectionNameOf(shndx);
      } else {
        name = this.stringAt(table.link, nameOffset);
      }
      out.push({ index: i, name: name ?? '(null)', value, size, bind: info >> 4, type, other, shndx });
    }
    return out;
  }

  /** Big-endian readers over a bounds-checked byte range of the file, for the table parsers. */
  reader(offset: bigint, size: bigint, what: string): DataView {
    const start = this.checkedRange(offset, size,
      () => `${what} (${size} bytes at offset ${offset}) extends past the end of the file (${this.bytes.length} bytes)`);
    return new DataView(this.bytes.buffer, this.bytes.byteOffset + start, Number(size));
  }

  private sectionNameOf(index: number): string | undefined {
    const s = this.sections[index];
    return s === undefined ? undefined : s.name;
  }

  private extendedIndexTable(symtabIndex: number): Uint8Array | undefined {
    const s = this.sections.find((x) => x.type === SHT_SYMTAB_SHNDX && x.link === symtabIndex);
    if (s === undefined || !this.inFile(s.offset, s.size)) return undefined;
    return this.bytes.subarray(Number(s.offset), Number(s.offset + s.size));
  }

  private inFile(offset: bigint, size: bigint): boolean {
    return offset >= 0n && size >= 0n && offset + size <= BigInt(this.bytes.length);
  }

  private checkedRange(offset: bigint, size: bigint, message: () => string): number {
    if (!this.inFile(offset, size)) throw new ElfError(message());
    return Number(offset);
  }
}

function describe(section: SectionHeader): string {
  return section.name !== '' ? section.name : `#${section.index}`;
}

function machineName(machine: number): string {
  const known = MACHINE_NAMES[machine];
  return known !== undefined ? known : `${machine}`;
}

/**
 * Parses an s390 ELF file (ELF32 or ELF64, big-endian, EM_S390). Only the headers are
 * read here; every offset is checked against the file size, so malformed input ends in
 * an ElfError and nothing else.
 */
export function parseElf(bytes: Uint8Array): ElfFile {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file');
  }
  if (bytes.length < 16) throw new ElfError(`truncated ELF header (${bytes.length} bytes)`);
  const cls = bytes[4];
  if (cls !== 1 && cls !== 2) throw new ElfError(`unsupported ELF class ${cls} (expected ELF32 or ELF64)`);
  const layout = cls === 2 ? LAYOUT64 : LAYOUT32;
  if (bytes[5] === 1) throw new ElfError('little-endian ELF file; s390 ELF files are big-endian');
  if (bytes[5] !== 2) throw new ElfError(`unsupported ELF data encoding ${bytes[5]}`);
  if (bytes[6] !== 1) throw new ElfError(`unsupported ELF version ${bytes[6]}`);
  if (bytes.length < layout.ehdrSize) throw new ElfError(`truncated ELF header (${bytes.length} bytes)`);

  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = v.getUint16(16);
  const machine = v.getUint16(18);
  if (machine !== EM_S390 && machine !== EM_S390_OLD) {
    throw new ElfError(`ELF for machine ${machineName(machine)}, expected s390x (EM_S390)`);
  }
  if (type === ET_CORE) throw new ElfError('ELF core dump, not an object file or executable');
  const is64 = cls === 2;
  const entry = is64 ? v.getBigUint64(24) : BigInt(v.getUint32(24));
  const phoff = is64 ? v.getBigUint64(32) : BigInt(v.getUint32(28));
  const shoff = is64 ? v.getBigUint64(40) : BigInt(v.getUint32(32));
  const base = is64 ? 48 : 36;
  const flags = v.getUint32(base);
  const phentsize = v.getUint16(base + 6);
  let phnum = v.getUint16(base + 8);
  const shentsize = v.getUint16(base + 10);
  let shnum = v.getUint16(base + 12);
  let shstrndx = v.getUint16(base + 14);
  const fileSize = BigInt(bytes.length);

  const ehdrSize = BigInt(layout.ehdrSize);
  if (shoff < ehdrSize && type === ET_REL) throw new ElfError('relocatable ELF file without a section header table');
  if (shnum !== 0 && shentsize !== layout.shdrSize) {
    throw new ElfError(`section header entry size ${shentsize}, expected ${layout.shdrSize}`);
  }
  if (shnum !== 0 && shoff < ehdrSize) throw new ElfError(`section header table offset ${shoff} overlaps the ELF header`);

  // Section 0 carries the real counts when they do not fit the header (extended numbering).
  let zero: SectionHeader | undefined;
  if (shoff >= ehdrSize) {
    zero = readSectionHeader(v, bytes.length, shoff, 0, layout, is64);
    if (zero === undefined) throw new ElfError(`truncated section header table at offset ${shoff}`);
    if (shnum === 0) {
      if (zero.size === 0n || zero.size >= BigInt(SHN_LORESERVE)) {
        throw new ElfError(`invalid extended section count ${zero.size}`);
      }
      shnum = Number(zero.size);
    }
    if (shstrndx === SHN_XINDEX) shstrndx = zero.link;
    if (phnum === 0xffff && zero.info !== 0) phnum = zero.info;
  } else if (shstrndx !== 0) {
    throw new ElfError(`section name table index ${shstrndx} but no section header table`);
  }

  const raw: SectionHeader[] = [];
  if (shoff >= ehdrSize && shnum > 0) {
    const end = shoff + BigInt(shnum) * BigInt(layout.shdrSize);
    if (end > fileSize) {
      throw new ElfError(`truncated section header table at offset ${shoff} ` +
        `(${shnum} entries of ${layout.shdrSize} bytes, file is ${bytes.length} bytes)`);
    }
    for (let i = 0; i < shnum; i++) {
      const s = readSectionHeader(v, bytes.length, shoff, i, layout, is64);
      if (s === undefined) throw new ElfError(`truncated section header table at offset ${shoff}`);
      if (i > 0 && s.link >= shnum) {
        throw new ElfError(`section ${i} links to section ${s.link}, but there are only ${shnum} sections`);
      }
      if (i > 0 && (s.type === SHT_REL || s.type === SHT_RELA) && s.info >= shnum) {
        throw new ElfError(`relocation section ${i} applies to section ${s.info}, but there are only ${shnum} sections`);
      }
      raw.push(s);
    }
    // GNU BFD tolerates a bad name table index by treating it as absent.
    if (shstrndx >= shnum || raw[shstrndx].type !== SHT_STRTAB) shstrndx = 0;
  }

  const programHeaders: ProgramHeader[] = [];
  if (phnum > 0) {
    if (phentsize !== layout.phdrSize) {
      throw new ElfError(`program header entry size ${phentsize}, expected ${layout.phdrSize}`);
    }
    const end = phoff + BigInt(phnum) * BigInt(layout.phdrSize);
    if (end > fileSize) throw new ElfError(`truncated program header table at offset ${phoff}`);
    for (let i = 0; i < phnum; i++) programHeaders.push(readProgramHeader(v, Number(phoff) + i * layout.phdrSize, is64));
  }

  const header: ElfHeader = {
    elfClass: is64 ? 64 : 32, osabi: bytes[7], type, machine, entry, phoff, shoff, flags,
    phnum, shnum: raw.length, shstrndx,
  };
  const unnamed = new ElfFile(bytes, header, programHeaders, raw);
  const sections = raw.map((s, i) => {
    if (i === 0) return s;
    const name = unnamed.stringAt(shstrndx, s.nameOffset);
    if (name === undefined) {
      throw new ElfError(`section ${i} has name offset ${s.nameOffset} outside the section name table`);
    }
    return { ...s, name };
  });
  return new ElfFile(bytes, header, programHeaders, sections);
}

function readSectionHeader(v: DataView, fileSize: number, shoff: bigint, index: number,
  layout: Layout, is64: boolean): SectionHeader | undefined {
  const start = shoff + BigInt(index) * BigInt(layout.shdrSize);
  if (start + BigInt(layout.shdrSize) > BigInt(fileSize)) return undefined;
  const at = Number(start);
  const nameOffset = v.getUint32(at);
  const type = v.getUint32(at + 4);
  if (is64) {
    return {
      index, name: '', nameOffset, type, flags: v.getBigUint64(at + 8), addr: v.getBigUint64(at + 16),
      offset: v.getBigUint64(at + 24), size: v.getBigUint64(at + 32), link: v.getUint32(at + 40),
      info: v.getUint32(at + 44), addralign: v.getBigUint64(at + 48), entsize: v.getBigUint64(at + 56),
    };
  } else {
    const u = (o: number): bigint => BigInt(v.getUint32(at + o));
    return {
      index, name: '', nameOffset, type, flags: u(8), addr: u(12), offset: u(16), size: u(20),
      link: v.getUint32(at + 24), info: v.getUint32(at + 28), addralign: u(32), entsize: u(36),
    };
  }
}

function readProgramHeader(v: DataView, at: number, is64: boolean): ProgramHeader {
  if (is64) {
    return {
      type: v.getUint32(at), flags: v.getUint32(at + 4), offset: v.getBigUint64(at + 8),
      vaddr: v.getBigUint64(at + 16), paddr: v.getBigUint64(at + 24), filesz: v.getBigUint64(at + 32),
      memsz: v.getBigUint64(at + 40), align: v.getBigUint64(at + 48),
    };
  }
  const u = (o: number): bigint => BigInt(v.getUint32(at + o));
  return {
    type: v.getUint32(at), offset: u(4), vaddr: u(8), paddr: u(12), filesz: u(16), memsz: u(20),
    flags: v.getUint32(at + 24), align: u(28),
  };
}
