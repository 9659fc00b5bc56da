// EXECUTE details beyond the qemu-s390x oracle (qemu reports an odd target as an
// operation exception): specification exception for an odd target, ILC of EXECUTE on
// exceptions in the target, a target crossing a page, and no caching of the modified
// instruction.
import { describe, expect, it } from 'vitest';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { CODE_AT, exec, reg } from './harness';

const ilc = (cpu: { mem: DataView }) => cpu.mem.getUint16(LOWCORE.PGM_ILC) >> 1;
const oldAddress = (cpu: { mem: DataView }) => cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12);

describe('EXECUTE (PoP, no oracle)', () => {
  it('odd target address: specification exception, ILC 2, old PSW after EX', () => {
    const { cpu, pgm } = exec('44006001', { r: { 6: 0x3_0000n } });
    expect(pgm).toBe(PGM.SPECIFICATION);
    expect(ilc(cpu)).toBe(2);
    expect(oldAddress(cpu)).toBe(CODE_AT + 4);
  });
  it('EXRL of EX: execute exception with ILC 3', () => {
    const { cpu, pgm } = exec('c60000001000', { mem: { [CODE_AT + 0x2000]: '44000000' } });
    expect(pgm).toBe(PGM.EXECUTE);
    expect(ilc(cpu)).toBe(3);
    expect(oldAddress(cpu)).toBe(CODE_AT + 6);
  });
  it('exception in the target reports EXECUTE\'s ILC', () => {
    const { cpu, pgm } = exec('44006000', { r: { 6: 0x3_0000n, 1: 5n }, mem: { 0x3_0000: 'ec1000058072' } });
    expect(pgm).toBe(PGM.DATA);
    expect(ilc(cpu)).toBe(2);
    expect(oldAddress(cpu)).toBe(CODE_AT + 4);
  });
  it('target crossing a page boundary', () => {
    // risbg 1,2,32,63+Z,0 split over 0x30ffe / 0x31000.
    const { cpu, pgm } = exec('44006000', { r: { 6: 0x3_0ffen, 1: -1n, 2: 0x1234_5678_9abc_def0n }, mem: { 0x3_0ffe: 'ec1220bf0055' } });
    expect(pgm).toBe(0);
    expect(reg(cpu, 1)).toBe(0x9abc_def0n);
  });
  it('the modified target is decoded afresh each time', () => {
    // ex 1,0(6) ; iilf 1,0x45 ; ex 1,0(6) with target xr 0,0: first xr 2,3 then xr 4,5.
    const { cpu, pgm } = exec('44106000 c01900000045 44106000', {
      r: { 1: 0x23n, 2: 0xf0n, 3: 0x0fn, 4: 0x33n, 5: 0x11n, 6: 0x3_0000n }, mem: { 0x3_0000: '1700' },
    }, 3);
    expect(pgm).toBe(0);
    expect(reg(cpu, 2) & 0xffn).toBe(0xffn);
    expect(reg(cpu, 4) & 0xffn).toBe(0x22n);
    expect(cpu.ia).toBe(CODE_AT + 14);
  });
});
