// PER behaviour the QEMU-checked guest (test/guests/per) cannot show: the old PSW of a
// successful-branching event is the branch target (QEMU 7.2 resumes at the next
// instruction, a departure from the PoP), a linking branch still links to the next
// instruction, and hot code keeps reporting events because PER turns compiled blocks off.
import { describe, expect, test } from 'vitest';
import { newCpu, CODE_AT, reg } from './harness';
import type { Cpu } from '../../emulator/cpu/cpu';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { PER_CODE, PER_CR9 } from '../../emulator/cpu/per';
import { PSW, PSW_BA } from '../../emulator/cpu/state';

const COUNTER = 0x3000;
const HANDLER = 0x20000;

/** A CPU with `hex` at CODE_AT, PSW bit 1 as asked, CR9..CR11 set. */
function perCpu(hex: string, cr9: number, start: number, end: number, per = true): Cpu {
  const cpu = newCpu();
  cpu.storage.bytes.set(Buffer.from(hex.replace(/\s+/g, ''), 'hex'), CODE_AT);
  cpu.cr[19] = cr9;
  cpu.cr[20] = 0; cpu.cr[21] = start;
  cpu.cr[22] = 0; cpu.cr[23] = end;
  cpu.loadPsw((PSW.EA | (per ? PSW.PER : 0)) >>> 0, PSW_BA, 0, CODE_AT);
  return cpu;
}

/** Program new PSW to a handler that counts interruptions at COUNTER and returns (agsi; lpswe). */
function countingHandler(cpu: Cpu): void {
  cpu.storage.bytes.set(Buffer.from('eb010000037a b2b20150'.replace(/\s+/g, ''), 'hex'), HANDLER);
  const v = cpu.mem;
  v.setUint32(LOWCORE.PROGRAM_NEW_PSW, PSW.EA);
  v.setUint32(LOWCORE.PROGRAM_NEW_PSW + 4, PSW_BA);
  v.setUint32(LOWCORE.PROGRAM_NEW_PSW + 8, 0);
  v.setUint32(LOWCORE.PROGRAM_NEW_PSW + 12, HANDLER);
}

const oldPswAddress = (cpu: Cpu): number => cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12);

describe('successful branching', () => {
  const cases = [
    // j +8 (brc 15): target CODE_AT + 8.
    { name: 'j taken', hex: 'a7f40004', target: CODE_AT + 8, link: undefined },
    // bras %r14,+12: links the next instruction, branches.
    { name: 'bras links the next instruction', hex: 'a7e50006', target: CODE_AT + 12, link: CODE_AT + 4 },
    // brctg %r1,+8 with r1 = 5: taken.
    { name: 'brctg taken', hex: 'a7170004', target: CODE_AT + 8, link: undefined },
  ];
  for (const c of cases) {
    test(`${c.name}: PER address is the branch, old PSW its target (PoP)`, () => {
      const cpu = perCpu(c.hex, PER_CR9.BRANCH, 0, 0xffff_ffff);
      cpu.setR64(1, 0, 5);
      cpu.step();
      expect(cpu.mem.getUint16(LOWCORE.PGM_CODE)).toBe(PGM.PER_EVENT);
      expect(cpu.mem.getUint16(LOWCORE.PER_CODE)).toBe((PER_CODE.BRANCH << 8) | 0xe0);
      expect(cpu.mem.getUint32(LOWCORE.PER_ADDRESS + 4)).toBe(CODE_AT);
      expect(oldPswAddress(cpu)).toBe(c.target);
      if (c.link !== undefined) expect(reg(cpu, 14)).toBe(BigInt(c.link));
    });
  }
  test('brctg not taken (r1 = 1): no event', () => {
    const cpu = perCpu('a7170004', PER_CR9.BRANCH, 0, 0xffff_ffff);
    cpu.setR64(1, 0, 1);
    cpu.step();
    expect(cpu.programInterrupts).toBe(0);
    expect(cpu.ia).toBe(CODE_AT + 4);
  });
});

describe('PER turns compiled blocks off', () => {
  // lghi %r1,300; L: aghi %r2,1; brctg %r1,L (run() stops by its budget). Compiled, the
  // loop would run without events; the handler (PSW bit 1 off) may be compiled.
  const LOOP = 'a719012c a72b0001 a717fffe';
  const aghiAt = CODE_AT + 4;
  test('an instruction-fetch event on every pass of a hot loop (300 passes)', () => {
    const cpu = perCpu(LOOP, PER_CR9.IFETCH, aghiAt, aghiAt);
    countingHandler(cpu);
    cpu.run(300 * 2 + 1 + 300 * 2);
    expect(cpu.mem.getUint32(COUNTER + 4)).toBe(300);
    expect(reg(cpu, 2)).toBe(300n);
  });
  test('the same loop without PSW bit 1: compiled, no events', () => {
    const cpu = perCpu(LOOP, PER_CR9.IFETCH, aghiAt, aghiAt, false);
    countingHandler(cpu);
    cpu.run(300 * 2 + 1);
    expect(cpu.mem.getUint32(COUNTER + 4)).toBe(0);
    expect(reg(cpu, 2)).toBe(300n);
    expect(cpu.blocksCompiled).toBeGreaterThan(0);
  });
});
