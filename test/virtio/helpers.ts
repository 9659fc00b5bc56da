// Test helper shared by the virtio tests: a small guest memory and drivers that lay out
// split and packed rings by hand (little-endian, as a virtio 1.x driver), so tests can
// offer well-formed and hostile chains and read back what the device used.
import { emptyStats, type GuestMemory } from '../../emulator/virtio/device';
import { guestMemory } from '../../emulator/virtio/guest-memory';
import { createVirtqueue, type TransportVirtqueue } from '../../emulator/virtio/virtqueue';
import { GuestStorage } from '../../emulator/mmu/storage';

export interface TestMemory {
  memory: GuestMemory;
  bytes: Uint8Array;
  dv: DataView;
  writes: [number, number][];
}

export function testMemory(size = 0x10000): TestMemory {
  const storage = new GuestStorage(size);
  const writes: [number, number][] = [];
  return { memory: guestMemory(storage, (a, l) => writes.push([a, l])), bytes: storage.bytes, dv: storage.view, writes };
}

export interface Desc {
  addr: number;
  len: number;
  flags?: number;
  next?: number;
  /** High word of the address (for addresses beyond 4 GiB). */
  hi?: number;
  id?: number;
}

export function writeDesc(dv: DataView, at: number, d: Desc, packed = false): void {
  dv.setUint32(at, d.addr >>> 0, true);
  dv.setUint32(at + 4, d.hi ?? 0, true);
  dv.setUint32(at + 8, d.len >>> 0, true);
  if (packed) {
    dv.setUint16(at + 12, d.id ?? 0, true);
    dv.setUint16(at + 14, d.flags ?? 0, true);
  } else {
    dv.setUint16(at + 12, d.flags ?? 0, true);
    dv.setUint16(at + 14, d.next ?? 0, true);
  }
}

/** Areas of a test queue: descriptors at 0x1000, driver area 0x2000, device area 0x3000. */
export const AREAS = { desc: 0x1000, driver: 0x2000, device: 0x3000 } as const;

export interface Harness {
  m: TestMemory;
  q: TransportVirtqueue;
  errors: string[];
  interrupts: { n: number };
  stats: ReturnType<typeof emptyStats>;
}

export function makeQueue(packed: boolean, features: bigint, size = 8, m = testMemory()): Harness {
  const errors: string[] = [];
  const interrupts = { n: 0 };
  const stats = emptyStats();
  const q = createVirtqueue({
    memory: m.memory, index: 0, size, packed, ...AREAS, features,
    interrupt: () => { interrupts.n++; }, stats, onError: (e) => errors.push(e),
  });
  return { m, q, errors, interrupts, stats };
}

/** Split-ring driver side: descriptor table writes and available-ring publishing. */
export class SplitDriver {
  availIdx = 0;
  constructor(readonly m: TestMemory, readonly size: number) {}
  desc(i: number, d: Desc): void { writeDesc(this.m.dv, AREAS.desc + 16 * i, d); }
  offer(head: number): void {
    this.m.dv.setUint16(AREAS.driver + 4 + 2 * (this.availIdx % this.size), head, true);
    this.availIdx = (this.availIdx + 1) & 0xffff;
    this.m.dv.setUint16(AREAS.driver + 2, this.availIdx, true);
  }
  usedIdx(): number { return this.m.dv.getUint16(AREAS.device + 2, true); }
  used(slot: number): { id: number; len: number } {
    const at = AREAS.device + 4 + 8 * (slot % this.size);
    return { id: this.m.dv.getUint32(at, true), len: this.m.dv.getUint32(at + 4, true) };
  }
  set availFlags(v: number) { this.m.dv.setUint16(AREAS.driver, v, true); }
  set usedEvent(v: number) { this.m.dv.setUint16(AREAS.driver + 4 + 2 * this.size, v, true); }
  get availEvent(): number { return this.m.dv.getUint16(AREAS.device + 4 + 8 * this.size, true); }
}

/** Packed-ring driver side with its wrap counter. */
export class PackedDriver {
  next = 0;
  wrap = 1;
  constructor(readonly m: TestMemory, readonly size: number) {}
  /** Offers a chain of descriptors (the NEXT flags are set here) with buffer id `id`. */
  offer(id: number, descs: Desc[]): void {
    const slots: [number, Desc, number][] = [];
    descs.forEach((d, k) => {
      const mark = this.wrap === 1 ? 1 << 7 : 1 << 15;
      const flags = (d.flags ?? 0) | mark | (k < descs.length - 1 ? 1 : 0);
      slots.push([this.next, { ...d, id }, flags]);
      if (++this.next === this.size) { this.next = 0; this.wrap ^= 1; }
    });
    // The head's flags last, as a driver publishes a chain.
    for (const [i, d, flags] of slots.reverse()) writeDesc(this.m.dv, AREAS.desc + 16 * i, { ...d, flags }, true);
  }
  used(slot: number): { id: number; len: number; flags: number } {
    const at = AREAS.desc + 16 * slot;
    return { len: this.m.dv.getUint32(at + 8, true), id: this.m.dv.getUint16(at + 12, true), flags: this.m.dv.getUint16(at + 14, true) };
  }
  set eventFlags(v: number) { this.m.dv.setUint16(AREAS.driver + 2, v, true); }
  set eventOffWrap(v: number) { this.m.dv.setUint16(AREAS.driver, v, true); }
}
