import { describe, expect, it } from 'vitest';
import { VIRTIO_F, VIRTIO_ID } from '../../../emulator/virtio/device';
import type { NetBackend, NetReceiver } from '../../../emulator/virtio/net/backend';
import { VIRTIO_NET_F } from '../../../emulator/virtio/net/constants';
import { VirtioNet } from '../../../emulator/virtio/net/device';
import { context, FakeMemory, FakeQueue } from './fake-queue';
import { BROADCAST, frame, mac } from './frames';

const MAC = '52:54:00:12:34:56';
const bit = (n: number): bigint => 1n << BigInt(n);
const MODERN = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_NET_F.MAC) | bit(VIRTIO_NET_F.STATUS) | bit(VIRTIO_NET_F.MRG_RXBUF);

class TestBackend implements NetBackend {
  readonly description = 'test';
  linkUp = true;
  sent: Uint8Array[] = [];
  receiver: NetReceiver | undefined;
  attach(r: NetReceiver): void { this.receiver = r; }
  send(f: Uint8Array): boolean { if (!this.linkUp) return false; this.sent.push(f); return true; }
  close(): void {}
  deliver(f: Uint8Array): void { this.receiver?.frame(f); }
  setLink(up: boolean): void { this.linkUp = up; this.receiver?.link(up); }
}

function setup(features = MODERN, backlog?: number) {
  const backend = new TestBackend();
  const dev = new VirtioNet({ mac: mac(MAC), backend, rxBacklog: backlog });
  const mem = new FakeMemory();
  const rx = new FakeQueue(mem, 0);
  const tx = new FakeQueue(mem, 1);
  const ctx = context([rx, tx], features, mem);
  dev.activate(ctx);
  return { backend, dev, rx, tx, ctx, mem };
}

const header = (numBuffers: number): number[] => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, numBuffers, 0];

describe('virtio-net device', () => {
  it('offers MAC, STATUS, MRG_RXBUF, VERSION_1 and shows the MAC and link in config', () => {
    const { dev } = setup();
    expect(dev.deviceId).toBe(VIRTIO_ID.NET);
    for (const f of [VIRTIO_NET_F.MAC, VIRTIO_NET_F.STATUS, VIRTIO_NET_F.MRG_RXBUF, VIRTIO_F.VERSION_1]) expect(dev.features & bit(f), `feature ${f}`).not.toBe(0n);
    for (const f of [VIRTIO_NET_F.CSUM, VIRTIO_NET_F.GUEST_CSUM, VIRTIO_NET_F.CTRL_VQ]) expect(dev.features & bit(f), `feature ${f}`).toBe(0n);
    expect(Array.from(dev.config)).toEqual([0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 1, 0]);
    expect(dev.queueSizes.length).toBe(2);
  });

  const txCases: { name: string; parts: number[][]; sent: boolean; errors: number }[] = [
    { name: 'header and frame in one buffer', parts: [[...header(0), ...frame(BROADCAST, MAC)]], sent: true, errors: 0 },
    { name: 'header, then the frame split in two', parts: [header(0), Array.from(frame(BROADCAST, MAC)).slice(0, 20), Array.from(frame(BROADCAST, MAC)).slice(20)], sent: true, errors: 0 },
    { name: 'header only', parts: [header(0)], sent: false, errors: 1 },
    { name: 'shorter than a header', parts: [[0, 0, 0]], sent: false, errors: 1 },
    { name: 'empty chain', parts: [], sent: false, errors: 1 },
    { name: 'gso_type set without offload', parts: [[0, 1, ...header(0).slice(2), ...frame(BROADCAST, MAC)]], sent: false, errors: 1 },
    { name: 'oversize frame', parts: [[...header(0), ...new Uint8Array(70_000)]], sent: false, errors: 1 },
  ];
  for (const c of txCases) {
    it(`transmit: ${c.name}`, () => {
      const { backend, dev, tx } = setup();
      tx.add(c.parts.map((p) => Uint8Array.from(p)));
      dev.notify(1);
      expect(backend.sent.length, c.name).toBe(c.sent ? 1 : 0);
      if (c.sent) expect(Array.from(backend.sent[0])).toEqual(Array.from(frame(BROADCAST, MAC)));
      expect(tx.used, c.name).toEqual([{ id: 0, written: 0, data: new Uint8Array(0) }]);
      expect(tx.notifications).toBe(1);
      expect(dev.stats.errors, c.name).toBe(c.errors);
      expect(dev.stats.txFrames).toBe(c.sent ? 1 : 0);
    });
  }

  it('receive: a frame lands in a posted buffer with num_buffers 1', () => {
    const { backend, dev, rx, mem } = setup();
    rx.add([], [1526]);
    const f = frame(MAC, '52:54:00:00:00:01');
    backend.deliver(f);
    expect(rx.used.length).toBe(1);
    expect(rx.used[0].written).toBe(12 + f.length);
    expect(Array.from(rx.used[0].data)).toEqual([...header(1), ...f]);
    expect(rx.notifications).toBe(1);
    expect(mem.writes).toEqual([[0x1000, 12 + f.length]]);
    expect(dev.stats).toMatchObject({ rxFrames: 1, rxBytes: f.length, rxDropped: 0 });
  });

  it('receive: frames wait for buffers, the driver kick delivers them in order', () => {
    const { backend, dev, rx } = setup();
    const frames = [1, 2, 3].map((i) => frame(MAC, '52:54:00:00:00:01', 46, i));
    for (const f of frames) backend.deliver(f);
    expect(rx.used.length).toBe(0);
    expect(dev.stats.rxBacklog).toBe(3);
    for (let i = 0; i < 3; i++) rx.add([], [2048]);
    dev.notify(0);
    expect(rx.used.map((u) => u.data[12 + 20])).toEqual([1, 2, 3]);
    expect(dev.stats.rxBacklog).toBe(0);
  });

  it('receive: the backlog is bounded and overflow is counted', () => {
    const { backend, dev } = setup(MODERN, 4);
    for (let i = 0; i < 6; i++) backend.deliver(frame(MAC, BROADCAST));
    expect(dev.stats).toMatchObject({ rxBacklog: 4, rxDropped: 2 });
  });

  it('receive: mergeable buffers carry a frame in three chains', () => {
    const { backend, rx } = setup();
    for (let i = 0; i < 4; i++) rx.add([], [100]);
    const f = frame(MAC, BROADCAST, 236, 7);
    backend.deliver(f);
    expect(rx.used.map((u) => u.written)).toEqual([100, 100, 62]);
    const all = new Uint8Array(rx.used.reduce((n, u) => n + u.written, 0));
    let at = 0;
    for (const u of rx.used) { all.set(u.data, at); at += u.written; }
    expect(Array.from(all)).toEqual([...header(3), ...f]);
    expect(rx.available.length).toBe(1);
  });

  it('receive: mergeable, too few buffers yet: taken chains are kept for the next kick', () => {
    const { backend, dev, rx } = setup();
    rx.add([], [100]);
    backend.deliver(frame(MAC, BROADCAST, 236));
    expect(rx.used.length).toBe(0);
    rx.add([], [100]);
    rx.add([], [100]);
    dev.notify(0);
    expect(rx.used.map((u) => u.id)).toEqual([0, 1, 2]);
  });

  it('receive without mergeable buffers: a frame larger than the buffer is dropped, the buffer kept', () => {
    const features = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_NET_F.MAC);
    const { backend, dev, rx } = setup(features);
    rx.add([], [100]);
    backend.deliver(frame(MAC, BROADCAST, 200));
    backend.deliver(frame(MAC, BROADCAST, 46));
    expect(dev.stats.rxDropped).toBe(1);
    expect(rx.used.map((u) => [u.id, u.written])).toEqual([[0, 72]]);
  });

  it('legacy header (no VERSION_1, no MRG_RXBUF) is 10 bytes', () => {
    const { backend, rx, tx, dev } = setup(bit(VIRTIO_NET_F.MAC));
    rx.add([], [1600]);
    const f = frame(MAC, BROADCAST);
    backend.deliver(f);
    expect(Array.from(rx.used[0].data)).toEqual([...header(0).slice(0, 10), ...f]);
    tx.add([new Uint8Array(10), f]);
    dev.notify(1);
    expect(backend.sent.length).toBe(1);
  });

  it('receive buffers too small for the header are returned empty and counted', () => {
    const { backend, dev, rx, ctx } = setup();
    rx.add([], [4]);
    rx.add([], [200]);
    backend.deliver(frame(MAC, BROADCAST));
    expect(rx.used.map((u) => [u.id, u.written])).toEqual([[0, 0], [1, 72]]);
    expect(dev.stats.errors).toBe(1);
    expect(ctx.errors[0]).toMatch(/receive buffer of 4 bytes/);
  });

  it('link changes update status and signal a configuration change', () => {
    const { backend, dev, rx, tx, ctx } = setup();
    backend.setLink(false);
    expect(dev.config[6]).toBe(0);
    expect(ctx.configChanges).toBe(1);
    rx.add([], [2048]);
    backend.deliver(frame(MAC, BROADCAST));
    tx.add([new Uint8Array(12), frame(BROADCAST, MAC)]);
    dev.notify(1);
    expect(dev.stats).toMatchObject({ rxDropped: 1, txDropped: 1, rxFrames: 0, txFrames: 0 });
    backend.setLink(true);
    dev.setLink(false);
    dev.setLink(true);
    expect(dev.config[6]).toBe(1);
    expect(ctx.configChanges).toBe(4);
  });

  it('without STATUS negotiated no configuration change is signalled', () => {
    const { backend, ctx } = setup(bit(VIRTIO_F.VERSION_1));
    backend.setLink(false);
    expect(ctx.configChanges).toBe(0);
  });

  it('frames before activation or after reset are dropped', () => {
    const backend = new TestBackend();
    const dev = new VirtioNet({ mac: mac(MAC), backend });
    backend.deliver(frame(MAC, BROADCAST));
    expect(dev.stats.rxDropped).toBe(1);
    const mem = new FakeMemory();
    const rx = new FakeQueue(mem, 0);
    dev.activate(context([rx, new FakeQueue(mem, 1)], MODERN, mem));
    dev.reset();
    rx.add([], [2048]);
    backend.deliver(frame(MAC, BROADCAST));
    expect(rx.used.length).toBe(0);
    expect(dev.stats.rxDropped).toBe(2);
  });
});

describe('two virtio-net devices on one switch', () => {
  it('a frame sent by one lands in the other; a pulled port is a link change', async () => {
    const { VirtualSwitch } = await import('../../../emulator/virtio/net/switch');
    const sw = new VirtualSwitch('pair');
    const mem = new FakeMemory();
    const ends = ['52:54:00:00:00:01', '52:54:00:00:00:02'].map((m, i) => {
      const port = sw.connect(`g${i}`);
      const dev = new VirtioNet({ mac: mac(m), backend: port });
      const rx = new FakeQueue(mem, 0);
      const tx = new FakeQueue(mem, 1);
      const ctx = context([rx, tx], MODERN, mem);
      dev.activate(ctx);
      return { port, dev, rx, tx, ctx };
    });
    const [a, b] = ends;
    b.rx.add([], [1526]);
    const f = frame(BROADCAST, '52:54:00:00:00:01', 46, 0x33);
    a.tx.add([new Uint8Array(12), f]);
    a.dev.notify(1);
    expect(Array.from(b.rx.used[0].data.subarray(12))).toEqual(Array.from(f));
    expect(a.port.counters).toMatchObject({ rxFrames: 1, floods: 1 });
    b.port.setLink(false);
    expect(b.dev.config[6]).toBe(0);
    expect(b.ctx.configChanges).toBe(1);
    a.tx.add([new Uint8Array(12), f]);
    a.dev.notify(1);
    expect(b.rx.used.length).toBe(1);
  });
});
