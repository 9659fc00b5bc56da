// The debugger's control of a Machine (the DebugControl it consults): which vcpus are
// held, stepping or running, software/hardware breakpoints by instruction address and
// watchpoints by logical address, all inside the emulator (guest memory is never patched).
// Breakpoints are checked before each instruction only while some exist (compiled blocks
// are then not used, so none can be skipped); watchpoints wrap the vcpu's storage-access
// path only while some exist. With neither, a running vcpu runs at full speed.
import { Cpu } from '../cpu/cpu';
import type { DebugControl, Machine } from '../machine/machine';
import type { Vcpu } from '../machine/vcpu';

/** Signals in stop replies (gdb's numbering). */
export const SIGNAL = { INT: 2, ILL: 4, TRAP: 5 } as const;

export type WatchKind = 'watch' | 'rwatch' | 'awatch';

export interface Watchpoint {
  readonly kind: WatchKind;
  readonly address: number;
  readonly length: number;
}

export type StopEvent =
  | { readonly kind: 'signal'; readonly signal: number; readonly vcpu: number; readonly watch?: { readonly kind: WatchKind; readonly address: number } }
  | { readonly kind: 'exited'; readonly status: number };

export type VcpuAction = 'hold' | 'continue' | 'step';

type Translate = Cpu['translate'];

export class DebugTarget implements DebugControl {
  halted = true;
  readonly breakpoints = new Set<number>();
  readonly watchpoints: Watchpoint[] = [];
  /** The last stop, for '?'. */
  lastStop: StopEvent = { kind: 'signal', signal: SIGNAL.TRAP, vcpu: 0 };
  /** Told of every stop that ends a resume. */
  onStop: ((e: StopEvent) => void) | undefined;
  private actions: VcpuAction[];
  /** Per vcpu: an address whose breakpoint is passed over once (the one resumed from). */
  private skipAt: number[];
  private watchHit: { kind: WatchKind; address: number } | undefined;
  private lastRan = 0;

  constructor(readonly machine: Machine) {
    this.actions = machine.vcpus.map(() => 'hold');
    this.skipAt = machine.vcpus.map(() => -1);
  }

  get vcpus(): readonly Vcpu[] { return this.machine.vcpus; }

  attach(): void { this.machine.debug = this; }

  /** Removes every breakpoint and watchpoint and lets the guest run on its own. */
  detach(): void {
    this.breakpoints.clear();
    this.watchpoints.length = 0;
    this.syncWatch();
    this.halted = false;
    this.onStop = undefined;
    this.machine.debug = undefined;
  }

  holds(v: Vcpu): boolean {
    return this.actions[v.address] === 'hold';
  }

  /** Resumes with one action per vcpu; reports a stop at once when nothing can run. */
  resume(actions: readonly VcpuAction[]): void {
    this.actions = [...actions];
    this.watchHit = undefined;
    this.vcpus.forEach((v, i) => { this.skipAt[i] = this.breakpoints.has(v.cpu.ia) ? v.cpu.ia : -1; });
    this.halted = false;
    const live = this.vcpus.find((v, i) => actions[i] !== 'hold' && !v.stopped);
    if (live === undefined) {
      const first = actions.findIndex((a) => a !== 'hold');
      this.stop(first < 0 ? 0 : first, SIGNAL.TRAP);
    }
  }

  /** Ctrl-C: stops every vcpu. */
  interrupt(preferred: number): void {
    if (this.halted) return;
    const running = this.actions.findIndex((a, i) => a !== 'hold' && !this.vcpus[i].stopped);
    this.stop(this.actions[preferred] !== 'hold' ? preferred : running >= 0 ? running : this.lastRan, SIGNAL.INT);
  }

  /** Stops without telling the debugger (a debugger just connected). */
  haltQuietly(): void {
    this.halted = true;
    this.actions.fill('hold');
  }

  /** The emulator stopped on a guest it cannot run on: the vcpu that ran last stops. */
  fault(): void {
    this.stop(this.lastRan, SIGNAL.ILL);
  }

  /** The guest ended the run (all vcpus stopped, power-off, error). */
  exited(status: number): void {
    this.halted = true;
    this.actions.fill('hold');
    this.lastStop = { kind: 'exited', status };
    this.onStop?.(this.lastStop);
  }

  run(v: Vcpu, n: number): number {
    const i = v.address;
    const cpu = v.cpu;
    this.lastRan = i;
    const action = this.actions[i];
    if (action === 'continue' && this.breakpoints.size === 0 && this.watchpoints.length === 0) return cpu.run(n);
    let done = 0;
    while (done < n && !v.stopped && !v.waiting) {
      if (this.breakpoints.size > 0 && this.breakpoints.has(cpu.ia) && this.skipAt[i] !== cpu.ia) {
        this.stop(i, SIGNAL.TRAP);
        return done;
      }
      this.skipAt[i] = -1;
      cpu.step();
      done++;
      if (this.watchHit !== undefined) {
        this.stop(i, SIGNAL.TRAP, this.watchHit);
        return done;
      }
      if (action === 'step') {
        this.stop(i, SIGNAL.TRAP);
        return done;
      }
    }
    return done;
  }

  private stop(vcpu: number, signal: number, watch?: { kind: WatchKind; address: number }): void {
    this.halted = true;
    this.actions.fill('hold');
    this.watchHit = undefined;
    this.lastStop = watch ? { kind: 'signal', signal, vcpu, watch } : { kind: 'signal', signal, vcpu };
    this.onStop?.(this.lastStop);
  }

  // ---- watchpoints ----------------------------------------------------------------------

  addWatch(w: Watchpoint): void {
    if (!this.watchpoints.some((x) => x.kind === w.kind && x.address === w.address && x.length === w.length)) this.watchpoints.push(w);
    this.syncWatch();
  }

  removeWatch(w: Watchpoint): boolean {
    const k = this.watchpoints.findIndex((x) => x.kind === w.kind && x.address === w.address && x.length === w.length);
    if (k < 0) return false;
    this.watchpoints.splice(k, 1);
    this.syncWatch();
    return true;
  }

  /**
   * Installs (or removes) a wrapper around each vcpu's translate(), the one path every
   * operand access takes, so accesses are compared with the watchpoints only while any
   * exist. The hit is reported after the instruction completes, as gdb expects.
   */
  private syncWatch(): void {
    const plain: Translate = Cpu.prototype.translate;
    for (const v of this.vcpus) {
      if (this.watchpoints.length === 0) {
        v.cpu.translate = plain;
        continue;
      }
      const cpu = v.cpu;
      cpu.translate = (logical, len, write, fetch = false) => {
        const abs = plain.call(cpu, logical, len, write, fetch);
        if (!fetch && this.watchHit === undefined) this.checkWatch(logical, len, write);
        return abs;
      };
    }
  }

  private checkWatch(logical: number, len: number, write: boolean): void {
    for (const w of this.watchpoints) {
      if (logical >= w.address + w.length || logical + len <= w.address) continue;
      if (w.kind === 'watch' && !write) continue;
      if (w.kind === 'rwatch' && write) continue;
      this.watchHit = { kind: w.kind, address: w.address };
      return;
    }
  }
}
