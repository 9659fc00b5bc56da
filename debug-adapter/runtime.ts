// The debugging runtime: drives an RSP target (breakpoints, resume, stepping by instruction,
// line or out of a function, registers, memory, stack frames) and reports typed events. It
// knows nothing of DAP or VS Code; session.ts translates.
import { RspClient, RspError, SIGNAL, tcpStream, type StopReply } from './rsp-client';
import type { RspBackend } from './backends';
import type { Program, ProgramSymbol, SourceLine } from './program';
import { readTargetRegisters, type RegisterSlot } from './registers';
import { unwind, type Gprs } from './unwind';

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception' | 'data breakpoint';

/** A watched storage range; RSP Z2/Z3/Z4 by access type. */
export interface Watchpoint {
  readonly address: number;
  readonly size: number;
  readonly access: 'write' | 'read' | 'readWrite';
}

const WATCH_TYPE = { write: 2, read: 3, readWrite: 4 } as const;

export type RuntimeEvent =
  | { readonly kind: 'stopped'; readonly reason: StopReason; readonly thread: number }
  | { readonly kind: 'output'; readonly text: string }
  | { readonly kind: 'exited'; readonly code: number };

export type BreakpointGroup = string;

/** One stack frame as far as the runtime can tell: pc, its function and source line. */
export interface Frame {
  readonly pc: number;
  /** The function whose code holds pc (for an inlined frame: the one it was inlined into). */
  readonly fn: ProgramSymbol | undefined;
  /** The name to show: the inlined function's for an inlined frame, else fn's. */
  readonly name: string | undefined;
  readonly line: SourceLine | undefined;
  /** A frame of an inlined call (it shares pc with the frames around it). */
  readonly inlined: boolean;
}

/** Breakpoint "kind" sent with Z0: the s390x breakpoint instruction length gdb uses. */
const BREAKPOINT_KIND = 2;
/** Upper bound on single steps for one line step, so a spinning loop cannot hang the adapter. */
const MAX_LINE_STEPS = 20_000;
/** Opcodes of the call instructions whose return address lands in r14. */
const CALL = { BRASL: 0xc005, BASR: 0x0d, BAS: 0x4d } as const;

export class Runtime {
  private listeners: ((e: RuntimeEvent) => void)[] = [];
  private rsp!: RspClient;
  private slots: RegisterSlot[] = [];
  private readonly groups = new Map<BreakpointGroup, Set<number>>();
  private readonly installed = new Set<number>();
  /** Installed watchpoints by their Z packet arguments (type,address,size). */
  private readonly watches = new Set<string>();
  private regCache = new Map<number, Map<string, bigint>>();
  private running = false;
  private pauseRequested = false;
  private closing = false;
  /** Breakpoints changed while running: the next SIGINT stop is ours, not the user's. */
  private resync = false;
  /** runTo's temporary breakpoint, kept across a resync. */
  private temporary: number | undefined;
  private useVCont = true;
  threads: number[] = [1];
  currentThread = 1;
  exited = false;

  constructor(readonly backend: RspBackend, readonly program: Program | undefined) {}

  on(listener: (e: RuntimeEvent) => void): void { this.listeners.push(listener); }
  private emit(e: RuntimeEvent): void { for (const l of this.listeners) l(e); }

  get isRunning(): boolean { return this.running; }
  get registerNames(): string[] { return this.slots.map((s) => s.name); }

  /** Starts or attaches to the target and learns its registers and threads; it is stopped afterwards. */
  async start(): Promise<void> {
    const ep = await this.backend.start((text) => this.emit({ kind: 'output', text }));
    let lastError: unknown;
    for (let attempt = 0; attempt < 50; attempt++) {
      try { this.rsp = new RspClient(await tcpStream(ep.host, ep.port)); lastError = undefined; break; } catch (e) {
        lastError = e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    if (lastError !== undefined) throw lastError;
    this.rsp.onOutput = (text) => this.emit({ kind: 'output', text });
    this.rsp.onClose = () => {
      // The target went away on its own (emulator crashed, QEMU quit): the session is over.
      if (!this.exited && !this.closing) { this.exited = true; this.emit({ kind: 'exited', code: 1 }); }
    };
    await this.rsp.request('qSupported:swbreak+;hwbreak+;xmlRegisters=s390');
    this.useVCont = (await this.rsp.request('vCont?')).includes(';s');
    this.slots = await readTargetRegisters(this.rsp);
    const stop = await this.rsp.request('?');
    this.threads = await this.rsp.threads();
    const t = /thread:(?:p[0-9a-f]+\.)?([0-9a-f]+)/.exec(stop);
    this.currentThread = t !== null ? Number.parseInt(t[1], 16) : this.threads[0];
  }

  // ---- registers -------------------------------------------------------------------------

  private async select(thread: number): Promise<void> {
    await this.rsp.ok(`Hg${thread.toString(16)}`);
  }

  /** All registers of `thread` by name (cached until the target runs again). */
  async registers(thread: number): Promise<Map<string, bigint>> {
    const cached = this.regCache.get(thread);
    if (cached !== undefined) return cached;
    this.assertStopped();
    await this.select(thread);
    const g = await this.rsp.request('g');
    const values = new Map<string, bigint>();
    let at = 0;
    for (const s of [...this.slots].sort((a, b) => a.regnum - b.regnum)) {
      const digits = s.bits / 4;
      let hex = at + digits <= g.length && !g.startsWith('E') ? g.slice(at, at + digits) : undefined;
      at += digits;
      // Registers past the g packet (QEMU sends only the core set) are read one by one.
      if (hex === undefined || hex.includes('x')) {
        const r = await this.rsp.request(`p${s.regnum.toString(16)}`);
        hex = r.startsWith('E') || r === '' ? undefined : r;
      }
      if (hex !== undefined) values.set(s.name, BigInt(`0x${hex.replaceAll('x', '0')}`));
    }
    this.regCache.set(thread, values);
    return values;
  }

  async register(thread: number, name: string): Promise<bigint> {
    const v = (await this.registers(thread)).get(name);
    if (v === undefined) throw new RspError(`the target has no register ${name}`);
    return v;
  }

  async setRegister(thread: number, name: string, value: bigint): Promise<void> {
    this.assertStopped();
    const s = this.slots.find((x) => x.name === name);
    if (s === undefined) throw new RspError(`the target has no register ${name}`);
    const digits = s.bits / 4;
    const hex = BigInt.asUintN(s.bits, value).toString(16).padStart(digits, '0');
    await this.select(thread);
    await this.rsp.ok(`P${s.regnum.toString(16)}=${hex}`);
    this.regCache.delete(thread);
  }

  async pc(thread: number): Promise<number> { return Number(await this.register(thread, 'pswa')); }

  // ---- memory ----------------------------------------------------------------------------

  readMemory(address: number, length: number): Promise<Uint8Array> { this.assertStopped(); return this.rsp.readMemory(address, length); }
  writeMemory(address: number, data: Uint8Array): Promise<void> { this.assertStopped(); return this.rsp.writeMemory(address, data); }

  // ---- breakpoints -----------------------------------------------------------------------

  /** Replaces the addresses of one breakpoint group (a source file, functions, instructions). */
  async setBreakpoints(group: BreakpointGroup, addresses: readonly number[]): Promise<void> {
    this.groups.set(group, new Set(addresses));
    if (!this.running) { await this.syncBreakpoints(this.temporary); return; }
    // Running: stop it briefly, install, and go on (resumeRaw resumes after the resync stop).
    this.resync = true;
    this.rsp.interrupt();
  }

  /** Replaces all watchpoints; returns for each whether the target accepted it. */
  async setWatchpoints(list: readonly Watchpoint[]): Promise<boolean[]> {
    this.assertStopped();
    const want = list.map((w) => `${WATCH_TYPE[w.access]},${w.address.toString(16)},${w.size.toString(16)}`);
    for (const w of [...this.watches]) {
      if (!want.includes(w)) { await this.rsp.request(`z${w}`); this.watches.delete(w); }
    }
    const ok: boolean[] = [];
    for (const w of want) {
      if (!this.watches.has(w) && (await this.rsp.request(`Z${w}`)) === 'OK') this.watches.add(w);
      ok.push(this.watches.has(w));
    }
    return ok;
  }

  private wanted(): Set<number> {
    const all = new Set<number>();
    for (const g of this.groups.values()) for (const a of g) all.add(a);
    return all;
  }

  private async syncBreakpoints(extra?: number): Promise<void> {
    const want = this.wanted();
    if (extra !== undefined) want.add(extra);
    for (const a of [...this.installed]) {
      if (!want.has(a)) { await this.rsp.ok(`z0,${a.toString(16)},${BREAKPOINT_KIND}`); this.installed.delete(a); }
    }
    for (const a of want) {
      if (!this.installed.has(a)) { await this.rsp.ok(`Z0,${a.toString(16)},${BREAKPOINT_KIND}`); this.installed.add(a); }
    }
  }

  // ---- execution -------------------------------------------------------------------------

  private assertStopped(): void {
    if (this.running) throw new RspError('the target is running; pause it first');
    if (this.exited) throw new RspError('the guest has exited');
  }

  /** Resumes and waits for the next stop; registers are re-read afterwards. */
  private async resumeRaw(kind: 'c' | 's', thread: number): Promise<StopReply> {
    this.regCache.clear();
    for (;;) {
      this.running = true;
      let stop: StopReply;
      try {
        if (this.useVCont) stop = await this.rsp.resume(kind === 's' ? `vCont;s:${thread.toString(16)}` : 'vCont;c');
        else { await this.rsp.ok(`Hc${thread.toString(16)}`); stop = await this.rsp.resume(kind); }
      } finally {
        this.running = false;
      }
      const resyncStop = stop.kind === 'signal' && stop.signal === SIGNAL.INT && this.resync && !this.pauseRequested;
      this.resync = false;
      if (!resyncStop || kind === 's') return stop;
      await this.syncBreakpoints(this.temporary);
      this.regCache.clear();
    }
  }

  /** Reports a stop to listeners; false when the guest is gone. */
  private report(stop: StopReply, reason: StopReason): boolean {
    if (stop.kind !== 'signal') {
      this.exited = true;
      this.emit({ kind: 'exited', code: stop.kind === 'exited' ? stop.code : 128 + stop.signal });
      return false;
    }
    if (stop.thread !== undefined) this.currentThread = stop.thread;
    const why: StopReason = stop.signal === SIGNAL.INT ? 'pause' : stop.signal !== SIGNAL.TRAP ? 'exception'
      : stop.watch !== undefined ? 'data breakpoint' : reason;
    this.emit({ kind: 'stopped', reason: why, thread: this.currentThread });
    return true;
  }

  async continue(): Promise<void> {
    this.assertStopped();
    this.pauseRequested = false;
    await this.syncBreakpoints();
    const stop = await this.resumeRaw('c', this.currentThread);
    this.report(stop, 'breakpoint');
  }

  async stepInstruction(thread: number): Promise<void> {
    this.assertStopped();
    this.currentThread = thread;
    await this.syncBreakpoints();
    this.report(await this.resumeRaw('s', thread), 'step');
  }

  /** Runs to `address` (a temporary breakpoint) or an earlier stop. */
  private async runTo(address: number, thread: number): Promise<StopReply> {
    this.temporary = address;
    try {
      await this.syncBreakpoints(address);
      return await this.resumeRaw('c', thread);
    } finally {
      this.temporary = undefined;
      await this.syncBreakpoints();
    }
  }

  /** Runs to `address` and reports the stop as an entry stop (launch's stopAtSymbol). */
  async continueTo(address: number): Promise<void> {
    this.assertStopped();
    this.pauseRequested = false;
    const stop = await this.runTo(address, this.currentThread);
    this.report(stop, 'entry');
  }

  /** Return address in r14 if it follows a call to the function containing `pc`. */
  async returnAddress(thread: number, pc: number): Promise<number | undefined> {
    const r14 = Number(await this.register(thread, 'r14') & 0x7fff_ffff_ffff_fffen);
    if (r14 < 6) return undefined;
    let bytes: Uint8Array;
    try { bytes = await this.rsp.readMemory(r14 - 6, 6); } catch { return undefined; }
    if (bytes.length < 6) return undefined;
    const fn = this.program?.functionAt(pc);
    if (((bytes[0] << 8) | (bytes[1] & 0x0f)) === CALL.BRASL) {
      const offset = new DataView(bytes.buffer, bytes.byteOffset).getInt32(2);
      const target = r14 - 6 + 2 * offset;
      return fn === undefined || target === fn.address ? r14 : undefined;
    }
    if (bytes[4] === CALL.BASR || bytes[2] === CALL.BAS) return r14;
    return undefined;
  }

  /** Step over (`into` false) or into one source line, as gdb's next/step. */
  async stepLine(thread: number, into: boolean): Promise<void> {
    this.assertStopped();
    const program = this.program;
    if (program === undefined) { await this.stepInstruction(thread); return; }
    this.currentThread = thread;
    await this.syncBreakpoints();
    this.pauseRequested = false;
    const startPc = await this.pc(thread);
    const startLine = program.lineAt(startPc);
    const startFn = program.functionAt(startPc);
    for (let i = 0; i < MAX_LINE_STEPS && !this.pauseRequested; i++) {
      const before = await this.pc(thread);
      let stop = await this.resumeRaw('s', thread);
      if (stop.kind !== 'signal' || stop.signal !== SIGNAL.TRAP) { this.report(stop, 'step'); return; }
      let pc = await this.pc(thread);
      const fn = program.functionAt(pc);
      if (fn !== startFn && fn !== undefined && pc === fn.address) {
        // A call: step into it only when asked and it has source; else run to the return.
        const ret = await this.returnAddress(thread, pc);
        if (into && program.lineAt(pc) !== undefined) { this.report(stop, 'step'); return; }
        if (ret !== undefined) {
          stop = await this.runTo(ret, thread);
          if (stop.kind !== 'signal' || (await this.pc(thread)) !== ret) { this.report(stop, 'breakpoint'); return; }
          pc = ret;
        }
      }
      const line = program.lineAt(pc);
      if (line !== undefined && pc === line.address && pc !== before
        && (startLine === undefined || line.line !== startLine.line || line.path !== startLine.path)) {
        this.report(stop, 'step');
        return;
      }
      if (this.installed.has(pc) && pc !== startPc) { this.report(stop, 'breakpoint'); return; }
    }
    this.emit({ kind: 'stopped', reason: this.pauseRequested ? 'pause' : 'step', thread });
  }

  /** Runs until the current function returns (to the r14 return address). */
  async stepOut(thread: number): Promise<void> {
    this.assertStopped();
    this.pauseRequested = false;
    this.currentThread = thread;
    // The caller's frame from the unwinder: r14 itself is stale once the function has called out.
    const frames = (await this.stackTrace(thread)).filter((f) => !f.inlined);
    const ret = frames[1]?.pc ?? Number(await this.register(thread, 'r14') & 0x7fff_ffff_ffff_fffen);
    const stop = await this.runTo(ret, thread);
    this.report(stop, 'step');
  }

  /** Ctrl-C for a running target; ends a line step between instructions. */
  pause(): void {
    this.pauseRequested = true;
    if (this.running) this.rsp.interrupt();
  }

  /**
   * Frames by call frame information or prologue analysis (see unwind.ts), each physical
   * frame expanded into its inlined calls as gdb shows them; without symbols only the top.
   */
  async stackTrace(thread: number): Promise<Frame[]> {
    const pc = await this.pc(thread);
    const program = this.program;
    if (program === undefined) return [{ pc, fn: undefined, name: undefined, line: undefined, inlined: false }];
    const gprs: Gprs = [];
    for (let r = 0; r < 16; r++) gprs.push(Number(await this.register(thread, `r${r}`)));
    const physical = await unwind((a, n) => this.rsp.readMemory(a, n), program, pc, gprs);
    const frames: Frame[] = [];
    physical.forEach((f, i) => {
      // A caller's line is the call's, not the one after it: look up the byte before the return address.
      const at = i === 0 ? f.pc : f.pc - 1;
      const fn = program.functionAt(at);
      let line = program.lineAt(at);
      for (const level of program.inlineChain(at)) {
        frames.push({ pc: f.pc, fn, name: level.name, line, inlined: true });
        line = level.callPath === undefined ? undefined : { path: level.callPath, line: level.callLine, address: f.pc };
      }
      frames.push({ pc: f.pc, fn, name: fn?.name, line, inlined: false });
    });
    return frames;
  }

  /** Ends the session: kills a target this adapter started, detaches from one it attached to. */
  async terminate(): Promise<void> {
    this.closing = true;
    try {
      if (this.rsp !== undefined && !this.rsp.isClosed && !this.exited) {
        if (this.running) this.rsp.interrupt();
        await Promise.race([
          this.backend.ownsTarget ? this.rsp.request('k').catch(() => '') : this.rsp.request('D').catch(() => ''),
          new Promise((r) => setTimeout(r, 1000)),
        ]);
      }
    } finally {
      this.rsp?.close();
      this.backend.stop();
    }
  }
}
