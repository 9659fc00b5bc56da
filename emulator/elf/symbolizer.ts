// objdump's symbolization of addresses: which symbols it keeps, how it orders them,
// which one it picks for an address, and how it prints `ADDR <sym+0xoff>` and label
// lines (binutils 2.40 objdump.c: remove_useless_symbols, compare_symbols,
// find_symbol_for_address, objdump_print_addr_with_sym).

import {
  BfdSection, BfdSymbol, BfdView, DynamicRelocation, BSF_DEBUGGING, BSF_FILE, BSF_FUNCTION,
  BSF_GLOBAL, BSF_LOCAL, BSF_OBJECT, BSF_SECTION_SYM, BSF_SYNTHETIC,
} from './bfd-view';

/** objdump keeps section symbols with these prefixes: they name PLT/GOT areas usefully. */
function isSignificantName(name: string): boolean {
  return name.startsWith('.plt') || name.startsWith('.got');
}

function isUseful(s: BfdSymbol): boolean {
  if (s.name === '') return false;
  if ((s.flags & (BSF_DEBUGGING | BSF_SECTION_SYM)) !== 0 && !isSignificantName(s.name)) return false;
  return s.section.kind !== 'und' && s.section.kind !== 'com';
}

/** objdump's file-name heuristic: file symbols and names ending in .o or .a sort last. */
function looksLikeFile(s: BfdSymbol): boolean {
  const n = s.name;
  return (s.flags & BSF_FILE) !== 0 || (n.length > 2 && n[n.length - 2] === '.' && (n.endsWith('o') || n.endsWith('a')));
}

function isCompilerMarker(name: string): boolean {
  return name.includes('gnu_compiled') || name.includes('gcc2_compiled');
}

/** -1 when a sorts first on a flag objdump prefers present (`wantSet`) or absent. */
function flagOrder(a: number, b: number, flag: number, wantSet: boolean): number {
  const as = (a & flag) !== 0;
  if (as === ((b & flag) !== 0)) return 0;
  return as === wantSet ? -1 : 1;
}

function sizeForSort(s: BfdSymbol): bigint {
  return (s.flags & (BSF_SECTION_SYM | BSF_SYNTHETIC)) === 0 ? s.elfSize : 0n;
}

/** compare_symbols with compare_section = the section being disassembled. */
function compareSymbols(a: BfdSymbol, b: BfdSymbol, sectionName: string): number {
  if (a.value !== b.value) return a.value > b.value ? 1 : -1;
  const as = a.section.name === sectionName;
  const bs = b.section.name === sectionName;
  if (as !== bs) return as ? -1 : 1;
  const am = isCompilerMarker(a.name);
  if (am !== isCompilerMarker(b.name)) return am ? 1 : -1;
  const af = looksLikeFile(a);
  if (af !== looksLikeFile(b)) return af ? 1 : -1;
  const byFlags = flagOrder(a.flags, b.flags, BSF_DEBUGGING, false)
    || flagOrder(a.flags, b.flags, BSF_SECTION_SYM, false)
    || flagOrder(a.flags, b.flags, BSF_FUNCTION, true)
    || flagOrder(a.flags, b.flags, BSF_OBJECT, true)
    || flagOrder(a.flags, b.flags, BSF_LOCAL, false)
    || flagOrder(a.flags, b.flags, BSF_GLOBAL, true);
  if (byFlags !== 0) return byFlags;
  const asz = sizeForSort(a);
  const bsz = sizeForSort(b);
  if (asz !== bsz) return asz > bsz ? -1 : 1;
  const ad = a.name.startsWith('.');
  if (ad !== b.name.startsWith('.')) return ad ? 1 : -1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** objdump's sanitize_string: control characters become ^X. */
export function sanitize(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => '^' + String.fromCharCode(c.charCodeAt(0) + 0x40));
}

/** The symbols of one file as objdump -d uses them (before per-section sorting). */
export class Symbolizer {
  /** objdump's sorted_syms before sorting: useful .symtab (else .dynsym) symbols, then synthetic ones. */
  readonly symbols: readonly BfdSymbol[];
  readonly dynamicRelocations: readonly DynamicRelocation[];

  constructor(readonly view: BfdView) {
    const statics = view.staticSymbols();
    const dynamics = view.dynamicSymbols();
    const base = statics.length > 0 ? statics : dynamics;
    this.symbols = [...base.filter(isUseful), ...view.syntheticSymbols(dynamics)];
    this.dynamicRelocations = view.dynamicRelocations(dynamics);
  }

  /** Symbols sorted for disassembling `section` (objdump re-sorts per section). */
  forSection(section: BfdSection): SectionSymbols {
    const sorted = [...this.symbols].sort((a, b) => compareSymbols(a, b, section.name));
    return new SectionSymbols(this.view, section, sorted, this.dynamicRelocations);
  }
}

/** A symbol found for an address, with its index in the sorted list when it came from there. */
export interface Found {
  readonly symbol: BfdSymbol;
  readonly place: number;
}

/** Symbol lookup and address printing while one section is disassembled. */
export class SectionSymbols {
  constructor(private readonly view: BfdView, readonly section: BfdSection,
    readonly sorted: readonly BfdSymbol[], private readonly relocations: readonly DynamicRelocation[]) {}

  /** sym_ok: with `wantSection`, only symbols of the section being disassembled qualify. */
  private ok(wantSection: boolean, place: number): boolean {
    if (!wantSection) return true;
    const s = this.sorted[place].section;
    return s === this.section || (s.kind !== 'section' && s.name === this.section.name);
  }

  /**
   * find_symbol_for_address: the nearest symbol at or below `vma` (preferring this
   * section), else the next one above; undefined when none qualifies.
   */
  find(vma: bigint, requireSection: boolean): Found | undefined {
    const syms = this.sorted;
    const n = syms.length;
    if (n < 1) return undefined;
    let min = 0;
    let max = n;
    while (min + 1 < max) {
      const t = (max + min) >> 1;
      const v = syms[t].value;
      if (v > vma) max = t;
      else if (v < vma) min = t;
      else { min = t; break; }
    }
    let place = min;
    while (place > 0 && syms[place].value === syms[place - 1].value) place--;
    // Among symbols with this value, one in the current section wins outright.
    for (min = place; min < max && syms[min].value === syms[place].value; min++) {
      if (this.ok(true, min)) return { symbol: syms[min], place: min };
    }
    const sec = this.section;
    const wantSection = requireSection
      || (this.view.hasReloc && vma >= sec.vma && vma < sec.vma + sec.size);
    if (!this.ok(wantSection, place)) {
      let newplace = n;
      for (let i = min - 1; i >= 0; i--) {
        if (!this.ok(wantSection, i)) continue;
        if (newplace === n) newplace = i;
        if (syms[i].value !== syms[newplace].value) break;
        newplace = i;
      }
      if (newplace !== n) {
        place = newplace;
      } else {
        for (let i = place + 1; i < n; i++) {
          if (this.ok(wantSection, i)) { place = i; break; }
        }
      }
      if (!this.ok(wantSection, place)) return undefined;
    }
    // objdump compares the raw (section-relative) value here, so this runs even for
    // most exact hits in executables: a dynamic relocation at vma names its symbol.
    const chosen = syms[place];
    if (!wantSection && chosen.rawValue !== vma && (chosen.flags & BSF_SYNTHETIC) === 0) {
      const viaReloc = this.relocationSymbol(vma);
      if (viaReloc !== undefined) return { symbol: viaReloc, place };
    }
    return { symbol: chosen, place };
  }

  /** objdump_print_address: what a PC-relative operand shows, e.g. `1000 <main+0x10>`. */
  printAddress(vma: bigint): string {
    if (this.sorted.length < 1) return '0x' + this.value(vma, true);
    return this.withSymbol(this.find(vma, false)?.symbol, vma, true);
  }

  /** objdump_print_addr_with_sym: `ADDR <sym+0xoff>`, or `<section+0xoff>` without a symbol. */
  withSymbol(sym: BfdSymbol | undefined, vma: bigint, skipZeroes: boolean): string {
    let out = this.value(vma, skipZeroes) + ' <';
    if (sym === undefined) {
      out += sanitize(this.section.name);
      const base = this.section.vma;
      if (vma < base) out += '-0x' + this.value(base - vma, true);
      else if (vma > base) out += '+0x' + this.value(vma - base, true);
      return out + '>';
    }
    out += this.symbolName(sym);
    const undefinedInLinked = (this.view.isExec || this.view.isDynamic) && sym.section.kind === 'und';
    if (sym.value !== vma && !undefinedInLinked) {
      out += sym.value > vma ? '-0x' + this.value(sym.value - vma, true) : '+0x' + this.value(vma - sym.value, true);
    }
    return out + '>';
  }

  /** objdump_print_symname: the name, with @VERSION (hidden, undefined) or @@VERSION. */
  symbolName(sym: BfdSymbol): string {
    let name = sanitize(sym.name);
    const v = sym.version;
    if ((sym.flags & (BSF_SECTION_SYM | BSF_SYNTHETIC)) === 0 && v !== undefined && v.text !== '') {
      name += (v.hidden || sym.section.kind === 'und' ? '@' : '@@') + v.text;
    }
    return name;
  }

  /** objdump_print_value: bfd_sprintf_vma digits, optionally without leading zeros. */
  value(vma: bigint, skipZeroes: boolean): string {
    const digits = this.view.vmaHex(vma);
    return skipZeroes ? digits.replace(/^0+(?=.)/, '') : digits;
  }

  /** The first non-absolute symbol of a dynamic relocation at exactly `vma`. */
  private relocationSymbol(vma: bigint): BfdSymbol | undefined {
    const rels = this.relocations;
    if (rels.length === 0 || rels[0].address > vma || rels[rels.length - 1].address < vma) return undefined;
    let lo = 0;
    let hi = rels.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rels[mid].address < vma) lo = mid + 1; else hi = mid;
    }
    for (let i = lo; i < rels.length && rels[i].address === vma; i++) {
      if (rels[i].symbol.section.kind !== 'abs') return rels[i].symbol;
    }
    return undefined;
  }
}
