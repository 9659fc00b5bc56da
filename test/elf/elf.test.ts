// The ELF parser and BFD view on committed fixtures, on hand-made hostile inputs, and
// under fuzzing: malformed input may only ever end in an ElfError.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ElfError, parseElf, EM_S390, ET_DYN, ET_EXEC, ET_REL, STB_GLOBAL, STB_LOCAL, STT_FUNC, STT_OBJECT,
} from '../../emulator/elf/elf';
import { BfdView, BSF_SYNTHETIC } from '../../emulator/elf/bfd-view';
import { disassembleElfListing } from '../../emulator/cli/disasm';

const fixtures = join(__dirname, 'fixtures');
const hello = readFileSync(join(__dirname, '..', 'guests', 'hello', 'hello.elf'));
const fixture = (name: string): Uint8Array => readFileSync(join(fixtures, name));

/** A copy of `bytes` with big-endian values written at the given offsets. */
function patched(bytes: Uint8Array, edits: { at: number; size: 1 | 2 | 4 | 8; value: number | bigint }[]): Uint8Array {
  const copy = new Uint8Array(bytes);
  const v = new DataView(copy.buffer);
  for (const e of edits) {
    if (e.size === 1) v.setUint8(e.at, Number(e.value));
    else if (e.size === 2) v.setUint16(e.at, Number(e.value));
    else if (e.size === 4) v.setUint32(e.at, Number(e.value));
    else v.setBigUint64(e.at, BigInt(e.value));
  }
  return copy;
}

function errorOf(f: () => unknown): Error | undefined {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describe('ELF parser on real files', () => {
  it('reads the hello guest: header, program headers, named sections', () => {
    const elf = parseElf(hello);
    expect(elf.header).toMatchObject({ elfClass: 64, type: ET_EXEC, machine: EM_S390, entry: 0x10000n });
    expect(elf.sections.map((s) => s.name)).toEqual(
      ['', '.text', '.rodata', '.notes', '.bss', '.symtab', '.strtab', '.shstrtab']);
    const text = elf.sectionByName('.text');
    expect(text?.addr).toBe(0x10000n);
    expect([...elf.contents(text!).subarray(0, 2)]).toEqual([0x01, 0x0e]);  // sam64
    expect(elf.programHeaders[0]).toMatchObject({ type: 1, vaddr: 0x10000n, offset: 0x1000n });
  });

  it('reads .symtab with bindings, types, sizes and section indices', () => {
    const elf = parseElf(hello);
    const syms = elf.symbols(elf.sectionByName('.symtab')!);
    const byName = new Map(syms.map((s) => [s.name, s]));
    expect(byName.get('_start')).toMatchObject({ value: 0x10000n, bind: STB_GLOBAL, type: STT_FUNC, shndx: 1 });
    expect(byName.get('sccb')).toMatchObject({ bind: STB_LOCAL, type: STT_OBJECT, size: 4096n, shndx: 4 });
    expect(byName.get('kuli_main')?.size).toBeGreaterThan(0n);
  });

  it('reads ELF32 and relocatable objects', () => {
    const elf32 = parseElf(fixture('edge32.elf'));
    expect(elf32.header.elfClass).toBe(32);
    const start = elf32.symbols(elf32.sectionByName('.symtab')!).find((s) => s.name === '_start');
    expect(start?.value).toBe(0x10006n);
    const obj = parseElf(fixture('edge.o'));
    expect(obj.header.type).toBe(ET_REL);
    expect(new BfdView(obj).hasReloc).toBe(true);
    expect(new BfdView(parseElf(hello)).hasReloc).toBe(false);
  });

  it('reads dynamic symbols with versions and derives @plt symbols like BFD', () => {
    const elf = parseElf(fixture('dyn-stripped.elf'));
    expect(elf.header.type).toBe(ET_DYN);
    const view = new BfdView(elf);
    expect(view.symtabIndex).toBe(0);
    const dyn = view.dynamicSymbols();
    const printf = dyn.find((s) => s.name === 'printf');
    // Imported versions are always hidden: objdump prints printf@GLIBC_2.4.
    expect(printf?.version).toEqual({ text: 'GLIBC_2.4', hidden: true });
    expect(printf?.section.kind).toBe('und');
    const main = dyn.find((s) => s.name === 'main');
    expect(main?.version).toEqual({ text: 'Base', hidden: false });
    const plt = view.syntheticSymbols(dyn).find((s) => s.name === 'printf@plt');
    expect(plt).toMatchObject({ value: 0x6d0n, flags: expect.any(Number) });
    expect(plt!.flags & BSF_SYNTHETIC).toBe(BSF_SYNTHETIC);
    const got = view.dynamicRelocations(dyn).find((r) => r.address === 0x2010n);
    expect(got?.symbol.name).toBe('printf');
  });
});

describe('ELF parser on hostile input', () => {
  const elf = parseElf(hello);
  const shoff = Number(elf.header.shoff);
  const symtab = elf.sectionByName('.symtab')!;
  const text = elf.sectionByName('.text')!;
  const shdr = (index: number, field: number): number => shoff + index * 64 + field;
  const cases: { name: string; bytes: Uint8Array; message: string | RegExp }[] = [
    { name: 'empty file', bytes: new Uint8Array(0), message: 'not an ELF file' },
    { name: 'a PE file', bytes: new TextEncoder().encode('MZ\x90\x00 this program'), message: 'not an ELF file' },
    { name: 'magic only', bytes: hello.subarray(0, 4), message: 'truncated ELF header (4 bytes)' },
    { name: 'header cut short', bytes: hello.subarray(0, 40), message: 'truncated ELF header (40 bytes)' },
    { name: 'class 3', bytes: patched(hello, [{ at: 4, size: 1, value: 3 }]), message: /unsupported ELF class 3/ },
    { name: 'little-endian', bytes: patched(hello, [{ at: 5, size: 1, value: 1 }]), message: /little-endian/ },
    { name: 'x86-64 machine', bytes: patched(hello, [{ at: 18, size: 2, value: 62 }]),
      message: 'ELF for machine x86-64 (EM_X86_64), expected s390x (EM_S390)' },
    { name: 'unknown machine', bytes: patched(hello, [{ at: 18, size: 2, value: 4242 }]),
      message: 'ELF for machine 4242, expected s390x (EM_S390)' },
    { name: 'core dump', bytes: patched(hello, [{ at: 16, size: 2, value: 4 }]), message: /core dump/ },
    { name: 'section headers cut off', bytes: hello.subarray(0, shoff + 100),
      message: new RegExp(`^truncated section header table at offset ${shoff} `) },
    { name: 'section header table past the end', bytes: patched(hello, [{ at: 40, size: 8, value: 0xffffffffn }]),
      message: /^truncated section header table at offset 4294967295/ },
    { name: 'wrong section header size', bytes: patched(hello, [{ at: 58, size: 2, value: 40 }]),
      message: 'section header entry size 40, expected 64' },
    { name: 'section name outside the name table', bytes: patched(hello, [{ at: shdr(1, 0), size: 4, value: 0xffff }]),
      message: 'section 1 has name offset 65535 outside the section name table' },
    { name: 'sh_link out of range', bytes: patched(hello, [{ at: shdr(symtab.index, 40), size: 4, value: 99 }]),
      message: /links to section 99, but there are only 8 sections/ },
    { name: 'program headers past the end', bytes: patched(hello, [{ at: 32, size: 8, value: 0x7fffffffn }]),
      message: /truncated program header table/ },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const e = errorOf(() => parseElf(c.bytes));
      expect(e).toBeInstanceOf(ElfError);
      if (typeof c.message === 'string') expect(e?.message).toBe(c.message);
      else expect(e?.message).toMatch(c.message);
    });
  }

  it('reports a symbol table or code section that lies outside the file when listing', () => {
    const badSymtab = patched(hello, [{ at: shdr(symtab.index, 24), size: 8, value: 0x100000n }]);
    expect(errorOf(() => disassembleElfListing('x', badSymtab))?.message)
      .toMatch(/^symbol table \.symtab \(\d+ bytes at offset 1048576\) extends past the end of the file/);
    const badText = patched(hello, [{ at: shdr(text.index, 32), size: 8, value: 0x100000n }]);
    expect(errorOf(() => disassembleElfListing('x', badText))?.message)
      .toMatch(/^section \.text \(1048576 bytes at offset 4096\) extends past the end of the file/);
  });

  it('lists a file without section headers as objdump does: the file header only', () => {
    const none = patched(hello, [{ at: 40, size: 8, value: 0n }, { at: 60, size: 2, value: 0 }, { at: 62, size: 2, value: 0 }]);
    expect(disassembleElfListing('h.elf', none)).toBe('\nh.elf:     file format elf64-s390\n\n');
  });
});

/** xorshift32, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

/** Runs the parser and the whole listing; returns a description of any non-ElfError failure. */
function survive(bytes: Uint8Array): string | undefined {
  try {
    const elf = parseElf(bytes);
    const view = new BfdView(elf);
    view.staticSymbols();
    disassembleElfListing('fuzz.elf', bytes);
  } catch (e) {
    if (e instanceof ElfError) return undefined;
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return undefined;
}

describe('ELF fuzzing', () => {
  const seeds = ['edge.elf', 'edge32.elf', 'edge.o', 'dyn.elf', 'dyn-stripped.elf'].map(fixture);
  seeds.unshift(hello);

  it('survives every truncation of the fixtures', () => {
    const failures: string[] = [];
    for (const seed of seeds) {
      for (let n = 0; n < seed.length; n += seed.length > 4096 ? 3 : 1) {
        const f = survive(seed.subarray(0, n));
        if (f !== undefined) failures.push(`${n}: ${f}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('survives random corruption of headers, tables and contents', () => {
    const next = rng(0xe1f);
    const failures: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const seed = seeds[n % seeds.length];
      const copy = new Uint8Array(seed);
      const shoff = Number(parseElf(seed).header.shoff);
      const flips = 1 + (next() % 8);
      for (let i = 0; i < flips; i++) {
        // Aim at the ELF header and section header table half of the time.
        const zone = next() % 4;
        const at = zone === 0 ? next() % 64 : zone === 1 ? shoff + (next() % (copy.length - shoff)) : next() % copy.length;
        copy[at] = next() & 0xff;
      }
      const f = survive(copy);
      if (f !== undefined) failures.push(`case ${n}: ${f}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('survives section headers pointing at every boundary of the file', () => {
    const failures: string[] = [];
    for (const seed of seeds) {
      const elf = parseElf(seed);
      const entry = elf.is64 ? 64 : 40;
      const shoff = Number(elf.header.shoff);
      for (const section of elf.sections) {
        for (let k = 0; k <= 8; k++) {
          for (const size of [0, k, k + 1, 24, 0x7fffffff]) {
            const copy = new Uint8Array(seed);
            const v = new DataView(copy.buffer);
            const at = shoff + section.index * entry;
            if (elf.is64) {
              v.setBigUint64(at + 24, BigInt(seed.length - k));
              v.setBigUint64(at + 32, BigInt(size));
            } else {
              v.setUint32(at + 16, seed.length - k);
              v.setUint32(at + 20, size);
            }
            const f = survive(copy);
            if (f !== undefined) failures.push(`${section.name} k=${k} size=${size}: ${f}`);
          }
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('survives random ELF64 files with plausible section tables', () => {
    const next = rng(0xbad);
    // Types whose contents the parser interprets, with the entry sizes BFD insists on.
    const kinds: [number, number][] = [[1, 0], [2, 24], [3, 0], [4, 24], [8, 0], [9, 16], [11, 24], [18, 4],
      [0x6ffffffd, 0], [0x6ffffffe, 0], [0x6fffffff, 2], [7, 0], [0x12345678, 0]];
    const nameList = ['.text', '.plt', '.rela.plt', '.got', '.symtab', '.dynsym', '.strtab', '.gnu.version'];
    const names = new TextEncoder().encode('\0' + nameList.join('\0') + '\0');
    const nameOffsets = [0, ...nameList.map((_, i) => 1 + nameList.slice(0, i).join('\0').length + (i > 0 ? 1 : 0))];
    const failures: string[] = [];
    let listed = 0;
    for (let n = 0; n < 3000; n++) {
      const shnum = 2 + (next() % 10);
      const body = 128 + (next() % 1024);
      const bytes = new Uint8Array(body + shnum * 64);
      for (let i = 64; i < body; i++) bytes[i] = next() % 3 === 0 ? next() & 0xff : next() & 0x0f;
      bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 2, 1], 0);
      bytes.set(names, 64);
      const v = new DataView(bytes.buffer);
      v.setUint16(16, 1 + (next() % 3));
      v.setUint16(18, EM_S390);
      v.setBigUint64(40, BigInt(body));
      v.setUint16(58, 64);
      v.setUint16(60, shnum);
      // The last section is the name table, so names (.plt, .rela.plt...) steer the BFD view.
      v.setUint16(62, shnum - 1);
      for (let i = 1; i < shnum; i++) {
        const at = body + i * 64;
        const [type, entsize] = kinds[next() % kinds.length];
        const offset = 64 + (next() % (body - 64));
        v.setUint32(at, nameOffsets[next() % nameOffsets.length]);
        v.setUint32(at + 4, type);
        v.setBigUint64(at + 8, BigInt(next() % 8));
        v.setBigUint64(at + 16, BigInt(next() % 3 === 0 ? 0x10000 : next() % 0x20000));
        v.setBigUint64(at + 24, BigInt(offset));
        v.setBigUint64(at + 32, BigInt(next() % (body - offset + 16)));
        v.setUint32(at + 40, next() % shnum);
        v.setUint32(at + 44, next() % shnum);
        v.setBigUint64(at + 56, BigInt(entsize));
      }
      const strtab = body + (shnum - 1) * 64;
      v.setUint32(strtab + 4, 3);
      v.setBigUint64(strtab + 24, 64n);
      v.setBigUint64(strtab + 32, BigInt(names.length));
      const f = survive(bytes);
      if (f !== undefined) failures.push(`case ${n}: ${f}`);
      else if (errorOf(() => disassembleElfListing('f', bytes)) === undefined) listed++;
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // The generator must reach the symbol and listing code, not just the header checks.
    expect(listed).toBeGreaterThan(300);
  });
});
