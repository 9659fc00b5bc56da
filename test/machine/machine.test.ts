// The machine's run loop: how a run ends (stopped, disabled wait, a wait nothing can end,
// an unsupported instruction, the instruction limit), idling on the host clock until a
// clock-comparator interruption, runSlice's idle budget, --trace lines, and the
// configuration checks. The guests are a few hand-assembled instructions.
import { describe, expect, test } from 'vitest';
import { setReg } from '../cpu/harness';
import { Machine, MachineError, type MachineOptions } from '../../emulator/machine/machine';
import type { HostClock } from '../../emulator/machine/timers';
import { elf } from './elf-builder';

const MIB = 0x10_0000;
const CODE = 0x10000;
const DATA = 0x11000;

/** A host clock that only moves when the machine sleeps. */
function fakeClock(): HostClock & { t: number } {
  const c = {
    t: 1000,
    now: () => c.t,
    wallMs: () => Date.UTC(2026, 0, 1),
    sleep: (ms: number) => { c.t += ms; },
  };
  return c;
}

/** A machine running `code` at 0x10000 with `data` at 0x11000 and r2 = 0x11000. */
function machine(code: string, data: string = '', options: Partial<MachineOptions> = {}): { m: Machine; out: string[] } {
  const out: string[] = [];
  const m = new Machine({ memory: 2 * MIB, console: (t) => out.push(t), clock: fakeClock(), ...options });
  const bytes = new Uint8Array(0x2000);
  bytes.set(Buffer.from(code.replace(/\s+/g, ''), 'hex'));
  bytes.set(Buffer.from(data.replace(/\s+/g, ''), 'hex'), DATA - CODE);
  m.loadKernel(elf(CODE, [{ paddr: CODE, data: bytes }]), 'test.elf');
  setReg(m.vcpus[0].cpu, 2, BigInt(DATA));
  return { m, out };
}

// Instructions used below (objdump spelling):
const SIGP_STOP_SELF = 'ae230005'; //          sigp %r2,%r3,5 (r3 = 0: this CPU)
const LPSWE_DATA = 'b2b22000'; //              lpswe 0(%r2)
const DISABLED_WAIT = '0002000180000000 000000000badc0de';

describe('how a run ends', () => {
  test('SIGP stop to itself: stopped', () => {
    const { m } = machine(SIGP_STOP_SELF);
    expect(m.run()).toEqual({ reason: 'stopped', instructions: 1 });
  });
  test('a disabled wait: the PSW in the message', () => {
    const r = machine(LPSWE_DATA, DISABLED_WAIT).m.run();
    expect(r.reason).toBe('disabled-wait');
    expect(r.message).toBe('CPU 0 PSW 0002000180000000 000000000badc0de: disabled wait');
  });
  test('an enabled wait that no interruption can end', () => {
    const r = machine(LPSWE_DATA, '0102000180000000 0000000000010000').m.run();
    expect(r.reason).toBe('disabled-wait');
    expect(r.message).toMatch(/PSW 0102000180000000 0000000000010000: enabled wait, but no interruption can arrive/);
  });
  test('an unsupported instruction names address, bytes and mnemonic', () => {
    // sie 0(%r2): interpretive execution, which this machine does not offer.
    const r = machine('b2142000').m.run();
    expect(r.reason).toBe('error');
    expect(r.message).toMatch(/^unsupported instruction sie \(b2142000\) at 10000 \(CPU 0 PSW 0000000180000000 0000000000010000\)$/);
  });
  test('a re-IPL request (diag 0x308 subcode 3) ends the run as a power-off', () => {
    // lghi %r4,3; diag %r2,%r4,0x308
    const r = machine('a7490003 83240308').m.run();
    expect(r.reason).toBe('power-off');
    expect(r.message).toMatch(/re-IPL \(diagnose 0x308 subcode 3\); kuli does not reboot/);
  });
  test('the instruction limit', () => {
    // stck 0x100(%r2), over and over: brc 15,-2 after it.
    const r = machine('b2052100 a7f4fffe').m.run(1000);
    expect(r).toEqual({ reason: 'limit', instructions: 1000 });
  });
});

describe('waiting for the clock', () => {
  // sckc 0x100(%r2); lctlg %c0,%c0,0x108(%r2); lpswe 0x110(%r2) (enabled wait);
  // the external new PSW leads to sigp stop self at 0x10020.
  const CODE_CKC = `b2062100 eb002108002f b2b22110 ${'00'.repeat(18)} ${SIGP_STOP_SELF}`;
  function ckcMachine(msAhead: number): { m: Machine; clock: ReturnType<typeof fakeClock> } {
    const clock = fakeClock();
    const { m } = machine(CODE_CKC, '', { clock });
    const v = m.storage.view;
    v.setBigUint64(DATA + 0x100, m.tod.read() + BigInt(msAhead) * 4_096_000n);
    v.setBigUint64(DATA + 0x108, 0x800n); // CR0: clock-comparator subclass
    v.setBigUint64(DATA + 0x110, 0x0102_0001_8000_0000n);
    v.setBigUint64(DATA + 0x118, 0x10012n);
    v.setBigUint64(0x1b0, 0x0000_0001_8000_0000n); // external new PSW
    v.setBigUint64(0x1b8, 0x10020n);
    return { m, clock };
  }

  test('the vcpu sleeps until the clock comparator is due, then takes the interruption', () => {
    const { m, clock } = ckcMachine(1500);
    const before = clock.t;
    expect(m.run().reason).toBe('stopped');
    expect(clock.t - before).toBeGreaterThanOrEqual(1500);
    expect(clock.t - before).toBeLessThan(1520);
    expect(m.counters.get('ext-0x1004')).toBe(1);
    expect(m.storage.view.getUint16(0x86)).toBe(0x1004);
  });
  test('runSlice returns after its idle budget', () => {
    const { m, clock } = ckcMachine(10_000);
    const before = clock.t;
    const r = m.runSlice(1_000_000, 50);
    expect(r.reason).toBe('limit');
    expect(clock.t - before).toBe(50);
    expect(m.run().reason).toBe('stopped');
  });
});

describe('options', () => {
  test('trace: one line per instruction, objdump syntax', () => {
    const lines: string[] = [];
    const { m } = machine(`b2052100 ${SIGP_STOP_SELF}`, '', { trace: (l) => lines.push(l) });
    m.run();
    expect(lines).toEqual(['   10000:\tstck\t256(%r2)', '   10004:\tsigp\t%r2,%r3,5']);
  });
  test('console input reaches the SCLP', () => {
    let given = false;
    const { m } = machine(SIGP_STOP_SELF, '', { consoleInput: () => (given ? undefined : ((given = true), 'ls\n')) });
    m.run();
    expect(given).toBe(true);
  });
  test.each([
    [{ memory: 1.5 * MIB }, /multiple of 1 MiB/],
    [{ memory: 0 }, /multiple of 1 MiB/],
    [{ memory: MIB, smp: 0 }, /smp must be 1 to 64/],
    [{ memory: MIB, smp: 65 }, /smp must be 1 to 64/],
  ])('%j is refused', (o, message) => {
    expect(() => new Machine({ console: () => {}, ...o })).toThrow(MachineError);
    expect(() => new Machine({ console: () => {}, ...o })).toThrow(message);
  });
  test('run before a kernel is loaded', () => {
    expect(() => new Machine({ memory: MIB, console: () => {} }).run()).toThrow(/no kernel loaded/);
  });
});
