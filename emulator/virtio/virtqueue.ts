// Virtqueues as transports create them and devices use them (device.ts's Virtqueue): a
// split or packed ring behind one interface, with indirect descriptors and event index
// hidden. A malformed chain never escapes as an exception: it is counted in the device's
// stats.errors, reported once through onError, and the queue is then broken (returns no
// more chains), as a device that would set NEEDS_RESET.
import { VirtioError, VIRTIO_F, type DescriptorChain, type DeviceStats, type GuestMemory, type Virtqueue } from './device';
import { Chain } from './chain';
import { PackedRing } from './packed-ring';
import { SplitRing } from './split-ring';

export { packedRingSizes } from './packed-ring';
export { splitRingSizes } from './split-ring';

export interface VirtqueueOptions {
  memory: GuestMemory;
  index: number;
  size: number;
  /** Packed layout (VIRTIO_F_RING_PACKED negotiated); split otherwise. */
  packed: boolean;
  /** Guest absolute addresses of the descriptor area, driver area and device area. */
  desc: number;
  driver: number;
  device: number;
  /** Negotiated features (INDIRECT_DESC, EVENT_IDX are looked at). */
  features: bigint;
  /** Interrupts the driver for this queue (the transport's indicator / interruption). */
  interrupt: () => void;
  stats: DeviceStats;
  onError: (message: string) => void;
  /** Legacy (pre-1.0) device: ring fields in guest byte order, big-endian on s390. */
  bigEndian?: boolean;
}

/** A queue as its transport sees it: the device's interface plus its health. */
export interface TransportVirtqueue extends Virtqueue {
  readonly packed: boolean;
  /** A malformed chain broke the queue; the driver must reset the device. */
  readonly broken: boolean;
}

/** Throws VirtioError when the rings do not fit guest memory or the size is invalid. */
export function createVirtqueue(o: VirtqueueOptions): TransportVirtqueue {
  return new Queue(o);
}

/** True when `features` has feature bit `bit`. */
export function hasFeature(features: bigint, bit: number): boolean {
  return (features & (1n << BigInt(bit))) !== 0n;
}

class Queue implements TransportVirtqueue {
  readonly index: number;
  readonly size: number;
  readonly packed: boolean;
  broken = false;
  private readonly ring: SplitRing | PackedRing;

  constructor(private readonly o: VirtqueueOptions) {
    this.index = o.index;
    this.size = o.size;
    this.packed = o.packed;
    const addresses = { memory: o.memory, size: o.size, desc: o.desc, driver: o.driver, device: o.device, features: o.features, le: o.bigEndian !== true };
    if (o.packed && !hasFeature(o.features, VIRTIO_F.RING_PACKED)) throw new VirtioError('packed queue without VIRTIO_F_RING_PACKED');
    this.ring = o.packed ? new PackedRing(addresses) : new SplitRing(addresses);
  }

  pop(): DescriptorChain | undefined {
    if (this.broken) return undefined;
    try {
      return this.ring.pop(this);
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }

  push(chain: DescriptorChain, written: number): void {
    if (!(chain instanceof Chain) || chain.owner !== this) {
      this.fail(new VirtioError('a device returned a chain that is not from this queue'));
      return;
    }
    const max = chain.writableLength;
    this.ring.push(chain, Math.max(0, Math.min(written, max)));
  }

  notifyDriver(): void {
    if (this.ring.needsInterrupt()) {
      this.o.stats.interrupts++;
      this.o.interrupt();
    }
  }

  private fail(e: unknown): void {
    this.o.stats.errors++;
    if (this.broken) return;
    this.broken = true;
    const why = e instanceof Error ? e.message : String(e);
    this.o.onError(`virtqueue ${this.index}: ${why}; the queue stops until the driver resets the device`);
  }
}
