// The contract between virtio device models (blk, console, net, rng, balloon: one folder
// each), the virtqueue implementation and the transports (virtio-ccw, s390-virtio).
// A device sees only this file's types: guest memory through bounded views, queues that
// hand out validated descriptor chains, and a context to signal the driver. Transports
// own feature negotiation, status, configuration-space access and notification; devices
// never touch the channel subsystem or the device page. Nothing here may let a guest
// reach host memory outside its RAM: every view comes from GuestMemory.view, which checks.

/** Device types (virtio 1.x, "Device Types"). */
export const VIRTIO_ID = {
  NET: 1,
  BLOCK: 2,
  CONSOLE: 3,
  RNG: 4,
  BALLOON: 5,
} as const;

/** Feature bits common to every device (virtio 1.x "Reserved Feature Bits"), as bit numbers. */
export const VIRTIO_F = {
  INDIRECT_DESC: 28,
  EVENT_IDX: 29,
  VERSION_1: 32,
  ACCESS_PLATFORM: 33,
  RING_PACKED: 34,
  IN_ORDER: 35,
} as const;

/** Device status bits (virtio 1.x "Device Status Field"). */
export const VIRTIO_STATUS = {
  ACKNOWLEDGE: 1,
  DRIVER: 2,
  DRIVER_OK: 4,
  FEATURES_OK: 8,
  NEEDS_RESET: 64,
  FAILED: 128,
} as const;

/** A guest did something the virtio spec forbids (bad descriptor, address outside RAM). */
export class VirtioError extends Error {
  override name = 'VirtioError';
}

/** Guest absolute storage as devices and queues see it. */
export interface GuestMemory {
  readonly size: number;
  /**
   * A live view of [addr, addr+len); throws VirtioError when any byte lies outside RAM.
   * Views share one buffer that starts at guest address 0, so a view's byteOffset is its
   * guest address (devices pass it to written()).
   */
  view(addr: number, len: number): Uint8Array;
  /** The host wrote [addr, addr+len) (drops decoded code there; dirty log). */
  written(addr: number, len: number): void;
  /**
   * The guest gave [addr, addr+len) back (balloon inflate, free page reporting): the host
   * may drop its contents; it reads as zeros afterwards. Without it, the balloon zeroes
   * the range through view() and written().
   */
  release?(addr: number, len: number): void;
}

/** One available descriptor chain, already checked against RAM and the spec. */
export interface DescriptorChain {
  /** Head descriptor index (split) or buffer id (packed): what goes back in the used ring. */
  readonly id: number;
  /** Driver-to-device buffers (device reads), in chain order. */
  readonly readable: readonly Uint8Array[];
  /** Device-to-driver buffers (device writes), in chain order. Writes must be followed by GuestMemory.written. */
  readonly writable: readonly Uint8Array[];
  readonly readableLength: number;
  readonly writableLength: number;
}

/** A virtqueue as a device uses it (split or packed, indirect and event index hidden). */
export interface Virtqueue {
  readonly index: number;
  /** Queue size the driver configured. */
  readonly size: number;
  /**
   * The next available chain, or undefined when none. A malformed chain (loop, out of
   * RAM, too long, write-before-read order) is counted, reported through the context's
   * onError, and skipped; the queue is then marked broken and returns undefined.
   */
  pop(): DescriptorChain | undefined;
  /** Returns a chain to the driver with `written` bytes written into its writable part. */
  push(chain: DescriptorChain, written: number): void;
  /** After pushes: interrupts the driver unless it suppressed notification (flags / event index). */
  notifyDriver(): void;
}

/** Per-device counters the Devices view shows. */
export interface DeviceStats {
  requests: number;
  bytesRead: number;
  bytesWritten: number;
  /** Driver kicks (queue notifications) received. */
  notifications: number;
  /** Interruptions sent to the driver. */
  interrupts: number;
  /** Malformed chains, bad requests. */
  errors: number;
}

export function emptyStats(): DeviceStats {
  return { requests: 0, bytesRead: 0, bytesWritten: 0, notifications: 0, interrupts: 0, errors: 0 };
}

/** What the transport gives a device once the driver set DRIVER_OK. */
export interface DeviceContext {
  readonly memory: GuestMemory;
  /** The queues the driver set up, by index (undefined for queues it left unused). */
  readonly queues: readonly (Virtqueue | undefined)[];
  /** Negotiated feature bits (bit n = 2**n), as a bigint: features are 64 bits wide. */
  readonly features: bigint;
  /** The device changed its configuration space: the transport signals a config change. */
  configChanged(): void;
  /** A guest error worth reporting to the user (one line). */
  onError(message: string): void;
}

/** A virtio device model. Transports call these; devices never call the transport. */
export interface VirtioDevice {
  readonly deviceId: number;
  /** Short name for logs and views, e.g. "virtio-blk disk.img". */
  readonly name: string;
  /** Offered feature bits (device-specific plus VERSION_1 and the ring features it supports). */
  readonly features: bigint;
  /** Maximum size of each queue; the length is the number of queues. */
  readonly queueSizes: readonly number[];
  /** Device configuration space (little-endian fields, as virtio 1.x lays them out). */
  readonly config: Uint8Array;
  readonly stats: DeviceStats;
  /** The driver wrote configuration bytes at `offset` (already copied into config). */
  configWritten?(offset: number, length: number): void;
  /** The driver set DRIVER_OK: queues are live. */
  activate(ctx: DeviceContext): void;
  /** The driver notified (kicked) queue `queue`. */
  notify(queue: number): void;
  /** Device reset (status 0, or the transport's reset): forget queues and in-flight work. */
  reset(): void;
  /** The host is shutting down: flush and close backends. */
  close?(): void;
}
