// The GNU as parser: comments, statements, labels, operands, macros, cpp lines.
import { describe, expect, it } from 'vitest';
import { parseAssembly, stripComments } from '../../src/language-server/parser';

describe('stripComments', () => {
  const cases: { name: string; line: string; text: string; open?: boolean; cpp?: boolean }[] = [
    { name: '# anywhere', line: 'lr %r1,%r2 # x', text: 'lr %r1,%r2    ' },
    { name: 'block comment', line: 'a /* b */ c', text: 'a         c' },
    { name: 'open block', line: 'a /* b', text: 'a     ', open: true },
    { name: '# inside a string', line: '.ascii "#x" # y', text: '.ascii "#x"    ' },
    { name: 'character constant', line: "lhi %r1,'#", text: "lhi %r1,'#" },
    { name: '// only after cpp', line: 'lr %r1,%r2 // c', text: 'lr %r1,%r2     ', cpp: true },
    { name: '// kept for gas', line: 'lr %r1,%r2 // c', text: 'lr %r1,%r2 // c' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = stripComments(c.line, false, c.cpp ?? false);
      expect(r.text).toBe(c.text);
      expect(r.inBlock).toBe(c.open ?? false);
    });
  }
  it('closes a block comment opened on an earlier line', () => {
    expect(stripComments('end */ lr', true, false)).toEqual({ text: '       lr', inBlock: false });
  });
});

describe('statements', () => {
  it('reads labels, name and top-level operands with columns', () => {
    const doc = parseAssembly('foo: .Lbar :\tmvc\t0(8,%r1), 8(%r2) # c\n', false);
    const [st] = doc.statements;
    expect(st.kind).toBe('instruction');
    expect(st.labels.map((l) => [l.text, l.start])).toEqual([['foo', 0], ['.Lbar', 5]]);
    expect(st.name).toMatchObject({ text: 'mvc', start: 13, end: 16 });
    expect(st.operands.map((o) => [o.text, o.start])).toEqual([['0(8,%r1)', 17], ['8(%r2)', 27]]);
  });
  it('splits at ; and keeps numeric labels', () => {
    const doc = parseAssembly('1: lr %r1,%r2; j 1b\n', false);
    expect(doc.statements.map((s) => s.name?.text)).toEqual(['lr', 'j']);
    expect(doc.symbols).toMatchObject([{ name: '1', kind: 'numeric-label' }]);
  });
  it('reads assignments and symbol directives', () => {
    const doc = parseAssembly('x = 1\ny == 2\n\t.set z, 3\n\t.equ w,4\n', false);
    expect(doc.symbols.map((s) => [s.name, s.kind, s.detail])).toEqual([
      ['x', 'assignment', '1'], ['y', 'assignment', '2'], ['z', 'assignment', '3'], ['w', 'assignment', '4'],
    ]);
  });
  it('marks macro bodies and records the macro', () => {
    const doc = parseAssembly('\t.macro m a\n\tlr \\a,%r1\n\t.endm\n\tlr %r1,%r2\n', false);
    expect(doc.statements.map((s) => s.inMacroBody)).toEqual([false, true, true, false]);
    expect(doc.symbols).toMatchObject([{ name: 'm', kind: 'macro', detail: 'a' }]);
  });
  it('applies .type to labels, before or after', () => {
    const doc = parseAssembly('\t.type f,@function\nf:\ng:\n\t.type g,@object\n', false);
    expect(doc.symbols.map((s) => [s.name, s.type])).toEqual([['f', 'function'], ['g', 'object']]);
  });
  it('reads cpp defines, includes and skips #if 0 and C-only parts', () => {
    const doc = parseAssembly('#include "a.h"\n#define F(x) x\n#if 0\nbad\n#else\nok1:\n#endif\n#ifndef __ASSEMBLER__\nint x;\n#endif\n#define LONG a, \\\n  b\nok2:\n', true);
    expect(doc.includes).toMatchObject([{ path: 'a.h', via: 'cpp', system: false }]);
    expect(doc.symbols.map((s) => [s.name, s.kind])).toEqual([['F', 'cpp-define'], ['ok1', 'label'], ['LONG', 'cpp-define'], ['ok2', 'label']]);
    expect(doc.symbols[0].functionLike).toBe(true);
  });
  it('follows gas .if blocks', () => {
    const doc = parseAssembly('\t.if 0\na:\n\t.else\nb:\n\t.endif\n\t.ifdef X\nc:\n\t.if 1\nd:\n\t.endif\n\t.endif\ne:\n', false);
    const byLabel = Object.fromEntries(doc.statements.filter((s) => s.labels.length).map((s) => [s.labels[0].text, s.gasCondition]));
    expect(byLabel).toEqual({ a: 'off', b: 'on', c: 'unknown', d: 'unknown', e: 'on' });
  });
  it('never throws on odd input', () => {
    expect(() => parseAssembly('\u0000)(,,;;"\n/*\n:::\n\\\\\n%%', true)).not.toThrow();
  });
});
