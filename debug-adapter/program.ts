// What the adapter knows about the guest image without running it: ELF function and data
// symbols, DWARF functions with their address ranges and inlined calls (.debug_info), the
// line table mapping addresses to source lines and back, and call frame information.
import { isAbsolute, resolve, basename } from 'node:path';
import { parseElf, SHF_EXECINSTR, SHT_SYMTAB, STB_LOCAL, STT_FUNC, STT_OBJECT, STT_NOTYPE, SHN_UNDEF, type ElfFile } from '../emulator/elf/elf';
import { findFde, readFrames, type Fde } from './dwarf/cfi';
import { readFunctions, type DwarfFunction, type InlinedCall } from './dwarf/info';
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

/** One level of inlining at an address, innermost first: the inlined function and its call site. */
export interface InlineLevel {
  readonly name: string;
  readonly callPath: string | undefined;
  readonly callLine: number;
}

interface Row { readonly address: number; readonly path: string | undefined; readonly line: number; readonly isStmt: boolean }

export class Program {
  readonly symbols: readonly ProgramSymbol[];
  private readonly functions: readonly ProgramSymbol[];
  /** Line rows sorted by address; path undefined marks the end of a sequence. */
  private readonly rows: readonly Row[];
  /** DWARF functions, one entry per address range, sorted by range start. */
  private readonly dwarfRanges: readonly { low: number; high: number; fn: DwarfFunction; sym: ProgramSymbol }[];
  private readonly filesByUnit = new Map<number, string[]>();
  /** FDEs of .debug_frame and .eh_frame, sorted by address. */
  readonly frames: readonly Fde[];
  /** Why DWARF debug information could not be read (the adapter then does without it). */
  readonly dwarfProblems: string[] = [];

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
    // Memoized: a kernel's line table has millions of rows over a few thousand files.
    const resolved = new Map<string, string>();
    const resolvePath = (f: string): string => {
      let r = resolved.get(f);
      if (r === undefined) { r = isAbsolute(f) ? f : resolve(sourceRoot, f); resolved.set(f, r); }
      return r;
    };
    const rows = this.tryDwarf('.debug_line', () => readLineTable(elf, this.filesByUnit), []).map((r, i) => ({
      address: r.address, line: r.line, isStmt: r.isStmt, order: i,
      path: r.end ? undefined : resolvePath(r.file),
    }));
    for (const [unit, files] of this.filesByUnit) this.filesByUnit.set(unit, files.map(resolvePath));
    // Stable by address; at one address an end marker sorts before the next sequence's rows.
    rows.sort((a, b) => a.address - b.address || (a.path === undefined ? -1 : 0) - (b.path === undefined ? -1 : 0) || a.order - b.order);
    this.rows = rows;
    this.dwarfRanges = this.tryDwarf('.debug_info', () => readFunctions(elf), [])
      .flatMap((fn) => {
        // One symbol object per function: callers compare functions by identity.
        const first = fn.ranges.find((r) => r.low === fn.entry);
        const sym: ProgramSymbol = { name: fn.name, address: fn.entry, size: first === undefined ? 0 : first.high - fn.entry, isFunction: true };
        return fn.ranges.map((r) => ({ low: r.low, high: r.high, fn, sym }));
      })
      .sort((a, b) => a.low - b.low);
    this.frames = this.tryDwarf('call frame information', () => readFrames(elf), []);
  }

  /** Reads one kind of debug information; a malformed section costs only that kind. */
  private tryDwarf<T>(what: string, read: () => T, fallback: T): T {
    try { return read(); } catch (e) {
      this.dwarfProblems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      return fallback;
    }
  }

  /** The DWARF function whose ranges hold `address`. */
  private dwarfFunctionAt(address: number): DwarfFunction | undefined {
    return this.dwarfRangeAt(address)?.fn;
  }

  private dwarfRangeAt(address: number): { fn: DwarfFunction; sym: ProgramSymbol } | undefined {
    let lo = 0; let hi = this.dwarfRanges.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.dwarfRanges[mid].low <= address) lo = mid + 1; else hi = mid; }
    for (let i = lo - 1; i >= 0; i--) {
      const r = this.dwarfRanges[i];
      if (address < r.high) return r;
      if (lo - i > 8) break; // ranges do not nest deeply; a gap means no function here
    }
    return undefined;
  }

  /** Inlined calls that hold `address`, innermost first (empty outside inlined code). */
  inlineChain(address: number): InlineLevel[] {
    const fn = this.dwarfFunctionAt(address);
    if (fn === undefined) return [];
    const files = fn.lineUnit === undefined ? undefined : this.filesByUnit.get(fn.lineUnit);
    const chain: InlineLevel[] = [];
    let level: readonly InlinedCall[] = fn.inlined;
    for (;;) {
      const hit = level.find((c) => c.ranges.some((r) => address >= r.low && address < r.high));
      if (hit === undefined) break;
      chain.unshift({ name: hit.name, callPath: files?.[hit.callFile], callLine: hit.callLine });
      level = hit.inlined;
    }
    return chain;
  }

  /** True when an FDE describes how to unwind from `address`. */
  hasFrameInfo(address: number): boolean {
    return findFde(this.frames, address) !== undefined;
  }

  static load(bytes: Uint8Array, sourceRoot: string): Program {
    return new Program(parseElf(bytes), sourceRoot);
  }

  get entry(): number { return Number(this.elf.header.entry); }

  symbol(name: string): ProgramSymbol | undefined {
    return this.symbols.find((s) => s.name === name && s.isFunction) ?? this.symbols.find((s) => s.name === name);
  }

  /**
   * The function containing `address`: from .debug_info when it describes it (entry and
   * ranges, so a function's split-off cold part still names it), else by symbol size, or
   * the nearest symbol below when sizeless.
   */
  functionAt(address: number): ProgramSymbol | undefined {
    const d = this.dwarfRangeAt(address);
    if (d !== undefined) return d.sym;
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
