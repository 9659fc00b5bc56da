// The s390-virtio transport driven by hand as a guest driver would: the descriptor fields
// above guest memory, feature negotiation through the bitmaps, DRIVER_OK creating legacy
// (big-endian) or VERSION_1 (little-endian) rings, notify by ring address, the 0x2603
// interruption with the driver's token, reset, 84 devices, and hostile hypercalls and
// chains (bad addresses, descriptors at the device page, rewritten queue configs), and
// hotplug (DEV_ADD).
import { describe, expect, test } from 'vitest';
import { LOWCORE } from '../../../emulator/cpu/interrupts';
import { PSW, PSW_BA } from '../../../emulator/cpu/state';
import { DIAG } from '../../../emulator/machine/diagnose';
import { Machine } from '../../../emulator/machine/machine';
import { CR0_SUBCLASS, EXT_CODE, EXT_PARAMS2 } from '../../../emulator/machine/vcpu';
import { emptyStats, VIRTIO_F, VIRTIO_STATUS, type DeviceContext, type VirtioDevice } from '../../../emulator/virtio/device';
import { DESC, FEATURE_LEN, VQ_CONFIG, type RingPlace } from '../../../emulator/virtio/s390/layout';
import { attachS390Virtio, s390VirtioWindow, type S390VirtioBus } from '../../../emulator/virtio/s390';
import { machineDevices } from '../../../emulator/host/inspect-machine';
import { setReg, reg } from '../../cpu/harness';

const MIB = 0x10_0000;
const BUF = 0x8000;

/** A stand-in device: each chain's readable bytes come back reversed in its writable part. */
class Reverser implements VirtioDevice {
  readonly deviceId = 4;
  readonly features = (1n << BigInt(VIRTIO_F.VERSION_1)) | (1n << 5n) | (1n << BigInt(VIRTIO_F.RING_PACKED));
  readonly config = Uint8Array.of(1, 2, 3, 4, 5, 6);
  readonly stats = emptyStats();
  ctx: DeviceContext | undefined;
  resets = 0;
  written: [number, number][] = [];
  constructor(readonly name: string, readonly queueSizes: readonly number[] = [128]) {}
  activate(ctx: DeviceContext): void { this.ctx = ctx; }
  configWritten(offset: number, length: number): void { this.written.push([offset, length]); }
  reset(): void { this.resets++; this.ctx = undefined; }
  notify(queue: number): void {
    this.stats.notifications++;
    const q = this.ctx?.queues[queue];
    if (q === undefined) return;
    for (let c = q.pop(); c !== undefined; c = q.pop()) {
      const data = Uint8Array.from(c.readable.flatMap((b) => [...b])).reverse();
      c.writable[0]?.set(data.subarray(0, c.writable[0].length));
      this.stats.requests++;
      q.push(c, Math.min(data.length, c.writableLength));
    }
    q.notifyDriver();
  }
}

interface Rig { m: Machine; bus: S390VirtioBus; devs: Reverser[] }

function rig(n = 2, queues: readonly number[] = [128]): Rig {
  const devs = Array.from({ length: n }, (_, i) => new Reverser(`rev${i}`, queues));
  const m = new Machine({ memory: MIB, deviceWindow: s390VirtioWindow(devs), console: () => {} });
  const bus = attachS390Virtio(m, devs);
  return { m, bus, devs };
}

/** Issues diag 0x500 as the guest would; returns r2. */
function hypercall(m: Machine, subcode: number, arg: number | bigint): bigint {
  const cpu = m.vcpus[0].cpu;
  setReg(cpu, 1, BigInt(subcode));
  setReg(cpu, 2, BigInt(arg));
  m.diagnose.call(cpu, DIAG.VIRTIO_HYPERCALL, 2, 4);
  return BigInt.asIntN(64, reg(cpu, 2));
}

function descAt(r: Rig, i: number): number { return r.bus.layout.devices[i].desc; }
function ring(r: Rig, i: number, q = 0): RingPlace { return r.bus.layout.devices[i].rings[q]; }

/** The driver's side of bring-up: token, accepted features, status. */
function bringUp(r: Rig, i: number, features: bigint, token: bigint): bigint {
  const mem = r.m.storage.view;
  const p = r.bus.layout.devices[i];
  for (let q = 0; q < p.rings.length; q++) mem.setBigUint64(p.desc + DESC.VQ_CONFIG + q * VQ_CONFIG.SIZE + VQ_CONFIG.TOKEN, token + BigInt(q));
  for (let b = 0; b < FEATURE_LEN; b++) mem.setUint8(p.desc + p.featuresOffset + FEATURE_LEN + b, Number((features >> BigInt(8 * b)) & 0xffn));
  mem.setUint8(p.desc + DESC.STATUS, VIRTIO_STATUS.ACKNOWLEDGE | VIRTIO_STATUS.DRIVER | VIRTIO_STATUS.FEATURES_OK | VIRTIO_STATUS.DRIVER_OK);
  return hypercall(r.m, 2, p.desc);
}

/** Puts a two-descriptor chain (readable `out`, writable `inLen`) on a split ring. */
function submit(r: Rig, rp: RingPlace, slot: number, out: Uint8Array, outAt: number, inAt: number, inLen: number, le = false): void {
  const v = r.m.storage.view;
  r.m.storage.bytes.set(out, outAt);
  const d = rp.desc + 16 * slot;
  v.setBigUint64(d, BigInt(outAt), le); v.setUint32(d + 8, out.length, le); v.setUint16(d + 12, 1, le); v.setUint16(d + 14, slot + 1, le);
  v.setBigUint64(d + 16, BigInt(inAt), le); v.setUint32(d + 24, inLen, le); v.setUint16(d + 28, 2, le); v.setUint16(d + 30, 0, le);
  const idx = v.getUint16(rp.avail + 2, le);
  v.setUint16(rp.avail + 4 + 2 * (idx % rp.num), slot, le);
  v.setUint16(rp.avail + 2, idx + 1, le);
}

function takeInterrupt(m: Machine): { code: number; subcode: number; param: number; token: bigint } | undefined {
  const v = m.vcpus[0];
  v.cpu.loadPsw(PSW.EA | PSW.EXT, PSW_BA, 0, 0x10000);
  v.cpu.cr[1] = CR0_SUBCLASS.SERVICE_SIGNAL;
  const code = v.pendingExternal(0);
  if (code === 0) return undefined;
  v.deliverExternal(code, 0x10000);
  const mem = m.storage.view;
  return { code: mem.getUint16(LOWCORE.EXT_INT_CODE), subcode: mem.getUint16(LOWCORE.EXT_CPU_ADDR), param: mem.getUint32(LOWCORE.EXT_PARAMS), token: mem.getBigUint64(EXT_PARAMS2) };
}

describe('s390-virtio device page', () => {
  test('descriptors above guest memory, host fields as laid out', () => {
    const r = rig(2, [128, 256]);
    const mem = r.m.storage.view;
    expect(r.m.memory).toBe(MIB);
    expect(descAt(r, 0)).toBe(MIB);
    const rows = [0, 1].map((i) => {
      const at = descAt(r, i);
      const p = r.bus.layout.devices[i];
      return {
        type: mem.getUint8(at + DESC.TYPE), numVq: mem.getUint8(at + DESC.NUM_VQ), featureLen: mem.getUint8(at + DESC.FEATURE_LEN),
        configLen: mem.getUint8(at + DESC.CONFIG_LEN), status: mem.getUint8(at + DESC.STATUS),
        rings: p.rings.map((_, q) => [Number(mem.getBigUint64(at + 5 + 24 * q + 8)), mem.getUint16(at + 5 + 24 * q + 16)]),
        hostFeatures: mem.getBigUint64(at + p.featuresOffset, true),
        config: [...r.m.storage.bytes.subarray(at + p.configOffset, at + p.configOffset + 6)],
      };
    });
    const ringBase = MIB + 4096;
    expect(rows[0]).toEqual({
      type: 4, numVq: 2, featureLen: 8, configLen: 6, status: 0,
      // 128 entries: 2 pages; 256 entries: 3 pages (the seed's ring slot).
      rings: [[ringBase, 128], [ringBase + 2 * 4096, 256]],
      // Packed rings are not offered on this transport.
      hostFeatures: (1n << 32n) | (1n << 5n),
      config: [1, 2, 3, 4, 5, 6],
    });
    expect(descAt(r, 1)).toBe(MIB + 5 + 2 * 24 + 16 + 6);
    expect(rows[1].rings[0][0]).toBe(ringBase + 5 * 4096);
    expect(mem.getUint8(descAt(r, 1) + 75)).toBe(0);
  });

  test('84 devices: every descriptor found by the scan, the window as computed', () => {
    const devs = Array.from({ length: 84 }, (_, i) => new Reverser(`rev${i}`, [64, 64]));
    const m = new Machine({ memory: MIB, deviceWindow: s390VirtioWindow(devs), console: () => {} });
    attachS390Virtio(m, devs);
    const mem = m.storage.view;
    const found: number[] = [];
    for (let at = MIB; mem.getUint8(at) !== 0; ) {
      found.push(at);
      at += 5 + 24 * mem.getUint8(at + 1) + 2 * mem.getUint8(at + 2) + mem.getUint8(at + 3);
    }
    expect(found.length).toBe(84);
    // 84 * 75 bytes of descriptors: 2 pages; 168 rings of 64 entries, 2 pages each.
    expect(m.storage.size - m.memory).toBe((2 + 168 * 2) * 4096);
  });

  test('a machine without the window is refused with a clear message', () => {
    const m = new Machine({ memory: MIB, console: () => {} });
    expect(() => attachS390Virtio(m, [new Reverser('x')])).toThrow(/need \d+ bytes above guest memory/);
  });
});

describe('s390-virtio bring-up and data path', () => {
  const modes = [
    { name: 'legacy big-endian ring', features: 1n << 5n, le: false },
    { name: 'VERSION_1 little-endian ring', features: (1n << 5n) | (1n << 32n), le: true },
  ];
  for (const mode of modes) {
    test(`${mode.name}: notify, used buffer, 0x2603 with the token`, () => {
      const r = rig();
      expect(bringUp(r, 1, mode.features, 0xabcdef00_12345600n)).toBe(0n);
      const dev = r.devs[1];
      expect(dev.ctx?.features).toBe(mode.features);
      const rp = ring(r, 1);
      submit(r, rp, 0, Uint8Array.of(1, 2, 3), BUF, BUF + 0x100, 8, mode.le);
      expect(hypercall(r.m, 0, rp.address)).toBe(0n);
      expect([...r.m.storage.bytes.subarray(BUF + 0x100, BUF + 0x103)]).toEqual([3, 2, 1]);
      const v = r.m.storage.view;
      expect(v.getUint16(rp.used + 2, mode.le)).toBe(1);
      expect(v.getUint32(rp.used + 4, mode.le)).toBe(0);
      expect(v.getUint32(rp.used + 8, mode.le)).toBe(3);
      expect(takeInterrupt(r.m)).toEqual({ code: EXT_CODE.CP_SERVICE, subcode: 0x0d00, param: 0, token: 0xabcdef00_12345600n });
      expect(takeInterrupt(r.m)).toBeUndefined();
      expect(dev.stats).toMatchObject({ notifications: 1, interrupts: 1, requests: 1, errors: 0 });
      expect(r.devs[0].stats.notifications).toBe(0);
    });
  }

  test('config written by the driver reaches the device; a config change interrupts with param 1', () => {
    const r = rig();
    const p = r.bus.layout.devices[0];
    r.m.storage.bytes[p.desc + p.configOffset + 2] = 0x77;
    expect(bringUp(r, 0, 0n, 0x40n)).toBe(0n);
    expect(r.devs[0].config[2]).toBe(0x77);
    expect(r.devs[0].written).toEqual([[2, 1]]);
    r.devs[0].config[5] = 0x99;
    r.devs[0].ctx?.configChanged();
    expect(r.m.storage.bytes[p.desc + p.configOffset + 5]).toBe(0x99);
    expect(takeInterrupt(r.m)).toMatchObject({ param: 1, token: 0x40n });
  });

  test('reset: status and driver features cleared, device reset, queues gone', () => {
    const r = rig();
    bringUp(r, 0, 1n << 5n, 0x40n);
    const p = r.bus.layout.devices[0];
    expect(hypercall(r.m, 1, p.desc)).toBe(0n);
    expect(r.devs[0].resets).toBe(1);
    expect(r.m.storage.view.getUint8(p.desc + DESC.STATUS)).toBe(0);
    expect(r.m.storage.view.getBigUint64(p.desc + p.featuresOffset + FEATURE_LEN)).toBe(0n);
    // A notify now is counted and ignored: the driver has not set DRIVER_OK again.
    expect(hypercall(r.m, 0, p.rings[0].address)).toBe(0n);
    expect(r.devs[0].stats.errors).toBe(1);
    expect(bringUp(r, 0, 1n << 5n, 0x40n)).toBe(0n);
    expect(r.devs[0].ctx).toBeDefined();
  });

  test('early console: a notify with an address in guest memory prints up to 16 bytes', () => {
    const devs = [new Reverser('r')];
    const m = new Machine({ memory: MIB, deviceWindow: s390VirtioWindow(devs), console: () => {} });
    const out: string[] = [];
    const bus = attachS390Virtio(m, devs, { earlyConsole: (t) => out.push(t) });
    m.storage.bytes.set(Buffer.from('hello, early console\0'), 0x9000);
    m.storage.bytes.set(Buffer.from('hi\0'), 0x9100);
    expect(hypercall(m, 0, 0x9000)).toBe(0n);
    expect(hypercall(m, 0, 0x9100)).toBe(0n);
    expect(out).toEqual(['hello, early con', 'hi']);
    expect(bus.stats.earlyConsoleWrites).toBe(2);
  });
});

describe('hotplug', () => {
  test('a device plugged in later: descriptor after the last, rings after the last rings, DEV_ADD', () => {
    const devs = [new Reverser('first')];
    const m = new Machine({ memory: MIB, deviceWindow: 64 * 4096, console: () => {} });
    const bus = attachS390Virtio(m, devs);
    const late = new Reverser('late', [64, 64]);
    bus.hotplug(late);
    const mem = m.storage.view;
    const p = bus.layout.devices[0];
    const at = p.desc + p.descSize;
    expect(mem.getUint8(at + DESC.TYPE)).toBe(4);
    expect(mem.getUint8(at + DESC.NUM_VQ)).toBe(2);
    expect(mem.getUint8(at + 5 + 2 * 24 + 16 + 6)).toBe(0);
    const ring0 = Number(mem.getBigUint64(at + DESC.VQ_CONFIG + VQ_CONFIG.ADDRESS));
    expect(ring0).toBe(MIB + bus.layout.bytes);
    expect(takeInterrupt(m)).toEqual({ code: 0x2603, subcode: 0x0d00, param: 2, token: BigInt(at) });
    // The driver brings it up like any other.
    mem.setUint8(at + DESC.STATUS, VIRTIO_STATUS.DRIVER_OK);
    expect(hypercall(m, 2, at)).toBe(0n);
    expect(late.ctx?.queues).toHaveLength(2);
  });

  test('no room left: a clear error, nothing changed', () => {
    const devs = [new Reverser('first')];
    const m = new Machine({ memory: MIB, deviceWindow: s390VirtioWindow(devs), console: () => {} });
    const bus = attachS390Virtio(m, devs);
    expect(() => bus.hotplug(new Reverser('late'))).toThrow(/no room for late's rings/);
    expect(m.storage.view.getUint8(bus.layout.devices[0].desc + bus.layout.devices[0].descSize)).toBe(0);
    expect(takeInterrupt(m)).toBeUndefined();
  });
});

describe('hostile driver', () => {
  const badCalls = [
    { name: 'notify an address in the window that is no ring', subcode: 0, arg: (r: Rig) => ring(r, 0).address + 8 },
    { name: 'notify past the window', subcode: 0, arg: () => 64 * MIB },
    { name: 'notify at 2^63', subcode: 0, arg: () => 1n << 63n },
    { name: 'reset a descriptor address + 1', subcode: 1, arg: (r: Rig) => descAt(r, 0) + 1 },
    { name: 'set status on guest memory', subcode: 2, arg: () => 0x1000 },
    { name: 'set status on a ring', subcode: 2, arg: (r: Rig) => ring(r, 0).address },
  ];
  for (const c of badCalls) {
    test(`${c.name}: -EINVAL in r2, counted, noted`, () => {
      const r = rig();
      expect(hypercall(r.m, c.subcode, c.arg(r))).toBe(-22n);
      expect(r.bus.stats.badHypercalls).toBe(1);
      expect(r.m.notes.at(-1)).toMatch(/-EINVAL/);
    });
  }

  const badChains = [
    { name: 'buffer in the device page', out: MIB + 8, in: BUF },
    { name: 'writable buffer in the device page', out: BUF, in: MIB },
    { name: 'buffer in another queue\'s ring', out: BUF, in: -1 },
    { name: 'buffer beyond the window', out: 512 * MIB, in: BUF },
    { name: 'buffer straddling the end of memory', out: MIB - 2, in: BUF },
  ];
  for (const c of badChains) {
    test(`chain with a ${c.name}: device error, queue stops, host fine`, () => {
      const r = rig();
      bringUp(r, 0, 0n, 0x40n);
      const rp = ring(r, 0);
      const inAt = c.in === -1 ? ring(r, 1).address : c.in;
      const v = r.m.storage.view;
      const d = rp.desc;
      v.setBigUint64(d, BigInt(c.out)); v.setUint32(d + 8, 4); v.setUint16(d + 12, 1); v.setUint16(d + 14, 1);
      v.setBigUint64(d + 16, BigInt(inAt)); v.setUint32(d + 24, 4); v.setUint16(d + 28, 2); v.setUint16(d + 30, 0);
      v.setUint16(rp.avail + 4, 0);
      v.setUint16(rp.avail + 2, 1);
      const before = r.m.storage.bytes.slice(MIB, MIB + 4096);
      expect(hypercall(r.m, 0, rp.address)).toBe(0n);
      expect(r.devs[0].stats.errors).toBe(1);
      expect(r.devs[0].stats.requests).toBe(0);
      expect(r.m.storage.bytes.slice(MIB, MIB + 4096)).toEqual(before);
      expect(r.m.notes.some((n) => n.startsWith('rev0: virtqueue 0'))).toBe(true);
    });
  }

  test('a driver that rewrites a ring address and size: error, the host ring stands', () => {
    const r = rig();
    const at = descAt(r, 0) + DESC.VQ_CONFIG;
    r.m.storage.view.setBigUint64(at + VQ_CONFIG.ADDRESS, 0x100n);
    r.m.storage.view.setUint16(at + VQ_CONFIG.NUM, 7);
    bringUp(r, 0, 0n, 0x40n);
    expect(r.devs[0].stats.errors).toBe(1);
    expect(Number(r.m.storage.view.getBigUint64(at + VQ_CONFIG.ADDRESS))).toBe(ring(r, 0).address);
    expect(r.m.storage.view.getUint16(at + VQ_CONFIG.NUM)).toBe(128);
    expect(r.devs[0].ctx?.queues[0]?.size).toBe(128);
  });

  test('features that were not offered: error, not negotiated', () => {
    const r = rig();
    bringUp(r, 0, (1n << 5n) | (1n << 34n) | (1n << 7n), 0x40n);
    expect(r.devs[0].ctx?.features).toBe(1n << 5n);
    expect(r.devs[0].stats.errors).toBe(1);
  });
});

describe('the Devices view and a second attach', () => {
  test('s390-virtio devices are listed with their descriptor address and counters', () => {
    const r = rig(2);
    bringUp(r, 0, 0n, 0x40n);
    const rp = ring(r, 0);
    submit(r, rp, 0, Uint8Array.of(9), BUF, BUF + 0x100, 4);
    hypercall(r.m, 0, rp.address);
    const listed = machineDevices(r.m).filter((d) => d.id.startsWith('s390-virtio:'));
    expect(listed.map((d) => [d.id, d.label, d.detail])).toEqual([
      ['s390-virtio:0x100000', 'rev0', 's390-virtio descriptor at 0x100000, device id 4'],
      [`s390-virtio:0x${descAt(r, 1).toString(16)}`, 'rev1', `s390-virtio descriptor at 0x${descAt(r, 1).toString(16)}, device id 4`],
    ]);
    expect(listed[0].stats).toMatchObject({ requests: 1, notifications: 1, interrupts: 1 });
  });

  test('attaching twice is refused (hotplug adds devices)', () => {
    const r = rig(1);
    expect(() => attachS390Virtio(r.m, [new Reverser('again')])).toThrow(/already; add more with hotplug/);
  });
});
