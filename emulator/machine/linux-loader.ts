// The Linux s390 boot protocol as QEMU's -kernel/-initrd/-append implement it: a kernel
// started at 0x10000 finds its parameter area at 0x10400 inside the image. The loader
// writes the command line at 0x10480 (no longer than the kernel's COMMAND_LINE_SIZE,
// which kernels since 5.x publish at 0x10430; older ones leave 0 there, meaning 896),
// places the initrd at 8 MiB or in the first 1 MiB step past the kernel, and writes its
// address and size at 0x10408/0x10410. Like QEMU, it only patches what the kernel file
// itself covers: the parameter area belongs to the image ("rom" in QEMU's terms).

/** A region of the kernel file placed in guest memory. */
export interface ImageSegment {
  readonly address: number;
  readonly data: Uint8Array;
  /** Bytes of guest memory the segment occupies (data, then zeros). */
  readonly memSize: number;
}

/** Addresses of the Linux image and its parameter area (arch/s390 boot conventions). */
export const KERNEL_LAYOUT = {
  IMAGE_START: 0x10000,
  /** Entry of pre-3.3 Linux ELF images; QEMU starts those at IMAGE_START too. */
  OLD_ENTRY: 0x800,
  /** "S390EP" here marks a Linux image. */
  LINUX_MAGIC: 0x10008,
  PARM_AREA: 0x10400,
  INITRD_START_PARM: 0x10408,
  INITRD_SIZE_PARM: 0x10410,
  /** The kernel's COMMAND_LINE_SIZE (a doubleword; 0 in kernels before 5.x). */
  MAX_COMMAND_LINE_PARM: 0x10430,
  COMMAND_LINE: 0x10480,
  /** Default initrd address; moved up in 1 MiB steps past the kernel. */
  INITRD_START: 0x80_0000,
} as const;

/** COMMAND_LINE_SIZE of kernels that do not publish theirs. */
export const LEGACY_COMMAND_LINE_SIZE = 0x380;
const INITRD_STEP = 0x10_0000;

/** Boot data that does not fit; the message is what the user sees. */
export class LinuxBootError extends Error {
  override name = 'LinuxBootError';
}

/** The segment whose memory range holds [address, address+len), if any. */
function segmentAt(segments: readonly ImageSegment[], address: number, len: number): ImageSegment | undefined {
  return segments.find((s) => address >= s.address && address + len <= s.address + s.memSize);
}

/** The file bytes the image has at [address, address+len), or undefined. */
function imageBytes(segments: readonly ImageSegment[], address: number, len: number): Uint8Array | undefined {
  const s = segmentAt(segments, address, len);
  if (s === undefined || address + len > s.address + s.data.length) return undefined;
  return s.data.subarray(address - s.address, address - s.address + len);
}

/** The longest command line (bytes including the terminating NUL) the kernel accepts. */
export function maxCommandLineSize(segments: readonly ImageSegment[]): number {
  const b = imageBytes(segments, KERNEL_LAYOUT.MAX_COMMAND_LINE_PARM, 8);
  if (b === undefined) return LEGACY_COMMAND_LINE_SIZE;
  const v = new DataView(b.buffer, b.byteOffset, 8);
  const size = v.getUint32(0) * 0x1_0000_0000 + v.getUint32(4);
  return size === 0 ? LEGACY_COMMAND_LINE_SIZE : size;
}

/** Writes `bytes` at `address` if one segment's memory range holds all of them. */
function patchImage(mem: Uint8Array, segments: readonly ImageSegment[], address: number, bytes: Uint8Array): boolean {
  const s = segmentAt(segments, address, bytes.length);
  if (s === undefined) return false;
  // Bytes past the file contents stay zero: QEMU's copy of the file is what it patches.
  const fileEnd = s.address + s.data.length;
  mem.set(bytes.subarray(0, Math.max(0, Math.min(bytes.length, fileEnd - address))), address);
  return true;
}

/** The command line at 0x10480, NUL-terminated, when the image covers that area. */
export function writeCommandLine(mem: Uint8Array, segments: readonly ImageSegment[], cmdline: string): void {
  const bytes = new Uint8Array(cmdline.length + 1);
  for (let i = 0; i < cmdline.length; i++) bytes[i] = cmdline.charCodeAt(i) & 0xff;
  if (segmentAt(segments, KERNEL_LAYOUT.COMMAND_LINE, bytes.length) === undefined) return;
  const max = maxCommandLineSize(segments);
  if (bytes.length > max) {
    throw new LinuxBootError(`kernel command line is ${cmdline.length} bytes; the limit is ${max - 1}`);
  }
  patchImage(mem, segments, KERNEL_LAYOUT.COMMAND_LINE, bytes);
}

/**
 * Copies the initrd to 8 MiB, or the first 1 MiB step at least 1 MiB past the end of
 * a `kernelSize`-byte kernel, and records it in the parameter area.
 */
export function placeInitrd(mem: Uint8Array, segments: readonly ImageSegment[], kernelSize: number, initrd: Uint8Array): { address: number; size: number } {
  let address: number = KERNEL_LAYOUT.INITRD_START;
  while (kernelSize + INITRD_STEP > address) address += INITRD_STEP;
  if (address + initrd.length > mem.length) {
    const mib = (n: number): string => `${Math.floor(n / INITRD_STEP)} MiB`;
    throw new LinuxBootError(`initrd (${initrd.length} bytes at 0x${address.toString(16)}) does not fit in ${mib(mem.length)} of guest memory`);
  }
  mem.set(initrd, address);
  const parm = new Uint8Array(16);
  const v = new DataView(parm.buffer);
  v.setUint32(0, Math.floor(address / 0x1_0000_0000));
  v.setUint32(4, address >>> 0);
  v.setUint32(8, Math.floor(initrd.length / 0x1_0000_0000));
  v.setUint32(12, initrd.length >>> 0);
  patchImage(mem, segments, KERNEL_LAYOUT.INITRD_START_PARM, parm);
  return { address, size: initrd.length };
}
