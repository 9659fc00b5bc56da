// Storage-operand details beyond the qemu-s390x oracle: an access exception on any byte
// of NC/OC/XC or STCM is recognized before anything is stored (PoP: the operation is
// suppressed or nullified, storage unchanged).
import { describe, expect, it } from 'vitest';
import { PGM } from '../../emulator/cpu/interrupts';
import { exec } from './harness';

const END = 1 << 20; // harness storage size

describe('storage access exceptions leave storage unchanged', () => {
  for (const [name, hex] of [['xc', 'd7ff60007000'], ['oc', 'd6ff60007000'], ['nc', 'd4ff60007000']] as const) {
    it(`${name} crossing the end of storage`, () => {
      const first = END - 0x80;
      const { cpu, pgm } = exec(hex, { r: { 6: BigInt(first), 7: 0x3_0000n }, mem: { [first]: '11223344', 0x3_0000: 'ffffffff' } });
      expect(pgm).toBe(PGM.ADDRESSING);
      expect(Buffer.from(cpu.storage.bytes.subarray(first, first + 4)).toString('hex')).toBe('11223344');
    });
  }
  it('xc with operand 2 beyond storage stores nothing', () => {
    const { cpu, pgm } = exec('d70f70006000', { r: { 6: BigInt(END - 8), 7: 0x3_0000n }, mem: { 0x3_0000: 'aabbccdd' } });
    expect(pgm).toBe(PGM.ADDRESSING);
    expect(Buffer.from(cpu.storage.bytes.subarray(0x3_0000, 0x3_0004)).toString('hex')).toBe('aabbccdd');
  });
  it('stcm crossing the end of storage', () => {
    const { cpu, pgm } = exec('be1f6000', { r: { 1: 0x1122_3344n, 6: BigInt(END - 2) }, mem: { [END - 2]: '0000' } });
    expect(pgm).toBe(PGM.ADDRESSING);
    expect(Buffer.from(cpu.storage.bytes.subarray(END - 2, END)).toString('hex')).toBe('0000');
  });
});
