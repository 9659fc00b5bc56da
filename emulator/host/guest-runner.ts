// One guest inside the host worker: builds its Machine, runs it in slices that give the
// event loop back between them (so pause/stop/console input are seen), and reports
// console output, state changes and statistics through `post`. A guest started for
// debugging gets its own gdb stub (127.0.0.1, a free port) and runs only while the
// debugger lets it. Knows nothing of worker_threads, so tests can drive it in-process. Tool requests (devices, statistics,
// page walks) are answered from the machine, also after the guest stopped.
import { basename } from 'node:path';
import { GdbServer } from '../gdbstub/server';
import { Machine, type RunResult } from '../machine/machine';
import { HOST_CLOCK, type HostClock } from '../machine/timers';
import { attachGuestDevices, type GuestDevices } from './guest-devices';
import { explainWalk, InspectError, machineDevices, machineStatistics } from './inspect-machine';
import type { GuestState, HostEvent, StartRequest, ToolRequest } from './protocol';

/**
 * Slices aim at this much host time, so pause/stop/input are honoured within tens of
 * milliseconds whatever the guest does: a guest that polls SCLP runs far fewer
 * instructions per millisecond than one that computes, so the instruction budget adapts.
 */
const SLICE_TARGET_MS = 20;
const MIN_SLICE_INSTRUCTIONS = 10_000;
const MAX_SLICE_INSTRUCTIONS = 5_000_000;
/** Idle time per slice while every vcpu waits, so input is taken promptly. */
const SLICE_IDLE_MS = 20;
/** Statistics at most this often while running. */
const STATS_INTERVAL_MS = 250;

export interface RunnerServices {
  post(event: HostEvent): void;
  readFile(path: string): Uint8Array;
  /** Schedules `fn` after pending messages are handled (setImmediate in Node). */
  defer(fn: () => void): void;
  now(): number;
  /** The machine's host clock (tests substitute a fake one); HOST_CLOCK by default. */
  clock?: HostClock;
}

/** UTF-8 bytes of `text` as the one-char-per-byte string the SCLP console takes. */
function toGuestBytes(text: string): string {
  // Terminals send CR for Enter; line-oriented guests wait for LF.
  let s = '';
  for (const b of new TextEncoder().encode(text.replace(/\r\n?/g, '\n'))) s += String.fromCharCode(b);
  return s;
}

export class GuestRunner {
  private machineState: GuestState = 'starting';
  private machine: Machine | undefined;
  /** The last machine, kept after the guest ended so tools can still look at it. */
  private inspected: Machine | undefined;
  /** Disks and network interfaces of the guest definition. */
  private devices: GuestDevices | undefined;
  /** Host time the machine slept because every vcpu waited. */
  private idleMs = 0;
  private input = '';
  private instructions = 0;
  private uptimeMs = 0;
  private sliceStart = 0;
  private lastStats = -Infinity;
  private scheduled = false;
  private budget = MIN_SLICE_INSTRUCTIONS * 10;
  private readonly decoder = new TextDecoder('utf-8');
  /** The guest's gdb stub when started with `gdb`. */
  private gdb: GdbServer | undefined;
  /** A slice is parked until the debugger resumes the guest. */
  private waitingForDebugger = false;

  constructor(private readonly request: StartRequest, private readonly services: RunnerServices) {}

  get state(): GuestState {
    return this.machineState;
  }

  start(): void {
    const { guestId, kernelPath, memory, smp, initrdPath, cmdline } = this.request;
    this.setState('starting');
    try {
      const data = this.services.readFile(kernelPath);
      const initrd = initrdPath !== undefined ? this.services.readFile(initrdPath) : undefined;
      const base = this.services.clock ?? HOST_CLOCK;
      // Idle sleeps are the machine's only waits: counting them splits run time into busy and idle.
      const clock: HostClock = {
        now: () => base.now(),
        wallMs: () => base.wallMs(),
        sleep: (ms) => { this.idleMs += ms; base.sleep(ms); },
      };
      this.machine = new Machine({
        memory,
        smp,
        clock,
        console: (t) => this.output(t),
        consoleInput: () => this.takeInput(),
      });
      this.inspected = this.machine;
      this.machine.loadKernel(data, basename(kernelPath), { cmdline, initrd });
      this.devices = attachGuestDevices(this.machine, this.request.disks ?? [], this.request.nics ?? []);
    } catch (e) {
      this.crash(`Guest ${guestId} could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if ((this.request.nics ?? []).length > 0) {
      // Network interfaces join their switch first; the guest runs once they are plugged in.
      this.devices.ready.then(() => {
        if (this.machineState !== 'starting') return;
        if (this.request.gdb === true && this.machine !== undefined) { this.startStub(this.machine); return; }
        this.setState('running');
        this.schedule();
      }, (e: unknown) => this.crash(`Guest ${guestId} could not start: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    if (this.request.gdb === true) { this.startStub(this.machine); return; }
    this.setState('running');
    this.schedule();
  }

  /** Listens for the debugger; the guest is held at its first instruction until it continues. */
  private startStub(machine: Machine): void {
    const server = new GdbServer(machine, { port: 0, wait: true });
    this.gdb = server;
    server.listen().then((port) => {
      if (this.gdb !== server) return; // stopped meanwhile
      this.services.post({ type: 'gdb', guestId: this.request.guestId, port });
      this.setState('running');
      this.schedule();
    }, (e: unknown) => this.crash(`Guest ${this.request.guestId}: ${e instanceof Error ? e.message : String(e)}`));
  }

  pause(): void {
    if (this.machineState !== 'running') return;
    this.setState('paused');
    this.postStats();
  }

  resume(): void {
    if (this.machineState !== 'paused') return;
    this.setState('running');
    this.schedule();
  }

  stop(): void {
    if (this.machineState === 'stopped' || this.machineState === 'crashed') return;
    this.finish('stopped', 'stopped by the user');
  }

  /** Answers a tool request from the machine (running, paused or ended). */
  answer(r: ToolRequest): HostEvent {
    const { guestId, requestId } = r;
    const m = this.inspected;
    if (m === undefined) return { type: 'request-failed', guestId, requestId, message: `Guest ${guestId} has no machine (it failed to start).` };
    try {
      if (r.type === 'inspect') {
        return { type: 'inspection', guestId, requestId, devices: machineDevices(m), statistics: machineStatistics(m, { runMs: this.uptimeMs, idleMs: this.idleMs }) };
      }
      return { type: 'translation', guestId, requestId, walk: explainWalk(m, r.vcpu, r.space, r.address, r.asce) };
    } catch (e) {
      if (e instanceof InspectError) return { type: 'request-failed', guestId, requestId, message: e.message };
      throw e;
    }
  }

  consoleInput(text: string): void {
    this.input += toGuestBytes(text);
  }

  private takeInput(): string | undefined {
    if (this.input.length === 0) return undefined;
    const s = this.input;
    this.input = '';
    return s;
  }

  private output(text: string): void {
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const s = this.decoder.decode(bytes, { stream: true });
    if (s.length > 0) this.services.post({ type: 'console', guestId: this.request.guestId, data: s });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.services.defer(() => {
      this.scheduled = false;
      this.slice();
    });
  }

  private slice(): void {
    const machine = this.machine;
    if (this.machineState !== 'running' || machine === undefined) return;
    const gdb = this.gdb;
    if (gdb !== undefined && (gdb.halted || gdb.killed)) {
      // The debugger holds every vcpu: no slices (and no CPU) until it resumes.
      if (gdb.killed) { this.finish('stopped', 'killed by the debugger'); return; }
      if (!this.waitingForDebugger) {
        this.waitingForDebugger = true;
        void gdb.waitForResume().then(() => { this.waitingForDebugger = false; this.schedule(); });
      }
      return;
    }
    this.sliceStart = this.services.now();
    let result: RunResult;
    try {
      result = machine.runSlice(this.budget, SLICE_IDLE_MS);
    } catch (e) {
      this.account(0);
      this.crash(`The emulator failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.account(result.instructions);
    if (gdb !== undefined) {
      if (result.reason === 'error' && gdb.connected && machine.debug !== undefined) {
        // The debugger gets to inspect what the emulator could not run.
        gdb.guestFault(result.message ?? 'the guest cannot continue');
        this.schedule();
        return;
      }
      if (result.reason !== 'limit') gdb.guestEnded(result);
    }
    switch (result.reason) {
      case 'limit':
        if (this.services.now() - this.lastStats >= STATS_INTERVAL_MS) this.postStats();
        this.schedule();
        return;
      case 'stopped':
      case 'power-off':
        this.finish('stopped', result.message);
        return;
      case 'disabled-wait':
        this.crash(`The guest stopped in a disabled wait: ${result.message ?? ''}`);
        return;
      case 'error':
        this.crash(`The guest crashed: ${result.message ?? 'unknown error'}`);
        return;
    }
  }

  private account(instructions: number): void {
    const ms = this.services.now() - this.sliceStart;
    this.instructions += instructions;
    this.uptimeMs += ms;
    // Only slices that used their whole budget say how fast the guest runs.
    if (instructions >= this.budget) {
      const next = ms > 0 ? Math.round(instructions * (SLICE_TARGET_MS / ms)) : this.budget * 2;
      this.budget = Math.min(MAX_SLICE_INSTRUCTIONS, Math.max(MIN_SLICE_INSTRUCTIONS, Math.min(next, this.budget * 2)));
    }
  }

  private crash(message: string): void {
    this.finish('crashed', message);
  }

  private finish(state: 'stopped' | 'crashed', message?: string): void {
    this.machine = undefined;
    this.devices?.close();
    this.devices = undefined;
    const gdb = this.gdb;
    this.gdb = undefined;
    void gdb?.close();
    this.postStats();
    this.setState(state, message);
  }

  private postStats(): void {
    this.lastStats = this.services.now();
    this.services.post({ type: 'stats', guestId: this.request.guestId, instructions: this.instructions, uptimeMs: Math.round(this.uptimeMs) });
  }

  private setState(state: GuestState, message?: string): void {
    this.machineState = state;
    this.services.post(message === undefined
      ? { type: 'state', guestId: this.request.guestId, state }
      : { type: 'state', guestId: this.request.guestId, state, message });
  }
}
