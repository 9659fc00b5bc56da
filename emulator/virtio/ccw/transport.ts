// The virtio-ccw transport (virtio 1.x "Virtio Over Channel I/O"): a VirtioDevice behind
// a virtual subchannel with control-unit type 0x3832. The driver configures it with
// channel programs (revision, features, config space, status, queues, indicators); the
// device signals through classic indicators plus a subchannel interruption, or through
// adapter (thin) interrupts with a summary indicator. A driver that negotiates revision 1
// or 2 (Linux does) gets a virtio 1.x device: 64 feature bits, separate ring areas,
// little-endian rings. Without SET_VIRTIO_REV (or with revision 0) the device is legacy,
// as QEMU's transitional devices: 32 feature bits, one ring area aligned to 4 KiB and
// big-endian (guest byte order) rings; the config space stays as the device keeps it.
import { VIRTIO_STATUS, VirtioError, type DeviceContext, type GuestMemory, type VirtioDevice } from '../device';
import { createVirtqueue, hasFeature, type TransportVirtqueue } from '../virtqueue';
import { VIRTIO_F } from '../device';
import { CommandReject, ProgramCheck, SENSE_SIZE, type Ccw, type ChannelDevice, type DataArea } from './channel-program';

/** virtio-ccw channel commands. */
export const VIRTIO_CCW_CMD = {
  WRITE_FEAT: 0x11,
  READ_FEAT: 0x12,
  SET_VQ: 0x13,
  WRITE_CONF: 0x21,
  READ_CONF: 0x22,
  WRITE_STATUS: 0x31,
  READ_VQ_CONF: 0x32,
  VDEV_RESET: 0x33,
  SET_IND: 0x43,
  SET_CONF_IND: 0x53,
  READ_STATUS: 0x72,
  SET_IND_ADAPTER: 0x73,
  SET_VIRTIO_REV: 0x83,
} as const;

/** The control-unit type Linux's virtio_ccw driver matches; the model is the virtio device id. */
export const VIRTIO_CCW_CU_TYPE = 0x3832;
/** The channel-path type of the virtual channel path. */
export const VIRTIO_CCW_CHPID_TYPE = 0x32;
export const VIRTIO_CCW_MAX_REV = 2;
/** Queue indexes a driver may name (virtio's VIRTIO_QUEUE_MAX, as QEMU). */
export const VIRTIO_QUEUE_MAX = 1024;
/** Classic indicators are one 64-bit word: one bit per queue. */
const CLASSIC_INDICATOR_BITS = 64;
/** Sizes of the command payloads. */
const SIZE = { FEATURES: 5, VQ_INFO: 32, VQ_INFO_LEGACY: 16, VQ_CONFIG: 4, INDICATOR: 8, THININT: 25, REV: 4, STATUS: 1 } as const;
/** Legacy rings: the used ring starts at this alignment after the available ring. */
const LEGACY_RING_ALIGN = 4096;
/** I/O-interruption word of an adapter interruption: bit 0, ISC in bits 2-4. */
const IO_INT_ADAPTER = 0x8000_0000;

interface QueueConfig {
  desc: number;
  driver: number;
  device: number;
  size: number;
}

interface Thinint {
  summary: number;
  indicator: number;
  bit: number;
  isc: number;
}

export interface VirtioCcwHost {
  memory: GuestMemory;
  /** Raises an adapter interruption for `isc`. */
  raiseAdapter(word: number): void;
  /** Makes the subchannel status pending with alert status unless it is already. */
  conditionalInterrupt(): void;
  /** A guest error for the user (one line); the transport counts it in device.stats.errors. */
  onError(message: string): void;
}

export class VirtioCcwTransport implements ChannelDevice {
  readonly senseId = new Uint8Array(8);
  readonly sense = new Uint8Array(SENSE_SIZE);
  readonly format1Only = true;
  revision = -1;
  status = 0;
  driverFeatures = 0n;
  private queueConfigs: (QueueConfig | undefined)[] = [];
  private queues: (TransportVirtqueue | undefined)[] = [];
  private indicators: number | undefined;
  private configIndicator: number | undefined;
  private thinint: Thinint | undefined;
  private active = false;
  private readonly kickedEarly = new Set<number>();

  constructor(readonly device: VirtioDevice, private readonly host: VirtioCcwHost) {
    this.senseId[0] = 0xff;
    this.senseId[1] = VIRTIO_CCW_CU_TYPE >> 8;
    this.senseId[2] = VIRTIO_CCW_CU_TYPE & 0xff;
    this.senseId[3] = device.deviceId;
  }

  /** Guest errors: counted once per event and reported. */
  private error(message: string): void {
    this.device.stats.errors++;
    this.host.onError(`${this.device.name}: ${message}`);
  }

  /** Legacy (pre-1.0) operation: no revision 1 or 2 negotiated. */
  get legacy(): boolean {
    return this.revision < 1;
  }

  command = (ccw: Ccw, data: DataArea): number => {
    switch (ccw.code) {
      case VIRTIO_CCW_CMD.SET_VIRTIO_REV: return this.setRevision(ccw, data);
      case VIRTIO_CCW_CMD.READ_FEAT: return this.readFeatures(data);
      case VIRTIO_CCW_CMD.WRITE_FEAT: return this.writeFeatures(data);
      case VIRTIO_CCW_CMD.READ_CONF: return this.readConfig(ccw, data);
      case VIRTIO_CCW_CMD.WRITE_CONF: return this.writeConfig(ccw, data);
      case VIRTIO_CCW_CMD.READ_STATUS:
        data.expect(SIZE.STATUS);
        data.write(Uint8Array.of(this.status));
        return SIZE.STATUS;
      case VIRTIO_CCW_CMD.WRITE_STATUS:
        data.expect(SIZE.STATUS);
        this.writeStatus(data.read(SIZE.STATUS)[0]);
        return SIZE.STATUS;
      case VIRTIO_CCW_CMD.READ_VQ_CONF: return this.readQueueConfig(data);
      case VIRTIO_CCW_CMD.SET_VQ: return this.setQueue(data);
      case VIRTIO_CCW_CMD.SET_IND: return this.setIndicators(data);
      case VIRTIO_CCW_CMD.SET_CONF_IND: {
        data.expect(SIZE.INDICATOR);
        this.configIndicator = u64(data.read(SIZE.INDICATOR), 0);
        return SIZE.INDICATOR;
      }
      case VIRTIO_CCW_CMD.SET_IND_ADAPTER: return this.setAdapterIndicators(data);
      case VIRTIO_CCW_CMD.VDEV_RESET:
        this.reset();
        return 0;
      default:
        throw new CommandReject(`command 0x${ccw.code.toString(16)} not supported`);
    }
  };

  private setRevision(ccw: Ccw, data: DataArea): number {
    if (ccw.count < SIZE.REV) throw new ProgramCheck('SET_VIRTIO_REV count too small');
    const b = data.read(SIZE.REV);
    const revision = (b[0] << 8) | b[1];
    const length = (b[2] << 8) | b[3];
    if (ccw.count < SIZE.REV + length || (ccw.checkLength && ccw.count > SIZE.REV + length)) throw new ProgramCheck('SET_VIRTIO_REV length mismatch');
    if (this.revision >= 0 || revision > VIRTIO_CCW_MAX_REV) throw new CommandReject(`revision ${revision} refused`);
    this.revision = revision;
    return SIZE.REV + length;
  }

  private readFeatures(data: DataArea): number {
    data.expect(SIZE.FEATURES);
    const index = data.read(SIZE.FEATURES)[4];
    const offered = this.device.features;
    // Bits 32-63 (VERSION_1 among them) only for a revision >= 1 driver.
    const word = index === 0 ? Number(offered & 0xffff_ffffn) : index === 1 && !this.legacy ? Number((offered >> 32n) & 0xffff_ffffn) : 0;
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, word, true);
    data.write(out);
    return SIZE.FEATURES;
  }

  private writeFeatures(data: DataArea): number {
    data.expect(SIZE.FEATURES);
    const b = data.read(SIZE.FEATURES);
    const word = BigInt(new DataView(b.buffer).getUint32(0, true));
    const offered = this.device.features;
    if (b[4] === 0) this.driverFeatures = (this.driverFeatures & ~0xffff_ffffn) | (word & offered & 0xffff_ffffn);
    else if (b[4] === 1 && !this.legacy) this.driverFeatures = (this.driverFeatures & 0xffff_ffffn) | ((word << 32n) & offered);
    return SIZE.FEATURES;
  }

  private readConfig(ccw: Ccw, data: DataArea): number {
    const config = this.device.config;
    if (ccw.checkLength && ccw.count > config.length) throw new ProgramCheck(`READ_CONF of ${ccw.count} bytes, config space has ${config.length}`);
    const len = Math.min(ccw.count, config.length);
    data.write(config.subarray(0, len));
    return len;
  }

  private writeConfig(ccw: Ccw, data: DataArea): number {
    const config = this.device.config;
    if (ccw.checkLength && ccw.count > config.length) throw new ProgramCheck(`WRITE_CONF of ${ccw.count} bytes, config space has ${config.length}`);
    const len = Math.min(ccw.count, config.length);
    config.set(data.read(len));
    this.device.configWritten?.(0, len);
    return len;
  }

  private writeStatus(status: number): void {
    if (status === 0) {
      this.reset();
      return;
    }
    const newly = status & ~this.status;
    if ((newly & VIRTIO_STATUS.FEATURES_OK) !== 0 && !this.legacy && !hasFeature(this.driverFeatures, VIRTIO_F.VERSION_1)) {
      // A revision >= 1 driver must accept VIRTIO_F_VERSION_1.
      throw new CommandReject('FEATURES_OK without VIRTIO_F_VERSION_1');
    }
    this.status = status;
    if ((newly & VIRTIO_STATUS.DRIVER_OK) !== 0 && !this.active) this.activate();
  }

  private readQueueConfig(data: DataArea): number {
    data.expect(SIZE.VQ_CONFIG);
    const b = data.read(SIZE.VQ_CONFIG);
    const index = (b[0] << 8) | b[1];
    if (index >= VIRTIO_QUEUE_MAX) throw new ProgramCheck(`READ_VQ_CONF for queue ${index}`);
    const num = this.device.queueSizes[index] ?? 0;
    data.write(Uint8Array.of(b[0], b[1], num >> 8, num & 0xff));
    return SIZE.VQ_CONFIG;
  }

  private setQueue(data: DataArea): number {
    const legacy = this.legacy;
    const length = legacy ? SIZE.VQ_INFO_LEGACY : SIZE.VQ_INFO;
    data.expect(length);
    const b = data.read(length);
    const dv = new DataView(b.buffer);
    const desc = u64(b, 0);
    const index = dv.getUint16(12);
    const num = dv.getUint16(14);
    if (index >= VIRTIO_QUEUE_MAX) throw new ProgramCheck(`SET_VQ for queue ${index}`);
    if (legacy && desc !== 0 && dv.getUint32(8) !== LEGACY_RING_ALIGN) throw new ProgramCheck(`SET_VQ: legacy ring alignment ${dv.getUint32(8)}`);
    if (desc === 0) {
      this.queueConfigs[index] = undefined;
      this.queues[index] = undefined;
      return length;
    }
    const max = this.device.queueSizes[index] ?? 0;
    // virtio 1 drivers may choose a smaller queue; legacy ones use the device's size.
    if (num === 0 || num > max || (legacy && num < max)) throw new ProgramCheck(`SET_VQ: queue ${index} of size ${num} (device size ${max})`);
    const size = legacy ? max : num;
    let driver: number;
    let device: number;
    if (legacy) {
      driver = desc + 16 * size;
      device = Math.ceil((driver + 6 + 2 * size) / LEGACY_RING_ALIGN) * LEGACY_RING_ALIGN;
    } else {
      driver = u64(b, 16);
      device = u64(b, 24);
    }
    const config = { desc, driver, device, size };
    try {
      this.queues[index] = this.makeQueue(index, config);
    } catch (e) {
      if (!(e instanceof VirtioError)) throw e;
      this.error(`SET_VQ queue ${index}: ${e.message}`);
      throw new ProgramCheck(e.message);
    }
    this.queueConfigs[index] = config;
    return length;
  }

  private makeQueue(index: number, c: QueueConfig): TransportVirtqueue {
    return createVirtqueue({
      memory: this.host.memory,
      index,
      size: c.size,
      packed: hasFeature(this.driverFeatures, VIRTIO_F.RING_PACKED),
      desc: c.desc,
      driver: c.driver,
      device: c.device,
      features: this.driverFeatures,
      interrupt: () => this.queueInterrupt(index),
      stats: this.device.stats,
      onError: (m) => this.host.onError(`${this.device.name}: ${m}`),
      bigEndian: this.legacy,
    });
  }

  private setIndicators(data: DataArea): number {
    data.expect(SIZE.INDICATOR);
    if (this.thinint !== undefined) throw new CommandReject('SET_IND with adapter interrupts active');
    if (this.device.queueSizes.length > CLASSIC_INDICATOR_BITS) throw new CommandReject('more queues than classic indicator bits');
    this.indicators = u64(data.read(SIZE.INDICATOR), 0);
    return SIZE.INDICATOR;
  }

  private setAdapterIndicators(data: DataArea): number {
    data.expect(SIZE.THININT);
    if (this.indicators !== undefined && this.thinint === undefined) throw new CommandReject('SET_IND_ADAPTER after SET_IND');
    const b = data.read(SIZE.THININT);
    const summary = u64(b, 0);
    const indicator = u64(b, 8);
    const bit = u64(b, 16);
    if (summary === 0 || indicator === 0) {
      // Deregistration (the driver tears its queues down).
      this.thinint = undefined;
      this.indicators = undefined;
      return SIZE.THININT;
    }
    this.thinint = { summary, indicator, bit, isc: b[24] & 7 };
    this.indicators = indicator;
    return SIZE.THININT;
  }

  private activate(): void {
    this.active = true;
    const ctx: DeviceContext = {
      memory: this.host.memory,
      queues: this.queues,
      features: this.driverFeatures,
      configChanged: () => this.configInterrupt(),
      onError: (m) => this.error(m),
    };
    this.device.activate(ctx);
    // Buffers the driver offered (and kicked) before DRIVER_OK are looked at now.
    const early = [...this.kickedEarly];
    this.kickedEarly.clear();
    for (const q of early) if (this.queues[q] !== undefined) this.device.notify(q);
  }

  /** Diagnose 0x500 subcode 3: the driver kicked queue `index`. */
  notify(index: number): void {
    this.device.stats.notifications++;
    if (this.queues[index] === undefined) return;
    if (!this.active) {
      this.kickedEarly.add(index);
      return;
    }
    this.device.notify(index);
  }

  reset(): void {
    if (this.active || this.status !== 0) this.device.reset();
    this.active = false;
    this.status = 0;
    this.driverFeatures = 0n;
    this.queues = [];
    this.queueConfigs = [];
    this.indicators = undefined;
    this.configIndicator = undefined;
    this.thinint = undefined;
    this.kickedEarly.clear();
  }

  /** The guest disabled the subchannel: the revision must be negotiated again. */
  disabled(): void {
    this.revision = -1;
  }

  private queueInterrupt(index: number): void {
    const mem = this.host.memory;
    try {
      const t = this.thinint;
      if (t !== undefined) {
        const bit = t.bit + index;
        const at = t.indicator + Math.floor(bit / 8);
        const ind = mem.view(at, 1);
        ind[0] |= 0x80 >> (bit % 8);
        mem.written(at, 1);
        const summary = mem.view(t.summary, 1);
        const before = summary[0];
        summary[0] = before | 1;
        mem.written(t.summary, 1);
        // One adapter interruption per summary transition: the driver clears it when it scans.
        if (before === 0) this.host.raiseAdapter((IO_INT_ADAPTER | (t.isc << 27)) >>> 0);
        return;
      }
      if (this.indicators === undefined || index >= CLASSIC_INDICATOR_BITS) return;
      setBit64(mem, this.indicators, index);
      this.host.conditionalInterrupt();
    } catch (e) {
      if (!(e instanceof VirtioError)) throw e;
      this.error(`indicator: ${e.message}`);
    }
  }

  private configInterrupt(): void {
    if (this.configIndicator === undefined) return;
    try {
      setBit64(this.host.memory, this.configIndicator, 0);
      this.device.stats.interrupts++;
      this.host.conditionalInterrupt();
    } catch (e) {
      if (!(e instanceof VirtioError)) throw e;
      this.error(`configuration indicator: ${e.message}`);
    }
  }
}

/** A big-endian 64-bit field as a number (addresses beyond 2^53 become Infinity: outside RAM). */
function u64(b: Uint8Array, off: number): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const hi = dv.getUint32(off);
  const lo = dv.getUint32(off + 4);
  return hi >= 0x20_0000 ? Infinity : hi * 0x1_0000_0000 + lo;
}

/** Sets bit `n` (value 2^n) of the big-endian doubleword at `addr`. */
function setBit64(mem: GuestMemory, addr: number, n: number): void {
  if (!Number.isFinite(addr)) throw new VirtioError('indicator address beyond 2^53');
  const b = mem.view(addr, 8);
  b[7 - (n >> 3)] |= 1 << (n & 7);
  mem.written(addr, 8);
}
