import { describe, expect, it } from 'vitest';
import { VIRTIO_F, VIRTIO_ID } from '../../../emulator/virtio/device';
import { VIRTIO_BALLOON_F } from '../../../emulator/virtio/balloon/constants';
import { VirtioBalloon, type Timers } from '../../../emulator/virtio/balloon/device';
import { context, FakeMemory, FakeQueue } from '../net/fake-queue';

const MIB = 0x10_0000;
const bit = (n: number): bigint => 1n << BigInt(n);
const ALL = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_BALLOON_F.STATS_VQ) | bit(VIRTIO_BALLOON_F.DEFLATE_ON_OOM) | bit(VIRTIO_BALLOON_F.PAGE_REPORTING);

function pfns(...list: number[]): Uint8Array {
  const b = new Uint8Array(4 * list.length);
  const dv = new DataView(b.buffer);
  list.forEach((p, i) => dv.setUint32(4 * i, p, true));
  return b;
}

function statsBuffer(entries: [number, number][]): Uint8Array {
  const b = new Uint8Array(10 * entries.length);
  const dv = new DataView(b.buffer);
  entries.forEach(([tag, v], i) => { dv.setUint16(10 * i, tag, true); dv.setBigUint64(10 * i + 2, BigInt(v), true); });
  return b;
}

class FakeTimers implements Timers {
  fns: (() => void)[] = [];
  cleared = 0;
  setInterval(fn: () => void): unknown { this.fns.push(fn); return this.fns.length; }
  clearInterval(): void { this.cleared++; }
}

function setup(features = ALL, target?: number) {
  const mem = new FakeMemory(4 * MIB);
  const timers = new FakeTimers();
  const dev = new VirtioBalloon({ memorySize: mem.size, target, timers, now: () => 1234 });
  const queues = [0, 1, 2, 3].map((i) => new FakeQueue(mem, i));
  const ctx = context(queues, features, mem);
  dev.activate(ctx);
  return { mem, dev, queues, ctx, timers };
}

describe('virtio-balloon device', () => {
  it('offers stats, deflate-on-OOM and free page reporting; num_pages from the target', () => {
    const dev = new VirtioBalloon({ memorySize: 4 * MIB, target: 3 * MIB });
    expect(dev.deviceId).toBe(VIRTIO_ID.BALLOON);
    for (const f of [VIRTIO_BALLOON_F.STATS_VQ, VIRTIO_BALLOON_F.DEFLATE_ON_OOM, VIRTIO_BALLOON_F.PAGE_REPORTING, VIRTIO_F.VERSION_1]) expect(dev.features & bit(f), `feature ${f}`).not.toBe(0n);
    for (const f of [VIRTIO_BALLOON_F.MUST_TELL_HOST, VIRTIO_BALLOON_F.FREE_PAGE_HINT, VIRTIO_BALLOON_F.PAGE_POISON]) expect(dev.features & bit(f), `feature ${f}`).toBe(0n);
    expect(Array.from(dev.config)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    expect(dev.stats.targetPages).toBe(256);
  });

  const targets: [string, number, number][] = [['no target: empty balloon', 4 * MIB, 0], ['half', 2 * MIB, 512], ['zero', 0, 1024], ['more than RAM', 8 * MIB, 0], ['not page aligned', 2 * MIB + 100, 512]];
  for (const [name, target, pages] of targets) {
    it(`target ${name}`, () => {
      const { dev, ctx } = setup();
      dev.setTarget(target);
      expect(new DataView(dev.config.buffer).getUint32(0, true), name).toBe(pages);
      expect(ctx.configChanges).toBe(1);
    });
  }

  it('inflate zeroes and releases pages, deflate takes them back; duplicates count once', () => {
    const { mem, dev, queues } = setup();
    mem.bytes.fill(0x5a, 0x10000, 0x13000);
    queues[0].add([pfns(0x10, 0x11, 0x11)]);
    queues[0].add([pfns(0x12).subarray(0, 2), pfns(0x12).subarray(2)]);
    dev.notify(0);
    expect(mem.bytes.subarray(0x10000, 0x13000).every((b) => b === 0)).toBe(true);
    expect(mem.writes).toEqual([[0x10000, 0x1000], [0x11000, 0x1000], [0x12000, 0x1000]]);
    expect(queues[0].used.map((u) => [u.id, u.written])).toEqual([[0, 0], [1, 0]]);
    expect(queues[0].notifications).toBe(1);
    queues[1].add([pfns(0x11, 0x20)]);
    dev.notify(1);
    expect(dev.stats).toMatchObject({ inflatedPages: 2, releasedPages: 3, reclaimedPages: 1, errors: 0 });
  });

  it('uses GuestMemory.release when the memory has one', () => {
    const { mem, dev, queues } = setup();
    const released: [number, number][] = [];
    Object.assign(mem, { release: (a: number, l: number) => released.push([a, l]) });
    mem.bytes[0x10000] = 7;
    queues[0].add([pfns(0x10)]);
    dev.notify(0);
    expect(released).toEqual([[0x10000, 0x1000]]);
    expect(mem.bytes[0x10000]).toBe(7);
  });

  it('hostile inflate buffers: frames beyond RAM and ragged lengths are counted, the rest applied', () => {
    const { dev, queues, ctx } = setup();
    queues[0].add([pfns(1, 1024, 0xffffffff, 2)]);
    queues[0].add([new Uint8Array(6)]);
    queues[0].add([]);
    dev.notify(0);
    expect(dev.stats).toMatchObject({ inflatedPages: 3, errors: 2 });
    expect(ctx.errors[0]).toMatch(/2 frame number\(s\) beyond guest memory/);
    expect(ctx.errors[1]).toMatch(/6 bytes is not a list/);
    expect(queues[0].used.length).toBe(3);
  });

  it('driver writes actual; reset empties the balloon', () => {
    const { dev, queues } = setup();
    queues[0].add([pfns(1, 2, 3)]);
    dev.notify(0);
    dev.config.set([3, 0, 0, 0], 4);
    dev.configWritten(4, 4);
    expect(dev.stats.actualPages).toBe(3);
    dev.reset();
    expect(dev.stats).toMatchObject({ inflatedPages: 0, reclaimedPages: 3, actualPages: 0 });
  });

  it('statistics: kept by name, buffer held until requested, then returned', () => {
    const { dev, queues, timers } = setup();
    const q = queues[2];
    q.add([statsBuffer([[4, 1000 * 4096], [5, 2 ** 40], [99, 5]])]);
    dev.notify(2);
    expect(dev.guestStats).toEqual({ values: { 'free-memory': 1000 * 4096, 'total-memory': 2 ** 40, 'tag-99': 5 }, receivedAt: 1234 });
    expect(dev.stats).toMatchObject({ guestFreeBytes: 1000 * 4096, guestTotalBytes: 2 ** 40, guestAvailableBytes: -1, statsUpdates: 1 });
    expect(q.used.length).toBe(0);
    expect(timers.fns.length).toBe(1);
    timers.fns[0]();
    expect(q.used.map((u) => u.id)).toEqual([0]);
    expect(q.notifications).toBe(1);
    expect(dev.requestStats()).toBe(false);
    dev.reset();
    expect(timers.cleared).toBe(1);
  });

  it('free page reporting releases whole pages of each reported range', () => {
    const { mem, dev, queues } = setup();
    const q = queues[3];
    q.add([], [0x4000, 0x1800]);
    const chain = q.available[0];
    chain.writable.forEach((w) => w.fill(0x77));
    dev.notify(3);
    const first = chain.writable[0];
    expect(first.every((b) => b === 0)).toBe(true);
    expect(dev.stats.reportedPages).toBe(4 + (chain.writable[1].byteOffset % 4096 === 0 ? 1 : 0));
    expect(q.used.map((u) => [u.id, u.written])).toEqual([[0, 0]]);
    expect(mem.writes[0][1]).toBe(0x4000);
  });

  it('queues are numbered densely: without stats, reporting is queue 2', () => {
    const { dev, queues } = setup(bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_BALLOON_F.PAGE_REPORTING));
    queues[2].add([], [0x1000]);
    dev.notify(2);
    expect(queues[2].used.length).toBe(1);
    expect(dev.stats.statsUpdates).toBe(0);
  });
});
