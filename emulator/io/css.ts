// The channel subsystem (PoP "Input/Output Operations" and "I/O Interruptions"): the
// subchannel sets of each channel-subsystem image, the floating I/O interruptions queued
// by interruption subclass, channel report words, channel paths, and CHSC. Devices plug
// in as Subchannels (virtio-ccw grows here); with none attached, the guest's probing
// sees an empty configuration exactly as under QEMU (STSCH condition code 3 everywhere).
import { PGM, ProgramInterrupt } from '../cpu/interrupts';
import type { ChannelSubsystemPort, IoInterruption, SubchannelId, TestResult } from '../cpu/io-instructions';
import { channelSubsystemCall, type ChscHost } from './chsc';
import type { Subchannel } from './subchannel';

/** Architected limits (QEMU uses the same). */
export const CSS_LIMITS = {
  MAX_CSSID: 255,
  MAX_SSID: 3,
  MAX_SUBCHANNEL: 0xffff,
  MAX_CHPID: 255,
  VIRTUAL_CSSID: 0xfe,
} as const;

/** The I/O-interruption subclass of an interruption-identification word (bits 2-4). */
export function iscOf(word: number): number {
  return (word >>> 27) & 7;
}

/**
 * Channel report words queued for STCRW, and whether a machine check reports them. One
 * channel-report-pending machine check announces a batch: the first CRW queued while
 * armed raises it, and a STCRW that finds the queue empty re-arms it (as QEMU does).
 */
export class ChannelReports {
  private readonly queue: number[] = [];
  private armed = true;
  /** A channel-report-pending machine check waits for a CPU enabled for it. */
  machineCheckPending = false;

  get pending(): boolean { return this.queue.length > 0; }
  push(crw: number): void {
    this.queue.push(crw >>> 0);
    if (this.armed) {
      this.armed = false;
      this.machineCheckPending = true;
    }
  }
  take(): number | undefined {
    const crw = this.queue.shift();
    if (crw === undefined) this.armed = true;
    return crw;
  }
  unshift(crw: number): void { this.queue.unshift(crw >>> 0); }
  /** Takes the pending machine check, if any (a CPU is presenting it). */
  takeMachineCheck(): boolean {
    const p = this.machineCheckPending;
    this.machineCheckPending = false;
    return p;
  }
}

export class ChannelSubsystem implements ChannelSubsystemPort, ChscHost {
  /** Subchannels by key (cssid, ssid, number). */
  private readonly subchannels = new Map<number, Subchannel>();
  /** Highest subchannel number in use per (cssid, ssid), for "no more subchannels". */
  private readonly highest = new Map<number, number>();
  /** Channel paths: type by (cssid << 8 | chpid). */
  private readonly paths = new Map<number, number>();
  /** Pending I/O interruptions, one FIFO per ISC. */
  private readonly pendingIo: IoInterruption[][] = Array.from({ length: 8 }, () => []);
  readonly reports = new ChannelReports();
  /** The image addressed when the M bit is off: QEMU's virtual CSS, where virtio-ccw lives. */
  readonly defaultCssid = CSS_LIMITS.VIRTUAL_CSSID;
  /** Raised by CHSC set-domain-attributes: images / subchannel sets beyond 0 become visible. */
  maxCssid = 0;
  maxSsid = 0;
  /** Counters per instruction, like kvm_stat. */
  readonly stats = new Map<string, number>();
  /** Told whenever an I/O interruption becomes pending (the machine wakes a vcpu). */
  onInterruption: (() => void) | undefined;

  private static key(cssid: number, ssid: number, number: number): number {
    return ((cssid << 18) | (ssid << 16) | number) >>> 0;
  }

  private count(what: string): void {
    this.stats.set(what, (this.stats.get(what) ?? 0) + 1);
  }

  // ---- configuration (devices and channel paths) ----------------------------------------

  /** Every attached subchannel, for tools (the Devices view); no counters move. */
  list(): readonly Subchannel[] {
    return [...this.subchannels.values()];
  }

  /** Adds a subchannel (a device) at its id. */
  attach(sch: Subchannel): void {
    const k = ChannelSubsystem.key(sch.cssid, sch.ssid, sch.number);
    if (this.subchannels.has(k)) throw new Error(`subchannel ${sch.cssid}.${sch.ssid}.${sch.number.toString(16).padStart(4, '0')} is already in use`);
    this.subchannels.set(k, sch);
    const set = (sch.cssid << 2) | sch.ssid;
    this.highest.set(set, Math.max(this.highest.get(set) ?? -1, sch.number));
  }

  /** Removes a subchannel (device unplug); its pending interruption goes with it. */
  detach(sch: Subchannel): void {
    const k = ChannelSubsystem.key(sch.cssid, sch.ssid, sch.number);
    if (this.subchannels.get(k) !== sch) return;
    this.subchannels.delete(k);
    for (const q of this.pendingIo) {
      for (let i = q.length - 1; i >= 0; i--) {
        const sid = q[i].sid;
        if ((sid & 0x0001_0000) !== 0 && (sid & 0xffff) === sch.number && ((sid >>> 17) & 3) === sch.ssid) q.splice(i, 1);
      }
    }
    const set = (sch.cssid << 2) | sch.ssid;
    let last = -1;
    for (const other of this.subchannels.values()) if (((other.cssid << 2) | other.ssid) === set) last = Math.max(last, other.number);
    if (last < 0) this.highest.delete(set);
    else this.highest.set(set, last);
  }

  addChannelPath(cssid: number, chpid: number, type: number): void {
    this.paths.set((cssid << 8) | chpid, type);
  }

  /** Queues an I/O interruption (a subchannel became status pending, or an adapter). */
  raiseInterruption(irq: IoInterruption): void {
    this.pendingIo[iscOf(irq.word)].push(irq);
    this.onInterruption?.();
  }

  /** Withdraws the pending interruption of subchannel `sid` (TSCH, CSCH clear it). */
  withdrawInterruption(sid: number): void {
    for (const q of this.pendingIo) {
      const i = q.findIndex((x) => x.sid === sid);
      if (i >= 0) q.splice(i, 1);
    }
  }

  /** True when an I/O interruption of an ISC in `iscMask` (0x80 = ISC 0) is pending. */
  interruptionPending(iscMask: number): boolean {
    for (let isc = 0; isc < 8; isc++) if ((iscMask & (0x80 >> isc)) !== 0 && this.pendingIo[isc].length > 0) return true;
    return false;
  }

  /** True when any I/O interruption is pending, whatever the masks. */
  get anyInterruptionPending(): boolean {
    return this.pendingIo.some((q) => q.length > 0);
  }

  // ---- lookup ----------------------------------------------------------------------------

  private cssidOf(id: SubchannelId): number {
    return !id.m && id.cssid === 0 ? this.defaultCssid : id.cssid;
  }

  private visible(sch: Subchannel): boolean {
    if (sch.ssid > this.maxSsid) return false;
    return sch.cssid === this.defaultCssid || this.maxCssid > 0;
  }

  /** The visible subchannel at `id`, or undefined (condition code 3). */
  private find(id: SubchannelId): Subchannel | undefined {
    const sch = this.subchannels.get(ChannelSubsystem.key(this.cssidOf(id), id.ssid, id.number));
    return sch !== undefined && this.visible(sch) ? sch : undefined;
  }

  // ---- ChannelSubsystemPort ---------------------------------------------------------------

  storeSubchannel(id: SubchannelId): Uint8Array | undefined {
    this.count('stsch');
    const cssid = this.cssidOf(id);
    const sch = this.subchannels.get(ChannelSubsystem.key(cssid, id.ssid, id.number));
    if (sch !== undefined) return this.visible(sch) ? sch.store() : undefined;
    // Past the last subchannel of the set: "no more subchannels"; below it, an empty SCHIB.
    const last = this.highest.get((cssid << 2) | id.ssid);
    if (last === undefined || id.number > last) return undefined;
    return new Uint8Array(52);
  }

  modifySubchannel(id: SubchannelId, schib: Uint8Array): number {
    this.count('msch');
    if (!schibValid(schib)) throw new ProgramInterrupt(PGM.OPERAND);
    return this.find(id)?.modify(schib) ?? 3;
  }

  startSubchannel(id: SubchannelId, orb: Uint8Array): number {
    this.count('ssch');
    const sch = this.find(id);
    return sch === undefined ? 3 : sch.start(orb);
  }

  testSubchannel(id: SubchannelId): TestResult | undefined {
    this.count('tsch');
    return this.find(id)?.test();
  }

  clearSubchannel(id: SubchannelId): number { this.count('csch'); return this.find(id)?.clear() ?? 3; }
  haltSubchannel(id: SubchannelId): number { this.count('hsch'); return this.find(id)?.halt() ?? 3; }
  cancelSubchannel(id: SubchannelId): number { this.count('xsch'); return this.find(id)?.cancel() ?? 3; }
  resumeSubchannel(id: SubchannelId): number { this.count('rsch'); return this.find(id)?.resume() ?? 3; }

  takeIoInterruption(iscMask: number): IoInterruption | undefined {
    this.count('tpi');
    return this.dequeue(iscMask);
  }

  /** Dequeues the next I/O interruption, lowest ISC first, for TPI or delivery. */
  dequeue(iscMask: number): IoInterruption | undefined {
    for (let isc = 0; isc < 8; isc++) {
      if ((iscMask & (0x80 >> isc)) !== 0 && this.pendingIo[isc].length > 0) return this.pendingIo[isc].shift();
    }
    return undefined;
  }

  takeChannelReport(): number | undefined {
    this.count('stcrw');
    return this.reports.take();
  }

  requeueChannelReport(crw: number): void {
    this.reports.unshift(crw);
  }

  channelSubsystemCall(request: Uint8Array): Uint8Array {
    this.count('chsc');
    return channelSubsystemCall(this, request);
  }

  resetChannelPath(cssid: number, chpid: number): number | undefined {
    this.count('rchp');
    if (cssid > this.maxCssid) return undefined;
    // Resetting an installed (virtual) path has nothing to reset; an absent one is not operational.
    return this.paths.has((cssid << 8) | chpid) ? 0 : 3;
  }

  setChannelMonitor(): void {
    this.count('schm');
  }

  // ---- ChscHost --------------------------------------------------------------------------

  cssPresent(cssid: number): boolean {
    if (cssid === this.defaultCssid) return true;
    for (const sch of this.subchannels.values()) if (sch.cssid === cssid) return true;
    return false;
  }

  channelPathType(cssid: number, chpid: number): number | undefined {
    return this.paths.get((cssid << 8) | chpid);
  }

  enableMultipleCss(): void { this.maxCssid = CSS_LIMITS.MAX_CSSID; }
  enableMultipleSubchannelSets(): void { this.maxSsid = CSS_LIMITS.MAX_SSID; }
}

/** SCHIB layout facts MSCH checks (PMCW flags at 4, characteristics at 24, MBA at 40). */
const PMCW_FLAGS_RESERVED = 0x0700;
const PMCW_CHARS_RESERVED = 0xff1f_fff8;
const PMCW_CHARS_MBFC = 0x0000_0004;
const PMCW_CHARS_XMWME = 0x0000_0002;
const MB_FORMAT1_ALIGN = 64;

/**
 * The SCHIB checks MSCH makes before looking at the subchannel: reserved PMCW bits zero,
 * no extended measurement-word mode (not provided), a format-1 measurement block aligned.
 */
export function schibValid(schib: Uint8Array): boolean {
  const v = new DataView(schib.buffer, schib.byteOffset, schib.byteLength);
  const chars = v.getUint32(24);
  if ((v.getUint16(4) & PMCW_FLAGS_RESERVED) !== 0 || (chars & PMCW_CHARS_RESERVED) !== 0) return false;
  if ((chars & PMCW_CHARS_XMWME) !== 0) return false;
  return (chars & PMCW_CHARS_MBFC) === 0 || v.getUint32(44) % MB_FORMAT1_ALIGN === 0;
}
