// The device window above guest memory (s390-virtio's device page and rings) and floating
// 0x2603 external interruptions: the guest reaches exactly the window beyond its memory,
// the SCLP still reports only its memory, and a raised interruption is delivered with its
// subcode, parameter and 64-bit parameter in the lowcore.
import { describe, expect, test } from 'vitest';
import { LOWCORE, PGM, ProgramInterrupt } from '../../emulator/cpu/interrupts';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { Machine, MachineError } from '../../emulator/machine/machine';
import { CR0_SUBCLASS, EXT_CODE, EXT_PARAMS2 } from '../../emulator/machine/vcpu';

const MIB = 0x10_0000;
const WINDOW = 3 * 4096;

function accessCode(f: () => void): number {
  try { f(); } catch (e) { if (e instanceof ProgramInterrupt) return e.code; throw e; }
  return 0;
}

describe('device window', () => {
  test('the window beyond memory is addressable, nothing past it', () => {
    const m = new Machine({ memory: MIB, deviceWindow: WINDOW, console: () => {} });
    expect(m.memory).toBe(MIB);
    expect(m.storage.size).toBe(MIB + WINDOW);
    const cpu = m.vcpus[0].cpu;
    m.storage.view.setUint32(MIB, 0x0203_0405);
    const cases = [
      { name: 'last word of memory', addr: MIB - 4, code: 0 },
      { name: 'first word of the window', addr: MIB, code: 0 },
      { name: 'last word of the window', addr: MIB + WINDOW - 4, code: 0 },
      { name: 'first word past the window', addr: MIB + WINDOW, code: PGM.ADDRESSING },
      { name: 'far beyond', addr: 64 * MIB, code: PGM.ADDRESSING },
    ];
    for (const c of cases) expect(accessCode(() => cpu.read32(c.addr)), c.name).toBe(c.code);
    expect(cpu.read32(MIB)).toBe(0x0203_0405);
  });

  test('without a window nothing beyond memory is addressable', () => {
    const m = new Machine({ memory: MIB, console: () => {} });
    expect(accessCode(() => m.vcpus[0].cpu.read32(MIB))).toBe(PGM.ADDRESSING);
  });

  test('a window that is not whole pages is refused', () => {
    expect(() => new Machine({ memory: MIB, deviceWindow: 100, console: () => {} })).toThrow(MachineError);
  });
});

describe('floating 0x2603 interruptions', () => {
  function enabled(m: Machine, cr0: number): void {
    const cpu = m.vcpus[0].cpu;
    cpu.loadPsw(PSW.EA | PSW.EXT, PSW_BA, 0, 0x10000);
    cpu.cr[1] = cr0;
  }

  test('delivered with subcode, parameter and 64-bit parameter; equal ones coalesce', () => {
    const m = new Machine({ memory: MIB, console: () => {} });
    const v = m.vcpus[0];
    const e = { code: EXT_CODE.CP_SERVICE, subcode: 0x0d00, param: 1, param64Hi: 0x1234_5678, param64Lo: 0x9abc_def0 };
    m.raiseExternal(e);
    m.raiseExternal({ ...e });
    m.raiseExternal({ ...e, param: 0 });
    enabled(m, 0);
    expect(v.pendingExternal(0)).toBe(0);
    enabled(m, CR0_SUBCLASS.SERVICE_SIGNAL);
    expect(v.pendingExternal(0)).toBe(EXT_CODE.CP_SERVICE);
    v.deliverExternal(EXT_CODE.CP_SERVICE, 0x10000);
    const mem = m.storage.view;
    expect(mem.getUint16(LOWCORE.EXT_INT_CODE)).toBe(0x2603);
    expect(mem.getUint16(LOWCORE.EXT_CPU_ADDR)).toBe(0x0d00);
    expect(mem.getUint32(LOWCORE.EXT_PARAMS)).toBe(1);
    expect(mem.getBigUint64(EXT_PARAMS2)).toBe(0x1234_5678_9abc_def0n);
    enabled(m, CR0_SUBCLASS.SERVICE_SIGNAL);
    expect(v.pendingExternal(0)).toBe(EXT_CODE.CP_SERVICE);
    v.deliverExternal(EXT_CODE.CP_SERVICE, 0x10000);
    expect(mem.getUint32(LOWCORE.EXT_PARAMS)).toBe(0);
    enabled(m, CR0_SUBCLASS.SERVICE_SIGNAL);
    expect(v.pendingExternal(0)).toBe(0);
  });
});
