// Vcpus on one storage share their view of code: a store by one vcpu into code another
// vcpu has decoded or compiled must reach that vcpu too (Linux patches kernel text on one
// CPU while the others run it: jump labels, alternatives, ftrace).
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../emulator/cpu/cpu';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { GuestStorage } from '../../emulator/mmu/storage';
import { reg } from './harness';

const CODE = 0x2000;
// lghi %r2,1; j .-4 (a loop that keeps setting r2)
const LOOP_SET_1 = 'a7290001a7f4fffe';
// the first instruction patched to lghi %r2,2
const SET_2 = 'a7290002';

function cpuAt(storage: GuestStorage, address: number): Cpu {
  const cpu = new Cpu(storage, address);
  cpu.loadPsw(PSW.EA, PSW_BA, 0, CODE);
  return cpu;
}

describe('code shared by the vcpus of one storage', () => {
  for (const jit of [false, true]) {
    it(`a store by another vcpu drops this vcpu's ${jit ? 'compiled blocks' : 'decoded instructions'}`, () => {
      const storage = new GuestStorage(1 << 20);
      storage.bytes.set(Buffer.from(LOOP_SET_1, 'hex'), CODE);
      const runner = cpuAt(storage, 0);
      runner.jitEnabled = jit;
      runner.run(1000); // hot: decoded, and compiled when the JIT is on
      expect(reg(runner, 2)).toBe(1n);
      // The other vcpu stores the new instruction (a CPU store, as ST would make it).
      cpuAt(storage, 1).write32(CODE, parseInt(SET_2, 16));
      runner.run(1000);
      expect(reg(runner, 2)).toBe(2n);
    });
  }
});
