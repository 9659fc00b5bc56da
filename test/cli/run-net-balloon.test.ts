// `kuli run --nic` and `--balloon` in-process with the hello guest: the NIC hosts or joins
// its switch (rendezvous files in a temporary KULI_CACHE), the run still ends with status
// 0, and the hosting run removes its rendezvous file.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../../emulator/cli/main';
import { joinSwitch } from '../../emulator/virtio/net/named-switch';

const HELLO = join(__dirname, '..', 'guests', 'hello', 'hello.elf');
let cache: string;
let saved: string | undefined;

beforeEach(() => {
  saved = process.env.KULI_CACHE;
  cache = mkdtempSync(join(tmpdir(), 'kuli-cache-'));
  process.env.KULI_CACHE = cache;
});
afterEach(() => {
  if (saved === undefined) delete process.env.KULI_CACHE;
  else process.env.KULI_CACHE = saved;
  rmSync(cache, { recursive: true, force: true });
});

async function kuli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['run', ...args], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; } });
  return { code, out, err };
}

describe('kuli run --nic / --balloon', () => {
  test('the first NIC on a switch hosts it and removes its rendezvous file at the end', async (ctx) => {
    const r = await kuli('--kernel', HELLO, '--nic', 'lab,mac=52:54:00:aa:bb:cc', '--balloon');
    if (/unsupported instruction/.test(r.err)) ctx.skip('hello guest needs instructions not landed yet');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('Hello from Kuli\nEXIT: STATUS=0\n');
    expect(r.err).toMatch(/^kuli: nic 52:54:00:aa:bb:cc on switch lab \(hosting it on 127\.0\.0\.1:\d+\)$/m);
    expect(existsSync(join(cache, 'switches', 'lab.json'))).toBe(false);
  });

  test('a second one joins a switch hosted elsewhere', async () => {
    const host = await joinSwitch('lab', { dir: join(cache, 'switches') });
    try {
      const r = await kuli('--kernel', HELLO, '--nic', 'lab', '--balloon-target', '64M');
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/^kuli: nic 52:54:00:[0-9a-f:]{8} on switch lab \(joined\)$/m);
    } finally {
      host.close();
    }
  });

  test('--nic none adds no device', async () => {
    const r = await kuli('--kernel', HELLO, '--nic', 'none');
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/nic/);
  });
});
