// A per-guest gdb stub in the host worker: the bundled worker (a real worker_threads
// thread) starts the -g debug guest with `gdb: true`, reports the stub's loopback port, and
// holds the guest at its first instruction; RSP over that port reads registers, sets a
// breakpoint, continues to it and then to the guest's exit, which the worker also reports
// as the guest stopping. A kill from the debugger stops the guest; a bad kernel crashes it
// before any port is opened.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RspClient, tcpStream } from '../../debug-adapter/rsp-client';
import { isHostEvent, isHostRequest, type HostEvent } from '../../emulator/host/protocol';

const root = join(__dirname, '../..');
const DEBUG = join(root, 'test/guests/debug');
const KERNEL = join(DEBUG, 'debug.elf');
const SYMBOLS = new Map(readFileSync(join(DEBUG, 'debug.nm'), 'utf8').trim().split('\n').map((l) => {
  const [addr, , name] = l.split(' ');
  return [name, Number.parseInt(addr, 16)] as const;
}));
const MIB = 1 << 20;
/** GDB register numbers of the s390x target description (pswm, pswa, r0...). */
const REG = { PSWA: 1, R2: 4 } as const;

let dir: string;
let entry: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kuli-gdbhost-'));
  entry = join(dir, 'host-worker.js');
  await build({ entryPoints: [join(root, 'emulator/host/worker.ts')], outfile: entry, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Host {
  readonly worker = new Worker(entry);
  readonly events: HostEvent[] = [];
  private waiters: (() => void)[] = [];
  constructor() {
    this.worker.on('message', (m: unknown) => {
      if (!isHostEvent(m)) throw new Error(`malformed event ${JSON.stringify(m)}`);
      this.events.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async until<T extends HostEvent>(pred: (e: HostEvent) => e is T, timeoutMs = 20_000): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const hit = this.events.find(pred);
      if (hit !== undefined) return hit;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no such event; got ${JSON.stringify(this.events.map((e) => e.type))}`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 100); });
    }
  }
}

const isGdb = (e: HostEvent): e is Extract<HostEvent, { type: 'gdb' }> => e.type === 'gdb';
const isEnd = (e: HostEvent): e is Extract<HostEvent, { type: 'state' }> => e.type === 'state' && (e.state === 'stopped' || e.state === 'crashed');

describe('gdb stub per guest in the host worker', () => {
  it('holds the guest at entry, reads registers, breaks in add_step and continues to the exit', async () => {
    const host = new Host();
    try {
      host.worker.postMessage({ type: 'start', guestId: 'dbg', kernelPath: KERNEL, memory: 128 * MIB, gdb: true });
      const { port } = await host.until(isGdb);
      expect(port).toBeGreaterThan(0);
      const rsp = new RspClient(await tcpStream('127.0.0.1', port));
      expect(await rsp.request('?')).toMatch(/^T05/);
      // Held at the ELF entry: pswa is the entry point, nothing ran, no console output yet.
      expect(Number.parseInt(await rsp.request(`p${REG.PSWA.toString(16)}`), 16)).toBe(SYMBOLS.get('_start') ?? SYMBOLS.get('lib_start'));
      const g = await rsp.request('g');
      expect(g.length).toBeGreaterThan(2 * 8 * 18);
      await new Promise((r) => setTimeout(r, 200));
      expect(host.events.filter((e) => e.type === 'console')).toEqual([]);
      const addStep = SYMBOLS.get('add_step') ?? 0;
      expect(await rsp.request(`Z0,${addStep.toString(16)},2`)).toBe('OK');
      expect(await rsp.request('c')).toMatch(/^T05/);
      expect(Number.parseInt(await rsp.request(`p${REG.PSWA.toString(16)}`), 16)).toBe(addStep);
      expect(Number.parseInt(await rsp.request(`p${REG.R2.toString(16)}`), 16)).toBe(1); // add_step(1, 3)
      expect(await rsp.request(`z0,${addStep.toString(16)},2`)).toBe('OK');
      expect(await rsp.request('c')).toBe('W00');
      const end = await host.until(isEnd);
      expect(end.state).toBe('stopped');
      expect(host.events.map((e) => (e.type === 'console' ? e.data : '')).join('')).toContain('total 105 counter 15');
      rsp.close();
    } finally {
      await host.worker.terminate();
    }
  });

  it('a kill from the debugger stops the guest; a missing kernel crashes before a port opens', async () => {
    const host = new Host();
    try {
      host.worker.postMessage({ type: 'start', guestId: 'k', kernelPath: KERNEL, memory: 128 * MIB, gdb: true });
      const rsp = new RspClient(await tcpStream('127.0.0.1', (await host.until(isGdb)).port));
      void rsp.request('k').catch(() => '');
      expect(await host.until(isEnd)).toMatchObject({ guestId: 'k', state: 'stopped', message: 'killed by the debugger' });
      rsp.close();
      host.worker.postMessage({ type: 'start', guestId: 'missing', kernelPath: join(dir, 'nope.elf'), memory: 128 * MIB, gdb: true });
      const crash = await host.until((e): e is Extract<HostEvent, { type: 'state' }> => isEnd(e) && e.guestId === 'missing');
      expect(crash.state).toBe('crashed');
      expect(host.events.some((e) => e.type === 'gdb' && e.guestId === 'missing')).toBe(false);
    } finally {
      await host.worker.terminate();
    }
  });

  it('guards: gdb in a start request is a boolean; a gdb event carries a TCP port', () => {
    const start = { type: 'start', guestId: 'g', kernelPath: KERNEL, memory: MIB };
    expect(isHostRequest({ ...start, gdb: true })).toBe(true);
    expect(isHostRequest({ ...start, gdb: 'yes' })).toBe(false);
    expect(isHostEvent({ type: 'gdb', guestId: 'g', port: 1234 })).toBe(true);
    for (const port of [0, 65536, 1.5, '1234', undefined]) expect(isHostEvent({ type: 'gdb', guestId: 'g', port }), String(port)).toBe(false);
  });
});
