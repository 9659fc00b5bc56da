// Golden cases for the BFP convert instructions, recorded under qemu-s390x by
// tools/cpu-oracle/bfp/gen.ts, replayed on the Kuli CPU: one test per mnemonic.
import { describe as group, expect, it } from 'vitest';
import { describe, groupByMnemonic, loadGolden, replay } from './bfp-golden';

group('bfp convert (qemu-s390x golden)', () => {
  for (const [mn, cases] of groupByMnemonic(loadGolden('convert'))) {
    it(`${mn}: ${cases.length} cases`, () => {
      const failures: string[] = [];
      for (const c of cases) {
        const diffs = replay(c);
        if (diffs.length > 0) failures.push(describe(c, diffs));
      }
      expect(failures.slice(0, 8), `${failures.length} of ${cases.length} cases differ`).toEqual([]);
    });
  }
});
