// Drives a booting Linux guest through its console, like a user at the terminal: waits
// for the initramfs marker, runs commands one at a time (each followed by a marker the
// shell computes, so the terminal's echo of the input never matches it), powers off, and
// reports the transcript, each command's output, the boot-to-shell time and the exit
// status. Used by linux-boot.sh (checks) and tools/bench/boot.ts (timing), for Kuli and
// for QEMU alike. Usage as a script:
//   node linux-console.mjs --out FILE [--boot-timeout S] [--command-timeout S] -- CMD ARGS...
// prints a JSON summary on stdout.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/** Printed by the test initramfs's /init just before it starts the shell. */
export const INIT_MARKER = 'KULI-INIT-READY';

/** The commands of a session: what a user would type after the shell prompt. */
export const DEFAULT_COMMANDS = [
  'uname -a',
  'cat /proc/cpuinfo',
  'ls /sys/bus/virtio',
  'grep MemTotal /proc/meminfo',
  'i=0; s=0; while [ $i -lt 100 ]; do i=$((i+1)); s=$((s+i)); done; echo sum=$s',
  'for w in alpha beta gamma; do echo loop-$w; done',
];

/**
 * Runs `argv` and drives its console. Resolves with { ok, error?, bootMs, outputs,
 * transcript, exitCode, exitMs }; never rejects for guest failures.
 */
export function driveConsole(argv, options = {}) {
  const bootTimeout = (options.bootTimeoutS ?? 600) * 1000;
  const commandTimeout = (options.commandTimeoutS ?? 120) * 1000;
  const commands = options.commands ?? DEFAULT_COMMANDS;
  const powerOff = options.powerOff ?? 'poweroff -f';
  const t0 = performance.now();
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let transcript = '';
  let stderr = '';
  let exited = false;
  let exitCode = null;
  let exitMs = 0;
  let waiter;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      exitCode = code ?? (signal ? `signal ${signal}` : null);
      exitMs = performance.now() - t0;
      resolve();
      waiter?.();
    });
  });
  child.stdout.on('data', (d) => { transcript += d.toString('latin1'); waiter?.(); });
  child.stderr.on('data', (d) => { stderr += d.toString('latin1'); });
  child.stdin.on('error', () => {});

  /** Resolves with the index after `text` once it appears at or after `from`. */
  const waitFor = (text, from, ms, what) => new Promise((resolve, reject) => {
    const check = () => {
      const i = transcript.indexOf(text, from);
      if (i >= 0) { clearTimeout(timer); waiter = undefined; resolve(i + text.length); return true; }
      if (exited) { clearTimeout(timer); waiter = undefined; reject(new Error(`${what}: the guest exited (${exitCode}) first`)); return true; }
      return false;
    };
    const timer = setTimeout(() => { waiter = undefined; reject(new Error(`${what}: no "${text}" after ${ms / 1000} s`)); }, ms);
    waiter = check;
    check();
  });
  const type = (line) => { if (!exited) child.stdin.write(`${line}\n`); };

  return (async () => {
    const result = { ok: false, bootMs: 0, outputs: [], transcript: '', stderr: '', exitCode: null, exitMs: 0 };
    try {
      let at = await waitFor(INIT_MARKER, 0, bootTimeout, 'boot');
      at = await waitFor('# ', at, commandTimeout, 'shell prompt');
      result.bootMs = performance.now() - t0;
      for (let n = 0; n < commands.length; n++) {
        // The markers are computed by the shell: the terminal's echo of the input line
        // (wrapped and redrawn by the line editor) shows $((...)), never the numbers.
        type(`echo "@@begin-$((${n}+1000))@@"; ${commands[n]}; echo "@@done-$((${n}+1000))@@"`);
        const begin = `@@begin-${n + 1000}@@`;
        const done = `@@done-${n + 1000}@@`;
        const what = `command ${JSON.stringify(commands[n])}`;
        const start = await waitFor(begin, at, commandTimeout, what);
        const end = await waitFor(done, start, commandTimeout, what);
        result.outputs.push(transcript.slice(start, end - done.length).replace(/\r/g, '').replace(/^\n/, ''));
        at = end;
      }
      type(powerOff);
      const timer = setTimeout(() => child.kill('SIGKILL'), commandTimeout);
      await exitPromise;
      clearTimeout(timer);
      result.ok = true;
    } catch (e) {
      result.error = e.message;
      child.kill('SIGKILL');
      await exitPromise;
    }
    result.transcript = transcript;
    result.stderr = stderr;
    result.exitCode = exitCode;
    result.exitMs = exitMs;
    return result;
  })();
}

function parseArgs(argv) {
  const opts = { out: undefined, bootTimeoutS: 600, commandTimeoutS: 120 };
  let i = 0;
  for (; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--out') opts.out = argv[++i];
    else if (argv[i] === '--boot-timeout') opts.bootTimeoutS = Number(argv[++i]);
    else if (argv[i] === '--command-timeout') opts.commandTimeoutS = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return { opts, command: argv.slice(i + 1) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { opts, command } = parseArgs(process.argv.slice(2));
  if (command.length === 0) {
    process.stderr.write('usage: node linux-console.mjs --out FILE [--boot-timeout S] [--command-timeout S] -- CMD ARGS...\n');
    process.exit(2);
  }
  const r = await driveConsole(command, opts);
  if (opts.out) writeFileSync(opts.out, r.transcript + (r.stderr ? `\n--- stderr ---\n${r.stderr}` : ''));
  process.stdout.write(`${JSON.stringify({ ok: r.ok, error: r.error, bootMs: Math.round(r.bootMs), exitCode: r.exitCode, exitMs: Math.round(r.exitMs), outputs: r.outputs })}\n`);
}
