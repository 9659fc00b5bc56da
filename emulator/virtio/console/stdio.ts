// The CLI's consoles on one terminal, as QEMU -nographic multiplexes them: the SCLP
// console and hvc0 (virtio-console port 0) both print to stdout; stdin goes to one of
// them, the "focus". The focus starts on hvc0 when the kernel command line's last
// console= names hvc0, else on the SCLP console; Ctrl-A c switches it, Ctrl-A a types a
// literal Ctrl-A (QEMU's mux keys).
import type { ConsolePortBackend, PortHost } from './device';

export type ConsoleFocus = 'sclp' | 'hvc';

const CTRL_A = 0x01;

/** The console the kernel's /dev/console will be: the last console= on the command line. */
export function initialFocus(cmdline: string | undefined): ConsoleFocus {
  const consoles = [...(cmdline ?? '').matchAll(/(?:^|\s)console=([^\s,]+)/g)].map((m) => m[1]);
  return consoles.at(-1) === 'hvc0' ? 'hvc' : 'sclp';
}

/** hvc0 on stdio: output to the process's stdout, input from the mux. */
class HvcPort implements ConsolePortBackend {
  readonly connected = true;
  readonly canProduceInput = true;
  host: PortHost | undefined;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly stdout: (text: string) => void) {}

  write(data: Uint8Array): void {
    const s = this.decoder.decode(data, { stream: true });
    if (s.length > 0) this.stdout(s);
  }

  attach(host: PortHost): void { this.host = host; }
}

export class StdioConsoles {
  /** Port 0 of the virtio-console device. */
  readonly hvc: ConsolePortBackend;
  private readonly hvcPort: HvcPort;
  private sclpPending = '';
  private escape = false;
  private readonly onData = (chunk: Buffer): void => this.input(chunk);

  constructor(stdout: (text: string) => void, public focus: ConsoleFocus = 'sclp') {
    this.hvcPort = new HvcPort(stdout);
    this.hvc = this.hvcPort;
  }

  start(): void {
    process.stdin.on('data', this.onData);
    process.stdin.on('error', () => {});
  }

  stop(): void {
    process.stdin.off('data', this.onData);
    process.stdin.pause();
  }

  /** SCLP console input collected since the last call (one char per byte). */
  takeSclp(): string | undefined {
    if (this.sclpPending.length === 0) return undefined;
    const s = this.sclpPending;
    this.sclpPending = '';
    return s;
  }

  /** Routes terminal bytes to the focused console, interpreting Ctrl-A escapes. */
  input(chunk: Uint8Array): void {
    const out: number[] = [];
    const flush = (): void => {
      if (out.length === 0) return;
      const bytes = Uint8Array.from(out);
      out.length = 0;
      if (this.focus === 'hvc' && this.hvcPort.host !== undefined) this.hvcPort.host.input(bytes);
      else this.sclpPending += Buffer.from(bytes).toString('latin1');
    };
    for (const b of chunk) {
      if (this.escape) {
        this.escape = false;
        if (b === 0x63 /* c */) { flush(); this.focus = this.focus === 'hvc' ? 'sclp' : 'hvc'; continue; }
        if (b === 0x61 /* a */) { out.push(CTRL_A); continue; }
        out.push(CTRL_A, b);
        continue;
      }
      if (b === CTRL_A) { this.escape = true; continue; }
      out.push(b);
    }
    flush();
  }
}
