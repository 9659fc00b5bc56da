// virtio-blk benchmark (part of `npm run bench`): Debian's s390x kernel with virtio_blk
// boots under QEMU TCG and under kuli run with the same 64 MiB raw disk; in the guest,
// busybox dd writes 16 MiB sequentially (1 MiB blocks, conv=fsync) and, after dropping
// the page cache, reads them back. Prints each side's throughput (timed by the guest's
// /proc/uptime) and the kuli/QEMU ratio, measured in the same run.
// Usage: node tools/run-ts.mjs tools/bench/virtio-blk.ts [qemu|kuli...]  (default: both)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Result { ok: boolean; error?: string; outputs: string[] }
type Drive = (argv: string[], o: { commands: string[]; bootTimeoutS: number; commandTimeoutS: number }) => Promise<Result>;

const MIB = 1024 * 1024;
const DISK_MIB = 64;
const COUNT_MIB = 16;
const APPEND = 'console=ttysclp0 quiet';
/** Guest uptime before and after (busybox dd prints no timing): "T0 T1" in seconds. */
const timed = (cmd: string): string => `a=$(cut -d' ' -f1 /proc/uptime); ${cmd}; b=$(cut -d' ' -f1 /proc/uptime); echo "dd-time $a $b"`;
const COMMANDS = [
  timed(`dd if=/dev/zero of=/dev/vda bs=1M count=${COUNT_MIB} conv=fsync 2>/dev/null`),
  `echo 3 >/proc/sys/vm/drop_caches; ${timed(`dd if=/dev/vda of=/dev/null bs=1M count=${COUNT_MIB} 2>/dev/null`)}`,
];

function paths(): { vmlinuz: string; initrd: string } {
  const out = execFileSync('bash', ['test/oracle/virtio-initramfs.sh', 'blk', 'drivers/block/virtio_blk'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const get = (k: string): string => {
    const m = new RegExp(`^${k}=(.*)$`, 'm').exec(out);
    if (m === null) throw new Error(`virtio-initramfs.sh did not print ${k}=`);
    return m[1];
  };
  return { vmlinuz: get('vmlinuz'), initrd: get('initrd') };
}

/** MiB/s from the "dd-time T0 T1" line (guest uptime, 10 ms resolution). */
function rate(output: string | undefined): number | undefined {
  const m = /dd-time ([\d.]+) ([\d.]+)/.exec(output ?? '');
  if (m === null) return undefined;
  const seconds = Math.max(Number(m[2]) - Number(m[1]), 0.01);
  return COUNT_MIB / seconds;
}

async function main(): Promise<void> {
  const { driveConsole } = (await import(join(process.cwd(), 'test/oracle/linux-console.mjs'))) as { driveConsole: Drive };
  const { vmlinuz, initrd } = paths();
  execFileSync('node', ['tools/build.mjs'], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'kuli-bench-blk-'));
  const image = (name: string): string => {
    const f = join(dir, name);
    writeFileSync(f, Buffer.alloc(DISK_MIB * MIB));
    return f;
  };
  try {
    const sides: [string, string[]][] = [
      ['qemu', ['qemu-system-s390x', '-M', 's390-ccw-virtio', '-m', '512', '-smp', '2', '-nographic', '-nic', 'none',
        '-kernel', vmlinuz, '-initrd', initrd, '-append', APPEND,
        '-drive', `file=${image('qemu.img')},format=raw,if=none,id=d0,cache=writeback`, '-device', 'virtio-blk-ccw,drive=d0']],
      ['kuli', ['node', 'bin/kuli.js', 'run', '--kernel', vmlinuz, '--initrd', initrd, '--append', APPEND,
        '--smp', '2', '--memory', '512M', '--disk', image('kuli.img')]],
    ];
    console.log(`virtio-blk: ${COUNT_MIB} MiB sequential dd (1 MiB blocks) on a ${DISK_MIB} MiB raw image, 2 CPUs, 512 MiB`);
    const got: Record<string, [number | undefined, number | undefined]> = {};
    const only = process.argv.slice(2);
    for (const [name, argv] of sides.filter(([n]) => only.length === 0 || only.includes(n))) {
      const r = await driveConsole(argv, { commands: COMMANDS, bootTimeoutS: 1800, commandTimeoutS: 1200 });
      const w = rate(r.outputs[0]);
      const rd = rate(r.outputs[1]);
      got[name] = [w, rd];
      const f = (v: number | undefined): string => (v === undefined ? 'n/a' : `${v.toFixed(1)} MiB/s`);
      console.log(`${name}: write ${f(w)}, read ${f(rd)}${r.ok ? '' : ` (FAILED: ${r.error ?? ''})`}`);
    }
    if (got.qemu === undefined || got.kuli === undefined) return;
    const [qw, qr] = got.qemu;
    const [kw, kr] = got.kuli;
    const ratio = (k: number | undefined, q: number | undefined): string => (k && q ? `${(k / q).toFixed(2)}x` : 'n/a');
    console.log(`ratio kuli/qemu: write ${ratio(kw, qw)}, read ${ratio(kr, qr)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
