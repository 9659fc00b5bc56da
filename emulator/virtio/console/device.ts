// virtio-console device model (virtio 1.x section 5.3 "Console Device") with MULTIPORT:
// port 0 is the console port (Linux's hvc0), further ports are named serial ports
// (Linux's /dev/vportNpM, name in /sys/class/virtio-ports/*/name). Each port is a host
// stream behind ConsolePortBackend (stdio in the CLI, a terminal panel in the extension).
//
// The seed's "split notification" (output done and input available signalled apart)
// falls out of the queue layout: every port has its own receiveq (host input lands in a
// guest buffer and that queue's used ring is signalled: "input available") and transmitq
// (the guest's output buffers come back on that queue: "output done"). The transport
// gives each queue its own interruption (virtio-ccw: one indicator bit per queue), so
// the driver sees the two events separately and never polls for either.
//
// Queues: 0/1 receiveq/transmitq of port 0, 2/3 control receiveq/transmitq, then
// 2(p+1) / 2(p+1)+1 for port p >= 1. Control messages are {id u32, event u16, value u16}.
import {
  emptyStats, VIRTIO_F, VIRTIO_ID,
  type DeviceContext, type DeviceStats, type VirtioDevice, type Virtqueue,
} from '../device';

/** Device feature bits (5.3.3). */
export const CONSOLE_F = {
  SIZE: 0,
  MULTIPORT: 1,
  EMERG_WRITE: 2,
} as const;

/** Control message events (5.3.6.2). */
export const CONSOLE_CTRL = {
  DEVICE_READY: 0,
  DEVICE_ADD: 1,
  DEVICE_REMOVE: 2,
  PORT_READY: 3,
  CONSOLE_PORT: 4,
  RESIZE: 5,
  PORT_OPEN: 6,
  PORT_NAME: 7,
} as const;

/** Configuration space (5.3.4): cols u16, rows u16, max_nr_ports u32, emerg_wr u32. */
export const CONSOLE_CONFIG = {
  COLS: 0,
  ROWS: 2,
  MAX_NR_PORTS: 4,
  EMERG_WR: 8,
  SIZE: 12,
} as const;

export const CONTROL_QUEUE = { RX: 2, TX: 3 } as const;
/** Control message header size. */
export const CONTROL_SIZE = 8;
const QUEUE_SIZE = 128;
/** Host input held per port while the guest has no buffer or has not opened the port. */
const MAX_PENDING_INPUT = 1 << 20;

/** What a port backend may do to the device: deliver host input, report (dis)connection. */
export interface PortHost {
  input(data: Uint8Array): void;
  setConnected(connected: boolean): void;
}

/** A host stream behind one port. */
export interface ConsolePortBackend {
  /** Guest output (a copy the backend may keep). */
  write(data: Uint8Array): void;
  /** Called once by the device: from now on, input and connection changes go to `host`. */
  attach(host: PortHost): void;
  /** A host side is there to talk to (PORT_OPEN toward the guest). */
  readonly connected: boolean;
  /** The backend may still produce input (keeps an idle guest waiting for it). */
  readonly canProduceInput?: boolean;
  close?(): void;
}

export interface PortSpec {
  /** Sent as PORT_NAME; the console port usually has none. */
  name?: string;
  backend: ConsolePortBackend;
}

export function receiveQueue(port: number): number { return port === 0 ? 0 : 2 * (port + 1); }
export function transmitQueue(port: number): number { return receiveQueue(port) + 1; }

interface Port {
  readonly id: number;
  readonly spec: PortSpec;
  /** The guest added the port (PORT_READY 1). */
  ready: boolean;
  /** The guest has the port open (PORT_OPEN 1); input before that would be dropped by Linux. */
  guestOpen: boolean;
  pending: Uint8Array[];
  pendingBytes: number;
}

const bit = (n: number): bigint => 1n << BigInt(n);

export class VirtioConsole implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.CONSOLE;
  readonly name: string;
  readonly features = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_F.INDIRECT_DESC) | bit(VIRTIO_F.EVENT_IDX) | bit(CONSOLE_F.MULTIPORT);
  readonly queueSizes: readonly number[];
  readonly config = new Uint8Array(CONSOLE_CONFIG.SIZE);
  readonly stats: DeviceStats = emptyStats();
  private readonly ports: Port[];
  private ctx: DeviceContext | undefined;
  private multiport = false;
  private control: Uint8Array[] = [];

  /** `ports[0]` is the console port (hvc0). */
  constructor(ports: readonly PortSpec[], name = 'virtio-console') {
    if (ports.length === 0) throw new RangeError('virtio-console needs at least the console port');
    this.name = name;
    this.ports = ports.map((spec, id) => ({ id, spec, ready: false, guestOpen: false, pending: [], pendingBytes: 0 }));
    // Queues for every port plus the control pair, as MULTIPORT lays them out.
    this.queueSizes = new Array<number>(2 * (ports.length + 1)).fill(QUEUE_SIZE);
    new DataView(this.config.buffer).setUint32(CONSOLE_CONFIG.MAX_NR_PORTS, ports.length, true);
    for (const port of this.ports) {
      port.spec.backend.attach({
        input: (data) => this.input(port, data),
        setConnected: (c) => this.hostConnected(port, c),
      });
    }
  }

  /** Some backend can still deliver input (the CLI keeps a waiting guest alive for it). */
  get canWake(): boolean {
    return this.ports.some((p) => p.spec.backend.canProduceInput === true);
  }

  activate(ctx: DeviceContext): void {
    this.ctx = ctx;
    this.multiport = (ctx.features & bit(CONSOLE_F.MULTIPORT)) !== 0n;
    if (!this.multiport) {
      // Without MULTIPORT there is only port 0, a console from the start.
      const p0 = this.ports[0];
      p0.ready = true;
      p0.guestOpen = true;
      this.flushInput(p0);
    }
  }

  reset(): void {
    this.ctx = undefined;
    this.control = [];
    for (const p of this.ports) {
      p.ready = false;
      p.guestOpen = false;
    }
  }

  close(): void {
    for (const p of this.ports) p.spec.backend.close?.();
  }

  notify(queue: number): void {
    this.stats.notifications++;
    if (this.ctx === undefined) return;
    if (this.multiport && queue === CONTROL_QUEUE.TX) { this.controlIn(); return; }
    if (this.multiport && queue === CONTROL_QUEUE.RX) { this.flushControl(); return; }
    const port = this.portOfQueue(queue);
    if (port === undefined) return;
    if (queue === receiveQueue(port.id)) this.flushInput(port);
    else this.output(port);
  }

  private portOfQueue(queue: number): Port | undefined {
    const id = queue < 2 ? 0 : this.multiport ? (queue >> 1) - 1 : -1;
    return id >= 0 && id < this.ports.length ? this.ports[id] : undefined;
  }

  private queue(index: number): Virtqueue | undefined {
    return this.ctx?.queues[index];
  }

  /** Guest output on a port's transmitq goes to its backend; buffers go back at once. */
  private output(port: Port): void {
    const q = this.queue(transmitQueue(port.id));
    if (q === undefined) return;
    let pushed = false;
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      this.stats.requests++;
      for (const b of chain.readable) {
        if (b.length === 0) continue;
        // A copy: the guest may reuse the buffer once it is back in the used ring.
        port.spec.backend.write(b.slice());
        this.stats.bytesWritten += b.length;
      }
      q.push(chain, 0);
      pushed = true;
    }
    if (pushed) q.notifyDriver();
  }

  /** Host input for a port: held until the guest opened the port and offered buffers. */
  private input(port: Port, data: Uint8Array): void {
    if (data.length === 0) return;
    if (port.pendingBytes + data.length > MAX_PENDING_INPUT) {
      this.stats.errors++;
      return; // the guest is not reading; drop rather than grow without bound
    }
    port.pending.push(data.slice());
    port.pendingBytes += data.length;
    this.flushInput(port);
  }

  private flushInput(port: Port): void {
    if (!port.guestOpen || port.pending.length === 0) return;
    const q = this.queue(receiveQueue(port.id));
    if (q === undefined) return;
    let pushed = false;
    while (port.pending.length > 0) {
      const chain = q.pop();
      if (chain === undefined) break;
      this.stats.requests++;
      let written = 0;
      for (const buf of chain.writable) {
        let at = 0;
        while (at < buf.length && port.pending.length > 0) {
          const head = port.pending[0];
          const n = Math.min(head.length, buf.length - at);
          buf.set(head.subarray(0, n), at);
          at += n;
          if (n === head.length) port.pending.shift();
          else port.pending[0] = head.subarray(n);
        }
        if (at > 0) this.ctx?.memory.written(buf.byteOffset, at);
        written += at;
        if (port.pending.length === 0) break;
      }
      port.pendingBytes -= written;
      this.stats.bytesRead += written;
      q.push(chain, written);
      pushed = true;
    }
    if (pushed) q.notifyDriver();
  }

  private hostConnected(port: Port, connected: boolean): void {
    if (!connected) {
      port.pending = [];
      port.pendingBytes = 0;
    }
    if (port.ready) this.sendControl(port.id, CONSOLE_CTRL.PORT_OPEN, connected ? 1 : 0);
  }

  /** Control messages from the driver (control transmitq). */
  private controlIn(): void {
    const q = this.queue(CONTROL_QUEUE.TX);
    if (q === undefined) return;
    let pushed = false;
    const msg = new Uint8Array(CONTROL_SIZE);
    const dv = new DataView(msg.buffer);
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      this.stats.requests++;
      let got = 0;
      for (const b of chain.readable) {
        const n = Math.min(b.length, CONTROL_SIZE - got);
        msg.set(b.subarray(0, n), got);
        got += n;
        if (got === CONTROL_SIZE) break;
      }
      q.push(chain, 0);
      pushed = true;
      if (got < CONTROL_SIZE) { this.error(`control message of ${got} bytes`); continue; }
      this.controlMessage(dv.getUint32(0, true), dv.getUint16(4, true), dv.getUint16(6, true));
    }
    if (pushed) q.notifyDriver();
  }

  private controlMessage(id: number, event: number, value: number): void {
    switch (event) {
      case CONSOLE_CTRL.DEVICE_READY:
        if (value !== 1) { this.error('the driver failed to set up the device'); return; }
        for (const p of this.ports) this.sendControl(p.id, CONSOLE_CTRL.DEVICE_ADD, 0);
        return;
      case CONSOLE_CTRL.PORT_READY: {
        const port = this.ports[id];
        if (port === undefined) { this.error(`PORT_READY for unknown port ${id}`); return; }
        if (value !== 1) { this.error(`the driver failed to add port ${id}`); return; }
        port.ready = true;
        if (id === 0) this.sendControl(id, CONSOLE_CTRL.CONSOLE_PORT, 1);
        if (port.spec.name !== undefined) this.sendControl(id, CONSOLE_CTRL.PORT_NAME, 0, new TextEncoder().encode(port.spec.name));
        if (port.spec.backend.connected) this.sendControl(id, CONSOLE_CTRL.PORT_OPEN, 1);
        return;
      }
      case CONSOLE_CTRL.PORT_OPEN: {
        const port = this.ports[id];
        if (port === undefined) { this.error(`PORT_OPEN for unknown port ${id}`); return; }
        port.guestOpen = value === 1;
        this.flushInput(port);
        return;
      }
      default:
        this.error(`unexpected control event ${event} for port ${id}`);
    }
  }

  /** Queues a control message to the driver and sends what the control receiveq can take. */
  private sendControl(id: number, event: number, value: number, data?: Uint8Array): void {
    const m = new Uint8Array(CONTROL_SIZE + (data?.length ?? 0));
    const dv = new DataView(m.buffer);
    dv.setUint32(0, id, true);
    dv.setUint16(4, event, true);
    dv.setUint16(6, value, true);
    if (data !== undefined) m.set(data, CONTROL_SIZE);
    this.control.push(m);
    this.flushControl();
  }

  private flushControl(): void {
    const q = this.queue(CONTROL_QUEUE.RX);
    if (q === undefined || !this.multiport) return;
    let pushed = false;
    while (this.control.length > 0) {
      const chain = q.pop();
      if (chain === undefined) break;
      const m = this.control.shift()!;
      let at = 0;
      for (const buf of chain.writable) {
        const n = Math.min(buf.length, m.length - at);
        buf.set(m.subarray(at, at + n));
        if (n > 0) this.ctx?.memory.written(buf.byteOffset, n);
        at += n;
        if (at === m.length) break;
      }
      if (at < m.length) this.error(`control buffer of ${chain.writableLength} bytes is too small for a ${m.length}-byte message`);
      q.push(chain, at);
      pushed = true;
    }
    if (pushed) q.notifyDriver();
  }

  private error(message: string): void {
    this.stats.errors++;
    this.ctx?.onError(`${this.name}: ${message}`);
  }
}

/** A port backend in memory: output collected, input injected by the caller (tests, pipes). */
export class BufferPort implements ConsolePortBackend {
  readonly output: Uint8Array[] = [];
  connected: boolean;
  private host: PortHost | undefined;

  constructor(connected = true) {
    this.connected = connected;
  }

  write(data: Uint8Array): void { this.output.push(data); }
  attach(host: PortHost): void { this.host = host; }
  send(text: string | Uint8Array): void {
    this.host?.input(typeof text === 'string' ? new TextEncoder().encode(text) : text);
  }
  setConnected(c: boolean): void {
    this.connected = c;
    this.host?.setConnected(c);
  }
  text(): string { return Buffer.concat(this.output).toString('utf8'); }
}
