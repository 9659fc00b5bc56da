// The host message protocol: the guards accept exactly the well-formed messages, and the
// state table says which requests each guest state takes.
import { describe, expect, it } from 'vitest';
import { acceptsRequest, isHostEvent, isHostRequest, type GuestState, type HostRequest } from '../../emulator/host/protocol';

const requests: { name: string; message: unknown; ok: boolean }[] = [
  { name: 'start', message: { type: 'start', guestId: 'hello', kernelPath: '/k.elf', memory: 128 << 20 }, ok: true },
  { name: 'start with smp', message: { type: 'start', guestId: 'hello', kernelPath: '/k.elf', memory: 1 << 20, smp: 2 }, ok: true },
  { name: 'start without kernel', message: { type: 'start', guestId: 'hello', memory: 1 << 20 }, ok: false },
  { name: 'start with empty kernel', message: { type: 'start', guestId: 'hello', kernelPath: '', memory: 1 << 20 }, ok: false },
  { name: 'start with fractional memory', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 1.5 }, ok: false },
  { name: 'start with zero memory', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 0 }, ok: false },
  { name: 'start with smp 0', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 1 << 20, smp: 0 }, ok: false },
  { name: 'pause', message: { type: 'pause', guestId: 'g' }, ok: true },
  { name: 'resume', message: { type: 'resume', guestId: 'g' }, ok: true },
  { name: 'stop', message: { type: 'stop', guestId: 'g' }, ok: true },
  { name: 'stop without guest', message: { type: 'stop' }, ok: false },
  { name: 'stop with empty guest', message: { type: 'stop', guestId: '' }, ok: false },
  { name: 'console input', message: { type: 'console-input', guestId: 'g', data: 'ls\r' }, ok: true },
  { name: 'console input without data', message: { type: 'console-input', guestId: 'g' }, ok: false },
  { name: 'unknown type', message: { type: 'reboot', guestId: 'g' }, ok: false },
  { name: 'null', message: null, ok: false },
  { name: 'string', message: 'start', ok: false },
  { name: 'an event is no request', message: { type: 'console', guestId: 'g', data: 'x' }, ok: false },
];

const events: { name: string; message: unknown; ok: boolean }[] = [
  { name: 'console', message: { type: 'console', guestId: 'g', data: 'Hello' }, ok: true },
  { name: 'console without data', message: { type: 'console', guestId: 'g' }, ok: false },
  { name: 'state running', message: { type: 'state', guestId: 'g', state: 'running' }, ok: true },
  { name: 'state crashed with message', message: { type: 'state', guestId: 'g', state: 'crashed', message: 'boom' }, ok: true },
  { name: 'state unknown', message: { type: 'state', guestId: 'g', state: 'exploded' }, ok: false },
  { name: 'state with numeric message', message: { type: 'state', guestId: 'g', state: 'stopped', message: 3 }, ok: false },
  { name: 'stats', message: { type: 'stats', guestId: 'g', instructions: 10, uptimeMs: 5 }, ok: true },
  { name: 'stats negative', message: { type: 'stats', guestId: 'g', instructions: -1, uptimeMs: 5 }, ok: false },
  { name: 'stats without uptime', message: { type: 'stats', guestId: 'g', instructions: 1 }, ok: false },
  { name: 'a request is no event', message: { type: 'stop', guestId: 'g' }, ok: false },
  { name: 'undefined', message: undefined, ok: false },
];

describe('host protocol guards', () => {
  it.each(requests)('request: $name', ({ message, ok }) => expect(isHostRequest(message)).toBe(ok));
  it.each(events)('event: $name', ({ message, ok }) => expect(isHostEvent(message)).toBe(ok));
});

describe('requests per state', () => {
  const types: HostRequest['type'][] = ['start', 'pause', 'resume', 'stop', 'console-input'];
  const table: { state: GuestState | undefined; accepts: HostRequest['type'][] }[] = [
    { state: undefined, accepts: ['start'] },
    { state: 'starting', accepts: ['stop'] },
    { state: 'running', accepts: ['pause', 'stop', 'console-input'] },
    { state: 'paused', accepts: ['resume', 'stop', 'console-input'] },
    { state: 'stopped', accepts: ['start'] },
    { state: 'crashed', accepts: ['start'] },
  ];
  it.each(table)('$state accepts $accepts', ({ state, accepts }) => {
    expect(types.filter((t) => acceptsRequest(state, t))).toEqual(accepts);
  });
});
