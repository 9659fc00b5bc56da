// DAT walks through real instructions: translations for every ASCE type, each
// translation exception with its code, TEID and old PSW, EDAT-1/2 frames, DAT and
// instruction-execution protection (PoP "Dynamic Address Translation").
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../emulator/cpu/cpu';
import { ASCE, PAGE_ENTRY, REGION_ENTRY, SEGMENT_ENTRY, TABLE_TYPE } from '../../emulator/mmu/dat';
import { CR0 } from '../../emulator/mmu/keys';
import { CODE, MB, newDatCpu, reg, runCode, setReg, Tables } from './tables';

const LG = 'e31020000004'; // lg %r1,0(%r2)
const STG = 'e31020000024'; // stg %r1,0(%r2)
const BR = '07f2'; // br %r2
const T = TABLE_TYPE;
const PGM = { SEG: 0x10, PAGE: 0x11, SPEC: 0x12, ASCE_TYPE: 0x38, RFT: 0x39, RST: 0x3a, RTT: 0x3b, PROT: 0x04, ADDR: 0x05 };
const TEID_FETCH = 0x800n;
const TEID_STORE = 0x400n;

interface Env {
  cpu: Cpu;
  t: Tables;
}

/** An address space of `type` loaded in CR1 with the code page mapped 1:1. */
function space(type: number, extraAsce = 0): Env {
  const cpu = newDatCpu();
  const t = new Tables(cpu, type, extraAsce).map(CODE, CODE).load(1);
  return { cpu, t };
}

function pageOf(v: number): bigint {
  return BigInt(v) & ~0xfffn;
}

function poke64(cpu: Cpu, at: number, v: bigint): void {
  cpu.mem.setBigUint64(at, v);
}

describe('successful translations', () => {
  const cases: { name: string; type: number; v: number; real: number }[] = [
    { name: 'segment-table ASCE', type: T.SEGMENT, v: 0x0012_3000, real: 0x80_0000 },
    { name: 'region-third ASCE (address above 2G)', type: T.REGION_THIRD, v: 0x1_2345_6000, real: 0x81_0000 },
    { name: 'region-second ASCE (address above 4T)', type: T.REGION_SECOND, v: 2 ** 42 + 0x5000, real: 0x82_3000 },
    { name: 'region-first ASCE (address at 8P)', type: T.REGION_FIRST, v: 2 ** 53 + 0x7000, real: 0x83_4000 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cpu, t } = space(c.type);
      t.map(c.v, c.real);
      poke64(cpu, c.real + 0x128, 0x1122_3344_5566_7788n);
      setReg(cpu, 2, c.v + 0x128);
      expect(runCode(cpu, LG).pgm).toBe(0);
      expect(reg(cpu, 1)).toBe(0x1122_3344_5566_7788n);
    });
  }

  it('a real-space ASCE translates 1:1', () => {
    const cpu = newDatCpu();
    cpu.cr[3] = ASCE.REAL_SPACE;
    poke64(cpu, 0x50_0008, 42n);
    setReg(cpu, 2, 0x50_0008);
    expect(runCode(cpu, LG).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(42n);
  });

  it('home space in home mode, secondary space for operands in secondary mode', () => {
    const cpu = newDatCpu();
    const prim = new Tables(cpu, T.SEGMENT).map(CODE, CODE).map(0x60_0000, 0x90_0000).load(1);
    const sec = new Tables(cpu, T.SEGMENT, 0, prim.end).map(0x60_0000, 0x91_0000).load(7);
    new Tables(cpu, T.SEGMENT, 0, sec.end).map(CODE, CODE).map(0x60_0000, 0x92_0000).load(13);
    poke64(cpu, 0x90_0000, 1n);
    poke64(cpu, 0x91_0000, 2n);
    poke64(cpu, 0x92_0000, 3n);
    setReg(cpu, 2, 0x60_0000);
    for (const [as, want] of [[0, 1n], [2, 2n], [3, 3n], [1, 1n]] as const) {
      expect(runCode(cpu, LG, { as }).pgm, `AS ${as}`).toBe(0);
      expect(reg(cpu, 1), `AS ${as}`).toBe(want);
    }
  });
});

interface FaultCase {
  name: string;
  type: number;
  v: number;
  /** Changes to the tables or registers after the mapping of `v`. */
  setup?: (e: Env) => void;
  map?: boolean;
  code: number;
}

describe('translation exceptions: code, TEID, nullified old PSW', () => {
  const cases: FaultCase[] = [
    { name: 'ASCE type: segment-table ASCE, address >= 2G', type: T.SEGMENT, v: 0x8000_0000, map: false, code: PGM.ASCE_TYPE },
    { name: 'ASCE type: region-third ASCE, address >= 4T', type: T.REGION_THIRD, v: 2 ** 42, map: false, code: PGM.ASCE_TYPE },
    { name: 'ASCE type: region-second ASCE, address >= 8P', type: T.REGION_SECOND, v: 2 ** 53, map: false, code: PGM.ASCE_TYPE },
    {
      name: 'region-first length: ASCE TL 0, RFX quarter 1', type: T.REGION_FIRST, v: 2 ** 62, map: false, code: PGM.RFT,
      setup: ({ cpu }) => { cpu.cr[3] = (cpu.cr[3] & ~ASCE.TL) >>> 0; },
    },
    { name: 'region-first entry invalid', type: T.REGION_FIRST, v: 2 ** 60, map: false, code: PGM.RFT },
    { name: 'region-second entry invalid', type: T.REGION_SECOND, v: 2 ** 45, map: false, code: PGM.RST },
    { name: 'region-third entry invalid', type: T.REGION_THIRD, v: 2 ** 33, map: false, code: PGM.RTT },
    { name: 'segment entry invalid', type: T.SEGMENT, v: 0x0700_0000, map: false, code: PGM.SEG },
    {
      name: 'page entry invalid', type: T.SEGMENT, v: 0x0012_3000, code: PGM.PAGE,
      setup: ({ t }) => { t.patch(t.pteAddress(0x0012_3000), PAGE_ENTRY.INVALID); },
    },
    {
      name: 'region-second length: region-first entry TL 0, RSX quarter 1', type: T.REGION_FIRST, v: 2 ** 51, code: PGM.RST,
      setup: ({ t }) => { t.patch(t.entryAddress(2 ** 51, T.REGION_FIRST), 0, REGION_ENTRY.TL); },
    },
    {
      name: 'region-second offset: region-first entry TF 1, RSX quarter 0', type: T.REGION_FIRST, v: 2 ** 53 + 2 ** 50, code: PGM.RST,
      setup: ({ t }) => { t.patch(t.entryAddress(2 ** 53 + 2 ** 50, T.REGION_FIRST), 1 << REGION_ENTRY.TF_SHIFT); },
    },
    {
      name: 'region-third offset: region-second entry TF 2', type: T.REGION_SECOND, v: 2 ** 42 + 2 ** 32, code: PGM.RTT,
      setup: ({ t }) => { t.patch(t.entryAddress(2 ** 42 + 2 ** 32, T.REGION_SECOND), 2 << REGION_ENTRY.TF_SHIFT); },
    },
    {
      name: 'segment length: region-third entry TL 0, SX quarter 1', type: T.REGION_THIRD, v: 0x2000_0000, code: PGM.SEG,
      setup: ({ t }) => { t.patch(t.entryAddress(0x2000_0000, T.REGION_THIRD), 0, REGION_ENTRY.TL); },
    },
    {
      name: 'segment length: segment-table ASCE TL 1, SX quarter 2', type: T.SEGMENT, v: 0x4000_0000, map: false, code: PGM.SEG,
      setup: ({ cpu }) => { cpu.cr[3] = ((cpu.cr[3] & ~ASCE.TL) | 1) >>> 0; },
    },
    {
      name: 'translation specification: region-third entry with region-second type', type: T.REGION_THIRD, v: 2 ** 31, code: PGM.SPEC,
      setup: ({ t }) => { t.patch(t.entryAddress(2 ** 31, T.REGION_THIRD), T.REGION_SECOND << 2, 0xc); },
    },
    {
      name: 'translation specification: segment entry with table type 1', type: T.SEGMENT, v: 0x0012_3000, code: PGM.SPEC,
      setup: ({ t }) => { t.patch(t.entryAddress(0x0012_3000, T.SEGMENT), 0x4); },
    },
    {
      name: 'translation specification: page entry bit 52 one', type: T.SEGMENT, v: 0x0012_3000, code: PGM.SPEC,
      setup: ({ t }) => { t.patch(t.pteAddress(0x0012_3000), PAGE_ENTRY.ZERO); },
    },
    {
      name: 'translation specification: common segment in a private space', type: T.SEGMENT, v: 0x0012_3000, code: PGM.SPEC,
      setup: ({ t, cpu }) => { t.patch(t.entryAddress(0x0012_3000, T.SEGMENT), SEGMENT_ENTRY.COMMON); cpu.cr[3] |= ASCE.PRIVATE; },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = space(c.type);
      if (c.map !== false) e.t.map(c.v, 0x80_0000);
      c.setup?.(e);
      setReg(e.cpu, 2, c.v + 0x10);
      const r = runCode(e.cpu, LG);
      expect(r.pgm).toBe(c.code);
      expect(r.ilc).toBe(6);
      // Translation exceptions nullify; translation specification suppresses.
      expect(r.oldPsw).toBe(c.code === PGM.SPEC ? CODE + 6 : CODE);
      expect(r.teid).toBe(pageOf(c.v) | TEID_FETCH);
    });
  }

  it('TEID bits 62-63 name the space and 52-53 the store', () => {
    const cpu = newDatCpu();
    const prim = new Tables(cpu, T.SEGMENT).map(CODE, CODE).load(1);
    new Tables(cpu, T.SEGMENT, 0, prim.end).map(CODE, CODE).load(7).load(13);
    setReg(cpu, 2, 0x0030_0000);
    expect(runCode(cpu, STG, { as: 2 }).teid).toBe(0x0030_0000n | TEID_STORE | 2n);
    expect(runCode(cpu, STG, { as: 3 }).teid).toBe(0x0030_0000n | TEID_STORE | 3n);
  });

  it('an instruction-fetch exception: ILC 2, old PSW at the instruction', () => {
    const { cpu } = space(T.SEGMENT);
    setReg(cpu, 2, 0x0055_0000);
    const r = runCode(cpu, BR, { count: 2 });
    expect(r.pgm).toBe(PGM.SEG);
    expect(r.ilc).toBe(2);
    expect(r.oldPsw).toBe(0x0055_0000);
    expect(r.teid).toBe(0x0055_0000n | TEID_FETCH);
  });

  it('a table entry outside storage is an addressing exception (no TEID stored)', () => {
    const { cpu, t } = space(T.SEGMENT);
    const ste = t.entryAddress(0x0012_3000, T.SEGMENT);
    t.write(ste, 0, 0x7ff0_0000);
    cpu.mem.setBigUint64(0xa8, 0xdeadn);
    setReg(cpu, 2, 0x0012_3000);
    const r = runCode(cpu, LG);
    expect(r.pgm).toBe(PGM.ADDR);
    expect(r.teid).toBe(0xdeadn);
  });
});

describe('DAT protection and instruction-execution protection', () => {
  const V = 0x0012_3000;
  it('page protection: stores suppressed with TEID bit 61, loads allowed', () => {
    const { cpu, t } = space(T.SEGMENT);
    t.map(V, 0x80_0000, { protect: true });
    poke64(cpu, 0x80_0010, 7n);
    setReg(cpu, 2, V + 0x10);
    expect(runCode(cpu, LG).pgm).toBe(0);
    const r = runCode(cpu, STG);
    expect(r).toMatchObject({ pgm: PGM.PROT, ilc: 6, oldPsw: CODE + 6 });
    expect(r.teid).toBe(BigInt(V) | TEID_STORE | 4n);
    expect(cpu.mem.getBigUint64(0x80_0010)).toBe(7n);
  });

  it('segment protection covers the whole segment', () => {
    const { cpu, t } = space(T.SEGMENT);
    t.map(V, 0x80_0000);
    t.patch(t.entryAddress(V, T.SEGMENT), SEGMENT_ENTRY.PROTECT);
    setReg(cpu, 2, V);
    expect(runCode(cpu, STG).pgm).toBe(PGM.PROT);
  });

  it('region protection only with enhanced DAT enabled', () => {
    const { cpu, t } = space(T.REGION_THIRD);
    t.map(V, 0x80_0000);
    t.patch(t.entryAddress(V, T.REGION_THIRD), REGION_ENTRY.PROTECT);
    setReg(cpu, 2, V);
    expect(runCode(cpu, STG).pgm).toBe(0);
    cpu.cr[1] |= CR0.EDAT;
    expect(runCode(cpu, STG).pgm).toBe(PGM.PROT);
  });

  it('instruction-execution protection stops fetches when CR0 enables it', () => {
    const { cpu, t } = space(T.SEGMENT);
    t.map(V, 0x80_0000, { noExec: true });
    cpu.mem.setUint16(0x80_0000, 0x0707);
    setReg(cpu, 2, V);
    expect(runCode(cpu, BR, { count: 2 }).pgm).toBe(0);
    cpu.cr[1] |= CR0.IEP;
    const r = runCode(cpu, BR, { count: 2 });
    expect(r.pgm).toBe(PGM.PROT);
    expect(r.teid).toBe(BigInt(V) | TEID_FETCH | 0x84n);
    // Suppression on instruction fetch: ILC 2 and the old PSW 2 bytes on (QEMU; Linux rewinds it).
    expect(r.ilc).toBe(2);
    expect(r.oldPsw).toBe(V + 2);
    // Operand fetches are not execution.
    expect(runCode(cpu, LG).pgm).toBe(0);
  });
});

describe('enhanced DAT large frames', () => {
  it('EDAT-1: a 1M segment frame, ignored while CR0 bit 40 is off', () => {
    const { cpu, t } = space(T.SEGMENT);
    t.map1m(0x0030_0000, 0x90_0000);
    poke64(cpu, 0x94_5678, 0xabcdn);
    setReg(cpu, 2, 0x0034_5678);
    cpu.cr[1] |= CR0.EDAT;
    expect(runCode(cpu, LG).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(0xabcdn);
    cpu.cr[1] &= ~CR0.EDAT;
    runCode(cpu, LG);
    expect(reg(cpu, 1)).not.toBe(0xabcdn);
  });

  it('EDAT-1: segment-frame protection; the ACCF bits do not replace the storage key', () => {
    const { cpu, t } = space(T.SEGMENT);
    cpu.cr[1] |= CR0.EDAT;
    t.map1m(0x0030_0000, 0x90_0000, SEGMENT_ENTRY.PROTECT);
    setReg(cpu, 2, 0x0030_0100);
    expect(runCode(cpu, STG).pgm).toBe(PGM.PROT);
    // ACC 5 with fetch protection in the entry: the frame's key (0) still decides (Hercules).
    t.map1m(0x0030_0000, 0x90_0000, SEGMENT_ENTRY.ACCF_VALID | (5 << SEGMENT_ENTRY.ACC_SHIFT) | SEGMENT_ENTRY.FETCH);
    cpu.mmu.tlb.purgeAll();
    expect(runCode(cpu, LG, { key: 3 }).pgm).toBe(0);
    expect(runCode(cpu, STG, { key: 5 }).pgm).toBe(PGM.PROT);
    expect(cpu.mmu.translateOnly(0x0030_0100, 1)).toBe(0);
  });

  it('EDAT-2: a 2G region-third frame', () => {
    const { cpu, t } = space(T.REGION_THIRD);
    cpu.mmu.installed.edat2 = true;
    cpu.cr[1] |= CR0.EDAT;
    t.map2g(6 * 2 ** 30, 0);
    poke64(cpu, 0x50_0040, 99n);
    setReg(cpu, 2, 6 * 2 ** 30 + 0x50_0040);
    expect(runCode(cpu, LG).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(99n);
  });

  it('EDAT-2: a common region frame in a private space is a translation-specification exception', () => {
    const { cpu, t } = space(T.REGION_THIRD, ASCE.PRIVATE);
    cpu.mmu.installed.edat2 = true;
    cpu.cr[1] |= CR0.EDAT;
    t.map2g(6 * 2 ** 30, 0, REGION_ENTRY.COMMON);
    setReg(cpu, 2, 6 * 2 ** 30);
    expect(runCode(cpu, LG).pgm).toBe(PGM.SPEC);
  });
});

describe('the TLB', () => {
  it('keeps a translation until purged, and is tagged by the ASCE', () => {
    const { cpu, t } = space(T.SEGMENT);
    const V = 0x0012_3000;
    t.map(V, 0x80_0000);
    poke64(cpu, 0x80_0000, 1n);
    poke64(cpu, 0x81_0000, 2n);
    setReg(cpu, 2, V);
    runCode(cpu, LG);
    expect(reg(cpu, 1)).toBe(1n);
    t.map(V, 0x81_0000);
    runCode(cpu, LG);
    expect(reg(cpu, 1)).toBe(1n);
    cpu.mmu.tlb.purgeAll();
    runCode(cpu, LG);
    expect(reg(cpu, 1)).toBe(2n);
    // A second space: a CR1 change needs no purge.
    const other = new Tables(cpu, T.SEGMENT, 0, t.end).map(CODE, CODE).map(V, 0x80_0000);
    other.load(1);
    runCode(cpu, LG);
    expect(reg(cpu, 1)).toBe(1n);
    t.load(1);
    runCode(cpu, LG);
    expect(reg(cpu, 1)).toBe(2n);
  });

  it('a DAT-off entry does not serve DAT-on accesses', () => {
    const { cpu, t } = space(T.SEGMENT);
    t.map(0x80_0000, 0x90_0000);
    poke64(cpu, 0x80_0000, 1n);
    poke64(cpu, 0x90_0000, 2n);
    setReg(cpu, 2, 0x80_0000);
    runCode(cpu, LG, { dat: false });
    expect(reg(cpu, 1)).toBe(1n);
    runCode(cpu, LG);
    expect(reg(cpu, 1)).toBe(2n);
  });

  it('storage size bounds a 16M guest', () => {
    const { cpu, t } = space(T.SEGMENT);
    t.map(0x0012_3000, 16 * MB);
    setReg(cpu, 2, 0x0012_3000);
    expect(runCode(cpu, LG).pgm).toBe(PGM.ADDR);
  });
});
