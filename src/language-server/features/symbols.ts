// Labels as symbols: the outline (global labels with their local .L labels nested,
// macros, assignments) and go-to-definition for labels, numeric local labels (`1f`, `1b`),
// `.set`/`=` symbols, macros and cpp defines, in this file and in the files it includes.
import { SymbolKind, type DocumentSymbol, type Location } from 'vscode-languageserver';
import { wordAt, type Analysis, type LocatedSymbol } from '../analysis';
import { toRange } from './ranges';

/** Definitions of the symbol under the cursor (several when a name is defined more than once). */
export function findDefinitions(analysis: Analysis, line: number, character: number): LocatedSymbol[] {
  const word = wordAt(analysis.doc, line, character);
  if (!word || word.text.startsWith('%')) return [];
  const local = /^(\d+)([fb])$/.exec(word.text);
  if (local) return numericLabel(analysis, local[1], local[2] === 'f', line);
  // The definition itself: a label's own token resolves to itself.
  const defs = analysis.symbols.filter((s) => s.kind !== 'numeric-label' && s.name === word.text);
  if (defs.length) return defs;
  // Macro names are case-insensitive to gas.
  return analysis.symbols.filter((s) => s.kind === 'macro' && s.name.toLowerCase() === word.text.toLowerCase());
}

/** `1f` is the next `1:` after this line, `1b` the last one before or on it (gas semantics). */
function numericLabel(analysis: Analysis, name: string, forward: boolean, line: number): LocatedSymbol[] {
  const candidates = analysis.symbols.filter((s) => s.kind === 'numeric-label' && s.name === name && s.uri === analysis.uri);
  const found = forward
    ? candidates.find((s) => s.token.line > line)
    : [...candidates].reverse().find((s) => s.token.line <= line);
  return found ? [found] : [];
}

export function definition(analysis: Analysis, line: number, character: number): Location[] {
  return findDefinitions(analysis, line, character).map((s) => ({ uri: s.uri, range: toRange(s.token) }));
}

/** The outline: top-level labels hold the `.L` labels that follow them; macros and constants beside. */
export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  let parent: DocumentSymbol | undefined;
  const own = analysis.symbols.filter((s) => s.uri === analysis.uri && s.kind !== 'numeric-label');
  for (const s of own) {
    const range = toRange(s.token);
    if (s.kind === 'label') {
      const isLocal = s.name.startsWith('.L');
      const kind = s.type === 'function' ? SymbolKind.Function : s.type === 'object' ? SymbolKind.Variable
        : isLocal ? SymbolKind.Key : SymbolKind.Field;
      const sym: DocumentSymbol = { name: s.name, kind, range, selectionRange: range, children: [] };
      if (isLocal && parent) {
        parent.children?.push(sym);
        extend(parent, s.token.line);
      } else {
        out.push(sym);
        if (!isLocal) parent = sym;
      }
    } else if (s.kind === 'macro') {
      out.push({ name: s.name, detail: s.detail, kind: SymbolKind.Method, range, selectionRange: range });
    } else if (s.kind === 'assignment') {
      out.push({ name: s.name, detail: s.detail, kind: SymbolKind.Constant, range, selectionRange: range });
    } else if (s.kind === 'cpp-define') {
      out.push({ name: s.name, detail: s.detail, kind: SymbolKind.Constant, range, selectionRange: range });
    }
  }
  return out;
}

/** A parent's range covers its children (LSP clients require it). */
function extend(sym: DocumentSymbol, line: number): void {
  if (line > sym.range.end.line) sym.range = { start: sym.range.start, end: { line, character: 0 } };
}
