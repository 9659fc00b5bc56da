// What a virtio-net device needs from whatever carries its frames (an in-host virtual
// switch port, a loopback socket to another kuli host, nothing): send a frame, receive
// frames asynchronously, and report link up/down. A backend never sees virtqueues.

/** Largest Ethernet frame (without virtio header) a backend carries: 64 KiB, room for TSO-less jumbo frames. */
export const MAX_FRAME = 65_536;
/** Smallest frame worth forwarding: destination, source and ethertype. */
export const MIN_FRAME = 14;

/** Receives frames and link changes from a backend. */
export interface NetReceiver {
  /** One Ethernet frame for the guest (the backend hands over ownership of the bytes). */
  frame(frame: Uint8Array): void;
  /** The link went up or down (a cable plugged or pulled, a peer connected or gone). */
  link(up: boolean): void;
}

export interface NetBackend {
  /** Short description for logs and views, e.g. "switch lab (host, port 41023)". */
  readonly description: string;
  readonly linkUp: boolean;
  /** Sets where received frames go; frames arriving before this are dropped. */
  attach(receiver: NetReceiver): void;
  /** One frame out of the guest; dropped (returns false) when the link is down. */
  send(frame: Uint8Array): boolean;
  close(): void;
}

/** Formats a 6-byte MAC address as 52:54:00:12:34:56. */
export function formatMac(mac: Uint8Array): string {
  return Array.from(mac.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}

export class MacError extends Error {
  override name = 'MacError';
}

/** Parses 52:54:00:12:34:56 (or with dashes); rejects multicast addresses, which no NIC may own. */
export function parseMac(text: string): Uint8Array {
  const m = /^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i.exec(text.trim());
  if (!m) throw new MacError(`'${text}' is not a MAC address (six hex bytes like 52:54:00:12:34:56)`);
  const mac = Uint8Array.from(m.slice(1, 7), (h) => parseInt(h, 16));
  if ((mac[0] & 1) !== 0) throw new MacError(`${text} is a multicast address; a NIC needs a unicast one (first byte even)`);
  return mac;
}

/** A locally administered unicast MAC in QEMU's 52:54:00 range with random low bytes. */
export function randomMac(random: (n: number) => Uint8Array): Uint8Array {
  const low = random(3);
  return Uint8Array.of(0x52, 0x54, 0x00, low[0], low[1], low[2]);
}

/** A backend with no wire: the link is down and frames go nowhere (`--nic` with link=down). */
export class NullBackend implements NetBackend {
  readonly description = 'not connected';
  readonly linkUp = false;
  attach(_receiver: NetReceiver): void {}
  send(_frame: Uint8Array): boolean { return false; }
  close(): void {}
}
