// virtio-balloon check for the Linux virtio boot test: virtio_balloon binds and negotiates
// what QEMU's virtio-balloon-ccw offers with deflate-on-oom and free-page-reporting on
// (statistics, deflate on OOM, free page reporting). Under kuli, --balloon-target asks the
// guest to keep TARGET_MIB: it inflates (vmstat balloon_inflate counts the 4 KiB pages;
// with DEFLATE_ON_OOM Linux leaves MemTotal alone, MemFree drops). QEMU gets no target at
// boot, so nothing inflates there.
// Module shape (see linux-virtio.sh): kuliArgs(dir), qemuArgs(dir), commands,
// check(outputs, { dir, target }) -> list of problems ([] = pass).
export const TARGET_MIB = 256;

export function kuliArgs() {
  return ['--balloon', '--balloon-target', `${TARGET_MIB}M`];
}

export function qemuArgs() {
  return ['-device', 'virtio-balloon-ccw,deflate-on-oom=on,free-page-reporting=on'];
}

export const commands = [
  'ls /sys/bus/virtio/drivers/virtio_balloon/ | grep virtio',
  'cat /sys/bus/virtio/drivers/virtio_balloon/virtio*/features',
  // Inflation runs in a kernel worker: give it a moment.
  'sleep 3; grep -E "^balloon_(inflate|deflate) " /proc/vmstat',
  'grep -E "^(MemTotal|MemFree):" /proc/meminfo',
];

const kib = (text, name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN);
const counter = (text, name) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);

export function check(outputs, { target } = { target: 'kuli' }) {
  const problems = [];
  const [bound, features, vmstat, meminfo] = outputs.map((o) => o ?? '');
  if (!/^virtio\d+$/m.test(bound)) problems.push(`virtio_balloon bound no device: ${JSON.stringify(bound)}`);
  // Device bits 0-23: STATS_VQ (1), DEFLATE_ON_OOM (2), PAGE_REPORTING (5); bit 32 VERSION_1.
  const bits = features.trim();
  if (bits.slice(0, 24) !== '011001000000000000000000' || bits[32] !== '1') problems.push(`negotiated features ${bits}`);
  const inflated = counter(vmstat, 'balloon_inflate');
  const total = kib(meminfo, 'MemTotal');
  const free = kib(meminfo, 'MemFree');
  if (target === 'kuli') {
    // All but TARGET_MIB of MemTotal at least (the balloon counts from all guest memory).
    const expected = Math.floor((total - TARGET_MIB * 1024) / 4);
    if (!(inflated >= expected)) problems.push(`balloon_inflate ${inflated}, expected >= ${expected} pages (MemTotal ${total} kB)`);
    if (!(free < TARGET_MIB * 1024)) problems.push(`MemFree ${free} kB is not below the ${TARGET_MIB} MiB target`);
  } else if (inflated !== 0) {
    problems.push(`balloon_inflate ${inflated} without a target`);
  }
  return problems;
}
