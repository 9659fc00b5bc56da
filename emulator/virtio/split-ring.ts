// The split virtqueue (virtio 1.x "Split Virtqueues"): descriptor table, available ring
// (driver area) and used ring (device area), with indirect tables and the event-index
// fields (used_event after the available ring, avail_event after the used ring).
// Throws VirtioError on a malformed chain; virtqueue.ts turns that into a broken queue.
import { VirtioError, VIRTIO_F, type GuestMemory } from './device';
import { addBuffer, Chain, DESC_F, DESC_SIZE, indirectTable, mapArea, RingView } from './chain';

/** Available-ring flag: the driver does not want interrupts. */
export const VRING_AVAIL_F_NO_INTERRUPT = 1;
/** Used-ring flag: the device does not want notifications (Kuli never sets it). */
export const VRING_USED_F_NO_NOTIFY = 1;
const USED_ELEM = 8;

export interface RingAddresses {
  memory: GuestMemory;
  size: number;
  desc: number;
  driver: number;
  device: number;
  features: bigint;
  /** Little-endian (virtio 1.x) or guest byte order (legacy, big-endian on s390). */
  le: boolean;
}

/** Bytes of each split-ring area for `size` entries (event-index fields included). */
export function splitRingSizes(size: number): { desc: number; driver: number; device: number } {
  return { desc: DESC_SIZE * size, driver: 6 + 2 * size, device: 6 + USED_ELEM * size };
}

export class SplitRing {
  private readonly memory: GuestMemory;
  private readonly size: number;
  private readonly desc: RingView;
  private readonly avail: RingView;
  private readonly used: RingView;
  private readonly usedAddr: number;
  private readonly eventIdx: boolean;
  private readonly features: bigint;
  private readonly le: boolean;
  private lastAvail = 0;
  private usedIdx = 0;
  private signalledUsed = 0;

  constructor(a: RingAddresses) {
    if (a.size < 1 || (a.size & (a.size - 1)) !== 0 || a.size > 32768) throw new VirtioError(`split queue size ${a.size} is not a power of 2 up to 32768`);
    const sizes = splitRingSizes(a.size);
    this.memory = a.memory;
    this.size = a.size;
    this.le = a.le;
    this.features = a.features;
    this.eventIdx = (a.features & (1n << BigInt(VIRTIO_F.EVENT_IDX))) !== 0n;
    this.desc = new RingView(mapArea(a.memory, a.desc, sizes.desc, 'descriptor table'), a.le);
    this.avail = new RingView(mapArea(a.memory, a.driver, sizes.driver, 'available ring'), a.le);
    this.used = new RingView(mapArea(a.memory, a.device, sizes.device, 'used ring'), a.le);
    this.usedAddr = a.device;
    // The device starts the used ring empty and asks for every notification.
    this.used.set16(0, 0);
    this.used.set16(2, 0);
    a.memory.written(a.device, 4);
  }

  pop(owner: object): Chain | undefined {
    const availIdx = this.avail.u16(2);
    const pending = (availIdx - this.lastAvail) & 0xffff;
    if (pending === 0) return undefined;
    if (pending > this.size) throw new VirtioError(`available index ${availIdx} runs ${pending} entries ahead (queue size ${this.size})`);
    const head = this.avail.u16(4 + 2 * (this.lastAvail % this.size));
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    if (this.eventIdx) {
      // avail_event: notify us again once the driver makes the next entry available.
      this.used.set16(4 + USED_ELEM * this.size, this.lastAvail);
      this.memory.written(this.usedAddr + 4 + USED_ELEM * this.size, 2);
    }
    const chain = new Chain(owner);
    chain.id = head;
    chain.slots = 1;
    this.walk(chain, head);
    return chain;
  }

  /** Follows the chain from `head`; each table's walk is bounded by its own length. */
  private walk(chain: Chain, head: number): void {
    let table = this.desc;
    let count = this.size;
    let indirect = false;
    let i = head;
    let n = 0;
    for (;;) {
      if (i >= count) throw new VirtioError(`descriptor index ${i} is beyond the ${indirect ? 'indirect table' : 'queue'} (${count})`);
      if (++n > count) throw new VirtioError(`descriptor chain loops or is longer than the ${indirect ? 'indirect table' : 'queue'} (${count})`);
      const off = i * DESC_SIZE;
      const addr = table.addr(off);
      const len = table.u32(off + 8);
      const flags = table.u16(off + 12);
      if ((flags & DESC_F.INDIRECT) !== 0) {
        if (indirect) throw new VirtioError('indirect descriptor inside an indirect table');
        table = indirectTable(this.memory, this.le, addr, len, flags, this.features);
        count = len / DESC_SIZE;
        indirect = true;
        i = 0;
        n = 0;
        continue;
      }
      addBuffer(this.memory, chain, addr, len, flags);
      if ((flags & DESC_F.NEXT) === 0) return;
      i = table.u16(off + 14);
    }
  }

  push(chain: Chain, written: number): void {
    const slot = this.usedIdx % this.size;
    const off = 4 + USED_ELEM * slot;
    this.used.set32(off, chain.id);
    this.used.set32(off + 4, written >>> 0);
    this.memory.written(this.usedAddr + off, USED_ELEM);
    // The index last: the driver must see the element before the new index.
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    this.used.set16(2, this.usedIdx);
    this.memory.written(this.usedAddr + 2, 2);
  }

  /** True when the driver wants an interrupt for the entries pushed since the last one. */
  needsInterrupt(): boolean {
    const old = this.signalledUsed;
    const now = this.usedIdx;
    if (old === now) return false;
    this.signalledUsed = now;
    if (this.eventIdx) {
      const event = this.avail.u16(4 + 2 * this.size);
      return ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);
    }
    return (this.avail.u16(0) & VRING_AVAIL_F_NO_INTERRUPT) === 0;
  }
}
