// Builds the inspection data (inspection.ts) from a live Machine: its devices, its
// statistics, and the explained DAT walk of a virtual address. Read-only: nothing here
// moves a counter, touches the TLB or changes storage. The walk itself is the MMU's own
// (explainTranslation in mmu/dat.ts), never a second implementation.
import type { Cpu } from '../cpu/cpu';
import { PGM } from '../cpu/interrupts';
import type { Machine } from '../machine/machine';
import { ASCE, explainTranslation, PAGE_ENTRY, REGION_ENTRY, SEGMENT_ENTRY, STOP, TABLE_TYPE, type DatControls, type DatStep } from '../mmu/dat';
import { CR0, keysOf, STORAGE_KEY } from '../mmu/keys';
import type { Subchannel } from '../io/subchannel';
import { ccwAttachments, type CcwAttachment } from '../virtio/ccw/attach';
import { s390VirtioBusOf } from '../virtio/s390';
import type { DeviceInfo, GuestStatistics, PageWalk, VcpuInfo, WalkSpace, WalkStep } from './inspection';

const TWO32 = 0x1_0000_0000;
const PAGE = 4096;
/** Control register holding each space's ASCE. */
const SPACE_CR: Record<Exclude<WalkSpace, 'asce'>, number> = { primary: 1, secondary: 7, home: 13 };
const TABLE_NAMES: Record<number, string> = {
  [TABLE_TYPE.REGION_FIRST]: 'region-first table',
  [TABLE_TYPE.REGION_SECOND]: 'region-second table',
  [TABLE_TYPE.REGION_THIRD]: 'region-third table',
  [TABLE_TYPE.SEGMENT]: 'segment table',
  [-1]: 'page table',
};
const EXCEPTIONS: Record<number, string> = {
  [PGM.ADDRESSING]: 'addressing exception (a table entry lies outside guest storage)',
  [PGM.ASCE_TYPE]: 'ASCE-type exception (the address needs a higher table than the ASCE designates)',
  [PGM.REGION_FIRST_TRANSLATION]: 'region-first-translation exception',
  [PGM.REGION_SECOND_TRANSLATION]: 'region-second-translation exception',
  [PGM.REGION_THIRD_TRANSLATION]: 'region-third-translation exception',
  [PGM.SEGMENT_TRANSLATION]: 'segment-translation exception',
  [PGM.PAGE_TRANSLATION]: 'page-translation exception',
  [PGM.TRANSLATION_SPECIFICATION]: 'translation-specification exception',
};

/** A tool request the guest cannot answer: the message is for the user. */
export class InspectError extends Error {
  override readonly name = 'InspectError';
}

const hex = (n: number): string => `0x${n.toString(16)}`;
const hex64 = (hi: number, lo: number): string => `0x${(hi >>> 0).toString(16).padStart(8, '0')}${(lo >>> 0).toString(16).padStart(8, '0')}`;
const counts = (m: ReadonlyMap<string | number, number>, key: (k: string | number) => string = String): Record<string, number> =>
  Object.fromEntries([...m].map(([k, v]) => [key(k), v]));

/** Virtio device names by id (virtio 1.x "Device Types"). */
const VIRTIO_KIND: Record<number, string> = { 1: 'network card', 2: 'block device', 3: 'console', 4: 'entropy source', 5: 'memory balloon' };

/**
 * The guest's devices: the SCLP console, each subchannel (with its virtio device, if any),
 * then the devices on the s390-virtio device page.
 */
export function machineDevices(machine: Machine): DeviceInfo[] {
  const out: DeviceInfo[] = [{
    id: 'sclp', kind: 'sclp', label: 'SCLP console', detail: 'VT220 and line-mode console (ttysclp0)', stats: counts(machine.sclp.stats),
  }];
  const virtio = new Map<Subchannel, CcwAttachment>(ccwAttachments(machine).map((a) => [a.subchannel, a]));
  for (const sch of machine.css.list()) {
    const id = `${sch.cssid.toString(16)}.${sch.ssid}.${sch.number.toString(16).padStart(4, '0')}`;
    const a = virtio.get(sch);
    if (a !== undefined) {
      const d = a.transport.device;
      const kind = VIRTIO_KIND[d.deviceId] ?? `device id ${d.deviceId}`;
      out.push({ id: `sch:${id}`, kind: 'virtio', label: d.name, detail: `${kind}, ccw ${a.busId}, subchannel ${id}`, stats: { ...d.stats } });
    } else {
      out.push({ id: `sch:${id}`, kind: 'subchannel', label: `subchannel ${id}`, detail: 'channel subsystem', stats: {} });
    }
  }
  for (const { device: d, desc } of s390VirtioBusOf(machine)?.placed ?? []) {
    out.push({ id: `s390-virtio:${hex(desc)}`, kind: 'virtio', label: d.name, detail: `s390-virtio descriptor at ${hex(desc)}, device id ${d.deviceId}`, stats: { ...d.stats } });
  }
  return out;
}

function vcpuInfo(machine: Machine): VcpuInfo[] {
  return machine.vcpus.map((v) => ({
    address: v.address,
    state: v.stopped ? 'stopped' : v.waiting ? 'waiting' : 'running',
    instructions: v.cpu.icount,
    cpuTimerUs: Number(v.cpuTimer() / 4096n),
    psw: hex(v.cpu.ia),
  }));
}

/** Counters, per-vcpu state and memory use; `time` comes from the runner that owns the slices. */
export function machineStatistics(machine: Machine, time: { runMs: number; idleMs: number }): GuestStatistics {
  const keys = keysOf(machine.vcpus[0].cpu);
  let referenced = 0;
  let changed = 0;
  for (const k of keys) {
    if ((k & STORAGE_KEY.REFERENCE) !== 0) referenced++;
    if ((k & STORAGE_KEY.CHANGE) !== 0) changed++;
  }
  return {
    intercepts: counts(machine.counters),
    io: counts(machine.css.stats),
    diagnose: counts(machine.diagnose.counts, (k) => hex(Number(k))),
    vcpus: vcpuInfo(machine),
    time: { runMs: Math.round(time.runMs), idleMs: Math.round(time.idleMs) },
    memory: { bytes: machine.storage.size, nonZeroPages: nonZeroPages(machine), referencedPages: referenced, changedPages: changed,
      keyTracking: machine.vcpus[0].cpu.mmu.domain.keyTracking ? 1 : 0 },
  };
}

/** Largest guest whose pages are scanned for touched (non-zero) frames on each request. */
const SCAN_LIMIT = 1 << 30;

/** A scan costs tens of ms per 128 MiB on the guest's thread: one per machine this often at most. */
const SCAN_INTERVAL_MS = 5000;
const scans = new WeakMap<Machine, { at: number; pages: number }>();

/**
 * Pages holding a non-zero byte: what the guest (and the loader) touched, since storage
 * starts zeroed. -1 above SCAN_LIMIT, where a scan per refresh would cost too much.
 */
function nonZeroPages(machine: Machine): number {
  if (machine.storage.size > SCAN_LIMIT) return -1;
  const now = performance.now();
  const last = scans.get(machine);
  if (last !== undefined && now - last.at < SCAN_INTERVAL_MS) return last.pages;
  const pages = scanPages(machine);
  scans.set(machine, { at: now, pages });
  return pages;
}

function scanPages(machine: Machine): number {
  const words = new Int32Array(machine.storage.buffer);
  let n = 0;
  for (let page = 0; page < words.length; page += PAGE / 4) {
    for (let i = page, end = page + PAGE / 4; i < end; i++) {
      if (words[i] !== 0) {
        n++;
        break;
      }
    }
  }
  return n;
}

/** Parses a hex string (optional 0x) of up to 16 digits into its 32-bit halves. */
export function parseHex64(text: string, what: string): [number, number] {
  const t = text.trim().replace(/^0x/i, '').replace(/_/g, '');
  if (!/^[0-9a-f]{1,16}$/i.test(t)) throw new InspectError(`${what} "${text}" is not a hex number of up to 16 digits.`);
  const p = t.padStart(16, '0');
  return [parseInt(p.slice(0, 8), 16) >>> 0, parseInt(p.slice(8), 16) >>> 0];
}

/** The DAT functions CR0 enables on this vcpu (as the MMU derives them). */
function controls(cpu: Cpu): DatControls {
  const cr0 = cpu.cr[1];
  const edat1 = cpu.mmu.installed.edat1 && (cr0 & CR0.EDAT) !== 0;
  return { edat1, edat2: cpu.mmu.installed.edat2 && edat1, iep: cpu.mmu.installed.iep && (cr0 & CR0.IEP) !== 0 };
}

function asceNotes(lo: number): string[] {
  if ((lo & ASCE.REAL_SPACE) !== 0) return ['R=1: real space (addresses translate 1:1)'];
  const dt = (lo & ASCE.DT) >>> ASCE.DT_SHIFT;
  const notes = [`DT=${dt}: ${TABLE_NAMES[dt]}`, `TL=${lo & ASCE.TL}`];
  if ((lo & ASCE.PRIVATE) !== 0) notes.push('P=1 private space');
  if ((lo & ASCE.SPACE_SWITCH) !== 0) notes.push('S=1 space switch');
  if ((lo & ASCE.STORAGE_ALTERATION) !== 0) notes.push('X=1 storage-alteration event');
  return notes;
}

function describeStep(s: DatStep, ctl: DatControls): WalkStep {
  const base = { table: TABLE_NAMES[s.tableType], index: s.index, entryAddress: hex(s.entryAddress) };
  if (s.hi === undefined || s.lo === undefined) {
    return { ...base, invalid: false, protect: false, notes: ['index outside the table length (TF/TL)'] };
  }
  const { hi, lo } = s;
  const raw = hex64(hi, lo);
  if (s.tableType === -1) {
    const invalid = (lo & PAGE_ENTRY.INVALID) !== 0;
    const notes = (lo & PAGE_ENTRY.IEP) !== 0 ? ['IEP=1 no execution'] : [];
    return { ...base, raw, invalid, protect: (lo & PAGE_ENTRY.PROTECT) !== 0, notes, next: invalid ? undefined : `page frame ${hex(hi * TWO32 + ((lo & PAGE_ENTRY.PFRA) >>> 0))}` };
  }
  if (s.tableType === TABLE_TYPE.SEGMENT) {
    const invalid = (lo & SEGMENT_ENTRY.INVALID) !== 0;
    const large = ctl.edat1 && (lo & SEGMENT_ENTRY.FORMAT) !== 0;
    const notes = [`TT=${(lo & SEGMENT_ENTRY.TT) >>> 2}`];
    if ((lo & SEGMENT_ENTRY.COMMON) !== 0) notes.push('CS=1 common segment');
    if (large) notes.push('FC=1: 1M segment frame (EDAT-1)');
    const next = invalid ? undefined : large ? `1M frame ${hex(hi * TWO32 + ((lo & SEGMENT_ENTRY.SFAA) >>> 0))}` : `page table ${hex(hi * TWO32 + ((lo & SEGMENT_ENTRY.PTO) >>> 0))}`;
    return { ...base, raw, invalid, protect: (lo & SEGMENT_ENTRY.PROTECT) !== 0, notes, next };
  }
  const invalid = (lo & REGION_ENTRY.INVALID) !== 0;
  const large = s.tableType === TABLE_TYPE.REGION_THIRD && ctl.edat2 && (lo & REGION_ENTRY.FORMAT) !== 0;
  const notes = [`TT=${(lo >>> REGION_ENTRY.TT_SHIFT) & 3}`, `TF=${(lo & REGION_ENTRY.TF) >>> REGION_ENTRY.TF_SHIFT}`, `TL=${lo & REGION_ENTRY.TL}`];
  if (large) notes.push('FC=1: 2G region frame (EDAT-2)');
  const below = TABLE_NAMES[s.tableType - 1];
  const next = invalid ? undefined : large ? `2G frame ${hex(hi * TWO32 + ((lo & REGION_ENTRY.RFAA) >>> 0))}` : `${below} ${hex(hi * TWO32 + ((lo & REGION_ENTRY.ORIGIN) >>> 0))}`;
  return { ...base, raw, invalid, protect: ctl.edat1 && (lo & REGION_ENTRY.PROTECT) !== 0, notes, next };
}

/** Explains how vcpu `vcpu` translates `address` in `space` (or with the ASCE `asceText`). */
export function explainWalk(machine: Machine, vcpu: number, space: WalkSpace, address: string, asceText?: string): PageWalk {
  const v = machine.vcpus[vcpu];
  if (v === undefined) throw new InspectError(`The guest has no vcpu ${vcpu} (it has ${machine.vcpus.length}).`);
  const cpu = v.cpu;
  let asceHi: number;
  let asceLo: number;
  if (space === 'asce') {
    if (asceText === undefined) throw new InspectError('Type an ASCE (hex) to walk its tables.');
    [asceHi, asceLo] = parseHex64(asceText, 'ASCE');
  } else {
    const cr = SPACE_CR[space];
    asceHi = cpu.cr[2 * cr];
    asceLo = cpu.cr[2 * cr + 1];
  }
  const [addrHi, addrLo] = parseHex64(address, 'Address');
  const ctl = controls(cpu);
  const x = explainTranslation(machine.storage.view, machine.storage.size, asceHi, asceLo, addrHi, addrLo, ctl);
  const common = {
    vcpu, space, asce: hex64(asceHi, asceLo), asceNotes: asceNotes(asceLo), address: hex64(addrHi, addrLo),
    steps: x.steps.map((s) => describeStep(s, ctl)), code: x.code, protect: x.protect, noExec: x.noExec,
  };
  if (x.code !== 0) {
    const why = x.stop === STOP.INVALID ? ' at an invalid entry' : x.stop === STOP.LENGTH ? ' (table length)' : '';
    return { ...common, exception: `${EXCEPTIONS[x.code] ?? `program interruption ${hex(x.code)}`}${why}` };
  }
  const abs = cpu.absolute(x.real);
  const result: PageWalk = { ...common, real: hex(x.real), absolute: hex(abs), frameSize: x.frameSize };
  if (abs >= machine.storage.size) return { ...result, backing: 'none: the absolute address lies beyond guest storage (addressing exception)' };
  const k = keysOf(cpu)[Math.floor(abs / PAGE)];
  return {
    ...result,
    storageKey: { acc: k >>> STORAGE_KEY.ACC_SHIFT, fetch: (k & STORAGE_KEY.FETCH_PROTECTION) !== 0, referenced: (k & STORAGE_KEY.REFERENCE) !== 0, changed: (k & STORAGE_KEY.CHANGE) !== 0, tracked: cpu.mmu.domain.keyTracking },
    backing: `resident: byte ${hex(abs)} of the VM's SharedArrayBuffer (${machine.storage.size / 0x10_0000} MiB, not shared with other guests, no host swap)`,
  };
}

