// The bundled adapter as VS Code runs it (`node dist/debug-adapter.js`, DAP on stdio), and
// the attach backend against QEMU's gdbstub (skipped when qemu-system-s390x is absent):
// the same guest, breakpoint and registers through a stub the adapter did not start.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../debug-adapter/backends';

const ROOT = join(__dirname, '..', '..');
const ADAPTER = join(ROOT, 'dist', 'debug-adapter.js');
const DIR = join(ROOT, 'test', 'guests', 'debug');
const KERNEL = join(DIR, 'debug.elf');
const SOURCE = join(DIR, 'main.c');
const HAVE_QEMU = spawnSync('qemu-system-s390x', ['--version']).status === 0;

let dc: DebugClient | undefined;
let qemu: ChildProcess | undefined;

beforeAll(() => {
  if (!existsSync(ADAPTER) || !existsSync(join(ROOT, 'dist', 'kuli.js'))) execFileSync(process.execPath, ['tools/build.mjs'], { cwd: ROOT });
});

afterEach(async () => {
  await dc?.stop();
  dc = undefined;
  qemu?.kill();
  qemu = undefined;
});

async function stopped(c: DebugClient, go: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [, ev] = await Promise.all([go(), c.waitForEvent('stopped')]);
  return ev as DebugProtocol.StoppedEvent;
}

describe('standalone adapter', () => {
  test('node dist/debug-adapter.js: launch, function breakpoint, registers, terminate', async () => {
    const c = new DebugClient('node', ADAPTER, 'kuli');
    dc = c;
    await c.start();
    const [, , entry] = await Promise.all([
      c.waitForEvent('initialized').then(() => c.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'add_step' }] })).then(() => c.configurationDoneRequest()),
      c.launch({ kernel: KERNEL, stopOnEntry: false }),
      c.waitForEvent('stopped'),
    ]);
    expect((entry as DebugProtocol.StoppedEvent).body.reason).toBe('breakpoint');
    const frames = (await c.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(frames[0]).toMatchObject({ name: 'add_step', line: 44, source: { path: SOURCE } });
    expect((await c.evaluateRequest({ expression: '$r2' })).body.result).toBe('0x0000000000000001');
    await c.terminateRequest();
  });
});

describe.skipIf(!HAVE_QEMU)('attach to QEMU gdbstub', () => {
  test('qemu-system-s390x -S -gdb: attach, source breakpoint, step, registers', async () => {
    const port = await freePort();
    qemu = spawn('qemu-system-s390x', ['-M', 's390-ccw-virtio', '-nographic', '-m', '128', '-kernel', KERNEL,
      '-gdb', `tcp:127.0.0.1:${port}`, '-S'], { stdio: 'ignore' });
    const c = new DebugClient('node', ADAPTER, 'kuli');
    dc = c;
    await c.start();
    const [, , entry] = await Promise.all([
      c.waitForEvent('initialized').then(() => c.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: 45 }] })).then(() => c.configurationDoneRequest()),
      c.attachRequest({ port, program: KERNEL } as DebugProtocol.AttachRequestArguments),
      c.waitForEvent('stopped'),
    ]);
    expect((entry as DebugProtocol.StoppedEvent).body.reason).toBe('entry');
    await stopped(c, () => c.continueRequest({ threadId: 1 }));
    const top = async (): Promise<DebugProtocol.StackFrame> => (await c.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
    expect(await top()).toMatchObject({ name: 'add_step', line: 45 });
    await stopped(c, () => c.nextRequest({ threadId: 1 }));
    expect(await top()).toMatchObject({ name: 'add_step', line: 46 });
    expect((await c.evaluateRequest({ expression: '$r3' })).body.result).toBe('0x0000000000000003');
    expect((await c.evaluateRequest({ expression: 'counter' })).body.result).toBe('0x0000000000000001');
    const scopes = (await c.scopesRequest({ frameId: 1000 })).body.scopes;
    const crs = (await c.variablesRequest({ variablesReference: scopes[2].variablesReference })).body.variables;
    expect(crs).toHaveLength(16);
    await c.disconnectRequest({});
  });
});
