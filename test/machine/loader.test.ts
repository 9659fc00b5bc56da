// Kernel loading as QEMU's -kernel/-initrd/-append do it: ELF segments at their physical
// addresses, the Linux parameter area patched only inside the image, the initrd placed
// at 8 MiB or past the kernel, raw Linux and IPL images, and one clear error otherwise.
import { describe, expect, test } from 'vitest';
import { KERNEL_LAYOUT, loadKernel, LoaderError, parseKernel, type BootOptions } from '../../emulator/machine/loader';
import { elf } from './elf-builder';

const MIB = 0x10_0000;

function boot(file: Uint8Array, memory = 16 * MIB, options: BootOptions = {}): { mem: Uint8Array; entry: number; initrd?: { address: number; size: number } } {
  const mem = new Uint8Array(memory).fill(0xee);
  const r = loadKernel(mem, parseKernel(file, 'k.elf'), 'k.elf', options);
  return { mem, entry: r.entry, initrd: r.initrd };
}

const text = (mem: Uint8Array, at: number, n: number): string => Buffer.from(mem.subarray(at, at + n)).toString('latin1');
const u64 = (mem: Uint8Array, at: number): bigint => new DataView(mem.buffer).getBigUint64(at);

describe('ELF kernels', () => {
  test('segments go to their physical addresses; memory past the file part is zeroed', () => {
    const { mem, entry } = boot(elf(0x20000, [{ paddr: 0x20000, data: [1, 2, 3, 4], memsz: 8 }, { paddr: 0x30000, data: [9] }]));
    expect(entry).toBe(0x20000);
    expect([...mem.subarray(0x20000, 0x20009)]).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 0xee]);
    expect(mem[0x30000]).toBe(9);
    expect(mem[0x1ffff]).toBe(0xee);
  });
  test('entry 0x10000: the command line goes to 0x10480 inside the image', () => {
    const { mem, entry } = boot(elf(0x10000, [{ paddr: 0x10000, data: new Uint8Array(0x1000).fill(0x2e) }]), 16 * MIB, { cmdline: 'root=/dev/vda' });
    expect(entry).toBe(0x10000);
    expect(text(mem, 0x10480, 14)).toBe('root=/dev/vda\0');
    expect(mem[0x1048e]).toBe(0x2e);
  });
  test('entry 0x10000 without a command line: an empty string (one NUL) is written', () => {
    const { mem } = boot(elf(0x10000, [{ paddr: 0x10000, data: new Uint8Array(0x1000).fill(0x2e) }]));
    expect([mem[0x1047f], mem[0x10480], mem[0x10481]]).toEqual([0x2e, 0, 0x2e]);
  });
  test('the parameter area is not written when the image does not hold it', () => {
    const { mem } = boot(elf(0x10000, [{ paddr: 0x10000, data: [7, 7, 7, 7] }]), 16 * MIB, { cmdline: 'x' });
    expect(mem[0x10480]).toBe(0xee);
  });
  test('only the file part of a segment is patched; its zeroed tail stays zero', () => {
    const { mem } = boot(elf(0x10000, [{ paddr: 0x10000, data: new Uint8Array(0x482), memsz: 0x1000 }]), 16 * MIB, { cmdline: 'abcdef' });
    expect(text(mem, 0x10480, 6)).toBe('ab\0\0\0\0');
  });
  test('the old Linux entry 0x800 starts at 0x10000', () => {
    expect(boot(elf(0x800, [{ paddr: 0x0, data: [1, 2] }])).entry).toBe(KERNEL_LAYOUT.IMAGE_START);
  });
  test('an initrd goes to 8 MiB and its address and size into the parameter area', () => {
    const { mem, initrd } = boot(elf(0x10000, [{ paddr: 0x10000, data: new Uint8Array(0x1000) }]), 16 * MIB, { initrd: Uint8Array.of(0xaa, 0xbb, 0xcc) });
    expect(initrd).toEqual({ address: 0x80_0000, size: 3 });
    expect([u64(mem, 0x10408), u64(mem, 0x10410)]).toEqual([0x80_0000n, 3n]);
    expect([...mem.subarray(0x80_0000, 0x80_0003)]).toEqual([0xaa, 0xbb, 0xcc]);
  });
  test('an initrd moves past a large kernel in 1 MiB steps', () => {
    const { initrd } = boot(elf(0x20000, [{ paddr: 0x20000, data: [1], memsz: 0x78_0000 }]), 32 * MIB, { initrd: Uint8Array.of(1) });
    // QEMU counts the loaded size (not the end address): 0x780000 + 1 MiB > 8 MiB.
    expect(initrd?.address).toBe(0x90_0000);
  });
});

describe('raw images', () => {
  test('a Linux image ("S390EP" at 0x10008) is loaded at 0 and started at 0x10000', () => {
    const img = new Uint8Array(0x11000);
    img.set(Buffer.from('S390EP'), 0x10008);
    const { mem, entry } = boot(img, 16 * MIB, { cmdline: 'quiet' });
    expect(entry).toBe(0x10000);
    expect(text(mem, 0x10008, 6)).toBe('S390EP');
    expect(text(mem, 0x10480, 6)).toBe('quiet\0');
    expect(parseKernel(img, 'vmlinuz').kind).toBe('linux-image');
  });
  test('an IPL image starts at the address of its short PSW', () => {
    const img = Uint8Array.from(Buffer.from('00080000800123400000000000000000', 'hex'));
    expect(boot(img).entry).toBe(0x12340);
  });
});

describe('errors: one user-facing message', () => {
  test.each([
    ['not a kernel', Uint8Array.from(Buffer.from('{"name": "kuli"}')), /not a kernel: neither an ELF file/],
    ['empty file', new Uint8Array(0), /empty file/],
    ['x86-64 ELF', elf(0x10000, [{ paddr: 0x10000, data: [1] }], 62), /x86-64.*expected s390x/],
    ['no loadable segment', elf(0x10000, [{ paddr: 0x10000, data: [1], type: 4 }]), /no loadable segments/],
    ['segment beyond memory', elf(0x10000, [{ paddr: 0x10_0000, data: [1], memsz: 0x20_0000 }]), /segment 0x100000-0x2fffff does not fit in 1 MiB/],
    ['odd entry', elf(0x10001, [{ paddr: 0x20000, data: [1] }]), /entry point 0x10001 is odd/],
    ['entry outside memory', elf(0x20_0000, [{ paddr: 0x20000, data: [1] }]), /entry point 0x200000 is outside 1 MiB/],
  ])('%s', (_name, file, message) => {
    expect(() => boot(file, MIB)).toThrow(LoaderError);
    expect(() => boot(file, MIB)).toThrow(message);
  });
  test('an initrd that does not fit', () => {
    expect(() => boot(elf(0x10000, [{ paddr: 0x10000, data: [1] }]), 9 * MIB, { initrd: new Uint8Array(2 * MIB) }))
      .toThrow(/initrd \(2097152 bytes at 0x800000\) does not fit in 9 MiB/);
  });
  test('a command line longer than the parameter area', () => {
    expect(() => boot(elf(0x10000, [{ paddr: 0x10000, data: new Uint8Array(0x1000) }]), 16 * MIB, { cmdline: 'x'.repeat(896) }))
      .toThrow(/command line is 896 bytes; the limit is 895/);
  });
});
