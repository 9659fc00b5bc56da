// Test helper for device models (blk, console): a guest memory with a bump allocator and
// a Virtqueue that hands out chains built by hand, so a device test needs no ring layout.
// Chains' buffers are views into that memory, as the real queues give them.
import {
  emptyStats,
  type DescriptorChain, type DeviceContext, type GuestMemory, type Virtqueue,
} from '../../emulator/virtio/device';

export class FakeMemory implements GuestMemory {
  readonly bytes: Uint8Array;
  readonly writes: [number, number][] = [];
  private next = 0x1000;

  constructor(readonly size = 0x40_0000) {
    this.bytes = new Uint8Array(size);
  }

  view(addr: number, len: number): Uint8Array { return this.bytes.subarray(addr, addr + len); }
  written(addr: number, len: number): void { this.writes.push([addr, len]); }

  /** A fresh buffer of `len` bytes (filled with `fill`, so unwritten bytes are visible). */
  alloc(len: number, fill = 0xee): Uint8Array {
    const addr = this.next;
    this.next += (len + 15) & ~15;
    if (this.next > this.size) throw new Error('fake memory full');
    const v = this.view(addr, len);
    v.fill(fill);
    return v;
  }
}

export interface Used {
  chain: DescriptorChain;
  written: number;
}

let nextId = 0;

export class FakeQueue implements Virtqueue {
  readonly pending: DescriptorChain[] = [];
  readonly used: Used[] = [];
  driverNotifications = 0;

  constructor(readonly mem: FakeMemory, readonly index = 0, readonly size = 256) {}

  /** Offers a chain: readable buffers with these contents, then writable buffers of these lengths. */
  offer(readable: readonly Uint8Array[], writableLengths: readonly number[] = []): DescriptorChain {
    const r = readable.map((b) => {
      const v = this.mem.alloc(b.length);
      v.set(b);
      return v;
    });
    const w = writableLengths.map((n) => this.mem.alloc(n));
    const chain: DescriptorChain = {
      id: nextId++,
      readable: r,
      writable: w,
      readableLength: r.reduce((s, b) => s + b.length, 0),
      writableLength: w.reduce((s, b) => s + b.length, 0),
    };
    this.pending.push(chain);
    return chain;
  }

  pop(): DescriptorChain | undefined { return this.pending.shift(); }
  push(chain: DescriptorChain, written: number): void { this.used.push({ chain, written }); }
  notifyDriver(): void { this.driverNotifications++; }
}

/** The bytes a used chain's writable part holds, concatenated (first `n`, default all). */
export function writtenBytes(u: Used, n = u.chain.writableLength): Uint8Array {
  const out = new Uint8Array(u.chain.writableLength);
  let at = 0;
  for (const b of u.chain.writable) { out.set(b, at); at += b.length; }
  return out.subarray(0, n);
}

export interface FakeContext extends DeviceContext {
  readonly errors: string[];
  configChanges: number;
}

export function fakeContext(mem: FakeMemory, queues: readonly (Virtqueue | undefined)[], features: bigint): FakeContext {
  const ctx = {
    memory: mem,
    queues,
    features,
    errors: [] as string[],
    configChanges: 0,
    configChanged(): void { ctx.configChanges++; },
    onError(message: string): void { ctx.errors.push(message); },
  };
  return ctx;
}

export { emptyStats };
