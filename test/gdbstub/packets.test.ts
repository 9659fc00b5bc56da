// RSP framing: checksums, framing, `}` escaping, run-length encoding both ways, hex, and
// the stream parser on split, corrupted and random input (it must never throw).
import { describe, expect, test } from 'vitest';
import {
  checksum, decodeRle, encodeRle, escapeBinary, frameText, hexToBytes, latin1, MAX_PACKET, PacketParser, toLatin1, unescapeBinary,
} from '../../emulator/gdbstub/packets';

describe('framing', () => {
  test.each([
    ['', '$#00'],
    ['OK', '$OK#9a'],
    ['qSupported', '$qSupported#37'],
    ['T05thread:01;', '$T05thread:01;#07'],
  ])('%j frames as %j', (body, framed) => {
    expect(toLatin1(frameText(body))).toBe(framed);
  });

  test('checksum is the byte sum modulo 256', () => {
    expect(checksum(latin1('g'))).toBe(0x67);
    expect(checksum(new Uint8Array(300).fill(1))).toBe(300 & 0xff);
  });
});

describe('binary escaping', () => {
  test.each([
    [[0x24], [0x7d, 0x04]],
    [[0x23], [0x7d, 0x03]],
    [[0x7d], [0x7d, 0x5d]],
    [[0x2a], [0x7d, 0x0a]],
    [[1, 2, 3], [1, 2, 3]],
  ])('%j <-> %j', (raw, escaped) => {
    expect([...escapeBinary(Uint8Array.from(raw))]).toEqual(escaped);
    expect([...unescapeBinary(Uint8Array.from(escaped)) ?? []]).toEqual(raw);
  });
  test('a dangling escape is an error', () => {
    expect(unescapeBinary(Uint8Array.of(1, 0x7d))).toBeUndefined();
  });
  test('every byte value round-trips', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...unescapeBinary(escapeBinary(all)) ?? []]).toEqual([...all]);
  });
});

describe('run-length encoding', () => {
  test.each([
    ['0* ', '0000'],
    ['a*"b', 'aaaaaab'],
    ['x', 'x'],
  ])('%j expands to %j', (rle, text) => {
    expect(toLatin1(decodeRle(latin1(rle)) ?? new Uint8Array())).toBe(text);
  });
  test.each(['*a', 'a*'])('%j is malformed', (rle) => {
    expect(decodeRle(latin1(rle))).toBeUndefined();
  });
  test.each([1, 3, 4, 7, 8, 9, 10, 50, 97, 98, 99, 200, 1000])('a run of %d encodes without # or $ and decodes back', (n) => {
    const text = `ab${'0'.repeat(n)}cd`;
    const enc = encodeRle(text);
    expect(enc).not.toMatch(/[#$]/);
    expect(toLatin1(decodeRle(latin1(enc)) ?? new Uint8Array())).toBe(text);
  });
});

describe('hex', () => {
  test.each([['', []], ['00ff7A', [0, 255, 122]]])('%j', (h, b) => {
    expect([...hexToBytes(h) ?? [-1]]).toEqual(b);
  });
  test.each(['0', 'zz', '0g'])('%j is refused', (h) => {
    expect(hexToBytes(h)).toBeUndefined();
  });
});

describe('stream parser', () => {
  test('packets split across chunks, acks and the interrupt byte', () => {
    const p = new PacketParser();
    const stream = toLatin1(frameText('qSupported')) + '+\x03-' + toLatin1(frameText('g'));
    const events = [];
    for (const ch of stream) events.push(...p.feed(latin1(ch)));
    expect(events.map((e) => e.kind)).toEqual(['packet', 'ack', 'interrupt', 'nack', 'packet']);
    expect(events[0].kind === 'packet' && toLatin1(events[0].data)).toBe('qSupported');
  });
  test.each([
    ['$g#00', 'bad-checksum'],
    ['$g#zz', 'bad-checksum'],
    ['garbage$g#67', 'packet'],
  ])('%j gives %s', (input, kind) => {
    expect(new PacketParser().feed(latin1(input)).map((e) => e.kind)).toEqual([kind]);
  });
  test('an over-long packet is reported, not kept', () => {
    const body = 'm'.repeat(MAX_PACKET + 10);
    const cs = checksum(latin1(body)).toString(16).padStart(2, '0');
    expect(new PacketParser().feed(latin1(`$${body}#${cs}`)).map((e) => e.kind)).toEqual(['overflow']);
  });
  test('random bytes never throw', () => {
    let seed = 12345;
    const rand = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 24; };
    const p = new PacketParser();
    for (let i = 0; i < 2000; i++) {
      const chunk = Uint8Array.from({ length: 1 + (rand() & 63) }, () => rand());
      expect(() => p.feed(chunk)).not.toThrow();
    }
  });
});
