// The disassembler against golden objdump output (test/isa/fixtures, recorded by
// tools/isa-oracle/gen-corpus.ts): every catalog entry with several operand fillings, and
// random byte strings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../emulator/isa/catalog';
import { disassembleOne } from '../../emulator/isa/disassembler';

const corpus = readFileSync(join(__dirname, 'fixtures/objdump-corpus.txt'), 'utf8').trim().split('\n').map((line) => {
  const [address, hex, ...text] = line.split('\t');
  return { address: BigInt('0x' + address), hex, expected: text.join('\t') };
});

function render(hex: string, address: bigint): string {
  const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  const padded = new Uint8Array(16).fill(0x07);
  padded.set(bytes);
  const r = disassembleOne(padded, 0, address, (t) => '0x' + t.toString(16));
  return r.operands ? `${r.mnemonic}\t${r.operands}` : r.mnemonic;
}

describe('disassembler vs objdump corpus', () => {
  it('has a corpus covering every catalog entry', () => {
    expect(corpus.length).toBeGreaterThan(CATALOG.length * 5);
  });

  it('prints every corpus case exactly as objdump', () => {
    const mismatches: string[] = [];
    for (const c of corpus) {
      const got = render(c.hex, c.address);
      if (got !== c.expected) mismatches.push(`${c.hex}: got "${got}", objdump "${c.expected}"`);
    }
    expect(mismatches.slice(0, 30), `${mismatches.length} of ${corpus.length} differ`).toEqual([]);
  });

  it('names every mnemonic of the table at least once in the corpus', () => {
    const seen = new Set(corpus.map((c) => c.expected.split('\t')[0]));
    const unseen = CATALOG.filter((i) => !seen.has(i.mnemonic)).map((i) => i.mnemonic);
    // Aliases that share bytes with a preferred spelling are never printed by objdump.
    expect(unseen.length).toBeLessThan(CATALOG.length / 4);
  });
});
