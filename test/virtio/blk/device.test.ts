// virtio-blk requests built by hand on a fake queue: each case names the request, the
// expected status byte, used length, data and counters.
import { describe, expect, it } from 'vitest';
import { VIRTIO_F } from '../../../emulator/virtio/device';
import { BlockIoError, MemoryBackend, type BlockBackend } from '../../../emulator/virtio/blk/backend';
import { BLK_CONFIG, BLK_F, BLK_S, BLK_T, VirtioBlk } from '../../../emulator/virtio/blk/device';
import { FakeMemory, FakeQueue, fakeContext, writtenBytes } from '../device-queue';

const SECTORS = 64;

function header(type: number, sector = 0, sectorHi = 0): Uint8Array {
  const h = new Uint8Array(16);
  const dv = new DataView(h.buffer);
  dv.setUint32(0, type, true);
  dv.setUint32(8, sector, true);
  dv.setUint32(12, sectorHi, true);
  return h;
}

function segment(sector: number, count: number, flags = 0): Uint8Array {
  const s = new Uint8Array(16);
  const dv = new DataView(s.buffer);
  dv.setUint32(0, sector, true);
  dv.setUint32(8, count, true);
  dv.setUint32(12, flags, true);
  return s;
}

function pattern(len: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: len }, (_, i) => (i * 7 + seed) & 0xff);
}

function setup(backend: BlockBackend = new MemoryBackend(SECTORS * 512), serial = 'kuli-serial-1') {
  const mem = new FakeMemory();
  const q = new FakeQueue(mem);
  const dev = new VirtioBlk(backend, { serial });
  const ctx = fakeContext(mem, [q], dev.features);
  dev.activate(ctx);
  return { mem, q, dev, ctx, backend };
}

describe('virtio-blk features and configuration', () => {
  it('offers the spec features and lays out the config space', () => {
    const { dev } = setup();
    const has = (b: number): boolean => (dev.features & (1n << BigInt(b))) !== 0n;
    for (const b of [VIRTIO_F.VERSION_1, VIRTIO_F.INDIRECT_DESC, VIRTIO_F.EVENT_IDX, BLK_F.SEG_MAX, BLK_F.BLK_SIZE, BLK_F.FLUSH, BLK_F.DISCARD, BLK_F.WRITE_ZEROES]) {
      expect(has(b), `feature ${b}`).toBe(true);
    }
    expect(has(BLK_F.RO)).toBe(false);
    const dv = new DataView(dev.config.buffer);
    expect(dv.getUint32(BLK_CONFIG.CAPACITY, true)).toBe(SECTORS);
    expect(dv.getUint32(BLK_CONFIG.CAPACITY + 4, true)).toBe(0);
    expect(dv.getUint32(BLK_CONFIG.BLK_SIZE, true)).toBe(512);
    expect(dv.getUint32(BLK_CONFIG.SEG_MAX, true)).toBe(254);
    expect(dev.config.length).toBe(60);
  });

  it('offers what QEMU 7.2 virtio-blk-ccw offers (GEOMETRY, TOPOLOGY, CONFIG_WCE too) with a CHS geometry and write-back', () => {
    const { dev } = setup();
    const has = (b: number): boolean => (dev.features & (1n << BigInt(b))) !== 0n;
    expect([has(BLK_F.GEOMETRY), has(BLK_F.TOPOLOGY), has(BLK_F.CONFIG_WCE)]).toEqual([true, true, true]);
    // Features 0-31 as Linux prints them in /sys/bus/virtio/devices/*/features under QEMU.
    const low = Array.from({ length: 32 }, (_, i) => (has(i) ? '1' : '0')).join('');
    expect(low).toBe('00101010011101100000000000001100');
    const dv = new DataView(dev.config.buffer);
    expect([dv.getUint16(BLK_CONFIG.GEOMETRY_CYLINDERS, true), dev.config[BLK_CONFIG.GEOMETRY_HEADS], dev.config[BLK_CONFIG.GEOMETRY_SECTORS]]).toEqual([0, 16, 63]);
    expect(dev.config[BLK_CONFIG.WRITEBACK]).toBe(1);
  });

  it('a read-only disk offers RO beside DISCARD and WRITE_ZEROES, as QEMU does (those requests fail)', () => {
    const dev = new VirtioBlk(new MemoryBackend(4096, true));
    const has = (b: number): boolean => (dev.features & (1n << BigInt(b))) !== 0n;
    expect([has(BLK_F.RO), has(BLK_F.DISCARD), has(BLK_F.WRITE_ZEROES)]).toEqual([true, true, true]);
  });

  it('a 4096-byte sector disk reports blk_size 4096 and capacity in 512-byte units', () => {
    const dev = new VirtioBlk(new MemoryBackend(8 * 4096), { blockSize: 4096 });
    const dv = new DataView(dev.config.buffer);
    expect(dv.getUint32(BLK_CONFIG.BLK_SIZE, true)).toBe(4096);
    expect(dv.getUint32(BLK_CONFIG.CAPACITY, true)).toBe(64);
    expect(dv.getUint32(BLK_CONFIG.DISCARD_SECTOR_ALIGNMENT, true)).toBe(8);
  });
});

interface Case {
  name: string;
  readable: Uint8Array[];
  writable: number[];
  readOnly?: boolean;
  status: number;
  written: number;
  errors: number;
  /** Checks on the backend / returned data afterwards. */
  after?: (disk: Uint8Array, data: Uint8Array) => void;
}

const disk0 = pattern(SECTORS * 512, 3);
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

const CASES: Case[] = [
  {
    name: 'IN reads two sectors at sector 5 into split buffers',
    readable: [header(BLK_T.IN, 5)], writable: [700, 324, 1], status: BLK_S.OK, written: 1025, errors: 0,
    after: (_d, data) => expect(data.subarray(0, 1024)).toEqual(disk0.subarray(5 * 512, 7 * 512)),
  },
  {
    name: 'IN with the header split across two descriptors',
    readable: [header(BLK_T.IN, 1).subarray(0, 5), header(BLK_T.IN, 1).subarray(5)], writable: [512, 1], status: BLK_S.OK, written: 513, errors: 0,
    after: (_d, data) => expect(data.subarray(0, 512)).toEqual(disk0.subarray(512, 1024)),
  },
  {
    name: 'OUT writes one sector at sector 63 (the last)',
    readable: [header(BLK_T.OUT, 63), pattern(512, 99)], writable: [1], status: BLK_S.OK, written: 1, errors: 0,
    after: (d) => expect(d.subarray(63 * 512)).toEqual(pattern(512, 99)),
  },
  { name: 'IN past the end', readable: [header(BLK_T.IN, 63)], writable: [1024, 1], status: BLK_S.IOERR, written: 1, errors: 1 },
  { name: 'IN with sector beyond 2^53', readable: [header(BLK_T.IN, 0, 0xffff_ffff)], writable: [512, 1], status: BLK_S.IOERR, written: 1, errors: 1 },
  { name: 'IN of a partial sector', readable: [header(BLK_T.IN, 0)], writable: [100, 1], status: BLK_S.IOERR, written: 1, errors: 1 },
  {
    name: 'OUT past the end leaves the disk unchanged',
    readable: [header(BLK_T.OUT, 64), pattern(512, 1)], writable: [1], status: BLK_S.IOERR, written: 1, errors: 1,
    after: (d) => expect(same(d, disk0)).toBe(true),
  },
  {
    name: 'OUT to a read-only disk',
    readable: [header(BLK_T.OUT, 0), pattern(512, 1)], writable: [1], readOnly: true, status: BLK_S.IOERR, written: 1, errors: 1,
    after: (d) => expect(same(d, disk0)).toBe(true),
  },
  { name: 'short header (8 bytes)', readable: [header(BLK_T.IN).subarray(0, 8)], writable: [512, 1], status: BLK_S.IOERR, written: 1, errors: 1 },
  { name: 'no readable part at all', readable: [], writable: [512, 1], status: BLK_S.IOERR, written: 1, errors: 1 },
  { name: 'unknown request type 99', readable: [header(99)], writable: [1], status: BLK_S.UNSUPP, written: 1, errors: 1 },
  { name: 'FLUSH', readable: [header(BLK_T.FLUSH)], writable: [1], status: BLK_S.OK, written: 1, errors: 0 },
  {
    name: 'GET_ID returns the serial, zero padded to 20 bytes',
    readable: [header(BLK_T.GET_ID)], writable: [20, 1], status: BLK_S.OK, written: 21, errors: 0,
    after: (_d, data) => expect(new TextDecoder().decode(data.subarray(0, 20))).toBe('kuli-serial-1\0\0\0\0\0\0\0'),
  },
  {
    name: 'DISCARD zeroes sectors 2-3',
    readable: [header(BLK_T.DISCARD), segment(2, 2)], writable: [1], status: BLK_S.OK, written: 1, errors: 0,
    after: (d) => {
      expect(d.subarray(1024, 2048).every((b) => b === 0)).toBe(true);
      expect(d.subarray(0, 1024)).toEqual(disk0.subarray(0, 1024));
      expect(d.subarray(2048, 2560)).toEqual(disk0.subarray(2048, 2560));
    },
  },
  {
    name: 'WRITE_ZEROES with two segments and the unmap flag',
    readable: [header(BLK_T.WRITE_ZEROES), segment(0, 1, 1), segment(10, 1)], writable: [1], status: BLK_S.OK, written: 1, errors: 0,
    after: (d) => {
      expect(d.subarray(0, 512).every((b) => b === 0)).toBe(true);
      expect(d.subarray(5120, 5632).every((b) => b === 0)).toBe(true);
      expect(d.subarray(512, 5120)).toEqual(disk0.subarray(512, 5120));
    },
  },
  { name: 'DISCARD with the unmap flag', readable: [header(BLK_T.DISCARD), segment(0, 1, 1)], writable: [1], status: BLK_S.UNSUPP, written: 1, errors: 1 },
  { name: 'WRITE_ZEROES with unknown flags', readable: [header(BLK_T.WRITE_ZEROES), segment(0, 1, 6)], writable: [1], status: BLK_S.UNSUPP, written: 1, errors: 1 },
  {
    name: 'DISCARD whose second segment is out of range does nothing',
    readable: [header(BLK_T.DISCARD), segment(0, 1), segment(63, 2)], writable: [1], status: BLK_S.IOERR, written: 1, errors: 1,
    after: (d) => expect(same(d, disk0)).toBe(true),
  },
  { name: 'DISCARD with a torn segment list', readable: [header(BLK_T.DISCARD), segment(0, 1).subarray(0, 12)], writable: [1], status: BLK_S.UNSUPP, written: 1, errors: 1 },
  { name: 'DISCARD on a read-only disk', readable: [header(BLK_T.DISCARD), segment(0, 1)], writable: [1], readOnly: true, status: BLK_S.IOERR, written: 1, errors: 1 },
];

describe('virtio-blk requests', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const backend = new MemoryBackend(SECTORS * 512, c.readOnly ?? false);
      backend.data.set(disk0);
      const { q, dev } = setup(backend);
      const chain = q.offer(c.readable, c.writable);
      dev.notify(0);
      expect(q.used).toHaveLength(1);
      expect(q.used[0].chain).toBe(chain);
      expect(q.used[0].written).toBe(c.written);
      const last = chain.writable[chain.writable.length - 1];
      expect(last[last.length - 1]).toBe(c.status);
      expect(dev.stats.errors).toBe(c.errors);
      expect(dev.stats.requests).toBe(1);
      expect(q.driverNotifications).toBe(1);
      c.after?.(backend.data, writtenBytes(q.used[0]));
    });
  }

  it('a chain without a status byte is returned unused and counted', () => {
    const { q, dev, ctx } = setup();
    q.offer([header(BLK_T.IN)], []);
    dev.notify(0);
    expect(q.used[0].written).toBe(0);
    expect(dev.stats.errors).toBe(1);
    expect(ctx.errors[0]).toMatch(/status byte/);
  });

  it('counts requests, bytes and notifications over a batch', () => {
    const { q, dev } = setup();
    q.offer([header(BLK_T.OUT, 0), pattern(1024, 5)], [1]);
    q.offer([header(BLK_T.IN, 0)], [2048, 1]);
    q.offer([header(BLK_T.FLUSH)], [1]);
    dev.notify(0);
    expect(dev.stats).toMatchObject({ requests: 3, bytesWritten: 1024, bytesRead: 2048, notifications: 1, errors: 0 });
    expect(q.driverNotifications).toBe(1);
    expect(writtenBytes(q.used[1], 1024)).toEqual(pattern(1024, 5));
  });

  it('reports the guest storage it wrote (data and status) to GuestMemory.written', () => {
    const { q, dev, mem } = setup();
    const chain = q.offer([header(BLK_T.IN, 0)], [512, 1]);
    dev.notify(0);
    expect(mem.writes).toEqual([[chain.writable[0].byteOffset, 512], [chain.writable[1].byteOffset, 1]]);
  });

  it('FLUSH reaches stable storage before the status byte is written', () => {
    let statusAtFlush = -1;
    const seen: { status?: Uint8Array } = {};
    const backend = new MemoryBackend(4096);
    backend.flush = () => { statusAtFlush = seen.status?.[0] ?? -1; };
    const { q, dev } = setup(backend);
    const chainRef = q.offer([header(BLK_T.FLUSH)], [1]);
    seen.status = chainRef.writable[0];
    dev.notify(0);
    expect(statusAtFlush).toBe(0xee); // still the fill byte: not yet acknowledged
    expect(chainRef.writable[0][0]).toBe(BLK_S.OK);
  });

  it('write-through cache mode (writeback 0 written by the driver) makes every write durable before its status', () => {
    let flushes = 0;
    const backend = new MemoryBackend(4096);
    backend.flush = () => { flushes++; };
    const { q, dev } = setup(backend);
    q.offer([header(BLK_T.OUT, 0), pattern(512, 3)], [1]);
    dev.notify(0);
    expect(flushes).toBe(0); // write-back: the guest flushes when it wants durability
    dev.config[BLK_CONFIG.WRITEBACK] = 0;
    dev.configWritten(0, dev.config.length);
    const chain = q.offer([header(BLK_T.OUT, 1), pattern(512, 4)], [1]);
    dev.notify(0);
    expect([flushes, chain.writable[0][0]]).toEqual([1, BLK_S.OK]);
    dev.config[BLK_CONFIG.WRITEBACK] = 7;
    dev.configWritten(BLK_CONFIG.WRITEBACK, 1);
    expect(dev.config[BLK_CONFIG.WRITEBACK]).toBe(1);
    dev.config[BLK_CONFIG.WRITEBACK] = 0;
    dev.reset();
    expect(dev.config[BLK_CONFIG.WRITEBACK]).toBe(1);
  });

  it('a failing flush answers IOERR, not OK', () => {
    const backend = new MemoryBackend(4096);
    backend.flush = () => { throw new BlockIoError('fsync: EIO'); };
    const { q, dev, ctx } = setup(backend);
    const chain = q.offer([header(BLK_T.FLUSH)], [1]);
    dev.notify(0);
    expect(chain.writable[0][0]).toBe(BLK_S.IOERR);
    expect(dev.stats.errors).toBe(1);
    expect(ctx.errors[0]).toMatch(/EIO/);
  });
});
