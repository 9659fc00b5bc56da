// virtio-rng (virtio 1.x "Entropy Device"): one request queue whose device-writable
// buffers the host fills from its cryptographic random source. The source comes in
// through an interface so tests can substitute a deterministic one.
import { randomFillSync } from 'node:crypto';
import { emptyStats, VIRTIO_F, VIRTIO_ID, type DeviceContext, type DeviceStats, type VirtioDevice } from '../device';

/** Fills `buffer` with random bytes. */
export type EntropySource = (buffer: Uint8Array) => void;

export const HOST_ENTROPY: EntropySource = (b) => { randomFillSync(b); };

/** Queue size QEMU's virtio-rng offers. */
const REQUEST_QUEUE_SIZE = 8;
const bit = (n: number): bigint => 1n << BigInt(n);

export class VirtioRng implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.RNG;
  readonly name = 'virtio-rng';
  readonly features = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_F.INDIRECT_DESC) | bit(VIRTIO_F.EVENT_IDX);
  readonly queueSizes = [REQUEST_QUEUE_SIZE];
  /** No configuration space. */
  readonly config = new Uint8Array(0);
  readonly stats: DeviceStats = emptyStats();
  private ctx: DeviceContext | undefined;

  constructor(private readonly source: EntropySource = HOST_ENTROPY) {}

  activate(ctx: DeviceContext): void {
    this.ctx = ctx;
  }

  notify(queue: number): void {
    const q = this.ctx?.queues[queue];
    if (q === undefined || queue !== 0) return;
    let any = false;
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      for (const b of chain.writable) {
        this.source(b);
        this.ctx?.memory.written(b.byteOffset, b.length);
      }
      this.stats.requests++;
      this.stats.bytesWritten += chain.writableLength;
      q.push(chain, chain.writableLength);
      any = true;
    }
    if (any) q.notifyDriver();
  }

  reset(): void {
    this.ctx = undefined;
  }
}
