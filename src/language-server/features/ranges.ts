// Conversions between parser tokens and LSP ranges.
import type { Range } from 'vscode-languageserver';
import type { Token } from '../parser';

export function toRange(t: Token): Range {
  return { start: { line: t.line, character: t.start }, end: { line: t.line, character: t.end } };
}
