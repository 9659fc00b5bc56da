// virtio-ccw end to end without a CPU: the test driver configures a virtio-rng the way
// Linux's virtio_ccw does (revision, features, queue, adapter or classic indicators,
// DRIVER_OK), kicks it by diagnose 0x500 and checks rings, indicators and interruptions;
// then hostile channel programs, and 100 devices on one machine.
import { describe, expect, it } from 'vitest';
import { ProgramInterrupt } from '../../../emulator/cpu/interrupts';
import { subchannelWord } from '../../../emulator/io/subchannel';
import { Machine } from '../../../emulator/machine/machine';
import { attachVirtioCcw, ccwDevices, detachVirtioCcw } from '../../../emulator/virtio/ccw/attach';
import { VIRTIO_CCW_CMD as CMD } from '../../../emulator/virtio/ccw/transport';
import { VirtioRng } from '../../../emulator/virtio/rng/device';
import { AT, be, ISC, sid, TestDriver } from './ccw-helpers';

const SLI = 0x20;
const ACK_DRIVER_FEATURES = 1 | 2 | 8;
const DRIVER_OK = 4;
const CE_DE = 0x0c;

function setup(count = 1): { machine: Machine; rngs: VirtioRng[]; notes: string[] } {
  const machine = new Machine({ memory: 16 * 0x10_0000, console: () => {} });
  const rngs: VirtioRng[] = [];
  const notes: string[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new VirtioRng((b) => b.fill(0xa5));
    attachVirtioCcw(machine, rng, { onError: (m) => notes.push(m) });
    rngs.push(rng);
  }
  return { machine, rngs, notes };
}

/** Diagnose 0x500 subcode 3 as virtio_ccw_kvm_notify issues it; returns register 2. */
function kick(machine: Machine, number: number, queue: number): number {
  const cpu = machine.vcpus[0].cpu;
  cpu.setR64(1, 0, 3);
  cpu.setR64(2, 0, subchannelWord(0xfe, 0, number, false));
  cpu.setR64(3, 0, queue);
  cpu.setR64(4, 0, 0);
  machine.diagnose.call(cpu, 0x500, 2, 4);
  return cpu.r32(2) | 0;
}

/** Negotiation up to a live split queue 0 of size 8 (Linux's order). */
function negotiate(d: TestDriver, thinint: boolean): void {
  expect(d.enable()).toBe(0);
  expect(d.run([{ code: CMD.SET_VIRTIO_REV, data: [0, 2, 0, 0] }]).dstat).toBe(CE_DE);
  const f0 = d.run([{ code: CMD.READ_FEAT, data: [0, 0, 0, 0, 0] }]);
  const f1 = d.run([{ code: CMD.READ_FEAT, data: [0, 0, 0, 0, 1] }]);
  // INDIRECT_DESC (28) and EVENT_IDX (29) in word 0, VERSION_1 (32) in word 1, little-endian.
  expect(Array.from(f0.data[0].subarray(0, 4))).toEqual([0, 0, 0, 0x30]);
  expect(Array.from(f1.data[0].subarray(0, 4))).toEqual([1, 0, 0, 0]);
  d.run([{ code: CMD.WRITE_STATUS, data: [1 | 2] }]);
  d.run([{ code: CMD.WRITE_FEAT, data: [0, 0, 0, 0x10, 0] }]); // INDIRECT_DESC only
  d.run([{ code: CMD.WRITE_FEAT, data: [1, 0, 0, 0, 1] }]);
  expect(d.run([{ code: CMD.WRITE_STATUS, data: [ACK_DRIVER_FEATURES] }]).dstat).toBe(CE_DE);
  const vq = d.run([{ code: CMD.READ_VQ_CONF, data: [0, 0, 0, 0] }]);
  expect(Array.from(vq.data[0])).toEqual([0, 0, 0, 8]);
  const info = [...be(AT.DESC, 8), 0, 0, 0, 0, ...be(0, 2), ...be(8, 2), ...be(AT.AVAIL, 8), ...be(AT.USED, 8)];
  expect(d.run([{ code: CMD.SET_VQ, data: info }]).dstat).toBe(CE_DE);
  if (thinint) {
    const area = [...be(AT.SUMMARY, 8), ...be(AT.IND, 8), ...be(5, 8), ISC];
    expect(d.run([{ code: CMD.SET_IND_ADAPTER, data: area, flags: SLI }]).dstat).toBe(CE_DE);
  } else {
    expect(d.run([{ code: CMD.SET_IND, data: be(AT.IND, 8) }]).dstat).toBe(CE_DE);
  }
  expect(d.run([{ code: CMD.SET_CONF_IND, data: be(AT.CONF_IND, 8) }]).dstat).toBe(CE_DE);
  expect(d.run([{ code: CMD.WRITE_STATUS, data: [ACK_DRIVER_FEATURES | DRIVER_OK] }]).dstat).toBe(CE_DE);
  const status = d.run([{ code: CMD.READ_STATUS, data: [0] }]);
  expect(status.data[0][0]).toBe(ACK_DRIVER_FEATURES | DRIVER_OK);
}

/** Offers one 16-byte device-writable buffer on the split ring. */
function offer(d: TestDriver, head = 0): void {
  const dv = d.dv;
  dv.setUint32(AT.DESC + 16 * head, AT.BUF + 64 * head, true);
  dv.setUint32(AT.DESC + 16 * head + 4, 0, true);
  dv.setUint32(AT.DESC + 16 * head + 8, 16, true);
  dv.setUint16(AT.DESC + 16 * head + 12, 2, true);
  const idx = dv.getUint16(AT.AVAIL + 2, true);
  dv.setUint16(AT.AVAIL + 4 + 2 * (idx % 8), head, true);
  dv.setUint16(AT.AVAIL + 2, idx + 1, true);
}

describe('virtio-ccw subchannel', () => {
  it('STSCH shows a valid device at devno 0.0.0000 on the virtual path', () => {
    const { machine } = setup();
    const schib = machine.css.storeSubchannel(sid(0));
    expect(schib).toBeDefined();
    const v = new DataView((schib as Uint8Array).buffer);
    expect([v.getUint16(4) & 1, v.getUint16(6), schib?.[8], schib?.[11], schib?.[15], schib?.[16]]).toEqual([1, 0, 0x80, 0x80, 0x80, 0]);
    expect(machine.css.storeSubchannel(sid(1))).toBeUndefined();
  });

  it('SSCH on a disabled subchannel is cc 3; SENSE ID after enabling reports 3832 model 4', () => {
    const { machine } = setup();
    const d = new TestDriver(machine);
    expect(d.run([{ code: 0xe4, count: 8, flags: SLI }]).cc).toBe(3);
    expect(d.enable()).toBe(0);
    const irb = d.run([{ code: 0xe4, count: 8, flags: SLI }]);
    expect(irb.cc).toBe(0);
    expect(irb.dstat).toBe(CE_DE);
    expect(irb.ctrl & 0x7).toBe(0x7); // primary, secondary, status pending
    expect(Array.from(irb.data[0])).toEqual([0xff, 0x38, 0x32, 4, 0, 0, 0, 0]);
    // The interruption was queued for ISC 3 with the ORB's parameter, and TSCH withdrew it.
    expect(machine.css.interruptionPending(0xff)).toBe(false);
    expect(d.collect(0).cc).toBe(1);
  });

  it('an interruption is pending on the ISC the guest chose until TSCH', () => {
    const { machine } = setup();
    const d = new TestDriver(machine);
    d.enable();
    const orb = new Uint8Array(12);
    new DataView(orb.buffer).setUint32(0, 0x77);
    orb[4] = 0; orb[5] = 0x80; orb[6] = 0x80;
    new DataView(orb.buffer).setUint32(8, AT.CCW);
    machine.storage.bytes.set([0x03, 0, 0, 1, 0, 0, 0, 0], AT.CCW);
    expect(machine.css.startSubchannel(sid(0), orb)).toBe(0);
    expect(machine.css.interruptionPending(0x80 >> ISC)).toBe(true);
    expect(machine.css.interruptionPending(0x80)).toBe(false);
    const irq = machine.css.dequeue(0xff);
    expect(irq).toEqual({ sid: subchannelWord(0xfe, 0, 0, false), parameter: 0x77, word: ISC << 27 });
    // A second start while status is pending: cc 1.
    expect(machine.css.startSubchannel(sid(0), orb)).toBe(1);
  });
});

describe('virtio-ccw transport with virtio-rng', () => {
  it('adapter interrupts: buffer filled, used ring, indicator bit, summary, one adapter interruption', () => {
    const { machine, rngs, notes } = setup();
    const d = new TestDriver(machine);
    negotiate(d, true);
    offer(d);
    expect(kick(machine, 0, 0)).toBe(0);
    expect(Array.from(d.bytes.subarray(AT.BUF, AT.BUF + 17))).toEqual([...new Array<number>(16).fill(0xa5), 0]);
    expect(d.dv.getUint16(AT.USED + 2, true)).toBe(1);
    expect(d.dv.getUint32(AT.USED + 8, true)).toBe(16);
    // Indicator bit 5 + queue 0 in MSB-0 order; summary byte 1.
    expect(d.bytes[AT.IND]).toBe(0x80 >> 5);
    expect(d.bytes[AT.SUMMARY]).toBe(1);
    expect(machine.css.dequeue(0xff)).toEqual({ sid: 0, parameter: 0, word: (0x8000_0000 | (ISC << 27)) >>> 0 });
    // While the summary is still set, a second completion raises no second interruption.
    offer(d, 1);
    kick(machine, 0, 0);
    expect(machine.css.anyInterruptionPending).toBe(false);
    expect(rngs[0].stats).toMatchObject({ requests: 2, bytesWritten: 32, notifications: 2, interrupts: 2, errors: 0 });
    expect(notes).toEqual([]);
  });

  it('classic indicators: queue bit in the doubleword, alert status on the subchannel', () => {
    const { machine } = setup();
    const d = new TestDriver(machine);
    negotiate(d, false);
    offer(d);
    kick(machine, 0, 0);
    expect(d.dv.getUint32(AT.IND + 4)).toBe(1);
    const irq = machine.css.dequeue(0xff);
    expect(irq?.parameter).toBe(0xcafe0000);
    const irb = d.collect(0);
    expect(irb.ctrl & 0x1f).toBe(0x11); // alert + status pending
  });

  it('legacy driver (no SET_VIRTIO_REV): 32 feature bits, one 4K-aligned big-endian ring', () => {
    const { machine, rngs } = setup();
    const d = new TestDriver(machine);
    d.enable();
    expect(Array.from(d.run([{ code: CMD.READ_FEAT, data: [0, 0, 0, 0, 1] }]).data[0].subarray(0, 4))).toEqual([0, 0, 0, 0]);
    d.run([{ code: CMD.WRITE_FEAT, data: [0, 0, 0, 0, 0] }]);
    d.run([{ code: CMD.WRITE_STATUS, data: [1 | 2] }]);
    // Legacy SET_VQ: ring address, alignment 4096, index 0, the device's size 8.
    expect(d.run([{ code: CMD.SET_VQ, data: [...be(AT.DESC, 8), ...be(4096, 4), 0, 0, 0, 8] }]).dstat).toBe(CE_DE);
    expect(d.run([{ code: CMD.SET_VQ, data: [...be(AT.DESC, 8), ...be(4096, 4), 0, 0, 0, 4] }]).cstat).toBe(0x20);
    d.run([{ code: CMD.WRITE_STATUS, data: [1 | 2 | DRIVER_OK] }]);
    const dv = d.dv;
    const avail = AT.DESC + 16 * 8;
    const used = AT.DESC + 4096;
    dv.setUint32(AT.DESC + 4, AT.BUF);
    dv.setUint32(AT.DESC + 8, 12);
    dv.setUint16(AT.DESC + 12, 2);
    dv.setUint16(avail + 4, 0);
    dv.setUint16(avail + 2, 1);
    kick(machine, 0, 0);
    expect(rngs[0].stats.requests).toBe(1);
    expect([dv.getUint16(used + 2), dv.getUint32(used + 4), dv.getUint32(used + 8)]).toEqual([1, 0, 12]);
  });

  it('kicks before DRIVER_OK are served once the driver is ready', () => {
    const { machine, rngs } = setup();
    const d = new TestDriver(machine);
    d.enable();
    d.run([{ code: CMD.SET_VIRTIO_REV, data: [0, 1, 0, 0] }]);
    d.run([{ code: CMD.WRITE_FEAT, data: [0, 0, 0, 0, 1] }]);
    d.run([{ code: CMD.WRITE_FEAT, data: [1, 0, 0, 0, 1] }]);
    d.run([{ code: CMD.WRITE_STATUS, data: [ACK_DRIVER_FEATURES] }]);
    d.run([{ code: CMD.SET_VQ, data: [...be(AT.DESC, 8), 0, 0, 0, 0, 0, 0, 0, 8, ...be(AT.AVAIL, 8), ...be(AT.USED, 8)] }]);
    offer(d);
    kick(machine, 0, 0);
    expect(rngs[0].stats.requests).toBe(0);
    d.run([{ code: CMD.WRITE_STATUS, data: [ACK_DRIVER_FEATURES | DRIVER_OK] }]);
    expect(rngs[0].stats.requests).toBe(1);
  });

  it('status 0 resets: queues are gone, kicks do nothing', () => {
    const { machine, rngs } = setup();
    const d = new TestDriver(machine);
    negotiate(d, true);
    d.run([{ code: CMD.WRITE_STATUS, data: [0] }]);
    offer(d);
    kick(machine, 0, 0);
    expect(rngs[0].stats.requests).toBe(0);
    expect(d.run([{ code: CMD.READ_STATUS, data: [9] }]).data[0][0]).toBe(0);
  });

  it('a notification for an unknown subchannel or queue returns -EINVAL', () => {
    const { machine } = setup();
    expect(kick(machine, 7, 0)).toBe(-22);
    expect(kick(machine, 0, 5000)).toBe(-22);
  });

  interface Hostile { name: string; steps: Parameters<TestDriver['run']>[0]; orbFlags?: number; expect: { cstat?: number; unitCheck?: boolean }; note: RegExp; rev?: boolean }
  const hostile: Hostile[] = [
    { name: 'unknown command', steps: [{ code: 0x99, count: 4 }], expect: { unitCheck: true }, note: /command 0x99 not supported/ },
    { name: 'revision 3', rev: false, steps: [{ code: CMD.SET_VIRTIO_REV, data: [0, 3, 0, 0] }], expect: { unitCheck: true }, note: /revision 3 refused/ },
    { name: 'a second SET_VIRTIO_REV', steps: [{ code: CMD.SET_VIRTIO_REV, data: [0, 1, 0, 0] }], expect: { unitCheck: true }, note: /revision 1 refused/ },
    { name: 'format-0 channel program', orbFlags: 0, steps: [{ code: CMD.READ_STATUS, data: [0] }], expect: { cstat: 0x20 }, note: /format-0/ },
    { name: 'MIDA flag', steps: [{ code: CMD.READ_STATUS, data: [0], flags: 0x01 }], expect: { cstat: 0x20 }, note: /modified indirect/ },
    { name: 'READ_FEAT with a short count', steps: [{ code: CMD.READ_FEAT, data: [0, 0, 0] }], expect: { cstat: 0x20 }, note: /count 3, expected 5/ },
    { name: 'data address outside RAM', steps: [{ code: CMD.READ_FEAT, count: 5, cda: 0x7fff_fff8 }], expect: { cstat: 0x20 }, note: /outside guest memory/ },
    { name: 'data address zero', steps: [{ code: CMD.READ_STATUS, count: 1, cda: 0 }], expect: { cstat: 0x20 }, note: /data address is zero/ },
    { name: 'invalid command code 0x00', steps: [{ code: 0x00, count: 1 }], expect: { cstat: 0x20 }, note: /invalid CCW command code/ },
    { name: 'indirect data addressing', steps: [{ code: CMD.READ_STATUS, data: [0], flags: 0x04 }], expect: { cstat: 0x20 }, note: /indirect data addressing/ },
    { name: 'SET_VQ larger than the device queue', steps: [{ code: CMD.SET_VQ, data: [...be(AT.DESC, 8), 0, 0, 0, 0, 0, 0, 1, 0, ...be(AT.AVAIL, 8), ...be(AT.USED, 8)] }], expect: { cstat: 0x20 }, note: /size 256 \(device size 8\)/ },
    { name: 'SET_VQ with rings outside RAM', steps: [{ code: CMD.SET_VQ, data: [...be(0xfff000, 8 + 0), 0, 0, 0, 0, 0, 0, 0, 8, ...be(0x10_000_000, 8), ...be(AT.USED, 8)] }], expect: { cstat: 0x20 }, note: /outside guest memory/ },
    { name: 'READ_CONF beyond the (empty) config space without SLI', steps: [{ code: CMD.READ_CONF, count: 4 }], expect: { cstat: 0x20 }, note: /config space has 0/ },
  ];
  for (const c of hostile) {
    it(`hostile: ${c.name} ends with ${c.expect.unitCheck ? 'unit check + command reject' : 'channel program check'}, counted and reported`, () => {
      const { machine, rngs, notes } = setup();
      const d = new TestDriver(machine);
      d.enable();
      if (c.rev !== false) d.run([{ code: CMD.SET_VIRTIO_REV, data: [0, 1, 0, 0] }]);
      const irb = d.run(c.steps, c.orbFlags);
      expect(irb.cc).toBe(0);
      if (c.expect.unitCheck) {
        expect(irb.dstat).toBe(0x02); // unit check alone, as QEMU
        expect(irb.sense0).toBe(0x80); // concurrent sense: command reject
      } else {
        expect(irb.cstat).toBe(c.expect.cstat);
      }
      expect(irb.ctrl & 0x10).toBe(0x10); // alert status
      expect(rngs[0].stats.errors).toBeGreaterThanOrEqual(1);
      expect(notes.join('\n')).toMatch(c.note);
    });
  }

  it('hostile: a TIC loop ends with a program check after a bounded number of CCWs', () => {
    const { machine, notes } = setup();
    const d = new TestDriver(machine);
    d.enable();
    machine.storage.bytes.set([0x08, 0, 0, 0, ...be(AT.CCW + 8, 4), 0x03, 0x40, 0, 1, 0, 0, 0, 0, 0x08, 0, 0, 0, ...be(AT.CCW + 8, 4)], AT.CCW);
    const orb = new Uint8Array(12);
    orb[5] = 0x80; orb[6] = 0x80;
    new DataView(orb.buffer).setUint32(8, AT.CCW);
    const irb = d.collect(machine.css.startSubchannel(sid(0), orb));
    expect(irb.cstat).toBe(0x20);
    expect(notes.join()).toMatch(/longer than 4096 CCWs/);
  });

  it('hostile: a CCW address that is odd or zero is a program check; an invalid ORB an operand exception', () => {
    const { machine } = setup();
    const d = new TestDriver(machine);
    d.enable();
    const orb = new Uint8Array(12);
    orb[5] = 0x80;
    new DataView(orb.buffer).setUint32(8, AT.CCW + 4);
    expect(d.collect(machine.css.startSubchannel(sid(0), orb)).cstat).toBe(0x20);
    new DataView(orb.buffer).setUint32(8, 0x8000_0000);
    expect(() => machine.css.startSubchannel(sid(0), orb)).toThrow(ProgramInterrupt);
  });

  it('100 devices: subchannels and devnos 0 to 99, each answers SENSE ID and notifications', () => {
    const { machine, rngs } = setup(100);
    expect(ccwDevices(machine).map((a) => a.busId).slice(98)).toEqual(['0.0.0062', '0.0.0063']);
    for (const n of [0, 42, 99]) {
      const d = new TestDriver(machine, n);
      // Each device gets fresh rings (they reuse the same addresses).
      machine.storage.bytes.fill(0, AT.DESC, AT.BUF + 0x1000);
      const schib = machine.css.storeSubchannel(sid(n));
      expect(new DataView((schib as Uint8Array).buffer).getUint16(6)).toBe(n);
      negotiate(d, true);
      offer(d);
      expect(kick(machine, n, 0)).toBe(0);
      expect(rngs[n].stats.requests).toBe(1);
    }
    expect(machine.css.storeSubchannel(sid(100))).toBeUndefined();
    expect(() => attachVirtioCcw(machine, new VirtioRng(), { devno: 5 })).toThrow(/already in use/);
  });

  it('hotplug queues a subchannel channel report', () => {
    const { machine } = setup();
    attachVirtioCcw(machine, new VirtioRng(), { hotplug: true });
    expect(machine.css.reports.take()).toBe(0x0304_0001);
  });

  it('unplug removes the subchannel, frees its devno and reports it; a kick then gets -EINVAL', () => {
    const { machine } = setup(3);
    const [, middle] = ccwDevices(machine);
    detachVirtioCcw(machine, middle);
    expect(machine.css.reports.take()).toBe(0x0304_0001);
    expect(machine.css.storeSubchannel(sid(1))).toEqual(new Uint8Array(52));
    expect(kick(machine, 1, 0)).toBe(-22);
    expect(() => detachVirtioCcw(machine, middle)).toThrow(/not attached/);
    // The freed subchannel and devno are reused first.
    expect(attachVirtioCcw(machine, new VirtioRng()).busId).toBe('0.0.0001');
  });
});
