// The inline debug adapter as VS Code uses it, with the vscode API faked: registerDebugging
// registers a descriptor factory for the kuli type and the kuli.debugGuest command; the
// descriptor is a DebugAdapterInlineImplementation around a KuliDebugSession, driven here
// exactly as VS Code drives one (handleMessage in, onDidSendMessage out). Its launch boots
// the -g debug guest in the built host worker (dist/host-worker.js) under a per-guest gdb
// stub: stop at main, a source breakpoint, the stack, continue to the guest's exit.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  factories: new Map<string, { createDebugAdapterDescriptor(): unknown }>(),
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  started: [] as unknown[],
}));

vi.mock('vscode', () => ({
  DebugAdapterInlineImplementation: class { constructor(readonly implementation: unknown) {} },
  debug: {
    registerDebugAdapterDescriptorFactory: (type: string, f: { createDebugAdapterDescriptor(): unknown }) => {
      fake.factories.set(type, f);
      return { dispose: () => fake.factories.delete(type) };
    },
    startDebugging: (_folder: unknown, config: unknown) => { fake.started.push(config); return Promise.resolve(true); },
  },
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      fake.commands.set(id, fn);
      return { dispose: () => fake.commands.delete(id) };
    },
  },
  window: { showQuickPick: () => Promise.resolve(undefined) },
}));

const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(ROOT, 'test', 'guests', 'debug');
const KERNEL = join(DIR, 'debug.elf');
const SOURCE = join(DIR, 'main.c');
const GUEST = { id: 'debug', name: 'Debug guest', description: '', kernel: KERNEL, sources: [SOURCE], memory: '128M' };

beforeAll(() => {
  // The inline adapter starts dist/host-worker.js, as the installed extension does.
  if (!existsSync(join(ROOT, 'dist', 'host-worker.js'))) execFileSync(process.execPath, ['tools/build.mjs'], { cwd: ROOT });
});

const disposables: { dispose(): unknown }[] = [];
afterEach(() => { for (const d of disposables.splice(0)) d.dispose(); });

/** What DebugAdapterInlineImplementation needs of its adapter (vscode.DebugAdapter). */
interface InlineAdapter {
  onDidSendMessage(listener: (m: DebugProtocol.ProtocolMessage) => void): { dispose(): unknown };
  handleMessage(m: DebugProtocol.ProtocolMessage): void;
  dispose(): void;
}

class Driver {
  private seq = 1;
  readonly messages: DebugProtocol.ProtocolMessage[] = [];
  constructor(readonly adapter: InlineAdapter) {
    disposables.push(adapter.onDidSendMessage((m) => this.messages.push(m)));
  }
  private async until<T extends DebugProtocol.ProtocolMessage>(pred: (m: DebugProtocol.ProtocolMessage) => boolean, from = 0): Promise<T> {
    const t0 = Date.now();
    for (;;) {
      const hit = this.messages.slice(from).find(pred);
      if (hit !== undefined) return hit as T;
      if (Date.now() - t0 > 20_000) throw new Error(`timed out; got ${this.messages.map((m) => (m as DebugProtocol.Event).event ?? (m as DebugProtocol.Response).command).join(' ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async request<R extends DebugProtocol.Response>(command: string, args?: unknown): Promise<R> {
    const seq = this.seq++;
    this.adapter.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    const r = await this.until<R>((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq);
    if (!r.success) throw new Error(`${command}: ${r.message}`);
    return r;
  }
  event<E extends DebugProtocol.Event>(name: string, from = 0): Promise<E> {
    return this.until<E>((m) => m.type === 'event' && (m as DebugProtocol.Event).event === name, from);
  }
}

async function register(): Promise<void> {
  const { registerDebugging } = await import('../../../src/debug/inline-adapter');
  const context = { extensionPath: ROOT, subscriptions: disposables };
  const log = { info: () => undefined };
  registerDebugging(context as never, log as never, () => [GUEST]);
}

describe('inline debug adapter in the extension', () => {
  test('registers the kuli factory and kuli.debugGuest, which starts a session for the guest', async () => {
    await register();
    expect([...fake.factories.keys()]).toEqual(['kuli']);
    const descriptor = fake.factories.get('kuli')?.createDebugAdapterDescriptor() as { implementation: InlineAdapter };
    const { KuliDebugSession } = await import('../../../debug-adapter/session');
    expect(descriptor.implementation).toBeInstanceOf(KuliDebugSession);
    descriptor.implementation.dispose();
    await fake.commands.get('kuli.debugGuest')?.({ guestId: 'debug' });
    expect(fake.started).toEqual([{ type: 'kuli', request: 'launch', name: 'Debug Debug guest', kernel: KERNEL, memory: '128M', stopAtSymbol: 'main', stopOnEntry: true, sourceRoot: DIR }]);
  });

  test('launch runs the guest in the host worker: stop at main, breakpoint, stack, continue to exit', async () => {
    await register();
    const descriptor = fake.factories.get('kuli')?.createDebugAdapterDescriptor() as { implementation: InlineAdapter };
    const dap = new Driver(descriptor.implementation);
    disposables.push({ dispose: () => descriptor.implementation.dispose() });
    await dap.request('initialize', { adapterID: 'kuli', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const launched = dap.request('launch', { kernel: KERNEL, stopAtSymbol: 'main' });
    await dap.event('initialized');
    const bps = await dap.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', { source: { path: SOURCE }, breakpoints: [{ line: 45 }] });
    expect(bps.body.breakpoints[0]).toMatchObject({ verified: true, line: 45 });
    await dap.request('configurationDone');
    await launched;
    const entry = await dap.event<DebugProtocol.StoppedEvent>('stopped');
    expect(entry.body.reason).toBe('entry');
    let frames = (await dap.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: 1 })).body.stackFrames;
    expect(frames[0]).toMatchObject({ name: 'main' });
    const mark = dap.messages.length;
    await dap.request('continue', { threadId: 1 });
    const hit = await dap.event<DebugProtocol.StoppedEvent>('stopped', mark);
    expect(hit.body.reason).toBe('breakpoint');
    frames = (await dap.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: 1 })).body.stackFrames;
    expect(frames.map((f) => `${f.name}:${f.line}`)).toEqual(['add_step:45', 'main:68']);
    await dap.request('setBreakpoints', { source: { path: SOURCE }, breakpoints: [] });
    const mark2 = dap.messages.length;
    await dap.request('continue', { threadId: 1 });
    const exited = await dap.event<DebugProtocol.ExitedEvent>('exited', mark2);
    expect(exited.body.exitCode).toBe(0);
    await dap.event('terminated', mark2);
    const output = dap.messages.filter((m): m is DebugProtocol.OutputEvent => (m as DebugProtocol.Event).event === 'output').map((m) => m.body.output).join('');
    expect(output).toContain('total 105 counter 15');
    await dap.request('disconnect', {});
  });

  test('WorkerGuestHost: initrd and append reach the start request; a crash before the stub listens rejects', async () => {
    const { WorkerGuestHost } = await import('../../../src/debug/worker-guest-host');
    const sent: Record<string, unknown>[] = [];
    const listeners: ((e: unknown) => void)[] = [];
    const client = { send: (r: Record<string, unknown>) => sent.push(r), onEvent: (l: (e: unknown) => void) => { listeners.push(l); return () => undefined; } };
    const host = new WorkerGuestHost(client as never);
    const started = host.startDebugGuest({ kernel: '/k/vmlinuz', initrd: '/k/initrd.gz', append: 'nokaslr', memory: '64M', smp: 2 }, () => undefined);
    expect(sent[0]).toMatchObject({ type: 'start', kernelPath: '/k/vmlinuz', initrdPath: '/k/initrd.gz', cmdline: 'nokaslr', memory: 64 << 20, smp: 2, gdb: true });
    listeners[0]({ type: 'state', guestId: sent[0].guestId, state: 'crashed', message: 'Guest could not start: no such file' });
    await expect(started).rejects.toThrow('no such file');
    expect(() => host.startDebugGuest({ kernel: '/k', memory: 'lots' }, () => undefined)).toThrow(/not a size/);
  });
});
