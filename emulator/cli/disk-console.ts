// `kuli run` options --disk and --console-port, and hvc0 on the terminal: builds the
// virtio-blk devices and the virtio-console device (port 0 = hvc0 on stdin/stdout next to
// the SCLP console, see virtio/console/stdio.ts) and plugs them in over virtio-ccw (or
// s390-virtio with --transport, see transport-option.ts).
// Device order on the bus: the console first, then the disks in command-line order, so
// the first --disk is /dev/vda.
import type { Machine } from '../machine/machine';
import { DISK_SYNTAX, DiskOptionError, openDisk, parseDiskOption } from '../virtio/blk/disk-option';
import type { VirtioBlk } from '../virtio/blk/device';
import { VirtioConsole, type PortSpec } from '../virtio/console/device';
import { openPort, parsePortOption, PortOptionError, PORT_SYNTAX } from '../virtio/console/port-option';
import { initialFocus, StdioConsoles } from '../virtio/console/stdio';
import { CliError, type OptionSpec, type ParsedArgs } from './args';
import { plugDevices, type TransportName } from './transport-option';

export const DISK_CONSOLE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'disk', type: 'string', value: DISK_SYNTAX, repeatable: true,
    description: 'virtio block device on a raw image (first is /dev/vda); ro: read-only; overlay[=PATH]: copy-on-write over the untouched image (kept in PATH, else discarded at exit); serial=S; sector=512|4096',
  },
  {
    name: 'console-port', type: 'string', value: PORT_SYNTAX, repeatable: true,
    description: 'named virtio-console port (guest /dev/vportNpM); file=PATH appends guest output to PATH; tcp=PORT (default: any free port, printed) carries it both ways for one 127.0.0.1 client. hvc0 itself is on stdin/stdout; Ctrl-A c moves typing between it and the SCLP console',
  },
];

export interface DiskConsole {
  readonly consoles: StdioConsoles;
  readonly disks: readonly VirtioBlk[];
  readonly console: VirtioConsole;
  close(): void;
}

/** Opens the disk images first (before the machine exists): errors come before any boot work. */
export function openDisks(args: ParsedArgs): VirtioBlk[] {
  const disks: VirtioBlk[] = [];
  try {
    for (const text of args.options.get('disk') ?? []) disks.push(openDisk(parseDiskOption(String(text))));
  } catch (e) {
    for (const d of disks) d.close();
    if (e instanceof DiskOptionError) throw new CliError(e.message);
    throw e;
  }
  return disks;
}

/** The terminal mux, created before the machine (the SCLP console reads from it). */
export function stdioConsoles(stdout: (text: string) => void, append: string | undefined): StdioConsoles {
  return new StdioConsoles(stdout, initialFocus(append));
}

/** Builds the console device and attaches it and the disks; throws CliError with one line. */
export async function attachDiskConsole(
  machine: Machine, args: ParsedArgs, consoles: StdioConsoles, disks: readonly VirtioBlk[], log?: (line: string) => void,
  transport: TransportName = 'ccw',
): Promise<DiskConsole> {
  const ports: PortSpec[] = [{ backend: consoles.hvc }];
  try {
    for (const text of args.options.get('console-port') ?? []) {
      const opt = parsePortOption(String(text));
      if (ports.some((p) => p.name === opt.name)) throw new PortOptionError(`--console-port: '${opt.name}' given twice`);
      ports.push(await openPort(opt, (line) => log?.(line)));
    }
  } catch (e) {
    for (const p of ports) p.backend.close?.();
    for (const d of disks) d.close();
    if (e instanceof PortOptionError) throw new CliError(e.message);
    throw e;
  }
  const console = new VirtioConsole(ports);
  try {
    plugDevices(machine, transport, [console, ...disks]);
  } catch (e) {
    console.close();
    for (const d of disks) d.close();
    throw e;
  }
  let closed = false;
  return {
    consoles,
    disks,
    console,
    close: () => {
      if (closed) return;
      closed = true;
      console.close();
      for (const d of disks) {
        try {
          d.close();
        } catch (e) {
          log?.(`${d.name}: closing: ${(e as Error).message}`);
        }
      }
    },
  };
}
