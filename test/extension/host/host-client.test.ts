// HostClient against the bundled host worker: starts the worker on first request, runs
// the hello guest, and reports a dying worker as a crash of the guests it ran.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../emulator/host/protocol';
import { HostClient } from '../../../src/host/host-client';

const root = join(__dirname, '../../..');
let dir: string;
let entry: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kuli-client-'));
  entry = join(dir, 'host-worker.js');
  await build({ entryPoints: [join(root, 'emulator/host/worker.ts')], outfile: entry, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function until(client: HostClient, done: (e: HostEvent) => boolean): Promise<HostEvent[]> {
  const events: HostEvent[] = [];
  return new Promise((resolve) => {
    const off = client.onEvent((e) => {
      events.push(e);
      if (done(e)) {
        off();
        resolve(events);
      }
    });
  });
}

describe('HostClient', () => {
  it('runs the hello guest in the worker', async () => {
    const client = new HostClient(entry);
    try {
      const finished = until(client, (e) => e.type === 'state' && (e.state === 'stopped' || e.state === 'crashed'));
      client.send({ type: 'start', guestId: 'hello', kernelPath: join(root, 'test/guests/hello/hello.elf'), memory: 128 << 20 });
      const events = await finished;
      expect(events.map((e) => (e.type === 'console' ? e.data : '')).join('')).toContain('Hello from Kuli');
      expect(events.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.state)).toEqual(['starting', 'running', 'stopped']);
    } finally {
      client.dispose();
    }
  });

  it('reports the guests of a worker that died as crashed', async () => {
    // A stand-in worker that acknowledges a start, then exits.
    const dying = join(dir, 'dying-worker.js');
    writeFileSync(dying, `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { parentPort.postMessage({ type: 'state', guestId: m.guestId, state: 'running' }); setTimeout(() => process.exit(3), 20); });`);
    const logs: string[] = [];
    const client = new HostClient(dying, (m) => logs.push(m));
    try {
      const crashed = until(client, (e) => e.type === 'state' && e.state === 'crashed');
      client.send({ type: 'start', guestId: 'g1', kernelPath: '/k', memory: 1 << 20 });
      const events = await crashed;
      const last = events[events.length - 1];
      expect(last).toMatchObject({ type: 'state', guestId: 'g1', state: 'crashed' });
      expect(last.type === 'state' && last.message).toMatch(/exited with code 3.*Start the guest again/);
      expect(logs.some((l) => /exited with code 3/.test(l))).toBe(true);
    } finally {
      client.dispose();
    }
  });
});
