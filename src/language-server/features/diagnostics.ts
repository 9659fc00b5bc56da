// Diagnostics: unknown instruction mnemonics and operand counts GNU as rejects. The rule
// is "never flag what gas accepts": anything a macro, a cpp define, an unfound include
// or a `\arg` substitution could change is left alone.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { lookupMnemonic, mnemonics, type MnemonicInfo } from '../isa-info';
import { levelName, machineStates } from '../machine-level';
import type { Statement, Token } from '../parser';
import { toRange } from './ranges';

export const DIAGNOSTIC_SOURCE = 'kuli';

export const DiagnosticCode = {
  unknownMnemonic: 'unknown-mnemonic',
  operandCount: 'operand-count',
  machineLevel: 'machine-level',
} as const;

/** Names (lower-case) of macros, and cpp defines (as written), visible in the document. */
function definedNames(analysis: Analysis): { macros: Set<string>; defines: Map<string, { functionLike: boolean; body: string }> } {
  const macros = new Set<string>();
  const defines = new Map<string, { functionLike: boolean; body: string }>();
  for (const s of analysis.symbols) {
    if (s.kind === 'macro') macros.add(s.name.toLowerCase());
    else if (s.kind === 'cpp-define') defines.set(s.name, { functionLike: s.functionLike ?? false, body: s.detail ?? '' });
  }
  return { macros, defines };
}

export function diagnose(analysis: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { macros, defines } = definedNames(analysis);
  const { doc } = analysis;
  const unresolvedCpp = analysis.unresolved.some((i) => i.via === 'cpp');
  const anyUnresolved = analysis.unresolved.length > 0;

  const machine = machineStates(doc.statements);
  // gas reads nothing after `.end`.
  const end = doc.statements.findIndex((st) => st.kind === 'directive' && st.name?.text.toLowerCase() === '.end' && !st.inMacroBody);
  doc.statements.forEach((st, index) => {
    if (end >= 0 && index > end) return;
    // gas skips lines of a false .if, and we cannot evaluate most conditions.
    if (st.kind !== 'instruction' || !st.name || st.joined || st.gasCondition !== 'on') return;
    const name = st.name.text;
    if (name.includes('\\') || macros.has(name.toLowerCase())) return;
    if (doc.preprocessed && defines.has(name)) return;
    const info = lookupMnemonic(name);
    if (!info) {
      // An unfound include may define this name as a macro (gas or cpp).
      if (!anyUnresolved) out.push(unknownMnemonic(st.name));
      return;
    }
    const level = machine[index];
    if (level.level !== undefined && info.minLevel > level.level && !st.inMacroBody) {
      out.push(machineLevel(st.name, info, level.level, level.from));
      return; // gas stops at the unknown opcode; the operands are not read
    }
    if (!countCheckable(st, doc.preprocessed, defines, unresolvedCpp)) return;
    const n = st.operands.length;
    const empty = st.operands.find((o) => o.text === '');
    if (!info.operandCounts.has(n)) out.push(operandCount(st, info));
    else if (empty) out.push(missingOperand(st, info, empty));
  });
  return out;
}

const IDENT = /[A-Za-z_$][\w$]*/g;

/** Whether the operand field reads the same to gas as to us (no substitutions that may add commas). */
function countCheckable(st: Statement, preprocessed: boolean, defines: Map<string, { functionLike: boolean; body: string }>,
  unresolvedCpp: boolean): boolean {
  const text = st.operandText?.text ?? '';
  if (text.includes('\\') || text.includes("'")) return false;
  if (!preprocessed) return true;
  for (const m of text.matchAll(IDENT)) {
    const word = m[0];
    const def = defines.get(word);
    if (def && (def.functionLike || def.body.includes(','))) return false;
    // A macro from an unfound header: by convention upper case, or called like a function.
    if (!def && unresolvedCpp) {
      const after = text.slice((m.index ?? 0) + word.length).trimStart();
      const calledLikeFunction = after.startsWith('(') && !/^\(\s*(%|\d|,)/.test(after);
      if (/[A-Z]/.test(word) && /^[A-Z_][A-Z0-9_]*$/.test(word) && word.length > 1) return false;
      if (calledLikeFunction) return false;
    }
  }
  return true;
}

function unknownMnemonic(name: Token): Diagnostic {
  const close = suggestions(name.text.toLowerCase());
  const hint = close.length ? ` Did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : '';
  return {
    range: toRange(name), severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: DiagnosticCode.unknownMnemonic,
    message: `Unknown instruction '${name.text}'.${hint}`,
  };
}

function machineLevel(name: Token, info: MnemonicInfo, level: number, from: Statement | undefined): Diagnostic {
  const where = from ? ` on line ${from.line + 1}` : '';
  return {
    range: toRange(name), severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: DiagnosticCode.machineLevel,
    message: `'${name.text}' needs .machine ${levelName(info.minLevel)} or later; the .machine directive${where} selects ${levelName(level)}.`,
  };
}

function describeCounts(info: MnemonicInfo): string {
  const counts = [...info.operandCounts].sort((a, b) => a - b);
  const words = counts.length === 1 ? `${counts[0]}` : `${counts.slice(0, -1).join(', ')} or ${counts[counts.length - 1]}`;
  return `${words} operand${counts.length === 1 && counts[0] === 1 ? '' : 's'}`;
}

function operandCount(st: Statement, info: MnemonicInfo): Diagnostic {
  const name = st.name as Token;
  const target = st.operandText && st.operandText.text ? st.operandText : name;
  return {
    range: toRange(target), severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: DiagnosticCode.operandCount,
    message: `'${name.text}' takes ${describeCounts(info)} (${info.syntax}), found ${st.operands.length}.`,
  };
}

function missingOperand(st: Statement, info: MnemonicInfo, empty: Token): Diagnostic {
  const at = st.operands.indexOf(empty);
  // The operand is empty: mark the comma (or the place) where it should be.
  return {
    range: toRange({ ...empty, start: Math.max(0, empty.start - 1), end: empty.start + 1 }), severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE, code: DiagnosticCode.operandCount,
    message: `Operand ${at + 1} of '${st.name?.text}' is missing (${info.syntax}).`,
  };
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Up to three mnemonics one or two edits away, closest first. */
export function suggestions(name: string): string[] {
  const limit = name.length <= 3 ? 1 : 2;
  const scored: { m: string; d: number }[] = [];
  for (const m of mnemonics().keys()) {
    const d = editDistance(name, m, limit);
    if (d <= limit) scored.push({ m, d });
  }
  scored.sort((x, y) => x.d - y.d || x.m.length - y.m.length || (x.m < y.m ? -1 : 1));
  return scored.slice(0, 3).map((s) => s.m);
}
