// A learning Ethernet switch inside the host: guests' NICs (and links to other kuli hosts)
// are its ports. It learns which port each source MAC lives behind, forgets entries after
// an ageing time, floods broadcast, multicast and unknown unicast to every other port that
// is up, and counts frames and bytes per port (as a managed switch's port statistics do).
import { formatMac, MAX_FRAME, MIN_FRAME, type NetBackend, type NetReceiver } from './backend';

/** IEEE 802.1D's default ageing time for learned addresses. */
export const DEFAULT_AGEING_MS = 300_000;
/** Addresses the table keeps; beyond it, new stations are flooded to instead of learned. */
export const MAX_LEARNED = 4096;

export interface PortCounters {
  /** Frames and bytes the switch received from this port (ingress). */
  rxFrames: number;
  rxBytes: number;
  /** Frames and bytes the switch sent out of this port (egress). */
  txFrames: number;
  txBytes: number;
  /** Frames from this port dropped: port down, runt or oversize, destination on the same port. */
  drops: number;
  /** Frames flooded from this port (broadcast, multicast, unknown destination). */
  floods: number;
}

export interface MacEntry {
  readonly mac: string;
  readonly port: string;
  readonly ageMs: number;
}

export interface SwitchOptions {
  ageingMs?: number;
  /** Milliseconds, monotonic; tests substitute a fake clock. */
  now?: () => number;
}

/** The 48-bit MAC at `offset` as one number (exact: below 2**53). */
function macKey(frame: Uint8Array, offset: number): number {
  return ((frame[offset] << 8 | frame[offset + 1]) * 2 ** 32) + ((frame[offset + 2] << 24 | frame[offset + 3] << 16 | frame[offset + 4] << 8 | frame[offset + 5]) >>> 0);
}

function keyText(key: number): string {
  const bytes = new Uint8Array(6);
  let k = key;
  for (let i = 5; i >= 0; i--) { bytes[i] = k % 256; k = Math.floor(k / 256); }
  return formatMac(bytes);
}

/** One switch port; it is also the NetBackend of whatever plugs into it. */
export class SwitchPort implements NetBackend {
  readonly counters: PortCounters = { rxFrames: 0, rxBytes: 0, txFrames: 0, txBytes: 0, drops: 0, floods: 0 };
  private receiver: NetReceiver | undefined;
  private up = true;
  private connected = true;

  constructor(private readonly sw: VirtualSwitch, readonly name: string) {}

  get description(): string { return `switch ${this.sw.name} port ${this.name}`; }
  get linkUp(): boolean { return this.up && this.connected; }

  attach(receiver: NetReceiver): void {
    this.receiver = receiver;
  }

  /** A frame into the switch from this port. */
  send(frame: Uint8Array): boolean {
    if (!this.linkUp) {
      this.counters.drops++;
      return false;
    }
    return this.sw.forward(this, frame);
  }

  /** Administratively brings the port up or down; the attached NIC sees the link change. */
  setLink(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    if (!up) this.sw.forget(this);
    if (this.connected) this.receiver?.link(up);
  }

  /** Unplugs the port from the switch. */
  close(): void {
    if (!this.connected) return;
    this.connected = false;
    this.sw.remove(this);
  }

  /** Egress: the switch hands this port a frame. */
  deliver(frame: Uint8Array): void {
    if (!this.linkUp || this.receiver === undefined) return;
    this.counters.txFrames++;
    this.counters.txBytes += frame.length;
    this.receiver.frame(frame);
  }
}

export class VirtualSwitch {
  private readonly portList: SwitchPort[] = [];
  private readonly table = new Map<number, { port: SwitchPort; seen: number }>();
  private readonly ageingMs: number;
  private readonly now: () => number;

  constructor(readonly name: string, options: SwitchOptions = {}) {
    this.ageingMs = options.ageingMs ?? DEFAULT_AGEING_MS;
    this.now = options.now ?? (() => performance.now());
  }

  get ports(): readonly SwitchPort[] { return this.portList; }

  /** Plugs a new port in; `name` labels it in counters and the MAC table. */
  connect(name: string): SwitchPort {
    const port = new SwitchPort(this, name);
    this.portList.push(port);
    return port;
  }

  /** The learned addresses that have not aged out, oldest entry first. */
  macTable(): MacEntry[] {
    const now = this.now();
    const out: MacEntry[] = [];
    for (const [key, e] of this.table) {
      if (now - e.seen < this.ageingMs) out.push({ mac: keyText(key), port: e.port.name, ageMs: now - e.seen });
    }
    return out;
  }

  /** Forwards a frame that entered through `from`; false if it was dropped. */
  forward(from: SwitchPort, frame: Uint8Array): boolean {
    if (frame.length < MIN_FRAME || frame.length > MAX_FRAME) {
      from.counters.drops++;
      return false;
    }
    from.counters.rxFrames++;
    from.counters.rxBytes += frame.length;
    const now = this.now();
    // Learn the source (a multicast source address is bogus and never learned).
    if ((frame[6] & 1) === 0) this.learn(macKey(frame, 6), from, now);
    if ((frame[0] & 1) === 0) {
      const entry = this.table.get(macKey(frame, 0));
      if (entry !== undefined && now - entry.seen < this.ageingMs) {
        if (entry.port === from) {
          from.counters.drops++;
          return false;
        }
        entry.port.deliver(frame);
        return true;
      }
    }
    from.counters.floods++;
    for (const p of this.portList) if (p !== from) p.deliver(frame);
    return true;
  }

  /** Drops every address learned on `port` (port down or removed). */
  forget(port: SwitchPort): void {
    for (const [key, e] of this.table) if (e.port === port) this.table.delete(key);
  }

  remove(port: SwitchPort): void {
    this.forget(port);
    const i = this.portList.indexOf(port);
    if (i >= 0) this.portList.splice(i, 1);
  }

  private learn(key: number, port: SwitchPort, now: number): void {
    const e = this.table.get(key);
    if (e !== undefined) {
      e.port = port;
      e.seen = now;
      return;
    }
    if (this.table.size >= MAX_LEARNED) {
      for (const [k, old] of this.table) if (now - old.seen >= this.ageingMs) this.table.delete(k);
      if (this.table.size >= MAX_LEARNED) return;
    }
    this.table.set(key, { port, seen: now });
  }
}
