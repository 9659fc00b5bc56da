// SS character instructions, long moves/compares and string searches against golden
// data recorded on qemu-s390x and Hercules (tools/cpu-oracle/string/cases-string.ts).
import { describe, expect, it } from 'vitest';
import { loadFixture, replay } from './string-oracle';

describe('decimal instructions (oracle)', () => {
  for (const c of loadFixture('decimal')) {
    it(`${c.name} [${c.oracle}]`, () => { expect(replay(c)).toEqual([]); });
  }
});
