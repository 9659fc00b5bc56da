// Shared helpers for the language-server tests: analyse a source string as a file, and
// find a cursor position by a marker substring.
import { analyze, type Analysis, type FileSystem } from '../../src/language-server/analysis';

export function analyzeText(text: string, name = 'test.s', fs?: FileSystem, includePaths?: string[]): Analysis {
  return analyze(`file:///work/${name}`, text, { fs, includePaths });
}

/** Position of the `offset`-th character of the first occurrence of `needle` (on its line). */
export function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`marker ${needle} not in text`);
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
