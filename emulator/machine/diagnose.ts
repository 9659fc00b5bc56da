// DIAGNOSE: the hypervisor calls a guest makes with DIAG (the function code is bits 48-63
// of the second-operand address). Codes are handled by registered functions (devices
// add theirs, e.g. virtio's 0x500); an unknown code is logged and, as under QEMU, gets a
// specification exception the guest may handle.
import type { Cpu } from '../cpu/cpu';
import { PGM, ProgramInterrupt } from '../cpu/interrupts';

/** Diagnose codes (Linux arch/s390 and the 2008 KVM design). */
export const DIAG = {
  RELEASE_PAGES: 0x010,
  TIME_SLICE_END: 0x044,
  DIRECTED_YIELD: 0x09c,
  PAGE_REFERENCE_SERVICES: 0x258,
  WATCHDOG: 0x288,
  IPL_FUNCTIONS: 0x308,
  VIRTIO_HYPERCALL: 0x500,
} as const;

/** A diagnose implementation: r1, r3 as encoded; it reads and sets registers itself. */
export type DiagnoseHandler = (cpu: Cpu, r1: number, r3: number) => void;

export class Diagnose {
  private readonly handlers = new Map<number, DiagnoseHandler>();
  readonly counts = new Map<number, number>();

  constructor(private readonly note: (message: string) => void) {
    // Yield hints: one thread runs all vcpus, so there is nothing to yield to.
    this.register(DIAG.TIME_SLICE_END, () => {});
    this.register(DIAG.DIRECTED_YIELD, () => {});
    // Releasing pages is advice; the storage stays allocated (no host paging yet).
    this.register(DIAG.RELEASE_PAGES, () => {});
  }

  register(code: number, handler: DiagnoseHandler): void {
    this.handlers.set(code, handler);
  }

  call(cpu: Cpu, code: number, r1: number, r3: number): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    const h = this.handlers.get(code);
    if (h === undefined) {
      if (this.counts.get(code) === 1) {
        this.note(`diagnose 0x${code.toString(16).padStart(3, '0')} is not supported (at ${cpu.ia.toString(16)}); the guest gets a specification exception`);
      }
      throw new ProgramInterrupt(PGM.SPECIFICATION);
    }
    h(cpu, r1, r3);
  }
}
