// DIAGNOSE 0x500, the KVM virtio hypercall, shared by both transports: the subcode is in
// general register 1, the arguments in registers 2 to 7, the result goes back in register
// 2. Subcodes 0-2 belong to the original s390-virtio transport (notify by ring address,
// reset, set status by descriptor address), subcode 3 to virtio-ccw (notify by subchannel
// and queue). Each transport registers its subcodes here; the first registration installs
// the dispatcher as the machine's diagnose 0x500 handler.
import type { Cpu } from '../cpu/cpu';
import { PGM, ProgramInterrupt } from '../cpu/interrupts';
import { DIAG, type DiagnoseHandler } from '../machine/diagnose';

/** Hypercall subcodes (register 1), as Linux's kvm_para.h / QEMU's s390-virtio-hcall.h number them. */
export const DIAG500_SUBCODE = {
  S390_VIRTIO_NOTIFY: 0,
  S390_VIRTIO_RESET: 1,
  S390_VIRTIO_SET_STATUS: 2,
  CCW_NOTIFY: 3,
} as const;

/** The register holding the subcode, and the first argument / result register. */
export const DIAG500_REG = { SUBCODE: 1, ARG0: 2 } as const;

/** A subcode implementation; it reads its arguments from r2.. and sets r2 itself. */
export type Diag500Handler = (cpu: Cpu) => void;

/** What the dispatcher needs from a machine. */
export interface DiagnoseRegistry {
  registerDiagnose(code: number, handler: DiagnoseHandler): void;
}

class Diag500 {
  readonly handlers = new Map<number, Diag500Handler>();

  call(cpu: Cpu): void {
    const subcodeHi = cpu.rHi(DIAG500_REG.SUBCODE);
    const h = subcodeHi === 0 ? this.handlers.get(cpu.r32(DIAG500_REG.SUBCODE)) : undefined;
    // An unassigned subcode is a specification exception, as QEMU answers it today.
    if (h === undefined) throw new ProgramInterrupt(PGM.SPECIFICATION);
    h(cpu);
  }
}

const dispatchers = new WeakMap<DiagnoseRegistry, Diag500>();

/**
 * Registers `handler` for diagnose 0x500 subcode `subcode` on `machine`. Throws when the
 * subcode is taken already (two transports claiming one subcode is a wiring bug).
 */
export function registerDiag500(machine: DiagnoseRegistry, subcode: number, handler: Diag500Handler): void {
  let d = dispatchers.get(machine);
  if (d === undefined) {
    const created = new Diag500();
    machine.registerDiagnose(DIAG.VIRTIO_HYPERCALL, (cpu) => created.call(cpu));
    dispatchers.set(machine, created);
    d = created;
  }
  if (d.handlers.has(subcode)) throw new Error(`diagnose 0x500 subcode ${subcode} is registered twice`);
  d.handlers.set(subcode, handler);
}

/** Removes a subcode's handler (a transport detached); the subcode then gets a specification exception. */
export function unregisterDiag500(machine: DiagnoseRegistry, subcode: number): void {
  dispatchers.get(machine)?.handlers.delete(subcode);
}
