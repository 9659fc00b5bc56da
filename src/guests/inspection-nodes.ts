// Tree nodes for the Devices and Statistics views, built from the host's inspection
// answers (no VS Code import: unit-tested). Statistics keep a short history per counter
// so each row carries a small chart of its rate (a sparkline of the last refreshes).
import type { DeviceInfo, GuestStatistics } from '../../emulator/host/inspection';
import { formatCount } from './guest-status';

export interface InfoNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly contextValue?: string;
  readonly children?: readonly InfoNode[];
}

/** What a view knows about one guest. */
export interface GuestInspection {
  readonly guestId: string;
  readonly name: string;
  readonly state: string;
  readonly devices?: readonly DeviceInfo[];
  readonly statistics?: GuestStatistics;
  /** Why the host could not answer. */
  readonly error?: string;
}

const DEVICE_ICONS: Record<DeviceInfo['kind'], string> = { sclp: 'terminal', subchannel: 'plug', virtio: 'circuit-board' };
const SPARK = '▁▂▃▄▅▆▇█';
/** Samples of history per counter (at 1 s refresh: the last 20 s). */
export const HISTORY = 20;

/** A sparkline of `values` scaled to their maximum ('' for fewer than 2 samples). */
export function sparkline(values: readonly number[]): string {
  if (values.length < 2) return '';
  const max = Math.max(...values);
  return values.map((v) => (max <= 0 ? SPARK[0] : SPARK[Math.min(SPARK.length - 1, Math.floor((v / max) * (SPARK.length - 1)))])).join('');
}

function statRows(prefix: string, stats: Readonly<Record<string, number>>): InfoNode[] {
  return Object.entries(stats).filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ({ id: `${prefix}:${k}`, label: k, description: formatCount(v), tooltip: `${k}: ${v.toLocaleString('en-US')}`, icon: 'dash' }));
}

/** Devices view: one node per guest, its devices below, each device's counters below that. */
export function deviceNodes(guests: readonly GuestInspection[]): InfoNode[] {
  return guests.map((g) => {
    const id = `dev:${g.guestId}`;
    const children: InfoNode[] = g.error !== undefined
      ? [{ id: `${id}:error`, label: g.error, icon: 'warning' }]
      : (g.devices ?? []).map((d) => {
        const rows = statRows(`${id}:${d.id}`, d.stats);
        return {
          id: `${id}:${d.id}`, label: d.label, description: d.detail, icon: DEVICE_ICONS[d.kind], contextValue: `kuli.device.${d.kind}`,
          tooltip: `${d.label}\n${d.detail}${rows.length ? `\n\n${rows.map((r) => `${r.label}: ${r.description ?? ''}`).join('\n')}` : ''}`,
          children: rows.length ? rows : [{ id: `${id}:${d.id}:none`, label: 'no activity yet', icon: 'dash' }],
        };
      });
    return { id, label: g.name, description: g.state, icon: 'vm', children };
  });
}

/** Keeps the last HISTORY values of each counter and turns them into rates for sparklines. */
export class StatisticsHistory {
  private readonly series = new Map<string, number[]>();

  record(key: string, value: number): readonly number[] {
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = []));
    if (s.length > 0 && value < s[s.length - 1]) s.length = 0; // a restart counts from zero again
    s.push(value);
    if (s.length > HISTORY + 1) s.shift();
    return s;
  }

  /** Increase per refresh, for the chart. */
  static rates(series: readonly number[]): number[] {
    return series.slice(1).map((v, i) => v - series[i]);
  }
}

function countRows(h: StatisticsHistory, prefix: string, stats: Readonly<Record<string, number>>): InfoNode[] {
  return Object.entries(stats).filter(([, v]) => v !== 0).sort(([, a], [, b]) => b - a).map(([k, v]) => {
    const chart = sparkline(StatisticsHistory.rates(h.record(`${prefix}:${k}`, v)));
    return { id: `${prefix}:${k}`, label: k, description: `${formatCount(v)}${chart ? `  ${chart}` : ''}`, tooltip: `${k}: ${v.toLocaleString('en-US')} (chart: increase per refresh)`, icon: 'pulse' };
  });
}

function section(id: string, label: string, icon: string, rows: InfoNode[], description?: string): InfoNode {
  return { id, label, icon, description: description ?? `${rows.length}`, children: rows.length ? rows : [{ id: `${id}:none`, label: 'none yet', icon: 'dash' }] };
}

const ms = (n: number): string => (n < 10_000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`);

/** Statistics view: per guest, intercepts, I/O, diagnoses, time, vcpus and memory. */
export function statisticsNodes(guests: readonly GuestInspection[], h: StatisticsHistory): InfoNode[] {
  return guests.map((g) => {
    const id = `stat:${g.guestId}`;
    const s = g.statistics;
    if (s === undefined) return { id, label: g.name, description: g.state, icon: 'vm', children: [{ id: `${id}:error`, label: g.error ?? 'no statistics yet', icon: 'warning' }] };
    const busy = Math.max(0, s.time.runMs - s.time.idleMs);
    const pct = (n: number) => (s.time.runMs > 0 ? ` (${Math.round((100 * n) / s.time.runMs)}%)` : '');
    const mib = s.memory.bytes / 0x10_0000;
    const touched = s.memory.nonZeroPages < 0 ? 'not measured (guest too large to scan)' : `${(s.memory.nonZeroPages * 4 / 1024).toFixed(1)} MiB (${s.memory.nonZeroPages} pages)`;
    const instr = countRows(h, `${id}:vcpu-instr`, Object.fromEntries(s.vcpus.map((v) => [`cpu${v.address}`, v.instructions])));
    return {
      id, label: g.name, description: g.state, icon: 'vm',
      children: [
        section(`${id}:intercepts`, 'Intercepts and interruptions', 'zap', countRows(h, `${id}:intercepts`, s.intercepts)),
        section(`${id}:io`, 'I/O instructions', 'plug', countRows(h, `${id}:io`, s.io)),
        section(`${id}:diag`, 'Diagnose calls', 'tools', countRows(h, `${id}:diag`, s.diagnose)),
        section(`${id}:time`, 'Time', 'watch', [
          { id: `${id}:time:run`, label: 'host time in slices', description: ms(s.time.runMs), icon: 'clock' },
          { id: `${id}:time:busy`, label: 'guest running', description: `${ms(busy)}${pct(busy)}`, icon: 'play' },
          { id: `${id}:time:idle`, label: 'idle (all vcpus waiting)', description: `${ms(s.time.idleMs)}${pct(s.time.idleMs)}`, icon: 'debug-pause' },
        ], ms(s.time.runMs)),
        section(`${id}:vcpus`, 'vcpus', 'server-process', s.vcpus.map((v, i) => ({
          id: `${id}:vcpu:${v.address}`, label: `cpu${v.address} ${v.state}`,
          description: `${instr[i]?.description ?? formatCount(v.instructions)} instr · CPU timer ${(v.cpuTimerUs / 1000).toFixed(1)} ms · PSW ${v.psw}`,
          tooltip: `Instructions: ${v.instructions.toLocaleString('en-US')}\nCPU timer: ${v.cpuTimerUs} µs (runs only while the vcpu runs)\nPSW address: ${v.psw}`,
          icon: v.state === 'running' ? 'run' : v.state === 'waiting' ? 'watch' : 'debug-stop',
        }))),
        section(`${id}:memory`, 'Memory', 'database', [
          { id: `${id}:mem:size`, label: 'guest memory', description: `${mib} MiB`, icon: 'database' },
          { id: `${id}:mem:touched`, label: 'touched (non-zero pages)', description: touched, icon: 'symbol-array' },
          { id: `${id}:mem:ref`, label: 'storage keys: referenced / changed', description: s.memory.keyTracking ? `${s.memory.referencedPages} / ${s.memory.changedPages} pages` : 'not recorded (the guest uses no storage keys)', icon: 'key' },
        ], `${mib} MiB`),
      ],
    };
  });
}
