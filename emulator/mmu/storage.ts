// Guest absolute storage: one SharedArrayBuffer per VM, big-endian accesses through a
// DataView. Bounds are checked by the callers that translate addresses (an address
// beyond `size` is an addressing exception, never a host access).

export class GuestStorage {
  readonly buffer: SharedArrayBuffer;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly size: number;

  constructor(size: number) {
    if (!Number.isInteger(size) || size <= 0 || size % 4096 !== 0) {
      throw new RangeError(`guest memory size must be a positive multiple of 4 KiB, got ${size}`);
    }
    this.size = size;
    this.buffer = new SharedArrayBuffer(size);
    this.bytes = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
  }

  /** True when [addr, addr+len) lies inside guest storage. */
  contains(addr: number, len: number): boolean {
    return addr >= 0 && addr + len <= this.size;
  }
}
