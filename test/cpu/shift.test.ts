// Fixed-point overflow interruption of the arithmetic left shifts, which the qemu-s390x
// oracle does not raise (qemu-user ignores the program mask here): PoP says the result
// and CC 3 are set, then the interruption is taken with the old PSW after the instruction.
import { describe, expect, it } from 'vitest';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { PROGRAM_MASK } from '../../emulator/cpu/state';
import { CODE_AT, exec, reg } from './harness';

const CASES = [
  { name: 'sla', hex: '8b100001', len: 4, r: { 1: 0x4000_0000n }, want: [1, 0n] },
  { name: 'slak', hex: 'eb12000100dd', len: 6, r: { 2: 0x4000_0000n }, want: [1, 0n] },
  { name: 'slag', hex: 'eb120001000b', len: 6, r: { 2: 0x4000_0000_0000_0001n }, want: [1, 2n] },
  { name: 'slda', hex: '8f200001', len: 4, r: { 2: 0x4000_0000n, 3: 0x8000_0000n }, want: [2, 1n] },
  { name: 'sla by 40 of -1', hex: '8b100028', len: 4, r: { 1: 0xffff_ffffn }, want: [1, 0x8000_0000n] },
] as const;

describe('arithmetic shift overflow interruption (PoP, no oracle)', () => {
  for (const c of CASES) {
    it(`${c.name}: result stored, CC 3, fixed-point overflow`, () => {
      const { cpu, pgm } = exec(c.hex, { r: c.r, progMask: PROGRAM_MASK.FIXED_OVERFLOW });
      expect(pgm).toBe(PGM.FIXED_POINT_OVERFLOW);
      expect(reg(cpu, c.want[0]) & (c.name === 'slag' ? -1n : 0xffff_ffffn)).toBe(c.want[1]);
      const w0 = cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW);
      expect((w0 >>> 12) & 3).toBe(3);
      expect(cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12)).toBe(CODE_AT + c.len);
    });
    it(`${c.name}: masked overflow only sets CC 3`, () => {
      const { cpu, pgm } = exec(c.hex, { r: c.r });
      expect(pgm).toBe(0);
      expect(cpu.cc).toBe(3);
    });
  }
});
