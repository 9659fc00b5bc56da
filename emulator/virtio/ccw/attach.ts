// Plugging virtio devices into a machine over virtio-ccw, as QEMU's s390-ccw-virtio does:
// each device gets a virtual subchannel in css 0xfe subchannel set 0 (devnos 0.0.0000
// upward, the first free subchannel number), the virtual channel path 0 of type 0x32, and
// notification by diagnose 0x500 subcode 3. A device attached while the guest runs is
// announced with a channel report word (hotplug), as QEMU's device_add; detaching one
// (unplug) removes its subchannel and reports that too.
import type { Cpu } from '../../cpu/cpu';
import { CSS_LIMITS } from '../../io/css';
import type { Machine } from '../../machine/machine';
import { decodeSubchannelId } from '../../cpu/io-instructions';
import type { VirtioDevice } from '../device';
import { DIAG500_REG, DIAG500_SUBCODE, registerDiag500 } from '../diag500';
import { machineMemory } from '../guest-memory';
import { VirtioCcwTransport, VIRTIO_CCW_CHPID_TYPE, VIRTIO_QUEUE_MAX } from './transport';
import { VirtualSubchannel } from './virtual-subchannel';

/** Channel report word fields (PoP "Channel-Report Word"). */
export const CRW = {
  CHAIN: 0x1000_0000,
  RSC_SUBCHANNEL: 0x3 << 24,
  ERC_INSTALLED_PARAMETERS_INITIALIZED: 0x04 << 16,
} as const;
const VIRTUAL_CHPID = 0;
const MAX_DEVNO = 0xffff;
/** Diagnose 0x500 return values in register 2 (Linux reads a negative one as a broken queue). */
const NOTIFY_OK = 0;
const NOTIFY_EINVAL = -22;

export interface CcwAttachOptions {
  /** Device number (0.0.xxxx); the first free one from 0 when absent. */
  devno?: number;
  /** Guest errors go here (default: the machine's notes). */
  onError?: (message: string) => void;
  /** Announce the device to a running guest with a channel report (hotplug). */
  hotplug?: boolean;
}

/** One attached device: its bus id and its parts. */
export interface CcwAttachment {
  readonly devno: number;
  readonly subchannel: VirtualSubchannel;
  readonly transport: VirtioCcwTransport;
  /** "0.0.0003", as Linux names the ccw device. */
  readonly busId: string;
}

/** The virtio-ccw devices of one machine, by subchannel number. */
class CcwBus {
  readonly bySubchannel = new Map<number, CcwAttachment>();
  readonly devnos = new Set<number>();

  constructor(machine: Machine) {
    machine.css.addChannelPath(CSS_LIMITS.VIRTUAL_CSSID, VIRTUAL_CHPID, VIRTIO_CCW_CHPID_TYPE);
    registerDiag500(machine, DIAG500_SUBCODE.CCW_NOTIFY, (cpu) => this.notify(cpu));
  }

  /** Diagnose 0x500 subcode 3: r2 subchannel id, r3 queue index, r4 cookie; result in r2. */
  private notify(cpu: Cpu): void {
    const id = cpu.rHi(DIAG500_REG.ARG0) === 0 ? decodeSubchannelId(cpu.r32(DIAG500_REG.ARG0)) : undefined;
    const queue = cpu.rHi(3) === 0 ? cpu.r32(3) : VIRTIO_QUEUE_MAX;
    const cssid = id === undefined ? -1 : id.m ? id.cssid : CSS_LIMITS.VIRTUAL_CSSID;
    const a = id !== undefined && cssid === CSS_LIMITS.VIRTUAL_CSSID && id.ssid === 0 ? this.bySubchannel.get(id.number) : undefined;
    if (a === undefined || queue >= VIRTIO_QUEUE_MAX) {
      cpu.setR64(DIAG500_REG.ARG0, 0xffff_ffff, NOTIFY_EINVAL >>> 0);
      return;
    }
    a.transport.notify(queue);
    cpu.setR64(DIAG500_REG.ARG0, 0, NOTIFY_OK);
  }

  freeSubchannel(): number {
    for (let n = 0; n <= CSS_LIMITS.MAX_SUBCHANNEL; n++) if (!this.bySubchannel.has(n)) return n;
    throw new Error('no free subchannel in css 0xfe');
  }

  freeDevno(): number {
    for (let n = 0; n <= MAX_DEVNO; n++) if (!this.devnos.has(n)) return n;
    throw new Error('no free device number in css 0xfe');
  }
}

const buses = new WeakMap<Machine, CcwBus>();

/** The virtio-ccw devices attached to `machine`, by subchannel number (the Devices view lists them). */
export function ccwAttachments(machine: Machine): readonly CcwAttachment[] {
  return [...(buses.get(machine)?.bySubchannel.values() ?? [])];
}

/** Attaches `device` to `machine` over virtio-ccw. Throws Error for a devno already in use. */
export function attachVirtioCcw(machine: Machine, device: VirtioDevice, options: CcwAttachOptions = {}): CcwAttachment {
  let bus = buses.get(machine);
  if (bus === undefined) {
    bus = new CcwBus(machine);
    buses.set(machine, bus);
  }
  const devno = options.devno ?? bus.freeDevno();
  if (!Number.isInteger(devno) || devno < 0 || devno > MAX_DEVNO) throw new Error(`device number ${devno} is not 0 to 0xffff`);
  if (bus.devnos.has(devno)) throw new Error(`device number 0.0.${hex4(devno)} is already in use`);
  const number = bus.freeSubchannel();
  const memory = machineMemory(machine);
  const onError = options.onError ?? ((m: string) => { if (machine.notes.length < 100) machine.notes.push(m); });
  const css = machine.css;
  // The transport signals through the subchannel built right after it.
  const link: { sch?: VirtualSubchannel } = {};
  const transport = new VirtioCcwTransport(device, {
    memory,
    raiseAdapter: (word) => css.raiseInterruption({ sid: 0, parameter: 0, word }),
    conditionalInterrupt: () => link.sch?.conditionalInterrupt(),
    onError,
  });
  const sch = new VirtualSubchannel({
    cssid: CSS_LIMITS.VIRTUAL_CSSID,
    ssid: 0,
    number,
    devno,
    chpid: VIRTUAL_CHPID,
    memory,
    device: transport,
    raise: (sid, parameter, isc) => css.raiseInterruption({ sid, parameter, word: (isc << 27) >>> 0 }),
    withdraw: (sid) => css.withdrawInterruption(sid),
    multipleCss: () => css.maxCssid > 0,
    onCheck: (end) => {
      device.stats.errors++;
      onError(`${device.name} (0.0.${hex4(devno)}): ${end.kind === 'unit-check' ? 'unit check' : 'channel program check'}: ${end.message ?? ''}`);
    },
    onDisable: () => transport.disabled(),
  });
  link.sch = sch;
  css.attach(sch);
  const attachment: CcwAttachment = { devno, subchannel: sch, transport, busId: `0.0.${hex4(devno)}` };
  bus.bySubchannel.set(number, attachment);
  bus.devnos.add(devno);
  if (options.hotplug === true) announce(machine, number);
  return attachment;
}

/**
 * Unplugs a device (QEMU's device_del): its subchannel disappears, the device is reset and
 * closed, and a channel report tells the guest, which then finds the subchannel gone.
 */
export function detachVirtioCcw(machine: Machine, attachment: CcwAttachment): void {
  const bus = buses.get(machine);
  const number = attachment.subchannel.number;
  if (bus?.bySubchannel.get(number) !== attachment) throw new Error(`${attachment.busId} is not attached to this machine`);
  bus.bySubchannel.delete(number);
  bus.devnos.delete(attachment.devno);
  machine.css.detach(attachment.subchannel);
  attachment.transport.reset();
  attachment.transport.device.close?.();
  announce(machine, number);
}

/** Queues the channel report that tells the guest subchannel `number` appeared or changed. */
function announce(machine: Machine, number: number): void {
  const css = machine.css;
  const chained = css.maxSsid > 0 || css.maxCssid > 0;
  css.reports.push((CRW.RSC_SUBCHANNEL | CRW.ERC_INSTALLED_PARAMETERS_INITIALIZED | (chained ? CRW.CHAIN : 0) | number) >>> 0);
  if (chained) css.reports.push((CRW.RSC_SUBCHANNEL | CRW.ERC_INSTALLED_PARAMETERS_INITIALIZED | (CSS_LIMITS.VIRTUAL_CSSID << 8)) >>> 0);
}

/** The virtio-ccw devices attached to `machine`, by subchannel number. */
export function ccwDevices(machine: Machine): readonly CcwAttachment[] {
  return [...(buses.get(machine)?.bySubchannel.values() ?? [])];
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
