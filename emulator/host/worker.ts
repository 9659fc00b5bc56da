// Entry of the host worker (bundled as dist/host-worker.js): runs guests on a
// worker_threads thread so the VS Code extension host never blocks. Requests arrive on
// parentPort (protocol.ts); each guest is a GuestRunner whose slices interleave with the
// handling of those requests.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { GuestRunner, type RunnerServices } from './guest-runner';
import { acceptsRequest, isHostRequest, type HostEvent, type HostRequest } from './protocol';

/** Routes requests to guests; exported for tests that drive it without a thread. */
export class HostDispatcher {
  private readonly guests = new Map<string, GuestRunner>();

  constructor(private readonly services: RunnerServices) {}

  handle(message: unknown): void {
    if (!isHostRequest(message)) return;
    const runner = this.guests.get(message.guestId);
    if (message.type === 'inspect' || message.type === 'translate') {
      this.services.post(runner !== undefined ? runner.answer(message)
        : { type: 'request-failed', guestId: message.guestId, requestId: message.requestId, message: `No guest ${message.guestId} has been started.` });
      return;
    }
    if (!acceptsRequest(runner?.state, message.type)) return;
    this.apply(runner, message);
  }

  private apply(runner: GuestRunner | undefined, r: HostRequest): void {
    switch (r.type) {
      case 'start': {
        const next = new GuestRunner(r, this.services);
        this.guests.set(r.guestId, next);
        next.start();
        return;
      }
      case 'pause': runner?.pause(); return;
      case 'resume': runner?.resume(); return;
      case 'stop': runner?.stop(); return;
      case 'console-input': runner?.consoleInput(r.data); return;
      case 'inspect':
      case 'translate': return;
    }
  }
}

const port = parentPort;
if (port !== null) {
  const dispatcher = new HostDispatcher({
    post: (e: HostEvent) => port.postMessage(e),
    readFile: (p) => readFileSync(p),
    defer: (fn) => { setImmediate(fn); },
    now: () => performance.now(),
  });
  port.on('message', (m: unknown) => dispatcher.handle(m));
}
