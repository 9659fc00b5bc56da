// The packed virtqueue (virtio 1.x "Packed Virtqueues"): one descriptor ring the driver
// and device share with AVAIL/USED flag bits and wrap counters, plus the driver and device
// event-suppression structures. Throws VirtioError on a malformed chain; virtqueue.ts
// turns that into a broken queue.
import { VirtioError, VIRTIO_F, type GuestMemory } from './device';
import { addBuffer, Chain, DESC_F, DESC_SIZE, indirectTable, mapArea, RingView } from './chain';
import type { RingAddresses } from './split-ring';

/** Packed descriptor flags beyond NEXT/WRITE/INDIRECT. */
export const PACKED_DESC_F = {
  AVAIL: 1 << 7,
  USED: 1 << 15,
} as const;

/** Event-suppression flags (bits 0-1 of the flags word). */
export const RING_EVENT_FLAGS = {
  ENABLE: 0,
  DISABLE: 1,
  DESC: 2,
} as const;

/** Bytes of each packed-ring area. */
export function packedRingSizes(size: number): { desc: number; driver: number; device: number } {
  return { desc: DESC_SIZE * size, driver: 4, device: 4 };
}

export class PackedRing {
  private readonly memory: GuestMemory;
  private readonly size: number;
  private readonly ring: RingView;
  private readonly driverEvent: RingView;
  private readonly ringAddr: number;
  private readonly eventIdx: boolean;
  private readonly features: bigint;
  private readonly le: boolean;
  private nextAvail = 0;
  private availWrap = 1;
  private usedIdx = 0;
  private usedWrap = 1;
  /** Ring slots used before the current lap, so positions compare without wrapping. */
  private usedBase = 0;
  private signalled = 0;

  constructor(a: RingAddresses) {
    if (a.size < 1 || a.size > 32768) throw new VirtioError(`packed queue size ${a.size} is not 1 to 32768`);
    const sizes = packedRingSizes(a.size);
    this.memory = a.memory;
    this.size = a.size;
    this.le = a.le;
    this.features = a.features;
    this.eventIdx = (a.features & (1n << BigInt(VIRTIO_F.EVENT_IDX))) !== 0n;
    this.ring = new RingView(mapArea(a.memory, a.desc, sizes.desc, 'descriptor ring'), a.le);
    this.driverEvent = new RingView(mapArea(a.memory, a.driver, sizes.driver, 'driver event suppression'), a.le);
    const deviceEvent = new RingView(mapArea(a.memory, a.device, sizes.device, 'device event suppression'), a.le);
    this.ringAddr = a.desc;
    // The device always wants notifications.
    deviceEvent.set32(0, 0);
    a.memory.written(a.device, 4);
  }

  pop(owner: object): Chain | undefined {
    const first = this.ring.u16(this.nextAvail * DESC_SIZE + 14);
    const avail = (first & PACKED_DESC_F.AVAIL) !== 0 ? 1 : 0;
    const used = (first & PACKED_DESC_F.USED) !== 0 ? 1 : 0;
    if (avail !== this.availWrap || used === this.availWrap) return undefined;
    const chain = new Chain(owner);
    let i = this.nextAvail;
    let n = 0;
    for (;;) {
      if (++n > this.size) throw new VirtioError(`descriptor chain is longer than the queue (${this.size})`);
      const off = i * DESC_SIZE;
      const addr = this.ring.addr(off);
      const len = this.ring.u32(off + 8);
      const flags = this.ring.u16(off + 14);
      chain.id = this.ring.u16(off + 12);
      if ((flags & DESC_F.INDIRECT) !== 0) {
        this.walkIndirect(chain, indirectTable(this.memory, this.le, addr, len, flags, this.features));
      } else {
        addBuffer(this.memory, chain, addr, len, flags);
      }
      if (++i === this.size) i = 0;
      if ((flags & DESC_F.NEXT) === 0) break;
    }
    chain.slots = n;
    this.nextAvail += n;
    if (this.nextAvail >= this.size) {
      this.nextAvail -= this.size;
      this.availWrap ^= 1;
    }
    return chain;
  }

  /** An indirect table is read in order; its NEXT flags carry no meaning. */
  private walkIndirect(chain: Chain, table: RingView): void {
    const count = table.bytes.length / DESC_SIZE;
    for (let k = 0; k < count; k++) {
      const off = k * DESC_SIZE;
      const flags = table.u16(off + 14);
      if ((flags & DESC_F.INDIRECT) !== 0) throw new VirtioError('indirect descriptor inside an indirect table');
      addBuffer(this.memory, chain, table.addr(off), table.u32(off + 8), flags);
    }
  }

  push(chain: Chain, written: number): void {
    const off = this.usedIdx * DESC_SIZE;
    this.ring.set32(off + 8, written >>> 0);
    this.ring.set16(off + 12, chain.id);
    // Flags last: they hand the slot back to the driver.
    const mark = this.usedWrap === 1 ? PACKED_DESC_F.AVAIL | PACKED_DESC_F.USED : 0;
    this.ring.set16(off + 14, mark | (written > 0 ? DESC_F.WRITE : 0));
    this.memory.written(this.ringAddr + off, DESC_SIZE);
    this.usedIdx += chain.slots;
    if (this.usedIdx >= this.size) {
      this.usedIdx -= this.size;
      this.usedWrap ^= 1;
      this.usedBase += this.size;
    }
  }

  needsInterrupt(): boolean {
    const old = this.signalled;
    const now = this.usedBase + this.usedIdx;
    if (old === now) return false;
    this.signalled = now;
    const flags = this.driverEvent.u16(2) & 3;
    if (flags === RING_EVENT_FLAGS.DISABLE) return false;
    if (flags !== RING_EVENT_FLAGS.DESC || !this.eventIdx) return true;
    const offWrap = this.driverEvent.u16(0);
    const wrap = offWrap >>> 15;
    // The event offset in the lap its wrap counter names (the current one or the one before).
    const event = (wrap === this.usedWrap ? this.usedBase : this.usedBase - this.size) + (offWrap & 0x7fff);
    return event >= old && event < now;
  }
}
