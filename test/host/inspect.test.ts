// Tool requests to the host (protocol 'inspect' and 'translate'), in-process: devices and
// statistics of the hello guest, and page walks on the dat/basic guest's own tables after
// it ran (the tables its golden output, recorded on QEMU, describes: V maps through a
// segment and a page table; 2G is an ASCE-type exception for its segment-table ASCE).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHostEvent, type HostEvent } from '../../emulator/host/protocol';
import { HostDispatcher } from '../../emulator/host/worker';

const root = join(__dirname, '../..');
const MIB = 1 << 20;

function run(guestId: string, kernel: string, extra: object = {}): { d: HostDispatcher; events: HostEvent[] } {
  const events: HostEvent[] = [];
  const queue: (() => void)[] = [];
  let t = 0;
  const d = new HostDispatcher({ post: (e) => events.push(e), readFile: (p) => readFileSync(p), defer: (fn) => { queue.push(fn); }, now: () => (t += 1) });
  d.handle({ type: 'start', guestId, kernelPath: join(root, kernel), memory: 128 * MIB, ...extra });
  for (let i = 0; i < 10_000 && queue.length > 0; i++) (queue.shift() as () => void)();
  return { d, events };
}

function ask(h: { d: HostDispatcher; events: HostEvent[] }, request: object): HostEvent {
  const n = h.events.length;
  h.d.handle(request);
  const answers = h.events.slice(n);
  expect(answers).toHaveLength(1);
  expect(isHostEvent(answers[0])).toBe(true);
  return answers[0];
}

describe('inspect', () => {
  it('lists the SCLP console with its counters and the machine statistics after the guest stopped', () => {
    const h = run('hello', 'test/guests/hello/hello.elf');
    expect(h.events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ state: 'stopped' });
    const a = ask(h, { type: 'inspect', guestId: 'hello', requestId: 7 });
    if (a.type !== 'inspection') throw new Error(`expected an inspection, got ${a.type}`);
    expect(a.requestId).toBe(7);
    expect(a.devices[0]).toMatchObject({ id: 'sclp', kind: 'sclp', label: 'SCLP console' });
    expect(Object.values(a.devices[0].stats).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    expect(a.statistics.intercepts.servc).toBeGreaterThan(0);
    expect(a.statistics.vcpus).toHaveLength(1);
    expect(a.statistics.vcpus[0].instructions).toBeGreaterThan(100);
    expect(a.statistics.memory.bytes).toBe(128 * MIB);
    expect(a.statistics.memory.nonZeroPages).toBeGreaterThan(2);
    expect(a.statistics.memory.nonZeroPages).toBeLessThan(200);
  });

  it('a definition\'s disks are attached as virtio-blk over virtio-ccw and listed with their counters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuli-inspect-'));
    try {
      const image = join(dir, 'disk.img');
      writeFileSync(image, new Uint8Array(MIB));
      const h = run('hello', 'test/guests/hello/hello.elf', { disks: [{ path: image, readOnly: true }] });
      expect(h.events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ state: 'stopped' });
      const a = ask(h, { type: 'inspect', guestId: 'hello', requestId: 8 });
      if (a.type !== 'inspection') throw new Error(a.type);
      expect(a.devices.slice(1)).toEqual([{
        id: 'sch:fe.0.0000', kind: 'virtio', label: 'virtio-blk disk.img (ro)', detail: 'block device, ccw 0.0.0000, subchannel fe.0.0000',
        stats: { requests: 0, bytesRead: 0, bytesWritten: 0, notifications: 0, interrupts: 0, errors: 0 },
      }]);
      const missing = run('hello', 'test/guests/hello/hello.elf', { disks: [{ path: join(dir, 'gone.img'), readOnly: false }] });
      expect(missing.events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ state: 'crashed', message: `Guest hello could not start: --disk: '${join(dir, 'gone.img')}': no such file` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers an unknown guest with request-failed', () => {
    const h = run('hello', 'test/guests/hello/hello.elf');
    expect(ask(h, { type: 'inspect', guestId: 'nobody', requestId: 1 })).toMatchObject({ type: 'request-failed', message: 'No guest nobody has been started.' });
  });
});

describe('translate', () => {
  const h = run('dat', 'test/guests/dat/basic/basic.elf');
  const walk = (request: object) => {
    const a = ask(h, { type: 'translate', guestId: 'dat', requestId: 3, vcpu: 0, ...request });
    if (a.type !== 'translation') throw new Error(`expected a translation, got ${JSON.stringify(a)}`);
    return a.walk;
  };

  it('V+0x123 (0x40000123) walks the segment table and a page table to a 4K frame', () => {
    const w = walk({ space: 'primary', address: '40000123' });
    expect(w.code).toBe(0);
    expect(w.steps.map((s) => s.table)).toEqual(['segment table', 'page table']);
    expect(w.steps[0].index).toBe(0x400);
    expect(w.steps[1].index).toBe(0);
    expect(w.steps.every((s) => !s.invalid && s.raw?.length === 18)).toBe(true);
    expect(w.asceNotes[0]).toBe('DT=0: segment table');
    expect(Number(w.real) % 4096).toBe(0x123);
    expect(w.absolute).toBe(w.real);
    expect(w.frameSize).toBe(4096);
    expect(w.storageKey).toBeDefined();
    expect(w.backing).toMatch(/^resident/);
  });

  it('2G is an ASCE-type exception for a segment-table ASCE (as the guest saw it)', () => {
    const w = walk({ space: 'primary', address: '0x80000000' });
    expect(w.code).toBe(0x38);
    expect(w.exception).toMatch(/^ASCE-type exception/);
    expect(w.steps).toEqual([]);
  });

  it('the invalid segment 0x60000000 stops at an invalid segment-table entry', () => {
    const w = walk({ space: 'asce', asce: walk({ space: 'primary', address: '0' }).asce, address: '60000000' });
    expect(w.code).toBe(0x10);
    expect(w.steps.at(-1)).toMatchObject({ table: 'segment table', invalid: true });
  });

  it('a vcpu the guest does not have, or a bad address, is a request-failed answer', () => {
    expect(ask(h, { type: 'translate', guestId: 'dat', requestId: 4, vcpu: 3, space: 'primary', address: '0' }))
      .toMatchObject({ type: 'request-failed', message: 'The guest has no vcpu 3 (it has 1).' });
    // Not hex: the guard drops it, nothing is answered.
    const n = h.events.length;
    h.d.handle({ type: 'translate', guestId: 'dat', requestId: 5, vcpu: 0, space: 'primary', address: 'zz' });
    expect(h.events.length).toBe(n);
  });
});
