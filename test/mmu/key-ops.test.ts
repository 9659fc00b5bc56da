// Storage-key instructions (emulator/cpu/dat-key-ops.ts): ISKE, SSKE (single and
// multiple block), RRBE, RRBM, IVSK, PFMF, and their effect on protection and recording.
import { describe, expect, it } from 'vitest';
import { TABLE_TYPE } from '../../emulator/mmu/dat';
import { keysOf } from '../../emulator/mmu/keys';
import { CODE, newDatCpu, reg, runCode, setReg, Tables } from './tables';

const HEX = {
  iske: 'b2290012', // iske %r1,%r2
  sske: 'b22b0012', // sske %r1,%r2
  sskeMb: 'b22b1012', // sske %r1,%r2,1
  rrbe: 'b22a0012', // rrbe %r1,%r2
  rrbm: 'b9ae0012', // rrbm %r1,%r2
  ivsk: 'b2230012', // ivsk %r1,%r2
  pfmf: 'b9af0012', // pfmf %r1,%r2
  stg: 'e31030000024', // stg %r1,0(%r3)
  lg: 'e31030000004', // lg %r1,0(%r3)
};
const PGM = { OPER: 0x01, PRIV: 0x02, PROT: 0x04, ADDR: 0x05, SPEC: 0x06, SPECIAL: 0x13 };
const F = 0x50_0000;

describe('ISKE, SSKE, RRBE', () => {
  it('SSKE sets the key (bit 63 ignored), ISKE reads it into bits 56-63', () => {
    const cpu = newDatCpu();
    setReg(cpu, 1, 0xffff_ffff_ffff_ff5fn);
    setReg(cpu, 2, F + 0x123);
    expect(runCode(cpu, HEX.sske, { dat: false }).pgm).toBe(0);
    expect(keysOf(cpu)[F >>> 12]).toBe(0x5e);
    setReg(cpu, 1, 0xaaaa_aaaa_aaaa_aaaan);
    expect(runCode(cpu, HEX.iske, { dat: false }).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(0xaaaa_aaaa_aaaa_aa5en);
  });

  it('the key applies at once: key-controlled protection after SSKE, change bit after a store', () => {
    const cpu = newDatCpu();
    setReg(cpu, 3, F);
    expect(runCode(cpu, HEX.stg, { dat: false, key: 3 }).pgm).toBe(PGM.PROT);
    setReg(cpu, 1, 0x30);
    setReg(cpu, 2, F);
    runCode(cpu, HEX.sske, { dat: false });
    expect(runCode(cpu, HEX.stg, { dat: false, key: 3 }).pgm).toBe(0);
    expect(keysOf(cpu)[F >>> 12]).toBe(0x30 | 0x04 | 0x02);
  });

  it('RRBE: cc from R and C, the reference bit reset and recorded again on the next access', () => {
    const cpu = newDatCpu();
    const keys = keysOf(cpu);
    setReg(cpu, 2, F);
    for (const [k, cc] of [[0x00, 0], [0x02, 1], [0x04, 2], [0x06, 3]]) {
      keys[F >>> 12] = 0x30 | k;
      expect(runCode(cpu, HEX.rrbe, { dat: false }).pgm).toBe(0);
      expect(cpu.cc).toBe(cc);
      expect(keys[F >>> 12]).toBe(0x30 | (k & 0x02));
    }
    setReg(cpu, 3, F);
    runCode(cpu, HEX.lg, { dat: false });
    expect(keys[F >>> 12] & 0x04).toBe(0x04);
  });

  it('real addresses are prefixed; outside storage is an addressing exception; privileged', () => {
    const cpu = newDatCpu();
    cpu.prefix = 0x40_0000;
    setReg(cpu, 1, 0x70);
    setReg(cpu, 2, 0x10);
    runCode(cpu, HEX.sske, { dat: false });
    expect(keysOf(cpu)[0x400]).toBe(0x70);
    cpu.prefix = 0;
    setReg(cpu, 2, 0x100_0000);
    expect(runCode(cpu, HEX.iske, { dat: false }).pgm).toBe(PGM.ADDR);
    expect(runCode(cpu, HEX.iske, { dat: false, problem: true }).pgm).toBe(PGM.PRIV);
  });

  it('SSKE multiple-block: to the next 1M boundary, R2 advanced to it', () => {
    const cpu = newDatCpu();
    setReg(cpu, 1, 0x20);
    setReg(cpu, 2, F + 0xf_d123);
    expect(runCode(cpu, HEX.sskeMb, { dat: false }).pgm).toBe(0);
    const keys = keysOf(cpu);
    expect([keys[0x5fc], keys[0x5fd], keys[0x5fe], keys[0x5ff], keys[0x600]]).toEqual([0, 0x20, 0x20, 0x20, 0]);
    expect(reg(cpu, 2)).toBe(BigInt(F + 0x10_0000));
  });
});

describe('RRBM', () => {
  it('gathers and resets the reference bits of a 256K block', () => {
    const cpu = newDatCpu();
    const keys = keysOf(cpu);
    const base = 0x4_0000;
    for (const i of [0, 5, 31, 32, 63]) keys[(base >>> 12) + i] = 0x04 | 0x02;
    setReg(cpu, 2, base + 0x1_2345);
    expect(runCode(cpu, HEX.rrbm, { dat: false }).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe((1n << 63n) | (1n << 58n) | (1n << 32n) | (1n << 31n) | 1n);
    expect(keys[base >>> 12]).toBe(0x02);
    expect(cpu.cc).toBe(0);
  });
});

describe('IVSK', () => {
  it('the ACC and F bits of the frame behind a logical address', () => {
    const cpu = newDatCpu();
    new Tables(cpu, TABLE_TYPE.SEGMENT).map(CODE, CODE).map(0x0012_3000, F).load(1);
    keysOf(cpu)[F >>> 12] = 0x9e;
    setReg(cpu, 1, -1n);
    setReg(cpu, 2, 0x0012_3456);
    expect(runCode(cpu, HEX.ivsk).pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(0xffff_ffff_ffff_ff98n);
    setReg(cpu, 2, 0x0050_0000);
    expect(runCode(cpu, HEX.ivsk).pgm).toBe(0x10);
    expect(runCode(cpu, HEX.ivsk, { dat: false }).pgm).toBe(PGM.SPECIAL);
  });
});

describe('PFMF', () => {
  it('4K: sets the key and clears the frame (real address)', () => {
    const cpu = newDatCpu();
    cpu.storage.bytes.fill(0xee, F, F + 0x2000);
    setReg(cpu, 1, 0x3_0000 | 0x40);
    setReg(cpu, 2, F + 0x10);
    expect(runCode(cpu, HEX.pfmf, { dat: false }).pgm).toBe(0);
    expect(keysOf(cpu)[F >>> 12]).toBe(0x40);
    expect(cpu.storage.bytes[F]).toBe(0);
    expect(cpu.storage.bytes[F + 0xfff]).toBe(0);
    expect(cpu.storage.bytes[F + 0x1000]).toBe(0xee);
    expect(reg(cpu, 2)).toBe(BigInt(F + 0x10));
  });

  it('1M: every frame to the boundary, R2 advanced', () => {
    const cpu = newDatCpu();
    setReg(cpu, 1, 0x2_0000 | 0x1000 | 0x70);
    setReg(cpu, 2, F + 0xf_e000);
    expect(runCode(cpu, HEX.pfmf, { dat: false }).pgm).toBe(0);
    const keys = keysOf(cpu);
    expect([keys[0x5fd], keys[0x5fe], keys[0x5ff], keys[0x600]]).toEqual([0, 0x70, 0x70, 0]);
    expect(reg(cpu, 2)).toBe(BigInt(F + 0x10_0000));
  });

  it('reserved bits and frame-size codes are specification exceptions', () => {
    const cpu = newDatCpu();
    for (const ctl of [0x10_0000, 0x4_0000, 0x100, 0x1, 0x3000]) {
      setReg(cpu, 1, ctl);
      setReg(cpu, 2, F);
      expect(runCode(cpu, HEX.pfmf, { dat: false }).pgm, ctl.toString(16)).toBe(PGM.SPEC);
    }
  });

  it('is an operation exception without EDAT-1', () => {
    const cpu = newDatCpu();
    cpu.mmu.installed.edat1 = false;
    expect(runCode(cpu, HEX.pfmf, { dat: false }).pgm).toBe(PGM.OPER);
  });
});
