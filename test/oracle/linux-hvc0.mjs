// Runs virtio-checks/console.mjs's hvc0Session under QEMU and kuli (see linux-hvc0.sh):
// one boot each with the session's command line and devices, the commands typed through
// hvc0, the session's check on the outputs. Exit status 1 when any check fails.
// Usage: node linux-hvc0.mjs --out DIR --kernel F --initrd F -- [qemu|kuli...]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { driveConsole } from './linux-console.mjs';
import { hvc0Session as s } from './virtio-checks/console.mjs';

const args = process.argv.slice(2);
const opt = (name) => args[args.indexOf(name) + 1];
const out = opt('--out');
const kernel = opt('--kernel');
const initrd = opt('--initrd');
const dash = args.indexOf('--');
const wanted = dash >= 0 && dash < args.length - 1 ? args.slice(dash + 1) : ['qemu', 'kuli'];

const targets = {
  qemu: ['qemu-system-s390x', '-M', 's390-ccw-virtio', '-m', '512', '-smp', '2', '-nographic', '-nic', 'none',
    '-kernel', kernel, '-initrd', initrd, '-append', s.append, ...s.qemuArgs(out)],
  kuli: ['node', 'bin/kuli.js', 'run', '--kernel', kernel, '--initrd', initrd, '--append', s.append,
    '--smp', '2', '--memory', '512M', ...s.kuliArgs(out)],
};

let failed = false;
for (const target of wanted) {
  const t0 = Date.now();
  const r = await driveConsole(targets[target], { commands: s.commands, bootTimeoutS: 1800, commandTimeoutS: 600 });
  writeFileSync(join(out, `${target}.log`), r.transcript);
  const problems = r.outputs.length === s.commands.length ? s.check(r.outputs, { dir: out, target }) : [`the session ended early: ${r.error ?? ''}`];
  if (r.exitCode !== 0) problems.push(`exit status ${r.exitCode}`);
  process.stdout.write(`${target}: boot to shell ${(r.bootMs / 1000).toFixed(1)} s, session ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${r.exitCode}\n`);
  for (const p of problems) process.stdout.write(`  FAIL ${p}\n`);
  if (problems.length > 0) failed = true;
  else process.stdout.write('  ok\n');
}
process.exit(failed ? 1 : 0);
