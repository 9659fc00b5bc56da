// DIAGNOSE: the hypervisor calls a guest makes with DIAG (the function code is bits 48-63
// of the second-operand address). Codes are handled by registered functions (devices
// add theirs, e.g. virtio's 0x500); an unknown code is logged and, as under QEMU, gets a
// specification exception the guest may handle. IPL functions (0x308) are built in.
import type { Cpu } from '../cpu/cpu';
import { PGM, ProgramInterrupt } from '../cpu/interrupts';

/** Diagnose codes (Linux arch/s390 and the 2008 KVM design). */
export const DIAG = {
  RELEASE_PAGES: 0x010,
  TIME_SLICE_END: 0x044,
  DIRECTED_YIELD: 0x09c,
  /** LPAR/hypervisor CPU-utilisation data (Linux hypfs, `diag204`). */
  LOGICAL_CPU_UTILIZATION: 0x204,
  PAGE_REFERENCE_SERVICES: 0x258,
  /** z/VM storage configuration (Linux's memory detection falls back to it). */
  STORAGE_CONFIGURATION: 0x260,
  WATCHDOG: 0x288,
  IPL_FUNCTIONS: 0x308,
  VIRTIO_HYPERCALL: 0x500,
} as const;

/** A diagnose implementation: r1, r3 as encoded; it reads and sets registers itself. */
export type DiagnoseHandler = (cpu: Cpu, r1: number, r3: number) => void;

/** DIAGNOSE 0x308 (IPL functions): subcodes and response codes (in R1+1). */
export const DIAG308 = {
  RESET_MODIFIED_CLEAR: 0,
  RESET_LOAD_NORMAL: 1,
  LOAD_CLEAR: 3,
  LOAD_NORMAL_DUMP: 4,
  SET: 5,
  STORE: 6,
  RC_OK: 0x0001,
  RC_NO_CONFIGURATION: 0x0102,
  RC_INVALID: 0x0402,
} as const;
/** IPL parameter block: length (word 0), type (byte 12), minimum lengths by type. */
const IPLB_MIN_LENGTH: Readonly<Record<number, number>> = { 0x00: 384, 0x02: 200, 0xff: 200 };
const IPLB_MAX = 4096;
const PAGE = 4096;

/** What diagnose needs from the machine. */
export interface DiagnoseHost {
  note(message: string): void;
  /** The guest asked for a reset or re-IPL (diag 0x308 subcodes 0, 1, 3, 4). */
  reipl(subcode: number): void;
}

export class Diagnose {
  private readonly handlers = new Map<number, DiagnoseHandler>();
  readonly counts = new Map<number, number>();
  /** The IPL parameter block last set with diag 0x308 subcode 5. */
  private iplb: Uint8Array | undefined;

  constructor(private readonly host: DiagnoseHost) {
    // Yield hints: one thread runs all vcpus, so there is nothing to yield to.
    this.register(DIAG.TIME_SLICE_END, () => {});
    this.register(DIAG.DIRECTED_YIELD, () => {});
    // Releasing pages is advice; the storage stays allocated (no host paging yet).
    this.register(DIAG.RELEASE_PAGES, () => {});
    this.register(DIAG.IPL_FUNCTIONS, (cpu, r1, r3) => this.iplFunctions(cpu, r1, r3));
    // Functions of LPAR and z/VM that a KVM guest does not have: QEMU (TCG and KVM)
    // answers them with a specification exception, and that is the "not available" path
    // Linux expects (its exception-table fixups turn it into "unsupported": hypfs stays
    // without LPAR data, memory detection uses the SCLP's storage size). No note: this is
    // the intended answer, not a gap.
    for (const code of [DIAG.LOGICAL_CPU_UTILIZATION, DIAG.STORAGE_CONFIGURATION]) {
      this.register(code, () => { throw new ProgramInterrupt(PGM.SPECIFICATION); });
    }
  }

  /**
   * DIAG 0x308, as QEMU's machine answers it: resets and re-IPL end the run (Kuli does
   * not reboot); set/store keep an IPL parameter block (none after a -kernel boot).
   */
  private iplFunctions(cpu: Cpu, r1: number, r3: number): void {
    const subcode = cpu.r64Number(r3);
    switch (subcode) {
      case DIAG308.RESET_MODIFIED_CLEAR:
      case DIAG308.RESET_LOAD_NORMAL:
      case DIAG308.LOAD_CLEAR:
      case DIAG308.LOAD_NORMAL_DUMP:
        this.host.reipl(subcode);
        return;
      case DIAG308.SET:
      case DIAG308.STORE: {
        const addr = cpu.r64Number(r1);
        if (r1 % 2 !== 0 || addr % PAGE !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
        if (addr + PAGE > cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
        const mem = cpu.storage.bytes;
        let rc: number;
        if (subcode === DIAG308.SET) {
          const len = cpu.mem.getUint32(addr);
          const min = IPLB_MIN_LENGTH[mem[addr + 12]];
          if (min === undefined || len < min || len > IPLB_MAX) {
            rc = DIAG308.RC_INVALID;
          } else {
            this.iplb = mem.slice(addr, addr + len);
            rc = DIAG308.RC_OK;
          }
        } else if (this.iplb === undefined) {
          rc = DIAG308.RC_NO_CONFIGURATION;
        } else {
          mem.set(this.iplb, addr);
          cpu.invalidateRange(addr, this.iplb.length);
          rc = DIAG308.RC_OK;
        }
        cpu.setR64(r1 + 1, 0, rc);
        return;
      }
      default:
        throw new ProgramInterrupt(PGM.SPECIFICATION);
    }
  }

  register(code: number, handler: DiagnoseHandler): void {
    this.handlers.set(code, handler);
  }

  call(cpu: Cpu, code: number, r1: number, r3: number): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    const h = this.handlers.get(code);
    if (h === undefined) {
      if (this.counts.get(code) === 1) {
        this.host.note(`diagnose 0x${code.toString(16).padStart(3, '0')} is not supported (at ${cpu.ia.toString(16)}); the guest gets a specification exception`);
      }
      throw new ProgramInterrupt(PGM.SPECIFICATION);
    }
    h(cpu, r1, r3);
  }
}
