// virtio-rng check for the Linux virtio boot test: the hw_random core picks virtio_rng as
// its current source and /dev/hwrng reads random bytes through it (64 bytes, not all
// zero, and two reads differ).
// Module shape (see linux-virtio.sh): kuliArgs(dir), qemuArgs(dir), commands,
// check(outputs, { dir, target }) -> list of problems ([] = pass).

export function kuliArgs() {
  return ['--rng'];
}

export function qemuArgs() {
  return ['-device', 'virtio-rng-ccw'];
}

export const commands = [
  'cat /sys/class/misc/hw_random/rng_current /sys/class/misc/hw_random/rng_available',
  'for i in 1 2; do head -c 64 /dev/hwrng | od -An -tx1 | tr -d " \\n"; echo; done',
];

export function check(outputs) {
  const problems = [];
  const [current, bytes] = outputs.map((o) => (o ?? '').trim());
  if (!/^virtio_rng\.\d+\n/.test(`${current}\n`)) problems.push(`rng_current is not virtio_rng: ${JSON.stringify(current)}`);
  const reads = (bytes ?? '').split('\n').map((l) => l.trim());
  if (reads.length !== 2 || reads.some((r) => !/^[0-9a-f]{128}$/.test(r))) {
    problems.push(`/dev/hwrng did not give 2 x 64 bytes: ${JSON.stringify(bytes)}`);
  } else {
    if (reads.some((r) => /^0+$/.test(r))) problems.push('/dev/hwrng gave only zero bytes');
    if (reads[0] === reads[1]) problems.push('two reads of /dev/hwrng gave the same bytes');
  }
  return problems;
}
