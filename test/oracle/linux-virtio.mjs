// Driver of the Linux virtio boot test (linux-virtio.sh builds the initramfs): boots the
// guest once under QEMU and once under kuli with the devices of the chosen check modules
// (test/oracle/virtio-checks/<device>.mjs: kuliArgs(dir), qemuArgs(dir), commands,
// check(outputs, { dir, target }) -> problems), runs the common /sys/bus/virtio listing
// and every module's commands in one console session each, compares kuli's listing with
// QEMU's and runs each module's check on both. Prints one line per result; exit status 0
// when everything passed.
// Usage: node linux-virtio.mjs --out DIR --kernel F --initrd F -- [device...]
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { driveConsole } from './linux-console.mjs';

const CHECKS = new URL('./virtio-checks/', import.meta.url);
const APPEND = 'console=ttysclp0 quiet';
const SMP = process.env.KULI_VIRTIO_SMP ?? '2';
/** A kuli boot takes ~3 min on an idle machine; guest time is wall time, so allow for load. */
const BOOT_TIMEOUT_S = Number(process.env.KULI_VIRTIO_BOOT_TIMEOUT ?? 2400);
const MEMORY_MIB = 512;
/** One line per virtio device: device id, vendor (the ccw control-unit type), features, driver, ccw bus id. */
/** Interruption counts of virtio-ccw: VAI (adapter interruptions) means the thin-interrupt path. */
const IRQS = "grep -E '^ *(VAI|VIR):' /proc/interrupts";
const VIEW = 'cd /sys/bus/virtio/devices && for d in *; do echo "$(cat $d/device) $(cat $d/vendor) $(cat $d/features) $(basename $(readlink $d/driver)) $(basename $(dirname $(readlink -f $d)))"; done; cd /';

function parseArgs(argv) {
  const o = { out: undefined, kernel: undefined, initrd: undefined, devices: [] };
  let i = 0;
  for (; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--out') o.out = argv[++i];
    else if (argv[i] === '--kernel') o.kernel = argv[++i];
    else if (argv[i] === '--initrd') o.initrd = argv[++i];
    else throw new Error(`unknown option ${argv[i]}`);
  }
  o.devices = argv.slice(i + 1);
  if (!o.out || !o.kernel || !o.initrd) throw new Error('usage: node linux-virtio.mjs --out DIR --kernel F --initrd F -- [device...]');
  return o;
}

async function loadChecks(names) {
  const all = readdirSync(CHECKS).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort();
  const chosen = names.length > 0 ? names : all;
  const missing = chosen.filter((n) => !all.includes(n));
  if (missing.length > 0) throw new Error(`no check module for ${missing.join(', ')} (have: ${all.join(', ')})`);
  const mods = [];
  for (const name of chosen) mods.push({ name, ...(await import(new URL(`${name}.mjs`, CHECKS))) });
  return mods;
}

/** Sum of the per-CPU counts of /proc/interrupts line `name`. */
function irqCount(text, name) {
  const line = text.split('\n').find((l) => l.trim().startsWith(`${name}:`));
  return line === undefined ? 0 : line.trim().split(/\s+/).slice(1).filter((w) => /^\d+$/.test(w)).reduce((a, b) => a + Number(b), 0);
}

/** The listing without bus ids (devnos follow attach order, which may differ), sorted. */
function viewKey(view) {
  return view.trim().split('\n').filter(Boolean).map((l) => l.split(' ').slice(0, 4).join(' ')).sort();
}

async function boot(target, argv, commands, out) {
  const t0 = Date.now();
  process.stdout.write(`--- ${target}: ${argv.join(' ')}\n`);
  const r = await driveConsole(argv, { commands, bootTimeoutS: BOOT_TIMEOUT_S, commandTimeoutS: 300 });
  writeFileSync(join(out, `${target}.log`), r.transcript + (r.stderr ? `\n--- stderr ---\n${r.stderr}` : ''));
  writeFileSync(join(out, `${target}.json`), JSON.stringify({ ok: r.ok, error: r.error, bootMs: Math.round(r.bootMs), exitCode: r.exitCode, outputs: r.outputs }, null, 1));
  process.stdout.write(`    boot to shell ${(r.bootMs / 1000).toFixed(1)} s, session ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${r.exitCode}${r.error ? `, error: ${r.error}` : ''}\n`);
  return r;
}

const o = parseArgs(process.argv.slice(2));
const mods = await loadChecks(o.devices);
const commands = [VIEW, IRQS];
const slices = [];
for (const m of mods) {
  slices.push([commands.length, commands.length + m.commands.length]);
  commands.push(...m.commands);
}
// kuli always gives the guest a virtio-console (hvc0 beside the SCLP console); QEMU gets
// the same device when no console check is chosen (the console check brings its own).
const baseQemu = mods.some((m) => m.name === 'console') ? [] : ['-device', 'virtio-serial-ccw', '-chardev', 'null,id=khvc', '-device', 'virtconsole,chardev=khvc'];
const targets = [
  ['qemu', ['qemu-system-s390x', '-M', 's390-ccw-virtio', '-m', String(MEMORY_MIB), '-smp', SMP, '-nographic', '-nic', 'none',
    '-kernel', o.kernel, '-initrd', o.initrd, '-append', APPEND, ...baseQemu, ...mods.flatMap((m) => m.qemuArgs(o.out))]],
  ['kuli', ['node', 'bin/kuli.js', 'run', '--kernel', o.kernel, '--initrd', o.initrd, '--append', APPEND,
    '--smp', SMP, '--memory', `${MEMORY_MIB}M`, ...mods.flatMap((m) => m.kuliArgs(o.out))]],
];

let failed = 0;
const report = (ok, what) => { process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${what}\n`); if (!ok) failed++; };
const views = {};
const adapter = {};
for (const [target, argv] of targets) {
  const r = await boot(target, argv, commands, o.out);
  report(r.ok && r.exitCode === 0, `${target}: booted, ran ${commands.length} commands, powered off with status 0`);
  const insmod = /KULI-INSMOD-FAILED (\S+)/.exec(r.transcript);
  report(insmod === null, `${target}: all virtio modules loaded${insmod ? ` (${insmod[1]} failed)` : ''}`);
  views[target] = r.outputs[0] ?? '';
  process.stdout.write(`    /sys/bus/virtio: ${views[target].trim().split('\n').join(' | ')}\n`);
  adapter[target] = irqCount(r.outputs[1] ?? '', 'VAI');
  process.stdout.write(`    interruptions: VAI (adapter) ${adapter[target]}, VIR (subchannel) ${irqCount(r.outputs[1] ?? '', 'VIR')}\n`);
  mods.forEach((m, i) => {
    const outputs = r.outputs.slice(slices[i][0], slices[i][1]);
    let problems;
    try {
      problems = outputs.length === m.commands.length ? m.check(outputs, { dir: o.out, target }) : ['the session ended before its commands ran'];
    } catch (e) {
      problems = [`check threw: ${e.message}`];
    }
    report(problems.length === 0, `${target}: ${m.name}${problems.length ? `: ${problems.join('; ')}` : ''}`);
  });
}
const same = JSON.stringify(viewKey(views.qemu ?? '')) === JSON.stringify(viewKey(views.kuli ?? ''));
report(same && viewKey(views.qemu ?? '').length > 0, `/sys/bus/virtio (device, vendor, features, driver) as under QEMU${same ? '' : `: QEMU ${JSON.stringify(viewKey(views.qemu ?? ''))}, kuli ${JSON.stringify(viewKey(views.kuli ?? ''))}`}`);
report((adapter.qemu > 0) === (adapter.kuli > 0), `virtio interruptions take the same path as under QEMU (${adapter.qemu > 0 ? 'adapter' : 'classic'} interruptions)`);
process.exit(failed === 0 ? 0 : 1);
