// virtio-blk end to end over virtio-ccw without a CPU (H1's test driver builds the channel
// programs Linux's virtio_ccw would): features and config space as the guest reads them,
// then a read request kicked by diagnose 0x500 comes back in the used ring with the disk's
// bytes, the status byte and the queue's indicator bit.
import { describe, expect, it } from 'vitest';
import { subchannelWord } from '../../../emulator/io/subchannel';
import { Machine } from '../../../emulator/machine/machine';
import { MemoryBackend } from '../../../emulator/virtio/blk/backend';
import { BLK_S, BLK_T, VirtioBlk } from '../../../emulator/virtio/blk/device';
import { attachVirtioCcw } from '../../../emulator/virtio/ccw/attach';
import { VIRTIO_CCW_CMD as CMD } from '../../../emulator/virtio/ccw/transport';
import { AT, be, TestDriver } from '../ccw/ccw-helpers';

const CE_DE = 0x0c;
const STATUS_OK = 1 | 2 | 8 | 4;

function kick(machine: Machine, queue: number): number {
  const cpu = machine.vcpus[0].cpu;
  cpu.setR64(1, 0, 3);
  cpu.setR64(2, 0, subchannelWord(0xfe, 0, 0, false));
  cpu.setR64(3, 0, queue);
  cpu.setR64(4, 0, 0);
  machine.diagnose.call(cpu, 0x500, 2, 4);
  return cpu.r32(2) | 0;
}

describe('virtio-blk over virtio-ccw', () => {
  it('negotiates, reads capacity from the config space and serves a read', () => {
    const machine = new Machine({ memory: 16 * 0x10_0000, console: () => {} });
    const backend = new MemoryBackend(128 * 512);
    for (let i = 0; i < backend.size; i++) backend.data[i] = (i * 3) & 0xff;
    const blk = new VirtioBlk(backend, { serial: 'ccw' });
    attachVirtioCcw(machine, blk);
    const d = new TestDriver(machine);
    expect(d.enable()).toBe(0);
    expect(d.run([{ code: CMD.SET_VIRTIO_REV, data: [0, 1, 0, 0] }]).dstat).toBe(CE_DE);
    const f0 = d.run([{ code: CMD.READ_FEAT, data: [0, 0, 0, 0, 0] }]).data[0];
    const word0 = new DataView(f0.buffer, f0.byteOffset).getUint32(0, true);
    // SEG_MAX(2), GEOMETRY(4), BLK_SIZE(6), FLUSH(9), TOPOLOGY(10), CONFIG_WCE(11), DISCARD(13),
    // WRITE_ZEROES(14), INDIRECT(28), EVENT_IDX(29).
    expect(word0).toBe((1 << 2 | 1 << 4 | 1 << 6 | 1 << 9 | 1 << 10 | 1 << 11 | 1 << 13 | 1 << 14 | 1 << 28 | 1 << 29) >>> 0);
    d.run([{ code: CMD.WRITE_STATUS, data: [1 | 2] }]);
    d.run([{ code: CMD.WRITE_FEAT, data: [0x44, 0x02, 0, 0, 0] }]); // SEG_MAX, BLK_SIZE, FLUSH
    d.run([{ code: CMD.WRITE_FEAT, data: [1, 0, 0, 0, 1] }]); // VERSION_1
    d.run([{ code: CMD.WRITE_STATUS, data: [1 | 2 | 8] }]);
    const conf = d.run([{ code: CMD.READ_CONF, data: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }]).data[0];
    const cv = new DataView(conf.buffer, conf.byteOffset);
    expect([cv.getUint32(0, true), cv.getUint32(4, true), cv.getUint32(12, true), cv.getUint32(20, true)]).toEqual([128, 0, 254, 512]);
    const info = [...be(AT.DESC, 8), 0, 0, 0, 0, ...be(0, 2), ...be(8, 2), ...be(AT.AVAIL, 8), ...be(AT.USED, 8)];
    expect(d.run([{ code: CMD.SET_VQ, data: info }]).dstat).toBe(CE_DE);
    expect(d.run([{ code: CMD.SET_IND, data: be(AT.IND, 8) }]).dstat).toBe(CE_DE);
    expect(d.run([{ code: CMD.WRITE_STATUS, data: [STATUS_OK] }]).dstat).toBe(CE_DE);

    // IN of sectors 2-3: header, 1024 data bytes, status.
    const dv = d.dv;
    const HDR = AT.BUF;
    const DATA = AT.BUF + 0x100;
    const ST = AT.BUF + 0x80;
    dv.setUint32(HDR, BLK_T.IN, true);
    dv.setUint32(HDR + 8, 2, true);
    const desc = (i: number, addr: number, len: number, flags: number, next: number): void => {
      dv.setUint32(AT.DESC + 16 * i, addr, true);
      dv.setUint32(AT.DESC + 16 * i + 4, 0, true);
      dv.setUint32(AT.DESC + 16 * i + 8, len, true);
      dv.setUint16(AT.DESC + 16 * i + 12, flags, true);
      dv.setUint16(AT.DESC + 16 * i + 14, next, true);
    };
    desc(0, HDR, 16, 1, 1);
    desc(1, DATA, 1024, 1 | 2, 2);
    desc(2, ST, 1, 2, 0);
    d.bytes[ST] = 0xff;
    dv.setUint16(AT.AVAIL + 4, 0, true);
    dv.setUint16(AT.AVAIL + 2, 1, true);
    expect(kick(machine, 0)).toBe(0);
    expect(dv.getUint16(AT.USED + 2, true)).toBe(1);
    expect([dv.getUint32(AT.USED + 4, true), dv.getUint32(AT.USED + 8, true)]).toEqual([0, 1025]);
    expect(d.bytes[ST]).toBe(BLK_S.OK);
    expect(Buffer.from(d.bytes.subarray(DATA, DATA + 1024)).equals(Buffer.from(backend.data.subarray(1024, 2048)))).toBe(true);
    // Classic indicators: bit 63 - queue index (queue 0 = the last bit of the doubleword).
    expect(dv.getUint32(AT.IND + 4) & 1).toBe(1);
    expect(blk.stats).toMatchObject({ requests: 1, bytesRead: 1024, interrupts: 1, errors: 0 });
    // Both the ccw transport and the device count the kick today (s390-virtio leaves it to
    // the device); which one counts is still to be settled between the transports.
    expect(blk.stats.notifications).toBeGreaterThanOrEqual(1);
  });
});
