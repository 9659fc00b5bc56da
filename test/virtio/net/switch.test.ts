import { describe, expect, it } from 'vitest';
import type { NetReceiver } from '../../../emulator/virtio/net/backend';
import { MAX_LEARNED, VirtualSwitch, type SwitchPort } from '../../../emulator/virtio/net/switch';
import { BROADCAST, frame } from './frames';

const A = '52:54:00:00:00:0a';
const B = '52:54:00:00:00:0b';
const C = '52:54:00:00:00:0c';

interface Host { port: SwitchPort; got: Uint8Array[]; links: boolean[] }

function setup(n: number, ageingMs = 1000): { sw: VirtualSwitch; hosts: Host[]; clock: { t: number } } {
  const clock = { t: 0 };
  const sw = new VirtualSwitch('lab', { ageingMs, now: () => clock.t });
  const hosts = Array.from({ length: n }, (_, i) => {
    const h: Host = { port: sw.connect(`p${i}`), got: [], links: [] };
    const r: NetReceiver = { frame: (f) => h.got.push(f), link: (up) => h.links.push(up) };
    h.port.attach(r);
    return h;
  });
  return { sw, hosts, clock };
}

const counts = (hosts: Host[]): number[] => hosts.map((h) => h.got.length);

describe('virtual switch', () => {
  const cases: { name: string; steps: [from: number, dst: string, src: string][]; expected: number[]; t?: number }[] = [
    { name: 'broadcast floods to every other port', steps: [[0, BROADCAST, A]], expected: [0, 1, 1] },
    { name: 'unknown unicast floods', steps: [[0, B, A]], expected: [0, 1, 1] },
    { name: 'multicast floods', steps: [[0, '01:00:5e:00:00:01', A]], expected: [0, 1, 1] },
    { name: 'learned unicast goes to one port', steps: [[1, BROADCAST, B], [0, B, A]], expected: [1, 1, 1] },
    { name: 'reply after learning reaches only the asker', steps: [[0, BROADCAST, A], [1, A, B]], expected: [1, 1, 1] },
    { name: 'station moved: the newest port wins', steps: [[1, BROADCAST, B], [2, BROADCAST, B], [0, B, A]], expected: [2, 1, 2] },
    { name: 'destination behind the ingress port is filtered', steps: [[1, BROADCAST, B], [1, B, C]], expected: [1, 0, 1] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { hosts } = setup(3);
      for (const [from, dst, src] of c.steps) hosts[from].port.send(frame(dst, src));
      expect(counts(hosts), c.name).toEqual(c.expected);
    });
  }

  it('ages entries out and floods again', () => {
    const { sw, hosts, clock } = setup(3, 1000);
    hosts[1].port.send(frame(BROADCAST, B));
    clock.t = 999;
    hosts[0].port.send(frame(B, A));
    expect(counts(hosts)).toEqual([1, 1, 1]);
    clock.t = 1500;
    expect(sw.macTable().map((e) => e.mac)).toEqual([A]);
    hosts[0].port.send(frame(B, A));
    expect(counts(hosts)).toEqual([1, 2, 2]);
  });

  it('keeps per-port counters', () => {
    const { hosts } = setup(2);
    hosts[0].port.send(frame(BROADCAST, A, 100));
    hosts[1].port.send(frame(A, B, 50));
    expect(hosts[0].port.counters).toEqual({ rxFrames: 1, rxBytes: 114, txFrames: 1, txBytes: 64, drops: 0, floods: 1 });
    expect(hosts[1].port.counters).toEqual({ rxFrames: 1, rxBytes: 64, txFrames: 1, txBytes: 114, drops: 0, floods: 0 });
  });

  it('drops runts, oversize frames and frames from a port that is down', () => {
    const { hosts } = setup(2);
    expect(hosts[0].port.send(new Uint8Array(13))).toBe(false);
    expect(hosts[0].port.send(new Uint8Array(65_537))).toBe(false);
    hosts[0].port.setLink(false);
    expect(hosts[0].links).toEqual([false]);
    expect(hosts[0].port.send(frame(BROADCAST, A))).toBe(false);
    hosts[1].port.send(frame(BROADCAST, B));
    expect(counts(hosts)).toEqual([0, 0]);
    expect(hosts[0].port.counters.drops).toBe(3);
    hosts[0].port.setLink(true);
    hosts[1].port.send(frame(BROADCAST, B));
    expect(counts(hosts)).toEqual([1, 0]);
  });

  it('forgets a removed port and its addresses', () => {
    const { sw, hosts } = setup(3);
    hosts[2].port.send(frame(BROADCAST, C));
    hosts[2].port.close();
    expect(sw.ports.length).toBe(2);
    expect(sw.macTable()).toEqual([]);
    hosts[0].port.send(frame(C, A));
    expect(counts(hosts)).toEqual([1, 2, 0]);
  });

  it('never learns a multicast source and stops learning at the table limit', () => {
    const { sw, hosts } = setup(2);
    hosts[0].port.send(frame(BROADCAST, '03:00:00:00:00:01'));
    expect(sw.macTable()).toEqual([]);
    for (let i = 0; i < MAX_LEARNED + 10; i++) {
      const src = `52:54:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:01`;
      hosts[0].port.send(frame(BROADCAST, src));
    }
    expect(sw.macTable().length).toBe(MAX_LEARNED);
  });
});
