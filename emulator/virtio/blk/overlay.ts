// Copy-on-write overlay: a guest disk whose writes go to a private overlay file while
// unwritten clusters read through to a read-only base image, so many guests share one
// base. Our own small format ("KULICOW"), all integers little-endian:
//
//   offset 0     header (HEADER_SIZE bytes):
//                  0  magic "KULICOW\0"          8  version u32 (1)
//                 12  cluster size u32 (bytes)  16  virtual size u64 (= base size)
//                 24  map offset u64            32  data offset u64
//                 40  base path length u16      42  base path (UTF-8, informational)
//   map offset   cluster map: one u32 per virtual cluster; 0 = read the base,
//                k >= 1 = data cluster k-1, stored at data offset + (k-1) * cluster size
//   data offset  data clusters, appended in allocation order
//
// Durability: a first write to a cluster copies the base cluster, merges the write and
// appends it; its map entry stays in memory until flush. Flush fsyncs the data, then
// writes the dirty map entries, then fsyncs again, so a map entry on disk only ever points
// at data that reached the disk first. After a host crash the overlay holds every write
// acknowledged by a flush; appended clusters that no map entry names are reused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BlockIoError, NODE_FILE_OPS, ioText, preadFull, pwriteFull, zeroRange,
  type BlockBackend, type FileOps,
} from './backend';

const MAGIC = 'KULICOW\0';
const VERSION = 1;
const HEADER_SIZE = 4096;
export const DEFAULT_CLUSTER_SIZE = 64 * 1024;
const MAX_BASE_PATH = 1024;

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

interface Layout {
  clusterSize: number;
  virtualSize: number;
  mapOffset: number;
  dataOffset: number;
}

function readU64(dv: DataView, off: number): number {
  return dv.getUint32(off + 4, true) * 0x1_0000_0000 + dv.getUint32(off, true);
}

function writeU64(dv: DataView, off: number, v: number): void {
  dv.setUint32(off, v >>> 0, true);
  dv.setUint32(off + 4, Math.floor(v / 0x1_0000_0000), true);
}

/** A fresh header and empty map for a base of `size` bytes. */
function newLayout(size: number, clusterSize: number): Layout {
  const clusters = Math.ceil(size / clusterSize);
  const mapOffset = HEADER_SIZE;
  return { clusterSize, virtualSize: size, mapOffset, dataOffset: mapOffset + roundUp(clusters * 4, 4096) };
}

function encodeHeader(l: Layout, basePath: string): Uint8Array {
  const h = new Uint8Array(HEADER_SIZE);
  const dv = new DataView(h.buffer);
  for (let i = 0; i < MAGIC.length; i++) h[i] = MAGIC.charCodeAt(i);
  dv.setUint32(8, VERSION, true);
  dv.setUint32(12, l.clusterSize, true);
  writeU64(dv, 16, l.virtualSize);
  writeU64(dv, 24, l.mapOffset);
  writeU64(dv, 32, l.dataOffset);
  const name = new TextEncoder().encode(basePath).subarray(0, MAX_BASE_PATH);
  dv.setUint16(40, name.length, true);
  h.set(name, 42);
  return h;
}

function decodeHeader(h: Uint8Array, file: string): Layout {
  const bad = (why: string): BlockIoError => new BlockIoError(`overlay '${file}' is not a kuli overlay: ${why}`);
  for (let i = 0; i < MAGIC.length; i++) if (h[i] !== MAGIC.charCodeAt(i)) throw bad('bad magic');
  const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  if (dv.getUint32(8, true) !== VERSION) throw bad(`version ${dv.getUint32(8, true)}, expected ${VERSION}`);
  const l: Layout = {
    clusterSize: dv.getUint32(12, true),
    virtualSize: readU64(dv, 16),
    mapOffset: readU64(dv, 24),
    dataOffset: readU64(dv, 32),
  };
  const cs = l.clusterSize;
  if (cs < 512 || cs > 1 << 24 || (cs & (cs - 1)) !== 0) throw bad(`cluster size ${cs}`);
  const mapBytes = Math.ceil(l.virtualSize / cs) * 4;
  if (l.mapOffset < HEADER_SIZE || l.dataOffset < l.mapOffset + mapBytes) throw bad('map and data overlap');
  return l;
}

export interface OverlayOptions {
  /** Overlay file; undefined = a temporary overlay removed when closed (QEMU's snapshot=on). */
  path?: string;
  /** Informational, stored in a new overlay's header. */
  basePath?: string;
  clusterSize?: number;
  ops?: FileOps;
}

/** The guest's view: overlay clusters where written, the base elsewhere. */
export class OverlayBackend implements BlockBackend {
  readonly readOnly = false;
  readonly size: number;
  private readonly map: Uint32Array;
  private readonly dirty = new Set<number>();
  /** Data clusters in use (the next allocation is cluster `allocated`). */
  private allocated = 0;
  private readonly cluster: Uint8Array;
  private closed = false;

  private constructor(
    private readonly base: BlockBackend,
    private readonly fd: number,
    private readonly layout: Layout,
    private readonly ops: FileOps,
  ) {
    this.size = layout.virtualSize;
    this.map = new Uint32Array(Math.ceil(layout.virtualSize / layout.clusterSize));
    this.cluster = new Uint8Array(layout.clusterSize);
  }

  /** Opens or creates the overlay over `base`; one-line BlockIoError on any problem. */
  static open(base: BlockBackend, opts: OverlayOptions = {}): OverlayBackend {
    const ops = opts.ops ?? NODE_FILE_OPS;
    let file = opts.path;
    let temporary = false;
    if (file === undefined) {
      file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kuli-overlay-')), 'overlay');
      temporary = true;
    }
    const exists = !temporary && fs.existsSync(file);
    let fd: number;
    try {
      fd = fs.openSync(file, exists ? 'r+' : 'wx+');
    } catch (e) {
      throw new BlockIoError(`cannot open overlay '${file}': ${ioText(e)}`);
    }
    if (temporary) {
      // The fd keeps the file alive; nothing is left behind even if the host crashes.
      fs.unlinkSync(file);
      fs.rmdirSync(path.dirname(file));
    }
    try {
      const ov = exists ? OverlayBackend.load(base, fd, file, ops) : OverlayBackend.create(base, fd, opts, ops);
      return ov;
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  private static create(base: BlockBackend, fd: number, opts: OverlayOptions, ops: FileOps): OverlayBackend {
    const layout = newLayout(base.size, opts.clusterSize ?? DEFAULT_CLUSTER_SIZE);
    pwriteFull(ops, fd, encodeHeader(layout, opts.basePath ?? ''), 0);
    // An all-zero map up to the data offset: every cluster reads the base.
    pwriteFull(ops, fd, new Uint8Array(layout.dataOffset - layout.mapOffset), layout.mapOffset);
    ops.fsyncSync(fd);
    return new OverlayBackend(base, fd, layout, ops);
  }

  private static load(base: BlockBackend, fd: number, file: string, ops: FileOps): OverlayBackend {
    const h = new Uint8Array(HEADER_SIZE);
    preadFull(ops, fd, h, 0);
    const layout = decodeHeader(h, file);
    if (layout.virtualSize !== base.size) {
      throw new BlockIoError(`overlay '${file}' was made for a base of ${layout.virtualSize} bytes, this base has ${base.size}`);
    }
    const ov = new OverlayBackend(base, fd, layout, ops);
    const raw = new Uint8Array(ov.map.length * 4);
    preadFull(ops, fd, raw, layout.mapOffset);
    const dv = new DataView(raw.buffer);
    for (let c = 0; c < ov.map.length; c++) ov.map[c] = dv.getUint32(c * 4, true);
    const fileClusters = Math.ceil((fs.fstatSync(fd).size - layout.dataOffset) / layout.clusterSize);
    for (let c = 0; c < ov.map.length; c++) {
      const k = ov.map[c];
      if (k > fileClusters) throw new BlockIoError(`overlay '${file}' is corrupt: cluster ${c} maps past the end of the file`);
      ov.allocated = Math.max(ov.allocated, k);
    }
    return ov;
  }

  /** Clusters the overlay holds (for tests and the Devices view). */
  get clustersAllocated(): number { return this.allocated; }

  private dataPos(k: number): number {
    return this.layout.dataOffset + (k - 1) * this.layout.clusterSize;
  }

  /** Visits [offset, offset+len) cluster by cluster: (cluster, offset in cluster, offset in range, length). */
  private each(offset: number, len: number, fn: (c: number, within: number, at: number, n: number) => void): void {
    const cs = this.layout.clusterSize;
    for (let at = 0; at < len;) {
      const pos = offset + at;
      const c = Math.floor(pos / cs);
      const within = pos - c * cs;
      const n = Math.min(cs - within, len - at);
      fn(c, within, at, n);
      at += n;
    }
  }

  read(offset: number, dst: Uint8Array): void {
    this.each(offset, dst.length, (c, within, at, n) => {
      const part = dst.subarray(at, at + n);
      const k = this.map[c];
      if (k === 0) this.base.read(offset + at, part);
      else this.io(() => preadFull(this.ops, this.fd, part, this.dataPos(k) + within));
    });
  }

  write(offset: number, src: Uint8Array): void {
    this.each(offset, src.length, (c, within, at, n) => {
      const part = src.subarray(at, at + n);
      const k = this.map[c];
      if (k !== 0) {
        this.io(() => pwriteFull(this.ops, this.fd, part, this.dataPos(k) + within));
        return;
      }
      // First write to this cluster: copy the base's cluster, merge, append.
      const cs = this.layout.clusterSize;
      const start = c * cs;
      const fromBase = Math.min(cs, this.size - start);
      this.cluster.fill(0);
      this.base.read(start, this.cluster.subarray(0, fromBase));
      this.cluster.set(part, within);
      const next = this.allocated + 1;
      this.io(() => pwriteFull(this.ops, this.fd, this.cluster, this.dataPos(next)));
      this.allocated = next;
      this.map[c] = next;
      this.dirty.add(c);
    });
  }

  flush(): void {
    this.io(() => {
      this.ops.fsyncSync(this.fd);
      if (this.dirty.size === 0) return;
      const entry = new Uint8Array(4);
      const dv = new DataView(entry.buffer);
      for (const c of [...this.dirty].sort((a, b) => a - b)) {
        dv.setUint32(0, this.map[c], true);
        pwriteFull(this.ops, this.fd, entry, this.layout.mapOffset + c * 4);
      }
      this.ops.fsyncSync(this.fd);
      this.dirty.clear();
    });
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
      this.base.close();
    }
  }

  private io(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (e instanceof BlockIoError) throw e;
      throw new BlockIoError(`overlay I/O: ${ioText(e)}`);
    }
  }
}
