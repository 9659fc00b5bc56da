// Hovers on mnemonics (facts from the ISA table), registers, directives and symbols.
import { describe, expect, it } from 'vitest';
import { hover } from '../../src/language-server/features/hover';
import { analyzeText, positionOf } from './helpers';

const source = [
  '\t.text',
  '\t.type\tmain,@function',
  'main:\tlarl\t%r1,msg',
  '\tJNE\t.Lout',
  '\tvl\t%v1,0(%r1)',
  '.Lout:\tbr\t%r14',
  'LIMIT = 42',
  '\t.macro\tSAVE regs',
  '\t.endm',
  '\tsave\t1',
  'msg:\t.asciz\t"hi"',
].join('\n');
const analysis = analyzeText(source);

function hoverText(needle: string, offset = 1): string {
  const p = positionOf(source, needle, offset);
  const h = hover(analysis, p.line, p.character);
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
}

describe('hover', () => {
  const cases: { name: string; at: string; offset?: number; expect: (string | RegExp)[] }[] = [
    { name: 'mnemonic: name, syntax, format, level', at: 'larl', expect: ['**larl** — load address relative long', 'larl R1,RI2', 'Format RIL-b, 6 bytes, opcode `C00000000000`', '`RI2`: relative address (signed 32-bit halfword offset', /Since z900/] },
    { name: 'extended mnemonic, upper case', at: 'JNE', expect: ['**jne**', 'Extended mnemonic for **brc** with M1=7'] },
    { name: 'vector with optional operand', at: 'vl', expect: ['vl V1,D2(X2,B2),M3', 'vector facility', 'The last operand is optional.', /Since z13/] },
    { name: 'general register', at: '%r14', expect: ['**%r14** — General register 14. Return address'] },
    { name: 'vector register', at: '%v1', expect: ['Vector register 1. Bits 0-63 overlay floating-point register 1.'] },
    { name: 'directive', at: '.asciz', expect: ['**.asciz** — Emit the string with a terminating zero.'] },
    { name: 'function label', at: 'msg', offset: 0, expect: ['**msg** — label, defined at line 11'] },
    { name: 'local label reference', at: '.Lout\n', expect: ['**.Lout** — label, defined at line 6'] },
    { name: 'typed label', at: 'main,', expect: ['**main** — function, defined at line 3'] },
    { name: 'assignment', at: 'LIMIT', expect: ['**LIMIT** = `42`, line 7'] },
    { name: 'macro call', at: 'save', expect: ['**SAVE** — macro (regs), defined at line 8'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const text = hoverText(c.at, c.offset);
      for (const e of c.expect) {
        if (typeof e === 'string') expect(text).toContain(e);
        else expect(text).toMatch(e);
      }
    });
  }
  it('nothing on a comment or blank', () => {
    const a = analyzeText('\t# just a comment\n\n');
    expect(hover(a, 0, 5)).toBeNull();
    expect(hover(a, 1, 0)).toBeNull();
  });
  it('the range covers the hovered word', () => {
    const p = positionOf(source, 'larl', 2);
    expect(hover(analysis, p.line, p.character)?.range).toEqual({ start: { line: 2, character: 6 }, end: { line: 2, character: 10 } });
  });
});
