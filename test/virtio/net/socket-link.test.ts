import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NetBackend } from '../../../emulator/virtio/net/backend';
import { joinSwitch, type JoinedSwitch } from '../../../emulator/virtio/net/named-switch';
import { encodeFrame, FrameReader, LinkError, SocketBackend, SwitchListener } from '../../../emulator/virtio/net/socket-link';
import { VirtualSwitch } from '../../../emulator/virtio/net/switch';
import { BROADCAST, frame } from './frames';

const A = '52:54:00:00:00:0a';
const B = '52:54:00:00:00:0b';

interface End { got: Uint8Array[]; links: boolean[] }

function listen(b: NetBackend): End {
  const e: End = { got: [], links: [] };
  b.attach({ frame: (f) => e.got.push(f), link: (up) => e.links.push(up) });
  return e;
}

async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length > 0) cleanups.pop()?.(); });

describe('frame reader', () => {
  it('reassembles frames split at any byte and several per chunk', () => {
    const frames = [frame(BROADCAST, A, 46, 1), frame(B, A, 100, 2), frame(A, B, 1500, 3)];
    const stream = Buffer.concat(frames.map(encodeFrame));
    for (const step of [1, 3, 7, 64, stream.length]) {
      const r = new FrameReader();
      const got: Uint8Array[] = [];
      for (let i = 0; i < stream.length; i += step) got.push(...r.push(stream.subarray(i, i + step)));
      expect(got.map((f) => f.length), `chunks of ${step}`).toEqual([60, 114, 1514]);
      expect(got[2][20]).toBe(3);
    }
  });

  const bad: [string, number][] = [['zero length', 0], ['runt', 13], ['over 64 KiB', 65_537], ['huge', 0xffffffff]];
  for (const [name, n] of bad) {
    it(`rejects a ${name} length`, () => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n, 0);
      expect(() => new FrameReader().push(b)).toThrow(LinkError);
    });
  }
});

describe('socket link over 127.0.0.1', () => {
  it('two remote NICs and a local port exchange frames through the switch', async () => {
    const sw = new VirtualSwitch('t');
    const listener = await SwitchListener.listen(sw);
    cleanups.push(() => listener.close());
    const local = sw.connect('local');
    const l = listen(local);
    const a = await SocketBackend.connect(listener.port, 'a');
    const b = await SocketBackend.connect(listener.port, 'b');
    cleanups.push(() => a.close(), () => b.close());
    const ea = listen(a);
    const eb = listen(b);
    await until(() => sw.ports.length === 3, 'ports');
    a.send(frame(BROADCAST, A));
    await until(() => eb.got.length === 1 && l.got.length === 1, 'broadcast');
    b.send(frame(A, B, 200, 9));
    await until(() => ea.got.length === 1, 'unicast');
    expect(ea.got[0].length).toBe(214);
    expect(ea.got[0][30]).toBe(9);
    expect(l.got.length).toBe(1);
    expect(a.counters).toMatchObject({ framesIn: 1, framesOut: 1, dropped: 0 });
  });

  it('a peer that closes takes its port away; the member sees link down when the host goes', async () => {
    const sw = new VirtualSwitch('t');
    const listener = await SwitchListener.listen(sw);
    const a = await SocketBackend.connect(listener.port, 'a');
    cleanups.push(() => a.close());
    const ea = listen(a);
    await until(() => sw.ports.length === 1, 'port');
    listener.close();
    await until(() => ea.links.length === 1, 'link down');
    expect(ea.links).toEqual([false]);
    expect(a.linkUp).toBe(false);
    expect(a.send(frame(BROADCAST, A))).toBe(false);
    expect(sw.ports.length).toBe(0);
  });

  it('a peer sending garbage is disconnected, the switch keeps running', async () => {
    const sw = new VirtualSwitch('t');
    const lines: string[] = [];
    const listener = await SwitchListener.listen(sw, 0, (l) => lines.push(l));
    cleanups.push(() => listener.close());
    const { createConnection } = await import('node:net');
    const s = createConnection({ host: '127.0.0.1', port: listener.port });
    await new Promise((r) => s.once('connect', r));
    await until(() => sw.ports.length === 1, 'port');
    s.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await until(() => sw.ports.length === 0, 'disconnect');
    expect(lines[0]).toMatch(/frame length of 4294967295/);
    s.destroy();
  });

  it('connecting where nobody listens is a LinkError', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    await expect(SocketBackend.connect(port, 'x')).rejects.toThrow(LinkError);
  });
});

describe('named switch rendezvous', () => {
  function tmp(): string {
    const d = mkdtempSync(join(tmpdir(), 'kuli-sw-'));
    cleanups.push(() => rmSync(d, { recursive: true, force: true }));
    return d;
  }
  function keep(j: JoinedSwitch): JoinedSwitch {
    cleanups.push(() => j.close());
    return j;
  }

  it('the first join hosts, the second connects, frames flow, closing removes the file', async () => {
    const dir = tmp();
    const h = keep(await joinSwitch('lab', { dir }));
    const m = keep(await joinSwitch('lab', { dir }));
    expect([h.role, m.role]).toEqual(['host', 'member']);
    expect(JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'))).toEqual({ pid: process.pid, port: h.listener?.port });
    const eh = listen(h.backend);
    const em = listen(m.backend);
    m.backend.send(frame(BROADCAST, B));
    await until(() => eh.got.length === 1, 'member to host');
    h.backend.send(frame(B, A));
    await until(() => em.got.length === 1, 'host to member');
    h.close();
    expect(existsSync(join(dir, 'lab.json'))).toBe(false);
    await until(() => em.links.length === 1, 'member link down');
  });

  it('two joins at once agree on one host', async () => {
    const dir = tmp();
    const js = await Promise.all([joinSwitch('race', { dir }), joinSwitch('race', { dir }), joinSwitch('race', { dir })]);
    js.forEach(keep);
    expect(js.map((j) => j.role).sort()).toEqual(['host', 'member', 'member']);
  });

  const stale: [string, string][] = [
    ['a dead process', JSON.stringify({ pid: 0x3ffffff, port: 1 })],
    ['a live process that does not listen', JSON.stringify({ pid: process.pid, port: 1 })],
    ['garbage', '{"pid":'],
  ];
  for (const [name, content] of stale) {
    it(`replaces a stale file of ${name}`, async () => {
      const dir = tmp();
      writeFileSync(join(dir, 'old.json'), content);
      const j = keep(await joinSwitch('old', { dir }));
      expect(j.role).toBe('host');
      expect(JSON.parse(readFileSync(join(dir, 'old.json'), 'utf8')).port).toBe(j.listener?.port);
    });
  }

  it('rejects bad switch names', async () => {
    for (const name of ['', '../x', 'a b', 'x'.repeat(65)]) await expect(joinSwitch(name, { dir: tmp() }), name).rejects.toThrow(/not a switch name/);
  });
});
