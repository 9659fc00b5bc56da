// The freestanding s390-virtio guest (test/guests/virtio-s390) on the Machine API: it
// scans the device page above its memory, writes a console line through the transmit
// queue, reads console input, writes two sectors and reads them back, and ends with
// EXIT: STATUS=0. With --append hostile it also sends broken chains and hypercalls and
// must see the host survive each one; the devices' error counters and the notes say
// what the host saw. There is no QEMU with this transport any more: the oracle is the
// recorded layout facts (layout.ts) and the guest's own checks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Machine } from '../../../emulator/machine/machine';
import { FileBackend, MemoryBackend } from '../../../emulator/virtio/blk/backend';
import { VirtioBlk } from '../../../emulator/virtio/blk/device';
import type { VirtioDevice } from '../../../emulator/virtio/device';
import { VirtioConsole, type ConsolePortBackend, type PortHost } from '../../../emulator/virtio/console/device';
import { attachS390Virtio, s390VirtioWindow, type S390VirtioBus } from '../../../emulator/virtio/s390';

const ELF = join(__dirname, '../../guests/virtio-s390/virtio-s390.elf');
const MIB = 0x10_0000;
const dir = mkdtempSync(join(tmpdir(), 'kuli-s390-virtio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The console port's host stream: output collected, input handed in by the test. */
class TestPort implements ConsolePortBackend {
  readonly connected = true;
  readonly canProduceInput = true;
  output = '';
  private host: PortHost | undefined;
  write(data: Uint8Array): void { this.output += Buffer.from(data).toString('latin1'); }
  attach(host: PortHost): void { this.host = host; }
  input(text: string): void { this.host?.input(Buffer.from(text, 'latin1')); }
}

function consoleDevice(): { dev: VirtioConsole; port: TestPort } {
  const port = new TestPort();
  return { dev: new VirtioConsole([{ backend: port }]), port };
}

interface Run { out: string; exit: string; con: VirtioConsole; port: TestPort; blk: VirtioBlk; bus: S390VirtioBus; m: Machine; image: string }

/** Hands a device to the bus once the guest printed `when` (hotplug); none by default. */
interface Plug { when: string; device: VirtioDevice }

function boot(append: string, input: string, extra: { dev: VirtioConsole; port: TestPort }[] = [], plug?: Plug): Run {
  const image = join(dir, `disk-${append || 'plain'}-${extra.length}.img`);
  writeFileSync(image, new Uint8Array(64 * 512));
  const { dev: con, port } = consoleDevice();
  const blk = new VirtioBlk(FileBackend.open(image, false), { name: 'virtio-blk test' });
  const devices: VirtioDevice[] = [...extra.map((e) => e.dev), con, blk];
  let out = '';
  const spare = plug === undefined ? 0 : 64 * 4096;
  const m = new Machine({ memory: 32 * MIB, deviceWindow: s390VirtioWindow(devices) + spare, console: (t) => { out += t; } });
  const bus = attachS390Virtio(m, devices);
  // Console input may still come (the CLI's stdin does the same).
  m.addWakeSource(() => true);
  m.loadKernel(readFileSync(ELF), 'virtio-s390.elf', { cmdline: append });
  let fed = false;
  let r = m.runSlice(50_000_000, 50);
  // The guest waits for console input: give it once, as stdin would.
  for (let i = 0; i < 20 && r.reason === 'limit'; i++) {
    if (plug !== undefined && out.includes(plug.when) && !bus.devices.includes(plug.device)) bus.hotplug(plug.device);
    // The guest drives the first console on the page.
    if (!fed) { (extra[0]?.port ?? port).input(input); fed = true; }
    r = m.runSlice(50_000_000, 50);
  }
  blk.close?.();
  return { out, exit: r.reason, con, port, blk, bus, m, image };
}

describe('s390-virtio freestanding guest', () => {
  test('console line out, input in, sectors written and read back', () => {
    const r = boot('', 'typed on stdin\n');
    expect(r.out).toContain('EXIT: STATUS=0');
    expect(r.exit).toBe('stopped');
    expect(r.out).toContain('device 0: type 3, 4 queues, 8 feature bytes, 12 config bytes');
    expect(r.out).toContain('blk: wrote sectors 1-2, read them back: equal');
    expect(r.out).toContain('blk: read past the end: status 1');
    expect(r.out).toContain('console: read 15 bytes: typed on stdin');
    expect(r.port.output).toBe('virtio console: hello from the s390-virtio guest\n');
    // The host image holds the guest's pattern (sector 1: pattern, sector 2: pattern ^ 0x55).
    const img = readFileSync(r.image);
    const pattern = (i: number): number => (37 + i * 7 + (i >> 8)) & 0xff;
    for (let i = 0; i < 512; i++) {
      expect(img[512 + i], `sector 1 byte ${i}`).toBe(pattern(i));
      expect(img[1024 + i], `sector 2 byte ${i}`).toBe(pattern(i) ^ 0x55);
    }
    expect(img.subarray(0, 512).every((b) => b === 0)).toBe(true);
    // The read past the end is the one bad request.
    expect(r.blk.stats).toMatchObject({ errors: 1, notifications: 3, requests: 3 });
    expect(r.blk.stats.interrupts).toBe(3);
    expect(r.con.stats.errors).toBe(0);
    expect(r.bus.stats.badHypercalls).toBe(0);
    expect(r.m.notes).toHaveLength(1);
    expect(r.m.notes[0]).toMatch(/^virtio-blk test: .*sector 64/);
  });

  test('80 more devices ahead of them: all scanned, the same run passes', () => {
    const extra = Array.from({ length: 80 }, consoleDevice);
    const r = boot('', 'x\n', extra);
    expect(r.out).toContain('82 devices');
    expect(r.out).toContain('EXIT: STATUS=0');
    expect(extra[0].port.output).toBe('virtio console: hello from the s390-virtio guest\n');
  });

  test('hotplug: a disk plugged in while the guest waits is found, brought up and read', () => {
    const backend = new MemoryBackend(8 * 512);
    backend.data.set(Buffer.from('hotplugged disk\0'), 0);
    const late = new VirtioBlk(backend, { name: 'late disk' });
    const r = boot('hotplug', '', [], { when: 'hotplug: waiting for a device', device: late });
    expect(r.out).toMatch(/hotplug: device added at 0000000002000[0-9a-f]{3}, 3 devices now \(were 2\)/);
    expect(r.out).toContain('hotplug: sector 0 of the new disk: hotplugged disk');
    expect(r.out).toContain('EXIT: STATUS=0');
    expect(late.stats).toMatchObject({ requests: 1, errors: 0 });
  });

  test('hostile: every broken request is refused and counted, the guest carries on', () => {
    const r = boot('hostile', '');
    expect(r.out).toContain('hostile: 0 failures');
    expect(r.out).toContain('EXIT: STATUS=0');
    const cases = ['a looping chain', 'a truncated chain', 'a buffer beyond the window', 'a buffer at the device page',
      'a buffer across the end of memory', 'a buffer wrapping 2^64', 'a 4 GiB buffer', 'a runaway available index'];
    for (const c of cases) expect(r.port.output, c).toContain(`still alive after ${c}\n`);
    // 8 broken chains, a rewritten queue config.
    expect(r.con.stats.errors).toBe(9);
    expect(r.bus.stats.badHypercalls).toBe(4);
    expect(r.m.notes.filter((n) => /-EINVAL/.test(n)).length).toBe(4);
    expect(r.m.notes.some((n) => /changed queue 1's config/.test(n))).toBe(true);
    expect(r.m.notes.filter((n) => /virtqueue 1: /.test(n)).length).toBe(8);
  });
});
