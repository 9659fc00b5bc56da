// The mnemonic facts the server derives from the ISA table: operand counts against what
// GNU as accepts (golden from oracle/gen-operand-counts.ts), syntax, aliases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, CPU_LEVELS } from '../../emulator/isa/catalog';
import { lookupMnemonic, mnemonics } from '../../src/language-server/isa-info';

const golden = JSON.parse(readFileSync(join(__dirname, 'fixtures/operand-counts.json'), 'utf8')) as Record<string, number[]>;
const machineGolden = JSON.parse(readFileSync(join(__dirname, 'fixtures/machine-levels.json'), 'utf8')) as Record<string, string>;

describe('operand counts vs GNU as', () => {
  it('covers every mnemonic of the catalog', () => {
    expect(Object.keys(golden).length).toBe(new Set(CATALOG.map((i) => i.mnemonic)).size);
    expect(mnemonics().size).toBe(Object.keys(golden).length);
  });

  it('accepts exactly the operand counts gas accepts, for every mnemonic', () => {
    const wrong: string[] = [];
    for (const [mnemonic, counts] of Object.entries(golden)) {
      const got = [...(lookupMnemonic(mnemonic)?.operandCounts ?? [])].sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(counts)) wrong.push(`${mnemonic}: server [${got}], gas [${counts}]`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('.machine levels vs GNU as', () => {
  const gasLevel = (m: string): number => CPU_LEVELS.indexOf(machineGolden[m] as (typeof CPU_LEVELS)[number]);
  it('never asks for a newer level than gas (no false .machine diagnostics)', () => {
    const tooNew = [...mnemonics().values()].filter((i) => i.minLevel > gasLevel(i.mnemonic))
      .map((i) => `${i.mnemonic}: server ${CPU_LEVELS[i.minLevel]}, gas ${machineGolden[i.mnemonic]}`);
    expect(tooNew).toEqual([]);
  });
  it('agrees with gas except for aliases taken at their base level', () => {
    const older = [...mnemonics().values()].filter((i) => i.minLevel < gasLevel(i.mnemonic));
    // gas takes e.g. vfkedb at z13 (its base vfce's level) but wfmaxb only at z14: the
    // server follows the base for every alias, so a few aliases go unflagged, never wrongly flagged.
    expect(older.every((i) => i.base !== undefined)).toBe(true);
    expect(older.length).toBeLessThanOrEqual(75);
    expect(mnemonics().size - older.length).toBeGreaterThan(2480);
  });
});

describe('mnemonic info', () => {
  const cases: { name: string; mnemonic: string; syntax: string; base?: string; fixed?: string }[] = [
    { name: 'RIL-b', mnemonic: 'larl', syntax: 'larl R1,RI2' },
    { name: 'RX with index', mnemonic: 'l', syntax: 'l R1,D2(X2,B2)' },
    { name: 'SS length', mnemonic: 'mvc', syntax: 'mvc D1(L1,B1),D2(B2)' },
    { name: 'no operands', mnemonic: 'sam64', syntax: 'sam64' },
    { name: 'extended branch', mnemonic: 'jne', syntax: 'jne RI2', base: 'brc', fixed: 'M1=7' },
    { name: 'unconditional return', mnemonic: 'br', syntax: 'br R2', base: 'bcr', fixed: 'M1=15' },
    { name: 'vector alias', mnemonic: 'vzero', syntax: 'vzero V1', base: 'vgbm', fixed: 'I2=0' },
    { name: 'upper case lookup', mnemonic: 'LARL', syntax: 'larl R1,RI2' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const info = lookupMnemonic(c.mnemonic);
      expect(info?.syntax).toBe(c.syntax);
      expect(info?.base?.mnemonic).toBe(c.base);
      if (c.fixed) expect(info?.base?.fixed.map((f) => `${f.field}=${f.value}`).join(',')).toBe(c.fixed);
    });
  }
});
