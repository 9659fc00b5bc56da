// The host message protocol: the guards accept exactly the well-formed messages, and the
// state table says which requests each guest state takes.
import { describe, expect, it } from 'vitest';
import { acceptsRequest, isHostEvent, isHostRequest, type GuestState, type HostRequest } from '../../emulator/host/protocol';

const STATS = {
  intercepts: { servc: 3 }, io: {}, diagnose: { '0x44': 1 }, vcpus: [], time: { runMs: 1, idleMs: 0 },
  memory: { bytes: 1 << 20, nonZeroPages: 3, referencedPages: 0, changedPages: 0, keyTracking: 0 },
};

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
  { name: 'start with initrd and cmdline', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 1 << 20, initrdPath: '/i', cmdline: 'quiet' }, ok: true },
  { name: 'start with numeric cmdline', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 1 << 20, cmdline: 1 }, ok: false },
  { name: 'start with disks and nics', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 1 << 20, disks: [{ path: '/d.img', readOnly: false }], nics: [{ switch: 'lan', mac: '52:54:00:00:00:01' }] }, ok: true },
  { name: 'start with a disk without readOnly', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 1 << 20, disks: [{ path: '/d.img' }] }, ok: false },
  { name: 'start with a nic without switch', message: { type: 'start', guestId: 'g', kernelPath: '/k', memory: 1 << 20, nics: [{}] }, ok: false },
  { name: 'inspect', message: { type: 'inspect', guestId: 'g', requestId: 1 }, ok: true },
  { name: 'inspect without request id', message: { type: 'inspect', guestId: 'g' }, ok: false },
  { name: 'inspect with negative request id', message: { type: 'inspect', guestId: 'g', requestId: -1 }, ok: false },
  { name: 'translate primary', message: { type: 'translate', guestId: 'g', requestId: 2, vcpu: 0, space: 'primary', address: '0x1000' }, ok: true },
  { name: 'translate with ASCE', message: { type: 'translate', guestId: 'g', requestId: 2, vcpu: 1, space: 'asce', asce: '7ff00007', address: '1000' }, ok: true },
  { name: 'translate asce space without ASCE', message: { type: 'translate', guestId: 'g', requestId: 2, vcpu: 0, space: 'asce', address: '1000' }, ok: false },
  { name: 'translate unknown space', message: { type: 'translate', guestId: 'g', requestId: 2, vcpu: 0, space: 'access', address: '1000' }, ok: false },
  { name: 'translate 17-digit address', message: { type: 'translate', guestId: 'g', requestId: 2, vcpu: 0, space: 'home', address: '10000000000000000' }, ok: false },
  { name: 'translate fractional vcpu', message: { type: 'translate', guestId: 'g', requestId: 2, vcpu: 0.5, space: 'home', address: '0' }, ok: false },
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
  { name: 'inspection', message: { type: 'inspection', guestId: 'g', requestId: 1, devices: [{ id: 'sclp', kind: 'sclp', label: 'SCLP', detail: '', stats: { writes: 2 } }], statistics: STATS }, ok: true },
  { name: 'inspection with a bad device kind', message: { type: 'inspection', guestId: 'g', requestId: 1, devices: [{ id: 'x', kind: 'pci', label: 'x', detail: '', stats: {} }], statistics: STATS }, ok: false },
  { name: 'inspection with a string counter', message: { type: 'inspection', guestId: 'g', requestId: 1, devices: [], statistics: { ...STATS, io: { ssch: '3' } } }, ok: false },
  { name: 'inspection without statistics', message: { type: 'inspection', guestId: 'g', requestId: 1, devices: [] }, ok: false },
  { name: 'translation', message: { type: 'translation', guestId: 'g', requestId: 1, walk: { vcpu: 0, space: 'home', asce: '0x0', address: '0x0', steps: [], code: 0x38, asceNotes: [], protect: false, noExec: false } }, ok: true },
  { name: 'translation with unknown space', message: { type: 'translation', guestId: 'g', requestId: 1, walk: { vcpu: 0, space: 'ar', asce: '0x0', address: '0x0', steps: [], code: 0 } }, ok: false },
  { name: 'request failed', message: { type: 'request-failed', guestId: 'g', requestId: 9, message: 'No guest g has been started.' }, ok: true },
  { name: 'request failed without message', message: { type: 'request-failed', guestId: 'g', requestId: 9 }, ok: false },
  { name: 'undefined', message: undefined, ok: false },
];

describe('host protocol guards', () => {
  it.each(requests)('request: $name', ({ message, ok }) => expect(isHostRequest(message)).toBe(ok));
  it.each(events)('event: $name', ({ message, ok }) => expect(isHostEvent(message)).toBe(ok));
});

describe('requests per state', () => {
  const types: HostRequest['type'][] = ['start', 'pause', 'resume', 'stop', 'console-input', 'inspect', 'translate'];
  const table: { state: GuestState | undefined; accepts: HostRequest['type'][] }[] = [
    { state: undefined, accepts: ['start'] },
    { state: 'starting', accepts: ['stop', 'inspect', 'translate'] },
    { state: 'running', accepts: ['pause', 'stop', 'console-input', 'inspect', 'translate'] },
    { state: 'paused', accepts: ['resume', 'stop', 'console-input', 'inspect', 'translate'] },
    { state: 'stopped', accepts: ['start', 'inspect', 'translate'] },
    { state: 'crashed', accepts: ['start', 'inspect', 'translate'] },
  ];
  it.each(table)('$state accepts $accepts', ({ state, accepts }) => {
    expect(types.filter((t) => acceptsRequest(state, t))).toEqual(accepts);
  });
});
