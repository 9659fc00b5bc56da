// virtio-balloon (virtio 1.x "Traditional Memory Balloon Device"): the host sets a target
// (num_pages) and the driver inflates (gives 4 KiB pages back) or deflates (takes them
// again), reporting its count in `actual`. Pages given back are released on the host:
// through GuestMemory.release when the memory has one, else zeroed. The statistics queue
// keeps the guest's last memory statistics; free page reporting releases the free ranges
// the guest reports. DEFLATE_ON_OOM is offered, so the guest may deflate under pressure.
import { emptyStats, VIRTIO_F, VIRTIO_ID, type DescriptorChain, type DeviceContext, type DeviceStats, type GuestMemory, type Virtqueue, type VirtioDevice } from '../device';
import { BALLOON_CONFIG, BALLOON_PAGE, BALLOON_PAGE_SHIFT, BALLOON_QUEUE, BALLOON_STAT_TAGS, PFN_BYTES, STAT_ENTRY_BYTES, VIRTIO_BALLOON_F } from './constants';

export const BALLOON_QUEUE_SIZE = 128;

export interface BalloonStats extends DeviceStats {
  /** Pages in the balloon now (host's view, from the inflate/deflate queues). */
  inflatedPages: number;
  /** Pages released by inflation, pages the guest took back by deflation, pages released by free page reporting (totals). */
  releasedPages: number;
  reclaimedPages: number;
  reportedPages: number;
  /** num_pages (host target) and actual (driver's count) from configuration space. */
  targetPages: number;
  actualPages: number;
  /** Statistics buffers received from the guest. */
  statsUpdates: number;
  /** The guest's last figures (bytes, or counts for faults), also here so device views list them; -1 before any. */
  guestTotalBytes: number;
  guestFreeBytes: number;
  guestAvailableBytes: number;
  guestCachesBytes: number;
  guestMajorFaults: number;
  guestMinorFaults: number;
}

/** BalloonStats fields that mirror a guest statistic, by tag name. */
const MIRRORED: readonly [keyof BalloonStats, string][] = [
  ['guestTotalBytes', 'total-memory'], ['guestFreeBytes', 'free-memory'], ['guestAvailableBytes', 'available-memory'],
  ['guestCachesBytes', 'disk-caches'], ['guestMajorFaults', 'major-faults'], ['guestMinorFaults', 'minor-faults'],
];

/** The guest's last memory statistics (virtio 1.x "Memory Statistics Tags"), by name. */
export interface GuestMemoryStats {
  readonly values: Readonly<Record<string, number>>;
  /** Host time (ms since the epoch) they arrived, 0 before the first. */
  readonly receivedAt: number;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface BalloonOptions {
  /** Guest memory in bytes (for checking frame numbers and for the target). */
  memorySize: number;
  /** Memory the guest should be left with, in bytes (default: all of it, an empty balloon). */
  target?: number;
  /** Ask the guest for fresh statistics this often (0: only on requestStats()). Default 5 s. */
  statsIntervalMs?: number;
  timers?: Timers;
  now?: () => number;
}

const bit = (n: number): bigint => 1n << BigInt(n);
const DEFAULT_STATS_INTERVAL_MS = 5000;
const HOST_TIMERS: Timers = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    h.unref();
    return h;
  },
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

function le32(b: Uint8Array, at: number): number {
  return (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;
}

function setLe32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = v >>> 24;
}

/**
 * A copy of the chain's readable bytes: releasing a page may zero the list itself when a
 * hostile driver puts it in a page it also gives away.
 */
function readAll(chain: DescriptorChain): Uint8Array {
  const out = new Uint8Array(chain.readableLength);
  let at = 0;
  for (const r of chain.readable) { out.set(r, at); at += r.length; }
  return out;
}

export class BalloonError extends Error {
  override name = 'BalloonError';
}

export class VirtioBalloon implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.BALLOON;
  readonly name = 'virtio-balloon';
  readonly features = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_F.INDIRECT_DESC) | bit(VIRTIO_F.EVENT_IDX)
    | bit(VIRTIO_BALLOON_F.STATS_VQ) | bit(VIRTIO_BALLOON_F.DEFLATE_ON_OOM) | bit(VIRTIO_BALLOON_F.PAGE_REPORTING);
  /** inflate, deflate, stats, reporting: stats and reporting shift down when not negotiated. */
  readonly queueSizes = [BALLOON_QUEUE_SIZE, BALLOON_QUEUE_SIZE, BALLOON_QUEUE_SIZE, BALLOON_QUEUE_SIZE];
  readonly config = new Uint8Array(BALLOON_CONFIG.SIZE);
  readonly stats: BalloonStats = {
    ...emptyStats(), inflatedPages: 0, releasedPages: 0, reclaimedPages: 0, reportedPages: 0, targetPages: 0, actualPages: 0, statsUpdates: 0,
    guestTotalBytes: -1, guestFreeBytes: -1, guestAvailableBytes: -1, guestCachesBytes: -1, guestMajorFaults: -1, guestMinorFaults: -1,
  };
  guestStats: GuestMemoryStats = { values: {}, receivedAt: 0 };
  private readonly pages: number;
  /** One bit per 4 KiB page of guest memory: in the balloon. */
  private readonly inBalloon: Uint8Array;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly statsIntervalMs: number;
  private ctx: DeviceContext | undefined;
  private statsQueue: number | undefined;
  private reportingQueue: number | undefined;
  /** The statistics buffer the driver gave us, held until we want new statistics. */
  private statsChain: DescriptorChain | undefined;
  private timer: unknown;

  constructor(options: BalloonOptions) {
    this.pages = Math.floor(options.memorySize / BALLOON_PAGE);
    this.inBalloon = new Uint8Array(Math.ceil(this.pages / 8));
    this.timers = options.timers ?? HOST_TIMERS;
    this.now = options.now ?? Date.now;
    this.statsIntervalMs = options.statsIntervalMs ?? DEFAULT_STATS_INTERVAL_MS;
    this.setTarget(options.target ?? options.memorySize);
  }

  /** Asks the guest to shrink (or grow) to `bytes` of memory; the driver follows at its pace. */
  setTarget(bytes: number): void {
    if (!Number.isFinite(bytes) || bytes < 0) throw new BalloonError(`balloon target ${bytes} is not a size`);
    const keep = Math.min(this.pages, Math.floor(bytes / BALLOON_PAGE));
    const target = this.pages - keep;
    this.stats.targetPages = target;
    setLe32(this.config, BALLOON_CONFIG.NUM_PAGES, target);
    this.ctx?.configChanged();
  }

  configWritten(offset: number, length: number): void {
    if (offset < BALLOON_CONFIG.ACTUAL + 4 && offset + length > BALLOON_CONFIG.ACTUAL) {
      this.stats.actualPages = le32(this.config, BALLOON_CONFIG.ACTUAL);
    }
  }

  activate(ctx: DeviceContext): void {
    this.ctx = ctx;
    // Queues are numbered densely: an optional queue the driver did not negotiate takes no number.
    let next = 2;
    this.statsQueue = (ctx.features & bit(VIRTIO_BALLOON_F.STATS_VQ)) !== 0n ? next++ : undefined;
    this.reportingQueue = (ctx.features & bit(VIRTIO_BALLOON_F.PAGE_REPORTING)) !== 0n ? next++ : undefined;
    if (this.statsQueue !== undefined && this.statsIntervalMs > 0) {
      this.timer = this.timers.setInterval(() => this.requestStats(), this.statsIntervalMs);
    }
  }

  notify(queue: number): void {
    if (queue === BALLOON_QUEUE.INFLATE) this.pfnQueue(queue, true);
    else if (queue === BALLOON_QUEUE.DEFLATE) this.pfnQueue(queue, false);
    else if (queue === this.statsQueue) this.statsArrived();
    else if (queue === this.reportingQueue) this.reportFree();
  }

  /** Returns the held statistics buffer so the driver refills it (virtio 1.x "Memory Statistics"). */
  requestStats(): boolean {
    const chain = this.statsChain;
    const q = this.queue(this.statsQueue);
    if (chain === undefined || q === undefined) return false;
    this.statsChain = undefined;
    q.push(chain, 0);
    q.notifyDriver();
    return true;
  }

  reset(): void {
    if (this.timer !== undefined) this.timers.clearInterval(this.timer);
    this.timer = undefined;
    this.ctx = undefined;
    this.statsChain = undefined;
    // A reset driver starts with an empty balloon: its pages are the guest's again.
    this.stats.reclaimedPages += this.stats.inflatedPages;
    this.stats.inflatedPages = 0;
    this.inBalloon.fill(0);
    setLe32(this.config, BALLOON_CONFIG.ACTUAL, 0);
    this.stats.actualPages = 0;
  }

  close(): void {
    this.reset();
  }

  private queue(i: number | undefined): Virtqueue | undefined {
    return i === undefined ? undefined : this.ctx?.queues[i];
  }

  private guestError(message: string): void {
    this.stats.errors++;
    this.ctx?.onError(`${this.name}: ${message}`);
  }

  private release(memory: GuestMemory, addr: number, len: number): void {
    if (memory.release !== undefined) {
      memory.release(addr, len);
    } else {
      memory.view(addr, len).fill(0);
      memory.written(addr, len);
    }
  }

  /** Inflate (pages leave the guest) or deflate (pages come back) by frame number. */
  private pfnQueue(index: number, inflate: boolean): void {
    const q = this.queue(index);
    const ctx = this.ctx;
    if (q === undefined || ctx === undefined) return;
    let pushed = false;
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      this.stats.requests++;
      this.stats.bytesRead += chain.readableLength;
      const data = readAll(chain);
      if (data.length % PFN_BYTES !== 0) this.guestError(`${inflate ? 'inflate' : 'deflate'} buffer of ${data.length} bytes is not a list of 4-byte frame numbers`);
      let bad = 0;
      for (let at = 0; at + PFN_BYTES <= data.length; at += PFN_BYTES) {
        const pfn = le32(data, at);
        if (pfn >= this.pages) { bad++; continue; }
        const mask = 1 << (pfn & 7);
        const inside = (this.inBalloon[pfn >> 3] & mask) !== 0;
        if (inflate && !inside) {
          this.inBalloon[pfn >> 3] |= mask;
          this.release(ctx.memory, pfn * BALLOON_PAGE, BALLOON_PAGE);
          this.stats.inflatedPages++;
          this.stats.releasedPages++;
        } else if (!inflate && inside) {
          this.inBalloon[pfn >> 3] &= ~mask;
          this.stats.inflatedPages--;
          this.stats.reclaimedPages++;
        }
      }
      if (bad > 0) this.guestError(`${bad} frame number(s) beyond guest memory in the ${inflate ? 'inflate' : 'deflate'} queue`);
      q.push(chain, 0);
      pushed = true;
    }
    if (pushed) q.notifyDriver();
  }

  /** The driver filled the statistics buffer: keep the values, hold the buffer. */
  private statsArrived(): void {
    const q = this.queue(this.statsQueue);
    if (q === undefined) return;
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      this.stats.requests++;
      this.stats.bytesRead += chain.readableLength;
      const data = readAll(chain);
      const values: Record<string, number> = {};
      for (let at = 0; at + STAT_ENTRY_BYTES <= data.length; at += STAT_ENTRY_BYTES) {
        const tag = data[at] | data[at + 1] << 8;
        const value = le32(data, at + 2) + le32(data, at + 6) * 2 ** 32;
        values[BALLOON_STAT_TAGS[tag] ?? `tag-${tag}`] = value;
      }
      if (data.length % STAT_ENTRY_BYTES !== 0) this.guestError(`statistics buffer of ${data.length} bytes is not a list of 10-byte entries`);
      this.guestStats = { values, receivedAt: this.now() };
      this.stats.statsUpdates++;
      for (const [field, tag] of MIRRORED) if (values[tag] !== undefined) this.stats[field] = values[tag];
      // A second buffer while one is held: the driver lost track; give the older one back.
      if (this.statsChain !== undefined) {
        q.push(this.statsChain, 0);
        q.notifyDriver();
      }
      this.statsChain = chain;
    }
  }

  /** Free page reporting: each writable buffer is a free range of guest memory; release it. */
  private reportFree(): void {
    const q = this.queue(this.reportingQueue);
    const ctx = this.ctx;
    if (q === undefined || ctx === undefined) return;
    let pushed = false;
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      this.stats.requests++;
      for (const w of chain.writable) {
        // Views are subarrays of guest storage: byteOffset is the guest absolute address.
        const start = Math.ceil(w.byteOffset / BALLOON_PAGE) * BALLOON_PAGE;
        const end = Math.floor((w.byteOffset + w.length) / BALLOON_PAGE) * BALLOON_PAGE;
        if (end <= start) continue;
        this.release(ctx.memory, start, end - start);
        this.stats.reportedPages += (end - start) >> BALLOON_PAGE_SHIFT;
      }
      q.push(chain, 0);
      pushed = true;
    }
    if (pushed) q.notifyDriver();
  }
}
