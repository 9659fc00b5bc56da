// One analysed document: its parse, plus the macros, cpp defines and labels of the files
// it includes (`.include "x"`, `#include "x"`/`<x>`), found through a FileSystem so tests
// and the browser can substitute it. Includes that cannot be found are remembered: any
// statement name could then be a macro from them, and diagnostics hold back.
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isPreprocessed, parseAssembly, type AsmDocument, type Include, type SymbolDefinition, type Token } from './parser';

/** Read access to source files by absolute path; undefined when missing. */
export interface FileSystem {
  readFile(path: string): string | undefined;
}

export interface LocatedSymbol extends SymbolDefinition {
  readonly uri: string;
}

export interface Analysis {
  readonly uri: string;
  readonly doc: AsmDocument;
  /** Symbols of this document and of every included file, with where they are. */
  readonly symbols: readonly LocatedSymbol[];
  /** Includes (here or nested) that were not found. */
  readonly unresolved: readonly Include[];
}

export interface AnalysisOptions {
  readonly fs?: FileSystem;
  /** Directories searched for includes after the including file's own. */
  readonly includePaths?: readonly string[];
  /** Whether the text goes through cpp; by default from the file name (.S, .sx). */
  readonly preprocessed?: boolean;
}

const MAX_INCLUDE_DEPTH = 8;

function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function analyze(uri: string, text: string, options: AnalysisOptions = {}): Analysis {
  const doc = parseAssembly(text, options.preprocessed ?? isPreprocessed(uri));
  const symbols: LocatedSymbol[] = doc.symbols.map((s) => ({ ...s, uri }));
  const unresolved: Include[] = [];
  const seen = new Set<string>();
  const path = uriToPath(uri);
  if (path) seen.add(path);

  const visit = (includes: readonly Include[], from: string | undefined, depth: number): void => {
    for (const inc of includes) {
      const found = options.fs && depth < MAX_INCLUDE_DEPTH ? locate(inc, from, options) : undefined;
      if (!found) {
        unresolved.push(inc);
        continue;
      }
      if (seen.has(found.path)) continue;
      seen.add(found.path);
      const sub = parseAssembly(found.text, inc.via === 'cpp' || isPreprocessed(found.path));
      const subUri = pathToFileURL(found.path).href;
      for (const s of sub.symbols) if (s.kind !== 'numeric-label') symbols.push({ ...s, uri: subUri });
      visit(sub.includes, found.path, depth + 1);
    }
  };
  visit(doc.includes, path, 0);
  return { uri, doc, symbols, unresolved };
}

function locate(inc: Include, from: string | undefined, options: AnalysisOptions): { path: string; text: string } | undefined {
  const fs = options.fs;
  if (!fs) return undefined;
  const candidates: string[] = [];
  if (isAbsolute(inc.path)) candidates.push(inc.path);
  else {
    if (from && !inc.system) candidates.push(join(dirname(from), inc.path));
    for (const dir of options.includePaths ?? []) candidates.push(join(dir, inc.path));
  }
  for (const c of candidates) {
    const text = fs.readFile(c);
    if (text !== undefined) return { path: c, text };
  }
  return undefined;
}

/** A word under the cursor: a register, a symbol (labels, macros), or a local label reference like `1f`. */
export interface WordAt {
  readonly text: string;
  readonly token: Token;
}

export function wordAt(doc: AsmDocument, line: number, character: number): WordAt | undefined {
  const text = doc.lines[line];
  if (text === undefined) return undefined;
  const re = /%?[A-Za-z_.$][\w.$]*|\b\d+[fb]?\b/g;
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    if (character >= start && character <= start + m[0].length) {
      return { text: m[0], token: { text: m[0], line, start, end: start + m[0].length } };
    }
  }
  return undefined;
}

/** Whether the position sits inside the token (end inclusive, so a cursor right after a word counts). */
export function contains(token: Token, line: number, character: number): boolean {
  return token.line === line && character >= token.start && character <= token.end;
}
