// --disk parsing and opening: each case names the text and the expected spec or the
// one-line error a user sees.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskOptionError, openDisk, parseDiskOption } from '../../../emulator/virtio/blk/disk-option';
import { BLK_F } from '../../../emulator/virtio/blk/device';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuli-disk-opt-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parseDiskOption', () => {
  const OK: { text: string; spec: object }[] = [
    { text: 'a.img', spec: { file: 'a.img', readOnly: false, sector: 512 } },
    { text: 'a.img,ro', spec: { file: 'a.img', readOnly: true } },
    { text: 'a.img,overlay', spec: { overlay: { path: undefined } } },
    { text: 'a.img,overlay=/tmp/x.kcow,serial=disk-7,sector=4096', spec: { overlay: { path: '/tmp/x.kcow' }, serial: 'disk-7', sector: 4096 } },
  ];
  for (const c of OK) it(`accepts ${c.text}`, () => expect(parseDiskOption(c.text)).toMatchObject(c.spec));

  const BAD: { text: string; error: RegExp }[] = [
    { text: ',ro', error: /no file/ },
    { text: 'a.img,rw', error: /unknown option 'rw'.*FILE\[,ro\]/ },
    { text: 'a.img,sector=1024', error: /sector must be 512 or 4096, got '1024'/ },
    { text: 'a.img,serial=123456789012345678901', error: /longer than 20 bytes/ },
    { text: 'a.img,ro,overlay', error: /exclude each other/ },
  ];
  for (const c of BAD) it(`rejects ${c.text}`, () => expect(() => parseDiskOption(c.text)).toThrow(c.error));
});

describe('openDisk', () => {
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, new Uint8Array(8192));
  const odd = path.join(dir, 'odd.img');
  fs.writeFileSync(odd, new Uint8Array(1000));

  it('opens a raw image read-write with capacity and serial', () => {
    const dev = openDisk(parseDiskOption(`${img},serial=s1`));
    expect(new DataView(dev.config.buffer).getUint32(0, true)).toBe(16);
    expect(dev.backend.readOnly).toBe(false);
    expect(dev.name).toBe('virtio-blk disk.img');
    dev.close();
  });

  it('ro offers the RO feature', () => {
    const dev = openDisk(parseDiskOption(`${img},ro`));
    expect(dev.features & (1n << BigInt(BLK_F.RO))).not.toBe(0n);
    dev.close();
  });

  it('overlay=PATH creates the overlay and leaves the image alone', () => {
    const ov = path.join(dir, 'o.kcow');
    const dev = openDisk(parseDiskOption(`${img},overlay=${ov}`));
    dev.backend.write(0, new Uint8Array(512).fill(1));
    dev.close();
    expect(fs.readFileSync(img).every((b) => b === 0)).toBe(true);
    expect(fs.existsSync(ov)).toBe(true);
  });

  const BAD: { name: string; text: () => string; error: RegExp }[] = [
    { name: 'a missing file', text: () => path.join(dir, 'none.img'), error: /none\.img': no such file/ },
    { name: 'a directory', text: () => dir, error: /is a directory/ },
    { name: 'a size not a multiple of 512', text: () => odd, error: /is 1000 bytes, not a positive multiple of the 512-byte sector size/ },
    { name: 'a size not a multiple of 4096', text: () => `${path.join(dir, 'six.img')},sector=4096`, error: /is 6144 bytes.*4096-byte/ },
    { name: 'an overlay that is not one', text: () => `${img},overlay=${odd}`, error: /^--disk: overlay .* is not a kuli overlay/ },
  ];
  fs.writeFileSync(path.join(dir, 'six.img'), new Uint8Array(6144));
  for (const c of BAD) {
    it(`rejects ${c.name} in one line`, () => {
      let err: unknown;
      try { openDisk(parseDiskOption(c.text())); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(DiskOptionError);
      expect((err as Error).message).toMatch(c.error);
      expect((err as Error).message).not.toContain('\n');
    });
  }
});
