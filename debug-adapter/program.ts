// What the adapter knows about the guest image without running it: ELF function and data
// symbols, and the DWARF line table mapping addresses to source lines and back.
import { isAbsolute, resolve, basename } from 'node:path';
import { parseElf, SHF_EXECINSTR, SHT_SYMTAB, STB_LOCAL, STT_FUNC, STT_OBJECT, STT_NOTYPE, SHN_UNDEF, type ElfFile } from '../emulator/elf/elf';
import { readLineTable } from './dwarf/line-table';

export interface ProgramSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly isFunction: boolean;
}

export interface SourceLine {
  /** Absolute path of the source file. */
  readonly path: string;
  readonly line: number;
  /** First address of the row this location came from. */
  readonly address: number;
}

interface Row { readonly address: number; readonly path: string | undefined; readonly line: number; readonly isStmt: boolean }

export class Program {
  readonly symbols: readonly ProgramSymbol[];
  private readonly functions: readonly ProgramSymbol[];
  /** Line rows sorted by address; path undefined marks the end of a sequence. */
  private readonly rows: readonly Row[];

  /** `sourceRoot` resolves relative DWARF paths (gcc records them relative to the build directory). */
  constructor(readonly elf: ElfFile, sourceRoot: string) {
    const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB);
    const syms = symtab === undefined ? [] : elf.symbols(symtab);
    this.symbols = syms
      .filter((s) => s.shndx !== SHN_UNDEF && s.name !== '' && (s.type === STT_FUNC || s.type === STT_OBJECT || s.type === STT_NOTYPE))
      .map((s) => ({ name: s.name, address: Number(s.value), size: Number(s.size),
        // Assembly entry points (global labels in code) are functions too, as gdb names them.
        isFunction: s.type === STT_FUNC || (s.type === STT_NOTYPE && s.bind !== STB_LOCAL && ((elf.sections[s.shndx]?.flags ?? 0n) & SHF_EXECINSTR) !== 0n) }));
    this.functions = this.symbols.filter((s) => s.isFunction).sort((a, b) => a.address - b.address);
    const rows = readLineTable(elf).map((r, i) => ({
      address: r.address, line: r.line, isStmt: r.isStmt, order: i,
      path: r.end ? undefined : (isAbsolute(r.file) ? r.file : resolve(sourceRoot, r.file)),
    }));
    // Stable by address; at one address an end marker sorts before the next sequence's rows.
    rows.sort((a, b) => a.address - b.address || (a.path === undefined ? -1 : 0) - (b.path === undefined ? -1 : 0) || a.order - b.order);
    this.rows = rows;
  }

  static load(bytes: Uint8Array, sourceRoot: string): Program {
    return new Program(parseElf(bytes), sourceRoot);
  }

  get entry(): number { return Number(this.elf.header.entry); }

  symbol(name: string): ProgramSymbol | undefined {
    return this.symbols.find((s) => s.name === name && s.isFunction) ?? this.symbols.find((s) => s.name === name);
  }

  /** The function containing `address` (by symbol size, or the nearest one below when sizeless). */
  functionAt(address: number): ProgramSymbol | undefined {
    let best: ProgramSymbol | undefined;
    for (const f of this.functions) {
      if (f.address > address) break;
      if (f.size === 0 || address < f.address + f.size) best = f;
    }
    return best;
  }

  /** Source line of `address`: the last statement row at or below it in its sequence. */
  lineAt(address: number): SourceLine | undefined {
    let lo = 0; let hi = this.rows.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.rows[mid].address <= address) lo = mid + 1; else hi = mid; }
    // Among rows at the chosen address prefer the last statement row, as debuggers do.
    for (let i = lo - 1; i >= 0; i--) {
      const r = this.rows[i];
      if (r.path === undefined) return undefined;
      if (r.isStmt || i === 0 || this.rows[i - 1].address !== r.address) {
        let j = i;
        while (j > 0 && !this.rows[j].isStmt && this.rows[j - 1].address === r.address && this.rows[j - 1].path !== undefined) j--;
        const pick = this.rows[j].isStmt ? this.rows[j] : r;
        return { path: pick.path as string, line: pick.line, address: pick.address };
      }
    }
    return undefined;
  }

  /** Paths of the source files the line table names. */
  sources(): string[] {
    return [...new Set(this.rows.map((r) => r.path).filter((p): p is string => p !== undefined))];
  }

  /**
   * Breakpoint address for `path:line`: the lowest statement address of that line, or of
   * the next line with code (as gdb moves a breakpoint on a blank line). Files match by
   * full path or, failing that, by name.
   */
  addressForLine(path: string, line: number): SourceLine | undefined {
    const full = resolve(path);
    let rows = this.rows.filter((r) => r.path === full && r.isStmt);
    if (rows.length === 0) rows = this.rows.filter((r) => r.path !== undefined && basename(r.path) === basename(path) && r.isStmt);
    let bestLine = Infinity;
    for (const r of rows) if (r.line >= line && r.line < bestLine) bestLine = r.line;
    if (bestLine === Infinity) return undefined;
    const at = rows.filter((r) => r.line === bestLine).reduce((a, b) => (b.address < a.address ? b : a));
    return { path: at.path as string, line: at.line, address: at.address };
  }
}
