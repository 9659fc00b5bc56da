// Two Linux guests on one Ethernet segment ping each other (the virtio issue's "two guests
// on one switch"). Variants: qemu-qemu (the reference: QEMU guests joined by -netdev socket),
// kuli-qemu (a kuli guest hosts switch NAME, a QEMU guest connects to its port: the kuli
// switch speaks QEMU's length-prefixed socket framing) and kuli-kuli (two `kuli run
// --nic NAME` processes). Each guest loads virtio_net, brings eth0 up with a static
// address, waits for its peer, then runs `ping -c 3`. Prints a JSON summary per guest.
// With --bench-mib N, guest a then serves N MiB over busybox httpd and guest b fetches it
// with wget, timed by /proc/uptime (tools/bench/net.ts).
// Usage: node linux-net.mjs --variant V --out DIR --kernel F --initrd F [--bench-mib N]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { driveConsole } from './linux-console.mjs';

const arg = (name) => { const i = process.argv.indexOf(name); return i < 0 ? undefined : process.argv[i + 1]; };
const variant = arg('--variant') ?? 'qemu-qemu';
const out = arg('--out') ?? '.';
const kernel = arg('--kernel');
const initrd = arg('--initrd');
const bootTimeoutS = Number(arg('--boot-timeout') ?? 1500);
const benchMiB = Number(arg('--bench-mib') ?? 0);
mkdirSync(out, { recursive: true });

export const GUESTS = [
  { name: 'a', mac: '52:54:00:00:00:0a', ip: '10.0.2.10' },
  { name: 'b', mac: '52:54:00:00:00:0b', ip: '10.0.2.11' },
];

/** Guest a serves a blob until it has sent it all; guest b waits for the server, then times one download. */
function bench(me, peer) {
  if (me === GUESTS[0]) {
    return `mkdir -p /tmp/www && dd if=/dev/zero of=/tmp/www/blob bs=64k count=${benchMiB * 16} 2>/dev/null && echo ok > /tmp/www/ready && httpd -p 8080 -h /tmp/www`
      + ` && while [ $(cat /sys/class/net/eth0/statistics/tx_bytes) -lt ${benchMiB * 1048576} ]; do sleep 1; done; sleep 5; echo served`;
  }
  return `until wget -q -O /dev/null http://${peer.ip}:8080/ready; do sleep 1; done; read t0 x < /proc/uptime;`
    + ` wget -q -O /dev/null http://${peer.ip}:8080/blob && read t1 x < /proc/uptime && echo "fetched ${benchMiB} MiB from $t0 to $t1"`;
}

/** TCP port of the "I am done" handshake at the end of a session. */
const DONE_PORT = 7000;

function commands(me, peer) {
  return [
    'cat /sys/class/net/eth0/address',
    // A listener the peer connects to once it is done, so neither powers off while the other still pings it.
    `ifconfig eth0 ${me.ip} netmask 255.255.255.0 up && { (nc -l -p ${DONE_PORT} >/dev/null 2>&1; touch /tmp/peer-done) & }; sleep 2; cat /sys/class/net/eth0/operstate /sys/class/net/eth0/carrier`,
    // The peer may still be booting: wait until it answers, then the measured run.
    `n=0; until ping -c 1 -W 2 ${peer.ip} >/dev/null 2>&1; do n=$((n+1)); done; echo waited=$n`,
    // -w: a slow guest (kuli on a loaded host) may answer late; wait up to 60 s for 3 replies.
    `ping -c 3 -w 60 ${peer.ip}`,
    'cat /sys/class/net/eth0/statistics/rx_packets /sys/class/net/eth0/statistics/tx_packets',
    ...(benchMiB > 0 ? [bench(me, peer)] : []),
    `until nc -w 3 ${peer.ip} ${DONE_PORT} </dev/null >/dev/null 2>&1; do sleep 1; done; until [ -f /tmp/peer-done ]; do sleep 1; done; echo both-done`,
  ];
}

const append = 'console=ttysclp0 quiet';
function qemu(g, netdev) {
  return ['qemu-system-s390x', '-M', 's390-ccw-virtio', '-m', '512', '-smp', '1', '-nographic', '-kernel', kernel, '-initrd', initrd,
    '-append', append, '-netdev', `socket,id=n0,${netdev}`, '-device', `virtio-net-ccw,netdev=n0,mac=${g.mac}`];
}
function kuli(g, sw) {
  return ['node', 'bin/kuli.js', 'run', '--kernel', kernel, '--initrd', initrd, '--append', append, '--memory', '512M', '--nic', `${sw},mac=${g.mac}`];
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitForFile(file, ms) {
  const end = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`no ${file} after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 100));
  return JSON.parse(readFileSync(file, 'utf8'));
}

const [a, b] = GUESTS;
const opts = (g, peer) => ({ commands: commands(g, peer), bootTimeoutS, commandTimeoutS: bootTimeoutS });
let runs;
if (variant === 'qemu-qemu') {
  const port = await freePort();
  const ra = driveConsole(qemu(a, `listen=127.0.0.1:${port}`), opts(a, b));
  await new Promise((r) => setTimeout(r, 500));
  runs = [ra, driveConsole(qemu(b, `connect=127.0.0.1:${port}`), opts(b, a))];
} else {
  const sw = `oracle-net-${process.pid}`;
  const dir = join(process.env.KULI_CACHE ?? join(homedir(), '.cache', 'kuli'), 'switches');
  const ra = driveConsole(kuli(a, sw), opts(a, b));
  const { port } = await waitForFile(join(dir, `${sw}.json`), 60_000);
  runs = [ra, driveConsole(variant === 'kuli-qemu' ? qemu(b, `connect=127.0.0.1:${port}`) : kuli(b, sw), opts(b, a))];
}
const results = await Promise.all(runs);
const summary = results.map((r, i) => {
  writeFileSync(join(out, `${variant}-${GUESTS[i].name}.log`), r.transcript + (r.stderr ? `\n--- stderr ---\n${r.stderr}` : ''));
  return { guest: GUESTS[i], ok: r.ok, error: r.error, bootMs: Math.round(r.bootMs), exitCode: r.exitCode, outputs: r.outputs };
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
