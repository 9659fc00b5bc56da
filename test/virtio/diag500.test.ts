// The diagnose 0x500 dispatcher: subcodes go to the transport that registered them; an
// unassigned subcode (or one with bits in the high word) is a specification exception.
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../emulator/cpu/cpu';
import { PGM, ProgramInterrupt } from '../../emulator/cpu/interrupts';
import { DIAG, type DiagnoseHandler } from '../../emulator/machine/diagnose';
import { DIAG500_SUBCODE, registerDiag500 } from '../../emulator/virtio/diag500';
import { newCpu, setReg } from '../cpu/harness';

function registry(): { registerDiagnose(code: number, h: DiagnoseHandler): void; handler: Map<number, DiagnoseHandler> } {
  const handler = new Map<number, DiagnoseHandler>();
  return { registerDiagnose: (code, h) => handler.set(code, h), handler };
}

function call(r: ReturnType<typeof registry>, cpu: Cpu): void {
  const h = r.handler.get(DIAG.VIRTIO_HYPERCALL);
  if (h === undefined) throw new Error('no 0x500 handler');
  h(cpu, 2, 4);
}

describe('diagnose 0x500 dispatcher', () => {
  it('routes subcodes 0-3 to their transports', () => {
    const r = registry();
    const seen: number[] = [];
    for (const s of Object.values(DIAG500_SUBCODE)) registerDiag500(r, s, () => seen.push(s));
    expect(r.handler.size).toBe(1);
    const cpu = newCpu();
    for (const s of [3, 0, 2, 1]) {
      setReg(cpu, 1, BigInt(s));
      call(r, cpu);
    }
    expect(seen).toEqual([3, 0, 2, 1]);
  });

  const bad: { name: string; subcode: bigint }[] = [
    { name: 'unregistered subcode 4', subcode: 4n },
    { name: 'subcode 0xff', subcode: 0xffn },
    { name: 'subcode 0 with high-word bits', subcode: 0x1_0000_0000n },
    { name: 'subcode -1', subcode: -1n },
  ];
  for (const c of bad) {
    it(`gives a specification exception: ${c.name}`, () => {
      const r = registry();
      registerDiag500(r, DIAG500_SUBCODE.S390_VIRTIO_NOTIFY, () => { throw new Error('must not run'); });
      const cpu = newCpu();
      setReg(cpu, 1, c.subcode);
      let code = -1;
      try { call(r, cpu); } catch (e) { if (e instanceof ProgramInterrupt) code = e.code; }
      expect(code).toBe(PGM.SPECIFICATION);
    });
  }

  it('refuses a subcode registered twice', () => {
    const r = registry();
    registerDiag500(r, 3, () => {});
    expect(() => registerDiag500(r, 3, () => {})).toThrow(/twice/);
  });
});
