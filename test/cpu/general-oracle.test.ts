// The general-instruction oracle cases (qemu-s390x and Hercules recordings, see
// test/cpu/general-oracle.ts) replayed per domain and instruction; a failure lists its
// cases with every difference.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../emulator/cpu/cpu';
import type { GeneralFixture } from '../../tools/cpu-oracle/general/case';
import { loadGeneral, replayGeneral } from './general-oracle';

const DOMAINS = ['misc', 'access', 'plo', 'trte', 'divint', 'sort'] as const;
const total = { cases: 0, qemu: 0, hercules: 0, mnemonics: new Set<string>() };

function mnemonicOf(c: GeneralFixture): string {
  const bytes = new Uint8Array(6);
  bytes.set(Buffer.from(c.insn, 'hex'));
  return Cpu.decode(bytes).mnemonic;
}

for (const domain of DOMAINS) {
  const byMnemonic = new Map<string, GeneralFixture[]>();
  for (const c of loadGeneral(domain)) {
    const mn = mnemonicOf(c);
    if (!byMnemonic.has(mn)) byMnemonic.set(mn, []);
    byMnemonic.get(mn)!.push(c);
  }
  describe(`general oracle: ${domain}`, () => {
    for (const [mn, cases] of byMnemonic) {
      total.cases += cases.length;
      total.mnemonics.add(mn);
      for (const c of cases) total[c.oracle === 'hercules' ? 'hercules' : 'qemu']++;
      it(`${mn} (${cases.length} cases)`, () => {
        const failures = cases.map((c) => [c.name, replayGeneral(c)] as const).filter(([, d]) => d.length > 0)
          .map(([n, d]) => `${n}: ${d.join('; ')}`);
        expect(failures.slice(0, 8), `${failures.length} of ${cases.length} cases fail`).toEqual([]);
      });
    }
  });
}

describe('general oracle coverage', () => {
  it('covers the recorded instructions', () => {
    console.log(`general oracle: ${total.mnemonics.size} instructions, ${total.cases} cases (${total.qemu} qemu-s390x, ${total.hercules} Hercules)`);
    expect(total.mnemonics.size).toBeGreaterThan(30);
  });
});
