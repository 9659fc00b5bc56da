// Boot benchmark (part of `npm run bench`): Debian's s390x kernel with the busybox
// initramfs of the Linux boot test, booted to the shell prompt by QEMU TCG and by kuli
// run (same options: 2 CPUs, 512M, console=ttysclp0 quiet), driven through the console
// by test/oracle/linux-console.mjs (a few commands, then poweroff -f). Prints the
// boot-to-shell and total session times and their ratio. Needs the Debian packages
// (fetched once by test/oracle/fetch-debian.sh) and qemu-system-s390x.
import { execFileSync, spawnSync } from 'node:child_process';

interface Session {
  ok: boolean;
  error?: string;
  bootMs: number;
  exitMs: number;
  exitCode: number | string | null;
}

const SMP = process.env.KULI_BENCH_SMP ?? '2';
const MEMORY_MIB = process.env.KULI_BENCH_MEMORY_MIB ?? '512';
const APPEND = 'console=ttysclp0 quiet';

function paths(): { vmlinuz: string; initrd: string } {
  const out = execFileSync('bash', ['test/oracle/linux-initramfs.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const get = (k: string): string => {
    const m = new RegExp(`^${k}=(.*)$`, 'm').exec(out);
    if (m === null) throw new Error(`linux-initramfs.sh did not print ${k}=`);
    return m[1];
  };
  return { vmlinuz: get('vmlinuz'), initrd: get('initrd') };
}

function session(command: string[]): Session {
  const r = spawnSync('node', ['test/oracle/linux-console.mjs', '--boot-timeout', '1800', '--', ...command], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`linux-console.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Session;
}

function describe(name: string, s: Session): string {
  const state = s.ok ? (s.exitCode === 0 ? 'ok' : `exit ${String(s.exitCode)}`) : `FAILED (${s.error ?? ''})`;
  return `${name}: boot to shell ${(s.bootMs / 1000).toFixed(1)} s, whole session ${(s.exitMs / 1000).toFixed(1)} s, ${state}`;
}

const { vmlinuz, initrd } = paths();
execFileSync('node', ['tools/build.mjs'], { stdio: 'ignore' });
const version = execFileSync('qemu-system-s390x', ['--version'], { encoding: 'utf8' }).split('\n')[0].replace(/^QEMU emulator version /, '');
console.log(`boot: ${vmlinuz.replace(/.*\//, '')} + busybox initramfs, ${SMP} CPUs, ${MEMORY_MIB} MiB, "${APPEND}"`);
const q = session(['qemu-system-s390x', '-M', 's390-ccw-virtio', '-m', MEMORY_MIB, '-smp', SMP, '-nographic', '-nic', 'none',
  '-kernel', vmlinuz, '-initrd', initrd, '-append', APPEND]);
console.log(describe(`qemu-system-s390x ${version}`, q));
const k = session(['node', 'bin/kuli.js', 'run', '--kernel', vmlinuz, '--initrd', initrd, '--append', APPEND,
  '--smp', SMP, '--memory', `${MEMORY_MIB}M`]);
console.log(describe('kuli', k));
if (q.ok && k.ok) console.log(`ratio kuli/qemu: boot to shell ${(k.bootMs / q.bootMs).toFixed(1)}x, whole session ${(k.exitMs / q.exitMs).toFixed(1)}x`);
