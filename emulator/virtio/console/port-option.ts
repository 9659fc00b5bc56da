// `--console-port NAME[,file=PATH|,tcp=PORT]`: a named virtio-console port (the guest
// sees /dev/vportNpM, its name in /sys/class/virtio-ports/vportNpM/name) and its host
// stream: `file=PATH` appends guest output to PATH (no input; always connected), `tcp=PORT`
// (the default, PORT 0 = any free port, announced on stderr) listens on 127.0.0.1 for one
// client at a time, carrying both directions; the guest sees the port open while a client
// is connected.
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ConsolePortBackend, PortHost, PortSpec } from './device';

export class PortOptionError extends Error {
  override name = 'PortOptionError';
}

export const PORT_SYNTAX = 'NAME[,file=PATH|,tcp=PORT]';

export interface PortOption {
  name: string;
  file?: string;
  tcp?: number;
}

export function parsePortOption(text: string): PortOption {
  const [name, ...opts] = text.split(',');
  if (!/^[\w.-]{1,127}$/.test(name)) throw new PortOptionError(`--console-port: '${name}' is not a port name (letters, digits, '.', '_', '-')`);
  const spec: PortOption = { name };
  for (const opt of opts) {
    const [key, value] = opt.split('=', 2);
    if (key === 'file' && value) spec.file = value;
    else if (key === 'tcp' && value !== undefined && /^\d+$/.test(value) && Number(value) < 65536) spec.tcp = Number(value);
    else throw new PortOptionError(`--console-port: bad option '${opt}' in '${text}' (expected ${PORT_SYNTAX})`);
  }
  if (spec.file !== undefined && spec.tcp !== undefined) throw new PortOptionError(`--console-port: '${text}': file and tcp exclude each other`);
  return spec;
}

/** Guest output appended to a file; opened (created) at once so errors come early. */
export class FilePort implements ConsolePortBackend {
  readonly connected = true;
  private readonly fd: number;

  constructor(readonly path: string) {
    try {
      this.fd = fs.openSync(path, 'a');
    } catch (e) {
      throw new PortOptionError(`--console-port: cannot open '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  write(data: Uint8Array): void { fs.writeSync(this.fd, data); }
  attach(): void {}
  close(): void { fs.closeSync(this.fd); }
}

/** One loopback TCP client at a time; further clients are turned away. */
export class TcpPort implements ConsolePortBackend {
  readonly canProduceInput = true;
  private client: net.Socket | undefined;
  private host: PortHost | undefined;
  private readonly server: net.Server;

  private constructor() {
    this.server = net.createServer((s) => this.connection(s));
  }

  get connected(): boolean { return this.client !== undefined; }

  /** Listens on 127.0.0.1:`port` (0 = any); resolves with the bound port. */
  static async listen(port: number): Promise<{ port: TcpPort; address: number }> {
    const p = new TcpPort();
    await new Promise<void>((resolve, reject) => {
      p.server.once('error', (e: NodeJS.ErrnoException) => reject(new PortOptionError(`--console-port: cannot listen on 127.0.0.1:${port}: ${e.code ?? e.message}`)));
      p.server.listen(port, '127.0.0.1', () => resolve());
    });
    p.server.unref();
    return { port: p, address: (p.server.address() as net.AddressInfo).port };
  }

  private connection(s: net.Socket): void {
    if (this.client !== undefined) { s.destroy(); return; }
    this.client = s;
    s.on('data', (d: Buffer) => this.host?.input(new Uint8Array(d)));
    s.on('error', () => {});
    s.on('close', () => {
      if (this.client !== s) return;
      this.client = undefined;
      this.host?.setConnected(false);
    });
    this.host?.setConnected(true);
  }

  write(data: Uint8Array): void { this.client?.write(data); }
  attach(host: PortHost): void { this.host = host; }
  close(): void {
    this.client?.destroy();
    this.server.close();
  }
}

/** Opens the backend of a parsed option; `announce` gets a line for a listening TCP port. */
export async function openPort(opt: PortOption, announce: (line: string) => void): Promise<PortSpec> {
  if (opt.file !== undefined) return { name: opt.name, backend: new FilePort(opt.file) };
  const { port, address } = await TcpPort.listen(opt.tcp ?? 0);
  announce(`console port ${opt.name} on 127.0.0.1:${address}`);
  return { name: opt.name, backend: port };
}
