// A stand-in virtio console for the s390-virtio tests until the real device model is in:
// port 0 only (receiveq 0, transmitq 1; queues 2/3 the control pair a multiport console
// has), output collected as text, input held until the driver posts a receive buffer.
import { emptyStats, VIRTIO_F, VIRTIO_ID, type DeviceContext, type VirtioDevice } from '../../../emulator/virtio/device';

export class StandInConsole implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.CONSOLE;
  readonly name = 'stand-in console';
  readonly features = 1n << BigInt(VIRTIO_F.VERSION_1);
  readonly queueSizes = [128, 128, 128, 128];
  readonly config = new Uint8Array(12);
  readonly stats = emptyStats();
  output = '';
  private pending: number[] = [];
  private ctx: DeviceContext | undefined;

  activate(ctx: DeviceContext): void { this.ctx = ctx; this.deliver(); }
  reset(): void { this.ctx = undefined; }

  input(text: string): void {
    for (const c of text) this.pending.push(c.charCodeAt(0) & 0xff);
    this.deliver();
  }

  notify(queue: number): void {
    this.stats.notifications++;
    if (queue === 0) this.deliver();
    if (queue !== 1) return;
    const q = this.ctx?.queues[1];
    if (q === undefined) return;
    for (let c = q.pop(); c !== undefined; c = q.pop()) {
      for (const b of c.readable) this.output += String.fromCharCode(...b);
      this.stats.requests++;
      this.stats.bytesWritten += c.readableLength;
      q.push(c, 0);
    }
    q.notifyDriver();
  }

  private deliver(): void {
    const q = this.ctx?.queues[0];
    if (q === undefined || this.pending.length === 0) return;
    for (let c = q.pop(); c !== undefined; c = this.pending.length > 0 ? q.pop() : undefined) {
      const buf = c.writable[0];
      const n = buf === undefined ? 0 : Math.min(buf.length, this.pending.length);
      if (buf !== undefined) buf.set(this.pending.splice(0, n));
      this.ctx?.memory.written(0, 0);
      this.stats.bytesRead += n;
      q.push(c, n);
    }
    q.notifyDriver();
  }
}
