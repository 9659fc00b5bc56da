// virtio-net on the real split and packed rings (createVirtqueue), including chains a
// hostile driver builds: the device and the host survive, the queue reports and breaks.
import { describe, expect, it } from 'vitest';
import { VIRTIO_F } from '../../../emulator/virtio/device';
import type { NetBackend, NetReceiver } from '../../../emulator/virtio/net/backend';
import { VIRTIO_NET_F } from '../../../emulator/virtio/net/constants';
import { VirtioNet } from '../../../emulator/virtio/net/device';
import { makeQueue, PackedDriver, SplitDriver, type Harness } from '../helpers';
import { BROADCAST, frame, mac } from './frames';

const MAC = '52:54:00:12:34:56';
const bit = (n: number): bigint => 1n << BigInt(n);
const FEATURES = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_F.RING_PACKED) | bit(VIRTIO_NET_F.MAC) | bit(VIRTIO_NET_F.STATUS) | bit(VIRTIO_NET_F.MRG_RXBUF);
const NEXT = 1;
const WRITE = 2;
const BUF = 0x8000;

class Wire implements NetBackend {
  readonly description = 'wire';
  readonly linkUp = true;
  sent: Uint8Array[] = [];
  r: NetReceiver | undefined;
  attach(r: NetReceiver): void { this.r = r; }
  send(f: Uint8Array): boolean { this.sent.push(f); return true; }
  close(): void {}
}

/** The device with one real queue at `slot` (0 rx, 1 tx). */
function setup(packed: boolean, slot: 0 | 1): { h: Harness; dev: VirtioNet; wire: Wire; errors: string[] } {
  const h = makeQueue(packed, FEATURES);
  const wire = new Wire();
  const dev = new VirtioNet({ mac: mac(MAC), backend: wire });
  const errors: string[] = [];
  const queues = slot === 0 ? [h.q, undefined] : [undefined, h.q];
  dev.activate({ memory: h.m.memory, queues, features: FEATURES, configChanged: () => {}, onError: (m) => errors.push(m) });
  return { h, dev, wire, errors };
}

describe('virtio-net on real rings', () => {
  for (const packed of [false, true]) {
    const kind = packed ? 'packed' : 'split';
    it(`${kind}: transmit header and frame in two descriptors`, () => {
      const { h, dev, wire } = setup(packed, 1);
      const f = frame(BROADCAST, MAC, 46, 0x42);
      h.m.bytes.set(f, BUF + 0x100);
      if (packed) {
        new PackedDriver(h.m, 8).offer(5, [{ addr: BUF, len: 12 }, { addr: BUF + 0x100, len: f.length }]);
      } else {
        const d = new SplitDriver(h.m, 8);
        d.desc(0, { addr: BUF, len: 12, flags: NEXT, next: 1 });
        d.desc(1, { addr: BUF + 0x100, len: f.length });
        d.offer(0);
      }
      dev.notify(1);
      expect(wire.sent.map((x) => Array.from(x))).toEqual([Array.from(f)]);
      expect(h.interrupts.n).toBe(1);
      expect(dev.stats.txFrames).toBe(1);
    });

    it(`${kind}: receive into a writable buffer`, () => {
      const { h, dev, wire } = setup(packed, 0);
      let used: () => { id: number; len: number };
      if (packed) {
        const d = new PackedDriver(h.m, 8);
        d.offer(3, [{ addr: BUF, len: 1526, flags: WRITE }]);
        used = () => d.used(0);
      } else {
        const d = new SplitDriver(h.m, 8);
        d.desc(0, { addr: BUF, len: 1526, flags: WRITE });
        d.offer(0);
        used = () => d.used(0);
      }
      const f = frame(MAC, BROADCAST, 100, 0x17);
      wire.r?.frame(f);
      expect(used()).toMatchObject({ id: packed ? 3 : 0, len: 12 + f.length });
      expect(h.m.bytes[BUF + 10]).toBe(1);
      expect(Array.from(h.m.bytes.subarray(BUF + 12, BUF + 12 + f.length))).toEqual(Array.from(f));
      expect(h.m.writes).toContainEqual([BUF, 12 + f.length]);
      expect(dev.stats.rxFrames).toBe(1);
    });
  }

  const hostile: { name: string; slot: 0 | 1; descs: [number, { addr: number; len: number; flags?: number; next?: number }][]; error: RegExp }[] = [
    { name: 'transmit chain that loops', slot: 1, descs: [[0, { addr: BUF, len: 12, flags: NEXT, next: 1 }], [1, { addr: BUF, len: 60, flags: NEXT, next: 0 }]], error: /./ },
    { name: 'transmit buffer beyond guest memory', slot: 1, descs: [[0, { addr: 0xfff0, len: 0x100 }]], error: /outside guest memory/ },
    { name: 'receive chain with only a readable buffer', slot: 0, descs: [[0, { addr: BUF, len: 1500 }]], error: /too small/ },
    { name: 'receive descriptor index out of the table', slot: 0, descs: [[0, { addr: BUF, len: 1500, flags: WRITE | NEXT, next: 200 }]], error: /./ },
  ];
  for (const c of hostile) {
    it(`hostile: ${c.name}`, () => {
      const { h, dev, wire, errors } = setup(false, c.slot);
      const d = new SplitDriver(h.m, 8);
      for (const [i, desc] of c.descs) d.desc(i, desc);
      d.offer(0);
      if (c.slot === 1) dev.notify(1);
      else wire.r?.frame(frame(MAC, BROADCAST));
      expect(wire.sent.length, c.name).toBe(0);
      expect(dev.stats.rxFrames + dev.stats.txFrames).toBe(0);
      // Chain errors come from the queue (h.errors), request errors from the device.
      const messages = [...h.errors, ...errors];
      expect(messages.length, c.name).toBeGreaterThan(0);
      expect(messages[0], c.name).toMatch(c.error);
      expect(dev.stats.errors + h.stats.errors, c.name).toBeGreaterThan(0);
      // The host goes on: the next kick is harmless.
      dev.notify(c.slot);
    });
  }
});
