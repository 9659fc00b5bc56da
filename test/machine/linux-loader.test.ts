// The Linux parameter area as QEMU's -kernel fills it: the command-line limit the kernel
// publishes at 0x10430 (COMMAND_LINE_SIZE, 4096 in Debian's 6.1 kernel; 0 = legacy 896),
// the initrd placement and its address and size at 0x10408/0x10410.
import { describe, expect, test } from 'vitest';
import { KERNEL_LAYOUT, LEGACY_COMMAND_LINE_SIZE, maxCommandLineSize, placeInitrd, writeCommandLine, type ImageSegment } from '../../emulator/machine/linux-loader';

const MIB = 0x10_0000;

/** A raw image loaded at 0 with `maxCmdline` in its parameter area. */
function image(maxCmdline: number, size = 0x11000): ImageSegment[] {
  const data = new Uint8Array(size);
  new DataView(data.buffer).setUint32(KERNEL_LAYOUT.MAX_COMMAND_LINE_PARM + 4, maxCmdline);
  return [{ address: 0, data, memSize: size }];
}

describe('command line', () => {
  const cases: { name: string; max: number; length: number; ok: boolean }[] = [
    { name: 'legacy kernel (0 at 0x10430): 895 characters fit', max: 0, length: 895, ok: true },
    { name: 'legacy kernel: 896 characters do not', max: 0, length: 896, ok: false },
    { name: 'COMMAND_LINE_SIZE 4096: 4095 characters fit', max: 4096, length: 4095, ok: true },
    { name: 'COMMAND_LINE_SIZE 4096: 4096 characters do not', max: 4096, length: 4096, ok: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const segs = image(c.max, 0x20000);
      const mem = new Uint8Array(MIB);
      const line = 'x'.repeat(c.length);
      if (c.ok) {
        writeCommandLine(mem, segs, line);
        expect(mem[KERNEL_LAYOUT.COMMAND_LINE + c.length - 1]).toBe(0x78);
        expect(mem[KERNEL_LAYOUT.COMMAND_LINE + c.length]).toBe(0);
      } else {
        expect(() => writeCommandLine(mem, segs, line)).toThrow(`the limit is ${(c.max || LEGACY_COMMAND_LINE_SIZE) - 1}`);
      }
    });
  }
  test('an image that ends before 0x10430 has the legacy limit', () => {
    expect(maxCommandLineSize([{ address: 0, data: new Uint8Array(0x10420), memSize: 0x20000 }])).toBe(LEGACY_COMMAND_LINE_SIZE);
  });
  test('an image without a parameter area gets no command line and no error', () => {
    const mem = new Uint8Array(MIB).fill(0xee);
    writeCommandLine(mem, [{ address: 0x20000, data: new Uint8Array(16), memSize: 16 }], 'x'.repeat(5000));
    expect(mem[KERNEL_LAYOUT.COMMAND_LINE]).toBe(0xee);
  });
});

describe('initrd', () => {
  const cases: { name: string; kernelSize: number; address: number }[] = [
    { name: 'a small kernel: at 8 MiB', kernelSize: 5 * MIB, address: 8 * MIB },
    { name: 'a kernel reaching 7 MiB + 1: one step up', kernelSize: 7 * MIB + 1, address: 9 * MIB },
    { name: 'a 20 MiB kernel: 1 MiB past it', kernelSize: 20 * MIB, address: 21 * MIB },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const segs = image(4096);
      const mem = new Uint8Array(32 * MIB);
      const r = placeInitrd(mem, segs, c.kernelSize, Uint8Array.of(1, 2, 3));
      expect(r).toEqual({ address: c.address, size: 3 });
      const v = new DataView(mem.buffer);
      expect(v.getBigUint64(KERNEL_LAYOUT.INITRD_START_PARM)).toBe(BigInt(c.address));
      expect(v.getBigUint64(KERNEL_LAYOUT.INITRD_SIZE_PARM)).toBe(3n);
      expect([...mem.subarray(c.address, c.address + 3)]).toEqual([1, 2, 3]);
    });
  }
});
