import { describe, expect, it } from 'vitest';
import { VirtioError, VIRTIO_F } from '../../emulator/virtio/device';
import { createVirtqueue } from '../../emulator/virtio/virtqueue';
import { emptyStats } from '../../emulator/virtio/device';
import { AREAS, makeQueue, PackedDriver, SplitDriver, testMemory, writeDesc, type Desc } from './helpers';

const bit = (n: number): bigint => 1n << BigInt(n);
const V1 = bit(VIRTIO_F.VERSION_1);
const INDIRECT = bit(VIRTIO_F.INDIRECT_DESC);
const EVENT_IDX = bit(VIRTIO_F.EVENT_IDX);
const PACKED = bit(VIRTIO_F.RING_PACKED);
const NEXT = 1;
const WRITE = 2;
const IND = 4;
const TABLE = 0x6000;

describe('split ring', () => {
  it('hands out a read+write chain and returns it through the used ring', () => {
    const h = makeQueue(false, V1);
    const d = new SplitDriver(h.m, 8);
    d.desc(3, { addr: 0x4000, len: 16, flags: NEXT, next: 5 });
    d.desc(5, { addr: 0x5000, len: 32, flags: WRITE });
    h.m.bytes[0x4000] = 0xab;
    expect(h.q.pop()).toBeUndefined();
    d.offer(3);
    const c = h.q.pop();
    expect(c).toBeDefined();
    if (c === undefined) return;
    expect([c.id, c.readableLength, c.writableLength, c.readable.length, c.writable.length]).toEqual([3, 16, 32, 1, 1]);
    expect(c.readable[0][0]).toBe(0xab);
    c.writable[0][0] = 0x5a;
    expect(h.m.bytes[0x5000]).toBe(0x5a);
    expect(h.q.pop()).toBeUndefined();
    h.q.push(c, 10);
    expect(d.usedIdx()).toBe(1);
    expect(d.used(0)).toEqual({ id: 3, len: 10 });
    h.q.notifyDriver();
    expect(h.interrupts.n).toBe(1);
    expect(h.stats.interrupts).toBe(1);
    // Nothing new used: no second interrupt.
    h.q.notifyDriver();
    expect(h.interrupts.n).toBe(1);
    expect(h.errors).toEqual([]);
  });

  it('clamps the written length to the writable part', () => {
    const h = makeQueue(false, V1);
    const d = new SplitDriver(h.m, 8);
    d.desc(0, { addr: 0x5000, len: 8, flags: WRITE });
    d.offer(0);
    const c = h.q.pop();
    if (c === undefined) throw new Error('no chain');
    h.q.push(c, 100);
    expect(d.used(0).len).toBe(8);
  });

  it('accepts a zero-length buffer as an empty view', () => {
    const h = makeQueue(false, V1);
    const d = new SplitDriver(h.m, 8);
    d.desc(0, { addr: 0x5000, len: 0, flags: WRITE });
    d.offer(0);
    expect(h.q.pop()?.writable[0].length).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('honours VRING_AVAIL_F_NO_INTERRUPT without event index', () => {
    const h = makeQueue(false, V1);
    const d = new SplitDriver(h.m, 8);
    d.availFlags = 1;
    d.desc(0, { addr: 0x5000, len: 8, flags: WRITE });
    d.offer(0);
    const c = h.q.pop();
    if (c === undefined) throw new Error('no chain');
    h.q.push(c, 0);
    h.q.notifyDriver();
    expect(h.interrupts.n).toBe(0);
  });

  it('event index: publishes avail_event and interrupts only when used_event is crossed', () => {
    const h = makeQueue(false, V1 | EVENT_IDX);
    const d = new SplitDriver(h.m, 8);
    d.availFlags = 1; // ignored with event index
    for (let i = 0; i < 3; i++) d.desc(i, { addr: 0x5000 + 16 * i, len: 16, flags: WRITE });
    d.offer(0); d.offer(1); d.offer(2);
    d.usedEvent = 1; // interrupt once the used index passes 1
    const chains = [h.q.pop(), h.q.pop(), h.q.pop()];
    expect(d.availEvent).toBe(3);
    const seen: number[] = [];
    for (const c of chains) {
      if (c === undefined) throw new Error('no chain');
      h.q.push(c, 4);
      h.q.notifyDriver();
      seen.push(h.interrupts.n);
    }
    expect(seen).toEqual([0, 1, 1]);
  });

  it('follows an indirect table', () => {
    const h = makeQueue(false, V1 | INDIRECT);
    const d = new SplitDriver(h.m, 8);
    writeDesc(h.m.dv, TABLE, { addr: 0x4000, len: 10, flags: NEXT, next: 2 });
    writeDesc(h.m.dv, TABLE + 32, { addr: 0x5000, len: 20, flags: WRITE | NEXT, next: 1 });
    writeDesc(h.m.dv, TABLE + 16, { addr: 0x5100, len: 30, flags: WRITE });
    d.desc(2, { addr: TABLE, len: 48, flags: IND });
    d.offer(2);
    const c = h.q.pop();
    expect(c && [c.id, c.readableLength, c.writableLength, c.writable.length]).toEqual([2, 10, 50, 2]);
    expect(h.errors).toEqual([]);
  });

  it('wraps the 16-bit indexes', () => {
    const h = makeQueue(false, V1, 4);
    const d = new SplitDriver(h.m, 4);
    d.desc(0, { addr: 0x5000, len: 4, flags: WRITE });
    for (let i = 0; i < 70000; i += 1) {
      d.offer(0);
      const c = h.q.pop();
      if (c === undefined) throw new Error(`no chain at ${i}`);
      h.q.push(c, 1);
    }
    expect(d.usedIdx()).toBe(70000 & 0xffff);
    expect(h.errors).toEqual([]);
  });

  interface Hostile { name: string; features?: bigint; setup: (d: SplitDriver, dv: DataView) => void; message: RegExp }
  const hostile: Hostile[] = [
    { name: 'loop', setup: (d) => { d.desc(0, { addr: 0x4000, len: 4, flags: NEXT, next: 1 }); d.desc(1, { addr: 0x4000, len: 4, flags: NEXT, next: 0 }); d.offer(0); }, message: /loops/ },
    { name: 'self loop', setup: (d) => { d.desc(0, { addr: 0x4000, len: 4, flags: NEXT, next: 0 }); d.offer(0); }, message: /loops/ },
    { name: 'next beyond the queue', setup: (d) => { d.desc(0, { addr: 0x4000, len: 4, flags: NEXT, next: 8 }); d.offer(0); }, message: /beyond the queue/ },
    { name: 'head beyond the queue', setup: (d) => { d.offer(9); }, message: /beyond the queue/ },
    { name: 'too long (whole table then off its end)', setup: (d) => { for (let i = 0; i < 8; i++) d.desc(i, { addr: 0x4000, len: 4, flags: NEXT, next: i + 1 }); d.offer(0); }, message: /beyond the queue/ },
    { name: 'out of RAM', setup: (d) => { d.desc(0, { addr: 0xfff0, len: 0x100 }); d.offer(0); }, message: /outside guest memory/ },
    { name: 'length 4 GiB - 1', setup: (d) => { d.desc(0, { addr: 0x4000, len: 0xffffffff }); d.offer(0); }, message: /outside guest memory/ },
    { name: 'address wraps at 2^64', setup: (d) => { d.desc(0, { hi: 0xffffffff, addr: 0xfffff000, len: 0x2000 }); d.offer(0); }, message: /outside guest memory/ },
    { name: 'address above 4 GiB', setup: (d) => { d.desc(0, { hi: 1, addr: 0x4000, len: 16 }); d.offer(0); }, message: /outside guest memory/ },
    { name: 'write before read', setup: (d) => { d.desc(0, { addr: 0x5000, len: 4, flags: WRITE | NEXT, next: 1 }); d.desc(1, { addr: 0x4000, len: 4 }); d.offer(0); }, message: /readable descriptor follows a writable/ },
    { name: 'available index far ahead', setup: (d, dv) => { d.desc(0, { addr: 0x4000, len: 4 }); d.offer(0); dv.setUint16(AREAS.driver + 2, 40, true); }, message: /ahead/ },
    { name: 'indirect without the feature', features: V1, setup: (d) => { d.desc(0, { addr: TABLE, len: 16, flags: IND }); d.offer(0); }, message: /without VIRTIO_F_INDIRECT_DESC/ },
    { name: 'indirect of zero length', setup: (d) => { d.desc(0, { addr: TABLE, len: 0, flags: IND }); d.offer(0); }, message: /not a nonzero multiple/ },
    { name: 'indirect length not a multiple of 16', setup: (d) => { d.desc(0, { addr: TABLE, len: 24, flags: IND }); d.offer(0); }, message: /not a nonzero multiple/ },
    { name: 'indirect with NEXT', setup: (d) => { d.desc(0, { addr: TABLE, len: 16, flags: IND | NEXT, next: 1 }); d.offer(0); }, message: /NEXT flag/ },
    { name: 'indirect table outside RAM', setup: (d) => { d.desc(0, { addr: 0xfff0, len: 32, flags: IND }); d.offer(0); }, message: /indirect table .* outside guest memory/ },
    { name: 'indirect table too long', setup: (d) => { d.desc(0, { addr: 0, len: 16 * 5000, flags: IND }); d.offer(0); }, message: /limit/ },
    { name: 'indirect inside indirect', setup: (d, dv) => { writeDesc(dv, TABLE, { addr: TABLE, len: 16, flags: IND }); d.desc(0, { addr: TABLE, len: 16, flags: IND }); d.offer(0); }, message: /inside an indirect table/ },
    { name: 'NEXT at the end of an indirect table', setup: (d, dv) => { writeDesc(dv, TABLE, { addr: 0x4000, len: 4, flags: NEXT, next: 1 }); writeDesc(dv, TABLE + 16, { addr: 0x4000, len: 4, flags: NEXT, next: 2 }); d.desc(0, { addr: TABLE, len: 32, flags: IND }); d.offer(0); }, message: /beyond the indirect table/ },
    { name: 'loop inside an indirect table', setup: (d, dv) => { writeDesc(dv, TABLE, { addr: 0x4000, len: 4, flags: NEXT, next: 1 }); writeDesc(dv, TABLE + 16, { addr: 0x4000, len: 4, flags: NEXT, next: 0 }); d.desc(0, { addr: TABLE, len: 32, flags: IND }); d.offer(0); }, message: /loops/ },
  ];
  for (const c of hostile) {
    it(`hostile: ${c.name} is counted, reported once, and breaks the queue`, () => {
      const h = makeQueue(false, c.features ?? V1 | INDIRECT);
      const d = new SplitDriver(h.m, 8);
      c.setup(d, h.m.dv);
      expect(h.q.pop()).toBeUndefined();
      expect(h.errors).toHaveLength(1);
      expect(h.errors[0]).toMatch(c.message);
      expect(h.stats.errors).toBe(1);
      expect(h.q.broken).toBe(true);
      // A broken queue hands out nothing more and stays quiet.
      d.desc(1, { addr: 0x4000, len: 4 });
      d.offer(1);
      expect(h.q.pop()).toBeUndefined();
      expect(h.errors).toHaveLength(1);
    });
  }

  it('rings outside RAM, bad sizes and packed without the feature are refused at creation', () => {
    const m = testMemory();
    const base = { memory: m.memory, index: 0, packed: false, features: V1, interrupt: () => {}, stats: emptyStats(), onError: () => {} };
    expect(() => createVirtqueue({ ...base, size: 8, desc: 0xfff8, driver: 0x2000, device: 0x3000 })).toThrow(VirtioError);
    expect(() => createVirtqueue({ ...base, size: 8, desc: 0x1000, driver: 0x2000, device: 2 ** 60 })).toThrow(VirtioError);
    expect(() => createVirtqueue({ ...base, size: 6, ...AREAS })).toThrow(VirtioError);
    expect(() => createVirtqueue({ ...base, size: 8, ...AREAS, packed: true })).toThrow(VirtioError);
  });

  it('a chain from another queue is refused and counted', () => {
    const a = makeQueue(false, V1);
    const b = makeQueue(false, V1);
    new SplitDriver(a.m, 8).desc(0, { addr: 0x5000, len: 4, flags: WRITE });
    new SplitDriver(a.m, 8).offer(0);
    const c = a.q.pop();
    if (c === undefined) throw new Error('no chain');
    b.q.push(c, 1);
    expect(b.stats.errors).toBe(1);
    expect(b.errors[0]).toMatch(/not from this queue/);
  });

  it('legacy big-endian rings', () => {
    const m = testMemory();
    const stats = emptyStats();
    const q = createVirtqueue({ memory: m.memory, index: 0, size: 8, packed: false, ...AREAS, features: 0n, interrupt: () => {}, stats, onError: () => {}, bigEndian: true });
    m.dv.setUint32(AREAS.desc + 4, 0x4000); // address low word (big-endian u64)
    m.dv.setUint32(AREAS.desc + 8, 12);
    m.dv.setUint16(AREAS.driver + 4, 0);
    m.dv.setUint16(AREAS.driver + 2, 1);
    const c = q.pop();
    expect(c?.readableLength).toBe(12);
    if (c !== undefined) q.push(c, 0);
    expect(m.dv.getUint16(AREAS.device + 2)).toBe(1);
  });
});

describe('packed ring', () => {
  const F = V1 | PACKED | INDIRECT;
  it('hands out a chain and marks it used with the wrap counter', () => {
    const h = makeQueue(true, F, 4);
    const d = new PackedDriver(h.m, 4);
    expect(h.q.pop()).toBeUndefined();
    d.offer(7, [{ addr: 0x4000, len: 16 }, { addr: 0x5000, len: 32, flags: WRITE }]);
    const c = h.q.pop();
    expect(c && [c.id, c.readableLength, c.writableLength]).toEqual([7, 16, 32]);
    expect(h.q.pop()).toBeUndefined();
    if (c === undefined) return;
    h.q.push(c, 5);
    expect(d.used(0)).toEqual({ id: 7, len: 5, flags: 0x8080 | WRITE });
    h.q.notifyDriver();
    expect(h.interrupts.n).toBe(1);
  });

  it('wraps around the ring many times (chains of 1 to 3 descriptors)', () => {
    const h = makeQueue(true, F, 5);
    const d = new PackedDriver(h.m, 5);
    let usedAt = 0;
    let usedWrap = 1;
    for (let round = 0; round < 50; round++) {
      const n = 1 + (round % 3);
      const descs: Desc[] = Array.from({ length: n }, (_, k) => ({ addr: 0x4000 + 64 * k, len: 8, flags: k === n - 1 ? WRITE : 0 }));
      d.offer(round, descs);
      const c = h.q.pop();
      expect(c && [c.id, c.readableLength, c.writableLength]).toEqual([round, 8 * (n - 1), 8]);
      if (c === undefined) return;
      h.q.push(c, 8);
      const u = d.used(usedAt);
      expect(u.id).toBe(round);
      expect(u.flags & 0x8080).toBe(usedWrap === 1 ? 0x8080 : 0);
      usedAt += n;
      if (usedAt >= 5) { usedAt -= 5; usedWrap ^= 1; }
    }
    expect(h.errors).toEqual([]);
  });

  it('follows an indirect table (entries read in order)', () => {
    const h = makeQueue(true, F, 4);
    const d = new PackedDriver(h.m, 4);
    writeDesc(h.m.dv, TABLE, { addr: 0x4000, len: 10 }, true);
    writeDesc(h.m.dv, TABLE + 16, { addr: 0x5000, len: 20, flags: WRITE }, true);
    d.offer(3, [{ addr: TABLE, len: 32, flags: IND }]);
    const c = h.q.pop();
    expect(c && [c.id, c.readableLength, c.writableLength]).toEqual([3, 10, 20]);
  });

  it('driver event suppression: disable, and descriptor events with event index', () => {
    const h = makeQueue(true, F | EVENT_IDX, 4);
    const d = new PackedDriver(h.m, 4);
    d.eventFlags = 1;
    const round = (): number => {
      d.offer(1, [{ addr: 0x5000, len: 8, flags: WRITE }]);
      const c = h.q.pop();
      if (c === undefined) throw new Error('no chain');
      h.q.push(c, 1);
      const before = h.interrupts.n;
      h.q.notifyDriver();
      return h.interrupts.n - before;
    };
    expect(round()).toBe(0);
    d.eventFlags = 2;
    d.eventOffWrap = (1 << 15) | 2; // interrupt when slot 2 of this lap is used
    expect(round()).toBe(0); // slot 1 used
    expect(round()).toBe(1); // slot 2 used
    d.eventOffWrap = 1; // slot 1 of the next lap (wrap 0)
    expect(round()).toBe(0); // slot 3
    expect(round()).toBe(0); // slot 0, lap 2
    expect(round()).toBe(1); // slot 1, lap 2
    d.eventFlags = 0;
    expect(round()).toBe(1);
  });

  interface Hostile { name: string; features?: bigint; setup: (d: PackedDriver, dv: DataView) => void; message: RegExp }
  const hostile: Hostile[] = [
    { name: 'chain longer than the ring', setup: (d, dv) => { for (let i = 0; i < 4; i++) writeDesc(dv, AREAS.desc + 16 * i, { addr: 0x4000, len: 4, flags: 0x80 | NEXT }, true); void d; }, message: /longer than the queue/ },
    { name: 'out of RAM', setup: (d) => d.offer(0, [{ addr: 0xffff, len: 2 }]), message: /outside guest memory/ },
    { name: 'address wraps at 2^64', setup: (d) => d.offer(0, [{ hi: 0xffffffff, addr: 0xffffffff, len: 2 }]), message: /outside guest memory/ },
    { name: 'write before read', setup: (d) => d.offer(0, [{ addr: 0x5000, len: 4, flags: WRITE }, { addr: 0x4000, len: 4 }]), message: /follows a writable/ },
    { name: 'indirect inside indirect', setup: (d, dv) => { writeDesc(dv, TABLE, { addr: TABLE, len: 16, flags: IND }, true); d.offer(0, [{ addr: TABLE, len: 16, flags: IND }]); }, message: /inside an indirect table/ },
    { name: 'indirect with NEXT', setup: (d) => d.offer(0, [{ addr: TABLE, len: 16, flags: IND }, { addr: 0x4000, len: 4 }]), message: /NEXT flag/ },
    { name: 'indirect without the feature', features: V1 | PACKED, setup: (d) => d.offer(0, [{ addr: TABLE, len: 16, flags: IND }]), message: /without VIRTIO_F_INDIRECT_DESC/ },
    { name: 'indirect of zero length', setup: (d) => d.offer(0, [{ addr: TABLE, len: 0, flags: IND }]), message: /nonzero multiple/ },
  ];
  for (const c of hostile) {
    it(`hostile: ${c.name} is counted, reported once, and breaks the queue`, () => {
      const h = makeQueue(true, c.features ?? F, 4);
      const d = new PackedDriver(h.m, 4);
      c.setup(d, h.m.dv);
      expect(h.q.pop()).toBeUndefined();
      expect(h.errors).toHaveLength(1);
      expect(h.errors[0]).toMatch(c.message);
      expect(h.stats.errors).toBe(1);
      expect(h.q.broken).toBe(true);
      expect(h.q.pop()).toBeUndefined();
      expect(h.errors).toHaveLength(1);
    });
  }
});
