// `npm run bench`: runs the same CPU-bound guest (test/guests/bench) on kuli and on QEMU
// TCG (qemu-system-s390x -M s390-ccw-virtio) in one run and prints the time ratio and
// guest MIPS. QEMU's start-up is measured with the tiny hello guest and subtracted;
// kuli's instruction count is used for both MIPS figures (same guest, same instructions).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Machine } from '../../emulator/machine/machine';

const BENCH = 'test/guests/bench/bench.elf';
const HELLO = 'test/guests/hello/hello.elf';
const QEMU = ['-M', 's390-ccw-virtio', '-nographic', '-m', '128'];
const runs = Number(process.env.KULI_BENCH_RUNS ?? 3);

function qemuSeconds(kernel: string): { seconds: number; output: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('qemu-system-s390x', [...QEMU, '-kernel', kernel], { input: '', timeout: 120_000 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw new Error(`cannot run qemu-system-s390x: ${r.error.message} (bash tools/setup/apt-deps.sh installs it)`);
  return { seconds, output: r.stdout.toString() };
}

function kuliRun(): { seconds: number; output: string; instructions: number } {
  let output = '';
  const m = new Machine({ memory: 128 << 20, console: (t) => { output += t; } });
  m.loadKernel(readFileSync(BENCH), BENCH);
  const t0 = process.hrtime.bigint();
  const r = m.run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.reason !== 'stopped') throw new Error(`kuli: bench guest ended with ${r.reason}: ${r.message ?? ''}`);
  return { seconds, output, instructions: r.instructions };
}

const best = <T extends { seconds: number }>(xs: T[]): T => xs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

const golden = readFileSync('test/guests/bench/bench.golden.txt', 'utf8');
const startup = best(Array.from({ length: runs }, () => qemuSeconds(HELLO))).seconds;
const q = best(Array.from({ length: runs }, () => qemuSeconds(BENCH)));
const k = best(Array.from({ length: runs }, () => kuliRun()));
const qemuNet = Math.max(q.seconds - startup, 1e-3);
const same = (s: string): boolean => s.replace(/\r/g, '') === golden;
console.log(`guest: ${BENCH} (${k.instructions.toLocaleString('en')} instructions), best of ${runs}`);
console.log(`qemu-system-s390x ${execFileSync('qemu-system-s390x', ['--version']).toString().split('\n')[0].replace(/^QEMU emulator version /, '')}: ${q.seconds.toFixed(3)} s (start-up ${startup.toFixed(3)} s), ${(k.instructions / qemuNet / 1e6).toFixed(0)} MIPS, output ${same(q.output) ? 'ok' : 'DIFFERS'}`);
console.log(`kuli: ${k.seconds.toFixed(3)} s, ${(k.instructions / k.seconds / 1e6).toFixed(1)} MIPS, output ${same(k.output) ? 'ok' : 'DIFFERS'}`);
console.log(`ratio kuli/qemu (guest time): ${(k.seconds / qemuNet).toFixed(1)}x`);
