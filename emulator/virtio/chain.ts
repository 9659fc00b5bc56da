// What split and packed rings share: reading descriptors through bounded guest-memory
// views, building a validated DescriptorChain from them (write-before-read order, length
// and indirect-table bounds), and the error a malformed chain raises. Ring-specific walks
// live in split-ring.ts and packed-ring.ts.
import { VirtioError, type DescriptorChain, type GuestMemory } from './device';

/** Descriptor flags common to both ring layouts (virtio 1.x "Virtqueues"). */
export const DESC_F = {
  NEXT: 1,
  WRITE: 2,
  INDIRECT: 4,
} as const;

/** Size of a descriptor, split or packed. */
export const DESC_SIZE = 16;
/** Largest queue size the spec allows (2^15). */
export const MAX_QUEUE_SIZE = 32768;
/**
 * Longest indirect table accepted, in descriptors. The spec bounds an indirect table only
 * by its length field; a bound keeps a hostile 4 GiB table from stalling the host.
 */
export const MAX_INDIRECT = 4096;

/** A chain as a queue hands it out; `slots` is how many ring entries it used (packed). */
export class Chain implements DescriptorChain {
  readonly readable: Uint8Array[] = [];
  readonly writable: Uint8Array[] = [];
  readableLength = 0;
  writableLength = 0;
  id = 0;
  slots = 0;

  constructor(readonly owner: object) {}
}

/** A little- or big-endian reader over one live view of guest memory. */
export class RingView {
  readonly dv: DataView;

  constructor(readonly bytes: Uint8Array, readonly le: boolean) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u16(off: number): number { return this.dv.getUint16(off, this.le); }
  u32(off: number): number { return this.dv.getUint32(off, this.le); }
  set16(off: number, v: number): void { this.dv.setUint16(off, v, this.le); }
  set32(off: number, v: number): void { this.dv.setUint32(off, v, this.le); }
  /** A 64-bit guest address as a number; addresses past 2^53 come back as Infinity (outside RAM). */
  addr(off: number): number {
    const lo = this.dv.getUint32(off + (this.le ? 0 : 4), this.le);
    const hi = this.dv.getUint32(off + (this.le ? 4 : 0), this.le);
    return hi >= 0x20_0000 ? Infinity : hi * 0x1_0000_0000 + lo;
  }
}

/** Maps a ring area, turning "outside RAM" into a VirtioError naming the area. */
export function mapArea(memory: GuestMemory, addr: number, len: number, what: string): Uint8Array {
  if (!Number.isSafeInteger(addr) || addr < 0 || addr + len > memory.size) {
    throw new VirtioError(`${what} at 0x${addrText(addr)} (+${len}) lies outside guest memory`);
  }
  return memory.view(addr, len);
}

export function addrText(addr: number): string {
  return Number.isFinite(addr) ? addr.toString(16) : '(beyond 2^53)';
}

/**
 * Adds one buffer to `chain` in order: after the first device-writable buffer, a readable
 * one is a spec violation (drivers put out-buffers first).
 */
export function addBuffer(memory: GuestMemory, chain: Chain, addr: number, len: number, flags: number): void {
  const writable = (flags & DESC_F.WRITE) !== 0;
  if (!writable && chain.writable.length > 0) throw new VirtioError('a readable descriptor follows a writable one');
  if (!Number.isFinite(addr) || addr + len > memory.size) {
    throw new VirtioError(`descriptor buffer 0x${addrText(addr)} (+${len}) lies outside guest memory`);
  }
  const view = memory.view(addr, len);
  if (writable) {
    chain.writable.push(view);
    chain.writableLength += len;
  } else {
    chain.readable.push(view);
    chain.readableLength += len;
  }
}

/** Checks an indirect descriptor and maps its table. */
export function indirectTable(memory: GuestMemory, le: boolean, addr: number, len: number, flags: number, features: bigint): RingView {
  if ((features & (1n << 28n)) === 0n) throw new VirtioError('indirect descriptor without VIRTIO_F_INDIRECT_DESC');
  if ((flags & DESC_F.NEXT) !== 0) throw new VirtioError('indirect descriptor with the NEXT flag');
  if (len === 0 || len % DESC_SIZE !== 0) throw new VirtioError(`indirect table length ${len} is not a nonzero multiple of ${DESC_SIZE}`);
  if (len / DESC_SIZE > MAX_INDIRECT) throw new VirtioError(`indirect table of ${len / DESC_SIZE} descriptors (limit ${MAX_INDIRECT})`);
  return new RingView(mapArea(memory, addr, len, 'indirect table'), le);
}
