// Network benchmark: throughput between two Linux guests on one Ethernet segment, QEMU TCG
// (two guests joined by -netdev socket) beside kuli (two `kuli run --nic NAME`, or with
// KULI_BENCH_NET_VARIANT=kuli-qemu one kuli guest serving a QEMU guest). Guest a serves a
// blob with busybox httpd, guest b fetches it with wget, timed in the guest by /proc/uptime
// (test/oracle/linux-net.mjs --bench-mib). Prints MiB/s for each and their ratio. Not in
// `npm run bench` by default: two kuli boots take many minutes.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { homedir } from 'node:os';

interface Guest { ok: boolean; error?: string; outputs: string[]; bootMs: number }

const QEMU_MIB = Number(process.env.KULI_BENCH_NET_QEMU_MIB ?? 64);
const KULI_MIB = Number(process.env.KULI_BENCH_NET_KULI_MIB ?? 4);
const KULI_VARIANT = process.env.KULI_BENCH_NET_VARIANT ?? 'kuli-kuli';

function paths(): { vmlinuz: string; initrd: string } {
  // linux-net.sh builds the initramfs with virtio_net; run its reference variant once.
  execFileSync('bash', ['test/oracle/linux-net.sh', 'qemu-qemu'], { stdio: 'ignore' });
  const out = execFileSync('bash', ['test/oracle/fetch-debian.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vmlinuz = /^vmlinuz=(.*)$/m.exec(out)?.[1];
  if (vmlinuz === undefined) throw new Error('fetch-debian.sh did not print vmlinuz=');
  return { vmlinuz, initrd: join(process.env.KULI_CACHE ?? join(homedir(), '.cache', 'kuli'), 'linux-net', 'initrd.gz') };
}

function run(variant: string, mib: number, p: { vmlinuz: string; initrd: string }): { mibPerS: number; line: string } {
  const out = join(process.env.KULI_CACHE ?? join(homedir(), '.cache', 'kuli'), 'linux-net');
  const r = spawnSync('node', ['test/oracle/linux-net.mjs', '--variant', variant, '--out', out, '--kernel', p.vmlinuz, '--initrd', p.initrd, '--bench-mib', String(mib)],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`linux-net.mjs ${variant} failed: ${r.stderr}`);
  const guests = JSON.parse(r.stdout) as Guest[];
  const client = guests[1];
  const m = /fetched (\d+) MiB from ([\d.]+) to ([\d.]+)/.exec(client.outputs[5] ?? '');
  if (!client.ok || m === null) return { mibPerS: NaN, line: `${variant}: FAILED (${client.error ?? JSON.stringify(client.outputs[5])})` };
  const seconds = Number(m[3]) - Number(m[2]);
  const mibPerS = mib / seconds;
  return { mibPerS, line: `${variant}: ${mib} MiB in ${seconds.toFixed(2)} s = ${mibPerS.toFixed(2)} MiB/s (${(mibPerS * 8 * 1.048576).toFixed(1)} Mbit/s)` };
}

const p = paths();
execFileSync('node', ['tools/build.mjs'], { stdio: 'ignore' });
console.log(`net: HTTP download guest b <- guest a over virtio-net, Debian ${p.vmlinuz.replace(/.*vmlinuz-/, '')} + busybox`);
const q = run('qemu-qemu', QEMU_MIB, p);
console.log(q.line);
const k = run(KULI_VARIANT, KULI_MIB, p);
console.log(k.line);
if (Number.isFinite(q.mibPerS) && Number.isFinite(k.mibPerS)) console.log(`kuli/QEMU throughput ratio: ${(k.mibPerS / q.mibPerS).toFixed(3)}`);
