// Completion: context detection, mnemonics with syntax detail, directives, registers
// of the class the operand wants first, symbols.
import { describe, expect, it } from 'vitest';
import { complete, completionContext, resolveCompletion } from '../../src/language-server/features/completion';
import { analyzeText } from './helpers';

function at(text: string): { items: ReturnType<typeof complete>; ctx: ReturnType<typeof completionContext> } {
  const cursor = text.indexOf('|');
  const source = text.slice(0, cursor) + text.slice(cursor + 1);
  const before = source.slice(0, cursor);
  const line = before.split('\n').length - 1;
  const character = cursor - (before.lastIndexOf('\n') + 1);
  const a = analyzeText(source);
  return { items: complete(a, line, character), ctx: completionContext(a, line, character) };
}

describe('completion context', () => {
  const cases: { name: string; text: string; ctx: unknown }[] = [
    { name: 'line start', text: '\tla|', ctx: { where: 'name', prefix: 'la' } },
    { name: 'after labels', text: 'x: y:\tl|', ctx: { where: 'name', prefix: 'l' } },
    { name: 'first operand', text: '\tlr\t%|', ctx: { where: 'operand', mnemonic: 'lr', index: 0, prefix: '%' } },
    { name: 'second operand', text: '\tlarl\t%r1,ms|', ctx: { where: 'operand', mnemonic: 'larl', index: 1, prefix: 'ms' } },
    { name: 'inside D(X,B)', text: '\tl\t%r1,8(%r2,%|', ctx: { where: 'operand', mnemonic: 'l', index: 1, prefix: '%' } },
    { name: 'after ;', text: '\tlr %r1,%r2; a|', ctx: { where: 'name', prefix: 'a' } },
    { name: 'inside a comment', text: '\tlr %r1 # x|', ctx: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(at(c.text).ctx).toEqual(c.ctx));
});

describe('completion items', () => {
  it('mnemonics with operand syntax as detail, documentation on resolve', () => {
    const { items } = at('\tla|');
    const larl = items.find((i) => i.label === 'larl');
    expect(larl?.detail).toBe('larl R1,RI2');
    expect(larl?.labelDetails).toEqual({ detail: ' R1,RI2', description: 'load address relative long' });
    const resolved = resolveCompletion({ ...larl!, data: larl!.data });
    expect(JSON.stringify(resolved.documentation)).toContain('Format RIL-b');
    expect(items.every((i) => i.label.startsWith('l') || i.kind === 3)).toBe(true);
  });
  it('directives after a dot', () => {
    const labels = at('\t.|').items.map((i) => i.label);
    expect(labels).toContain('.quad');
    expect(labels).toContain('.machine');
  });
  it('macros of the file with the mnemonics', () => {
    expect(at('\t.macro SAVE\n\t.endm\n\tS|').items[0]).toMatchObject({ label: 'SAVE', kind: 3 });
  });
  it('registers of the wanted class first: floating-point for ldr', () => {
    const { items } = at('\tldr\t%|');
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    expect(sorted[0].label).toBe('%f0');
    expect(items).toHaveLength(16 * 4 + 32);
    expect(items.find((i) => i.label === '%r15')?.detail).toContain('Stack pointer');
  });
  it('registers replace the typed %', () => {
    const r2 = at('\tlr\t%r1,%r|').items.find((i) => i.label === '%r2');
    expect(r2?.textEdit).toEqual({ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 10 } }, newText: '%r2' });
  });
  it('symbols of the file in operands', () => {
    const labels = at('\tlarl %r1,m|\nmsg: .asciz "x"\nN = 3\n').items.map((i) => i.label);
    expect(labels.slice(0, 2)).toEqual(['msg', 'N']);
  });
});
