// The text of `kuli disasm FILE.elf`: byte for byte what `objdump -d --no-show-raw-insn`
// (binutils 2.40) prints for an s390 ELF file (objdump.c disassemble_section/_bytes).

import { parseElf } from '../elf/elf';
import { BfdSection, BfdSymbol, BfdView, BSF_FUNCTION, BSF_OBJECT } from '../elf/bfd-view';
import { SectionSymbols, Symbolizer, sanitize } from '../elf/symbolizer';
import { disassembleOne } from '../isa/disassembler';

/** objdump prints `...` for this many zero bytes or more (DEFAULT_SKIP_ZEROES)... */
const SKIP_ZEROES = 8;
/** ...and for fewer than this many at the end of a block (DEFAULT_SKIP_ZEROES_AT_END). */
const SKIP_ZEROES_AT_END = 3;
/** Bytes per line when a data object inside code is dumped as characters. */
const DATA_BYTES_PER_LINE = 16;

/** Lists every code section of an s390 ELF file as objdump -d --no-show-raw-insn does. */
export function disassembleElfListing(fileName: string, data: Uint8Array): string {
  const elf = parseElf(data);
  const view = new BfdView(elf);
  const symbolizer = new Symbolizer(view);
  const format = elf.is64 ? 'elf64-s390' : 'elf32-s390';
  const out: string[] = [`\n${sanitize(fileName)}:     file format ${format}\n\n`];
  for (const section of view.sections) {
    if (!section.isCode || section.size === 0n || section.header === undefined) continue;
    const bytes = elf.contents(section.header);
    listSection(out, symbolizer.forSection(section), bytes);
  }
  return out.join('');
}

/** An object symbol's bytes are dumped as characters, not disassembled (unless it is also a function). */
function isDataSymbol(sym: BfdSymbol | undefined, section: BfdSection, addr: bigint): boolean {
  if (sym === undefined || sym.section !== section || sym.value > addr) return false;
  if ((sym.flags & BSF_FUNCTION) !== 0) return false;
  return (sym.flags & BSF_OBJECT) !== 0 || sym.name.includes('gnu_compiled') || sym.name.includes('gcc2_compiled');
}

/** disassemble_section: splits the section at symbols and prints a label before each block. */
function listSection(out: string[], symbols: SectionSymbols, bytes: Uint8Array): void {
  const section = symbols.section;
  const sorted = symbols.sorted;
  const stop = BigInt(bytes.length);
  out.push(`\nDisassembly of section ${sanitize(section.name)}:\n`);
  const first = symbols.find(section.vma, true);
  let sym = first?.symbol;
  let place = first?.place ?? 0;
  let offset = 0n;
  while (offset < stop) {
    const addr = section.vma + offset;
    out.push('\n' + symbols.withSymbol(sym, addr, false) + ':\n');

    let next: BfdSymbol | undefined;
    if (sym !== undefined && sym.value > addr) {
      next = sym;
    } else if (sym !== undefined) {
      const current = sym;
      while (place < sorted.length && !(sorted[place].section.name === section.name && sorted[place].value > current.value)) {
        place++;
      }
      next = place < sorted.length ? sorted[place] : undefined;
    }
    let nextStop: bigint;
    if (sym !== undefined && sym.value > addr) nextStop = sym.value - section.vma;
    else if (next === undefined) nextStop = stop;
    else nextStop = next.value - section.vma;
    if (nextStop > stop || nextStop <= offset) nextStop = stop;

    listBlock(out, symbols, bytes, Number(offset), Number(nextStop), !isDataSymbol(sym, section, addr));
    offset = nextStop;
    sym = next;
  }
}

/** disassemble_bytes: one line per instruction (or 16 data bytes), `...` for zero runs. */
function listBlock(out: string[], symbols: SectionSymbols, bytes: Uint8Array, start: number, stop: number,
  instructions: boolean): void {
  const section = symbols.section;
  const skip = addressDigitsToSkip(symbols, section);
  // The decoder may not read past the block: objdump stops reads at the next symbol.
  const block = bytes.subarray(0, stop);
  const printAddress = (target: bigint): string => symbols.printAddress(target);
  let offset = start;
  while (offset < stop) {
    let zeros = 0;
    while (offset + zeros < stop && block[offset + zeros] === 0) zeros++;
    if (zeros >= SKIP_ZEROES || (offset + zeros === stop && zeros > 0 && zeros < SKIP_ZEROES_AT_END)) {
      // Only whole words are skipped when code follows, so an instruction starting with 00 survives.
      if (offset + zeros !== stop) zeros &= ~3;
      out.push('\t...\n');
      offset += zeros;
      continue;
    }
    const addr = section.vma + BigInt(offset);
    const label = symbols.value(addr, false).slice(skip).replace(/^0+(?=.)/, (z) => ' '.repeat(z.length));
    let length: number;
    let text: string;
    if (instructions) {
      const insn = disassembleOne(block, offset, addr, printAddress);
      length = insn.length;
      text = insn.operands === '' ? insn.mnemonic : `${insn.mnemonic}\t${insn.operands}`;
    } else {
      length = Math.min(DATA_BYTES_PER_LINE, stop - offset);
      text = '';
      for (let i = offset; i < offset + length; i++) {
        const c = block[i];
        text += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
      }
    }
    out.push(`${label}:\t${text}\n`);
    if (length < 1) break;  // a decoder that cannot advance would loop forever
    offset += length;
  }
}

/** Leading address digits objdump drops: zeros common to the whole section, in groups of 4. */
function addressDigitsToSkip(symbols: SectionSymbols, section: BfdSection): number {
  const end = symbols.value(section.vma + section.size, false);
  let skip = 0;
  while (skip < end.length && end[skip] === '0') skip++;
  if (skip === end.length && section.vma !== 0n) skip = 0;  // the end wrapped around: keep all digits
  return skip === 0 ? 0 : (skip - 1) & ~3;
}
