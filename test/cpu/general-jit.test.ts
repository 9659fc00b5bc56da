// The general-domain handlers run inside compiled blocks (general-domain.ts registers
// them): a hot loop over IC, MVI, TS, SAR/EAR and LOAD AND TRAP gives the interpreter's
// registers, access registers, storage, count and trap PSW.
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../emulator/cpu/cpu';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { exec, newCpu, reg } from './harness';

const DATA = 0x18000;

function run(jit: boolean): Cpu {
  const cpu = newCpu(1 << 21);
  cpu.jitEnabled = jit;
  // lhi r1,100; loop: ic r2,0(r3); mvi 1(r3),0x5a; ahi r3,1; ts 0x100(r3); sar a2,r2;
  // ear r5,a2; lat r6,0x200(r3); brct r1,loop -- LAT traps once the words run out.
  const code = 'a7180064' + '43203000' + '925a3001' + 'a73a0001' + '93003100' + 'b24e0022' + 'b24f0052' + 'e3603200009f' + 'a716fff1';
  const words = Array.from({ length: 10 }, (_, i) => (0x0101_0101 * (i + 1)).toString(16).padStart(8, '0')).join('');
  exec(code, { r: { 3: BigInt(DATA) }, mem: { [DATA]: '0102030405060708090a0b0c0d0e0f10', [DATA + 0x200]: words } }, 0, cpu);
  cpu.run(2000);
  return cpu;
}

function state(cpu: Cpu): unknown {
  return {
    regs: Array.from({ length: 16 }, (_, i) => reg(cpu, i).toString(16)), ar2: cpu.ar[2], cc: cpu.cc, icount: cpu.icount,
    mem: Buffer.from(cpu.storage.bytes.subarray(DATA, DATA + 0x300)).toString('hex'),
    pgm: cpu.mem.getUint16(LOWCORE.PGM_CODE), old: cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12).toString(16),
  };
}

describe('general instructions in compiled blocks', () => {
  it('match the interpreter, up to the LOAD AND TRAP interruption', () => {
    const interp = run(false), jit = run(true);
    expect(jit.blocksCompiled).toBeGreaterThan(0);
    expect(interp.mem.getUint16(LOWCORE.PGM_CODE)).toBe(PGM.DATA);
    expect(state(jit)).toEqual(state(interp));
  });
});
