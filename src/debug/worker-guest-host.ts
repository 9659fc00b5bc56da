// The debug adapter's GuestHost inside the extension: a launched guest runs in the host
// worker (HostClient) with a gdb stub of its own on a free loopback port, instead of in a
// `kuli run` child process. No VS Code import, so tests drive it against the built worker.
import { basename } from 'node:path';
import type { GuestHost, HostedGuest, KuliLaunch } from '../../debug-adapter/backends';
import { memoryBytes } from '../guests/guest-status';
import type { HostClient } from '../host/host-client';

/** Guest memory when a launch configuration names none (as `kuli run` without --memory). */
const DEFAULT_MEMORY = '128M';

export class WorkerGuestHost implements GuestHost {
  private next = 1;

  constructor(private readonly client: HostClient) {}

  startDebugGuest(launch: KuliLaunch, output: (text: string) => void): Promise<HostedGuest> {
    const memory = memoryBytes(launch.memory ?? DEFAULT_MEMORY);
    const guestId = `debug-${this.next++}-${basename(launch.kernel)}`;
    if (launch.args !== undefined && launch.args.length > 0) {
      output(`kuli: "args" (${launch.args.join(' ')}) apply to \`kuli run\` only; the guest runs in the extension's host worker without them\n`);
    }
    return new Promise((resolve, reject) => {
      let started = false;
      const off = this.client.onEvent((e) => {
        if (e.guestId !== guestId) return;
        if (e.type === 'console') output(e.data);
        else if (e.type === 'gdb') {
          started = true;
          resolve({ port: e.port, stop: () => this.client.send({ type: 'stop', guestId }) });
        } else if (e.type === 'state' && (e.state === 'stopped' || e.state === 'crashed')) {
          off();
          if (!started) reject(new Error(e.message ?? `the guest ${e.state} before its gdb stub listened`));
        }
      });
      this.client.send({ type: 'start', guestId, kernelPath: launch.kernel, memory, smp: launch.smp, initrdPath: launch.initrd, cmdline: launch.append, gdb: true });
    });
  }
}
