// SCLP details the QEMU-recorded guests (test/guests/sclp, input, linemode) do not reach:
// the service-signal parameter and its event-pending bit, selective and variable-length
// reads of console input, line-mode length checks and read SCP info for big memories.
import { describe, expect, test } from 'vitest';
import { PGM, ProgramInterrupt } from '../../emulator/cpu/interrupts';
import { Sclp, SCLP_CMD, SCLP_RC, type SclpHost } from '../../emulator/machine/sclp';

const SCCB = 0x3000;
const VT220 = 0x0000_0040;
const MESSAGE = 0x4000_0000;

function sclp(options: { memory?: number; lineMode?: boolean } = {}): { s: Sclp; mem: Uint8Array; out: string[]; signals: number[] } {
  const memory = options.memory ?? 0x10_0000;
  const mem = new Uint8Array(Math.min(memory, 0x10_0000));
  const out: string[] = [];
  const signals: number[] = [];
  const host: SclpHost = {
    memory,
    cpuCount: 2,
    console: (t) => out.push(t),
    read: (abs, len) => mem.slice(abs, abs + len),
    write: (abs, data) => mem.set(data, abs),
    serviceSignal: (p) => signals.push(p),
  };
  return { s: new Sclp(host, { lineMode: options.lineMode }), mem, out, signals };
}

function call(x: ReturnType<typeof sclp>, command: number, hex: string, at = SCCB): DataView {
  x.mem.fill(0, at, at + 4096);
  x.mem.set(Buffer.from(hex.replace(/\s+/g, ''), 'hex'), at);
  expect(x.s.serviceCall(command, at, at, 0)).toBe(0);
  return new DataView(x.mem.buffer, at, 4096);
}

/** Write event mask with 4-byte masks: receive, send. */
function setMasks(x: ReturnType<typeof sclp>, receive: number, send: number): DataView {
  const h = (n: number): string => n.toString(16).padStart(8, '0');
  return call(x, SCLP_CMD.WRITE_EVENT_MASK, `0020 00 000000 0000 0000 0004 ${h(receive)} ${h(send)} 00000000 00000000`);
}

describe('service signal', () => {
  test('the parameter is the SCCB address; bit 31 says an event is pending', () => {
    const x = sclp();
    setMasks(x, VT220, VT220);
    expect(x.signals).toEqual([SCCB]);
    x.s.addInput('a');
    expect(x.signals).toEqual([SCCB, 1]);
    call(x, SCLP_CMD.READ_SCP_INFO, '1000');
    expect(x.signals[2]).toBe(SCCB | 1);
  });
  test('input is not announced while the guest does not listen for VT220 events', () => {
    const x = sclp();
    x.s.addInput('a');
    expect(x.signals).toEqual([]);
    expect(x.s.eventPending).toBe(false);
  });
  test.each([
    ['in the first 8K', 0x1000, PGM.SPECIFICATION],
    ['not doubleword aligned', 0x3004, PGM.SPECIFICATION],
    ['outside storage', 0x20_0000, PGM.ADDRESSING],
  ])('an SCCB %s: program exception', (_n, at, code) => {
    const x = sclp();
    try {
      x.s.serviceCall(SCLP_CMD.READ_SCP_INFO, at, at, 0);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProgramInterrupt);
      expect((e as ProgramInterrupt).code).toBe(code);
    }
  });
});

describe('reading console input', () => {
  test('unconditional read: one VT220 event, data after a 0 type byte', () => {
    const x = sclp();
    setMasks(x, VT220, VT220);
    x.s.addInput('hi\n');
    const v = call(x, SCLP_CMD.READ_EVENT_DATA, '1000');
    expect(v.getUint16(6)).toBe(SCLP_RC.NORMAL_COMPLETION);
    expect(Buffer.from(x.mem.subarray(SCCB + 8, SCCB + 18)).toString('hex')).toBe('000a1a8000000068690a');
    expect(call(x, SCLP_CMD.READ_EVENT_DATA, '1000').getUint16(6)).toBe(SCLP_RC.NO_EVENT_BUFFERS_STORED);
  });
  test('variable-length response: the SCCB shrinks to what was stored and the bit is reset', () => {
    const x = sclp();
    setMasks(x, VT220, VT220);
    x.s.addInput('xyz');
    const v = call(x, SCLP_CMD.READ_EVENT_DATA, '1000 00 0000 80');
    expect([v.getUint16(0), x.mem[SCCB + 5], v.getUint16(6)]).toEqual([8 + 6 + 1 + 3, 0, SCLP_RC.NORMAL_COMPLETION]);
  });
  test('selective read: a mask outside what the guest receives is refused', () => {
    const x = sclp();
    setMasks(x, VT220, VT220);
    x.s.addInput('q');
    expect(call(x, SCLP_CMD.READ_EVENT_DATA, '1000 01 000000 0000 40000000').getUint16(6)).toBe(SCLP_RC.INVALID_SELECTION_MASK);
    expect(call(x, SCLP_CMD.READ_EVENT_DATA, '1000 01 000000 0000 00000040').getUint16(6)).toBe(SCLP_RC.NORMAL_COMPLETION);
  });
});

describe('line-mode console', () => {
  const mto = (text: string): string => `${(10 + text.length).toString(16).padStart(4, '0')}0004 1000 00 000000 ${Buffer.from(text, 'latin1').toString('hex')}`;
  test('only offered when enabled', () => {
    expect(setMasks(sclp(), 0, MESSAGE | VT220).getUint32(20)).toBe(VT220);
    expect(setMasks(sclp({ lineMode: true }), 0, MESSAGE | VT220).getUint32(20)).toBe((MESSAGE | 0x0080_0000 | VT220) >>> 0);
  });
  test('each message-text object is a new line, EBCDIC converted', () => {
    const x = sclp({ lineMode: true });
    const objects = `${mto('\xc8\xc9')}${mto('\xf1')}`;
    const mdbLength = 12 + objects.replace(/\s+/g, '').length / 2;
    const eventLength = 6 + mdbLength;
    const sccbLength = 8 + eventLength;
    const h = (n: number): string => n.toString(16).padStart(4, '0');
    const v = call(x, SCLP_CMD.WRITE_EVENT_DATA, `${h(sccbLength)} 00 000000 0000 ${h(eventLength)} 02 00 0000 ${h(mdbLength)} 0001 d4c4c240 00000001 ${objects}`);
    expect(v.getUint16(6)).toBe(SCLP_RC.NORMAL_COMPLETION);
    expect(x.out.join('')).toBe('\nHI\n1');
    expect(x.mem[SCCB + 11]).toBe(0x80);
  });
  test('an object longer than its message: inconsistent lengths', () => {
    const x = sclp({ lineMode: true });
    const v = call(x, SCLP_CMD.WRITE_EVENT_DATA, '0020 00 000000 0000 0018 02 00 0000 0012 0001 d4c4c240 00000001 0040 0004');
    expect(v.getUint16(6)).toBe(SCLP_RC.INCONSISTENT_LENGTHS);
  });
});

describe('read SCP info', () => {
  test.each([
    [128 * 0x10_0000, 128, 1],
    [1020 * 0x10_0000, 1020, 1],
    [1024 * 0x10_0000, 512, 2],
    [4096 * 0x10_0000, 512, 8],
  ])('%d bytes: %d increments of %d MiB', (memory, count, size) => {
    const x = sclp({ memory });
    const v = call(x, SCLP_CMD.READ_SCP_INFO, '1000');
    expect([v.getUint16(8), x.mem[SCCB + 10], v.getUint16(16), v.getUint16(120)]).toEqual([count, size, 2, 1]);
  });
});
