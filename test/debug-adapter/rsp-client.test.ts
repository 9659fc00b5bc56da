// The RSP client against a scripted stream (framing, acks, NACK resend, console output,
// stop replies, memory chunking, qXfer), target descriptions in Kuli's and QEMU's shapes,
// and debug-console expressions against a fake target.
import { describe, expect, test } from 'vitest';
import { frameText, latin1, toLatin1 } from '../../emulator/gdbstub/packets';
import { evaluate, formatValue, type EvalTarget } from '../../debug-adapter/evaluate';
import { parseRegisters } from '../../debug-adapter/registers';
import { parseStopReply, RspClient, type RspStream } from '../../debug-adapter/rsp-client';

/** A stream whose far end answers each packet body through `answer`. */
function scripted(answer: (body: string) => string | string[]): { stream: RspStream; sent: string[] } {
  let deliver: (b: Uint8Array) => void = () => {};
  const sent: string[] = [];
  const stream: RspStream = {
    write: (b) => {
      const t = toLatin1(b);
      const m = /^\$([^#]*)#/.exec(t);
      if (m === null) { sent.push(t); return; }
      sent.push(m[1]);
      const replies = answer(m[1]);
      queueMicrotask(() => { for (const r of Array.isArray(replies) ? replies : [replies]) deliver(r.startsWith('$') || r === '-' ? latin1(r) : frameText(r)); });
    },
    onData: (l) => { deliver = l; },
    onClose: () => {},
    close: () => {},
  };
  return { stream, sent };
}

describe('stop replies', () => {
  test.each([
    ['T05thread:1;', { kind: 'signal', signal: 5, thread: 1, watch: undefined }],
    ['T05thread:p1.2;swbreak:;', { kind: 'signal', signal: 5, thread: 2, watch: undefined }],
    ['T05watch:14010;thread:01;', { kind: 'signal', signal: 5, thread: 1, watch: 0x14010 }],
    ['S02', { kind: 'signal', signal: 2, thread: undefined, watch: undefined }],
    ['W00', { kind: 'exited', code: 0 }],
    ['W01;process:1', { kind: 'exited', code: 1 }],
    ['X09', { kind: 'killed', signal: 9 }],
    ['OK', undefined],
    ['E01', undefined],
  ] as const)('%s', (text, expected) => {
    expect(parseStopReply(text)).toEqual(expected);
  });
});

describe('RspClient', () => {
  test('acks each reply, resends on NACK, delivers console output apart', async () => {
    let nacked = false;
    const { stream, sent } = scripted((body) => {
      if (body === 'g' && !nacked) { nacked = true; return '-'; }
      if (body === 'c') return ['O68690a', 'W00'];
      return body === 'g' ? '0011' : 'OK';
    });
    const rsp = new RspClient(stream);
    const out: string[] = [];
    rsp.onOutput = (t) => out.push(t);
    expect(await rsp.request('g')).toBe('0011');
    expect(sent.filter((s) => s === 'g')).toHaveLength(2);
    expect(await rsp.resume('c')).toEqual({ kind: 'exited', code: 0 });
    expect(out).toEqual(['hi\n']);
    expect(sent.filter((s) => s === '+')).toHaveLength(3);
  });

  test('requests run in order; an error reply to ok() names the command', async () => {
    const { stream, sent } = scripted((body) => (body.startsWith('Z0') ? 'E22' : body.startsWith('z0') ? '' : 'OK'));
    const rsp = new RspClient(stream);
    await Promise.all([rsp.ok('Hg1'), rsp.ok('Hc1')]);
    expect(sent.filter((s) => s !== '+')).toEqual(['Hg1', 'Hc1']);
    await expect(rsp.ok('Z0,111a0,2')).rejects.toThrow('Z0: the target answered E22');
    await expect(rsp.ok('z0,111a0,2')).rejects.toThrow('z0: the target answered that it does not support it');
  });

  test('memory reads come in chunks; qXfer reads until l', async () => {
    const { stream, sent } = scripted((body) => {
      const m = /^m([0-9a-f]+),([0-9a-f]+)$/.exec(body);
      if (m !== null && m[1] !== '0') return '5a'.repeat(Number.parseInt(m[2], 16));
      if (body.includes('target.xml:0,')) return 'm<target>';
      if (body.includes('target.xml:8,')) return 'l</target>';
      return 'E01';
    });
    const rsp = new RspClient(stream);
    const mem = await rsp.readMemory(0x10000, 0x900);
    expect(mem.length).toBe(0x900);
    expect(mem.every((b) => b === 0x5a)).toBe(true);
    expect(sent.filter((s) => s.startsWith('m'))).toEqual(['m10000,800', 'm10800,100']);
    expect(await rsp.readXfer('features', 'target.xml')).toBe('<target></target>');
    await expect(rsp.readMemory(0, 4)).rejects.toThrow('cannot read memory at 0x0 (E01)');
  });
});

describe('target descriptions', () => {
  test('numbering follows document order and regnum attributes (QEMU splits by feature)', () => {
    const regs = parseRegisters([
      '<feature name="org.gnu.gdb.s390.core"><reg name="pswm" bitsize="64" type="uint64"/><reg name="pswa" bitsize="64"/><reg name="r0" bitsize="64"/></feature>',
      '<feature name="org.gnu.gdb.s390.cr"><reg name="cr0" bitsize="64" regnum="51"/><reg name="cr1" bitsize="64"/></feature>',
    ]);
    expect(regs).toEqual([
      { name: 'pswm', regnum: 0, bits: 64 }, { name: 'pswa', regnum: 1, bits: 64 }, { name: 'r0', regnum: 2, bits: 64 },
      { name: 'cr0', regnum: 51, bits: 64 }, { name: 'cr1', regnum: 52, bits: 64 },
    ]);
  });
});

describe('evaluate', () => {
  const memory = new Map<number, number>([[0x14010, 0], [0x14017, 7]]);
  const target: EvalTarget = {
    program: undefined,
    registerNames: ['pswa', 'r2', 'acr0'],
    register: async (n) => ({ pswa: 0x111c0n, r2: 0x14010n, acr0: 5n } as Record<string, bigint>)[n] ?? 0n,
    readMemory: async (a, n) => Uint8Array.from({ length: n }, (_, i) => memory.get(a + i) ?? 0),
  };
  test.each([
    ['$r2', '0x0000000000014010'],
    ['pswa', '0x00000000000111c0'],
    ['acr0', '0x00000005'],
    ['0x10', '0x0000000000000010'],
    ['*(u64*)0x14010', '0x0000000000000007'],
    ['*(u8*)0x14017', '0x07'],
    ['*(u64*)$r2', '0x0000000000000007'],
    ['*$r2', '0x0000000000000007'],
  ])('%s = %s', async (expr, value) => {
    expect(formatValue(await evaluate(expr, target))).toBe(value);
  });
  test.each([
    ['foo', 'no register or symbol named "foo"'],
    ['*(float*)0x10', 'unknown type "float"'],
  ])('%s fails: %s', async (expr, message) => {
    await expect(evaluate(expr, target)).rejects.toThrow(message);
  });
});
