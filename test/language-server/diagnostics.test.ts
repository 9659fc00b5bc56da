// Diagnostics: the gas-verified cases of diagnostic-cases.ts (see oracle/verify-cases.ts),
// zero diagnostics on real assembly (gcc -S output at several -march levels, the test
// guests' .S files), and the hold-back rules for unfound includes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, suggestions } from '../../src/language-server/features/diagnostics';
import { DIAGNOSTIC_CASES } from './diagnostic-cases';
import { analyzeText } from './helpers';

const root = join(__dirname, '../..');

describe('diagnostic cases (each verified against GNU as)', () => {
  for (const c of DIAGNOSTIC_CASES) {
    it(c.name, () => {
      const got = diagnose(analyzeText(c.source, c.cpp ? 'case.S' : 'case.s'))
        .map((d) => ({ line: d.range.start.line + 1, code: d.code }));
      expect(got).toEqual(c.errors);
    });
  }
});

describe('no false positives on real assembly', () => {
  const dir = join(__dirname, 'fixtures/c');
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith('.s')).map((f) => join(dir, f)),
    join(root, 'test/guests/hello/start.S'),
    join(root, 'test/guests/lib/start.S'),
  ];
  it('has the gcc outputs', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const file of files) {
    it(file.slice(root.length + 1), () => {
      const text = readFileSync(file, 'utf8');
      const analysis = analyzeText(text, file.replace(/.*\//, ''));
      expect(analysis.doc.statements.length).toBeGreaterThan(20);
      expect(diagnose(analysis).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    });
  }
});

describe('.machine: gcc -march=z10 output with z13 instructions in inline assembly', () => {
  it('flags exactly the instructions gas rejects, in order', () => {
    const dir = join(__dirname, 'fixtures/c-rejected');
    const gas = [...readFileSync(join(dir, 'gas-errors.txt'), 'utf8').matchAll(/Unrecognized opcode: `(\w+)'/g)].map((m) => m[1]);
    expect(gas.length).toBe(6);
    const diags = diagnose(analyzeText(readFileSync(join(dir, 'system-O2-z10.s'), 'utf8'), 'system-O2-z10.s'));
    expect(diags.map((d) => d.code)).toEqual(gas.map(() => 'machine-level'));
    expect(diags.map((d) => /'(\w+)'/.exec(d.message)?.[1])).toEqual(gas);
    expect(diags[0].message).toBe("'vl' needs .machine z13 or later; the .machine directive on line 3 selects z10.");
  });
});

describe('includes', () => {
  const fs = { readFile: (p: string) => (p === '/work/inc/macros.inc' ? '\t.macro SAVE\n\tstmg %r6,%r15,48(%r15)\n\t.endm\n' : undefined) };
  it('macros from a found .include are known', () => {
    const a = analyzeText('\t.include "macros.inc"\n\tSAVE\n\tbogus\n', 'x.s', fs, ['/work/inc']);
    expect(diagnose(a).map((d) => d.message)).toEqual(["Unknown instruction 'bogus'."]);
  });
  it('an unfound include holds unknown-mnemonic diagnostics back, not operand counts', () => {
    const a = analyzeText('\t.include "missing.inc"\n\tSAVE\n\tlr %r1\n', 'x.s', fs);
    expect(diagnose(a).map((d) => d.code)).toEqual(['operand-count']);
  });
  it('#include of C-only headers inside #ifndef __ASSEMBLER__ is ignored', () => {
    const a = analyzeText('#ifndef __ASSEMBLER__\n#include <stdint.h>\n#endif\n\tbogus\n', 'x.S');
    expect(a.unresolved).toEqual([]);
    expect(diagnose(a)).toHaveLength(1);
  });
  it('upper-case operands from an unfound header are not counted', () => {
    const a = analyzeText('#include <asm/regs.h>\n\tlr SAVE_REGS\n', 'x.S');
    expect(diagnose(a)).toEqual([]);
  });
});

describe('messages', () => {
  it('suggests close mnemonics', () => {
    expect(suggestions('lgrr')).toContain('lgr');
    const [d] = diagnose(analyzeText('\tlarll %r1,x\n'));
    expect(d.message).toMatch(/Unknown instruction 'larll'\. Did you mean 'larl'/);
  });
  it('names the accepted counts and the syntax', () => {
    const [d] = diagnose(analyzeText('\tvl %v1\n'));
    expect(d.message).toBe("'vl' takes 0, 2 or 3 operands (vl V1,D2(X2,B2),M3), found 1.");
    expect(d.range).toEqual({ start: { line: 0, character: 4 }, end: { line: 0, character: 7 } });
  });
});
