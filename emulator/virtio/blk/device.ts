// virtio-blk device model (virtio 1.x section 5.2 "Block Device"): one request queue;
// each chain is a 16-byte header (type, reserved, sector in 512-byte units), data, and a
// one-byte status the device writes last. Requests go synchronously to a BlockBackend.
// A malformed request (short chain, bad header, out of range) gets IOERR/UNSUPP and
// counts in stats.errors; nothing a guest sends makes this module throw.
import {
  emptyStats, VIRTIO_F, VIRTIO_ID,
  type DescriptorChain, type DeviceContext, type DeviceStats, type VirtioDevice,
} from '../device';
import { BlockIoError, type BlockBackend } from './backend';

/** Device feature bits (virtio 1.x 5.2.3), as bit numbers. */
export const BLK_F = {
  SIZE_MAX: 1,
  SEG_MAX: 2,
  GEOMETRY: 4,
  RO: 5,
  BLK_SIZE: 6,
  FLUSH: 9,
  TOPOLOGY: 10,
  CONFIG_WCE: 11,
  DISCARD: 13,
  WRITE_ZEROES: 14,
} as const;

/** Request types (5.2.6). */
export const BLK_T = {
  IN: 0,
  OUT: 1,
  FLUSH: 4,
  GET_ID: 8,
  DISCARD: 11,
  WRITE_ZEROES: 13,
} as const;

/** Status byte values (5.2.6). */
export const BLK_S = {
  OK: 0,
  IOERR: 1,
  UNSUPP: 2,
} as const;

/** Configuration space offsets (5.2.4, struct virtio_blk_config). */
export const BLK_CONFIG = {
  CAPACITY: 0,
  SIZE_MAX: 8,
  SEG_MAX: 12,
  /** Geometry: cylinders u16, heads u8, sectors u8 (legacy CHS, for HDIO_GETGEO). */
  GEOMETRY_CYLINDERS: 16,
  GEOMETRY_HEADS: 18,
  GEOMETRY_SECTORS: 19,
  BLK_SIZE: 20,
  /** Topology: log2(physical/logical block), alignment offset, min/optimal I/O in blocks. */
  PHYSICAL_BLOCK_EXP: 24,
  ALIGNMENT_OFFSET: 25,
  MIN_IO_SIZE: 26,
  OPT_IO_SIZE: 28,
  /** Cache mode (CONFIG_WCE): 1 write-back (the guest flushes), 0 write-through. */
  WRITEBACK: 32,
  MAX_DISCARD_SECTORS: 36,
  MAX_DISCARD_SEG: 40,
  DISCARD_SECTOR_ALIGNMENT: 44,
  MAX_WRITE_ZEROES_SECTORS: 48,
  MAX_WRITE_ZEROES_SEG: 52,
  WRITE_ZEROES_MAY_UNMAP: 56,
  SIZE: 60,
} as const;

/** Request header: type u32, reserved u32, sector u64. */
export const BLK_HEADER_SIZE = 16;
/** Discard / write-zeroes segment: sector u64, num_sectors u32, flags u32. */
export const BLK_SEGMENT_SIZE = 16;
/** GET_ID answers this many bytes (not NUL-terminated when the serial fills them). */
export const BLK_ID_BYTES = 20;
/** Write-zeroes flag bit "unmap" (5.2.6). */
const WRITE_ZEROES_FLAG_UNMAP = 1;
/** The unit of `sector` and `capacity`, whatever the logical block size. */
export const SECTOR = 512;

const QUEUE_SIZE = 256;
/** Largest discard / write-zeroes range per segment, and segments per request, we accept. */
const MAX_RANGE_SECTORS = 0x40_0000;
const MAX_RANGE_SEGMENTS = 32;

export interface BlkOptions {
  /** Logical block size reported to the guest (512 or 4096). */
  blockSize?: number;
  /** GET_ID answer; up to 20 bytes. */
  serial?: string;
  /** Name for logs and views. */
  name?: string;
}

const bit = (n: number): bigint => 1n << BigInt(n);

/** Bytes over the readable buffers of a chain, from `offset`, copied into `dst`; returns bytes copied. */
function gather(bufs: readonly Uint8Array[], offset: number, dst: Uint8Array): number {
  let skip = offset;
  let done = 0;
  for (const b of bufs) {
    if (done === dst.length) break;
    if (skip >= b.length) { skip -= b.length; continue; }
    const n = Math.min(b.length - skip, dst.length - done);
    dst.set(b.subarray(skip, skip + n), done);
    done += n;
    skip = 0;
  }
  return done;
}

/** The pieces of `bufs` covering [offset, offset + len), as subarrays (zero-copy I/O). */
function slices(bufs: readonly Uint8Array[], offset: number, len: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let skip = offset;
  let left = len;
  for (const b of bufs) {
    if (left === 0) break;
    if (skip >= b.length) { skip -= b.length; continue; }
    const n = Math.min(b.length - skip, left);
    out.push(b.subarray(skip, skip + n));
    left -= n;
    skip = 0;
  }
  return out;
}

/** A request that fails with a status; never leaves this module. */
class RequestError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export class VirtioBlk implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.BLOCK;
  readonly name: string;
  readonly features: bigint;
  readonly queueSizes = [QUEUE_SIZE] as const;
  readonly config = new Uint8Array(BLK_CONFIG.SIZE);
  readonly stats: DeviceStats = emptyStats();
  readonly blockSize: number;
  private readonly serial: Uint8Array;
  private ctx: DeviceContext | undefined;
  private readonly header = new Uint8Array(BLK_HEADER_SIZE);
  private readonly headerView = new DataView(this.header.buffer);

  constructor(readonly backend: BlockBackend, opts: BlkOptions = {}) {
    this.blockSize = opts.blockSize ?? SECTOR;
    this.name = opts.name ?? 'virtio-blk';
    this.serial = new TextEncoder().encode(opts.serial ?? '').subarray(0, BLK_ID_BYTES);
    // The feature set QEMU's virtio-blk-ccw offers, so the guest takes the same paths (a
    // read-only disk still offers DISCARD/WRITE_ZEROES; such requests get IOERR).
    let f = bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_F.INDIRECT_DESC) | bit(VIRTIO_F.EVENT_IDX)
      | bit(BLK_F.SEG_MAX) | bit(BLK_F.GEOMETRY) | bit(BLK_F.BLK_SIZE) | bit(BLK_F.FLUSH)
      | bit(BLK_F.TOPOLOGY) | bit(BLK_F.CONFIG_WCE) | bit(BLK_F.DISCARD) | bit(BLK_F.WRITE_ZEROES);
    if (backend.readOnly) f |= bit(BLK_F.RO);
    this.features = f;
    const dv = new DataView(this.config.buffer);
    const sectors = Math.floor(backend.size / SECTOR);
    dv.setUint32(BLK_CONFIG.CAPACITY, sectors >>> 0, true);
    dv.setUint32(BLK_CONFIG.CAPACITY + 4, Math.floor(sectors / 0x1_0000_0000), true);
    // Two descriptors of every chain carry the header and the status.
    dv.setUint32(BLK_CONFIG.SEG_MAX, QUEUE_SIZE - 2, true);
    dv.setUint32(BLK_CONFIG.BLK_SIZE, this.blockSize, true);
    // A made-up CHS geometry (16 heads, 63 sectors) as disks report it; nothing depends on it.
    dv.setUint16(BLK_CONFIG.GEOMETRY_CYLINDERS, Math.min(0xffff, Math.floor(sectors / (16 * 63))), true);
    this.config[BLK_CONFIG.GEOMETRY_HEADS] = 16;
    this.config[BLK_CONFIG.GEOMETRY_SECTORS] = 63;
    // Topology: physical block = logical block, no alignment offset or I/O size hints.
    this.config[BLK_CONFIG.WRITEBACK] = 1;
    dv.setUint32(BLK_CONFIG.MAX_DISCARD_SECTORS, MAX_RANGE_SECTORS, true);
    dv.setUint32(BLK_CONFIG.MAX_DISCARD_SEG, MAX_RANGE_SEGMENTS, true);
    dv.setUint32(BLK_CONFIG.DISCARD_SECTOR_ALIGNMENT, this.blockSize / SECTOR, true);
    dv.setUint32(BLK_CONFIG.MAX_WRITE_ZEROES_SECTORS, MAX_RANGE_SECTORS, true);
    dv.setUint32(BLK_CONFIG.MAX_WRITE_ZEROES_SEG, MAX_RANGE_SEGMENTS, true);
    this.config[BLK_CONFIG.WRITE_ZEROES_MAY_UNMAP] = 0;
  }

  /** The driver may switch the cache mode (CONFIG_WCE); anything but 0 means write-back. */
  configWritten(offset: number, length: number): void {
    if (offset <= BLK_CONFIG.WRITEBACK && BLK_CONFIG.WRITEBACK < offset + length) {
      this.config[BLK_CONFIG.WRITEBACK] = this.config[BLK_CONFIG.WRITEBACK] === 0 ? 0 : 1;
    }
  }

  /** Write-through mode: every write is durable before its status says done. */
  private get writeThrough(): boolean {
    return this.config[BLK_CONFIG.WRITEBACK] === 0;
  }

  activate(ctx: DeviceContext): void {
    this.ctx = ctx;
  }

  reset(): void {
    this.ctx = undefined;
    this.config[BLK_CONFIG.WRITEBACK] = 1;
  }

  close(): void {
    this.backend.close();
  }

  notify(queue: number): void {
    this.stats.notifications++;
    const q = this.ctx?.queues[queue];
    if (queue !== 0 || q === undefined) return;
    let pushed = false;
    for (let chain = q.pop(); chain !== undefined; chain = q.pop()) {
      q.push(chain, this.handle(chain));
      pushed = true;
    }
    // The queue counts the interrupts it really sends (stats.interrupts).
    if (pushed) q.notifyDriver();
  }

  /** Serves one request; returns the bytes written into the chain's writable part. */
  handle(chain: DescriptorChain): number {
    this.stats.requests++;
    if (chain.writableLength < 1) {
      this.error('request without a status byte');
      return 0;
    }
    const dataLen = chain.writableLength - 1;
    let written = 1;
    let status: number = BLK_S.OK;
    try {
      written += this.serve(chain, dataLen);
    } catch (e) {
      if (e instanceof RequestError) {
        status = e.status;
        this.error(e.message);
      } else if (e instanceof BlockIoError) {
        status = BLK_S.IOERR;
        this.error(`host I/O error: ${e.message}`);
      } else {
        throw e;
      }
    }
    this.writeStatus(chain, status);
    return written;
  }

  /** Runs the request; returns data bytes written to the guest (excluding the status byte). */
  private serve(chain: DescriptorChain, dataLen: number): number {
    if (gather(chain.readable, 0, this.header) < BLK_HEADER_SIZE) {
      throw new RequestError(BLK_S.IOERR, `request header is ${chain.readableLength} bytes, needs ${BLK_HEADER_SIZE}`);
    }
    const type = this.headerView.getUint32(0, true);
    const sectorHi = this.headerView.getUint32(12, true);
    const sector = sectorHi >= 0x20_0000 ? Infinity : sectorHi * 0x1_0000_0000 + this.headerView.getUint32(8, true);
    const outLen = chain.readableLength - BLK_HEADER_SIZE;
    switch (type) {
      case BLK_T.IN: {
        const offset = this.range(sector, dataLen, 'read');
        let at = offset;
        for (const part of slices(chain.writable, 0, dataLen)) {
          this.backend.read(at, part);
          at += part.length;
        }
        this.written(chain, dataLen);
        this.stats.bytesRead += dataLen;
        return dataLen;
      }
      case BLK_T.OUT: {
        this.writable();
        const offset = this.range(sector, outLen, 'write');
        let at = offset;
        for (const part of slices(chain.readable, BLK_HEADER_SIZE, outLen)) {
          this.backend.write(at, part);
          at += part.length;
        }
        if (this.writeThrough) this.backend.flush();
        this.stats.bytesWritten += outLen;
        return 0;
      }
      case BLK_T.FLUSH:
        // Durable before the status says so: the guest may rely on it after a host crash.
        this.backend.flush();
        return 0;
      case BLK_T.GET_ID: {
        const n = Math.min(dataLen, BLK_ID_BYTES);
        const id = new Uint8Array(n);
        id.set(this.serial.subarray(0, n));
        let at = 0;
        for (const part of slices(chain.writable, 0, n)) {
          part.set(id.subarray(at, at + part.length));
          at += part.length;
        }
        this.written(chain, n);
        return n;
      }
      case BLK_T.DISCARD:
      case BLK_T.WRITE_ZEROES:
        this.writable();
        this.ranges(chain, outLen, type === BLK_T.DISCARD);
        return 0;
      default:
        throw new RequestError(BLK_S.UNSUPP, `unsupported request type ${type}`);
    }
  }

  /** Byte offset of a transfer after checking alignment and range. */
  private range(sector: number, len: number, what: string): number {
    if (len % SECTOR !== 0) throw new RequestError(BLK_S.IOERR, `${what} of ${len} bytes is not a multiple of ${SECTOR}`);
    const offset = sector * SECTOR;
    if (!(offset + len <= this.backend.size)) {
      throw new RequestError(BLK_S.IOERR, `${what} of ${len} bytes at sector ${sector} is beyond the disk's ${this.backend.size / SECTOR} sectors`);
    }
    return offset;
  }

  private writable(): void {
    if (this.backend.readOnly) throw new RequestError(BLK_S.IOERR, 'write to a read-only disk');
  }

  /** DISCARD / WRITE_ZEROES: a list of {sector, num_sectors, flags} segments. */
  private ranges(chain: DescriptorChain, outLen: number, discard: boolean): void {
    const what = discard ? 'discard' : 'write-zeroes';
    if (outLen === 0 || outLen % BLK_SEGMENT_SIZE !== 0 || outLen / BLK_SEGMENT_SIZE > MAX_RANGE_SEGMENTS) {
      throw new RequestError(BLK_S.UNSUPP, `${what} with ${outLen} bytes of segments`);
    }
    const seg = new Uint8Array(outLen);
    gather(chain.readable, BLK_HEADER_SIZE, seg);
    const dv = new DataView(seg.buffer);
    const todo: [number, number][] = [];
    for (let off = 0; off < outLen; off += BLK_SEGMENT_SIZE) {
      const hi = dv.getUint32(off + 4, true);
      const sector = hi >= 0x20_0000 ? Infinity : hi * 0x1_0000_0000 + dv.getUint32(off, true);
      const count = dv.getUint32(off + 8, true);
      const flags = dv.getUint32(off + 12, true);
      // Unknown flag bits, or "unmap" on a discard, are not ours to guess at.
      if ((flags & ~WRITE_ZEROES_FLAG_UNMAP) !== 0 || (discard && flags !== 0)) {
        throw new RequestError(BLK_S.UNSUPP, `${what} with flags 0x${flags.toString(16)}`);
      }
      if (count > MAX_RANGE_SECTORS) throw new RequestError(BLK_S.IOERR, `${what} of ${count} sectors exceeds the advertised maximum`);
      todo.push([this.range(sector, count * SECTOR, what), count * SECTOR]);
    }
    for (const [offset, len] of todo) {
      if (discard) this.backend.discard(offset, len);
      else this.backend.writeZeroes(offset, len);
    }
  }

  private written(chain: DescriptorChain, len: number): void {
    const mem = this.ctx?.memory;
    if (mem === undefined) return;
    for (const part of slices(chain.writable, 0, len)) {
      // Views are subarrays of guest storage: byteOffset is the guest absolute address.
      mem.written(part.byteOffset, part.length);
    }
  }

  private writeStatus(chain: DescriptorChain, status: number): void {
    const last = chain.writable[chain.writable.length - 1];
    last[last.length - 1] = status;
    // Views are subarrays of guest storage, so byteOffset is the guest absolute address.
    this.ctx?.memory.written(last.byteOffset + last.length - 1, 1);
  }

  private error(message: string): void {
    this.stats.errors++;
    this.ctx?.onError(`${this.name}: ${message}`);
  }
}
