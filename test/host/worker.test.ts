// The host worker: the bundled entry (built here with esbuild, as tools/build.mjs builds
// dist/host-worker.js) runs in a real worker_threads Worker, boots the hello demo guest
// and reports its console, state changes and statistics; pause/resume/stop, a missing
// kernel, and console input reaching the input guest are driven in-process via HostDispatcher.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostDispatcher } from '../../emulator/host/worker';
import { isHostEvent, type HostEvent, type StateEvent } from '../../emulator/host/protocol';

const root = join(__dirname, '../..');
const HELLO = join(root, 'test/guests/hello/hello.elf');
const MIB = 1 << 20;

function states(events: readonly HostEvent[], guestId = 'hello'): string[] {
  return events.filter((e): e is StateEvent => e.type === 'state' && e.guestId === guestId).map((e) => e.state);
}

function consoleText(events: readonly HostEvent[]): string {
  return events.map((e) => (e.type === 'console' ? e.data : '')).join('');
}

describe('host worker thread (bundled entry)', () => {
  let dir: string;
  let entry: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kuli-host-'));
    entry = join(dir, 'host-worker.js');
    await build({ entryPoints: [join(root, 'emulator/host/worker.ts')], outfile: entry, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the hello guest: console output, running then stopped, instruction count', async () => {
    const worker = new Worker(entry);
    const events: HostEvent[] = [];
    try {
      const done = new Promise<void>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (m: unknown) => {
          expect(isHostEvent(m)).toBe(true);
          events.push(m as HostEvent);
          if (m !== null && typeof m === 'object' && 'state' in m && (m.state === 'stopped' || m.state === 'crashed')) resolve();
        });
      });
      worker.postMessage({ type: 'start', guestId: 'hello', kernelPath: HELLO, memory: 128 * MIB });
      await done;
    } finally {
      await worker.terminate();
    }
    expect(consoleText(events)).toBe(readFileSync(join(root, 'test/guests/hello/hello.golden.txt'), 'utf8'));
    expect(consoleText(events)).toContain('Hello from Kuli');
    expect(states(events)).toEqual(['starting', 'running', 'stopped']);
    const stats = events.filter((e) => e.type === 'stats');
    expect(stats.length).toBeGreaterThan(0);
    const last = stats[stats.length - 1];
    expect(last.type === 'stats' && last.instructions).toBeGreaterThan(100);
  });

  it('drives the interactive echo guest: input, pause, resume, stop, each answered while it runs', async () => {
    const worker = new Worker(entry);
    const events: HostEvent[] = [];
    const waiters: { test: () => boolean; resolve: () => void }[] = [];
    const until = (test: () => boolean): Promise<void> => new Promise((resolve) => {
      if (test()) resolve();
      else waiters.push({ test, resolve });
    });
    worker.on('message', (m: unknown) => {
      if (!isHostEvent(m) || m.guestId !== 'echo') return;
      events.push(m);
      for (const w of waiters.splice(0)) {
        if (w.test()) w.resolve();
        else waiters.push(w);
      }
    });
    const lastState = () => states(events, 'echo').at(-1);
    const send = (m: object) => worker.postMessage({ guestId: 'echo', ...m });
    let pausedAt: HostEvent | undefined;
    try {
      send({ type: 'start', kernelPath: join(root, 'test/guests/echo/echo.elf'), memory: 128 * MIB });
      await until(() => consoleText(events).includes('> '));
      send({ type: 'console-input', data: 'hi kuli\r' });
      await until(() => consoleText(events).includes('line 1: hi kuli'));
      send({ type: 'pause' });
      await until(() => lastState() === 'paused');
      pausedAt = events.filter((e) => e.type === 'stats').at(-1);
      send({ type: 'resume' });
      await until(() => lastState() === 'running');
      // The guest goes on after the resume: it prints its next prompt.
      await until(() => consoleText(events).endsWith('line 1: hi kuli\n> '));
      send({ type: 'stop' });
      await until(() => lastState() === 'stopped');
    } finally {
      await worker.terminate();
    }
    expect(states(events, 'echo')).toEqual(['starting', 'running', 'paused', 'running', 'stopped']);
    expect(events.filter((e) => e.type === 'state').at(-1)).toMatchObject({ message: 'stopped by the user' });
    expect(consoleText(events)).toBe('Kuli echo guest: type a line ("exit" ends the guest).\n> hi kuli\nline 1: hi kuli\n> ');
    const stats = events.filter((e) => e.type === 'stats');
    const last = stats.at(-1);
    expect(last?.type === 'stats' && last.instructions).toBeGreaterThan(10_000);
    expect(last?.type === 'stats' && pausedAt?.type === 'stats' && last.instructions > pausedAt.instructions).toBe(true);
  });
});

/** A dispatcher whose deferred slices run only when the test says so. */
function harness() {
  const events: HostEvent[] = [];
  const queue: (() => void)[] = [];
  let t = 0;
  const d = new HostDispatcher({
    post: (e) => events.push(e),
    readFile: (p) => readFileSync(p),
    defer: (fn) => { queue.push(fn); },
    now: () => (t += 1),
  });
  const drain = (max = 1000): void => {
    for (let i = 0; i < max && queue.length > 0; i++) (queue.shift() as () => void)();
  };
  return { d, events, queue, drain };
}

describe('host dispatcher', () => {
  it('pause holds the guest, resume lets it finish, and output arrives only after resume', () => {
    const h = harness();
    h.d.handle({ type: 'start', guestId: 'hello', kernelPath: HELLO, memory: 128 * MIB });
    h.d.handle({ type: 'pause', guestId: 'hello' });
    h.drain();
    expect(states(h.events)).toEqual(['starting', 'running', 'paused']);
    expect(consoleText(h.events)).toBe('');
    h.d.handle({ type: 'resume', guestId: 'hello' });
    h.drain();
    expect(states(h.events)).toEqual(['starting', 'running', 'paused', 'running', 'stopped']);
    expect(consoleText(h.events)).toContain('Hello from Kuli');
  });

  it('stop ends a running guest with a reason and ignores later control requests', () => {
    const h = harness();
    h.d.handle({ type: 'start', guestId: 'hello', kernelPath: HELLO, memory: 128 * MIB });
    h.d.handle({ type: 'stop', guestId: 'hello' });
    h.d.handle({ type: 'pause', guestId: 'hello' });
    h.drain();
    const last = h.events.filter((e) => e.type === 'state').pop();
    expect(last).toEqual({ type: 'state', guestId: 'hello', state: 'stopped', message: 'stopped by the user' });
    expect(states(h.events)).toEqual(['starting', 'running', 'stopped']);
  });

  it('console input reaches the guest, Enter (CR) arriving as a line feed (input guest)', () => {
    const h = harness();
    h.d.handle({ type: 'start', guestId: 'input', kernelPath: join(root, 'test/guests/input/input.elf'), memory: 128 * MIB });
    h.d.handle({ type: 'console-input', guestId: 'input', data: 'hello kuli\r' });
    h.drain();
    expect(consoleText(h.events)).toBe(readFileSync(join(root, 'test/guests/input/input.golden.txt'), 'utf8'));
    expect(states(h.events, 'input')).toEqual(['starting', 'running', 'stopped']);
  });

  it('a missing kernel crashes the guest with a message naming it', () => {
    const h = harness();
    h.d.handle({ type: 'start', guestId: 'nope', kernelPath: '/nonexistent/kernel.elf', memory: MIB });
    const last = h.events.filter((e) => e.type === 'state').pop();
    expect(last?.type === 'state' && last.state).toBe('crashed');
    expect(last?.type === 'state' && last.message).toMatch(/nope could not start.*kernel\.elf/);
  });

  it('a guest can be started again after it stopped; malformed requests are ignored', () => {
    const h = harness();
    h.d.handle({ type: 'start', guestId: 'hello', kernelPath: HELLO, memory: 128 * MIB });
    h.drain();
    h.d.handle({ type: 'start', guestId: 'hello', kernelPath: HELLO });
    h.d.handle({ type: 'bogus', guestId: 'hello' });
    h.d.handle({ type: 'start', guestId: 'hello', kernelPath: HELLO, memory: 128 * MIB });
    h.drain();
    expect(states(h.events)).toEqual(['starting', 'running', 'stopped', 'starting', 'running', 'stopped']);
    expect(consoleText(h.events).match(/Hello from Kuli/g)).toHaveLength(2);
  });
});
