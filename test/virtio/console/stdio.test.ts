// The CLI's console mux (stdin to SCLP or hvc0, Ctrl-A c switches) and the named-port
// option and backends (file, loopback TCP).
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialFocus, StdioConsoles } from '../../../emulator/virtio/console/stdio';
import { FilePort, parsePortOption, TcpPort } from '../../../emulator/virtio/console/port-option';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function mux(focus: 'sclp' | 'hvc' = 'sclp') {
  const out: string[] = [];
  const hvcIn: string[] = [];
  const m = new StdioConsoles((t) => out.push(t), focus);
  m.hvc.attach({ input: (d) => hvcIn.push(Buffer.from(d).toString('latin1')), setConnected: () => {} });
  return { m, out, hvcIn };
}

describe('console mux', () => {
  it('focus follows the last console= of the kernel command line', () => {
    expect(initialFocus(undefined)).toBe('sclp');
    expect(initialFocus('console=ttysclp0 quiet')).toBe('sclp');
    expect(initialFocus('console=ttysclp0 console=hvc0')).toBe('hvc');
    expect(initialFocus('console=hvc0 console=ttysclp0')).toBe('sclp');
  });

  it('input goes to the focused console; Ctrl-A c switches, Ctrl-A a is a literal Ctrl-A', () => {
    const { m, hvcIn } = mux();
    m.input(enc('ls\n\x01cecho hi\n\x01a\x01'));
    m.input(enc('cpwd\n\x01x'));
    expect(m.takeSclp()).toBe('ls\npwd\n\x01x');
    expect(hvcIn.join('')).toBe('echo hi\n\x01');
    expect(m.takeSclp()).toBeUndefined();
  });

  it('hvc0 output is decoded as UTF-8 across chunk boundaries', () => {
    const { m, out } = mux('hvc');
    const bytes = enc('grüße\n');
    m.hvc.write(bytes.subarray(0, 3));
    m.hvc.write(bytes.subarray(3));
    expect(out.join('')).toBe('grüße\n');
  });
});

describe('--console-port', () => {
  const CASES: { text: string; ok?: object; error?: RegExp }[] = [
    { text: 'org.kuli.log', ok: { name: 'org.kuli.log' } },
    { text: 'log,file=/tmp/x', ok: { name: 'log', file: '/tmp/x' } },
    { text: 'log,tcp=4555', ok: { name: 'log', tcp: 4555 } },
    { text: 'bad name', error: /not a port name/ },
    { text: 'log,tcp=99999', error: /bad option 'tcp=99999'/ },
    { text: 'log,file=a,tcp=1', error: /exclude each other/ },
  ];
  for (const c of CASES) {
    it(c.text, () => {
      if (c.ok) expect(parsePortOption(c.text)).toEqual(c.ok);
      else expect(() => parsePortOption(c.text)).toThrow(c.error);
    });
  }

  it('file port appends guest output', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuli-port-'));
    const p = new FilePort(path.join(dir, 'out'));
    p.write(enc('one '));
    p.write(enc('two'));
    p.close();
    expect(fs.readFileSync(path.join(dir, 'out'), 'utf8')).toBe('one two');
    fs.rmSync(dir, { recursive: true });
  });

  it('tcp port: one client, both directions, connection reported', async () => {
    const { port, address } = await TcpPort.listen(0);
    const events: string[] = [];
    port.attach({ input: (d) => events.push(`in:${Buffer.from(d).toString()}`), setConnected: (c) => events.push(`open:${c}`) });
    const c = net.connect(address, '127.0.0.1');
    const got = new Promise<string>((resolve) => c.once('data', (d) => resolve(d.toString())));
    await new Promise<void>((r) => c.once('connect', () => r()));
    await new Promise((r) => setTimeout(r, 50));
    port.write(enc('from guest'));
    c.write('from host');
    expect(await got).toBe('from guest');
    await new Promise((r) => setTimeout(r, 50));
    c.end();
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(['open:true', 'in:from host', 'open:false']);
    port.close();
  });
});
