#!/usr/bin/env node
// Builds the system test guests and records QEMU's console output for each run in
// goldens.json: `node test/guests/record-goldens.mjs [name-substring]`. Needs the s390x
// cross compiler and qemu-system-s390x; `npm test` only reads the committed results.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { runs } = JSON.parse(readFileSync(join(here, 'goldens.json'), 'utf8'));
const filter = process.argv[2];
const ATTEMPTS = 3;

for (const dir of new Set(runs.map((r) => dirname(r.kernel)))) execFileSync('make', ['-C', join(here, dir)], { stdio: 'inherit' });

for (const run of runs) {
  if (filter && !run.name.includes(filter)) continue;
  const args = ['-M', 's390-ccw-virtio', '-m', String(run.memoryMiB ?? 128)];
  if (run.console === 'line-mode') {
    // Only the line-mode operator console, on stdout.
    args.push('-display', 'none', '-serial', 'none', '-monitor', 'none', '-chardev', 'stdio,id=lm', '-device', 'sclplmconsole,chardev=lm');
  } else {
    args.push('-nographic');
  }
  if (run.smp) args.push('-smp', String(run.smp));
  // QEMU adds a virtio-net NIC unless told otherwise; Kuli has none by default.
  if (run.nic) args.push('-nic', run.nic);
  if (run.append !== undefined) args.push('-append', run.append);
  if (run.initrd) args.push('-initrd', join(here, run.initrd));
  args.push('-kernel', join(here, run.kernel));
  let out;
  // SMP guests race with QEMU's multi-threaded TCG; a timeout is retried.
  for (let i = 1; i <= ATTEMPTS; i++) {
    const r = spawnSync('timeout', ['20', 'qemu-system-s390x', ...args], {
      stdio: ['pipe', 'pipe', 'inherit'], input: run.input ? readFileSync(join(here, run.input)) : '',
    });
    if (r.status === 0 && r.stdout.includes('EXIT: STATUS=')) { out = r.stdout; break; }
    process.stderr.write(`${run.name}: attempt ${i} failed (status ${r.status})\n`);
  }
  if (!out) throw new Error(`${run.name}: QEMU did not finish`);
  writeFileSync(join(here, run.golden), out);
  process.stdout.write(`${run.name}: ${out.length} bytes -> ${run.golden}\n`);
}
