// The s390-virtio transport, the lguest-like design of the 2008 KVM host: device
// descriptors in a window just above guest memory, rings the host places there too, and
// three hypercalls on diagnose 0x500 (r1 = subcode, r2 = argument, r2 = result): notify by
// ring address, reset and set-status by descriptor address. The host answers a used buffer
// or a configuration change with the floating external interruption 0x2603 (subcode
// 0x0d00 in the CPU-address field, VIRTIO_PARAM_* at 0x80, the queue's token at 0x11b8).
// Rings are legacy split rings in guest (big-endian) byte order unless the driver accepts
// VIRTIO_F_VERSION_1; device headers and configuration space are the device model's.
import type { Cpu } from '../../cpu/cpu';
import type { GuestStorage } from '../../mmu/storage';
import type { DiagnoseHandler } from '../../machine/diagnose';
import { EXT_CODE, type FloatingExternal } from '../../machine/vcpu';
import { VirtioError, VIRTIO_F, VIRTIO_STATUS, type DeviceContext, type GuestMemory, type VirtioDevice } from '../device';
import { DIAG500_REG, DIAG500_SUBCODE, registerDiag500 } from '../diag500';
import { createVirtqueue, hasFeature, type TransportVirtqueue } from '../virtqueue';
import { checkDevice, DESC, FEATURE_LEN, layoutWindow, placeDevice, S390VirtioError, VQ_CONFIG, type DevicePlace, type RingPlace, type WindowLayout } from './layout';

/** The 0x2603 subcode of virtio interruptions (Linux's VIRTIO_SUBCODE_64). */
export const VIRTIO_EXT_SUBCODE = 0x0d00;
/** The interruption parameter: what happened (VIRTIO_PARAM_*). */
export const VIRTIO_PARAM = { VRING_INTERRUPT: 0, CONFIG_CHANGED: 1, DEV_ADD: 2 } as const;
/** The hypercalls' failure result: -EINVAL, as the seed's host returned it. */
export const EINVAL = 22;
/** Early console output (a notify with an address inside guest memory) is this long at most. */
const EARLY_CONSOLE_MAX = 16;
/** Features a legacy transport cannot carry: packed rings, in-order, platform access. */
const NOT_OFFERED = (1n << BigInt(VIRTIO_F.RING_PACKED)) | (1n << BigInt(VIRTIO_F.IN_ORDER)) | (1n << BigInt(VIRTIO_F.ACCESS_PLATFORM));
const MAX_NOTES = 100;

/** What the transport needs from a machine (Machine has all of it). */
export interface S390VirtioHost {
  /** Guest memory as reported to the guest: the window starts here. */
  readonly memory: number;
  readonly storage: GuestStorage;
  readonly notes: string[];
  written(abs: number, len: number): void;
  raiseExternal(e: FloatingExternal): void;
  registerDiagnose(code: number, handler: DiagnoseHandler): void;
}

export interface S390VirtioOptions {
  /** Text a guest prints with a notify on an address in its memory (the seed's early console). */
  earlyConsole?: (text: string) => void;
}

/** Transport-level counters (device counters are in each device's stats). */
export interface S390VirtioStats {
  hypercalls: number;
  /** Hypercalls naming no descriptor or ring (answered -EINVAL). */
  badHypercalls: number;
  earlyConsoleWrites: number;
}

class Slot {
  status = 0;
  active = false;
  negotiated = 0n;
  queues: TransportVirtqueue[] = [];

  constructor(readonly place: DevicePlace, readonly offered: bigint) {}
  get device(): VirtioDevice { return this.place.device; }
}

export class S390VirtioBus {
  readonly stats: S390VirtioStats = { hypercalls: 0, badHypercalls: 0, earlyConsoleWrites: 0 };
  private readonly slots: Slot[];
  private readonly byDesc = new Map<number, Slot>();
  private readonly byRing = new Map<number, { slot: Slot; index: number }>();
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  /** Device contexts see guest memory only. */
  private readonly ram: GuestMemory;
  /** Where the next descriptor and the next rings go (hotplug). */
  private nextDesc: number;
  private nextRing: number;

  constructor(private readonly host: S390VirtioHost, readonly layout: WindowLayout, private readonly options: S390VirtioOptions) {
    this.view = host.storage.view;
    this.bytes = host.storage.bytes;
    this.ram = this.memoryWith(undefined);
    this.slots = layout.devices.map((p) => new Slot(p, p.device.features & ~NOT_OFFERED));
    for (const s of this.slots) {
      this.byDesc.set(s.place.desc, s);
      s.place.rings.forEach((r, index) => this.byRing.set(r.address, { slot: s, index }));
    }
    this.bytes.fill(0, layout.base, layout.base + layout.bytes);
    for (const s of this.slots) this.sync(s);
    host.written(layout.base, layout.bytes);
    const last = layout.devices.at(-1);
    this.nextDesc = last === undefined ? layout.base : last.desc + last.descSize;
    this.nextRing = layout.base + layout.bytes;
  }

  /**
   * Plugs `device` in while the guest runs (the seed's host could not): its descriptor
   * goes after the last one, its rings after the last rings, and the driver hears of it
   * through a 0x2603 interruption with VIRTIO_PARAM_DEV_ADD (the descriptor address as the
   * 64-bit parameter), upon which Linux's kvm_virtio rescanned the page.
   */
  hotplug(device: VirtioDevice): void {
    checkDevice(device, this.slots.length);
    const { place, ringEnd } = placeDevice(device, this.nextDesc, this.nextRing);
    const descEnd = this.layout.base + this.layout.descriptorBytes;
    if (place.desc + place.descSize + 1 > descEnd) throw new S390VirtioError(`no room for ${device.name} on the device page (${descEnd - this.nextDesc} bytes left)`);
    if (ringEnd > this.host.storage.size) throw new S390VirtioError(`no room for ${device.name}'s rings in the device window (${this.host.storage.size - this.nextRing} bytes left)`);
    const slot = new Slot(place, device.features & ~NOT_OFFERED);
    this.slots.push(slot);
    this.byDesc.set(place.desc, slot);
    place.rings.forEach((r, index) => this.byRing.set(r.address, { slot, index }));
    this.bytes.fill(0, this.nextRing, ringEnd);
    this.sync(slot);
    // The zero type after it ends the scan (the page was zero there already).
    this.host.written(place.desc, place.descSize + 1);
    this.host.written(this.nextRing, ringEnd - this.nextRing);
    this.nextDesc = place.desc + place.descSize;
    this.nextRing = ringEnd;
    this.host.raiseExternal({
      code: EXT_CODE.CP_SERVICE, subcode: VIRTIO_EXT_SUBCODE, param: VIRTIO_PARAM.DEV_ADD,
      param64Hi: Math.floor(place.desc / 0x1_0000_0000), param64Lo: place.desc >>> 0,
    });
  }

  get devices(): readonly VirtioDevice[] { return this.slots.map((s) => s.device); }

  /** Each device with its descriptor address (the Devices view's id). */
  get placed(): readonly { readonly device: VirtioDevice; readonly desc: number }[] {
    return this.slots.map((s) => ({ device: s.device, desc: s.place.desc }));
  }

  // ---- hypercalls ----------------------------------------------------------------------

  /** Diagnose 0x500 subcodes 0-2: r2 is the address, the result goes back in r2. */
  hypercall(cpu: Cpu, subcode: number): void {
    this.stats.hypercalls++;
    const hi = cpu.rHi(DIAG500_REG.ARG0);
    // Past 2^53 nothing can match; keep the number exact below it.
    const addr = hi >= 0x20_0000 ? -1 : hi * 0x1_0000_0000 + cpu.r32(DIAG500_REG.ARG0);
    let ok: boolean;
    if (subcode === DIAG500_SUBCODE.S390_VIRTIO_NOTIFY) ok = this.notify(addr);
    else {
      const slot = this.byDesc.get(addr);
      ok = slot !== undefined;
      if (slot !== undefined && subcode === DIAG500_SUBCODE.S390_VIRTIO_RESET) this.reset(slot);
      else if (slot !== undefined) this.setStatus(slot);
    }
    if (!ok) {
      this.stats.badHypercalls++;
      const what = ['notify', 'reset', 'set status'][subcode];
      this.note(`s390-virtio: ${what} hypercall names no ${subcode === 0 ? 'ring' : 'device descriptor'} at 0x${hi.toString(16)}${cpu.r32(DIAG500_REG.ARG0).toString(16).padStart(8, '0')}; the guest gets -EINVAL`);
    }
    cpu.setR64(DIAG500_REG.ARG0, ok ? 0 : 0xffff_ffff, ok ? 0 : -EINVAL >>> 0);
  }

  private notify(addr: number): boolean {
    if (addr >= 0 && addr < this.host.memory) {
      this.earlyConsole(addr);
      return true;
    }
    const q = this.byRing.get(addr);
    if (q === undefined) return false;
    const { slot, index } = q;
    if (!slot.active) {
      // Device models count the kicks they get; this one never reaches the device.
      slot.device.stats.notifications++;
      this.deviceError(slot, `queue ${index} notified before the driver set DRIVER_OK; ignored`);
      return true;
    }
    slot.device.notify(index);
    return true;
  }

  /** The seed's early console: a short NUL-terminated string in guest memory. */
  private earlyConsole(addr: number): void {
    this.stats.earlyConsoleWrites++;
    const end = Math.min(addr + EARLY_CONSOLE_MAX, this.host.memory);
    let text = '';
    for (let a = addr; a < end && this.bytes[a] !== 0; a++) text += String.fromCharCode(this.bytes[a]);
    this.options.earlyConsole?.(text);
  }

  private setStatus(slot: Slot): void {
    const at = slot.place.desc;
    const status = this.bytes[at + DESC.STATUS];
    if (status === 0) {
      this.reset(slot);
      return;
    }
    slot.status = status;
    this.readGuestConfig(slot);
    if (slot.active) return;
    this.readGuestFeatures(slot);
    if ((status & VIRTIO_STATUS.DRIVER_OK) !== 0) this.activate(slot);
  }

  /** The status, the driver's features and the rings start over; the host's fields are rewritten. */
  private reset(slot: Slot): void {
    if (slot.active || slot.status !== 0) slot.device.reset();
    slot.active = false;
    slot.status = 0;
    slot.negotiated = 0n;
    slot.queues = [];
    const p = slot.place;
    this.bytes.fill(0, p.desc, p.desc + p.descSize);
    for (const r of p.rings) this.bytes.fill(0, r.address, r.address + r.bytes);
    this.sync(slot);
    this.host.written(p.desc, p.descSize);
    for (const r of p.rings) this.host.written(r.address, r.bytes);
  }

  // ---- the descriptor ------------------------------------------------------------------

  /** Writes the host's fields of a descriptor (type, counts, ring addresses, features, config). */
  private sync(slot: Slot): void {
    const p = slot.place;
    const d = slot.device;
    const at = p.desc;
    this.bytes[at + DESC.TYPE] = d.deviceId;
    this.bytes[at + DESC.NUM_VQ] = p.rings.length;
    this.bytes[at + DESC.FEATURE_LEN] = FEATURE_LEN;
    this.bytes[at + DESC.CONFIG_LEN] = d.config.length;
    p.rings.forEach((r, i) => this.writeRingConfig(at + DESC.VQ_CONFIG + i * VQ_CONFIG.SIZE, r));
    // Feature bit n is bit n % 8 of byte n / 8 (kvm_virtio's bitmap order).
    for (let i = 0; i < FEATURE_LEN; i++) this.bytes[at + p.featuresOffset + i] = Number((slot.offered >> BigInt(8 * i)) & 0xffn);
    this.bytes.set(d.config, at + p.configOffset);
  }

  private writeRingConfig(at: number, r: RingPlace): void {
    this.view.setUint32(at + VQ_CONFIG.ADDRESS, Math.floor(r.address / 0x1_0000_0000));
    this.view.setUint32(at + VQ_CONFIG.ADDRESS + 4, r.address >>> 0);
    this.view.setUint16(at + VQ_CONFIG.NUM, r.num);
  }

  private readGuestFeatures(slot: Slot): void {
    const at = slot.place.desc + slot.place.featuresOffset + FEATURE_LEN;
    let f = 0n;
    for (let i = 0; i < FEATURE_LEN; i++) f |= BigInt(this.bytes[at + i]) << BigInt(8 * i);
    if ((f & ~slot.offered) !== 0n) {
      this.deviceError(slot, `driver accepted features 0x${(f & ~slot.offered).toString(16)} that were not offered; ignored`);
    }
    slot.negotiated = f & slot.offered;
  }

  /** The driver writes configuration space in place: hand changed bytes to the device. */
  private readGuestConfig(slot: Slot): void {
    const d = slot.device;
    const at = slot.place.desc + slot.place.configOffset;
    let first = -1;
    let last = -1;
    for (let i = 0; i < d.config.length; i++) {
      if (this.bytes[at + i] !== d.config[i]) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) return;
    d.config.set(this.bytes.subarray(at + first, at + last + 1), first);
    d.configWritten?.(first, last - first + 1);
  }

  /** The host chose each ring; a driver that rewrote an address or size gets the host's back. */
  private checkRingConfigs(slot: Slot): void {
    slot.place.rings.forEach((r, i) => {
      const at = slot.place.desc + DESC.VQ_CONFIG + i * VQ_CONFIG.SIZE;
      const address = this.view.getUint32(at + VQ_CONFIG.ADDRESS) * 0x1_0000_0000 + this.view.getUint32(at + VQ_CONFIG.ADDRESS + 4);
      const num = this.view.getUint16(at + VQ_CONFIG.NUM);
      if (address !== r.address || num !== r.num) {
        this.deviceError(slot, `driver changed queue ${i}'s config to address 0x${address.toString(16)} num ${num}; the host's ring at 0x${r.address.toString(16)} num ${r.num} stands`);
        this.writeRingConfig(at, r);
        this.host.written(at, VQ_CONFIG.SIZE);
      }
    });
  }

  // ---- live device ---------------------------------------------------------------------

  private activate(slot: Slot): void {
    this.checkRingConfigs(slot);
    const d = slot.device;
    const features = slot.negotiated;
    const bigEndian = !hasFeature(features, VIRTIO_F.VERSION_1);
    const queues: TransportVirtqueue[] = [];
    try {
      slot.place.rings.forEach((r, index) => {
        queues.push(createVirtqueue({
          memory: this.memoryWith(r), index, size: r.num, packed: false,
          desc: r.desc, driver: r.avail, device: r.used, features, bigEndian,
          interrupt: () => this.interrupt(slot, index, VIRTIO_PARAM.VRING_INTERRUPT),
          stats: d.stats,
          onError: (m) => this.deviceError(slot, m, false),
        }));
      });
    } catch (e) {
      if (!(e instanceof VirtioError)) throw e;
      this.deviceError(slot, `cannot start its queues: ${e.message}`);
      this.setStatusByte(slot, slot.status | VIRTIO_STATUS.NEEDS_RESET);
      return;
    }
    slot.queues = queues;
    slot.active = true;
    const ctx: DeviceContext = {
      memory: this.ram,
      queues,
      features,
      configChanged: () => this.configChanged(slot),
      onError: (m) => this.deviceError(slot, m, false),
    };
    d.activate(ctx);
  }

  private setStatusByte(slot: Slot, status: number): void {
    slot.status = status;
    this.bytes[slot.place.desc + DESC.STATUS] = status;
    this.host.written(slot.place.desc + DESC.STATUS, 1);
  }

  private configChanged(slot: Slot): void {
    const p = slot.place;
    this.bytes.set(slot.device.config.subarray(0, p.device.config.length), p.desc + p.configOffset);
    this.host.written(p.desc + p.configOffset, p.device.config.length);
    slot.device.stats.interrupts++;
    this.interrupt(slot, 0, VIRTIO_PARAM.CONFIG_CHANGED);
  }

  /** The 0x2603 interruption with the token the driver stored for queue `index`. */
  private interrupt(slot: Slot, index: number, param: number): void {
    const at = slot.place.desc + DESC.VQ_CONFIG + index * VQ_CONFIG.SIZE + VQ_CONFIG.TOKEN;
    this.host.raiseExternal({
      code: EXT_CODE.CP_SERVICE,
      subcode: VIRTIO_EXT_SUBCODE,
      param,
      param64Hi: this.view.getUint32(at),
      param64Lo: this.view.getUint32(at + 4),
    });
  }

  /**
   * Guest memory for queue buffers and rings: all of RAM, plus this queue's own ring when
   * `ring` is given. The descriptor pages and other queues' rings stay out of reach.
   */
  private memoryWith(ring: RingPlace | undefined): GuestMemory {
    const ram = this.host.memory;
    const bytes = this.bytes;
    const host = this.host;
    return {
      size: this.host.storage.size,
      view(addr: number, len: number): Uint8Array {
        const ok = Number.isSafeInteger(addr) && Number.isSafeInteger(len) && addr >= 0 && len >= 0
          && (addr + len <= ram || (ring !== undefined && addr >= ring.address && addr + len <= ring.address + ring.bytes));
        if (!ok) throw new VirtioError(`guest address 0x${Number.isFinite(addr) ? addr.toString(16) : '?'} (+${len}) lies outside guest memory`);
        return bytes.subarray(addr, addr + len);
      },
      written: (addr, len) => host.written(addr, len),
    };
  }

  private deviceError(slot: Slot, message: string, count = true): void {
    if (count) slot.device.stats.errors++;
    const name = slot.device.name;
    this.note(message.startsWith(`${name}: `) ? message : `${name}: ${message}`);
  }

  private note(message: string): void {
    if (this.host.notes.length < MAX_NOTES) this.host.notes.push(message);
  }
}

const buses = new WeakMap<S390VirtioHost, S390VirtioBus>();

/** The s390-virtio devices of a machine, if it has the transport (the Devices view). */
export function s390VirtioBusOf(host: S390VirtioHost): S390VirtioBus | undefined {
  return buses.get(host);
}

/**
 * Puts `devices` on the s390-virtio transport of `machine`, whose deviceWindow must hold
 * them (s390VirtioWindow(devices) bytes), and registers diagnose 0x500 subcodes 0-2.
 */
export function attachS390Virtio(host: S390VirtioHost, devices: readonly VirtioDevice[], options: S390VirtioOptions = {}): S390VirtioBus {
  if (buses.has(host)) throw new S390VirtioError('the machine has its s390-virtio devices already; add more with hotplug()');
  const layout = layoutWindow(host.memory, devices);
  const window = host.storage.size - host.memory;
  if (layout.bytes > window) {
    throw new S390VirtioError(`${devices.length} s390-virtio devices need ${layout.bytes} bytes above guest memory; the machine has a window of ${window} (MachineOptions.deviceWindow = s390VirtioWindow(devices))`);
  }
  const bus = new S390VirtioBus(host, layout, options);
  buses.set(host, bus);
  for (const subcode of [DIAG500_SUBCODE.S390_VIRTIO_NOTIFY, DIAG500_SUBCODE.S390_VIRTIO_RESET, DIAG500_SUBCODE.S390_VIRTIO_SET_STATUS]) {
    registerDiag500(host, subcode, (cpu) => bus.hypercall(cpu, subcode));
  }
  return bus;
}
