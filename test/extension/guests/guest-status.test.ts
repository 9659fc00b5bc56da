// The Guests view's status model: host events folded into state and counts, the
// one-line description, instruction-count formatting, memory sizes, and the tree nodes'
// context values that pick the inline Start/Pause/Resume/Stop actions.
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../emulator/host/protocol';
import { guestNodes, loadDemoGuests } from '../../../src/guests/demo-guests';
import { applyHostEvent, formatCount, memoryBytes, statusDescription, statusTooltip, type GuestStatus } from '../../../src/guests/guest-status';

const root = join(__dirname, '../../..');
const files = { readText: (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined), exists: existsSync };

function fold(events: HostEvent[]): GuestStatus | undefined {
  return events.reduce<GuestStatus | undefined>((s, e) => applyHostEvent(s, e), undefined);
}

describe('applyHostEvent', () => {
  const cases: { name: string; events: HostEvent[]; expected: GuestStatus | undefined }[] = [
    { name: 'console alone changes nothing', events: [{ type: 'console', guestId: 'g', data: 'x' }], expected: undefined },
    { name: 'starting resets counts', events: [{ type: 'stats', guestId: 'g', instructions: 5, uptimeMs: 1 }, { type: 'state', guestId: 'g', state: 'starting' }],
      expected: { state: 'starting', instructions: 0, uptimeMs: 0 } },
    { name: 'stats while running', events: [{ type: 'state', guestId: 'g', state: 'running' }, { type: 'stats', guestId: 'g', instructions: 1234, uptimeMs: 7 }],
      expected: { state: 'running', instructions: 1234, uptimeMs: 7, message: undefined } },
    { name: 'crash keeps counts and the message', events: [{ type: 'state', guestId: 'g', state: 'running' }, { type: 'stats', guestId: 'g', instructions: 9, uptimeMs: 2 },
      { type: 'state', guestId: 'g', state: 'crashed', message: 'disabled wait' }],
    expected: { state: 'crashed', instructions: 9, uptimeMs: 2, message: 'disabled wait' } },
  ];
  it.each(cases)('$name', ({ events, expected }) => expect(fold(events)).toEqual(expected));
});

describe('formatting', () => {
  it.each([[0, '0'], [999, '999'], [1000, '1.00K'], [12_345, '12.3K'], [4_560_000, '4.56M'], [123_456_789, '123M'], [1.2e9, '1.20G']])(
    'formatCount(%d) = %s', (n, text) => expect(formatCount(n)).toBe(text));
  it('describes a guest by state, count and memory', () => {
    expect(statusDescription(undefined, '128M')).toBe('demo · 128M');
    expect(statusDescription({ state: 'starting', instructions: 0, uptimeMs: 0 }, '128M')).toBe('starting · 128M');
    expect(statusDescription({ state: 'running', instructions: 4_560_000, uptimeMs: 10 }, '128M')).toBe('running · 4.56M instr · 128M');
    expect(statusDescription({ state: 'stopped', instructions: 812, uptimeMs: 10 }, '1G')).toBe('stopped · 812 instr · 1G');
  });
  it.each([['128M', 128 << 20], ['1G', 1024 << 20], ['512', 512 << 20], ['64m', 64 << 20]])('memoryBytes(%s)', (t, n) => expect(memoryBytes(t)).toBe(n));
  it.each(['0M', '1.5G', 'lots', '128K'])('memoryBytes rejects %s', (t) => expect(() => memoryBytes(t)).toThrow(/not a size/));
});

describe('statusTooltip', () => {
  it('shows state, grouped instruction count, uptime and the reason', () => {
    expect(statusTooltip({ state: 'stopped', instructions: 1_234_567, uptimeMs: 2500, message: 'stopped by the user' }))
      .toBe('State: stopped\nInstructions: 1,234,567\nUptime: 2.5 s\nReason: stopped by the user');
    expect(statusTooltip({ state: 'running', instructions: 0, uptimeMs: 125_000 })).toBe('State: running\nInstructions: 0\nUptime: 2 min 5 s');
  });
});

describe('guest nodes with host status', () => {
  const guests = loadDemoGuests(root, files);
  const table: { status: GuestStatus | undefined; contextValue: string; icon: string }[] = [
    { status: undefined, contextValue: 'kuli.demoGuest', icon: 'vm' },
    { status: { state: 'running', instructions: 1, uptimeMs: 1 }, contextValue: 'kuli.demoGuest.running', icon: 'vm-running' },
    { status: { state: 'paused', instructions: 1, uptimeMs: 1 }, contextValue: 'kuli.demoGuest.paused', icon: 'debug-pause' },
    { status: { state: 'stopped', instructions: 1, uptimeMs: 1 }, contextValue: 'kuli.demoGuest.stopped', icon: 'vm' },
    { status: { state: 'crashed', instructions: 1, uptimeMs: 1, message: 'boom' }, contextValue: 'kuli.demoGuest.crashed', icon: 'error' },
  ];
  it.each(table)('$contextValue', ({ status, contextValue, icon }) => {
    const [node] = guestNodes(guests, status ? new Map([['hello', status]]) : new Map());
    expect(node).toMatchObject({ guestId: 'hello', contextValue, icon });
    if (status?.message) expect(node.tooltip).toContain('Crash: boom');
    if (status) expect(node.tooltip).toMatch(new RegExp(`State: ${status.state}\\nInstructions: 1\\nUptime: 0\\.0 s`));
  });

  it("menus offer Start/Pause/Resume/Stop by the node's context value", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } };
    const inline = pkg.contributes.menus['view/item/context'].filter((m) => m.group?.startsWith('inline'));
    /** Evaluates the two `when` forms used here: `viewItem == X` and `viewItem =~ /re/`. */
    const shown = (viewItem: string) => inline.filter((m) => (m.when ?? '').split('&&').map((c) => c.trim()).every((c) => {
      if (c === 'view == kuli.guests') return true;
      const eq = /^viewItem == (.+)$/.exec(c);
      if (eq) return eq[1] === viewItem;
      const re = /^viewItem =~ \/(.+)\/$/.exec(c);
      if (re) return new RegExp(re[1]).test(viewItem);
      return false;
    })).map((m) => m.command);
    // Debug where Start is; page tables once the host has a machine to look at.
    expect(shown('kuli.demoGuest')).toEqual(['kuli.guests.start', 'kuli.guests.debug']);
    expect(shown('kuli.demoGuest.running')).toEqual(['kuli.guests.pause', 'kuli.guests.stop', 'kuli.pageTable.open']);
    expect(shown('kuli.demoGuest.paused')).toEqual(['kuli.guests.resume', 'kuli.guests.stop', 'kuli.pageTable.open']);
    expect(shown('kuli.demoGuest.stopped')).toEqual(['kuli.guests.start', 'kuli.guests.debug', 'kuli.pageTable.open']);
    expect(shown('kuli.demoGuest.crashed')).toEqual(['kuli.guests.start', 'kuli.guests.debug', 'kuli.pageTable.open']);
    expect(shown('kuli.guestFile')).toEqual(['kuli.guests.openFile']);
    expect(shown('kuli.invalidGuest')).toEqual([]);
  });
});
