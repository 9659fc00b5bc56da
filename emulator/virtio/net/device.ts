// virtio-net (virtio 1.x "Network Device"): one receive/transmit queue pair, the MAC and
// link status in configuration space (a link change is signalled as a configuration
// change), mergeable receive buffers. Frames go to and come from a NetBackend; received
// frames arrive asynchronously and wait in a bounded queue until the driver posts receive
// buffers (beyond the bound they are dropped and counted). No checksum or segmentation
// offloads are offered: the guest computes checksums and sends frames of at most its MTU.
import { emptyStats, VIRTIO_F, VIRTIO_ID, type DescriptorChain, type DeviceContext, type DeviceStats, type GuestMemory, type Virtqueue, type VirtioDevice } from '../device';
import { formatMac, MAX_FRAME, MIN_FRAME, type NetBackend } from './backend';
import { NET_CONFIG, NET_HDR, NET_QUEUE, VIRTIO_NET_F, VIRTIO_NET_HDR_GSO_NONE, VIRTIO_NET_S } from './constants';

export const NET_QUEUE_SIZE = 256;
/** Received frames kept while the guest has no receive buffers. */
export const DEFAULT_RX_BACKLOG = 256;

export interface NetStats extends DeviceStats {
  rxFrames: number;
  rxBytes: number;
  txFrames: number;
  txBytes: number;
  /** Received frames dropped: backlog full, driver not ready, link down, or no buffer large enough. */
  rxDropped: number;
  /** Frames the guest sent while the link was down (or the backend refused). */
  txDropped: number;
  /** Received frames waiting for receive buffers right now. */
  rxBacklog: number;
}

export interface NetDeviceOptions {
  mac: Uint8Array;
  backend: NetBackend;
  rxBacklog?: number;
}

const bit = (n: number): bigint => 1n << BigInt(n);

/** Copies `data` into the chain's writable buffers from byte `at` on; returns the bytes written. */
function scatter(chain: DescriptorChain, at: number, data: Uint8Array): number {
  let skip = at;
  let done = 0;
  for (const w of chain.writable) {
    if (done === data.length) break;
    if (skip >= w.length) { skip -= w.length; continue; }
    const n = Math.min(w.length - skip, data.length - done);
    w.set(data.subarray(done, done + n), skip);
    done += n;
    skip = 0;
  }
  return done;
}

/**
 * Tells guest memory which bytes of the chain's writable part were written. Views are
 * subarrays of guest storage, so a view's byteOffset is its guest absolute address.
 */
function markWritten(memory: GuestMemory, chain: DescriptorChain, length: number): void {
  let left = length;
  for (const w of chain.writable) {
    if (left <= 0) break;
    const n = Math.min(left, w.length);
    memory.written(w.byteOffset, n);
    left -= n;
  }
}

/** The chain's readable bytes from `from` on, as one array. */
function gather(chain: DescriptorChain, from: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, chain.readableLength - from));
  let skip = from;
  let at = 0;
  for (const r of chain.readable) {
    if (skip >= r.length) { skip -= r.length; continue; }
    out.set(r.subarray(skip), at);
    at += r.length - skip;
    skip = 0;
  }
  return out;
}

export class VirtioNet implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.NET;
  readonly name: string;
  readonly features = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_F.INDIRECT_DESC) | bit(VIRTIO_F.EVENT_IDX)
    | bit(VIRTIO_NET_F.MAC) | bit(VIRTIO_NET_F.STATUS) | bit(VIRTIO_NET_F.MRG_RXBUF);
  readonly queueSizes = [NET_QUEUE_SIZE, NET_QUEUE_SIZE];
  readonly config = new Uint8Array(NET_CONFIG.SIZE);
  readonly stats: NetStats = { ...emptyStats(), rxFrames: 0, rxBytes: 0, txFrames: 0, txBytes: 0, rxDropped: 0, txDropped: 0, rxBacklog: 0 };
  readonly mac: Uint8Array;
  private readonly backend: NetBackend;
  private readonly backlogLimit: number;
  private ctx: DeviceContext | undefined;
  private headerSize: number = NET_HDR.SIZE;
  private mergeable = false;
  /** Frames received but not yet in a guest buffer, oldest first. */
  private backlog: Uint8Array[] = [];
  /** Receive chains taken from the ring but not used yet (a frame needed more than were there). */
  private spare: DescriptorChain[] = [];
  /** Administrative link state (the backend's state is ANDed in). */
  private adminUp = true;

  constructor(options: NetDeviceOptions) {
    this.mac = Uint8Array.from(options.mac.subarray(0, 6));
    this.backend = options.backend;
    this.backlogLimit = options.rxBacklog ?? DEFAULT_RX_BACKLOG;
    this.name = `virtio-net ${formatMac(this.mac)} (${this.backend.description})`;
    this.config.set(this.mac, NET_CONFIG.MAC);
    this.writeStatus();
    this.backend.attach({
      frame: (f) => this.receive(f),
      link: () => this.linkChanged(),
    });
  }

  get linkUp(): boolean {
    return this.adminUp && this.backend.linkUp;
  }

  /** Pulls or plugs the virtual cable (the guest sees a configuration change). */
  setLink(up: boolean): void {
    if (this.adminUp === up) return;
    this.adminUp = up;
    this.linkChanged();
  }

  activate(ctx: DeviceContext): void {
    this.ctx = ctx;
    const version1 = (ctx.features & bit(VIRTIO_F.VERSION_1)) !== 0n;
    this.mergeable = (ctx.features & bit(VIRTIO_NET_F.MRG_RXBUF)) !== 0n;
    this.headerSize = version1 || this.mergeable ? NET_HDR.SIZE : NET_HDR.LEGACY_SIZE;
    this.spare = [];
    this.drainRx();
  }

  notify(queue: number): void {
    if (queue === NET_QUEUE.TX) this.transmit();
    else if (queue === NET_QUEUE.RX) this.drainRx();
  }

  reset(): void {
    this.ctx = undefined;
    this.backlog = [];
    this.spare = [];
    this.stats.rxBacklog = 0;
  }

  close(): void {
    this.reset();
    this.backend.close();
  }

  private queue(i: number): Virtqueue | undefined {
    return this.ctx?.queues[i];
  }

  private writeStatus(): void {
    const s = this.linkUp ? VIRTIO_NET_S.LINK_UP : 0;
    this.config[NET_CONFIG.STATUS] = s & 0xff;
    this.config[NET_CONFIG.STATUS + 1] = s >> 8;
  }

  private linkChanged(): void {
    const before = this.config[NET_CONFIG.STATUS];
    this.writeStatus();
    if (this.config[NET_CONFIG.STATUS] === before) return;
    if (!this.linkUp) {
      this.stats.rxDropped += this.backlog.length;
      this.backlog = [];
      this.stats.rxBacklog = 0;
    }
    if (this.ctx !== undefined && (this.ctx.features & bit(VIRTIO_NET_F.STATUS)) !== 0n) this.ctx.configChanged();
  }

  /** A frame from the backend for the guest. */
  private receive(frame: Uint8Array): void {
    if (this.ctx === undefined || !this.linkUp || this.backlog.length >= this.backlogLimit) {
      this.stats.rxDropped++;
      return;
    }
    this.backlog.push(frame);
    this.drainRx();
  }

  private guestError(message: string): void {
    this.stats.errors++;
    this.ctx?.onError(`${this.name}: ${message}`);
  }

  /** Frames the guest queued for sending (virtio 1.x "Packet Transmission"). */
  private transmit(): void {
    const q = this.queue(NET_QUEUE.TX);
    if (q === undefined) return;
    let pushed = false;
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      this.stats.requests++;
      const length = chain.readableLength - this.headerSize;
      if (length < MIN_FRAME || length > MAX_FRAME) {
        this.guestError(`transmit buffer of ${chain.readableLength} bytes holds no Ethernet frame after the ${this.headerSize}-byte header`);
      } else {
        this.stats.bytesRead += chain.readableLength;
        const header = gather(chain, 0).subarray(0, this.headerSize);
        if (header[NET_HDR.GSO_TYPE] !== VIRTIO_NET_HDR_GSO_NONE) {
          this.guestError(`transmit header asks for segmentation offload (gso_type ${header[NET_HDR.GSO_TYPE]}) that was not negotiated`);
        } else {
          const frame = gather(chain, this.headerSize);
          if (this.linkUp && this.backend.send(frame)) {
            this.stats.txFrames++;
            this.stats.txBytes += frame.length;
          } else {
            this.stats.txDropped++;
          }
        }
      }
      q.push(chain, 0);
      pushed = true;
    }
    if (pushed) q.notifyDriver();
  }

  private nextRxChain(q: Virtqueue): DescriptorChain | undefined {
    return this.spare.shift() ?? q.pop();
  }

  /** Moves backlogged frames into the guest's receive buffers (virtio 1.x "Processing of Incoming Packets"). */
  private drainRx(): void {
    const q = this.queue(NET_QUEUE.RX);
    if (q === undefined) return;
    let pushed = false;
    while (this.backlog.length > 0) {
      const frame = this.backlog[0];
      const needed = this.headerSize + frame.length;
      const chains: DescriptorChain[] = [];
      let room = 0;
      while (room < needed) {
        const c = this.nextRxChain(q);
        if (c === undefined) break;
        if (c.writableLength < (chains.length === 0 ? this.headerSize : 1)) {
          this.guestError(`receive buffer of ${c.writableLength} bytes is too small`);
          q.push(c, 0);
          pushed = true;
          continue;
        }
        chains.push(c);
        room += c.writableLength;
        if (!this.mergeable) break;
      }
      if (room < needed) {
        if ((!this.mergeable && chains.length === 1) || chains.length >= q.size) {
          // Without mergeable buffers a frame must fit one buffer: drop the frame, keep the buffer.
          this.stats.rxDropped++;
          this.backlog.shift();
          this.spare.unshift(...chains);
          continue;
        }
        // Not enough buffers yet: keep what we took for when the driver posts more.
        this.spare.unshift(...chains);
        break;
      }
      this.backlog.shift();
      this.fill(q, chains, frame);
      pushed = true;
    }
    this.stats.rxBacklog = this.backlog.length;
    if (pushed) q.notifyDriver();
  }

  /** Writes header + frame across `chains` (enough room checked) and returns them to the driver. */
  private fill(q: Virtqueue, chains: DescriptorChain[], frame: Uint8Array): void {
    const header = new Uint8Array(this.headerSize);
    if (this.headerSize === NET_HDR.SIZE) {
      header[NET_HDR.NUM_BUFFERS] = chains.length & 0xff;
      header[NET_HDR.NUM_BUFFERS + 1] = chains.length >> 8;
    }
    let offset = 0;
    chains.forEach((c, i) => {
      let written = 0;
      if (i === 0) written = scatter(c, 0, header);
      const n = scatter(c, written, frame.subarray(offset));
      offset += n;
      written += n;
      this.stats.bytesWritten += written;
      if (this.ctx !== undefined) markWritten(this.ctx.memory, c, written);
      q.push(c, written);
    });
    this.stats.requests++;
    this.stats.rxFrames++;
    this.stats.rxBytes += frame.length;
  }
}
