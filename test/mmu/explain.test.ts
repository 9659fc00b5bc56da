// explainTranslation (the page-table view's walk) against the MMU on the DAT tests' page
// tables (tables.ts; the same layouts the dat-guests oracle checked on QEMU and Hercules):
// for each case the explained outcome equals what a real LG through the MMU does, each
// recorded entry is the one the tables hold, and explaining changes nothing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../emulator/cpu/cpu';
import { ASCE, explainTranslation, PAGE_ENTRY, REGION_ENTRY, SEGMENT_ENTRY, STOP, TABLE_TYPE, type DatControls } from '../../emulator/mmu/dat';
import { CR0 } from '../../emulator/mmu/keys';
import { CODE, halves, newDatCpu, runCode, setReg, Tables } from './tables';

const T = TABLE_TYPE;
const LG = 'e31020000004'; // lg %r1,0(%r2)
const PGM = { SEG: 0x10, PAGE: 0x11, SPEC: 0x12, ASCE_TYPE: 0x38, RFT: 0x39, RST: 0x3a, RTT: 0x3b };
const NO_EDAT: DatControls = { edat1: false, edat2: false, iep: false };

interface Case {
  name: string;
  type: number;
  v: number;
  /** Real frame mapped at v (omit: leave unmapped). */
  real?: number;
  setup?: (t: Tables, cpu: Cpu) => void;
  ctl?: DatControls;
  code: number;
  /** Entries the walk reads (region tables, segment table, page table). */
  steps: number;
  stop?: number;
  frameSize?: number;
}

const cases: Case[] = [
  { name: 'segment-table ASCE, 4K page', type: T.SEGMENT, v: 0x0012_3000, real: 0x80_0000, code: 0, steps: 2 },
  { name: 'region-third ASCE above 2G', type: T.REGION_THIRD, v: 0x1_2345_6000, real: 0x81_0000, code: 0, steps: 3 },
  { name: 'region-second ASCE above 4T', type: T.REGION_SECOND, v: 2 ** 42 + 0x5000, real: 0x82_3000, code: 0, steps: 4 },
  { name: 'region-first ASCE at 8P', type: T.REGION_FIRST, v: 2 ** 53 + 0x7000, real: 0x83_4000, code: 0, steps: 5 },
  { name: 'ASCE type: segment-table ASCE, address >= 2G', type: T.SEGMENT, v: 0x8000_0000, code: PGM.ASCE_TYPE, steps: 0 },
  { name: 'region-first entry invalid', type: T.REGION_FIRST, v: 2 ** 60, code: PGM.RFT, steps: 1, stop: STOP.INVALID },
  { name: 'region-third entry invalid', type: T.REGION_THIRD, v: 2 ** 33, code: PGM.RTT, steps: 1, stop: STOP.INVALID },
  { name: 'segment entry invalid', type: T.SEGMENT, v: 0x0700_0000, code: PGM.SEG, steps: 1, stop: STOP.INVALID },
  {
    name: 'page entry invalid', type: T.SEGMENT, v: 0x0012_3000, real: 0x80_0000, code: PGM.PAGE, steps: 2, stop: STOP.INVALID,
    setup: (t) => { t.patch(t.pteAddress(0x0012_3000), PAGE_ENTRY.INVALID); },
  },
  {
    name: 'segment length: region-third entry TL 0, SX quarter 1', type: T.REGION_THIRD, v: 0x2000_0000, real: 0x80_0000, code: PGM.SEG, steps: 2, stop: STOP.LENGTH,
    setup: (t) => { t.patch(t.entryAddress(0x2000_0000, T.REGION_THIRD), 0, REGION_ENTRY.TL); },
  },
  {
    name: 'translation specification: segment entry with table type 1', type: T.SEGMENT, v: 0x0012_3000, real: 0x80_0000, code: PGM.SPEC, steps: 1,
    setup: (t) => { t.patch(t.entryAddress(0x0012_3000, T.SEGMENT), 0x4); },
  },
  {
    name: 'EDAT-1 1M segment frame', type: T.SEGMENT, v: 0x0034_5000, code: 0, steps: 1, frameSize: 0x10_0000,
    ctl: { edat1: true, edat2: false, iep: false },
    setup: (t, cpu) => { t.map1m(0x0030_0000, 0x90_0000); cpu.cr[1] |= CR0.EDAT; },
  },
  {
    name: 'EDAT-2 2G region-third frame', type: T.REGION_THIRD, v: 6 * 2 ** 30 + 0x50_0000, code: 0, steps: 1, frameSize: 0x8000_0000,
    ctl: { edat1: true, edat2: true, iep: false },
    setup: (t, cpu) => { cpu.mmu.installed.edat2 = true; cpu.cr[1] |= CR0.EDAT; t.map2g(6 * 2 ** 30, 0); },
  },
  {
    name: 'page protection is reported', type: T.SEGMENT, v: 0x0012_3000, code: 0, steps: 2,
    setup: (t) => { t.map(0x0012_3000, 0x80_0000, { protect: true }); },
  },
];

function digest(cpu: Cpu): string {
  return createHash('sha1').update(cpu.storage.bytes).digest('hex');
}

describe('explainTranslation agrees with the MMU', () => {
  for (const c of cases) {
    it(c.name, () => {
      const cpu = newDatCpu();
      const t = new Tables(cpu, c.type).map(CODE, CODE).load(1);
      if (c.real !== undefined) t.map(c.v, c.real);
      c.setup?.(t, cpu);
      const [hi, lo] = halves(c.v + 0x18);
      const before = digest(cpu);
      const x = explainTranslation(cpu.mem, cpu.storage.size, cpu.cr[2], cpu.cr[3], hi, lo, c.ctl ?? NO_EDAT);
      expect(digest(cpu)).toBe(before);

      // The same address through the MMU (a real LG): same exception, or the same bytes.
      cpu.mem.setBigUint64(x.code === 0 ? x.real : 0x7f_0000, 0x0102_0304_0506_0708n);
      setReg(cpu, 2, c.v + 0x18);
      const r = runCode(cpu, LG);
      expect(x.code).toBe(c.code);
      expect(r.pgm).toBe(c.code);
      if (c.code === 0) expect(cpu.rHi(1) === 0x0102_0304 && cpu.r32(1) === 0x0506_0708).toBe(true);
      if (c.real !== undefined && c.code === 0) expect(x.real).toBe(c.real + 0x18);
      expect(x.frameSize).toBe(c.frameSize ?? 4096);
      if (c.name.includes('protection')) expect(x.protect).toBe(true);

      expect(x.steps.length).toBe(c.steps);
      if (c.stop !== undefined) expect(x.stop).toBe(c.stop);
      // Each entry read is the one of its table level for this address, with its raw bits.
      x.steps.forEach((s, i) => {
        expect(s.tableType).toBe(i < c.type - T.SEGMENT + 1 ? c.type - i : -1);
        if (s.hi !== undefined && s.lo !== undefined) {
          expect([s.hi, s.lo]).toEqual(t.read(s.entryAddress));
        }
      });
      const first = x.steps[0];
      if (first !== undefined) {
        const origin = cpu.cr[2] * 2 ** 32 + ((cpu.cr[3] & ASCE.ORIGIN) >>> 0);
        expect(first.entryAddress).toBe(origin + first.index * 8);
      }
      const last = x.steps[x.steps.length - 1];
      if (c.code === 0 && last?.tableType === -1) expect(last.entryAddress).toBe(t.pteAddress(c.v));
      if (c.code === 0 && last?.tableType === T.SEGMENT) expect((last.lo ?? 0) & SEGMENT_ENTRY.FORMAT).not.toBe(0);
    });
  }

  it('a real-space ASCE has no entries and translates 1:1', () => {
    const cpu = newDatCpu();
    const x = explainTranslation(cpu.mem, cpu.storage.size, 0, ASCE.REAL_SPACE, 0, 0x50_0008, NO_EDAT);
    expect(x).toMatchObject({ code: 0, real: 0x50_0008, steps: [] });
  });
});
