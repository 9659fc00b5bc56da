// Runs guests for the extension: sends start/pause/resume/stop to the host worker
// (HostClient), feeds each guest's console into its terminal (GuestConsole) and its
// state and statistics into the Guests view. Everything here is message passing, so
// the extension host never blocks on a running guest.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PageWalk, WalkSpace } from '../../emulator/host/inspection';
import type { HostEvent, InspectionEvent, ToolRequest } from '../../emulator/host/protocol';
import type { DemoGuest } from '../guests/demo-guests';
import type { WorkspaceGuest } from '../guests/guest-definitions';
import { settings } from '../settings';
import { applyHostEvent, memoryBytes, type GuestStatus } from '../guests/guest-status';
import { GuestConsole } from '../views/guest-console';
import type { GuestsView } from '../views/guests-view';
import { HostClient } from './host-client';

/** A tool request the host has not answered by then failed (the worker is busy or gone). */
const TOOL_TIMEOUT_MS = 10_000;

/** The host could not answer a tool request: the message is for the user. */
export class ToolRequestError extends Error {
  override readonly name = 'ToolRequestError';
}

type ToolAnswer = Extract<HostEvent, { type: 'inspection' | 'translation' | 'request-failed' }>;

/** The view shows a running guest's instruction count this often at most (re-rendering
 * a tree row more often makes its inline actions hard to click). */
const VIEW_STATS_INTERVAL_MS = 1000;

export class GuestController implements vscode.Disposable {
  private readonly host: HostClient;
  private readonly consoles = new Map<string, GuestConsole>();
  private readonly statuses = new Map<string, GuestStatus>();
  private readonly unsubscribe: () => void;
  /** Guests whose statistics wait for the next view update. */
  private readonly viewTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** "$(vm-running) 1 guest": shown while guests run or are paused; opens the Guests view. */
  private readonly statusItem = vscode.window.createStatusBarItem('kuli.guests', vscode.StatusBarAlignment.Left, 10);
  private nextRequest = 1;
  private readonly pending = new Map<number, { resolve: (e: ToolAnswer) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly stateListeners = new Set<() => void>();

  constructor(extensionPath: string, private readonly view: GuestsView, private readonly log: vscode.LogOutputChannel) {
    this.host = new HostClient(join(extensionPath, 'dist', 'host-worker.js'), (m) => log.info(m));
    this.unsubscribe = this.host.onEvent((e) => this.onEvent(e));
    this.statusItem.name = 'Kuli guests';
    this.statusItem.command = 'kuli.guests.focus';
  }

  status(guestId: string): GuestStatus | undefined {
    return this.statuses.get(guestId);
  }

  /** Guests the host knows (started at least once), with their status. */
  known(): ReadonlyMap<string, GuestStatus> {
    return this.statuses;
  }

  /** Called when any guest changes state (the Devices/Statistics views list guests). */
  onStateChange(listener: () => void): vscode.Disposable {
    this.stateListeners.add(listener);
    return new vscode.Disposable(() => this.stateListeners.delete(listener));
  }

  /** The guest's devices and statistics. */
  async inspect(guestId: string): Promise<InspectionEvent> {
    const a = await this.ask({ type: 'inspect', guestId, requestId: 0 });
    if (a.type !== 'inspection') throw new ToolRequestError(a.type === 'request-failed' ? a.message : 'unexpected answer');
    return a;
  }

  /** The explained DAT walk of `address` (hex) on vcpu `vcpu`. */
  async translate(guestId: string, vcpu: number, space: WalkSpace, address: string, asce?: string): Promise<PageWalk> {
    const a = await this.ask({ type: 'translate', guestId, requestId: 0, vcpu, space, address, ...(asce !== undefined ? { asce } : {}) });
    if (a.type !== 'translation') throw new ToolRequestError(a.type === 'request-failed' ? a.message : 'unexpected answer');
    return a.walk;
  }

  private ask(r: ToolRequest): Promise<ToolAnswer> {
    const requestId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new ToolRequestError(`The Kuli host did not answer within ${TOOL_TIMEOUT_MS / 1000} s. See the Kuli log (Kuli: Show Log).`));
      }, TOOL_TIMEOUT_MS);
      this.pending.set(requestId, { resolve, timer });
      this.host.send({ ...r, requestId });
    });
  }

  start(guest: DemoGuest): void {
    const state = this.statuses.get(guest.id)?.state;
    if (state === 'running' || state === 'paused' || state === 'starting') {
      this.console(guest.id).show(false);
      return;
    }
    let memory: number;
    try {
      memory = memoryBytes(guest.memory);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot start ${guest.name}: ${(e as Error).message} Fix "memory" in media/demo-guests.json.`);
      return;
    }
    const con = this.console(guest.id, guest.name);
    if (settings().revealConsoleOnStart) con.show(false);
    this.log.info(`starting guest ${guest.id} (${guest.kernel}, ${guest.memory})`);
    const ws = 'definition' in guest ? guest as WorkspaceGuest : undefined;
    this.host.send({
      type: 'start', guestId: guest.id, kernelPath: guest.kernel, memory,
      ...(ws ? { smp: ws.smp, initrdPath: ws.initrd, cmdline: ws.cmdline, disks: ws.disks, nics: ws.nics } : {}),
    });
  }

  control(guestId: string, type: 'pause' | 'resume' | 'stop'): void {
    this.host.send({ type, guestId });
  }

  showConsole(guestId: string): void {
    this.consoles.get(guestId)?.show(false);
  }

  dispose(): void {
    this.unsubscribe();
    for (const t of this.viewTimers.values()) clearTimeout(t);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.viewTimers.clear();
    this.host.dispose();
    this.statusItem.dispose();
    for (const c of this.consoles.values()) c.dispose();
    this.consoles.clear();
  }

  private console(guestId: string, name = guestId): GuestConsole {
    let c = this.consoles.get(guestId);
    if (c === undefined) {
      c = new GuestConsole(`Kuli: ${name}`, (data) => {
        const state = this.statuses.get(guestId)?.state;
        if (state === 'running' || state === 'paused') this.host.send({ type: 'console-input', guestId, data });
      });
      this.consoles.set(guestId, c);
    }
    return c;
  }

  private updateView(guestId: string): void {
    const t = this.viewTimers.get(guestId);
    if (t !== undefined) clearTimeout(t);
    this.viewTimers.delete(guestId);
    this.view.setStatus(guestId, this.statuses.get(guestId));
  }

  private updateViewLater(guestId: string): void {
    if (this.viewTimers.has(guestId)) return;
    this.viewTimers.set(guestId, setTimeout(() => this.updateView(guestId), VIEW_STATS_INTERVAL_MS));
  }

  private updateStatusItem(): void {
    const active = [...this.statuses].filter(([, s]) => s.state === 'running' || s.state === 'paused' || s.state === 'starting');
    if (active.length === 0) {
      this.statusItem.hide();
      return;
    }
    const paused = active.filter(([, s]) => s.state === 'paused').length;
    this.statusItem.text = `$(vm-running) ${active.length} guest${active.length === 1 ? '' : 's'}${paused ? ` (${paused} paused)` : ''}`;
    this.statusItem.tooltip = `Kuli: ${active.map(([id, s]) => `${id} ${s.state}`).join(', ')}. Click for the Guests view.`;
    this.statusItem.show();
  }

  private onEvent(e: HostEvent): void {
    if (e.type === 'inspection' || e.type === 'translation' || e.type === 'request-failed') {
      const p = this.pending.get(e.requestId);
      if (p === undefined) return;
      this.pending.delete(e.requestId);
      clearTimeout(p.timer);
      p.resolve(e);
      return;
    }
    if (e.type === 'console') {
      this.console(e.guestId).write(e.data);
      return;
    }
    const status = applyHostEvent(this.statuses.get(e.guestId), e);
    if (status === undefined) return;
    this.statuses.set(e.guestId, status);
    if (e.type !== 'state') {
      this.updateViewLater(e.guestId);
      return;
    }
    this.updateView(e.guestId);
    this.updateStatusItem();
    for (const l of this.stateListeners) l();
    this.log.info(`guest ${e.guestId}: ${e.state}${e.message ? ` (${e.message})` : ''}`);
    if (e.state === 'stopped' || e.state === 'crashed') {
      this.console(e.guestId).write(`\r\n[kuli: guest ${e.state}${e.message ? `: ${e.message}` : ''}]\r\n`);
    }
    if (e.state === 'crashed') {
      void vscode.window.showErrorMessage(`Kuli guest ${e.guestId}: ${e.message ?? 'crashed'}`, 'Show Log')
        .then((choice) => { if (choice === 'Show Log') this.log.show(); });
    }
  }
}
