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
  it('MVC wraps at the end of the 24-bit address space', () => {
    const { cpu, pgm } = exec('d203c000d000', { amode: 24, r: { 12: 0x12fffffen, 13: 0x100n }, mem: { 0x100: 'a1a2a3a4' } },
      1, newCpu(1 << 24));
    expect(pgm).toBe(0);
    const b = cpu.storage.bytes;
    expect([b[0xfffffe], b[0xffffff], b[0], b[1]]).toEqual([0xa1, 0xa2, 0xa3, 0xa4]);
  });
});
