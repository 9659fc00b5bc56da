// Machine-side state of one virtual CPU: its clocks, pending external and restart
// interruptions, and the resets and store-status operation SIGP and IPL perform on it
// (PoP "Resets", "Store Status"; external-interruption priority as QEMU delivers them).
import type { Cpu, CpuTiming } from '../cpu/cpu';
import { LOWCORE } from '../cpu/interrupts';
import type { IoInterruption } from '../cpu/io-instructions';
import { PSW, PSW_BA } from '../cpu/state';
import { PfaultHandshake } from './diag-pfault';
import { CpuClocks, type TodClock } from './timers';

/** External-interruption codes (lowcore 0x86). */
export const EXT_CODE = {
  EMERGENCY_SIGNAL: 0x1201,
  EXTERNAL_CALL: 0x1202,
  CLOCK_COMPARATOR: 0x1004,
  CPU_TIMER: 0x1005,
  SERVICE_SIGNAL: 0x2401,
  /** Service signal from the hypervisor (s390-virtio, pseudo page faults): subcode in the CPU-address field. */
  CP_SERVICE: 0x2603,
} as const;

/** Lowcore doubleword holding the 64-bit parameter of a 0x2603 interruption (a virtqueue token). */
export const EXT_PARAMS2 = 0x11b8;

/** External-interruption subclass masks in CR0 bits 32-63 (CR0 bits 49-54). */
export const CR0_SUBCLASS = {
  EMERGENCY_SIGNAL: 0x4000,
  EXTERNAL_CALL: 0x2000,
  CLOCK_COMPARATOR: 0x0800,
  CPU_TIMER: 0x0400,
  SERVICE_SIGNAL: 0x0200,
} as const;

/** Control-register contents after an initial CPU reset (PoP "Initial CPU Reset"). */
const CR0_RESET = 0x0000_00e0;
const CR14_RESET = 0xc200_0000;
/** Absolute locations written by store status (z/Architecture layout). */
const ARCH_MODE_ID = 0xa3;
const BEAR_SAVE = 0x1338;

/** A floating interruption source shared by all CPUs (the SCLP's service signal). */
export class ServiceSignal {
  parameter = 0;
  pending = false;

  raise(parameter: number): void {
    this.parameter = (this.parameter | parameter) >>> 0;
    this.pending = true;
  }

  take(): number {
    const p = this.parameter;
    this.parameter = 0;
    this.pending = false;
    return p;
  }
}

/** A floating external interruption with parameters (s390-virtio's 0x2603). */
export interface FloatingExternal {
  readonly code: number;
  /** Stored in the CPU-address field (lowcore 0x84): 0x2603's subcode. */
  readonly subcode: number;
  /** The word at lowcore 0x80. */
  readonly param: number;
  /** The doubleword at EXT_PARAMS2 as 32-bit halves. */
  readonly param64Hi: number;
  readonly param64Lo: number;
}

/**
 * Floating external interruptions in arrival order, taken by the first CPU enabled for the
 * service-signal subclass (KVM gates 0x2603 on it). An interruption equal to one still
 * pending is not queued twice: the driver scans the whole used ring when it takes one.
 */
export class ExternalQueue {
  private readonly items: FloatingExternal[] = [];

  get pending(): boolean { return this.items.length > 0; }

  raise(e: FloatingExternal): void {
    const same = this.items.some((x) => x.code === e.code && x.subcode === e.subcode && x.param === e.param
      && x.param64Hi === e.param64Hi && x.param64Lo === e.param64Lo);
    if (!same) this.items.push(e);
  }

  peek(): FloatingExternal | undefined { return this.items[0]; }

  take(): FloatingExternal | undefined { return this.items.shift(); }
}

export class Vcpu implements CpuTiming {
  readonly clocks: CpuClocks;
  /** CPU addresses with an emergency signal pending here. */
  readonly emergencyFrom = new Set<number>();
  /** CPU address of a pending external call, or -1. */
  externalCallFrom = -1;
  restartPending = false;
  todProgrammable = 0;
  /** The pseudo-page-fault handshake (diagnose 0x258) this CPU established. */
  readonly pfault = new PfaultHandshake();

  constructor(readonly cpu: Cpu, tod: TodClock, private readonly service: ServiceSignal,
    private readonly floating = new ExternalQueue()) {
    this.clocks = new CpuClocks(tod);
  }

  get address(): number { return this.cpu.cpuAddress; }

  // ---- CpuTiming (used by the clock instructions) -------------------------------------

  cpuTimer(): bigint { return this.clocks.cpuTimer(); }
  setCpuTimer(v: bigint): void { this.clocks.setCpuTimer(v); }
  clockComparator(): bigint { return this.clocks.clockComparator(); }
  setClockComparator(v: bigint): void { this.clocks.setClockComparator(v); }

  // ---- state ---------------------------------------------------------------------------

  get stopped(): boolean { return this.cpu.stopped; }
  get waiting(): boolean { return (this.cpu.pswMask & PSW.WAIT) !== 0; }
  /** Wait with every interruption class masked off: only a reset or restart ends it. */
  get disabledWait(): boolean {
    return this.waiting && (this.cpu.pswMask & (PSW.EXT | PSW.IO | PSW.MCHECK)) === 0;
  }

  /**
   * The external interruption to take now, in QEMU's priority order, or 0. Emergency
   * signals and external calls are consumed here; timer conditions persist.
   */
  pendingExternal(now: number): number {
    const cpu = this.cpu;
    if ((cpu.pswMask & PSW.EXT) === 0) return 0;
    const cr0 = cpu.cr[1];
    if ((cr0 & CR0_SUBCLASS.EMERGENCY_SIGNAL) !== 0 && this.emergencyFrom.size > 0) return EXT_CODE.EMERGENCY_SIGNAL;
    if ((cr0 & CR0_SUBCLASS.EXTERNAL_CALL) !== 0 && this.externalCallFrom >= 0) return EXT_CODE.EXTERNAL_CALL;
    if ((cr0 & CR0_SUBCLASS.CLOCK_COMPARATOR) !== 0 && this.clocks.comparatorPending(now)) return EXT_CODE.CLOCK_COMPARATOR;
    if ((cr0 & CR0_SUBCLASS.CPU_TIMER) !== 0 && this.clocks.timerPending(now)) return EXT_CODE.CPU_TIMER;
    if ((cr0 & CR0_SUBCLASS.SERVICE_SIGNAL) !== 0 && this.service.pending) return EXT_CODE.SERVICE_SIGNAL;
    if ((cr0 & CR0_SUBCLASS.SERVICE_SIGNAL) !== 0 && this.floating.pending) return (this.floating.peek() as FloatingExternal).code;
    return 0;
  }

  /** Host time of the earliest enabled timer condition (Infinity if none can occur). */
  nextDeadline(): number {
    const cpu = this.cpu;
    if ((cpu.pswMask & PSW.EXT) === 0) return Infinity;
    let t = Infinity;
    if ((cpu.cr[1] & CR0_SUBCLASS.CLOCK_COMPARATOR) !== 0) t = Math.min(t, this.clocks.comparatorDeadline);
    if ((cpu.cr[1] & CR0_SUBCLASS.CPU_TIMER) !== 0) t = Math.min(t, this.clocks.timerDeadline);
    return t;
  }

  /** Performs external interruption `code` with the old PSW pointing at `address`. */
  deliverExternal(code: number, address: number): void {
    const cpu = this.cpu;
    if (code === EXT_CODE.EMERGENCY_SIGNAL) {
      const from = Math.min(...this.emergencyFrom);
      this.emergencyFrom.delete(from);
      cpu.writeReal16(LOWCORE.EXT_CPU_ADDR, from);
    } else if (code === EXT_CODE.EXTERNAL_CALL) {
      cpu.writeReal16(LOWCORE.EXT_CPU_ADDR, this.externalCallFrom);
      this.externalCallFrom = -1;
    } else if (code === EXT_CODE.SERVICE_SIGNAL) {
      cpu.writeReal32(LOWCORE.EXT_PARAMS, this.service.take());
    } else if (this.floating.peek()?.code === code) {
      const e = this.floating.take() as FloatingExternal;
      cpu.writeReal16(LOWCORE.EXT_CPU_ADDR, e.subcode);
      cpu.writeReal32(LOWCORE.EXT_PARAMS, e.param);
      cpu.writeReal32(EXT_PARAMS2, e.param64Hi);
      cpu.writeReal32(EXT_PARAMS2 + 4, e.param64Lo);
    }
    cpu.writeReal16(LOWCORE.EXT_INT_CODE, code);
    cpu.swapPsw(LOWCORE.EXTERNAL_OLD_PSW, LOWCORE.EXTERNAL_NEW_PSW, address);
  }

  /** The I/O-interruption subclasses CR6 enables (0x80 = ISC 0), or 0 while PSW I/O is off. */
  get ioMask(): number {
    return (this.cpu.pswMask & PSW.IO) === 0 ? 0 : (this.cpu.cr[13] >>> 24) & 0xff;
  }

  /** Performs I/O interruption `irq` with the old PSW pointing at `address`. */
  deliverIo(irq: IoInterruption, address: number): void {
    const cpu = this.cpu;
    cpu.writeReal32(LOWCORE.SUBCHANNEL_ID, irq.sid);
    cpu.writeReal32(LOWCORE.IO_INT_PARM, irq.parameter);
    cpu.writeReal32(LOWCORE.IO_INT_WORD, irq.word);
    cpu.swapPsw(LOWCORE.IO_OLD_PSW, LOWCORE.IO_NEW_PSW, address);
  }

  /** Restart interruption: not maskable; a stopped CPU is started by it. */
  deliverRestart(address: number): void {
    this.restartPending = false;
    this.cpu.stopped = false;
    this.cpu.swapPsw(LOWCORE.RESTART_OLD_PSW, LOWCORE.RESTART_NEW_PSW, address);
  }

  // ---- resets and store status ---------------------------------------------------------

  /** CPU reset: stopped, pending interruptions of this CPU cleared, registers kept. */
  cpuReset(): void {
    this.cpu.stopped = true;
    // The TLB is part of the CPU state a reset clears (PoP "Resets").
    this.cpu.mmu.tlb.purgeAll();
    this.emergencyFrom.clear();
    this.externalCallFrom = -1;
    this.restartPending = false;
  }

  /** Initial CPU reset: CPU reset plus PSW, prefix, timers, control registers, FPC. */
  initialCpuReset(): void {
    this.cpuReset();
    const cpu = this.cpu;
    cpu.pswMask = 0;
    cpu.cc = 0;
    cpu.amode = 24;
    cpu.ia = 0;
    cpu.prefix = 0;
    cpu.cr.fill(0);
    cpu.cr[1] = CR0_RESET;
    cpu.cr[29] = CR14_RESET;
    cpu.fpc = 0;
    this.todProgrammable = 0;
    this.clocks.reset();
    this.pfault.reset();
  }

  /** Clear reset (IPL): initial CPU reset plus every register cleared. */
  clearReset(): void {
    this.initialCpuReset();
    this.cpu.gpr.fill(0);
    this.cpu.ar.fill(0);
    this.cpu.vr.fill(0);
  }

  /**
   * Stores the architected status at absolute `base` (0x1200 layout). The default
   * area also records the z/Architecture mode at absolute 0xa3.
   */
  storeStatus(view: DataView, base: number, defaultArea: boolean): void {
    const cpu = this.cpu;
    const at = (lowcoreOffset: number): number => base + lowcoreOffset - LOWCORE.FPR_SAVE;
    if (defaultArea) view.setUint8(ARCH_MODE_ID, 1);
    for (let i = 0; i < 16; i++) {
      view.setUint32(at(LOWCORE.FPR_SAVE) + 8 * i, cpu.vr[4 * i]);
      view.setUint32(at(LOWCORE.FPR_SAVE) + 8 * i + 4, cpu.vr[4 * i + 1]);
      view.setUint32(at(LOWCORE.GPR_SAVE) + 8 * i, cpu.gpr[2 * i]);
      view.setUint32(at(LOWCORE.GPR_SAVE) + 8 * i + 4, cpu.gpr[2 * i + 1]);
      view.setUint32(at(LOWCORE.CR_SAVE) + 8 * i, cpu.cr[2 * i]);
      view.setUint32(at(LOWCORE.CR_SAVE) + 8 * i + 4, cpu.cr[2 * i + 1]);
      view.setUint32(at(LOWCORE.AR_SAVE) + 4 * i, cpu.ar[i]);
    }
    const psw = cpu.pswWords();
    for (let i = 0; i < 4; i++) view.setUint32(at(LOWCORE.PSW_SAVE) + 4 * i, psw[i]);
    view.setUint32(at(LOWCORE.PREFIX_SAVE), cpu.prefix);
    view.setUint32(at(LOWCORE.FPC_SAVE), cpu.fpc);
    view.setUint32(at(LOWCORE.TOD_PROG_SAVE), this.todProgrammable);
    view.setBigUint64(at(LOWCORE.CPU_TIMER_SAVE), BigInt.asUintN(64, this.clocks.cpuTimer()));
    // Clock comparator bits 0-55 in the seven bytes after the first.
    view.setBigUint64(at(LOWCORE.CLOCK_COMP_SAVE), this.clocks.clockComparator() >> 8n);
    view.setBigUint64(at(BEAR_SAVE), 0n);
  }

  /** Sets the IPL PSW: 64-bit addressing, everything else off, at `entry`. */
  setIplPsw(entry: number): void {
    this.cpu.loadPsw(PSW.EA, PSW_BA, Math.floor(entry / 0x1_0000_0000), entry >>> 0);
    this.cpu.stopped = false;
  }
}
