// virtio-console check for the Linux virtio boot test, in two shapes:
// - the shared session (linux-virtio.sh, console=ttysclp0): hvc0 exists, a line written
//   to /dev/hvc0 reaches the host (kuli: stdout beside the SCLP console; QEMU: a file, as
//   its virtconsole on the stdio mux would take the keyboard from the SCLP shell), and a
//   named port (file backend) carries guest output to the host;
// - hvc0Session (linux-hvc0.mjs), booted with console=hvc0 last: the initramfs's shell
//   runs on hvc0 (cttyhack takes the preferred console once virtio_console registered
//   it), so every command, marker and prompt crosses virtio-console port 0 both ways
//   (kuli: typing follows the last console=; QEMU: virtconsole on the -nographic mux).
// Module shape (see linux-virtio.sh): kuliArgs(dir), qemuArgs(dir), commands,
// check(outputs, { dir, target }) -> list of problems ([] = pass).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const PORT = 'org.kuli.test';

function fresh(dir, name) {
  const f = join(dir, name);
  rmSync(f, { force: true });
  return f;
}

function read(f) {
  return existsSync(f) ? readFileSync(f, 'utf8') : '(missing)';
}

export function kuliArgs(dir) {
  return ['--console-port', `${PORT},file=${fresh(dir, 'kuli-port.out')}`];
}

function qemuPort(dir) {
  return ['-chardev', `file,id=kport,path=${fresh(dir, 'qemu-port.out')}`, '-device', `virtserialport,chardev=kport,name=${PORT}`];
}

export function qemuArgs(dir) {
  return [
    '-device', 'virtio-serial-ccw', '-chardev', `file,id=khvc,path=${fresh(dir, 'qemu-hvc0.out')}`,
    '-device', 'virtconsole,chardev=khvc', ...qemuPort(dir),
  ];
}

export const commands = [
  'ls /dev/hvc0; cat /sys/class/virtio-ports/*/name 2>/dev/null',
  `for p in /sys/class/virtio-ports/*; do [ "$(cat $p/name 2>/dev/null)" = ${PORT} ] && P=/dev/\${p##*/}; done; echo port-data-$((6*7)) >$P; echo rc=$?`,
  'echo hvc0-says-$((6*7)) >/dev/hvc0; echo rc=$?',
];

function portProblems(dir, target, want) {
  if (dir === undefined || target === undefined) return;
  const got = read(join(dir, `${target}-port.out`));
  want(got === 'port-data-42\n', `host side of ${PORT} got ${JSON.stringify(got)}`);
}

export function check(outputs, { dir, target } = {}) {
  const problems = [];
  const want = (cond, what) => { if (!cond) problems.push(what); };
  const [list, port, hvc] = outputs.map((o) => (o ?? '').trim());
  want(list.split('\n')[0] === '/dev/hvc0', `no /dev/hvc0: ${JSON.stringify(list)}`);
  want(list.includes(PORT), `no port named ${PORT}: ${JSON.stringify(list)}`);
  want(port === 'rc=0', `write to the named port failed: ${JSON.stringify(port)}`);
  want(/rc=0$/.test(hvc), `write to /dev/hvc0 failed: ${JSON.stringify(hvc)}`);
  // kuli prints hvc0 on stdout (inside the command's output); QEMU here writes it to a file.
  const hostSide = target === 'qemu' && dir !== undefined ? read(join(dir, 'qemu-hvc0.out')) : hvc;
  want(hostSide.includes('hvc0-says-42'), `hvc0 output did not reach the host: ${JSON.stringify(hostSide)}`);
  portProblems(dir, target, want);
  return problems;
}

/** The dedicated session: the shell itself on hvc0. */
export const hvc0Session = {
  append: 'console=ttysclp0 console=hvc0 quiet',
  kuliArgs,
  qemuArgs: (dir) => ['-device', 'virtio-serial-ccw', '-device', 'virtconsole,chardev=serial0', ...qemuPort(dir)],
  commands: [
    'tty; cat /sys/class/virtio-ports/*/name 2>/dev/null',
    commands[1],
    'i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done | tail -n 1',
  ],
  check(outputs, { dir, target } = {}) {
    const problems = [];
    const want = (cond, what) => { if (!cond) problems.push(what); };
    const [tty, port, lines] = outputs.map((o) => (o ?? '').trim());
    want(tty.split('\n')[0] === '/dev/hvc0', `the shell is not on hvc0: ${JSON.stringify(tty)}`);
    want(tty.includes(PORT), `no port named ${PORT}: ${JSON.stringify(tty)}`);
    want(port === 'rc=0', `write to the named port failed: ${JSON.stringify(port)}`);
    want(lines === 'line-199', `shell output through hvc0 lost lines: ${JSON.stringify(lines)}`);
    portProblems(dir, target, want);
    return problems;
  },
};
