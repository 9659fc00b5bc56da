// A GDB remote serial protocol client: frames packets, acknowledges replies, serializes
// requests (all-stop RSP has one outstanding command), and parses stop replies. It talks to
// any RSP stub over a byte stream: Kuli's own (emulator/gdbstub) or QEMU's gdbstub.
import { connect } from 'node:net';
import { decodeRle, frameText, latin1, PacketParser, RSP, toLatin1, unescapeBinary, hexToBytes } from '../emulator/gdbstub/packets';

export class RspError extends Error {
  override name = 'RspError';
}

/** Why the target stopped, from a T/S/W/X reply. */
export type StopReply =
  | { readonly kind: 'signal'; readonly signal: number; readonly thread: number | undefined; readonly watch: number | undefined }
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'killed'; readonly signal: number };

/** SIGTRAP, the signal a stub reports for breakpoints and steps; SIGINT after Ctrl-C. */
export const SIGNAL = { INT: 2, TRAP: 5 } as const;

/** The byte stream under the client (a TCP socket in practice, a fake in tests). */
export interface RspStream {
  write(bytes: Uint8Array): void;
  onData(listener: (chunk: Uint8Array) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

export function tcpStream(host: string, port: number, timeoutMs = 10_000): Promise<RspStream> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    const timer = setTimeout(() => { s.destroy(); reject(new RspError(`no answer from ${host}:${port} within ${timeoutMs} ms`)); }, timeoutMs);
    s.once('error', (e) => { clearTimeout(timer); reject(new RspError(`cannot connect to ${host}:${port}: ${e.message}`)); });
    s.once('connect', () => {
      clearTimeout(timer);
      s.setNoDelay(true);
      resolve({
        write: (b) => { s.write(b); },
        onData: (l) => { s.on('data', (c: Buffer) => l(c)); },
        onClose: (l) => { s.on('close', l); },
        close: () => { s.destroy(); },
      });
    });
  });
}

/** Parses a stop reply packet; undefined when `text` is not one. */
export function parseStopReply(text: string): StopReply | undefined {
  const code = Number.parseInt(text.slice(1, 3), 16);
  if (text[0] === 'W' && !Number.isNaN(code)) return { kind: 'exited', code };
  if (text[0] === 'X' && !Number.isNaN(code)) return { kind: 'killed', signal: code };
  if ((text[0] === 'S' || text[0] === 'T') && !Number.isNaN(code)) {
    let thread: number | undefined;
    let watch: number | undefined;
    for (const pair of text.slice(3).split(';')) {
      const [key, value] = pair.split(':');
      if (value === undefined) continue;
      // Multiprocess ids look like p1.2: the thread is after the dot.
      if (key === 'thread') thread = Number.parseInt(value.includes('.') ? value.split('.')[1] : value, 16);
      else if (key === 'watch' || key === 'rwatch' || key === 'awatch') watch = Number.parseInt(value, 16);
    }
    return { kind: 'signal', signal: code, thread, watch };
  }
  return undefined;
}

/** Console output packets (O + hex) arrive while the target runs. */
function isOutput(text: string): boolean {
  return text.length > 1 && text[0] === 'O' && /^O([0-9a-fA-F]{2})+$/.test(text);
}

export class RspClient {
  private readonly parser = new PacketParser();
  private readonly replies: string[] = [];
  private waiter: ((reply: string | undefined) => void) | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private lastSent: Uint8Array | undefined;
  private closed = false;
  /** Console text the stub sends (O packets). */
  onOutput: (text: string) => void = () => {};
  onClose: () => void = () => {};

  constructor(private readonly stream: RspStream) {
    stream.onData((chunk) => this.receive(chunk));
    stream.onClose(() => { this.closed = true; this.waiter?.(undefined); this.onClose(); });
  }

  get isClosed(): boolean { return this.closed; }

  private receive(chunk: Uint8Array): void {
    for (const e of this.parser.feed(chunk)) {
      if (e.kind === 'nack' && this.lastSent !== undefined) this.stream.write(this.lastSent);
      if (e.kind === 'bad-checksum') this.stream.write(Uint8Array.of(RSP.NACK));
      if (e.kind !== 'packet') continue;
      this.stream.write(Uint8Array.of(RSP.ACK));
      const text = toLatin1(decodeRle(e.data) ?? e.data);
      if (isOutput(text)) { this.onOutput(toLatin1(hexToBytes(text.slice(1)) ?? new Uint8Array())); continue; }
      this.replies.push(text);
      const w = this.waiter;
      this.waiter = undefined;
      w?.(this.replies.shift());
    }
  }

  private nextReply(): Promise<string> {
    if (this.replies.length > 0) return Promise.resolve(this.replies.shift() as string);
    if (this.closed) return Promise.reject(new RspError('the debug target closed the connection'));
    return new Promise((resolve, reject) => {
      this.waiter = (r) => (r === undefined ? reject(new RspError('the debug target closed the connection')) : resolve(r));
    });
  }

  /** Sends one packet and waits for its reply; requests run one after another. */
  request(body: string): Promise<string> {
    const run = async (): Promise<string> => {
      if (this.closed) throw new RspError('the debug target closed the connection');
      this.lastSent = frameText(body);
      this.stream.write(this.lastSent);
      return this.nextReply();
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** A request whose reply must be OK. */
  async ok(body: string): Promise<void> {
    const r = await this.request(body);
    if (r !== 'OK') throw new RspError(`${body.split(/[,:]/)[0]}: the target answered ${r === '' ? 'that it does not support it' : r}`);
  }

  /** A resume command (c, s, vCont...) whose reply is the next stop. */
  async resume(body: string): Promise<StopReply> {
    const r = await this.request(body);
    const stop = parseStopReply(r);
    if (stop === undefined) throw new RspError(`${body}: unexpected reply ${r}`);
    return stop;
  }

  /** Ctrl-C: asks a running target to stop (its stop reply answers the pending resume). */
  interrupt(): void {
    if (!this.closed) this.stream.write(Uint8Array.of(RSP.INTERRUPT));
  }

  async readMemory(address: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (let done = 0; done < length;) {
      const n = Math.min(0x800, length - done);
      const r = await this.request(`m${(address + done).toString(16)},${n.toString(16)}`);
      const bytes = r.startsWith('E') ? undefined : hexToBytes(r);
      if (bytes === undefined) throw new RspError(`cannot read memory at 0x${(address + done).toString(16)} (${r})`);
      out.set(bytes.subarray(0, n), done);
      if (bytes.length < n) return out.subarray(0, done + bytes.length);
      done += n;
    }
    return out;
  }

  async writeMemory(address: number, data: Uint8Array): Promise<void> {
    for (let done = 0; done < data.length;) {
      const n = Math.min(0x800, data.length - done);
      let hex = '';
      for (const b of data.subarray(done, done + n)) hex += b.toString(16).padStart(2, '0');
      await this.ok(`M${(address + done).toString(16)},${n.toString(16)}:${hex}`);
      done += n;
    }
  }

  /** A qXfer object read in chunks (e.g. features target.xml). */
  async readXfer(object: string, annex: string): Promise<string> {
    let text = '';
    for (;;) {
      const r = await this.request(`qXfer:${object}:read:${annex}:${text.length.toString(16)},800`);
      if (r[0] !== 'm' && r[0] !== 'l') throw new RspError(`qXfer ${annex}: ${r === '' ? 'not supported' : r}`);
      text += toLatin1(unescapeBinary(latin1(r.slice(1))) ?? latin1(r.slice(1)));
      if (r[0] === 'l') return text;
    }
  }

  /** Thread ids from qfThreadInfo/qsThreadInfo. */
  async threads(): Promise<number[]> {
    const ids: number[] = [];
    for (let r = await this.request('qfThreadInfo'); r.startsWith('m'); r = await this.request('qsThreadInfo')) {
      for (const t of r.slice(1).split(',')) ids.push(Number.parseInt(t.includes('.') ? t.split('.')[1] : t, 16));
    }
    return ids.length > 0 ? ids : [1];
  }

  close(): void {
    this.closed = true;
    this.stream.close();
  }
}
