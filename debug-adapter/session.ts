// The DAP side: maps Debug Adapter Protocol requests onto the Runtime (launch a guest under
// `kuli run --gdb` or attach to any s390x gdbstub) and runtime events onto DAP events.
import { readFileSync } from 'node:fs';
import { dirname, basename, resolve } from 'node:path';
import {
  DebugSession, ExitedEvent, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AttachBackend, HostBackend, KuliBackend, type GuestHost, type RspBackend } from './backends';
import { disassembleAround } from './disassemble';
import { evaluate, formatValue } from './evaluate';
import { Program } from './program';
import { REGISTER_GROUPS } from './registers';
import { Runtime } from './runtime';

export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The guest kernel (ELF or s390 Linux image; symbols and DWARF come from it unless `program` is given). */
  kernel: string;
  /** ELF with the symbols and DWARF of the kernel (e.g. Debian's vmlinux from linux-image-*-dbg for a vmlinuz). */
  program?: string;
  /** Initial ramdisk and kernel command line (Linux images). */
  initrd?: string;
  append?: string;
  stopOnEntry?: boolean;
  /**
   * Run to this function first and stop there (e.g. main, start_kernel). A symbol the
   * program lacks is an error, unless stopOnEntry is also set: then it stops at the entry.
   */
  stopAtSymbol?: string;
  smp?: number;
  memory?: string;
  args?: string[];
  sourceRoot?: string;
  kuliPath?: string;
}

export interface AttachArguments extends DebugProtocol.AttachRequestArguments {
  host?: string;
  port: number;
  /** ELF with symbols for the attached guest (optional: without it, addresses only). */
  program?: string;
  sourceRoot?: string;
}

/** Variables references: one per (thread, register group); frame ids: one per (thread, frame). */
const REF_STRIDE = 16;
const FRAME_STRIDE = 1000;

export class KuliDebugSession extends DebugSession {
  private runtime: Runtime | undefined;
  private configured!: Promise<void>;
  private markConfigured!: () => void;

  /**
   * Launches go through this host (the extension's host worker) instead of spawning
   * `kuli run --gdb`; the standalone adapter has none.
   */
  private host: GuestHost | undefined;

  /** A session for the extension: guests run in `host`, the adapter in the extension host. */
  static inline(host: GuestHost): KuliDebugSession {
    const s = new KuliDebugSession();
    s.host = host;
    return s;
  }

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.configured = new Promise((r) => { this.markConfigured = r; });
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsSteppingGranularity: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsSetVariable: true,
      supportsTerminateRequest: true,
      supportsEvaluateForHovers: true,
      supportsDataBreakpoints: true,
      supportTerminateDebuggee: true,
    };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  private async begin(backend: RspBackend, elfPath: string | undefined, sourceRoot: string | undefined): Promise<Runtime> {
    const program = elfPath === undefined ? undefined : Program.load(readFileSync(elfPath), sourceRoot ?? dirname(resolve(elfPath)));
    const rt = new Runtime(backend, program);
    this.runtime = rt;
    rt.on((e) => {
      if (e.kind === 'output') this.sendEvent(new OutputEvent(e.text, 'stdout'));
      else if (e.kind === 'stopped') {
        // All-stop RSP: every vcpu is stopped whichever one reported.
        const ev: DebugProtocol.StoppedEvent = new StoppedEvent(e.reason, e.thread);
        ev.body.allThreadsStopped = true;
        this.sendEvent(ev);
      }
      else { this.sendEvent(new ExitedEvent(e.code)); this.sendEvent(new TerminatedEvent()); }
    });
    await rt.start();
    this.sendEvent(new InitializedEvent());
    await this.configured;
    return rt;
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    await this.guard(response, async () => {
      const launch = { kernel: args.kernel, smp: args.smp, memory: args.memory, initrd: args.initrd, append: args.append, args: args.args, kuliPath: args.kuliPath };
      const backend = this.host === undefined ? new KuliBackend(launch) : new HostBackend(this.host, launch);
      const rt = await this.begin(backend, args.program ?? args.kernel, args.sourceRoot);
      const at = args.stopAtSymbol === undefined ? undefined : rt.program?.symbol(args.stopAtSymbol);
      if (args.stopAtSymbol !== undefined && at === undefined && args.stopOnEntry !== true) throw new Error(`stopAtSymbol: ${args.stopAtSymbol} is not a symbol of ${args.program ?? args.kernel}`);
      this.sendResponse(response);
      if (at !== undefined) void this.background(() => rt.continueTo(at.address));
      else if (args.stopOnEntry === true) this.sendEvent(new StoppedEvent('entry', rt.currentThread));
      else void this.background(() => rt.continue());
    }, true);
  }

  protected override async attachRequest(response: DebugProtocol.AttachResponse, args: AttachArguments): Promise<void> {
    await this.guard(response, async () => {
      const rt = await this.begin(new AttachBackend(args.host ?? '127.0.0.1', args.port), args.program, args.sourceRoot);
      this.sendResponse(response);
      this.sendEvent(new StoppedEvent('entry', rt.currentThread));
    }, true);
  }

  /** Runs a request body, answering with the error message when it throws. */
  private async guard(response: DebugProtocol.Response, body: () => Promise<void>, responds = false): Promise<void> {
    try {
      await body();
      if (!responds) this.sendResponse(response);
    } catch (e) {
      // A failed launch or attach must not leave an emulator running behind it.
      if (responds) { await this.runtime?.terminate().catch(() => undefined); this.runtime = undefined; }
      this.sendErrorResponse(response, 1, e instanceof Error ? e.message : String(e));
    }
  }

  /** Resume-type work runs after the response; its failures become console output. */
  private async background(work: () => Promise<void>): Promise<void> {
    try { await work(); } catch (e) { this.sendEvent(new OutputEvent(`kuli: ${e instanceof Error ? e.message : String(e)}\n`, 'stderr')); }
  }

  private rt(): Runtime {
    if (this.runtime === undefined) throw new Error('no guest: launch or attach first');
    return this.runtime;
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    await this.guard(response, async () => {
      const rt = this.rt();
      const path = args.source.path ?? '';
      const found = (args.breakpoints ?? []).map((b) => rt.program?.addressForLine(path, b.line));
      await rt.setBreakpoints(`source:${path}`, found.filter((f) => f !== undefined).map((f) => f.address));
      response.body = { breakpoints: found.map((f) => f === undefined
        ? { verified: false, message: 'no code at or after this line' }
        : { verified: true, line: f.line, source: new Source(basename(f.path), f.path), instructionReference: hex(f.address) }) };
    });
  }

  protected override async setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    await this.guard(response, async () => {
      const rt = this.rt();
      const syms = args.breakpoints.map((b) => rt.program?.symbol(b.name));
      await rt.setBreakpoints('functions', syms.filter((s) => s !== undefined).map((s) => s.address));
      response.body = { breakpoints: syms.map((s) => {
        if (s === undefined) return { verified: false, message: 'no such symbol' };
        const l = rt.program?.lineAt(s.address);
        return { verified: true, instructionReference: hex(s.address), line: l?.line, source: l && new Source(basename(l.path), l.path) };
      }) };
    });
  }

  protected override async setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): Promise<void> {
    await this.guard(response, async () => {
      const addrs = args.breakpoints.map((b) => Number(BigInt(b.instructionReference)) + (b.offset ?? 0));
      await this.rt().setBreakpoints('instructions', addrs);
      response.body = { breakpoints: addrs.map((a) => ({ verified: true, instructionReference: hex(a) })) };
    });
  }

  /** Data breakpoints on symbols of 1-8 bytes and on typed addresses (*(u64*)0x...). */
  protected override async dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): Promise<void> {
    await this.guard(response, async () => {
      const rt = this.rt();
      let where: { address: number; size: number } | undefined;
      if (args.variablesReference === undefined || args.variablesReference === 0) {
        const sym = rt.program?.symbol(args.name);
        if (sym !== undefined && !sym.isFunction && sym.size > 0) where = { address: sym.address, size: Math.min(sym.size, 8) };
        const typed = /^\*\s*\(\s*u(8|16|32|64)\s*\*\s*\)\s*(0x[0-9a-f]+)$/i.exec(args.name.trim());
        if (typed !== null) where = { address: Number(typed[2]), size: Number(typed[1]) / 8 };
      }
      response.body = where === undefined
        ? { dataId: null, description: `${args.name}: only data symbols and *(uN*)ADDRESS can be watched` }
        : { dataId: `0x${where.address.toString(16)}:${where.size}`, description: `${args.name} (${where.size} bytes at 0x${where.address.toString(16)})`,
          accessTypes: ['write', 'read', 'readWrite'], canPersist: true };
    });
  }

  protected override async setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): Promise<void> {
    await this.guard(response, async () => {
      const list = args.breakpoints.map((b) => {
        const [addr, size] = b.dataId.split(':');
        return { address: Number(addr), size: Number(size), access: b.accessType ?? 'write' };
      });
      const ok = await this.rt().setWatchpoints(list);
      response.body = { breakpoints: ok.map((verified) => ({ verified, message: verified ? undefined : 'the target refused this watchpoint' })) };
    });
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = this.runtime?.threads ?? [1];
    response.body = { threads: threads.map((t) => new Thread(t, `vcpu ${t - 1}`)) };
    this.sendResponse(response);
  }

  protected override async stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): Promise<void> {
    await this.guard(response, async () => {
      const frames = await this.rt().stackTrace(args.threadId);
      response.body = {
        stackFrames: frames.map((f, i) => {
          const name = f.name ?? hex(f.pc);
          const sf = new StackFrame(args.threadId * FRAME_STRIDE + i, name,
            f.line && new Source(basename(f.line.path), f.line.path), f.line?.line ?? 0, 0);
          sf.instructionPointerReference = hex(f.pc);
          return sf;
        }),
        totalFrames: frames.length,
      };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const thread = Math.floor(args.frameId / FRAME_STRIDE);
    response.body = { scopes: REGISTER_GROUPS.map((g, i) => new Scope(g.name, thread * REF_STRIDE + i + 1, i > 1)) };
    this.sendResponse(response);
  }

  private scopeOf(ref: number): { thread: number; match: RegExp } {
    const thread = Math.floor(ref / REF_STRIDE);
    const g = REGISTER_GROUPS[(ref % REF_STRIDE) - 1];
    if (g === undefined) throw new Error(`unknown variables reference ${ref}`);
    return { thread, match: g.match };
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    await this.guard(response, async () => {
      const { thread, match } = this.scopeOf(args.variablesReference);
      const regs = await this.rt().registers(thread);
      const bits = (n: string): number => (n.startsWith('acr') || n === 'fpc' ? 32 : 64);
      const variables: DebugProtocol.Variable[] = [...regs].filter(([n]) => match.test(n)).map(([name, v]) => ({
        name, value: formatValue({ value: v, bits: bits(name) }), variablesReference: 0, evaluateName: `$${name}`,
      }));
      const mask = regs.get('pswm');
      if (match.test('pswm') && mask !== undefined) variables.push(...decodePswMask(mask));
      response.body = { variables };
    });
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    await this.guard(response, async () => {
      const { thread, match } = this.scopeOf(args.variablesReference);
      if (!match.test(args.name)) throw new Error(`${args.name} is not in this scope`);
      let value: bigint;
      try { value = BigInt(args.value.trim()); } catch { throw new Error(`"${args.value}" is not a number (use decimal or 0x hex)`); }
      await this.rt().setRegister(thread, args.name, value);
      const now = await this.rt().register(thread, args.name);
      response.body = { value: formatValue({ value: now, bits: args.name.startsWith('acr') || args.name === 'fpc' ? 32 : 64 }) };
    });
  }

  private resume(response: DebugProtocol.Response, work: (rt: Runtime) => Promise<void>): void {
    let rt: Runtime;
    try { rt = this.rt(); } catch (e) { this.sendErrorResponse(response, 1, (e as Error).message); return; }
    if (rt.isRunning) { this.sendErrorResponse(response, 1, 'the guest is already running'); return; }
    this.sendResponse(response);
    void this.background(() => work(rt));
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.resume(response, (rt) => rt.continue());
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resume(response, (rt) => (args.granularity === 'instruction' ? rt.stepInstruction(args.threadId) : rt.stepLine(args.threadId, false)));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.resume(response, (rt) => (args.granularity === 'instruction' ? rt.stepInstruction(args.threadId) : rt.stepLine(args.threadId, true)));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.resume(response, (rt) => rt.stepOut(args.threadId));
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.runtime?.pause();
    this.sendResponse(response);
  }

  protected override async readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): Promise<void> {
    await this.guard(response, async () => {
      const address = Number(BigInt(args.memoryReference)) + (args.offset ?? 0);
      const data = await this.rt().readMemory(address, args.count);
      response.body = { address: hex(address), data: Buffer.from(data).toString('base64'), unreadableBytes: args.count - data.length };
    });
  }

  protected override async writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): Promise<void> {
    await this.guard(response, async () => {
      const address = Number(BigInt(args.memoryReference)) + (args.offset ?? 0);
      const data = Buffer.from(args.data, 'base64');
      await this.rt().writeMemory(address, data);
      response.body = { bytesWritten: data.length };
    });
  }

  protected override async disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): Promise<void> {
    await this.guard(response, async () => {
      const rt = this.rt();
      const address = Number(BigInt(args.memoryReference)) + (args.offset ?? 0);
      const lines = await disassembleAround((a, n) => rt.readMemory(a, n), rt.program, address, args.instructionOffset ?? 0, args.instructionCount);
      response.body = { instructions: lines.map((l) => ({
        address: hex(l.address),
        instructionBytes: Buffer.from(l.bytes).toString('hex').replace(/(..)(?=.)/g, '$1 '),
        instruction: l.text.replace('\t', ' '),
        symbol: l.symbol,
        location: l.path === undefined ? undefined : new Source(basename(l.path), l.path),
        line: l.line,
      })) };
    });
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    await this.guard(response, async () => {
      const rt = this.rt();
      const thread = args.frameId !== undefined ? Math.floor(args.frameId / FRAME_STRIDE) : rt.currentThread;
      const r = await evaluate(args.expression, {
        program: rt.program, registerNames: rt.registerNames,
        register: (n) => rt.register(thread, n), readMemory: (a, n) => rt.readMemory(a, n),
      });
      response.body = { result: formatValue(r), variablesReference: 0, memoryReference: r.address === undefined ? undefined : hex(r.address) };
    });
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.runtime?.terminate();
    this.runtime = undefined;
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.runtime?.terminate();
    this.runtime = undefined;
    this.sendResponse(response);
  }
}

/** PSW mask fields (z/Architecture PoP, "Program-Status Word"), read-only views of pswm. */
const PSW_FIELD = { KEY: 8, CC: 18, PROGRAM_MASK: 20, EA: 31, BA: 32 } as const;

function decodePswMask(mask: bigint): DebugProtocol.Variable[] {
  const bits = (first: number, width: number): number => Number((mask >> BigInt(64 - first - width)) & ((1n << BigInt(width)) - 1n));
  const amode = bits(PSW_FIELD.EA, 1) === 1 ? (bits(PSW_FIELD.BA, 1) === 1 ? 64 : 0) : bits(PSW_FIELD.BA, 1) === 1 ? 31 : 24;
  const ro = { presentationHint: { attributes: ['readOnly' as const] }, variablesReference: 0 };
  return [
    { name: 'cc', value: String(bits(PSW_FIELD.CC, 2)), ...ro },
    { name: 'program mask', value: `0x${bits(PSW_FIELD.PROGRAM_MASK, 4).toString(16)}`, ...ro },
    { name: 'key', value: String(bits(PSW_FIELD.KEY, 4)), ...ro },
    { name: 'addressing mode', value: amode === 0 ? 'invalid (EA without BA)' : `${amode}-bit`, ...ro },
  ];
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
