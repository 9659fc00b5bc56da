// The extension's side of the host worker: starts dist/host-worker.js in a worker_threads
// Worker on first use, sends it typed requests and hands its validated events to
// listeners. No VS Code import, so tests can drive it against the built worker. If the
// worker dies, every guest it ran is reported crashed and the next request starts a new one.
import { Worker } from 'node:worker_threads';
import { isHostEvent, type HostEvent, type HostRequest } from '../../emulator/host/protocol';

export type HostListener = (event: HostEvent) => void;

export class HostClient {
  private worker: Worker | undefined;
  private readonly listeners = new Set<HostListener>();
  /** Guests started on the current worker and not yet stopped or crashed. */
  private readonly live = new Set<string>();

  constructor(private readonly workerPath: string, private readonly log: (message: string) => void = () => {}) {}

  onEvent(listener: HostListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(request: HostRequest): void {
    this.ensureWorker().postMessage(request);
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.live.clear();
    void w?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath);
    // An idle worker must not keep a test process (or the extension host) alive.
    w.unref();
    w.on('message', (m: unknown) => {
      if (!isHostEvent(m)) {
        this.log(`host worker sent a malformed message: ${JSON.stringify(m)}`);
        return;
      }
      if (m.type === 'state') {
        if (m.state === 'stopped' || m.state === 'crashed') this.live.delete(m.guestId);
        else this.live.add(m.guestId);
      }
      this.emit(m);
    });
    w.on('error', (e) => this.lost(w, `the host worker failed: ${e.message}`));
    w.on('exit', (code) => this.lost(w, `the host worker exited with code ${code}`));
    this.worker = w;
    this.log(`host worker started (${this.workerPath})`);
    return w;
  }

  private lost(w: Worker, why: string): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    this.log(why);
    for (const guestId of this.live) this.emit({ type: 'state', guestId, state: 'crashed', message: `Kuli's host stopped: ${why}. Start the guest again.` });
    this.live.clear();
  }

  private emit(e: HostEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.log(`host event listener failed: ${String(err)}`);
      }
    }
  }
}
