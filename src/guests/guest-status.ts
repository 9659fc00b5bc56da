// What the Guests view shows about a guest the host runs: its state, instruction count
// and uptime, folded from the host worker's events. No VS Code import (unit-tested).
import type { GuestState, HostEvent } from '../../emulator/host/protocol';

export interface GuestStatus {
  readonly state: GuestState;
  readonly instructions: number;
  readonly uptimeMs: number;
  /** Why the guest stopped or crashed, when the host said. */
  readonly message?: string;
}

/** The status after `event`; console events leave it unchanged. */
export function applyHostEvent(prev: GuestStatus | undefined, event: HostEvent): GuestStatus | undefined {
  switch (event.type) {
    case 'console':
    case 'inspection':
    case 'translation':
    case 'request-failed':
      return prev;
    case 'stats':
      return { state: prev?.state ?? 'running', instructions: event.instructions, uptimeMs: event.uptimeMs, message: prev?.message };
    case 'state':
      // A new start counts from zero; other transitions keep the counts.
      if (event.state === 'starting') return { state: 'starting', instructions: 0, uptimeMs: 0 };
      return { state: event.state, instructions: prev?.instructions ?? 0, uptimeMs: prev?.uptimeMs ?? 0, message: event.message };
  }
}

/** 950, 12.3K, 4.56M, 1.20G: compact instruction counts. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const units = [['G', 1e9], ['M', 1e6], ['K', 1e3]] as const;
  for (const [suffix, scale] of units) {
    if (n >= scale) {
      const v = n / scale;
      return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)}${suffix}`;
    }
  }
  return String(n);
}

/** The view's one-line summary: "running · 4.56M instr · 128M". */
export function statusDescription(status: GuestStatus | undefined, memory: string): string {
  if (status === undefined) return `demo · ${memory}`;
  if (status.state === 'starting') return `starting · ${memory}`;
  return `${status.state} · ${formatCount(status.instructions)} instr · ${memory}`;
}

/** A guest definition's memory ("128M", "1G", "512" in MiB as QEMU's -m) in bytes. */
export function memoryBytes(text: string): number {
  const m = /^(\d+)\s*([MG]?)$/i.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw new Error(`Guest memory "${text}" is not a size like 128M or 1G.`);
  return Number(m[1]) * (m[2].toUpperCase() === 'G' ? 1024 : 1) * 0x10_0000;
}

/** Tooltip lines: state, instructions, uptime, and the reason it stopped. */
export function statusTooltip(status: GuestStatus): string {
  const secs = status.uptimeMs / 1000;
  const uptime = secs < 60 ? `${secs.toFixed(1)} s` : `${Math.floor(secs / 60)} min ${Math.round(secs % 60)} s`;
  const lines = [`State: ${status.state}`, `Instructions: ${status.instructions.toLocaleString('en-US')}`, `Uptime: ${uptime}`];
  if (status.message) lines.push(`${status.state === 'crashed' ? 'Crash' : 'Reason'}: ${status.message}`);
  return lines.join('\n');
}
