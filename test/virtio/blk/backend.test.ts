// Raw image and copy-on-write overlay backends on real temporary files: flush ordering
// (fsync before the guest sees OK), overlay semantics (base untouched, reads fall through,
// written clusters survive a reopen only once flushed), and one-line errors for bad files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockIoError, FileBackend, NODE_FILE_OPS, type FileOps } from '../../../emulator/virtio/blk/backend';
import { OverlayBackend } from '../../../emulator/virtio/blk/overlay';
import { BLK_S, BLK_T, VirtioBlk } from '../../../emulator/virtio/blk/device';
import { FakeMemory, FakeQueue, fakeContext } from '../device-queue';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuli-blk-test-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function pattern(len: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: len }, (_, i) => (i * 13 + seed) & 0xff);
}

function image(name: string, size: number, seed = 1): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, pattern(size, seed));
  return p;
}

function header(type: number, sector = 0): Uint8Array {
  const h = new Uint8Array(16);
  new DataView(h.buffer).setUint32(0, type, true);
  new DataView(h.buffer).setUint32(8, sector, true);
  return h;
}

function read(b: { read(o: number, d: Uint8Array): void }, offset: number, len: number): Uint8Array {
  const d = new Uint8Array(len);
  b.read(offset, d);
  return d;
}

describe('raw image file backend', () => {
  it('reads, writes and zeroes the file in place', () => {
    const p = image('disk.img', 8192);
    const b = FileBackend.open(p, false);
    expect(b.size).toBe(8192);
    expect(read(b, 512, 16)).toEqual(pattern(8192, 1).subarray(512, 528));
    b.write(1024, pattern(512, 9));
    b.writeZeroes(4096, 1024);
    b.close();
    const after = fs.readFileSync(p);
    expect(after.subarray(1024, 1536)).toEqual(Buffer.from(pattern(512, 9)));
    expect(after.subarray(4096, 5120).every((x) => x === 0)).toBe(true);
    expect(after.subarray(0, 1024)).toEqual(Buffer.from(pattern(8192, 1).subarray(0, 1024)));
  });

  it('read-only: writes fail, the file is opened without write access', () => {
    const p = image('ro.img', 4096);
    const b = FileBackend.open(p, true);
    expect(() => b.write(0, new Uint8Array(512))).toThrow(BlockIoError);
    b.close();
  });

  it('a missing file is a one-line BlockIoError', () => {
    expect(() => FileBackend.open(path.join(dir, 'nope.img'), false)).toThrow(/cannot open .*nope\.img.*ENOENT/);
  });

  it('the device fsyncs the image before it writes FLUSH\'s status byte', () => {
    const p = image('flush.img', 4096);
    const calls: string[] = [];
    const seen: { status?: Uint8Array } = {};
    const ops: FileOps = {
      ...NODE_FILE_OPS,
      writeSync: (...a) => { calls.push('write'); return NODE_FILE_OPS.writeSync(...a); },
      fsyncSync: (fd) => { calls.push(`fsync status=${seen.status?.[0]}`); NODE_FILE_OPS.fsyncSync(fd); },
    };
    const b = new FileBackend(fs.openSync(p, 'r+'), 4096, false, ops);
    const mem = new FakeMemory();
    const q = new FakeQueue(mem);
    const dev = new VirtioBlk(b);
    dev.activate(fakeContext(mem, [q], dev.features));
    q.offer([header(BLK_T.OUT, 1), pattern(512, 4)], [1]);
    const status = q.offer([header(BLK_T.FLUSH)], [1]).writable[0];
    seen.status = status;
    dev.notify(0);
    expect(calls).toEqual(['write', 'fsync status=238']); // 238 = 0xee, the untouched fill
    expect(status[0]).toBe(BLK_S.OK);
    dev.close();
  });
});

describe('copy-on-write overlay', () => {
  const SIZE = 256 * 1024;
  const CLUSTER = 64 * 1024;

  function open(basePath: string, ovPath: string | undefined): OverlayBackend {
    return OverlayBackend.open(FileBackend.open(basePath, true), { path: ovPath, basePath, clusterSize: CLUSTER });
  }

  it('reads fall through to the base; writes never touch it', () => {
    const base = image('base.img', SIZE);
    const before = fs.readFileSync(base);
    const ov = open(base, path.join(dir, 'a.kcow'));
    expect(read(ov, 1000, 100)).toEqual(pattern(SIZE, 1).subarray(1000, 1100));
    ov.write(CLUSTER + 512, pattern(1024, 7));
    // The written range reads back; the rest of that cluster still shows the base.
    expect(read(ov, CLUSTER + 512, 1024)).toEqual(pattern(1024, 7));
    expect(read(ov, CLUSTER, 512)).toEqual(pattern(SIZE, 1).subarray(CLUSTER, CLUSTER + 512));
    expect(read(ov, CLUSTER + 1536, 512)).toEqual(pattern(SIZE, 1).subarray(CLUSTER + 1536, CLUSTER + 2048));
    expect(ov.clustersAllocated).toBe(1);
    ov.close();
    expect(fs.readFileSync(base).equals(before)).toBe(true);
  });

  it('a write across a cluster boundary allocates both clusters', () => {
    const base = image('base.img', SIZE);
    const ov = open(base, path.join(dir, 'b.kcow'));
    ov.write(CLUSTER - 256, pattern(512, 3));
    expect(ov.clustersAllocated).toBe(2);
    expect(read(ov, CLUSTER - 256, 512)).toEqual(pattern(512, 3));
    ov.close();
  });

  it('flushed clusters read back after reopen', () => {
    const base = image('base.img', SIZE);
    const p = path.join(dir, 'c.kcow');
    const ov = open(base, p);
    ov.write(3 * CLUSTER + 4096, pattern(4096, 11));
    ov.writeZeroes(0, 512);
    ov.flush();
    ov.close();
    const again = open(base, p);
    expect(read(again, 3 * CLUSTER + 4096, 4096)).toEqual(pattern(4096, 11));
    expect(read(again, 0, 512).every((x) => x === 0)).toBe(true);
    expect(read(again, 512, 512)).toEqual(pattern(SIZE, 1).subarray(512, 1024));
    expect(again.clustersAllocated).toBe(2);
    // A further write reuses the map and appends after the existing clusters.
    again.write(2 * CLUSTER, pattern(512, 12));
    expect(again.clustersAllocated).toBe(3);
    again.close();
  });

  it('an allocation not yet flushed is absent after a crash (the map was never written)', () => {
    const base = image('base.img', SIZE);
    const p = path.join(dir, 'd.kcow');
    const fd = fs.openSync(p, 'wx+');
    fs.closeSync(fd);
    fs.unlinkSync(p);
    const ov = open(base, p);
    ov.write(0, pattern(512, 5));
    // "Crash": copy the file as it is on disk now, without flush or close.
    fs.copyFileSync(p, path.join(dir, 'crashed.kcow'));
    ov.close();
    const crashed = open(base, path.join(dir, 'crashed.kcow'));
    expect(read(crashed, 0, 512)).toEqual(pattern(SIZE, 1).subarray(0, 512));
    crashed.write(0, pattern(512, 6)); // reuses the orphaned data cluster
    expect(crashed.clustersAllocated).toBe(1);
    crashed.close();
  });

  it('the map reaches the file only after the data was fsynced', () => {
    const base = image('base.img', SIZE);
    const calls: string[] = [];
    const ops: FileOps = {
      ...NODE_FILE_OPS,
      writeSync: (fd, buf, o, l, pos) => { calls.push(pos < 8192 ? 'map' : 'data'); return NODE_FILE_OPS.writeSync(fd, buf, o, l, pos); },
      fsyncSync: (fd) => { calls.push('fsync'); NODE_FILE_OPS.fsyncSync(fd); },
    };
    const ov = OverlayBackend.open(FileBackend.open(base, true), { path: path.join(dir, 'e.kcow'), clusterSize: CLUSTER, ops });
    calls.length = 0;
    ov.write(CLUSTER, pattern(512, 1));
    ov.flush();
    expect(calls).toEqual(['data', 'fsync', 'map', 'fsync']);
    ov.close();
  });

  it('a temporary overlay leaves no file behind', () => {
    const base = image('base.img', SIZE);
    const ov = open(base, undefined);
    ov.write(0, pattern(512, 2));
    expect(read(ov, 0, 512)).toEqual(pattern(512, 2));
    ov.close();
    expect(fs.readdirSync(dir)).toEqual(['base.img']);
  });

  it('rejects a foreign file and an overlay made for another base size', () => {
    const base = image('base.img', SIZE);
    const junk = image('junk.kcow', 8192, 4);
    expect(() => open(base, junk)).toThrow(/not a kuli overlay: bad magic/);
    const p = path.join(dir, 'f.kcow');
    open(base, p).close();
    const small = image('small.img', SIZE / 2);
    expect(() => open(small, p)).toThrow(/made for a base of 262144 bytes, this base has 131072/);
  });

  it('rejects a map entry past the end of the overlay file', () => {
    const base = image('base.img', SIZE);
    const p = path.join(dir, 'g.kcow');
    open(base, p).close();
    const fd = fs.openSync(p, 'r+');
    fs.writeSync(fd, Uint8Array.of(9, 0, 0, 0), 0, 4, 4096);
    fs.closeSync(fd);
    expect(() => open(base, p)).toThrow(/corrupt: cluster 0 maps past the end/);
  });
});
