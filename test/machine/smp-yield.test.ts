// Vcpus share one host thread, so the machine tells the guest the truth about who is
// running (SIGP sense running status: only the issuing CPU) and ends a vcpu's slice when
// it yields (diagnose 0x44, directed yield 0x9c) or signals another CPU, which then runs
// next. Without that, a CPU spinning on a lock held by another spins for its whole slice.
import { describe, expect, test } from 'vitest';
import { reg, setReg } from '../cpu/harness';
import { Machine } from '../../emulator/machine/machine';
import { elf } from './elf-builder';

const MIB = 0x10_0000;
const CODE = 0x10000;
const CPU1_CODE = 0x10100;

/** Two CPUs: CPU 0 runs `code` at 0x10000, CPU 1 runs `cpu1` at 0x10100. */
function twoCpus(code: string, cpu1: string): Machine {
  const m = new Machine({ memory: 2 * MIB, smp: 2, console: () => {} });
  const bytes = new Uint8Array(0x1000);
  bytes.set(Buffer.from(code.replace(/\s+/g, ''), 'hex'));
  bytes.set(Buffer.from(cpu1.replace(/\s+/g, ''), 'hex'), CPU1_CODE - CODE);
  m.loadKernel(elf(CODE, [{ paddr: CODE, data: bytes }]), 'test.elf');
  m.vcpus[1].setIplPsw(CPU1_CODE);
  return m;
}

const LOOP = 'a7f40000'; //                     j . (CPU 1 just runs)
const COUNT_LOOP = 'a75b0001 a7f4fffe'; //       aghi %r5,1; j .-4

describe('SIGP sense running status', () => {
  const cases = [
    { name: 'another operating CPU is not running (it waits for this thread)', target: 1, cc: 1, status: 0x400n },
    { name: 'the issuing CPU is running', target: 0, cc: 0, status: 0n },
  ];
  for (const c of cases) {
    test(c.name, () => {
      // lghi %r3,target; sigp %r2,%r3,0x15; ipm %r4; j .
      const m = twoCpus(`a739${c.target.toString(16).padStart(4, '0')} ae230015 b2220040 ${LOOP}`, LOOP);
      setReg(m.vcpus[0].cpu, 2, 0n);
      m.run(10);
      const cpu = m.vcpus[0].cpu;
      expect(Number(reg(cpu, 4) >> 28n) & 3).toBe(c.cc);
      expect(reg(cpu, 2) & 0xffff_ffffn).toBe(c.status);
    });
  }
});

describe('yielding ends the slice', () => {
  const cases = [
    // lghi %r3,1; diag %r3,%r0,0x9c; j .-4
    { name: 'directed yield (diagnose 0x9c) to CPU 1', code: 'a7390001 8330009c a7f4fffe', counter: 'directed-yields' },
    // diag %r0,%r0,0x44; j .-4
    { name: 'time-slice end (diagnose 0x44)', code: '83000044 a7f4fffe', counter: 'yields' },
    // lghi %r3,1; sigp %r2,%r3,3 (emergency signal to CPU 1); j .-4
    { name: 'an emergency signal to CPU 1', code: 'a7390001 ae230003 a7f4fffe', counter: 'directed-yields' },
  ];
  for (const c of cases) {
    test(`${c.name}: CPU 1 runs within CPU 0's first slice`, () => {
      const m = twoCpus(c.code, COUNT_LOOP);
      m.run(1000);
      expect(m.vcpus[1].cpu.icount).toBeGreaterThan(0);
      expect(m.counters.get(c.counter) ?? 0).toBeGreaterThan(0);
    });
  }
  test('without a yield, CPU 0 keeps the thread for its slice', () => {
    // aghi %r6,1; j .-4
    const m = twoCpus('a76b0001 a7f4fffe', COUNT_LOOP);
    m.run(1000);
    expect(m.vcpus[1].cpu.icount).toBe(0);
  });
});
