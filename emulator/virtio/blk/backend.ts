// Host storage behind a virtio-blk device: one small interface (byte offsets, synchronous
// calls, as DESIGN's "synchronous disk I/O"), a memory backend for tests and a raw image
// file backend on an fd (fs.readSync/writeSync, flush = fsync). The copy-on-write overlay
// (overlay.ts) implements the same interface over a read-only base.
import * as fs from 'node:fs';

/** A host-side I/O failure; the device turns it into VIRTIO_BLK_S_IOERR, never a throw. */
export class BlockIoError extends Error {
  override name = 'BlockIoError';
}

export interface BlockBackend {
  /** Size in bytes (a multiple of the sector size the device uses). */
  readonly size: number;
  readonly readOnly: boolean;
  /** Fills `dst` from [offset, offset + dst.length). */
  read(offset: number, dst: Uint8Array): void;
  write(offset: number, src: Uint8Array): void;
  /** Everything written so far is on stable storage when this returns (fsync). */
  flush(): void;
  /** The range may read back as anything afterwards (we zero it: simple and safe). */
  discard(offset: number, length: number): void;
  /** The range reads back as zeroes afterwards. */
  writeZeroes(offset: number, length: number): void;
  close(): void;
}

/** Zeroes written per call when clearing a range (bounds the temporary buffer). */
const ZERO_CHUNK = 1 << 20;

/** Writes zeroes over [offset, offset + length) through `write` in bounded chunks. */
export function zeroRange(write: (offset: number, src: Uint8Array) => void, offset: number, length: number): void {
  const zeroes = new Uint8Array(Math.min(length, ZERO_CHUNK));
  for (let done = 0; done < length; done += zeroes.length) {
    const n = Math.min(zeroes.length, length - done);
    write(offset + done, n === zeroes.length ? zeroes : zeroes.subarray(0, n));
  }
}

/** Guest disk in host memory (tests, scratch disks). */
export class MemoryBackend implements BlockBackend {
  readonly data: Uint8Array;
  flushes = 0;

  constructor(size: number, readonly readOnly = false) {
    this.data = new Uint8Array(size);
  }

  get size(): number { return this.data.length; }
  read(offset: number, dst: Uint8Array): void { dst.set(this.data.subarray(offset, offset + dst.length)); }
  write(offset: number, src: Uint8Array): void {
    if (this.readOnly) throw new BlockIoError('read-only disk');
    this.data.set(src, offset);
  }
  flush(): void { this.flushes++; }
  discard(offset: number, length: number): void { this.writeZeroes(offset, length); }
  writeZeroes(offset: number, length: number): void {
    if (this.readOnly) throw new BlockIoError('read-only disk');
    this.data.fill(0, offset, offset + length);
  }
  close(): void {}
}

/** Host file calls the file backend makes; tests substitute them to check ordering. */
export interface FileOps {
  readSync(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
}

export const NODE_FILE_OPS: FileOps = {
  readSync: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  writeSync: (fd, buf, offset, length, position) => fs.writeSync(fd, buf, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
};

/** Reads exactly dst.length bytes at `position`; past end of file reads as zeroes. */
export function preadFull(ops: FileOps, fd: number, dst: Uint8Array, position: number): void {
  let done = 0;
  while (done < dst.length) {
    const n = ops.readSync(fd, dst, done, dst.length - done, position + done);
    if (n === 0) { dst.fill(0, done); return; }
    done += n;
  }
}

export function pwriteFull(ops: FileOps, fd: number, src: Uint8Array, position: number): void {
  let done = 0;
  while (done < src.length) done += ops.writeSync(fd, src, done, src.length - done, position + done);
}

/** Host errno text as one line, for BlockIoError messages. */
export function ioText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message;
}

/** A raw image file: guest sector n is at byte n * 512 of the file. */
export class FileBackend implements BlockBackend {
  private closed = false;

  /** `fd` is owned from here on; `size` is the file's size when opened. */
  constructor(
    private readonly fd: number,
    readonly size: number,
    readonly readOnly: boolean,
    private readonly ops: FileOps = NODE_FILE_OPS,
  ) {}

  /** Opens `path` (read-only when asked); throws BlockIoError with a one-line reason. */
  static open(path: string, readOnly: boolean): FileBackend {
    let fd: number;
    try {
      fd = fs.openSync(path, readOnly ? 'r' : 'r+');
    } catch (e) {
      throw new BlockIoError(`cannot open '${path}': ${ioText(e)}`);
    }
    const st = fs.fstatSync(fd);
    if (!st.isFile() && !st.isBlockDevice()) {
      fs.closeSync(fd);
      throw new BlockIoError(`'${path}' is not a file`);
    }
    return new FileBackend(fd, st.size, readOnly);
  }

  read(offset: number, dst: Uint8Array): void {
    try {
      preadFull(this.ops, this.fd, dst, offset);
    } catch (e) {
      throw new BlockIoError(`read at ${offset}: ${ioText(e)}`);
    }
  }

  write(offset: number, src: Uint8Array): void {
    if (this.readOnly) throw new BlockIoError('read-only disk');
    try {
      pwriteFull(this.ops, this.fd, src, offset);
    } catch (e) {
      throw new BlockIoError(`write at ${offset}: ${ioText(e)}`);
    }
  }

  flush(): void {
    if (this.readOnly) return;
    try {
      this.ops.fsyncSync(this.fd);
    } catch (e) {
      throw new BlockIoError(`fsync: ${ioText(e)}`);
    }
  }

  discard(offset: number, length: number): void { this.writeZeroes(offset, length); }

  writeZeroes(offset: number, length: number): void {
    zeroRange((o, b) => this.write(o, b), offset, length);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      this.ops.closeSync(this.fd);
    }
  }
}
