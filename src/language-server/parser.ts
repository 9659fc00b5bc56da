// A tolerant parser for GNU as syntax on s390x, as the language features need it:
// comments (`#` anywhere, `/* */` across lines, `//` after the C preprocessor), statements
// separated by `;`, labels (`name:`, numeric `1:`), assignments (`x = 1`), directives,
// instructions and macro calls with their top-level operands, `.macro`/`.rept` bodies,
// and for preprocessed files (.S) the `#define`/`#include`/`#if 0` lines. It never throws:
// anything it cannot read is kept as text and simply not checked.

/** A piece of one line: [start, end) in UTF-16 code units, as LSP positions count. */
export interface Token {
  readonly text: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export type StatementKind = 'instruction' | 'directive' | 'assignment' | 'labels-only';

export interface Statement {
  readonly kind: StatementKind;
  readonly line: number;
  readonly labels: readonly Token[];
  /** Mnemonic, macro name or directive (with its dot); the symbol for an assignment. */
  readonly name?: Token;
  /** The operand field as written (trimmed), and split at top-level commas. */
  readonly operandText?: Token;
  readonly operands: readonly Token[];
  /** Inside a .macro/.rept/.irp body: `\arg` substitutions may change the text. */
  readonly inMacroBody: boolean;
  /** The line continues a preprocessor line or ends in a backslash: cpp may rewrite it. */
  readonly joined: boolean;
  /** Inside a cpp `#if`/`#ifdef` block: it may not be assembled at all. */
  readonly cppConditional: boolean;
  /**
   * Whether gas assembles it, as far as its `.if` blocks tell: 'on' outside any or in a
   * true one, 'off' in a false one (`.if 0`), 'unknown' when a condition is not a number.
   */
  readonly gasCondition: GasCondition;
}

export type GasCondition = 'on' | 'off' | 'unknown';

export type SymbolKind = 'label' | 'numeric-label' | 'assignment' | 'macro' | 'cpp-define';

export interface SymbolDefinition {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly token: Token;
  /** From `.type name,@function` / `@object`. */
  type?: 'function' | 'object';
  /** For a cpp define: its replacement text; for a macro: its parameter list. */
  readonly detail?: string;
  /** Function-like cpp macro. */
  readonly functionLike?: boolean;
}

export interface Include {
  readonly path: string;
  readonly token: Token;
  /** `.include "x"` (gas) or `#include "x"` / `<x>` (C preprocessor). */
  readonly via: 'gas' | 'cpp';
  readonly system: boolean;
}

export interface AsmDocument {
  readonly lines: readonly string[];
  readonly statements: readonly Statement[];
  readonly symbols: readonly SymbolDefinition[];
  readonly includes: readonly Include[];
  /** Whether the file goes through the C preprocessor first (.S, .sx). */
  readonly preprocessed: boolean;
}

/** Files gcc runs through cpp before gas: `.S` and `.sx` (case matters: `.s` does not). */
export function isPreprocessed(uriOrPath: string): boolean {
  return /\.(S|sx)$/.test(uriOrPath);
}

const SYMBOL_START = /[A-Za-z_.$]/;
const SYMBOL_CHAR = /[\w.$]/;

/**
 * Replaces comments by spaces (columns stay put) and reports whether a block comment is
 * still open at the end of the line. Strings and character constants are skipped whole.
 */
export function stripComments(line: string, inBlock: boolean, preprocessed: boolean): { text: string; inBlock: boolean } {
  const out = line.split('');
  let i = 0;
  while (i < line.length) {
    if (inBlock) {
      const close = line.indexOf('*/', i);
      const stop = close < 0 ? line.length : close + 2;
      for (let k = i; k < stop; k++) out[k] = ' ';
      i = stop;
      if (close >= 0) inBlock = false;
      continue;
    }
    const ch = line[i];
    if (ch === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === "'") {
      i += 2; // gas character constant 'c: the next character is literal
    } else if (ch === '/' && line[i + 1] === '*') {
      inBlock = true;
    } else if (ch === '#' || (preprocessed && ch === '/' && line[i + 1] === '/')) {
      for (let k = i; k < line.length; k++) out[k] = ' ';
      break;
    } else {
      i++;
    }
  }
  return { text: out.join(''), inBlock };
}

function token(text: string, line: number, start: number): Token {
  return { text, line, start, end: start + text.length };
}

/** Splits at `sep` outside strings, keeping each part's column. */
function splitOutsideStrings(text: string, sep: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (ch === "'") {
      i++;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === sep && (sep === ';' || depth === 0)) {
      parts.push({ text: text.slice(start, i), start });
      start = i + 1;
    }
  }
  parts.push({ text: text.slice(start), start });
  return parts;
}

/** Top-level operands (commas inside parentheses and strings do not split), trimmed. */
export function splitOperands(text: string, line: number, start: number): Token[] {
  if (text.trim() === '') return [];
  return splitOutsideStrings(text, ',').map((p) => {
    const lead = p.text.length - p.text.trimStart().length;
    return token(p.text.trim(), line, start + p.start + lead);
  });
}

function readSymbol(text: string, at: number): number {
  if (at >= text.length || !(SYMBOL_START.test(text[at]) || text[at] === '\\')) return at;
  let i = at + 1;
  while (i < text.length && (SYMBOL_CHAR.test(text[i]) || text[i] === '\\' || (text[i] === '@' && text[i - 1] === '\\'))) i++;
  return i;
}

const BLOCK_OPEN = /^\.(macro|rept|irp|irpc)$/i;
const BLOCK_CLOSE = /^\.(endm|endr)$/i;

interface CppState {
  /** Stack of conditionals; false while inside `#if 0` (or the `#else` of `#if 1`). */
  active: boolean[];
  continued: boolean;
}

function handleCpp(code: string, lineNo: number, raw: string, cpp: CppState, symbols: SymbolDefinition[],
  includes: Include[]): void {
  const m = /^(\s*#\s*)(\w+)\s*(.*)$/.exec(code);
  const directive = m?.[2] ?? '';
  const rest = (m?.[3] ?? '').trim();
  const enabled = cpp.active.every(Boolean);
  switch (directive) {
    case 'if': case 'ifdef': case 'ifndef':
      cpp.active.push(conditionHolds(directive, rest));
      return;
    case 'elif':
      cpp.active[cpp.active.length - 1] = true;
      return;
    case 'else':
      if (cpp.active.length) cpp.active[cpp.active.length - 1] = !cpp.active[cpp.active.length - 1];
      return;
    case 'endif':
      cpp.active.pop();
      return;
  }
  if (!enabled || !m) return;
  if (directive === 'define') {
    const d = /^(\s*#\s*define\s+)([A-Za-z_]\w*)(\()?/.exec(raw);
    if (d) {
      symbols.push({
        name: d[2], kind: 'cpp-define', token: token(d[2], lineNo, d[1].length), functionLike: d[3] !== undefined,
        detail: raw.slice(d[0].length).trim(),
      });
    }
  } else if (directive === 'include') {
    const inc = /(["<])([^">]+)[">]/.exec(raw);
    if (inc) includes.push({ path: inc[2], token: token(inc[2], lineNo, inc.index + 1), via: 'cpp', system: inc[1] === '<' });
  }
}

/** Macros that tell C headers they are being read by the assembler (gcc defines the first for .S). */
const ASSEMBLER_MACRO = /^(__ASSEMBLER__|__ASSEMBLY__)$/;

/**
 * Whether a cpp conditional's lines are assembled, as far as we can tell without the
 * command line: `#if 0` is off, `#ifndef __ASSEMBLER__` (C-only parts of a shared
 * header) is off, everything else counts as on.
 */
function conditionHolds(directive: string, rest: string): boolean {
  if (directive === 'ifdef') return true;
  if (directive === 'ifndef') return !ASSEMBLER_MACRO.test(rest.split(/\s/)[0]);
  if (/^0\b/.test(rest)) return false;
  const neg = /^!\s*defined\s*\(?\s*(\w+)\s*\)?\s*$/.exec(rest);
  return !(neg && ASSEMBLER_MACRO.test(neg[1]));
}

/** Parses a whole document. `preprocessed` = the file goes through cpp (see isPreprocessed). */
export function parseAssembly(text: string, preprocessed: boolean): AsmDocument {
  const lines = text.split(/\r?\n/);
  const statements: Statement[] = [];
  const symbols: SymbolDefinition[] = [];
  const includes: Include[] = [];
  const cpp: CppState = { active: [], continued: false };
  let inBlock = false;
  let blockDepth = 0;
  let prevEndsInBackslash = false;
  const gasIf: GasCondition[] = [];

  lines.forEach((raw, lineNo) => {
    const stripped = stripComments(raw, inBlock, preprocessed);
    const startedInBlock = inBlock;
    inBlock = stripped.inBlock;
    const joined = preprocessed && prevEndsInBackslash;
    prevEndsInBackslash = /\\\s*$/.test(raw);
    if (preprocessed) {
      if (cpp.continued) {
        cpp.continued = prevEndsInBackslash;
        return;
      }
      if (!startedInBlock && /^\s*#/.test(raw)) {
        handleCpp(raw, lineNo, raw, cpp, symbols, includes);
        cpp.continued = prevEndsInBackslash;
        return;
      }
      if (!cpp.active.every(Boolean)) return;
    }
    for (const part of splitOutsideStrings(stripped.text, ';')) {
      const condition: GasCondition = gasIf.includes('off') ? 'off' : gasIf.includes('unknown') ? 'unknown' : 'on';
      const st = parseStatement(part.text, part.start, lineNo, blockDepth > 0, joined || (preprocessed && prevEndsInBackslash),
        cpp.active.length > 0, condition);
      if (!st) continue;
      if (st.kind === 'directive' && st.name) updateGasIf(gasIf, st.name.text.toLowerCase(), st.operandText?.text ?? '');
      statements.push(st);
      collectSymbols(st, symbols, includes);
      const directive = st.kind === 'directive' ? st.name?.text ?? '' : '';
      if (BLOCK_OPEN.test(directive)) blockDepth++;
      else if (BLOCK_CLOSE.test(directive) && blockDepth > 0) blockDepth--;
    }
  });
  applyTypes(statements, symbols);
  return { lines, statements, symbols, includes, preprocessed };
}

/** Follows `.if`/`.else`/`.endif`: a plain number decides a branch; anything else leaves it unknown. */
function updateGasIf(stack: GasCondition[], directive: string, operand: string): void {
  if (directive === '.if') {
    const n = /^-?(0x[0-9a-f]+|\d+)$/i.test(operand.trim()) ? Number(operand.trim()) : NaN;
    stack.push(Number.isNaN(n) ? 'unknown' : n !== 0 ? 'on' : 'off');
  } else if (/^\.if/.test(directive)) {
    stack.push('unknown');
  } else if (directive === '.else' && stack.length) {
    const top = stack[stack.length - 1];
    stack[stack.length - 1] = top === 'on' ? 'off' : top === 'off' ? 'on' : 'unknown';
  } else if (directive === '.elseif' && stack.length) {
    stack[stack.length - 1] = stack[stack.length - 1] === 'on' ? 'off' : 'unknown';
  } else if (directive === '.endif') {
    stack.pop();
  }
}

function parseStatement(text: string, offset: number, line: number, inMacroBody: boolean, joined: boolean,
  cppConditional: boolean, gasCondition: GasCondition): Statement | undefined {
  const labels: Token[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  for (;;) {
    skipSpace();
    const start = i;
    let end = readSymbol(text, i);
    if (end === start) {
      while (end < text.length && /\d/.test(text[end])) end++; // numeric local label 1:
    }
    if (end === start) break;
    let j = end;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] !== ':' || text[j + 1] === ':' || text[j + 1] === '=') break;
    labels.push(token(text.slice(start, end), line, offset + start));
    i = j + 1;
  }
  skipSpace();
  const nameStart = i;
  const nameEnd = readSymbol(text, i);
  const base = { line, labels, inMacroBody, joined, cppConditional, gasCondition };
  if (nameEnd === nameStart) {
    // Only labels, or text that starts with no symbol (left unchecked).
    if (labels.length === 0 && text.slice(i).trim() === '') return undefined;
    return { ...base, kind: 'labels-only', operands: [] };
  }
  const name = token(text.slice(nameStart, nameEnd), line, offset + nameStart);
  i = nameEnd;
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text[j] === '=') {
    // name = expr, name == expr, name =: expr
    let k = j + 1;
    if (text[k] === '=' || text[k] === ':') k++;
    const rest = text.slice(k);
    const lead = rest.length - rest.trimStart().length;
    const value = rest.trim();
    return {
      ...base, kind: 'assignment', name,
      operandText: token(value, line, offset + k + lead),
      operands: value ? [token(value, line, offset + k + lead)] : [],
    };
  }
  const rest = text.slice(i);
  const lead = rest.length - rest.trimStart().length;
  const value = rest.trimEnd().trimStart();
  const operandStart = offset + i + lead;
  return {
    ...base,
    kind: name.text.startsWith('.') ? 'directive' : 'instruction',
    name,
    operandText: token(value, line, operandStart),
    operands: splitOperands(value, line, operandStart),
  };
}

const SYMBOL_DIRECTIVES = /^\.(set|equ|equiv|eqv|comm|lcomm)$/i;

function collectSymbols(st: Statement, symbols: SymbolDefinition[], includes: Include[]): void {
  for (const label of st.labels) {
    symbols.push({ name: label.text, kind: /^\d+$/.test(label.text) ? 'numeric-label' : 'label', token: label });
  }
  if (!st.name) return;
  if (st.kind === 'assignment') {
    symbols.push({ name: st.name.text, kind: 'assignment', token: st.name, detail: st.operandText?.text });
    return;
  }
  if (st.kind !== 'directive') return;
  const directive = st.name.text.toLowerCase();
  const first = st.operands[0];
  if (directive === '.macro' && st.operandText) {
    const m = /^([^\s,]+)[\s,]*(.*)$/.exec(st.operandText.text);
    if (m) {
      symbols.push({
        name: m[1], kind: 'macro', token: token(m[1], st.line, st.operandText.start), detail: m[2],
      });
    }
  } else if (SYMBOL_DIRECTIVES.test(directive) && first && /^[A-Za-z_.$][\w.$]*$/.test(first.text)) {
    symbols.push({ name: first.text, kind: 'assignment', token: first, detail: st.operands.slice(1).map((o) => o.text).join(',') });
  } else if (directive === '.include' && first) {
    const path = /^"(.*)"$/.exec(first.text)?.[1];
    if (path !== undefined) includes.push({ path, token: token(path, first.line, first.start + 1), via: 'gas', system: false });
  }
}

/** Applies `.type name,@function|@object` to the labels (the directive may come before or after). */
function applyTypes(statements: readonly Statement[], symbols: SymbolDefinition[]): void {
  for (const st of statements) {
    if (st.kind !== 'directive' || st.name?.text.toLowerCase() !== '.type') continue;
    const [sym, kind] = st.operands;
    if (!sym || !kind) continue;
    const type = /function/.test(kind.text) ? 'function' : /object/.test(kind.text) ? 'object' : undefined;
    for (const s of symbols) if (s.name === sym.text && s.kind === 'label') s.type = type;
  }
}
