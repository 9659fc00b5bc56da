// The Devices and Statistics tree models: what a user sees per guest for a given host
// inspection, and the rate sparklines built from successive refreshes.
import { describe, expect, it } from 'vitest';
import type { GuestStatistics } from '../../../emulator/host/inspection';
import { deviceNodes, sparkline, statisticsNodes, StatisticsHistory, type GuestInspection } from '../../../src/guests/inspection-nodes';

const stats = (servc: number): GuestStatistics => ({
  intercepts: { servc, 'ext-0x1004': 2, 'idle-sleeps': 0 }, io: { stsch: 4 }, diagnose: { '0x44': 1 },
  vcpus: [{ address: 0, state: 'waiting', instructions: 12_345, cpuTimerUs: -1500, psw: '0x1000' }],
  time: { runMs: 2000, idleMs: 500 }, memory: { bytes: 128 << 20, nonZeroPages: 256, referencedPages: 3, changedPages: 1, keyTracking: 1 },
});

const guest = (s: GuestStatistics): GuestInspection => ({
  guestId: 'hello', name: 'hello', state: 'running',
  devices: [
    { id: 'sclp', kind: 'sclp', label: 'SCLP console', detail: 'VT220', stats: { write: 3, read: 0 } },
    { id: 'sch:fe.0.0000', kind: 'virtio', label: 'virtio-rng', detail: 'virtio-ccw subchannel fe.0.0000, device id 4', stats: { requests: 1500, bytesWritten: 0 } },
  ],
  statistics: s,
});

describe('Devices view nodes', () => {
  it('one node per guest, a device per row with its non-zero counters', () => {
    const [g] = deviceNodes([guest(stats(1))]);
    expect(g).toMatchObject({ label: 'hello', description: 'running' });
    expect(g.children?.map((d) => [d.label, d.icon, d.contextValue])).toEqual([
      ['SCLP console', 'terminal', 'kuli.device.sclp'], ['virtio-rng', 'circuit-board', 'kuli.device.virtio']]);
    expect(g.children?.[0].children?.map((r) => [r.label, r.description])).toEqual([['write', '3']]);
    expect(g.children?.[1].children?.map((r) => [r.label, r.description])).toEqual([['requests', '1.50K']]);
  });

  it('a guest the host could not answer shows why', () => {
    const [g] = deviceNodes([{ guestId: 'x', name: 'x', state: 'crashed', error: 'Guest x has no machine (it failed to start).' }]);
    expect(g.children).toEqual([{ id: 'dev:x:error', label: 'Guest x has no machine (it failed to start).', icon: 'warning' }]);
  });
});

describe('Statistics view nodes', () => {
  it('sections with counts, time split, vcpus and memory', () => {
    const [g] = statisticsNodes([guest(stats(10))], new StatisticsHistory());
    const sec = Object.fromEntries((g.children ?? []).map((c) => [c.label, c]));
    expect(Object.keys(sec)).toEqual(['Intercepts and interruptions', 'I/O instructions', 'Diagnose calls', 'Time', 'vcpus', 'Memory']);
    expect(sec['Intercepts and interruptions'].children?.map((r) => r.label)).toEqual(['servc', 'ext-0x1004']);
    expect(sec.Time.children?.map((r) => r.description)).toEqual(['2000 ms', '1500 ms (75%)', '500 ms (25%)']);
    expect(sec.vcpus.children?.[0]).toMatchObject({ label: 'cpu0 waiting', icon: 'watch' });
    expect(sec.vcpus.children?.[0].description).toContain('CPU timer -1.5 ms');
    expect(sec.Memory.children?.[1].description).toBe('1.0 MiB (256 pages)');
  });

  it('a counter gets a sparkline of its increase per refresh', () => {
    const h = new StatisticsHistory();
    for (const n of [10, 20, 40, 80]) statisticsNodes([guest(stats(n))], h);
    const [g] = statisticsNodes([guest(stats(80))], h);
    expect(g.children?.[0].children?.[0].description).toBe('80  ▂▃▇█▁'.replace('▂▃▇█▁', sparkline([10, 20, 40, 0])));
    expect(sparkline([10, 20, 40, 0])).toBe('▂▄█▁');
    expect(sparkline([5])).toBe('');
  });

  it('history restarts when a counter goes down (the guest was started again)', () => {
    const h = new StatisticsHistory();
    h.record('k', 100);
    h.record('k', 200);
    expect(h.record('k', 5)).toEqual([5]);
  });
});
