// `kuli run --kernel F ...`: boots one guest headless, its console on stdin/stdout, as
// `qemu-system-s390x -M s390-ccw-virtio -nographic -kernel F` does. Exit status 0 when
// the guest stopped cleanly (all CPUs stopped by SIGP, or power-off), 1 with the PSW and
// a reason on stderr for a disabled wait or a crash, 2 for a usage error.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { GdbServer, GdbServerError, runWithStub } from '../gdbstub/server';
import { LoaderError, Machine, MachineError, MAX_CPUS, type RunResult } from '../machine/machine';
import { attachVirtioCcw } from '../virtio/ccw/attach';
import { VirtioRng } from '../virtio/rng/device';
import { CliError, type OptionSpec, type ParsedArgs } from './args';
import { attachDiskConsole, DISK_CONSOLE_OPTIONS, openDisks, stdioConsoles } from './disk-console';
import { registerCommand, type CommandIo } from './commands';
import { deviceWindowFor, parseTransport, TRANSPORT_OPTION } from './transport-option';
import { NET_BALLOON_OPTIONS, setupNetBalloon } from './net-balloon';

const MIB = 0x10_0000;
const DEFAULT_MEMORY = 128 * MIB;
/** The largest guest this build addresses (code-page bookkeeping uses 32-bit frame math). */
const MAX_MEMORY = 4096 * MIB;
/** Instructions per slice between visits to the event loop (console input, signals). */
const SLICE_INSTRUCTIONS = 5_000_000;
/** Smaller slices while a debugger may send Ctrl-C. */
const GDB_SLICE_INSTRUCTIONS = 200_000;
/** Idle time per slice, so input typed while the guest waits is seen promptly. */
const SLICE_IDLE_MS = 20;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'kernel', type: 'string', value: 'FILE', description: 'ELF kernel or s390 Linux image to boot (required)' },
  { name: 'initrd', type: 'string', value: 'FILE', description: 'initial ramdisk, loaded as QEMU -initrd does' },
  { name: 'append', type: 'string', value: 'CMDLINE', description: 'kernel command line (Linux parameter area)' },
  { name: 'smp', type: 'number', value: 'N', description: 'number of vcpus (default 1)' },
  { name: 'memory', type: 'string', value: 'SIZE', description: 'guest memory, e.g. 512M or 2G (default 128M)' },
  ...DISK_CONSOLE_OPTIONS,
  TRANSPORT_OPTION,
  { name: 'rng', type: 'boolean', description: 'virtio-rng device (virtio-ccw) fed from the host\'s cryptographic random source' },
  { name: 'gdb', type: 'number', value: 'PORT', description: 'gdb remote stub on 127.0.0.1:PORT; the guest waits at its first instruction for the debugger' },
  { name: 'gdb-nowait', type: 'boolean', description: 'with --gdb: start the guest at once (a debugger can attach later)' },
  { name: 'snapshot', type: 'string', value: 'FILE', description: 'save/restore state (not supported yet)' },
  { name: 'trace', type: 'boolean', description: 'print every executed instruction on stderr' },
  { name: 'trace-interrupts', type: 'boolean', description: 'print every interruption (class, code, old PSW address) on stderr' },
  { name: 'quiet', type: 'boolean', description: 'no messages from kuli itself, only the guest console and errors' },
  ...NET_BALLOON_OPTIONS,
];

/** Parses 512M, 2G, 1024K, 128 (MiB, as QEMU's -m) into bytes. */
export function parseMemorySize(text: string): number {
  const m = /^(\d+)([KMGT]?)(i?B)?$/i.exec(text.trim());
  if (!m) throw new CliError(`--memory: '${text}' is not a size; use a number with an optional K, M, G or T suffix, e.g. 512M or 2G`);
  const unit = m[2].toUpperCase();
  const scale = unit === 'K' ? 1024 : unit === 'G' ? 1024 * MIB : unit === 'T' ? 1024 * 1024 * MIB : MIB;
  const bytes = Number(m[1]) * scale;
  if (bytes === 0) throw new CliError('--memory: the guest needs some memory');
  if (bytes % MIB !== 0) throw new CliError(`--memory: ${text} is not a whole number of MiB`);
  if (bytes > MAX_MEMORY) throw new CliError(`--memory: ${text} is more than the ${MAX_MEMORY / MIB / 1024} GiB this version supports`);
  return bytes;
}

function readInput(option: string, file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new CliError(`${option}: cannot read '${file}': ${why}`);
  }
}

function single(args: ParsedArgs, name: string): string | number | boolean | undefined {
  return args.options.get(name)?.[0];
}

function notSupported(args: ParsedArgs): void {
  if (args.options.has('snapshot')) throw new CliError('--snapshot is not supported yet');
}

/** Console bytes (one char per byte) to text, decoding UTF-8 across chunk boundaries. */
function consoleWriter(io: CommandIo): (text: string) => void {
  const decoder = new TextDecoder('utf-8');
  return (text) => {
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const s = decoder.decode(bytes, { stream: true });
    if (s.length > 0) io.stdout(s);
  };
}

function describe(r: RunResult): string {
  switch (r.reason) {
    case 'disabled-wait': return `guest stopped in a disabled wait: ${r.message ?? ''}`;
    case 'error': return `guest stopped: ${r.message ?? 'error'}`;
    default: return `guest ended: ${r.reason}`;
  }
}

async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  if (args.positional.length > 0) throw new CliError(`unexpected argument '${args.positional[0]}' (the kernel is given with --kernel FILE)`);
  notSupported(args);
  const kernel = single(args, 'kernel');
  if (typeof kernel !== 'string') throw new CliError('--kernel FILE is required (an ELF kernel or an s390 Linux image)');
  const memoryText = single(args, 'memory');
  const memory = typeof memoryText === 'string' ? parseMemorySize(memoryText) : DEFAULT_MEMORY;
  const smp = single(args, 'smp') ?? 1;
  if (typeof smp !== 'number' || smp < 1 || smp > MAX_CPUS) throw new CliError(`--smp: must be 1 to ${MAX_CPUS}, got ${String(smp)}`);
  const quiet = args.options.has('quiet');
  const initrdFile = single(args, 'initrd');
  const append = single(args, 'append');

  const data = readInput('--kernel', kernel);
  const initrd = typeof initrdFile === 'string' ? readInput('--initrd', initrdFile) : undefined;
  const consoles = stdioConsoles(io.stdout, typeof append === 'string' ? append : undefined);
  const transport = parseTransport(args);
  const disks = openDisks(args);
  let machine: Machine;
  try {
    machine = new Machine({
      memory,
      deviceWindow: deviceWindowFor(transport, disks),
      smp,
      console: consoleWriter(io),
      consoleInput: () => consoles.takeSclp(),
      trace: args.options.has('trace') ? (line) => io.stderr(`${line}\n`) : undefined,
      traceInterrupts: args.options.has('trace-interrupts') ? (line) => io.stderr(`${line}\n`) : undefined,
    });
    machine.loadKernel(data, basename(kernel), { cmdline: typeof append === 'string' ? append : undefined, initrd });
  } catch (e) {
    if (e instanceof LoaderError || e instanceof MachineError) throw new CliError(e.message);
    if (e instanceof RangeError) throw new CliError(`cannot allocate ${memory / MIB} MiB of guest memory: ${e.message}`);
    throw e;
  }
  if (args.options.has('rng')) attachVirtioCcw(machine, new VirtioRng());

  const gdbPort = single(args, 'gdb');
  if (args.options.has('gdb-nowait') && gdbPort === undefined) throw new CliError('--gdb-nowait needs --gdb PORT');
  let gdb: GdbServer | undefined;
  if (typeof gdbPort === 'number') {
    if (gdbPort > 65535) throw new CliError(`--gdb: ${gdbPort} is not a TCP port`);
    gdb = new GdbServer(machine, { port: gdbPort, wait: !args.options.has('gdb-nowait'), log: quiet ? undefined : (l) => io.stderr(`kuli: ${l}\n`) });
    try {
      await gdb.listen();
    } catch (e) {
      if (e instanceof GdbServerError) throw new CliError(e.message);
      throw e;
    }
  }

  const devices = await attachDiskConsole(machine, args, consoles, disks, quiet ? undefined : (l) => io.stderr(`kuli: ${l}\n`), transport);
  const netBalloon = await setupNetBalloon(machine, args, memory, quiet ? undefined : (l) => io.stderr(`kuli: ${l}\n`));
  consoles.start();
  let result: RunResult = { reason: 'limit', instructions: 0 };
  try {
    if (gdb !== undefined) {
      const r = await runWithStub(machine, gdb, GDB_SLICE_INSTRUCTIONS, SLICE_IDLE_MS);
      if (r.reason === 'killed') return 0;
      result = r;
    } else {
      for (;;) {
        result = machine.runSlice(SLICE_INSTRUCTIONS, SLICE_IDLE_MS);
        if (result.reason !== 'limit') break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    consoles.stop();
    devices.close();
    netBalloon.close();
  }
  if (!quiet) for (const note of machine.notes) io.stderr(`kuli: note: ${note}\n`);
  if (result.reason === 'stopped' || result.reason === 'power-off') {
    if (!quiet && result.message !== undefined) io.stderr(`kuli: ${result.message}\n`);
    return 0;
  }
  io.stderr(`kuli: ${describe(result)}\n`);
  return 1;
}

registerCommand({
  name: 'run',
  usage: 'kuli run --kernel FILE [--initrd FILE] [--append CMDLINE] [--smp N] [--memory SIZE] [--disk FILE[,OPTS]]... [--console-port NAME[,OPTS]]... [--nic SWITCH|none] [--balloon [--balloon-target SIZE]] [--gdb PORT [--gdb-nowait]] [--trace] [--trace-interrupts] [--quiet]',
  summary: 'boot an s390x guest headless (console on stdin/stdout), like qemu-system-s390x -M s390-ccw-virtio -nographic',
  options: OPTIONS,
  run,
});
