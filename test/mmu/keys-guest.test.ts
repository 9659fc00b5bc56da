// The storage-key and EDAT-1 guest (test/guests/dat/keys) run through the Machine API:
// its result table must match what Hercules stored (keys.hercules.json, recorded by
// record-hercules.mjs), record by record. Hercules 3.13 has no access-exception fetch/
// store indication (facility 75), so TEID bits 52-53 are not compared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine } from '../../emulator/machine/machine';

const DIR = join(__dirname, '..', 'guests', 'dat', 'keys');
const RESULTS = 0x80000;
const RECORD = 32;
const FETCH_STORE_BITS = 0xc00n;

interface Rec { id: number; code: number; ilc: number; cc: number; pswoff: number; teid: string; value: string }

const golden = JSON.parse(readFileSync(join(DIR, 'keys.hercules.json'), 'utf8')) as { records: Rec[] };

function runKuli(): { reason: string; message?: string; records: Rec[] } {
  const m = new Machine({ memory: 8 << 20, console: () => undefined });
  m.loadKernel(readFileSync(join(DIR, 'keys.elf')), 'keys.elf');
  const r = m.run(10_000_000);
  const v = new DataView(m.storage.buffer);
  const n = v.getUint32(RESULTS - 8);
  const records: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const a = RESULTS + RECORD * i;
    records.push({
      id: v.getUint32(a), code: v.getUint16(a + 4), ilc: v.getUint16(a + 6), cc: v.getUint32(a + 8), pswoff: v.getInt32(a + 12),
      teid: (v.getBigUint64(a + 16) & ~FETCH_STORE_BITS).toString(16), value: v.getBigUint64(a + 24).toString(16),
    });
  }
  return { reason: r.reason, message: r.message, records };
}

describe('storage keys and EDAT-1 against Hercules', () => {
  const kuli = runKuli();
  it('runs to its final disabled wait', () => {
    expect(kuli.reason, kuli.message).toBe('disabled-wait');
    expect(kuli.records.length).toBe(golden.records.length);
  });
  for (const g of golden.records) {
    it(`record ${g.id}`, () => {
      expect(kuli.records[g.id]).toEqual({ ...g, teid: (BigInt(`0x${g.teid}`) & ~FETCH_STORE_BITS).toString(16) });
    });
  }
});
