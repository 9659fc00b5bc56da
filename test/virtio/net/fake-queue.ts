// A Virtqueue stand-in for the net and balloon device tests: chains are built from plain
// byte arrays inside one fake guest memory (readable contents, writable sizes), so views'
// byteOffset is their guest address as with the real queues; pushes and driver
// notifications are recorded.
import type { DescriptorChain, DeviceContext, GuestMemory, Virtqueue } from '../../../emulator/virtio/device';

export interface UsedEntry {
  id: number;
  written: number;
  /** The chain's writable bytes, concatenated, cut to `written`. */
  data: Uint8Array;
}

/** Guest memory over one array with a bump allocator; records written() ranges. */
export class FakeMemory implements GuestMemory {
  readonly bytes: Uint8Array;
  readonly writes: [number, number][] = [];
  private next = 0x1000;

  constructor(readonly size = 0x40_0000) {
    this.bytes = new Uint8Array(size);
  }

  view(addr: number, len: number): Uint8Array {
    if (addr < 0 || len < 0 || addr + len > this.size) throw new Error(`outside RAM: ${addr}+${len}`);
    return this.bytes.subarray(addr, addr + len);
  }

  written(addr: number, len: number): void {
    this.writes.push([addr, len]);
  }

  alloc(len: number): Uint8Array {
    const v = this.view(this.next, len);
    this.next += (len + 15) & ~15;
    return v;
  }
}

export class FakeQueue implements Virtqueue {
  readonly available: DescriptorChain[] = [];
  readonly used: UsedEntry[] = [];
  notifications = 0;
  private nextId = 0;

  constructor(readonly memory: FakeMemory, readonly index = 0, readonly size = 256) {}

  /** Adds a chain the driver made available; returns its id. */
  add(readable: Uint8Array[], writableSizes: number[] = []): number {
    const id = this.nextId++;
    const r = readable.map((b) => { const v = this.memory.alloc(b.length); v.set(b); return v; });
    const w = writableSizes.map((n) => this.memory.alloc(n));
    this.available.push({
      id,
      readable: r,
      writable: w,
      readableLength: r.reduce((n, x) => n + x.length, 0),
      writableLength: w.reduce((n, x) => n + x.length, 0),
    });
    return id;
  }

  pop(): DescriptorChain | undefined {
    return this.available.shift();
  }

  push(c: DescriptorChain, written: number): void {
    const all = new Uint8Array(c.writableLength);
    let at = 0;
    for (const w of c.writable) { all.set(w, at); at += w.length; }
    this.used.push({ id: c.id, written, data: all.slice(0, written) });
  }

  notifyDriver(): void {
    this.notifications++;
  }
}

export interface FakeContext extends DeviceContext {
  configChanges: number;
  errors: string[];
}

export function context(queues: (Virtqueue | undefined)[], features: bigint, memory: GuestMemory): FakeContext {
  const ctx: FakeContext = {
    memory,
    queues,
    features,
    configChanges: 0,
    errors: [],
    configChanged() { ctx.configChanges++; },
    onError(m: string) { ctx.errors.push(m); },
  };
  return ctx;
}
