// virtio-console with MULTIPORT on fake queues: the control handshake Linux performs
// (DEVICE_READY → DEVICE_ADD, PORT_READY → CONSOLE_PORT / PORT_NAME / PORT_OPEN), input
// held until the guest opens a port, output on transmitq, separate receive/transmit
// notifications, and malformed control traffic counted, never thrown.
import { describe, expect, it } from 'vitest';
import { VIRTIO_F } from '../../../emulator/virtio/device';
import {
  BufferPort, CONSOLE_CONFIG, CONSOLE_CTRL, CONSOLE_F, CONTROL_QUEUE, VirtioConsole, receiveQueue, transmitQueue,
} from '../../../emulator/virtio/console/device';
import { FakeMemory, FakeQueue, fakeContext, writtenBytes } from '../device-queue';

const bit = (n: number): bigint => 1n << BigInt(n);

function ctrl(id: number, event: number, value: number): Uint8Array {
  const m = new Uint8Array(8);
  const dv = new DataView(m.buffer);
  dv.setUint32(0, id, true);
  dv.setUint16(4, event, true);
  dv.setUint16(6, value, true);
  return m;
}

interface Msg { id: number; event: number; value: number; data: string }

function setup(names: (string | undefined)[] = [undefined, 'org.kuli.test'], features = bit(VIRTIO_F.VERSION_1) | bit(CONSOLE_F.MULTIPORT)) {
  const mem = new FakeMemory();
  const backends = names.map((_, i) => new BufferPort(i === 0));
  const dev = new VirtioConsole(names.map((name, i) => ({ name, backend: backends[i] })));
  const queues = dev.queueSizes.map((_, i) => new FakeQueue(mem, i));
  const ctx = fakeContext(mem, queues, features);
  dev.activate(ctx);
  /** Control messages the device sent so far (consumes the used control buffers). */
  let seen = 0;
  const sent = (): Msg[] => {
    const used = queues[CONTROL_QUEUE.RX].used.slice(seen);
    seen += used.length;
    return used.map((u) => {
      const b = writtenBytes(u, u.written);
      const dv = new DataView(b.buffer, b.byteOffset);
      return { id: dv.getUint32(0, true), event: dv.getUint16(4, true), value: dv.getUint16(6, true), data: Buffer.from(b.subarray(8)).toString() };
    });
  };
  const postControlBuffers = (n: number): void => { for (let i = 0; i < n; i++) queues[CONTROL_QUEUE.RX].offer([], [4096]); };
  const fromDriver = (...msgs: Uint8Array[]): void => {
    for (const m of msgs) queues[CONTROL_QUEUE.TX].offer([m]);
    dev.notify(CONTROL_QUEUE.TX);
  };
  return { mem, dev, queues, ctx, backends, sent, postControlBuffers, fromDriver };
}

/** The handshake Linux's virtio_console does, up to both ports open. */
function handshake(s: ReturnType<typeof setup>): Msg[] {
  s.postControlBuffers(16);
  s.fromDriver(ctrl(0, CONSOLE_CTRL.DEVICE_READY, 1));
  const adds = s.sent();
  s.fromDriver(ctrl(0, CONSOLE_CTRL.PORT_READY, 1), ctrl(1, CONSOLE_CTRL.PORT_READY, 1));
  const answers = s.sent();
  // Linux opens a console port itself when told it is one (hvc); named ports when opened.
  s.fromDriver(ctrl(0, CONSOLE_CTRL.PORT_OPEN, 1));
  return [...adds, ...answers];
}

describe('virtio-console configuration', () => {
  it('offers MULTIPORT and VERSION_1, max_nr_ports and the queue layout', () => {
    const { dev } = setup([undefined, 'a', 'b']);
    expect(dev.features & bit(CONSOLE_F.MULTIPORT)).not.toBe(0n);
    expect(dev.features & bit(VIRTIO_F.VERSION_1)).not.toBe(0n);
    expect(new DataView(dev.config.buffer).getUint32(CONSOLE_CONFIG.MAX_NR_PORTS, true)).toBe(3);
    expect(dev.queueSizes).toHaveLength(8);
    expect([receiveQueue(0), transmitQueue(0), receiveQueue(1), transmitQueue(1), receiveQueue(2), transmitQueue(2)]).toEqual([0, 1, 4, 5, 6, 7]);
  });
});

describe('virtio-console control handshake', () => {
  it('DEVICE_READY adds every port; PORT_READY makes port 0 the console and names port 1', () => {
    const s = setup();
    expect(handshake(s)).toEqual([
      { id: 0, event: CONSOLE_CTRL.DEVICE_ADD, value: 0, data: '' },
      { id: 1, event: CONSOLE_CTRL.DEVICE_ADD, value: 0, data: '' },
      { id: 0, event: CONSOLE_CTRL.CONSOLE_PORT, value: 1, data: '' },
      { id: 0, event: CONSOLE_CTRL.PORT_OPEN, value: 1, data: '' },
      { id: 1, event: CONSOLE_CTRL.PORT_NAME, value: 0, data: 'org.kuli.test' },
    ]);
    expect(s.dev.stats.errors).toBe(0);
  });

  it('control messages wait for control buffers', () => {
    const s = setup();
    s.fromDriver(ctrl(0, CONSOLE_CTRL.DEVICE_READY, 1));
    expect(s.sent()).toEqual([]);
    s.postControlBuffers(1);
    s.dev.notify(CONTROL_QUEUE.RX);
    expect(s.sent().map((m) => m.event)).toEqual([CONSOLE_CTRL.DEVICE_ADD]);
    s.postControlBuffers(1);
    s.dev.notify(CONTROL_QUEUE.RX);
    expect(s.sent().map((m) => m.id)).toEqual([1]);
  });

  it('a host connection on a named port is announced with PORT_OPEN 1, a hangup with 0', () => {
    const s = setup();
    handshake(s);
    s.backends[1].setConnected(true);
    s.backends[1].setConnected(false);
    expect(s.sent()).toEqual([
      { id: 1, event: CONSOLE_CTRL.PORT_OPEN, value: 1, data: '' },
      { id: 1, event: CONSOLE_CTRL.PORT_OPEN, value: 0, data: '' },
    ]);
  });

  const BAD: { name: string; msg: Uint8Array; error: RegExp }[] = [
    { name: 'PORT_READY for a port that does not exist', msg: ctrl(7, CONSOLE_CTRL.PORT_READY, 1), error: /unknown port 7/ },
    { name: 'PORT_OPEN for a port that does not exist', msg: ctrl(9, CONSOLE_CTRL.PORT_OPEN, 1), error: /unknown port 9/ },
    { name: 'a device-only event from the driver', msg: ctrl(0, CONSOLE_CTRL.DEVICE_ADD, 0), error: /unexpected control event 1/ },
    { name: 'DEVICE_READY 0 (driver failed)', msg: ctrl(0, CONSOLE_CTRL.DEVICE_READY, 0), error: /failed to set up/ },
    { name: 'a truncated control message', msg: ctrl(0, CONSOLE_CTRL.PORT_OPEN, 1).subarray(0, 5), error: /control message of 5 bytes/ },
  ];
  for (const c of BAD) {
    it(`counts ${c.name}`, () => {
      const s = setup();
      s.postControlBuffers(4);
      s.fromDriver(c.msg);
      expect(s.dev.stats.errors).toBe(1);
      expect(s.ctx.errors[0]).toMatch(c.error);
      expect(s.queues[CONTROL_QUEUE.TX].used).toHaveLength(1);
    });
  }
});

describe('virtio-console data', () => {
  it('guest output on transmitq reaches the port backend; buffers return with length 0', () => {
    const s = setup();
    handshake(s);
    const tx = s.queues[transmitQueue(0)];
    tx.offer([new TextEncoder().encode('hello '), new TextEncoder().encode('hvc0\n')]);
    s.dev.notify(transmitQueue(0));
    expect(s.backends[0].text()).toBe('hello hvc0\n');
    expect(tx.used[0].written).toBe(0);
    expect(tx.driverNotifications).toBe(1);
    expect(s.queues[receiveQueue(0)].driverNotifications).toBe(0); // output done only on transmitq
    expect(s.dev.stats.bytesWritten).toBe(11);
  });

  it('input is held until the guest opens the port, then fills receive buffers in order', () => {
    const s = setup();
    handshake(s);
    const rx = s.queues[receiveQueue(1)];
    rx.offer([], [4]);
    rx.offer([], [16]);
    s.backends[1].send('early ');
    s.backends[1].send('bird');
    s.dev.notify(receiveQueue(1));
    expect(rx.used).toHaveLength(0); // not opened by the guest yet
    s.fromDriver(ctrl(1, CONSOLE_CTRL.PORT_OPEN, 1));
    expect(rx.used.map((u) => Buffer.from(writtenBytes(u, u.written)).toString())).toEqual(['earl', 'y bird']);
    expect(rx.driverNotifications).toBe(1);
    expect(s.queues[transmitQueue(1)].driverNotifications).toBe(0); // input available only on receiveq
    expect(s.dev.stats.bytesRead).toBe(10);
    expect(s.mem.writes.at(-1)).toEqual([rx.used[1].chain.writable[0].byteOffset, 6]);
  });

  it('input waits for buffers: a kick on the receiveq delivers it', () => {
    const s = setup();
    handshake(s);
    s.backends[0].send('ls\n');
    const rx = s.queues[receiveQueue(0)];
    expect(rx.used).toHaveLength(0);
    rx.offer([], [64]);
    s.dev.notify(receiveQueue(0));
    expect(Buffer.from(writtenBytes(rx.used[0], rx.used[0].written)).toString()).toBe('ls\n');
  });

  it('without MULTIPORT, port 0 is a console from DRIVER_OK on', () => {
    const s = setup([undefined], bit(VIRTIO_F.VERSION_1));
    const rx = s.queues[receiveQueue(0)];
    rx.offer([], [8]);
    s.backends[0].send('x');
    expect(rx.used).toHaveLength(1);
    s.queues[1].offer([Uint8Array.of(0x41)]);
    s.dev.notify(1);
    expect(s.backends[0].text()).toBe('A');
  });

  it('reset forgets ports: input waits for a new handshake', () => {
    const s = setup();
    handshake(s);
    s.dev.reset();
    s.backends[0].send('z');
    expect(s.queues[receiveQueue(0)].used).toHaveLength(0);
  });
});
