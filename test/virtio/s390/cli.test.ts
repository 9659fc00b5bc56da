// `kuli run --transport s390-virtio`: hvc0 and --disk on the 2008 device page. The
// freestanding guest (hostile mode: it needs no typed input) writes its console lines on
// hvc0, its sectors on the image, survives its broken requests, and the notes name them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../../emulator/cli/main';

const GUEST = join(__dirname, '../../guests/virtio-s390/virtio-s390.elf');
const dir = mkdtempSync(join(tmpdir(), 'kuli-s390-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kuli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['run', ...args], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; } });
  return { code, out, err };
}

describe('kuli run --transport s390-virtio', () => {
  test('hvc0 and a disk on the device page: the guest runs its checks and exits 0', async () => {
    const image = join(dir, 'disk.img');
    writeFileSync(image, new Uint8Array(64 * 512));
    const r = await kuli('--kernel', GUEST, '--transport', 's390-virtio', '--disk', image, '--append', 'hostile');
    expect(r.out).toContain('device 0: type 3, 4 queues, 8 feature bytes, 12 config bytes');
    expect(r.out).toContain('device 1: type 2, 1 queues, 8 feature bytes');
    expect(r.out).toContain('virtio console: hello from the s390-virtio guest\n');
    expect(r.out).toContain('still alive after a looping chain\n');
    expect(r.out).toContain('blk: wrote sectors 1-2, read them back: equal');
    expect(r.out).toContain('hostile: 0 failures');
    expect(r.out).toContain('EXIT: STATUS=0');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/kuli: note: virtio-console: virtqueue 1: /);
    expect(r.err).toMatch(/-EINVAL/);
    const img = readFileSync(image);
    expect(img[512]).toBe(37);
    expect(img[1024]).toBe(37 ^ 0x55);
  });

  test('the same guest without the transport finds no device page', async () => {
    const r = await kuli('--kernel', GUEST, '--quiet');
    expect(r.out).toContain('no device page above guest memory (program interruption 0005)\nEXIT: STATUS=2\n');
    expect(r.code).toBe(0);
  });

  test('an unknown transport: one line, exit status 2', async () => {
    const r = await kuli('--kernel', GUEST, '--transport', 'pci');
    expect(r).toEqual({ code: 2, out: '', err: "kuli: --transport: 'pci' is not a transport; use ccw or s390-virtio\n" });
  });
});
