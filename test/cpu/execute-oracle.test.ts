// EXECUTE and EXECUTE RELATIVE LONG (OR into byte 1, relative targets, link information,
// exceptions): every case recorded from qemu-s390x replayed on our Cpu.
import { describe, expect, it } from 'vitest';
import { byMnemonic, loadFixture, replay } from './logical-replay';

const { codeAt, cases } = loadFixture('execute-oracle');

describe('execute instructions vs qemu-s390x', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const [mnemonic, group] of byMnemonic(cases)) {
    it(`${mnemonic} (${group.length} cases)`, () => {
      const failures = group.map((c) => ({ name: c.name, diffs: replay(codeAt, c) })).filter((f) => f.diffs.length);
      expect(failures.map((f) => `${f.name}: ${f.diffs.join('; ')}`)).toEqual([]);
    });
  }
});
