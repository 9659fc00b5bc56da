// Document symbols (outline) and go-to-definition, in the file and through includes.
import { describe, expect, it } from 'vitest';
import { SymbolKind } from 'vscode-languageserver';
import { definition, documentSymbols } from '../../src/language-server/features/symbols';
import { analyzeText, positionOf } from './helpers';

const source = [
  '\t.globl\tmain',          // 0
  '\t.type\tmain,@function',
  'main:\tj\t1f',            // 2
  '.Lloop:\tbrct\t%r2,.Lloop',
  '1:\tj\t1b',               // 4
  '1:\tj\t1b',               // 5
  'helper:\tbr\t%r14',       // 6
  '\t.set\tLIMIT,10',
  '\t.macro\tSAVE',
  '\t.endm',
  'table:\t.quad\tmain,helper',
].join('\n');
const analysis = analyzeText(source);

function defLines(needle: string, offset = 0): number[] {
  const p = positionOf(source, needle, offset);
  return definition(analysis, p.line, p.character).map((l) => l.range.start.line);
}

describe('document symbols', () => {
  it('nests .L labels under their function and lists macros and constants', () => {
    const syms = documentSymbols(analysis);
    expect(syms.map((s) => [s.name, s.kind])).toEqual([
      ['main', SymbolKind.Function], ['helper', SymbolKind.Field], ['LIMIT', SymbolKind.Constant],
      ['SAVE', SymbolKind.Method], ['table', SymbolKind.Field],
    ]);
    expect(syms[0].children?.map((c) => c.name)).toEqual(['.Lloop']);
    expect(syms[0].range.end.line).toBeGreaterThanOrEqual(3);
  });
});

describe('go to definition', () => {
  const cases: { name: string; at: string; offset?: number; lines: number[] }[] = [
    { name: 'label in .quad', at: 'main,helper', lines: [2] },
    { name: 'second operand symbol', at: ',helper', offset: 1, lines: [6] },
    { name: 'local label', at: '.Lloop\n', lines: [3] },
    { name: '1f is the next 1:', at: '1f', lines: [4] },
    { name: '1b on line 4 is line 4 itself', at: '1b', lines: [4] },
    { name: 'register has none', at: '%r2', lines: [] },
  ];
  for (const c of cases) it(c.name, () => expect(defLines(c.at, c.offset)).toEqual(c.lines));
  it('1b on line 5 is the 1: on line 5', () => {
    expect(definition(analysis, 5, 7).map((l) => l.range.start.line)).toEqual([5]);
  });
  it('follows includes to the defining file', () => {
    const fs = { readFile: (p: string) => (p === '/work/defs.inc' ? 'shared:\t.long 0\n' : undefined) };
    const a = analyzeText('\t.include "defs.inc"\n\tlarl %r1,shared\n', 'main.s', fs);
    expect(definition(a, 1, 12)).toEqual([{ uri: 'file:///work/defs.inc', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } } }]);
  });
});
