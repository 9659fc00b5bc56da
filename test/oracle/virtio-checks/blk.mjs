// virtio-blk check for the Linux virtio boot test: a 16 MiB read-write disk (serial
// kuli-rw) and a 1 MiB read-only disk (serial kuli-ro), found by serial (probe order, so
// vda/vdb, may differ between runs and hosts). The guest checks sizes and the
// read-only flag, writes 64 KiB of random data at 1 MiB with dd, syncs, drops its page
// cache and reads it back (md5sum); a write to the read-only disk must fail. After power
// off the host image must hold the same bytes (md5 of the host range = the guest's).
// Module shape (see linux-virtio.sh): kuliArgs(dir), qemuArgs(dir), commands,
// check(outputs, { dir, target }) -> list of problems ([] = pass).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIB = 1024 * 1024;
const RW_SIZE = 16 * MIB;
const RO_SIZE = 1 * MIB;
const AT = 1 * MIB;
const LEN = 64 * 1024;

function images(dir, target) {
  const rw = join(dir, `${target}-vda.img`);
  const ro = join(dir, `${target}-vdb.img`);
  writeFileSync(rw, Buffer.alloc(RW_SIZE));
  writeFileSync(ro, Buffer.alloc(RO_SIZE, 0x5a));
  return { rw, ro };
}

export function kuliArgs(dir) {
  const { rw, ro } = images(dir, 'kuli');
  return ['--disk', `${rw},serial=kuli-rw`, '--disk', `${ro},ro,serial=kuli-ro`];
}

export function qemuArgs(dir) {
  const { rw, ro } = images(dir, 'qemu');
  return [
    '-drive', `file=${rw},format=raw,if=none,id=vda`, '-device', 'virtio-blk-ccw,drive=vda,serial=kuli-rw',
    '-drive', `file=${ro},format=raw,if=none,id=vdb,readonly=on`, '-device', 'virtio-blk-ccw,drive=vdb,serial=kuli-ro',
  ];
}

export const commands = [
  'for d in /sys/block/vd*; do case $(cat $d/serial) in kuli-rw) RW=/dev/${d##*/};; kuli-ro) RO=/dev/${d##*/};; esac; done; '
    + 'for d in $RW $RO; do b=/sys/block/${d#/dev/}; echo $(cat $b/serial) $(cat $b/size) ro=$(cat $b/ro); done',
  `dd if=/dev/urandom of=/tmp/pat bs=4096 count=${LEN / 4096} 2>/dev/null; md5sum </tmp/pat`,
  `dd if=/tmp/pat of=$RW bs=4096 seek=${AT / 4096} conv=notrunc 2>/dev/null; echo rc=$?; sync; echo 3 >/proc/sys/vm/drop_caches`,
  `dd if=$RW bs=4096 skip=${AT / 4096} count=${LEN / 4096} 2>/dev/null | md5sum`,
  'dd if=/tmp/pat of=$RO bs=4096 count=1 2>/dev/null; echo rc=$?; dd if=$RO bs=512 count=1 2>/dev/null | md5sum',
];

function md5(b) { return createHash('md5').update(b).digest('hex'); }

function hostRange(file, at, len) {
  const fd = openSync(file, 'r');
  const b = Buffer.alloc(len);
  readSync(fd, b, 0, len, at);
  closeSync(fd);
  return b;
}

export function check(outputs, { dir, target }) {
  const problems = [];
  const want = (cond, what) => { if (!cond) problems.push(what); };
  const [sizes, pat, write, readBack, ro] = outputs.map((o) => (o ?? '').trim());
  want(sizes === `kuli-rw ${RW_SIZE / 512} ro=0\nkuli-ro ${RO_SIZE / 512} ro=1`, `serial/size/ro: got ${JSON.stringify(sizes)}`);
  const guestMd5 = /^([0-9a-f]{32})/.exec(pat ?? '')?.[1];
  want(guestMd5 !== undefined, `no md5 of the pattern: ${JSON.stringify(pat)}`);
  want(/rc=0/.test(write ?? ''), `dd to the read-write disk failed: ${JSON.stringify(write)}`);
  want(readBack?.startsWith(guestMd5 ?? '-'), `read back ${JSON.stringify(readBack)}, wrote ${guestMd5}`);
  const roRc = /rc=(\d+)/.exec(ro ?? '')?.[1];
  want(roRc !== undefined && roRc !== '0', `write to the read-only disk did not fail: ${JSON.stringify(ro)}`);
  want((ro ?? '').includes(md5(Buffer.alloc(512, 0x5a))), `read-only disk content changed or unreadable: ${JSON.stringify(ro)}`);
  if (dir !== undefined && target !== undefined) {
    const host = md5(hostRange(join(dir, `${target}-vda.img`), AT, LEN));
    want(host === guestMd5, `host image bytes at ${AT} have md5 ${host}, the guest wrote ${guestMd5}`);
    const roHost = md5(hostRange(join(dir, `${target}-vdb.img`), 0, RO_SIZE));
    want(roHost === md5(Buffer.alloc(RO_SIZE, 0x5a)), 'the read-only host image changed');
  }
  return problems;
}
