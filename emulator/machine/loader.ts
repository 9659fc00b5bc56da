// Kernel loading as QEMU's s390-ccw-virtio machine does it for -kernel/-initrd/-append:
// an ELF's PT_LOAD segments go to their physical addresses and the CPU starts at the
// entry; anything else is a raw image loaded at 0 (a Linux image is recognised by
// "S390EP" at 0x10008 and started at 0x10000, otherwise the short IPL PSW at 0 gives the
// start). For a kernel entered at 0x10000 (or the old 0x800), linux-loader.ts fills in
// the Linux parameter area: the command line, and the initrd's address and size.
import { ElfError, parseElf } from '../elf/elf';
import { KERNEL_LAYOUT, LinuxBootError, placeInitrd, writeCommandLine, type ImageSegment } from './linux-loader';

export { KERNEL_LAYOUT } from './linux-loader';

/** A kernel that cannot be loaded; the message is what the user sees. */
export class LoaderError extends Error {
  override name = 'LoaderError';
}

const PT_LOAD = 1;
const LINUX_MAGIC_BYTES = [0x53, 0x33, 0x39, 0x30, 0x45, 0x50]; // "S390EP"
/** Address bits of a short (ESA/390) PSW's second word, and the bit its first word has. */
const SHORT_PSW_ADDRESS = 0x7fff_ffff;
const SHORT_PSW_BIT12 = 0x0008_0000;
const SHORT_PSW_ZEROS = 0xb800_00fe;

type Segment = ImageSegment;

export interface KernelImage {
  readonly entry: number;
  readonly segments: readonly Segment[];
  /** Total size QEMU counts when placing the initrd after the kernel. */
  readonly size: number;
  readonly kind: 'elf' | 'linux-image' | 'raw-image';
}

export interface BootOptions {
  /** Kernel command line (-append). */
  cmdline?: string;
  initrd?: Uint8Array;
}

/** What loadKernel did, for messages and the debugger. */
export interface LoadedKernel {
  readonly entry: number;
  readonly kind: KernelImage['kind'];
  readonly initrd?: { readonly address: number; readonly size: number };
}

function isElf(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46;
}

/** Parses a kernel file into segments and an entry point. */
export function parseKernel(data: Uint8Array, fileName: string): KernelImage {
  if (isElf(data)) return parseElfKernel(data, fileName);
  if (data.length === 0) throw new LoaderError(`${fileName}: empty file, not a kernel`);
  const segment = { address: 0, data, memSize: data.length };
  const m = KERNEL_LAYOUT.LINUX_MAGIC;
  if (data.length >= m + 6 && LINUX_MAGIC_BYTES.every((b, i) => data[m + i] === b)) {
    return { entry: KERNEL_LAYOUT.IMAGE_START, segments: [segment], size: data.length, kind: 'linux-image' };
  }
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // An IPL image starts with a short (ESA/390-format) PSW: bit 12 one, bits 0, 2-4 and 24-30 zero.
  if (data.length < 8 || (v.getUint32(0) & (SHORT_PSW_BIT12 | SHORT_PSW_ZEROS)) !== SHORT_PSW_BIT12) {
    throw new LoaderError(`${fileName}: not a kernel: neither an ELF file, nor a Linux image ("S390EP" at 0x10008), nor an image with an IPL PSW at 0`);
  }
  const pswAddress = v.getUint32(4) & SHORT_PSW_ADDRESS;
  return { entry: pswAddress, segments: [segment], size: data.length, kind: 'raw-image' };
}

function parseElfKernel(data: Uint8Array, fileName: string): KernelImage {
  let elf;
  try {
    elf = parseElf(data);
  } catch (e) {
    if (e instanceof ElfError) throw new LoaderError(`${fileName}: ${e.message}`);
    throw e;
  }
  const segments: Segment[] = [];
  let size = 0;
  for (const ph of elf.programHeaders) {
    if (ph.type !== PT_LOAD || ph.memsz === 0n) continue;
    if (ph.offset + ph.filesz > BigInt(data.length)) {
      throw new LoaderError(`${fileName}: segment at file offset ${ph.offset} (${ph.filesz} bytes) runs past the end of the file`);
    }
    if (ph.filesz > ph.memsz) throw new LoaderError(`${fileName}: segment at 0x${ph.paddr.toString(16)} has more file bytes than memory bytes`);
    if (ph.paddr + ph.memsz > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new LoaderError(`${fileName}: segment at 0x${ph.paddr.toString(16)} lies beyond any guest memory`);
    }
    const offset = Number(ph.offset);
    segments.push({ address: Number(ph.paddr), data: data.subarray(offset, offset + Number(ph.filesz)), memSize: Number(ph.memsz) });
    size += Number(ph.memsz);
  }
  if (segments.length === 0) throw new LoaderError(`${fileName}: ELF file has no loadable segments`);
  const entry = elf.header.entry;
  if (entry > BigInt(Number.MAX_SAFE_INTEGER)) throw new LoaderError(`${fileName}: entry point 0x${entry.toString(16)} is out of range`);
  return { entry: Number(entry), segments, size, kind: 'elf' };
}

/**
 * Writes the kernel (and initrd) into guest memory of `memory` bytes and returns the
 * start address. Throws LoaderError when something does not fit.
 */
export function loadKernel(mem: Uint8Array, image: KernelImage, fileName: string, boot: BootOptions = {}): LoadedKernel {
  const memory = mem.length;
  const mib = (n: number): string => `${Math.floor(n / 0x10_0000)} MiB`;
  for (const s of image.segments) {
    if (s.address + s.memSize > memory) {
      throw new LoaderError(`${fileName}: kernel segment 0x${s.address.toString(16)}-0x${(s.address + s.memSize - 1).toString(16)} does not fit in ${mib(memory)} of guest memory`);
    }
  }
  for (const s of image.segments) {
    mem.set(s.data, s.address);
    mem.fill(0, s.address + s.data.length, s.address + s.memSize);
  }
  let entry = image.entry;
  let initrd: LoadedKernel['initrd'];
  try {
    if (entry === KERNEL_LAYOUT.IMAGE_START || entry === KERNEL_LAYOUT.OLD_ENTRY) {
      entry = KERNEL_LAYOUT.IMAGE_START;
      writeCommandLine(mem, image.segments, boot.cmdline ?? '');
    }
    if (boot.initrd !== undefined) initrd = placeInitrd(mem, image.segments, image.size, boot.initrd);
  } catch (e) {
    if (e instanceof LinuxBootError) throw new LoaderError(e.message);
    throw e;
  }
  if (entry % 2 !== 0 || entry >= memory) {
    throw new LoaderError(`${fileName}: entry point 0x${entry.toString(16)} is ${entry % 2 !== 0 ? 'odd' : `outside ${mib(memory)} of guest memory`}`);
  }
  return { entry, kind: image.kind, initrd };
}
