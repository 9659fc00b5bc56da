// Hand-written cases where qemu-s390x departs from the Principles of Operation (so they
// cannot come from the oracle) or where the oracle cannot reach (address wrap-around).
import { describe, expect, it } from 'vitest';
import { PGM } from '../../emulator/cpu/interrupts';
import { exec, newCpu, reg } from './harness';

describe('string instructions (PoP, hand-written)', () => {
  it('MVCLU with an odd length is a specification exception (qemu-s390x moves bytes)', () => {
    const { cpu, pgm } = exec('eb240000008e', { r: { 2: 0x1000n, 3: 3n, 4: 0x3000n, 5: 4n }, mem: { 0x3000: '01020304' } });
    expect(pgm).toBe(PGM.SPECIFICATION);
    expect(reg(cpu, 2)).toBe(0x1000n);
    expect(cpu.storage.bytes[0x1000]).toBe(0);
  });
  for (const amode of [64, 31, 24] as const) {
    it(`SRST with an end address below the start wraps around (${amode}-bit; Linux strlen passes 0)`, () => {
      // srst %r1,%r3: R1 = 0 (end), R3 = string start, GR0 = 0 (terminator).
      const { cpu, pgm } = exec('b25e0013', { amode, cc: 3, r: { 0: 0n, 1: 0n, 3: 0x2000n }, mem: { 0x2000: '6b756c6900' } });
      expect(pgm).toBe(0);
      expect(cpu.cc).toBe(1);
      expect(reg(cpu, 1)).toBe(0x2004n);
    });
  }
  it('MVC wraps at the end of the 24-bit address space', () => {
    const { cpu, pgm } = exec('d203c000d000', { amode: 24, r: { 12: 0x12fffffen, 13: 0x100n }, mem: { 0x100: 'a1a2a3a4' } },
      1, newCpu(1 << 24));
    expect(pgm).toBe(0);
    const b = cpu.storage.bytes;
    expect([b[0xfffffe], b[0xffffff], b[0], b[1]]).toEqual([0xa1, 0xa2, 0xa3, 0xa4]);
  });
});

describe('translate instructions (PoP, hand-written)', () => {
  for (const [name, op] of [['troo', 'b993'], ['trot', 'b992'], ['trto', 'b991'], ['trtt', 'b990']]) {
    it(`${name} with zero length completes with CC 0 and changes nothing`, () => {
      const { cpu, pgm } = exec(`${op}0024`, { cc: 3, r: { 1: 0x8000n, 2: 0x3000n, 3: 0n, 4: 0x1000n }, mem: { 0x1000: '0102' } });
      expect(pgm).toBe(0);
      expect(cpu.cc).toBe(0);
      expect([reg(cpu, 2), reg(cpu, 3), reg(cpu, 4)]).toEqual([0x3000n, 0n, 0x1000n]);
      expect(cpu.storage.bytes[0x3000]).toBe(0);
    });
    it(`${name} with an odd R1 is a specification exception`, () => {
      expect(exec(`${op}0034`, { r: { 1: 0x8000n, 3: 0x3000n, 4: 0x1000n } }).pgm).toBe(PGM.SPECIFICATION);
    });
  }
});
