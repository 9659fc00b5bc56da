// The s390-virtio device window (the 2008 KVM transport: Linux's drivers/s390/kvm and
// QEMU's s390-virtio-bus, both since removed upstream): where the device descriptors and
// the rings sit above guest memory, and the fields of a descriptor. Facts as kvm_virtio.h
// and s390-virtio-bus.h recorded them; the placement arithmetic is Kuli's own.
import type { VirtioDevice } from '../device';

/** A device descriptor: five bytes, then per-queue configs, features, config space. */
export const DESC = {
  TYPE: 0,
  NUM_VQ: 1,
  FEATURE_LEN: 2,
  CONFIG_LEN: 3,
  STATUS: 4,
  /** First queue config (struct kvm_vqconfig, unaligned after the five header bytes). */
  VQ_CONFIG: 5,
} as const;

/** A queue config: the guest's token, the host's ring address and entry count. */
export const VQ_CONFIG = {
  TOKEN: 0,
  ADDRESS: 8,
  NUM: 16,
  SIZE: 24,
} as const;

/** Alignment of the used ring in a legacy ring (KVM_S390_VIRTIO_RING_ALIGN). */
export const RING_ALIGN = 4096;
const PAGE = 4096;
/**
 * Entries per ring at most. The seed gave each ring three pages (VIRTIO_RING_LEN), which
 * holds 256 entries at this alignment; a device asking for more gets 256.
 */
export const MAX_RING_NUM = 256;
/** Queues per device at most (QEMU's VIRTIO_S390_QUEUE_MAX). */
export const MAX_QUEUES = 64;
/** Config-space bytes at most: config_len is one byte. */
export const MAX_CONFIG = 255;
/** Feature bitmaps are 64 bits: the transport can offer VIRTIO_F_VERSION_1 (bit 32). */
export const FEATURE_LEN = 8;

/** Where one queue's legacy split ring lives. */
export interface RingPlace {
  readonly address: number;
  readonly num: number;
  /** Bytes from `address` to the end of the used ring. */
  readonly bytes: number;
  readonly desc: number;
  readonly avail: number;
  readonly used: number;
}

/** Where one device's descriptor and rings live. */
export interface DevicePlace {
  readonly device: VirtioDevice;
  /** Absolute address of the descriptor. */
  readonly desc: number;
  readonly descSize: number;
  readonly featuresOffset: number;
  readonly configOffset: number;
  readonly rings: readonly RingPlace[];
}

export interface WindowLayout {
  readonly base: number;
  /** Bytes of descriptors (whole pages; a zero type byte follows the last descriptor). */
  readonly descriptorBytes: number;
  /** Whole window: descriptor pages, then rings. */
  readonly bytes: number;
  readonly devices: readonly DevicePlace[];
}

/** A device this transport cannot describe (too many queues, too much config space). */
export class S390VirtioError extends Error {
  override name = 'S390VirtioError';
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The largest power of two not above `n` (ring sizes must be powers of two). */
function powerOfTwoBelow(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** The legacy ring of `num` entries at `address`: descriptors, available ring, aligned used ring. */
export function legacyRing(address: number, num: number): RingPlace {
  const avail = address + 16 * num;
  const used = roundUp(avail + 6 + 2 * num, RING_ALIGN);
  return { address, num, desc: address, avail, used, bytes: used + 6 + 8 * num - address };
}

export function descriptorSize(d: VirtioDevice): number {
  return DESC.VQ_CONFIG + d.queueSizes.length * VQ_CONFIG.SIZE + 2 * FEATURE_LEN + d.config.length;
}

export function checkDevice(d: VirtioDevice, i: number): void {
  const what = `device ${i} (${d.name})`;
  if (d.queueSizes.length === 0 || d.queueSizes.length > MAX_QUEUES) throw new S390VirtioError(`${what} has ${d.queueSizes.length} queues; the s390-virtio transport takes 1 to ${MAX_QUEUES}`);
  if (d.config.length > MAX_CONFIG) throw new S390VirtioError(`${what} has ${d.config.length} bytes of configuration space; the s390-virtio transport takes at most ${MAX_CONFIG}`);
  if (d.deviceId < 1 || d.deviceId > 255) throw new S390VirtioError(`${what} has device type ${d.deviceId}, which does not fit the descriptor's type byte`);
  for (const q of d.queueSizes) if (!(q >= 1)) throw new S390VirtioError(`${what} has a queue of size ${q}`);
}

/** Places `device`'s descriptor at `desc` and its rings from page-aligned `ring` on. */
export function placeDevice(device: VirtioDevice, desc: number, ring: number): { place: DevicePlace; ringEnd: number } {
  let next = ring;
  const rings = device.queueSizes.map((max) => {
    const r = legacyRing(next, powerOfTwoBelow(Math.min(max, MAX_RING_NUM)));
    next += roundUp(r.bytes, PAGE);
    return r;
  });
  const featuresOffset = DESC.VQ_CONFIG + rings.length * VQ_CONFIG.SIZE;
  const place = { device, desc, descSize: descriptorSize(device), featuresOffset, configOffset: featuresOffset + 2 * FEATURE_LEN, rings };
  return { place, ringEnd: next };
}

/**
 * Lays out `devices` in a window starting at `base` (the guest memory size). The rest of
 * the last descriptor page stays free for devices plugged in later.
 */
export function layoutWindow(base: number, devices: readonly VirtioDevice[]): WindowLayout {
  devices.forEach(checkDevice);
  let total = 0;
  for (const d of devices) total += descriptorSize(d);
  // One more byte: the zero type that ends the scan.
  const descriptorBytes = roundUp(total + 1, PAGE);
  let desc = base;
  let ring = base + descriptorBytes;
  const places: DevicePlace[] = devices.map((device) => {
    const { place, ringEnd } = placeDevice(device, desc, ring);
    desc += place.descSize;
    ring = ringEnd;
    return place;
  });
  return { base, descriptorBytes, bytes: ring - base, devices: places };
}

/** Bytes of window `devices` need above guest memory (for MachineOptions.deviceWindow). */
export function s390VirtioWindow(devices: readonly VirtioDevice[]): number {
  return devices.length === 0 ? 0 : layoutWindow(0, devices).bytes;
}
