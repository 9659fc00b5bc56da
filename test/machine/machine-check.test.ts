// Channel-report-pending machine checks: the mcck guest (test/guests/mcck) waits enabled
// only for machine checks, the test queues the CRW QEMU queued when a device was hot-
// plugged under it (record.py), and the console must equal QEMU's. Then the rules around
// it: one machine check per batch of CRWs (re-armed by a STCRW that finds none), the
// PSW and CR14 masks keep it pending, and without an extended save area the vector
// registers are reported invalid.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import { ChannelReports } from '../../emulator/io/css';
import { Machine } from '../../emulator/machine/machine';
import { CR14_SUBCLASS, MCESAD, MCIC } from '../../emulator/machine/machine-check';
import { elf } from './elf-builder';

const GUEST = join(__dirname, '..', 'guests', 'mcck');
const MIB = 0x10_0000;

describe('the mcck guest prints what QEMU prints', () => {
  test('a hot-plug CRW arrives as a machine check; save areas, MCESA and STCRW as under QEMU', () => {
    const golden = readFileSync(join(GUEST, 'mcck.golden.txt'), 'latin1');
    const crws = [...golden.matchAll(/^stcrw: cc 0 crw ([0-9a-f]{8})$/gm)].map((m) => parseInt(m[1], 16));
    expect(crws.length).toBeGreaterThan(0);
    let out = '';
    const m = new Machine({ memory: 128 * MIB, console: (t) => { out += t; } });
    m.loadKernel(readFileSync(join(GUEST, 'mcck.elf')), 'mcck.elf');
    // Nothing can end the guest's wait yet: the run returns with the guest waiting.
    const first = m.run(50_000_000);
    expect(first.message).toMatch(/enabled wait, but no interruption can arrive/);
    expect(out).toContain('waiting for a channel report\n');
    for (const crw of crws) m.css.reports.push(crw);
    const r = m.run(50_000_000);
    expect({ reason: r.reason, message: r.message }).toEqual({ reason: 'stopped', message: undefined });
    expect(out).toBe(golden);
    expect(m.counters.get('machine-check')).toBe(1);
  });
});

describe('channel reports raise one machine check per batch', () => {
  test('the first CRW raises it, later ones do not, an empty STCRW re-arms', () => {
    const r = new ChannelReports();
    r.push(0x03040000);
    r.push(0x03040001);
    expect(r.takeMachineCheck()).toBe(true);
    expect(r.takeMachineCheck()).toBe(false);
    expect(r.take()).toBe(0x03040000);
    r.push(0x03040002);
    expect(r.machineCheckPending).toBe(false);
    expect(r.take()).toBe(0x03040001);
    expect(r.take()).toBe(0x03040002);
    expect(r.take()).toBeUndefined();
    r.push(0x03040003);
    expect(r.machineCheckPending).toBe(true);
  });
});

describe('masks and the extended save area', () => {
  const CODE = 0x10000;
  /** A guest that loops at CODE (j .) with the given PSW mask bits and CR14. */
  function spinning(pswMaskHi: number, cr14Lo: number, mcesa: number): Machine {
    const m = new Machine({ memory: 2 * MIB, console: () => {} });
    m.loadKernel(elf(CODE, [{ paddr: CODE, data: [0xa7, 0xf4, 0x00, 0x00] }]), 'spin.elf');
    const cpu = m.vcpus[0].cpu;
    cpu.loadPsw(pswMaskHi | 0x0000_0001, 0x8000_0000, 0, CODE);
    cpu.cr[29] = cr14Lo;
    const v = m.storage.view;
    v.setBigUint64(LOWCORE.MCCK_NEW_PSW, 0x0002_0001_8000_0000n);
    v.setBigUint64(LOWCORE.MCCK_NEW_PSW + 8, 0x7777n);
    v.setBigUint64(MCESAD, BigInt(mcesa));
    cpu.vr[4 * 20] = 0x1234_5678;
    return m;
  }
  const MCHECK = 0x0004_0000;
  const cases = [
    { name: 'PSW machine-check mask off: stays pending', psw: 0, cr14: CR14_SUBCLASS.CHANNEL_REPORT, taken: false },
    { name: 'CR14 channel-report subclass off: stays pending', psw: MCHECK, cr14: 0, taken: false },
    { name: 'both on: taken', psw: MCHECK, cr14: CR14_SUBCLASS.CHANNEL_REPORT, taken: true },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const m = spinning(c.psw, c.cr14, 0x8000);
      m.css.reports.push(0x03040000);
      const r = m.run(1000);
      expect(r.reason).toBe(c.taken ? 'disabled-wait' : 'limit');
      expect(m.css.reports.machineCheckPending).toBe(!c.taken);
      if (c.taken) {
        const v = m.storage.view;
        expect(v.getBigUint64(LOWCORE.MCCK_OLD_PSW + 8)).toBe(BigInt(CODE));
        expect(v.getUint32(LOWCORE.MCCK_INT_CODE)).toBe(MCIC.CHANNEL_REPORT_HI | MCIC.VALID_HI | MCIC.VALID_VECTOR_HI);
        expect(v.getUint32(LOWCORE.MCCK_INT_CODE + 4)).toBe(MCIC.VALID_LO);
        expect(v.getUint32(0x8000 + 20 * 16)).toBe(0x1234_5678);
      }
    });
  }
  test('no extended save area registered: vector registers reported invalid, nothing stored', () => {
    const m = spinning(MCHECK, CR14_SUBCLASS.CHANNEL_REPORT, 0);
    m.css.reports.push(0x03040000);
    m.run(1000);
    expect(m.storage.view.getUint32(LOWCORE.MCCK_INT_CODE)).toBe(MCIC.CHANNEL_REPORT_HI | MCIC.VALID_HI);
    expect(m.storage.view.getUint32(20 * 16)).toBe(0);
  });
});
