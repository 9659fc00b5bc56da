// Ethernet frames over a loopback TCP stream, each frame preceded by its length as a
// 4-byte big-endian number (the framing QEMU's `-netdev socket` uses, so a QEMU guest can
// join a kuli switch too). SwitchListener serves a VirtualSwitch to other processes: each
// accepted connection becomes a switch port. SocketBackend is a NIC's end of such a link.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { MAX_FRAME, MIN_FRAME, type NetBackend, type NetReceiver } from './backend';
import type { VirtualSwitch } from './switch';

const LENGTH_BYTES = 4;
/** Bytes queued on a slow socket before further frames to it are dropped. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
export const LOOPBACK = '127.0.0.1';

export class LinkError extends Error {
  override name = 'LinkError';
}

/** One frame with its length prefix. */
export function encodeFrame(frame: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(LENGTH_BYTES + frame.length);
  out.writeUInt32BE(frame.length, 0);
  out.set(frame, LENGTH_BYTES);
  return out;
}

/** Splits a byte stream into frames; a length outside [MIN_FRAME, MAX_FRAME] is a protocol error. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds received bytes; returns the complete frames, or throws LinkError on garbage. */
  push(chunk: Buffer): Uint8Array[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Uint8Array[] = [];
    let at = 0;
    while (this.pending.length - at >= LENGTH_BYTES) {
      const n = this.pending.readUInt32BE(at);
      if (n < MIN_FRAME || n > MAX_FRAME) throw new LinkError(`peer sent a frame length of ${n} bytes (expected ${MIN_FRAME} to ${MAX_FRAME})`);
      if (this.pending.length - at - LENGTH_BYTES < n) break;
      frames.push(Uint8Array.prototype.slice.call(this.pending, at + LENGTH_BYTES, at + LENGTH_BYTES + n));
      at += LENGTH_BYTES + n;
    }
    this.pending = this.pending.subarray(at);
    return frames;
  }
}

/** Counters of one link end. */
export interface LinkCounters {
  framesIn: number;
  framesOut: number;
  /** Frames dropped because the peer did not keep up. */
  dropped: number;
}

/** Wires a connected socket to frame callbacks; returns a sender. */
function pipeFrames(socket: Socket, counters: LinkCounters, onFrame: (f: Uint8Array) => void, onEnd: (why?: string) => void): (f: Uint8Array) => boolean {
  const reader = new FrameReader();
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    let frames: Uint8Array[];
    try {
      frames = reader.push(chunk);
    } catch (e) {
      socket.destroy();
      onEnd((e as Error).message);
      return;
    }
    for (const f of frames) {
      counters.framesIn++;
      onFrame(f);
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => onEnd());
  return (f) => {
    if (socket.destroyed || socket.writableLength > MAX_QUEUED_BYTES) {
      counters.dropped++;
      return false;
    }
    counters.framesOut++;
    socket.write(encodeFrame(f));
    return true;
  };
}

/** Serves `sw` on 127.0.0.1: every connection is a new port. */
export class SwitchListener {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextPeer = 1;

  private constructor(private readonly sw: VirtualSwitch, server: Server, private readonly log?: (line: string) => void) {
    this.server = server;
    server.on('connection', (s) => this.accept(s));
  }

  /** Listens on 127.0.0.1:`port` (0: any free port). */
  static async listen(sw: VirtualSwitch, port = 0, log?: (line: string) => void): Promise<SwitchListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(new LinkError(`cannot listen on ${LOOPBACK}:${port}: ${e.message}`)));
      server.listen(port, LOOPBACK, () => resolve());
    });
    server.unref();
    return new SwitchListener(sw, server, log);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): void {
    this.server.close();
    for (const s of this.sockets) s.destroy();
  }

  private accept(socket: Socket): void {
    const port = this.sw.connect(`peer${this.nextPeer++}:${socket.remotePort ?? 0}`);
    const counters: LinkCounters = { framesIn: 0, framesOut: 0, dropped: 0 };
    socket.unref();
    this.sockets.add(socket);
    const send = pipeFrames(socket, counters, (f) => port.send(f), (why) => {
      if (why !== undefined) this.log?.(`switch ${this.sw.name}: ${port.name} dropped: ${why}`);
      this.sockets.delete(socket);
      port.close();
    });
    port.attach({ frame: (f) => { send(f); }, link: () => {} });
  }
}

/** A NIC's end of a link to a switch in another process. */
export class SocketBackend implements NetBackend {
  readonly counters: LinkCounters = { framesIn: 0, framesOut: 0, dropped: 0 };
  private receiver: NetReceiver | undefined;
  private connected = true;
  private readonly sender: (f: Uint8Array) => boolean;

  private constructor(private readonly socket: Socket, readonly description: string, onEnd?: (why?: string) => void) {
    this.sender = pipeFrames(socket, this.counters, (f) => this.receiver?.frame(f), (why) => {
      if (!this.connected) return;
      this.connected = false;
      this.receiver?.link(false);
      onEnd?.(why);
    });
  }

  /** Connects to 127.0.0.1:`port`; rejects with LinkError when nobody listens there. */
  static async connect(port: number, description: string, onEnd?: (why?: string) => void): Promise<SocketBackend> {
    const socket = createConnection({ host: LOOPBACK, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', (e) => reject(new LinkError(`cannot connect to ${LOOPBACK}:${port}: ${e.message}`)));
    });
    socket.unref();
    return new SocketBackend(socket, description, onEnd);
  }

  get linkUp(): boolean { return this.connected; }

  attach(receiver: NetReceiver): void {
    this.receiver = receiver;
  }

  send(frame: Uint8Array): boolean {
    return this.connected && this.sender(frame);
  }

  close(): void {
    this.connected = false;
    this.socket.destroy();
  }
}
