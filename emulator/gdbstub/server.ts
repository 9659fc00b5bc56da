// The gdb stub's TCP side: listens on 127.0.0.1 only, one debugger at a time, acks and
// frames packets, and gives the run loop a way to wait while the debugger holds the guest
// (so a stopped guest costs no CPU and the event loop keeps serving the socket).
import { createServer, type Server, type Socket } from 'node:net';
import type { Machine, RunResult } from '../machine/machine';
import { frame, latin1, PacketParser, RSP } from './packets';
import { GdbSession } from './session';
import { DebugTarget } from './target';

export interface GdbServerOptions {
  /** TCP port; 0 picks a free one (tests). */
  readonly port: number;
  /** Start halted at the first instruction until a debugger continues (QEMU -S). */
  readonly wait: boolean;
  /** Messages for the user (listening, connected). */
  readonly log?: (line: string) => void;
}

/** A port that cannot be listened on. */
export class GdbServerError extends Error {
  override name = 'GdbServerError';
}

export const LOOPBACK = '127.0.0.1';

export class GdbServer {
  readonly target: DebugTarget;
  /** The debugger sent k (kill): the run should end. */
  killed = false;
  private readonly server: Server;
  private client: { socket: Socket; session: GdbSession } | undefined;
  private wake: (() => void) | undefined;

  constructor(readonly machine: Machine, private readonly options: GdbServerOptions) {
    this.target = new DebugTarget(machine);
    // -S: held at the first instruction; otherwise the stub waits on the side.
    if (options.wait) this.target.attach();
    this.server = createServer((s) => this.accept(s));
  }

  /** Starts listening; resolves to the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (e: NodeJS.ErrnoException) => reject(new GdbServerError(`--gdb: cannot listen on ${LOOPBACK}:${this.options.port}: ${e.code ?? e.message}`)));
      this.server.listen(this.options.port, LOOPBACK, () => {
        const addr = this.server.address();
        const port = typeof addr === 'object' && addr !== null ? addr.port : this.options.port;
        this.options.log?.(`gdb stub listening on ${LOOPBACK}:${port}${this.options.wait ? ', the guest waits for the debugger' : ''}`);
        resolve(port);
      });
    });
  }

  /** True while the debugger holds every vcpu. */
  get halted(): boolean {
    return this.machine.debug !== undefined && this.target.halted;
  }

  /** Resolves when the debugger resumes the guest, detaches or kills it. */
  waitForResume(): Promise<void> {
    if (!this.halted || this.killed) return Promise.resolve();
    return new Promise((resolve) => { this.wake = resolve; });
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** A debugger is connected. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /**
   * The emulator could not go on (an instruction it does not implement, a bad new PSW):
   * with a debugger connected the guest stops there with SIGILL, so it can be inspected.
   */
  guestFault(message: string): void {
    this.client?.session.console(`kuli: ${message}\n`);
    this.target.fault();
  }

  /** The run ended on its own: tell a waiting debugger the "process" exited. */
  guestEnded(result: RunResult): void {
    if (this.machine.debug !== undefined) this.target.exited(result.reason === 'stopped' || result.reason === 'power-off' ? 0 : 1);
  }

  async close(): Promise<void> {
    const c = this.client;
    if (c !== undefined) await new Promise<void>((resolve) => c.socket.end(resolve));
    this.client = undefined;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.poke();
  }

  private accept(socket: Socket): void {
    if (this.client !== undefined) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.options.log?.(`gdb connected from ${socket.remoteAddress ?? '?'}`);
    const wasHalted = this.halted;
    // A debugger that attaches to a running guest finds it stopped (as QEMU does).
    if (this.machine.debug === undefined) this.target.attach();
    this.target.haltQuietly();
    /** The last packet sent, resent when the debugger NAKs it (ack mode only). */
    let last: Uint8Array | undefined;
    const session = new GdbSession(this.target, {
      send: (body) => {
        last = frame(body);
        if (!socket.destroyed) socket.write(last);
      },
      end: (how) => {
        if (how === 'kill') this.killed = true;
        this.client = undefined;
        socket.end();
        this.poke();
      },
    });
    this.client = { socket, session };
    const parser = new PacketParser();
    let spoke = false;
    socket.on('data', (chunk: Buffer) => {
      for (const e of parser.feed(chunk)) {
        spoke = true;
        switch (e.kind) {
          case 'packet':
            if (!session.noAck) socket.write(latin1('+'));
            session.handle(e.data);
            break;
          case 'bad-checksum':
          case 'overflow':
            if (!session.noAck) socket.write(Uint8Array.of(RSP.NACK));
            break;
          case 'interrupt':
            session.interrupt();
            break;
          case 'nack':
            if (!session.noAck && last !== undefined) socket.write(last);
            break;
          case 'ack':
            break;
        }
      }
      if (!this.target.halted) this.poke();
    });
    const gone = (): void => {
      if (this.client?.socket !== socket) return;
      this.client = undefined;
      // A connection that never spoke (a port probe) changes nothing: a guest waiting
      // for its debugger keeps waiting.
      if (!spoke && wasHalted) return;
      // A debugger that vanishes leaves the guest running, as after a detach.
      this.target.detach();
      this.options.log?.('gdb disconnected; the guest runs on');
      this.poke();
    };
    socket.on('close', gone);
    socket.on('error', gone);
  }
}

/** How a run under the stub ended: the guest's own result, or the debugger killed it. */
export type StubRunResult = RunResult | { readonly reason: 'killed'; readonly instructions: number };

/**
 * Runs `machine` in slices, yielding to the event loop between them so the socket is
 * served (Ctrl-C, packets), and waiting without spinning while the debugger holds the
 * guest. At the end a waiting debugger is told the guest exited, and the server closes.
 */
export async function runWithStub(machine: Machine, server: GdbServer, slice: number, idleMs: number): Promise<StubRunResult> {
  let executed = 0;
  for (;;) {
    if (server.halted) {
      await server.waitForResume();
      if (server.killed) {
        await server.close();
        return { reason: 'killed', instructions: executed };
      }
      continue;
    }
    const r = machine.runSlice(slice, idleMs);
    executed += r.instructions;
    if (r.reason === 'error' && server.connected && machine.debug !== undefined) {
      server.guestFault(r.message ?? 'the guest cannot continue');
      continue;
    }
    if (r.reason !== 'limit') {
      const result = { ...r, instructions: executed };
      server.guestEnded(result);
      await server.close();
      return result;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
