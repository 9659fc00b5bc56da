// Checks one console session of the Linux boot test (the JSON linux-console.mjs prints)
// against what the machine was given, and optionally against QEMU's session with the same
// initramfs: `node linux-boot-check.mjs RESULT.json --cpus N --memory-mib M [--reference QEMU.json]`.
// Prints one line per check; exits 1 if any failed.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const result = JSON.parse(readFileSync(args[0], 'utf8'));
const opt = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const cpus = Number(opt('--cpus'));
const memoryMiB = Number(opt('--memory-mib'));
const referenceFile = opt('--reference');
const reference = referenceFile ? JSON.parse(readFileSync(referenceFile, 'utf8')) : undefined;

let failed = 0;
function check(name, ok, detail = '') {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? `: ${detail}` : ''}\n`);
  if (!ok) failed++;
}

check('booted to the shell and ran every command', result.ok === true, result.error);
const [uname = '', cpuinfo = '', virtio = '', meminfo = '', sum = '', loop = ''] = result.outputs ?? [];
check('uname -a names an s390x Linux', /^Linux \S+ \d+\.\d+\.\d+-\S+ .*s390x GNU\/Linux\s*$/.test(uname), JSON.stringify(uname));
const processors = /# processors\s*:\s*(\d+)/.exec(cpuinfo);
check(`/proc/cpuinfo counts ${cpus} processors`, processors !== null && Number(processors[1]) === cpus, processors?.[0]);
const perCpu = cpuinfo.match(/^processor \d+:/gm) ?? [];
check(`/proc/cpuinfo lists ${cpus} processor lines`, perCpu.length === cpus, `${perCpu.length} lines`);
check('/sys/bus/virtio exists (devices, drivers)', /\bdevices\b/.test(virtio) && /\bdrivers\b/.test(virtio), JSON.stringify(virtio));
const mem = /MemTotal:\s*(\d+) kB/.exec(meminfo);
const memKiB = mem ? Number(mem[1]) : 0;
check(`MemTotal fits ${memoryMiB} MiB of guest memory`, memKiB > memoryMiB * 1024 * 0.7 && memKiB <= memoryMiB * 1024, mem?.[0]);
check('a shell loop computes 1+...+100', sum.trim() === 'sum=5050', JSON.stringify(sum));
check('a for loop prints its words', loop.trim().split(/\s+/).join(' ') === 'loop-alpha loop-beta loop-gamma', JSON.stringify(loop));
check('poweroff -f ends the run with exit status 0', result.exitCode === 0, String(result.exitCode));
if (reference) {
  check('uname -a is what QEMU shows', uname === reference.outputs?.[0], `${JSON.stringify(uname)} vs ${JSON.stringify(reference.outputs?.[0])}`);
  check('ls /sys/bus/virtio is what QEMU shows', virtio === reference.outputs?.[2], `${JSON.stringify(virtio)} vs ${JSON.stringify(reference.outputs?.[2])}`);
}
process.exit(failed === 0 ? 0 : 1);
