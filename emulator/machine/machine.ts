// The s390-ccw-virtio-like machine: guest storage, vcpus, the SCLP console, SIGP,
// diagnose and clocks, and the synchronous run loop that schedules the vcpus round-robin,
// delivers external and restart interruptions, and idles while every CPU waits.
// Boot follows QEMU's -kernel IPL (loader.ts): CPU 0 starts at the kernel entry in
// 64-bit mode with everything else reset; the other CPUs are stopped.
import { Cpu, type CpuTiming, type MachineHooks } from '../cpu/cpu';
import { GuestHalt } from '../cpu/interrupts';
import { ChannelSubsystem } from '../io/css';
import { disassembleOne } from '../isa/disassembler';
import { GuestStorage } from '../mmu/storage';
import { DIAG, Diagnose, type DiagnoseHandler } from './diagnose';
import { loadKernel, parseKernel, type BootOptions, type LoadedKernel } from './loader';
import { channelReportCheckEnabled, deliverChannelReportCheck } from './machine-check';
import { Sclp } from './sclp';
import { SIGP_ORDER, signalProcessor } from './sigp';
import { systemInformationBlock } from './stsi';
import { HOST_CLOCK, TodClock, type HostClock } from './timers';
import { interruptTracer } from './trace';
import { ExternalQueue, ServiceSignal, Vcpu, type FloatingExternal } from './vcpu';

export { LoaderError } from './loader';

export interface MachineOptions {
  /** Bytes, a multiple of 1 MiB. */
  memory: number;
  /**
   * Bytes of storage just above guest memory that a device transport maps for the guest
   * (s390-virtio's device page and rings), a multiple of 4 KiB; default 0. The guest is
   * told only `memory`; addresses beyond memory + window stay addressing exceptions.
   */
  deviceWindow?: number;
  /** vcpus, default 1. */
  smp?: number;
  /** Guest console output (SCLP line-mode / VT220), one char per byte. */
  console: (text: string) => void;
  /** Pending console input, polled. */
  consoleInput?: () => string | undefined;
  /** --trace: one line per executed instruction. */
  trace?: (line: string) => void;
  /** --trace-interrupts: one line per interruption (class, code, old PSW address). */
  traceInterrupts?: (line: string) => void;
  /** Offer the SCLP line-mode console too (QEMU: -device sclplmconsole). Default off. */
  lineModeConsole?: boolean;
  /** Host clocks (tests substitute a fake one). */
  clock?: HostClock;
}

/**
 * A debugger's hold on the vcpus (the gdb stub): while attached, each vcpu's slice runs
 * through it so it can stop at breakpoints and single-step. Absent, the loop pays nothing.
 */
export interface DebugControl {
  /** The debugger has stopped the machine: run() returns 'limit' at once. */
  readonly halted: boolean;
  /** `v` is held stopped by the debugger while others run or step. */
  holds(v: Vcpu): boolean;
  /** Runs up to `n` instructions of `v` with the debugger's checks; returns how many ran. */
  run(v: Vcpu, n: number): number;
}

export interface RunResult {
  reason: 'stopped' | 'disabled-wait' | 'power-off' | 'limit' | 'error';
  /** For 'error' / 'disabled-wait': PSW and a short reason. */
  message?: string;
  instructions: number;
}

/** A machine that cannot be built as asked (bad memory size, CPU count). */
export class MachineError extends Error {
  override name = 'MachineError';
}

const MIB = 0x10_0000;
export const MAX_CPUS = 64;
/** Instructions a vcpu runs before the loop looks at timers, input and other vcpus. */
const SLICE = 20_000;
/** Longest sleep while idle, so console input is noticed promptly. */
const IDLE_POLL_MS = 10;
const MIN_SLEEP_MS = 0.01;
const PAGE = 4096;
/** SIGP orders that give the target CPU something to do. */
const SIGNALLING_ORDERS: ReadonlySet<number> = new Set([SIGP_ORDER.EXTERNAL_CALL, SIGP_ORDER.EMERGENCY_SIGNAL,
  SIGP_ORDER.CONDITIONAL_EMERGENCY_SIGNAL, SIGP_ORDER.RESTART, SIGP_ORDER.START]);

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

export class Machine {
  readonly storage: GuestStorage;
  /** Guest memory as the machine reports it (SCLP); the device window starts here. */
  readonly memory: number;
  readonly vcpus: readonly Vcpu[];
  readonly sclp: Sclp;
  readonly diagnose: Diagnose;
  readonly tod: TodClock;
  /** The channel subsystem (devices attach here as subchannels). */
  readonly css = new ChannelSubsystem();
  /** Host-side notes for the user (unsupported diagnose codes...), oldest first. */
  readonly notes: string[] = [];
  /** Interruption and intercept counters, like kvm_stat. */
  readonly counters = new Map<string, number>();
  private readonly service = new ServiceSignal();
  /** Floating external interruptions of devices (s390-virtio's 0x2603). */
  private readonly floating = new ExternalQueue();
  private readonly storageKeys: Uint8Array;
  private readonly clock: HostClock;
  private readonly hooks: MachineHooks;
  private loaded: LoadedKernel | undefined;
  /** The vcpu executing right now (others are "not running" to SIGP sense running status). */
  private current: Vcpu | undefined;
  /** Where a directed yield goes after the current slice. */
  private yieldTo: Vcpu | undefined;
  /** The vcpu whose last instruction asked for an interruption check (interruptAfter). */
  private checkAfter: Vcpu | undefined;
  /** Set while a debugger (gdb stub) controls the vcpus. */
  debug: DebugControl | undefined;
  /** Device backends that may still raise interruptions (addWakeSource). */
  private readonly wakeSources: (() => boolean)[] = [];
  /** Set when the guest ends the run itself (re-IPL request). */
  private ended: Omit<RunResult, 'instructions'> | undefined;

  constructor(private readonly options: MachineOptions) {
    const { memory } = options;
    if (!Number.isInteger(memory) || memory <= 0 || memory % MIB !== 0) {
      throw new MachineError(`guest memory must be a positive multiple of 1 MiB, got ${memory} bytes`);
    }
    const window = options.deviceWindow ?? 0;
    if (!Number.isInteger(window) || window < 0 || window % PAGE !== 0) throw new MachineError(`the device window must be a multiple of 4 KiB, got ${window} bytes`);
    const smp = options.smp ?? 1;
    if (!Number.isInteger(smp) || smp < 1 || smp > MAX_CPUS) throw new MachineError(`smp must be 1 to ${MAX_CPUS}, got ${smp}`);
    this.clock = options.clock ?? HOST_CLOCK;
    this.memory = memory;
    this.storage = new GuestStorage(memory + window);
    this.storageKeys = new Uint8Array(this.storage.size / PAGE);
    this.tod = new TodClock(this.clock);
    this.hooks = this.makeHooks();
    const vcpus: Vcpu[] = [];
    for (let i = 0; i < smp; i++) {
      const cpu = new Cpu(this.storage, i);
      cpu.machine = this.hooks;
      if (options.traceInterrupts) cpu.interruptObserver = interruptTracer(options.traceInterrupts, smp > 1);
      const v = new Vcpu(cpu, this.tod, this.service, this.floating);
      v.clearReset();
      vcpus.push(v);
    }
    this.vcpus = vcpus;
    this.diagnose = new Diagnose({
      note: (m) => this.note(m),
      reipl: (subcode) => {
        // Kuli does not reboot: the run ends as a power-off with the reason.
        for (const v of this.vcpus) v.cpu.stopped = true;
        this.ended = { reason: 'power-off', message: `the guest asked for a reset or re-IPL (diagnose 0x308 subcode ${subcode}); kuli does not reboot` };
      },
    });
    // Yield hints end the vcpu's slice: on one host thread, the vcpu it waits for can only
    // make progress once this one stops spinning.
    this.diagnose.register(DIAG.TIME_SLICE_END, (cpu) => this.yieldFrom(cpu));
    this.diagnose.register(DIAG.DIRECTED_YIELD, (cpu, r1) => {
      const to = this.vcpus.find((x) => x.address === (cpu.r32(r1) & 0xffff));
      this.yieldFrom(cpu, to !== undefined && to.cpu !== cpu ? to : undefined);
    });
    this.diagnose.register(DIAG.PAGE_REFERENCE_SERVICES, (cpu, r1, r3) => this.vcpuOf(cpu).pfault.call(cpu, r1, r3, this.storage.size));
    this.sclp = new Sclp({
      memory,
      cpuCount: smp,
      console: (t) => options.console(t),
      read: (abs, len) => this.storage.bytes.slice(abs, abs + len),
      write: (abs, data) => {
        this.storage.bytes.set(data, abs);
        this.written(abs, data.length);
      },
      serviceSignal: (p) => this.service.raise(p),
    }, { lineMode: options.lineModeConsole });
  }

  /** Loads an ELF or s390 kernel image and prepares CPU 0 to start at its entry. */
  loadKernel(data: Uint8Array, fileName: string, boot: BootOptions = {}): LoadedKernel {
    const image = parseKernel(data, fileName);
    const loaded = loadKernel(this.storage.bytes.subarray(0, this.memory), image, fileName, boot);
    this.written(0, this.storage.size);
    for (const v of this.vcpus) v.clearReset();
    this.vcpus[0].setIplPsw(loaded.entry);
    this.loaded = loaded;
    return loaded;
  }

  /** Makes a floating external interruption pending (a device signals its driver). */
  raiseExternal(e: FloatingExternal): void {
    this.floating.raise(e);
  }

  /** Adds a diagnose implementation (devices: virtio's 0x500...). */
  registerDiagnose(code: number, handler: DiagnoseHandler): void {
    this.diagnose.register(code, handler);
  }

  /**
   * Runs until no vcpu can run any more (all stopped, or in a disabled wait), or until
   * `maxInstructions` have been executed. Synchronous; idles with the host clock.
   */
  run(maxInstructions = Infinity): RunResult {
    return this.execute(maxInstructions, Infinity);
  }

  /**
   * Like run(), but also returns 'limit' once the vcpus have idled for `maxIdleMs`,
   * so an event-driven caller can collect console input between slices.
   */
  runSlice(maxInstructions: number, maxIdleMs: number): RunResult {
    return this.execute(maxInstructions, maxIdleMs);
  }

  private execute(max: number, maxIdleMs: number): RunResult {
    if (this.loaded === undefined) throw new MachineError('no kernel loaded');
    let executed = 0;
    let idled = 0;
    const icountAtStart = this.vcpus.reduce((n, v) => n + v.cpu.icount, 0);
    try {
      for (;;) {
        const dbg = this.debug;
        if (dbg !== undefined && dbg.halted) return { reason: 'limit', instructions: executed };
        this.pollInput();
        let ran = false;
        for (const v of this.vcpus) {
          if (v.stopped || (dbg !== undefined && dbg.holds(v))) continue;
          this.takeInterrupts(v);
          if (v.stopped || v.waiting) continue;
          ran = true;
          executed += this.slice(v, Math.min(SLICE, max - executed));
          // A directed yield (diagnose 0x9c, a signal to another CPU): that CPU goes next.
          const target = this.yieldTo;
          this.yieldTo = undefined;
          if (target !== undefined && target !== v && !target.stopped && executed < max && !(dbg?.holds(target) ?? false)) {
            this.takeInterrupts(target);
            if (!target.stopped && !target.waiting) executed += this.slice(target, Math.min(SLICE, max - executed));
          }
          if (executed >= max || dbg?.halted === true) return { reason: 'limit', instructions: executed };
        }
        if (this.ended !== undefined) return { ...this.ended, instructions: executed };
        const end = this.finished(executed);
        if (end !== undefined) return end;
        if (ran) continue;
        // Every CPU that is not stopped waits for an interruption.
        const now = this.clock.now();
        let deadline = Infinity;
        for (const v of this.vcpus) if (!v.stopped) deadline = Math.min(deadline, v.nextDeadline());
        if (deadline === Infinity && !this.inputCanWake()) {
          const v = this.vcpus.find((x) => !x.stopped) as Vcpu;
          return { reason: 'disabled-wait', message: `${this.pswText(v)}: enabled wait, but no interruption can arrive`, instructions: executed };
        }
        // At least a tick: a condition due exactly now becomes pending only after it.
        const ms = Math.max(MIN_SLEEP_MS, Math.min(deadline - now, IDLE_POLL_MS, maxIdleMs - idled));
        this.clock.sleep(ms);
        idled += ms;
        this.count('idle-sleeps');
        if (idled >= maxIdleMs) return { reason: 'limit', instructions: executed };
      }
    } catch (e) {
      if (e instanceof GuestHalt) {
        const v = this.vcpus.find((x) => x.cpu.current !== undefined && !x.stopped) ?? this.vcpus[0];
        const instructions = this.vcpus.reduce((n, x) => n + x.cpu.icount, 0) - icountAtStart;
        return { reason: 'error', message: `${e.message} (${this.pswText(v)})`, instructions };
      }
      throw e;
    }
  }

  /**
   * Runs `v` for up to `budget` instructions (fewer if it stops, waits or yields). An
   * interruption an instruction made pending (interruptAfter) is taken between
   * instructions here, and the slice goes on.
   */
  private slice(v: Vcpu, budget: number): number {
    const dbg = this.debug;
    this.current = v;
    let done = 0;
    try {
      for (;;) {
        done += dbg !== undefined ? dbg.run(v, budget - done) : this.options.trace ? this.traceSteps(v, budget - done) : v.cpu.run(budget - done);
        if (this.checkAfter !== v) return done;
        this.checkAfter = undefined;
        this.takeInterrupts(v);
        if (v.stopped || v.waiting || done >= budget || this.yieldTo !== undefined || dbg?.halted === true) return done;
      }
    } finally {
      this.current = undefined;
      this.checkAfter = undefined;
    }
  }

  /**
   * An instruction (SERVC, SIGP) may have made an interruption pending for its own CPU:
   * it is taken once the instruction has completed (its condition code is part of the
   * old PSW), so the vcpu's run stops after this instruction and slice() takes it.
   */
  private interruptAfter(cpu: Cpu): void {
    cpu.yieldRequested = true;
    this.checkAfter = this.vcpuOf(cpu);
  }

  /**
   * Ends the running vcpu's slice after this instruction; `to` (another vcpu) runs next.
   * All vcpus share this thread, so a vcpu spinning on another would otherwise spin for
   * its whole slice.
   */
  private yieldFrom(cpu: Cpu, to?: Vcpu): void {
    cpu.yieldRequested = true;
    if (to !== undefined) this.yieldTo = to;
    this.count(to !== undefined ? 'directed-yields' : 'yields');
  }

  /** The run is over when every CPU is stopped or in a disabled wait. */
  private finished(executed: number): RunResult | undefined {
    if (!this.vcpus.every((v) => v.stopped || v.disabledWait)) return undefined;
    const waiting = this.vcpus.find((v) => !v.stopped);
    if (waiting === undefined) return { reason: 'stopped', instructions: executed };
    return { reason: 'disabled-wait', message: `${this.pswText(waiting)}: disabled wait`, instructions: executed };
  }

  private pswText(v: Vcpu): string {
    const w = v.cpu.pswWords();
    return `CPU ${v.address} PSW ${hex(w[0], 8)}${hex(w[1], 8)} ${hex(w[2], 8)}${hex(w[3], 8)}`;
  }

  private inputCanWake(): boolean {
    return this.options.consoleInput !== undefined || this.wakeSources.some((canWake) => canWake());
  }

  /**
   * Adds a source of future interruptions besides the clocks and console input (a device
   * backend that can still produce input): while it returns true, a machine whose vcpus
   * all wait idles (polling every 10 ms) instead of ending with "no interruption can
   * arrive". It is asked only when no clock or console input can wake the vcpus.
   */
  addWakeSource(canWake: () => boolean): void {
    this.wakeSources.push(canWake);
  }

  private pollInput(): void {
    const input = this.options.consoleInput?.();
    if (input !== undefined && input.length > 0) this.sclp.addInput(input);
  }

  /** Restart and external interruptions pending for `v`, taken between instructions. */
  private takeInterrupts(v: Vcpu): void {
    if (v.restartPending) {
      v.deliverRestart(v.cpu.ia);
      this.count('restart');
    }
    this.takeMachineCheck(v, v.cpu.ia);
    const now = this.clock.now();
    for (let i = 0; i < 8; i++) {
      const code = v.pendingExternal(now);
      if (code === 0) break;
      v.deliverExternal(code, v.cpu.ia);
      this.count(`ext-0x${code.toString(16)}`);
    }
    this.takeIo(v, v.cpu.ia);
  }

  /**
   * Delivers a pending channel-report machine check if `v` is enabled for it; true if it
   * did. Repressible machine checks come before external and I/O interruptions.
   */
  private takeMachineCheck(v: Vcpu, address: number): boolean {
    const reports = this.css.reports;
    if (!reports.machineCheckPending || !channelReportCheckEnabled(v.cpu) || !reports.takeMachineCheck()) return false;
    deliverChannelReportCheck(v.cpu, address, {
      cpuTimer: v.clocks.cpuTimer(), clockComparator: v.clocks.clockComparator(), todProgrammable: v.todProgrammable,
    }, true);
    this.count('machine-check');
    return true;
  }

  /** Delivers one pending I/O interruption `v` is enabled for; true if it did. */
  private takeIo(v: Vcpu, address: number): boolean {
    const mask = v.ioMask;
    if (mask === 0 || !this.css.interruptionPending(mask)) return false;
    const irq = this.css.dequeue(mask);
    if (irq === undefined) return false;
    v.deliverIo(irq, address);
    this.count('io');
    return true;
  }

  /** Executes up to `n` instructions one by one, reporting each to options.trace. */
  private traceSteps(v: Vcpu, n: number): number {
    const trace = this.options.trace as (line: string) => void;
    const cpu = v.cpu;
    const prefix = this.vcpus.length > 1 ? `cpu${v.address} ` : '';
    let done = 0;
    cpu.yieldRequested = false;
    while (done < n && !v.stopped && !v.waiting && !cpu.yieldRequested) {
      let text: string;
      try {
        const d = cpu.fetch();
        const t = disassembleOne(d.bytes, 0, BigInt(cpu.ia));
        text = t.operands ? `${t.mnemonic}\t${t.operands}` : t.mnemonic;
      } catch {
        text = '(not addressable)';
      }
      trace(`${prefix}${cpu.ia.toString(16).padStart(8, ' ')}:\t${text}`);
      cpu.step();
      done++;
    }
    return done;
  }

  private count(what: string): void {
    this.counters.set(what, (this.counters.get(what) ?? 0) + 1);
  }

  private note(message: string): void {
    if (this.notes.length < 100) this.notes.push(message);
  }

  /** Guest storage [abs, abs+len) was written by the host (devices too): drop decoded code there. */
  written(abs: number, len: number): void {
    if (len <= 0) return;
    // One call reaches every vcpu: they share the code-page bookkeeping of this storage.
    this.vcpus[0].cpu.invalidateRange(abs, len);
  }

  private vcpuOf(cpu: Cpu): Vcpu {
    return this.vcpus[cpu.cpuAddress];
  }

  private makeHooks(): MachineHooks {
    return {
      serviceCall: (cpu, command, sccbAddress) => {
        this.count('servc');
        const abs = sccbAddress < 2 ** 52 ? cpu.absolute(sccbAddress) : sccbAddress;
        const cc = this.sclp.serviceCall(command, abs, sccbAddress, cpu.prefix);
        this.interruptAfter(cpu);
        return cc;
      },
      signalProcessor: (cpu, order, target, parameter, statusReg) => {
        this.count(`sigp-0x${order.toString(16)}`);
        const result = signalProcessor({
          vcpus: this.vcpus,
          memory: this.storage.size,
          view: this.storage.view,
          written: (abs, len) => this.written(abs, len),
          // One host thread runs every vcpu: only the one executing this SIGP is running.
          isRunning: (v) => v === this.current,
        }, this.vcpuOf(cpu), order, target, parameter);
        if (result.cc === 1) cpu.setR32(statusReg, result.status >>> 0);
        this.options.traceInterrupts?.(`cpu${cpu.cpuAddress} sigp 0x${order.toString(16)} to cpu${target} at ${cpu.ia.toString(16)}: cc ${result.cc}${result.cc === 1 ? ` status ${result.status.toString(16)}` : ''}`);
        // The signalled CPU has work now (and the sender often waits for it): it goes next.
        if (result.cc === 0 && SIGNALLING_ORDERS.has(order)) {
          const to = this.vcpus.find((x) => x.address === target);
          if (to !== undefined && to.cpu !== cpu) this.yieldFrom(cpu, to);
        }
        if (!cpu.stopped) this.interruptAfter(cpu);
        return result.cc;
      },
      diagnose: (cpu, code, r1, r3) => this.diagnose.call(cpu, code, r1, r3),
      todClock: () => this.tod.read(),
      setTodClock: (value) => {
        this.tod.set(value);
        for (const v of this.vcpus) v.clocks.recomputeComparator();
      },
      timing: (cpu): CpuTiming => this.vcpuOf(cpu),
      systemInformation: (fc, sel1, sel2) => systemInformationBlock(fc, sel1, sel2, this.vcpus.length),
      storageKeys: this.storageKeys,
      io: this.css,
      checkInterrupts: (cpu) => this.takeEnabledInterrupts(cpu),
    };
  }

  /**
   * From inside an instruction (cpu.nia is the next instruction): takes a restart or
   * external interruption that is pending and enabled, and continues at its new PSW.
   */
  private takeEnabledInterrupts(cpu: Cpu): void {
    const v = this.vcpuOf(cpu);
    if (v.restartPending) {
      v.deliverRestart(cpu.nia);
      cpu.nia = cpu.ia;
      this.count('restart');
    }
    if (this.takeMachineCheck(v, cpu.nia)) {
      cpu.nia = cpu.ia;
      return;
    }
    const code = v.pendingExternal(this.clock.now());
    if (code !== 0) {
      v.deliverExternal(code, cpu.nia);
      cpu.nia = cpu.ia;
      this.count(`ext-0x${code.toString(16)}`);
    } else if (this.takeIo(v, cpu.nia)) {
      cpu.nia = cpu.ia;
    }
  }
}
