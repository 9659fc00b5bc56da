import { describe, expect, it } from 'vitest';
import { NicSpecError, parseNicSpec } from '../../../emulator/virtio/net/nic';
import { formatMac, parseMac, randomMac } from '../../../emulator/virtio/net/backend';

describe('--nic specification', () => {
  const good: [string, unknown][] = [
    ['none', { kind: 'none' }],
    ['lab', { kind: 'switch', name: 'lab', mac: undefined, linkUp: true }],
    ['lab-2.x_y,link=down', { kind: 'switch', name: 'lab-2.x_y', mac: undefined, linkUp: false }],
    ['lab,mac=52:54:00:AB:cd:01,link=up', { kind: 'switch', name: 'lab', mac: Uint8Array.of(0x52, 0x54, 0, 0xab, 0xcd, 1), linkUp: true }],
    ['lab,mac=02-00-00-00-00-01', { kind: 'switch', name: 'lab', mac: Uint8Array.of(2, 0, 0, 0, 0, 1), linkUp: true }],
  ];
  for (const [text, expected] of good) it(`accepts ${text}`, () => expect(parseNicSpec(text)).toEqual(expected));

  const bad: [string, RegExp][] = [
    ['', /is not a switch name/],
    ['none,mac=52:54:00:00:00:01', /--nic none takes no properties/],
    ['../x', /is not a switch name/],
    ['lab,mac=52:54:00:00:00', /is not a MAC address/],
    ['lab,mac=01:00:5e:00:00:01', /multicast/],
    ['lab,link=sideways', /unknown property 'link=sideways'/],
    ['lab,speed=10', /unknown property/],
  ];
  for (const [text, message] of bad) it(`refuses ${JSON.stringify(text)}`, () => {
    expect(() => parseNicSpec(text)).toThrow(NicSpecError);
    expect(() => parseNicSpec(text)).toThrow(message);
  });

  it('formats and draws MACs in the 52:54:00 range', () => {
    expect(formatMac(parseMac('52:54:00:0A:0b:0C'))).toBe('52:54:00:0a:0b:0c');
    expect(formatMac(randomMac(() => Uint8Array.of(1, 2, 3)))).toBe('52:54:00:01:02:03');
  });
});
