// virtio-blk over the real virtqueues (split and packed, H1's createVirtqueue): a driver
// lays out descriptors by hand, the device serves OUT then IN, and the used ring carries
// the lengths; a hostile chain breaks the queue without reaching the backend.
import { describe, expect, it } from 'vitest';
import { VIRTIO_F, type DeviceContext } from '../../../emulator/virtio/device';
import { MemoryBackend } from '../../../emulator/virtio/blk/backend';
import { BLK_S, BLK_T, VirtioBlk } from '../../../emulator/virtio/blk/device';
import { makeQueue, PackedDriver, SplitDriver } from '../helpers';

const F_VERSION_1 = 1n << BigInt(VIRTIO_F.VERSION_1);
const F_PACKED = 1n << BigInt(VIRTIO_F.RING_PACKED);
const WRITE = 2;
const HDR = 0x4000;
const DATA = 0x5000;
const STATUS = 0x6000;

function header(dv: DataView, at: number, type: number, sector: number): void {
  dv.setUint32(at, type, true);
  dv.setUint32(at + 4, 0, true);
  dv.setUint32(at + 8, sector, true);
  dv.setUint32(at + 12, 0, true);
}

function device(h: ReturnType<typeof makeQueue>): { dev: VirtioBlk; backend: MemoryBackend } {
  const backend = new MemoryBackend(64 * 512);
  const dev = new VirtioBlk(backend);
  const ctx: DeviceContext = {
    memory: h.m.memory, queues: [h.q], features: F_VERSION_1,
    configChanged: () => {}, onError: (m) => h.errors.push(m),
  };
  dev.activate(ctx);
  return { dev, backend };
}

for (const packed of [false, true]) {
  describe(`virtio-blk on a ${packed ? 'packed' : 'split'} ring`, () => {
    it('OUT then IN round-trips a sector; used lengths 1 and 513', () => {
      const h = makeQueue(packed, F_VERSION_1 | (packed ? F_PACKED : 0n));
      const { dev, backend } = device(h);
      const dv = h.m.dv;
      for (let i = 0; i < 512; i++) h.m.bytes[DATA + i] = (i * 5) & 0xff;
      header(dv, HDR, BLK_T.OUT, 3);
      header(dv, HDR + 16, BLK_T.IN, 3);
      const out = [{ addr: HDR, len: 16 }, { addr: DATA, len: 512 }, { addr: STATUS, len: 1, flags: WRITE }];
      const inn = [{ addr: HDR + 16, len: 16 }, { addr: DATA + 512, len: 512, flags: WRITE }, { addr: STATUS + 1, len: 1, flags: WRITE }];
      if (packed) {
        const d = new PackedDriver(h.m, 8);
        d.offer(0, out);
        d.offer(1, inn);
        dev.notify(0);
        // A packed used element takes the slot where its chain began (3 descriptors each).
        expect([d.used(0), d.used(3)].map((u) => [u.id, u.len])).toEqual([[0, 1], [1, 513]]);
      } else {
        const d = new SplitDriver(h.m, 8);
        out.forEach((x, i) => d.desc(i, { ...x, flags: (x.flags ?? 0) | (i < 2 ? 1 : 0), next: i + 1 }));
        inn.forEach((x, i) => d.desc(3 + i, { ...x, flags: (x.flags ?? 0) | (i < 2 ? 1 : 0), next: 4 + i }));
        d.offer(0);
        d.offer(3);
        dev.notify(0);
        expect(d.usedIdx()).toBe(2);
        expect([d.used(0), d.used(1)]).toEqual([{ id: 0, len: 1 }, { id: 3, len: 513 }]);
      }
      expect(h.m.bytes.subarray(DATA + 512, DATA + 1024)).toEqual(h.m.bytes.subarray(DATA, DATA + 512));
      expect(backend.data.subarray(3 * 512, 4 * 512)).toEqual(h.m.bytes.subarray(DATA, DATA + 512));
      expect([h.m.bytes[STATUS], h.m.bytes[STATUS + 1]]).toEqual([BLK_S.OK, BLK_S.OK]);
      expect(h.interrupts.n).toBe(1);
      expect(dev.stats).toMatchObject({ requests: 2, bytesRead: 512, bytesWritten: 512, notifications: 1, errors: 0 });
    });
  });
}

it('a chain pointing outside guest memory is the queue\'s error; the disk is untouched', () => {
  const h = makeQueue(false, F_VERSION_1);
  const { dev, backend } = device(h);
  const d = new SplitDriver(h.m, 8);
  header(h.m.dv, HDR, BLK_T.OUT, 0);
  d.desc(0, { addr: HDR, len: 16, flags: 1, next: 1 });
  d.desc(1, { addr: 0xfff0, len: 4096, flags: 1, next: 2 });
  d.desc(2, { addr: STATUS, len: 1, flags: WRITE });
  d.offer(0);
  dev.notify(0);
  expect(backend.data.every((b) => b === 0)).toBe(true);
  expect(h.errors.length).toBe(1);
  expect(h.q.broken).toBe(true);
});
