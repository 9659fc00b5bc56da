// The gdb stub over a real socket, speaking RSP as gdb does, against the committed -g test
// guest (test/guests/debug): queries, target XML, registers, memory (virtual and real),
// breakpoints, stepping, watchpoints, threads on two vcpus, Ctrl-C, detach, kill, the
// exit report, monitor commands, and malformed or random packets (answered, never fatal).
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { frameText, hexToBytes, latin1, PacketParser, toLatin1, bytesToHex } from '../../emulator/gdbstub/packets';
import { G_PACKET_LENGTH, REGISTERS } from '../../emulator/gdbstub/registers';
import { GdbServer, runWithStub, type StubRunResult } from '../../emulator/gdbstub/server';
import { TARGET_XML } from '../../emulator/gdbstub/target-xml';
import { Machine } from '../../emulator/machine/machine';

const DIR = join(__dirname, '..', 'guests', 'debug');
const ELF = readFileSync(join(DIR, 'debug.elf'));
const SYMBOLS = new Map(readFileSync(join(DIR, 'debug.nm'), 'utf8').trim().split('\n').map((l) => {
  const [addr, , name] = l.split(' ');
  return [name, Number.parseInt(addr, 16)] as const;
}));
function sym(name: string): number {
  const a = SYMBOLS.get(name);
  if (a === undefined) throw new Error(`no symbol ${name}`);
  return a;
}
const h = (n: number): string => n.toString(16);
const regnum = (name: string): number => REGISTERS.findIndex((r) => r.name === name);

class Client {
  private readonly parser = new PacketParser();
  private readonly replies: string[] = [];
  private wake: (() => void) | undefined;
  /** Text of O (console output) packets. */
  output = '';

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const e of this.parser.feed(chunk)) {
        if (e.kind !== 'packet') continue;
        const text = toLatin1(e.data);
        if (text.startsWith('O') && text.length > 1 && /^O[0-9a-f]+$/.test(text)) this.output += toLatin1(hexToBytes(text.slice(1)) ?? new Uint8Array());
        else this.replies.push(text);
        this.wake?.();
      }
    });
  }

  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Client(s)));
      s.once('error', reject);
    });
  }

  sendRaw(bytes: string | Uint8Array): void {
    this.socket.write(typeof bytes === 'string' ? latin1(bytes) : bytes);
  }

  async next(timeoutMs = 10_000): Promise<string> {
    const t0 = Date.now();
    while (this.replies.length === 0) {
      if (Date.now() - t0 > timeoutMs) throw new Error('no reply');
      await new Promise<void>((resolve) => { this.wake = resolve; setTimeout(resolve, 50); });
    }
    return this.replies.shift() as string;
  }

  async ask(body: string): Promise<string> {
    this.sendRaw(frameText(body));
    return this.next();
  }
}

interface Rig {
  machine: Machine;
  client: Client;
  done: Promise<StubRunResult>;
}

const open: Rig[] = [];

async function rig(smp = 1): Promise<Rig> {
  const machine = new Machine({ memory: 128 * 2 ** 20, smp, console: () => {} });
  machine.loadKernel(ELF, 'debug.elf');
  const server = new GdbServer(machine, { port: 0, wait: true });
  const port = await server.listen();
  const done = runWithStub(machine, server, 100_000, 5);
  const client = await Client.open(port);
  const r = { machine, client, done };
  open.push(r);
  return r;
}

afterEach(async () => {
  // Kill ends the run whatever state the test left (a detached guest may spin forever).
  for (const r of open.splice(0)) {
    r.client.sendRaw(frameText('k'));
    await r.done;
    r.client.socket.destroy();
  }
});

async function reg(c: Client, name: string): Promise<string> {
  return c.ask(`p${h(regnum(name))}`);
}

describe('gdb stub over a socket', () => {
  test('queries: qSupported, ?, threads, qAttached, qOffsets, vCont?', async () => {
    const { client: c } = await rig();
    const sup = await c.ask('qSupported:multiprocess+;swbreak+;xmlRegisters=i386');
    expect(sup.split(';')).toEqual(expect.arrayContaining(['PacketSize=4000', 'qXfer:features:read+', 'vContSupported+']));
    expect(await c.ask('?')).toBe('T05thread:1;');
    expect(await c.ask('qfThreadInfo')).toBe('m1');
    expect(await c.ask('qsThreadInfo')).toBe('l');
    expect(await c.ask('qC')).toBe('QC1');
    expect(await c.ask('qAttached')).toBe('1');
    expect(await c.ask('qOffsets')).toBe('Text=0;Data=0;Bss=0');
    expect(await c.ask('vCont?')).toBe('vCont;c;C;s;S;t');
    expect(toLatin1(hexToBytes(await c.ask('qThreadExtraInfo,1')) ?? new Uint8Array())).toBe('vcpu 0, operating');
    expect(await c.ask('T1')).toBe('OK');
    expect(await c.ask('T2')).toMatch(/^E/);
    expect(await c.ask('qNoSuchThing')).toBe('');
  });

  test('target.xml read in chunks is the whole description', async () => {
    const { client: c } = await rig();
    let xml = '';
    for (;;) {
      const r = await c.ask(`qXfer:features:read:target.xml:${h(xml.length)},200`);
      expect(r).toMatch(/^[ml]/);
      xml += r.slice(1);
      if (r[0] === 'l') break;
    }
    expect(xml).toBe(TARGET_XML);
    expect(xml).toContain('<architecture>s390:64-bit</architecture>');
    for (const f of ['core', 'acr', 'fpr', 'vx', 'cr']) expect(xml).toContain(`<feature name="org.gnu.gdb.s390.${f}">`);
    expect((xml.match(/<reg /g) ?? []).length).toBe(2 + 16 + 16 + 1 + 16 + 16 + 16 + 16);
    expect(await c.ask('qXfer:features:read:other.xml:0,10')).toMatch(/^E/);
  });

  test('registers at the first instruction: g, p, P, G', async () => {
    const { client: c } = await rig();
    const g = await c.ask('g');
    expect(g).toHaveLength(G_PACKET_LENGTH);
    // IPL PSW: 64-bit addressing (EA and BA), at the ELF entry.
    expect(g.slice(0, 32)).toBe(`0000000180000000${h(0x10000).padStart(16, '0')}`);
    expect(await c.ask('P4=00000000deadbeef')).toBe('OK');
    expect(await reg(c, 'r2')).toBe('00000000deadbeef');
    expect(await c.ask(`P${h(regnum('v17'))}=000102030405060708090a0b0c0d0e0f`)).toBe('OK');
    expect(await reg(c, 'v17')).toBe('000102030405060708090a0b0c0d0e0f');
    expect(await c.ask(`P${h(regnum('f1'))}=4000000000000000`)).toBe('OK');
    expect(await c.ask(`P${h(regnum('v1l'))}=1111111122222222`)).toBe('OK');
    expect(await reg(c, 'f1')).toBe('4000000000000000');
    expect(await reg(c, 'v1l')).toBe('1111111122222222');
    expect(await reg(c, 'cr0')).toBe('00000000000000e0');
    expect(await reg(c, 'acr0')).toBe('00000000');
    // G writes back what g read (with the one change).
    const g2 = await c.ask('g');
    const r3 = 2 * 16 + 3 * 16 + 16 * 0;
    const changed = g2.slice(0, 32 + 3 * 16) + '0000000000000042' + g2.slice(32 + 4 * 16);
    expect(r3).toBeGreaterThan(0);
    expect(await c.ask(`G${changed}`)).toBe('OK');
    expect(await reg(c, 'r3')).toBe('0000000000000042');
    // Invalid: a PSW mask with bit 12 set, a short value, an unknown register.
    expect(await c.ask('P0=0008000180000000')).toMatch(/^E/);
    expect(await reg(c, 'pswm')).toBe('0000000180000000');
    expect(await c.ask('P4=12')).toMatch(/^E/);
    expect(await c.ask('p999')).toMatch(/^E/);
  });

  test('breakpoint at add_step, continue, step, next breakpoint hit', async () => {
    const { client: c } = await rig();
    const at = sym('add_step');
    expect(await c.ask(`Z0,${h(at)},6`)).toBe('OK');
    expect(await c.ask('vCont;c')).toBe('T05thread:1;');
    expect(await reg(c, 'pswa')).toBe(h(at).padStart(16, '0'));
    expect(await reg(c, 'r2')).toBe('0000000000000001');
    expect(await reg(c, 'r3')).toBe('0000000000000003');
    // One instruction: the breakpoint is stepped over, not hit again.
    expect(await c.ask('vCont;s:1')).toBe('T05thread:1;');
    expect(Number.parseInt(await reg(c, 'pswa'), 16)).toBeGreaterThan(at);
    expect(await c.ask('s')).toBe('T05thread:1;');
    // The second call.
    expect(await c.ask('c')).toBe('T05thread:1;');
    expect(await reg(c, 'pswa')).toBe(h(at).padStart(16, '0'));
    expect(await reg(c, 'r2')).toBe('0000000000000002');
    expect(await c.ask(`z0,${h(at)},6`)).toBe('OK');
    // With no breakpoints left the guest runs to its end: gdb is told it exited.
    expect(await c.ask('c')).toBe('W00');
  });

  test('memory: m, M and X through DAT-off addressing, monitor memory real', async () => {
    const { client: c } = await rig();
    const counter = sym('counter');
    expect(await c.ask(`m${h(counter)},8`)).toBe('0000000000000000');
    expect(await c.ask(`M${h(counter)},4:01020304`)).toBe('OK');
    // X data escapes }, #, $ and *.
    const x = Uint8Array.of(0x7d, 0x5d, 0x7d, 0x03);
    const all = new Uint8Array([...latin1(`X${h(counter + 4)},2:`), ...x]);
    let sum = 0;
    for (const b of all) sum = (sum + b) & 0xff;
    c.sendRaw(new Uint8Array([0x24, ...all, 0x23, ...latin1(sum.toString(16).padStart(2, '0'))]));
    expect(await c.next()).toBe('OK');
    expect(await c.ask(`m${h(counter)},8`)).toBe('010203047d230000');
    // Outside guest storage.
    expect(await c.ask('m7fffffffff,4')).toMatch(/^E/);
    expect(await c.ask(`M${h(128 * 2 ** 20 - 2)},4:00000000`)).toMatch(/^E/);
    // Real mode: address 0 is the prefix area (prefix 0 here, so the same bytes).
    await c.ask(`qRcmd,${bytesToHex(latin1('memory real'))}`);
    expect(c.output).toContain('memory access is now real');
    expect(await c.ask('m1a0,8')).toBe(await c.ask('m1a0,8'));
  });

  test('memory through DAT: page tables built by the debugger, translate, walk, real mode', async () => {
    const { client: c } = await rig();
    const mon = async (cmd: string): Promise<string> => {
      c.output = '';
      expect(await c.ask(`qRcmd,${bytesToHex(latin1(cmd))}`)).toBe('OK');
      return c.output;
    };
    // Segment table at 0x200000 (TL 3): entry 1 -> page table at 0x210000, entry 3 invalid;
    // page-table entry 0 maps virtual 0x100000 to the real page of `counter` (0x14000).
    expect(await c.ask('M200008,8:0000000000210000')).toBe('OK');
    expect(await c.ask('M200018,8:0000000000000020')).toBe('OK');
    expect(await c.ask('M210000,8:0000000000014000')).toBe('OK');
    expect(await c.ask(`M${h(sym('counter'))},8:1122334455667788`)).toBe('OK');
    expect(await c.ask(`P${h(regnum('cr1'))}=0000000000200003`)).toBe('OK');
    expect(await c.ask('P0=0400000180000000')).toBe('OK');
    const virt = 0x100000 + (sym('counter') & 0xfff);
    expect(await c.ask(`m${h(virt)},8`)).toBe('1122334455667788');
    expect(await c.ask(`M${h(virt)},1:aa`)).toBe('OK');
    expect(await c.ask(`m${h(virt)},2`)).toBe('aa22');
    // With DAT on, the counter's own address is another virtual page (segment 0 maps to
    // the page table at 0, whose zero entries map to real page 0).
    expect(await c.ask(`m${h(sym('counter'))},2`)).not.toBe('aa22');
    expect(await mon(`translate ${h(virt)}`)).toBe(`0x${h(virt)} -> real 0x${h(sym('counter'))} -> absolute 0x${h(sym('counter'))}\n`);
    const walk = await mon(`walk ${h(virt)}`);
    expect(walk).toContain('ASCE (cr1) 0000000000200003: segment table at 0x200000');
    expect(walk).toContain('segment entry 1 at 0x200008: 0000000000210000');
    expect(walk).toContain('page entry 0 at 0x210000: 0000000000014000');
    // Segment 3 is invalid: a segment-translation exception (0x10), and m fails.
    expect(await mon('translate 0x300000')).toBe('0x300000: translation exception, program interruption code 0x10\n');
    expect(await mon('walk 0x300000')).toContain('segment entry 3 at 0x200018: 0000000000000020 (invalid)');
    expect(await c.ask('m300000,4')).toMatch(/^E/);
    // Real mode bypasses DAT.
    await mon('memory real');
    expect(await c.ask(`m${h(sym('counter'))},2`)).toBe('aa22');
  });

  test('watchpoint on counter stops after the store with its address', async () => {
    const { client: c } = await rig();
    const counter = sym('counter');
    expect(await c.ask(`Z2,${h(counter)},8`)).toBe('OK');
    expect(await c.ask('c')).toBe(`T05watch:${h(counter)};thread:1;`);
    expect(await c.ask(`m${h(counter)},8`)).toBe('0000000000000001');
    expect(await c.ask('c')).toBe(`T05watch:${h(counter)};thread:1;`);
    expect(await c.ask(`m${h(counter)},8`)).toBe('0000000000000003');
    expect(await c.ask(`z2,${h(counter)},8`)).toBe('OK');
    // A read watchpoint: add_step reads counter back after the store.
    expect(await c.ask(`Z3,${h(counter)},8`)).toBe('OK');
    expect(await c.ask('c')).toBe(`T05rwatch:${h(counter)};thread:1;`);
    expect(await c.ask(`z3,${h(counter)},8`)).toBe('OK');
    expect(await c.ask(`z3,${h(counter)},8`)).toBe('OK');
  });

  test('two vcpus: threads, a breakpoint hit on vcpu 1, Hg, stepping one vcpu', async () => {
    const { client: c } = await rig(2);
    expect(await c.ask('qfThreadInfo')).toBe('m1,2');
    expect(toLatin1(hexToBytes(await c.ask('qThreadExtraInfo,2')) ?? new Uint8Array())).toBe('vcpu 1, stopped');
    expect(await c.ask(`Z0,${h(sym('cpu1_work'))},6`)).toBe('OK');
    expect(await c.ask('vCont;c')).toBe('T05thread:2;');
    expect(await c.ask('Hg2')).toBe('OK');
    expect(await reg(c, 'pswa')).toBe(h(sym('cpu1_work')).padStart(16, '0'));
    expect(await c.ask('Hg1')).toBe('OK');
    const pc0 = await reg(c, 'pswa');
    // Step vcpu 2 only: vcpu 1 stays where it is.
    expect(await c.ask('vCont;s:2;c')).toBe('T05thread:2;');
    expect(await c.ask('Hg1')).toBe('OK');
    expect(await reg(c, 'pswa')).toBe(pc0);
    expect(await c.ask('Hg9')).toMatch(/^E/);
  });

  test('Ctrl-C stops a spinning guest with SIGINT', async () => {
    const { client: c } = await rig();
    // A branch to itself at the entry point.
    expect(await c.ask(`M${h(0x10000)},4:a7f40000`)).toBe('OK');
    c.sendRaw(frameText('c'));
    await new Promise((r) => setTimeout(r, 100));
    c.sendRaw('\x03');
    expect(await c.next()).toBe('T02thread:1;');
    expect(await reg(c, 'pswa')).toBe(h(0x10000).padStart(16, '0'));
  });

  test('a guest the emulator cannot run on stops with SIGILL and a message, inspectable', async () => {
    const { client: c } = await rig();
    // An invalid program new PSW (bit 12 set), then an operation exception at the entry.
    expect(await c.ask('M1d0,10:00080001800000000000000000010000')).toBe('OK');
    expect(await c.ask(`M${h(0x10000)},2:0000`)).toBe('OK');
    expect(await c.ask('c')).toBe('T04thread:1;');
    expect(c.output).toMatch(/^kuli: invalid new PSW at 1d0/);
    expect(await c.ask('?')).toBe('T04thread:1;');
    expect(await reg(c, 'r0')).toBe('0000000000000000');
  });

  test('a NAK makes the stub send its last packet again', async () => {
    const { client: c } = await rig();
    expect(await c.ask('qC')).toBe('QC1');
    c.sendRaw('-');
    expect(await c.next()).toBe('QC1');
  });

  test('detach lets the guest run to its end', async () => {
    const r = await rig();
    expect(await r.client.ask(`Z0,${h(sym('add_step'))},6`)).toBe('OK');
    expect(await r.client.ask('D')).toBe('OK');
    expect((await r.done).reason).toBe('stopped');
  });

  test('without a debugger the machine has no debug hook (the run loop pays nothing)', async () => {
    const machine = new Machine({ memory: 128 * 2 ** 20, console: () => {} });
    machine.loadKernel(ELF, 'debug.elf');
    const server = new GdbServer(machine, { port: 0, wait: false });
    await server.listen();
    expect(machine.debug).toBeUndefined();
    const r = await runWithStub(machine, server, 100_000, 5);
    expect(r.reason).toBe('stopped');
    expect(machine.debug).toBeUndefined();
  });

  test('a connection that never speaks (a port probe) leaves the guest waiting', async () => {
    const machine = new Machine({ memory: 128 * 2 ** 20, console: () => {} });
    machine.loadKernel(ELF, 'debug.elf');
    const server = new GdbServer(machine, { port: 0, wait: true });
    const port = await server.listen();
    const done = runWithStub(machine, server, 100_000, 5);
    const probe = await Client.open(port);
    probe.socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(machine.vcpus[0].cpu.icount).toBe(0);
    const c = await Client.open(port);
    open.push({ machine, client: c, done });
    expect(await c.ask('?')).toBe('T05thread:1;');
  });

  test('k ends the run', async () => {
    const r = await rig();
    r.client.sendRaw(frameText('k'));
    expect((await r.done).reason).toBe('killed');
  });

  test('vKill answers OK and ends the run', async () => {
    const r = await rig();
    expect(await r.client.ask('vKill;1')).toBe('OK');
    expect((await r.done).reason).toBe('killed');
  });

  test('monitor commands', async () => {
    const { client: c } = await rig();
    const mon = async (cmd: string): Promise<string> => {
      c.output = '';
      expect(await c.ask(`qRcmd,${bytesToHex(latin1(cmd))}`)).toBe('OK');
      return c.output;
    };
    expect(await mon('help')).toContain('translate ADDR');
    expect(await mon('translate 0x1234')).toBe('0x1234 -> real 0x1234 -> absolute 0x1234\n');
    expect(await mon('walk 0x1234')).toContain('DAT is off');
    expect(await mon('vcpus')).toMatch(/^vcpu 0: operating, PSW 0000000180000000 0000000000010000/);
    expect(await mon('stats')).toContain('vcpu 0: 0 instructions');
    expect(await mon('translate zz')).toContain('usage');
    expect(await mon('frobnicate')).toContain('unknown monitor command');
    expect(await c.ask('qRcmd,zz')).toMatch(/^E/);
  });

  test('malformed packets get error or empty replies and the stub keeps working', async () => {
    const { client: c } = await rig();
    for (const p of ['m', 'mzz,4', 'm10000', 'm1,fffffffff', 'M10000,4:zz', 'M10000,4:00', 'X10000,4:', 'Xzz', 'Z9,0,0', 'Z0,zz,4',
      'Z2,10000,0', 'p', 'Pzz=0', 'P4', 'G0', 'Hx1', 'Hgzz', 'vCont;q', 'vCont;s:99', 'qXfer:features:read:target.xml:zz',
      'qThreadExtraInfo,0', 'c zz', 'H', 'T', 'qRcmd,1', 'x*', '*']) {
      const r = await c.ask(p);
      expect(r, p).toMatch(/^(E[0-9a-f]{2})?$/);
    }
    // A bad checksum is NAKed; the next good packet is answered.
    c.sendRaw('$g#00');
    expect(await c.ask('?')).toBe('T05thread:1;');
  });

  test('random packets never crash the stub', async () => {
    const { client: c } = await rig();
    let seed = 99;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 8) % n; };
    const alphabet = 'gGpPmMXZzHTqQv?cs0123456789abcdef,:;=-xX*}#$';
    for (let i = 0; i < 300; i++) {
      let p = '';
      for (let k = rand(30); k > 0; k--) p += alphabet[rand(alphabet.length)];
      // Resumes and kill/detach are left out: they would let the guest run or end the session.
      if (/^[cCsSDkvrR]/.test(p) || p.includes('#') || p.includes('$')) continue;
      const r = await c.ask(p);
      expect(typeof r).toBe('string');
    }
    expect(await c.ask('?')).toMatch(/^T05/);
  });
});
