// Compiled blocks with DAT on: blocks chain from one to the next without a translation
// per block while the translation context holds; a page-table change followed by a TLB
// purge must send the next call to the code of the new frame, as in the interpreter.
import { describe, expect, it } from 'vitest';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { TABLE_TYPE } from '../../emulator/mmu/dat';
import { CODE, newDatCpu, reg, Tables } from '../mmu/tables';

/** Virtual page of the called routine; frames holding its two versions. */
const CALLEE = 0x3_0000;
const FRAME_A = 0x5_0000;
const FRAME_B = 0x6_0000;

// lghi r1,50; loop: brasl r14,CALLEE; brct r1,loop; j . (spins until the budget ends)
const MAIN = 'a7190032' + `c0e5${((CALLEE - (CODE + 4)) / 2).toString(16).padStart(8, '0')}` + 'a716fffd' + 'a7f40000';
const ADD_1 = 'a72a0001' + '07fe'; // ahi r2,1; br r14
const ADD_100 = 'a72a0064' + '07fe'; // ahi r2,100; br r14

function run(jit: boolean, purge: (cpu: ReturnType<typeof newDatCpu>) => void): bigint {
  const cpu = newDatCpu();
  cpu.jitEnabled = jit;
  const t = new Tables(cpu, TABLE_TYPE.SEGMENT).load(1);
  t.map(CODE, CODE).map(CALLEE, FRAME_A);
  cpu.storage.bytes.set(Buffer.from(MAIN, 'hex'), CODE);
  cpu.storage.bytes.set(Buffer.from(ADD_1, 'hex'), FRAME_A);
  cpu.storage.bytes.set(Buffer.from(ADD_100, 'hex'), FRAME_B);
  const start = (): void => cpu.loadPsw((PSW.EA | PSW.DAT) >>> 0, PSW_BA, 0, CODE);
  start();
  cpu.run(2000);
  // The callee's page now maps the other frame; the purge makes that take effect.
  t.map(CALLEE, FRAME_B);
  purge(cpu);
  start();
  cpu.run(2000);
  return reg(cpu, 2);
}

describe('compiled blocks with DAT on', () => {
  it('follow a remapped page after a TLB purge like the interpreter', () => {
    const interpreted = run(false, (cpu) => cpu.mmu.domain.purgeAll());
    expect(interpreted).toBe(50n + 50n * 100n);
    expect(run(true, (cpu) => cpu.mmu.domain.purgeAll())).toBe(interpreted);
  });

  it('follow a remapped page after a purge of its page index (IPTE)', () => {
    const purge = (cpu: ReturnType<typeof newDatCpu>): void => cpu.mmu.domain.purgePageIndex((CALLEE >>> 12) & 0xff, 1);
    expect(run(true, purge)).toBe(run(false, purge));
  });
});
