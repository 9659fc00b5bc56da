// DAT control instructions (emulator/cpu/dat-ops.ts): IPTE, IDTE, CSP/CSPG, PTLB,
// LRA/LRAY/LRAG, TPROT, LURA/LURAG/STURA/STURG, checked on tables built in storage.
import { describe, expect, it } from 'vitest';
import { ASCE, PAGE_ENTRY, SEGMENT_ENTRY, TABLE_TYPE } from '../../emulator/mmu/dat';
import { CR0, keysOf } from '../../emulator/mmu/keys';
import { Cpu } from '../../emulator/cpu/cpu';
import { CODE, newDatCpu, reg, runCode, setReg, Tables } from './tables';

const T = TABLE_TYPE;
const LG = 'e31020000004'; // lg %r1,0(%r2)
const HEX = {
  ipte: 'b2210045', // ipte %r4,%r5
  idte: 'b98e6045', // idte %r4,%r6,%r5
  csp: 'b2500024', // csp %r2,%r4
  cspOdd: 'b2500034', // csp %r3,%r4
  cspg: 'b98a0024', // cspg %r2,%r4
  ptlb: 'b20d0000',
  lra: 'b1102000', // lra %r1,0(%r2)
  lray: 'e31020000013', // lray %r1,0(%r2)
  lrag: 'e31020000003', // lrag %r1,0(%r2)
  tprot: 'e50120003000', // tprot 0(%r2),0(%r3)
  lura: 'b24b0012', // lura %r1,%r2
  lurag: 'b9050012',
  stura: 'b2460012',
  sturg: 'b9250012',
};
const V = 0x0012_3000;
const PGM = { PRIV: 0x02, PROT: 0x04, SPEC: 0x06, SEG: 0x10, PAGE: 0x11 };

/** Primary space with code mapped and V → 0x80_0000 (value 1); 0x81_0000 holds 2. */
function env(type: number = T.SEGMENT) {
  const cpu = newDatCpu();
  const t = new Tables(cpu, type).map(CODE, CODE).map(V, 0x80_0000).load(1);
  cpu.mem.setBigUint64(0x80_0000, 1n);
  cpu.mem.setBigUint64(0x81_0000, 2n);
  return { cpu, t };
}

function loadV(cpu: ReturnType<typeof env>['cpu']): bigint | number {
  setReg(cpu, 2, V);
  const r = runCode(cpu, LG);
  return r.pgm !== 0 ? r.pgm : reg(cpu, 1);
}

describe('IPTE, IDTE, CSP, PTLB', () => {
  it('IPTE invalidates the entry and clears the TLB entry', () => {
    const { cpu, t } = env();
    expect(loadV(cpu)).toBe(1n);
    const pte = t.pteAddress(V);
    setReg(cpu, 4, pte);
    setReg(cpu, 5, V);
    expect(runCode(cpu, HEX.ipte).pgm).toBe(0);
    expect(t.read(pte)[1] & PAGE_ENTRY.INVALID).toBe(PAGE_ENTRY.INVALID);
    expect(loadV(cpu)).toBe(PGM.PAGE);
  });

  it('IDTE invalidates segment-table entries (count in R2 bits 53-63)', () => {
    const { cpu, t } = env();
    t.map(V + 0x10_0000, 0x81_0000);
    expect(loadV(cpu)).toBe(1n);
    setReg(cpu, 4, (cpu.cr[3] & ~ASCE.TL) >>> 0);
    setReg(cpu, 5, (V & ~0xf_ffff) | 1);
    expect(runCode(cpu, HEX.idte).pgm).toBe(0);
    expect(t.read(t.entryAddress(V, T.SEGMENT))[1] & SEGMENT_ENTRY.INVALID).toBe(SEGMENT_ENTRY.INVALID);
    expect(t.read(t.entryAddress(V + 0x10_0000, T.SEGMENT))[1] & SEGMENT_ENTRY.INVALID).toBe(SEGMENT_ENTRY.INVALID);
    expect(t.read(t.entryAddress(V + 0x20_0000, T.SEGMENT))[1] & SEGMENT_ENTRY.INVALID).toBe(SEGMENT_ENTRY.INVALID);
    expect(loadV(cpu)).toBe(PGM.SEG);
  });

  it('IDTE clearing by ASCE only purges; reserved R2 bits 44-51 are a specification exception', () => {
    const { cpu, t } = env();
    expect(loadV(cpu)).toBe(1n);
    t.map(V, 0x81_0000);
    setReg(cpu, 5, 0x800);
    setReg(cpu, 6, (BigInt(cpu.cr[2]) << 32n) | BigInt(cpu.cr[3]));
    expect(runCode(cpu, HEX.idte).pgm).toBe(0);
    expect(loadV(cpu)).toBe(2n);
    setReg(cpu, 5, 0x1800);
    expect(runCode(cpu, HEX.idte).pgm).toBe(PGM.SPEC);
  });

  const cspCases = [
    { name: 'CSP equal with purge bit: stores, cc 0, TLB cleared', hex: HEX.csp, old: 0x1234n, mem: 0x1234n, purge: true, cc: 0, after: 0x5678n, fresh: true },
    { name: 'CSP equal without purge bit: TLB kept', hex: HEX.csp, old: 0x1234n, mem: 0x1234n, purge: false, cc: 0, after: 0x5678n, fresh: false },
    { name: 'CSP unequal: cc 1, R1 loaded, no purge', hex: HEX.csp, old: 0x1111n, mem: 0x1234n, purge: true, cc: 1, after: 0x1234n, fresh: false },
    { name: 'CSPG equal', hex: HEX.cspg, old: 0x1_0000_1234n, mem: 0x1_0000_1234n, purge: true, cc: 0, after: 0x5678n, fresh: true },
  ];
  for (const c of cspCases) {
    it(c.name, () => {
      const { cpu, t } = env();
      expect(loadV(cpu)).toBe(1n);
      t.map(V, 0x81_0000);
      const word = 0x70_0000;
      const wide = c.hex === HEX.cspg;
      if (wide) cpu.mem.setBigUint64(word, c.mem);
      else cpu.mem.setUint32(word, Number(c.mem));
      t.map(0x0070_0000, word);
      setReg(cpu, 2, c.old);
      setReg(cpu, 3, 0x5678n);
      setReg(cpu, 4, 0x0070_0000 + (c.purge ? 1 : 0));
      const r = runCode(cpu, c.hex);
      expect(r.pgm).toBe(0);
      expect(cpu.cc).toBe(c.cc);
      expect(wide ? cpu.mem.getBigUint64(word) : BigInt(cpu.mem.getUint32(word))).toBe(c.cc === 0 ? 0x5678n : c.mem);
      if (c.cc === 1) expect(reg(cpu, 2) & 0xffff_ffffn).toBe(c.after);
      expect(loadV(cpu)).toBe(c.fresh ? 2n : 1n);
    });
  }

  it('IPTE and CSP clear the TLBs of every CPU on the same storage; PTLB only its own', () => {
    const { cpu, t } = env();
    const other = new Cpu(cpu.storage, 1);
    other.cr.set(cpu.cr);
    expect(loadV(cpu)).toBe(1n);
    expect(loadV(other)).toBe(1n);
    t.map(V, 0x81_0000);
    runCode(cpu, HEX.ptlb);
    expect(loadV(cpu)).toBe(2n);
    expect(loadV(other)).toBe(1n);
    // CSP on the first word of V (0 = 0, stores 0) with the purge bit.
    setReg(cpu, 2, 0);
    setReg(cpu, 3, 0);
    setReg(cpu, 4, V + 1);
    runCode(cpu, HEX.csp);
    expect(cpu.cc).toBe(0);
    expect(loadV(other)).toBe(2n);
    setReg(cpu, 4, t.pteAddress(V));
    setReg(cpu, 5, V);
    runCode(cpu, HEX.ipte);
    expect(loadV(other)).toBe(PGM.PAGE);
  });

  it('CSP with an odd R1 is a specification exception', () => {
    const { cpu } = env();
    expect(runCode(cpu, HEX.cspOdd).pgm).toBe(PGM.SPEC);
  });

  it('PTLB purges this CPU\'s TLB; privileged', () => {
    const { cpu, t } = env();
    expect(loadV(cpu)).toBe(1n);
    t.map(V, 0x81_0000);
    expect(runCode(cpu, HEX.ptlb).pgm).toBe(0);
    expect(loadV(cpu)).toBe(2n);
    expect(runCode(cpu, HEX.ptlb, { problem: true }).pgm).toBe(PGM.PRIV);
  });
});

describe('LRA, LRAY, LRAG', () => {
  const cases: { name: string; hex: string; addr: number; setup?: (e: ReturnType<typeof env>) => void; cc: number; r1: (e: ReturnType<typeof env>) => bigint; dat?: boolean }[] = [
    { name: 'LRAG: translation available', hex: HEX.lrag, addr: V + 0x123, cc: 0, r1: () => 0x80_0123n },
    { name: 'LRA: with DAT off, still translated', hex: HEX.lra, addr: V + 0x10, cc: 0, r1: () => 0x80_0010n, dat: false },
    { name: 'LRAY: segment-table entry invalid → cc 1, its address', hex: HEX.lray, addr: 0x0050_0000, cc: 1, r1: ({ t }) => BigInt(t.entryAddress(0x0050_0000, T.SEGMENT)) },
    {
      name: 'LRAG: page-table entry invalid → cc 2, its address', hex: HEX.lrag, addr: V, cc: 2,
      setup: ({ t }) => { t.patch(t.pteAddress(V), PAGE_ENTRY.INVALID); }, r1: ({ t }) => BigInt(t.pteAddress(V)),
    },
    {
      name: 'LRAG: segment-table length → cc 3, the entry address', hex: HEX.lrag, addr: 0x4000_0000, cc: 3,
      setup: ({ cpu }) => { cpu.cr[3] &= ~ASCE.TL; }, r1: ({ cpu }) => BigInt((cpu.cr[3] & ASCE.ORIGIN) + 0x400 * 8),
    },
    { name: 'LRAG: ASCE-type exception → cc 3, code in R1', hex: HEX.lrag, addr: 0x8000_0000, cc: 3, r1: () => 0x8000_0038n },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = env();
      c.setup?.(e);
      setReg(e.cpu, 1, 0);
      setReg(e.cpu, 2, c.addr);
      expect(runCode(e.cpu, c.hex, { dat: c.dat }).pgm).toBe(0);
      expect(e.cpu.cc).toBe(c.cc);
      expect(reg(e.cpu, 1)).toBe(c.r1(e));
    });
  }

  it('region-table entry invalid → cc 3 with the region code', () => {
    const { cpu } = env(T.REGION_THIRD);
    setReg(cpu, 2, 2 ** 33);
    runCode(cpu, HEX.lrag);
    expect(cpu.cc).toBe(3);
    expect(reg(cpu, 1) & 0xffff_ffffn).toBe(0x8000_003bn);
  });

  it('is privileged', () => {
    const { cpu } = env();
    expect(runCode(cpu, HEX.lra, { problem: true }).pgm).toBe(PGM.PRIV);
  });
});

describe('TPROT', () => {
  const F = 0x60_0000;
  const cases: { name: string; acc: number; fp: boolean; key: number; cc: number }[] = [
    { name: 'key 0', acc: 3, fp: true, key: 0, cc: 0 },
    { name: 'matching key', acc: 3, fp: true, key: 3, cc: 0 },
    { name: 'other key, not fetch-protected', acc: 3, fp: false, key: 4, cc: 1 },
    { name: 'other key, fetch-protected', acc: 3, fp: true, key: 4, cc: 2 },
  ];
  for (const c of cases) {
    it(`DAT off: ${c.name} → cc ${c.cc}`, () => {
      const cpu = newDatCpu();
      keysOf(cpu)[F >>> 12] = (c.acc << 4) | (c.fp ? 8 : 0);
      setReg(cpu, 2, F + 8);
      setReg(cpu, 3, c.key << 4);
      expect(runCode(cpu, HEX.tprot, { dat: false }).pgm).toBe(0);
      expect(cpu.cc).toBe(c.cc);
    });
  }

  it('DAT on: protected page cc 1, invalid page cc 3, low address under LAP cc 1', () => {
    const { cpu, t } = env();
    setReg(cpu, 3, 0);
    setReg(cpu, 2, V);
    runCode(cpu, HEX.tprot);
    expect(cpu.cc).toBe(0);
    t.map(V, 0x80_0000, { protect: true });
    cpu.mmu.tlb.purgeAll();
    runCode(cpu, HEX.tprot);
    expect(cpu.cc).toBe(1);
    setReg(cpu, 2, 0x0050_0000);
    runCode(cpu, HEX.tprot);
    expect(cpu.cc).toBe(3);
    t.map(0, 0x90_0000);
    cpu.cr[1] |= CR0.LOW_ADDRESS_PROTECTION;
    setReg(cpu, 2, 0x10);
    runCode(cpu, HEX.tprot);
    expect(cpu.cc).toBe(1);
  });
});

describe('LURA, LURAG, STURA, STURG', () => {
  it('store and load real words and doublewords, with prefixing', () => {
    const { cpu } = env();
    cpu.prefix = 0x40_0000 - 0x2000 * 8;
    setReg(cpu, 1, 0xaabb_ccdd_1122_3344n);
    setReg(cpu, 2, 0x7_0000);
    expect(runCode(cpu, HEX.sturg).pgm).toBe(0);
    expect(cpu.mem.getBigUint64(0x7_0000)).toBe(0xaabb_ccdd_1122_3344n);
    setReg(cpu, 2, 0x100);
    expect(runCode(cpu, HEX.stura).pgm).toBe(0);
    expect(cpu.mem.getUint32(cpu.prefix + 0x100)).toBe(0x1122_3344);
    setReg(cpu, 1, 0);
    expect(runCode(cpu, HEX.lura).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(0x1122_3344n);
    setReg(cpu, 2, 0x7_0000);
    expect(runCode(cpu, HEX.lurag).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(0xaabb_ccdd_1122_3344n);
  });

  it('unaligned operands are a specification exception; key protection applies', () => {
    const { cpu } = env();
    setReg(cpu, 2, 0x7_0002);
    expect(runCode(cpu, HEX.lura).pgm).toBe(PGM.SPEC);
    keysOf(cpu)[0x70] = 0x30;
    setReg(cpu, 2, 0x7_0000);
    expect(runCode(cpu, HEX.stura, { key: 2 }).pgm).toBe(PGM.PROT);
  });
});
