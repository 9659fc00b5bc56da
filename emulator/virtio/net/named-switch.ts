// `--nic NAME`: every kuli process given the same switch NAME joins one Ethernet segment.
// The first process hosts the VirtualSwitch and serves it on 127.0.0.1 (SwitchListener),
// recording {pid, port} in <cache>/switches/NAME.json; later processes read the file and
// connect. A file whose process is gone or whose port refuses connections is stale and is
// replaced; the file is created exclusively, so two processes starting at once agree on
// one host. When the hosting process ends, the others' links go down.
import { readFileSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NetBackend } from './backend';
import { LinkError, SocketBackend, SwitchListener } from './socket-link';
import { VirtualSwitch } from './switch';

export const SWITCH_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ATTEMPTS = 5;

export class SwitchNameError extends Error {
  override name = 'SwitchNameError';
}

export interface JoinedSwitch {
  readonly backend: NetBackend;
  readonly role: 'host' | 'member';
  /** Set when this process hosts the switch. */
  readonly switch?: VirtualSwitch;
  readonly listener?: SwitchListener;
  /** The rendezvous file. */
  readonly file: string;
  close(): void;
}

export interface JoinOptions {
  /** Directory holding the rendezvous files (default: $KULI_CACHE or ~/.cache/kuli, then /switches). */
  dir?: string;
  log?: (line: string) => void;
}

export function switchDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.KULI_CACHE ?? join(homedir(), '.cache', 'kuli'), 'switches');
}

interface Rendezvous { pid: number; port: number }

function readRendezvous(file: string): Rendezvous | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const r = JSON.parse(text) as Partial<Rendezvous>;
    if (Number.isInteger(r.pid) && Number.isInteger(r.port)) return { pid: r.pid as number, port: r.port as number };
  } catch { /* a torn or foreign file is stale */ }
  return { pid: -1, port: -1 };
}

function processAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `file` if it still holds `expected` (another process may have replaced it). */
function removeIf(file: string, expected: Rendezvous): void {
  const now = readRendezvous(file);
  if (now !== undefined && now.pid === expected.pid && now.port === expected.port) {
    try { unlinkSync(file); } catch { /* gone already */ }
  }
}

/** Joins (or hosts) the switch called `name`. */
export async function joinSwitch(name: string, options: JoinOptions = {}): Promise<JoinedSwitch> {
  if (!SWITCH_NAME.test(name)) throw new SwitchNameError(`'${name}' is not a switch name (letters, digits, '.', '_', '-'; at most 64)`);
  const dir = options.dir ?? switchDirectory();
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new SwitchNameError(`cannot create ${dir}: ${(e as Error).message}`);
  }
  const file = join(dir, `${name}.json`);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = readRendezvous(file);
    if (found !== undefined) {
      if (processAlive(found.pid)) {
        try {
          const backend = await SocketBackend.connect(found.port, `switch ${name} (via 127.0.0.1:${found.port})`,
            (why) => options.log?.(`switch ${name}: link down${why !== undefined ? `: ${why}` : ' (the hosting kuli ended)'}`));
          return { backend, role: 'member', file, close: () => backend.close() };
        } catch (e) {
          if (!(e instanceof LinkError)) throw e;
        }
      }
      removeIf(file, found);
      continue;
    }
    const sw = new VirtualSwitch(name);
    const listener = await SwitchListener.listen(sw, 0, options.log);
    const mine: Rendezvous = { pid: process.pid, port: listener.port };
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
    } catch (e) {
      listener.close();
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new SwitchNameError(`cannot write ${file}: ${(e as Error).message}`);
    }
    const cleanup = (): void => removeIf(file, mine);
    process.once('exit', cleanup);
    const port = sw.connect('local');
    return {
      backend: port,
      role: 'host',
      switch: sw,
      listener,
      file,
      close: () => {
        port.close();
        listener.close();
        cleanup();
        process.off('exit', cleanup);
      },
    };
  }
  throw new SwitchNameError(`cannot join switch '${name}': its rendezvous file ${file} keeps changing`);
}
