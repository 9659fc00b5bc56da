// Where the RSP target comes from, as small strategies behind one interface: "kuli" starts
// `kuli run --gdb` on a free local port and owns that process; "host" asks a GuestHost (the
// extension's host worker) to run the guest under a stub of its own; "qemu" attaches to a
// gdbstub already listening (qemu-system-s390x -s -S, or a kuli started by hand).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { RspError } from './rsp-client';

export interface RspEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface RspBackend {
  readonly name: string;
  /** Makes the target listen; `output` receives the guest's console text. */
  start(output: (text: string) => void): Promise<RspEndpoint>;
  /** Ends what start() began (a spawned emulator); attaching backends leave the target alone. */
  stop(): void;
  /** True when ending the debug session should kill the target rather than detach. */
  readonly ownsTarget: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface KuliLaunch {
  readonly kernel: string;
  readonly smp?: number;
  readonly memory?: string;
  readonly initrd?: string;
  readonly append?: string;
  readonly args?: readonly string[];
  /** The kuli launcher script; defaults to bin/kuli.js beside this bundle. */
  readonly kuliPath?: string;
}

export class KuliBackend implements RspBackend {
  readonly name = 'kuli';
  readonly ownsTarget = true;
  private child: ChildProcess | undefined;

  constructor(private readonly launch: KuliLaunch) {}

  async start(output: (text: string) => void): Promise<RspEndpoint> {
    const port = await freePort();
    const kuli = this.launch.kuliPath ?? join(__dirname, '..', 'bin', 'kuli.js');
    const args = [kuli, 'run', '--kernel', this.launch.kernel, '--gdb', String(port)];
    if (this.launch.smp !== undefined) args.push('--smp', String(this.launch.smp));
    if (this.launch.memory !== undefined) args.push('--memory', this.launch.memory);
    if (this.launch.initrd !== undefined) args.push('--initrd', this.launch.initrd);
    if (this.launch.append !== undefined) args.push('--append', this.launch.append);
    args.push(...(this.launch.args ?? []));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (b: Buffer) => output(b.toString('latin1')));
    let stderr = '';
    // The stub announces itself on stderr once it listens; until then a connect would fail.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RspError(`kuli did not open its gdb port ${port} within 15 s: ${stderr}`)), 15_000);
      child.stderr?.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (/listen|waiting|gdb/i.test(stderr)) { clearTimeout(timer); resolve(); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new RspError(`kuli exited (${code}) before a debugger connected: ${stderr.trim()}`)); });
    });
    child.stderr?.on('data', (b: Buffer) => output(b.toString()));
    return { host: '127.0.0.1', port };
  }

  stop(): void {
    if (this.child !== undefined && this.child.exitCode === null) this.child.kill();
    this.child = undefined;
  }
}

export class AttachBackend implements RspBackend {
  readonly name = 'qemu';
  readonly ownsTarget = false;
  constructor(private readonly host: string, private readonly port: number) {}
  start(): Promise<RspEndpoint> { return Promise.resolve({ host: this.host, port: this.port }); }
  stop(): void {}
}

/** A guest a host (the extension's host worker) started under its own gdb stub. */
export interface HostedGuest {
  readonly port: number;
  /** Stops the guest and its stub. */
  stop(): void;
}

/**
 * Whoever can run a guest in-process for the adapter: the extension passes one that starts
 * the guest in its host worker; `output` receives the guest's console text.
 */
export interface GuestHost {
  startDebugGuest(launch: KuliLaunch, output: (text: string) => void): Promise<HostedGuest>;
}

/** "host": the guest runs in a host worker (the inline adapter in VS Code), not in a child process. */
export class HostBackend implements RspBackend {
  readonly name = 'host';
  readonly ownsTarget = true;
  private guest: HostedGuest | undefined;

  constructor(private readonly host: GuestHost, private readonly launch: KuliLaunch) {}

  async start(output: (text: string) => void): Promise<RspEndpoint> {
    this.guest = await this.host.startDebugGuest(this.launch, output);
    return { host: '127.0.0.1', port: this.guest.port };
  }

  stop(): void {
    this.guest?.stop();
    this.guest = undefined;
  }
}
