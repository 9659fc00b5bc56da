// The adapter end to end through DAP (DebugClient) against `kuli run --gdb` on the -g test
// guest: stop on entry, a source breakpoint in main.c, stack trace, step over, registers,
// evaluate, readMemory, disassemble, step out, function and instruction breakpoints, exit.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../debug-adapter/backends';
import { KuliDebugSession } from '../../debug-adapter/session';

const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, 'test', 'guests', 'debug');
const KERNEL = join(DIR, 'debug.elf');
const SOURCE = join(DIR, 'main.c');
const SYMBOLS = new Map(readFileSync(join(DIR, 'debug.nm'), 'utf8').trim().split('\n').map((l) => {
  const [addr, , name] = l.split(' ');
  return [name, Number.parseInt(addr, 16)] as const;
}));
const sym = (n: string): number => SYMBOLS.get(n) ?? Number.NaN;
/** main.c lines: add_step's first statement and the next one; the call in main's loop. */
const LINE = { COUNTER_ADD: 45, RETURN: 46, CALL: 68 } as const;

let server: Server | undefined;
let dc: DebugClient | undefined;

beforeAll(() => {
  // The launch backend runs bin/kuli.js, which needs the bundled CLI.
  if (!existsSync(join(ROOT, 'dist', 'kuli.js'))) execFileSync(process.execPath, ['tools/build.mjs'], { cwd: ROOT });
});

async function client(): Promise<DebugClient> {
  server = createServer((socket) => {
    const session = new KuliDebugSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server?.once('listening', r));
  const c = new DebugClient('node', 'unused', 'kuli');
  await c.start((server.address() as AddressInfo).port);
  dc = c;
  return c;
}

afterEach(async () => {
  await dc?.stop();
  dc = undefined;
  server?.close();
  server = undefined;
});

async function launchStopped(c: DebugClient, setup: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [, , stopped] = await Promise.all([
    c.waitForEvent('initialized').then(setup).then(() => c.configurationDoneRequest()),
    c.launch({ kernel: KERNEL, stopOnEntry: true }),
    c.waitForEvent('stopped'),
  ]);
  return stopped as DebugProtocol.StoppedEvent;
}

async function top(c: DebugClient, thread: number): Promise<DebugProtocol.StackFrame[]> {
  return (await c.stackTraceRequest({ threadId: thread })).body.stackFrames;
}

async function resumeTo(c: DebugClient, go: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [, ev] = await Promise.all([go(), c.waitForEvent('stopped')]);
  return ev as DebugProtocol.StoppedEvent;
}

describe('kuli debug adapter (DAP over RSP)', () => {
  test('source breakpoint, stack, step over, registers, memory, disassembly, step out, exit', async () => {
    const c = await client();
    let verified: DebugProtocol.Breakpoint[] = [];
    const entry = await launchStopped(c, async () => {
      verified = (await c.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: LINE.COUNTER_ADD }] })).body.breakpoints;
    });
    expect(entry.body.reason).toBe('entry');
    expect(verified).toMatchObject([{ verified: true, line: LINE.COUNTER_ADD }]);
    const thread = entry.body.threadId ?? 1;
    expect((await c.threadsRequest()).body.threads).toEqual([{ id: 1, name: 'vcpu 0' }]);
    expect((await top(c, thread))[0]).toMatchObject({ instructionPointerReference: `0x${sym('_start').toString(16)}` });

    // Continue to the breakpoint: add_step line 45, called from main's loop (line 68).
    const hit = await resumeTo(c, () => c.continueRequest({ threadId: thread }));
    expect(hit.body.reason).toBe('breakpoint');
    const frames = await top(c, thread);
    expect(frames[0]).toMatchObject({ name: 'add_step', line: LINE.COUNTER_ADD, source: { path: SOURCE } });
    expect(frames[1]).toMatchObject({ name: 'main', line: LINE.CALL });

    // Step over one line.
    const stepped = await resumeTo(c, () => c.nextRequest({ threadId: thread }));
    expect(stepped.body.reason).toBe('step');
    expect((await top(c, thread))[0]).toMatchObject({ name: 'add_step', line: LINE.RETURN });

    // Registers: add_step(1, 3) has x in r2 and y in r3.
    const scopes = (await c.scopesRequest({ frameId: frames[0].id })).body.scopes;
    expect(scopes.map((s) => s.name)).toEqual(['General registers', 'PSW', 'Control registers', 'Floating point', 'Access registers']);
    const gprs = (await c.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
    expect(gprs.map((v) => v.name)).toEqual(Array.from({ length: 16 }, (_, i) => `r${i}`));
    expect(gprs.find((v) => v.name === 'r2')?.value).toBe('0x0000000000000001');
    expect(gprs.find((v) => v.name === 'r3')?.value).toBe('0x0000000000000003');
    const psw = (await c.variablesRequest({ variablesReference: scopes[1].variablesReference })).body.variables;
    expect(psw.find((v) => v.name === 'pswa')?.value).toBe('0x00000000000111c0');
    expect(psw.find((v) => v.name === 'addressing mode')?.value).toBe('64-bit');
    expect(psw.find((v) => v.name === 'key')?.value).toBe('0');
    const crs = (await c.variablesRequest({ variablesReference: scopes[2].variablesReference })).body.variables;
    expect(crs).toHaveLength(16);
    const set = await c.setVariableRequest({ variablesReference: scopes[0].variablesReference, name: 'r5', value: '0x1234' });
    expect(set.body.value).toBe('0x0000000000001234');

    // Evaluate: registers, symbols, typed memory.
    const ev = async (expression: string): Promise<string> => (await c.evaluateRequest({ expression, frameId: frames[0].id })).body.result;
    expect(await ev('$r5')).toBe('0x0000000000001234');
    expect(await ev('pswa')).toBe('0x00000000000111c0');
    expect(await ev('$pc')).toBe('0x00000000000111c0');
    expect(await ev('$sp')).toBe(gprs.find((v) => v.name === 'r15')?.value);
    expect(await ev('counter')).toBe('0x0000000000000001');
    expect(await ev(`*(u64*)0x${sym('counter').toString(16)}`)).toBe('0x0000000000000001');
    expect(await ev('*(u32*)counter')).toBe('0x00000000');
    expect(await ev('&add_step')).toBe(`0x${sym('add_step').toString(16).padStart(16, '0')}`);
    await expect(c.evaluateRequest({ expression: 'nosuch' })).rejects.toThrow(/no register or symbol/);

    // Memory: counter is 1 after the first += 1.
    const mem = await c.customRequest('readMemory', { memoryReference: `0x${sym('counter').toString(16)}`, count: 8 }) as DebugProtocol.ReadMemoryResponse;
    expect(Buffer.from(mem.body?.data ?? '', 'base64').toString('hex')).toBe('0000000000000001');

    // Disassembly around pc, as objdump prints add_step.
    const dis = (await c.disassembleRequest({ memoryReference: '0x111c0', instructionOffset: -2, instructionCount: 4 })).body?.instructions ?? [];
    expect(dis.map((d) => `${d.address} ${d.instruction}`)).toEqual([
      '0x111b6 agr %r4,%r2', '0x111ba stg %r4,16(%r1)', '0x111c0 lg %r2,16(%r1)', '0x111c6 msgr %r2,%r3',
    ]);
    expect(dis[2]).toMatchObject({ symbol: 'add_step+0x20', line: LINE.RETURN, instructionBytes: 'e3 20 10 10 00 04' });

    // Step out returns into main's loop.
    const out = await resumeTo(c, () => c.stepOutRequest({ threadId: thread }));
    expect(out.body.reason).toBe('step');
    expect((await top(c, thread))[0]).toMatchObject({ name: 'main', line: LINE.CALL, instructionPointerReference: '0x1120a' });

    // No breakpoints: the guest runs to its end and prints its totals.
    await c.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [] });
    const output: string[] = [];
    c.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
    const [, exited] = await Promise.all([c.continueRequest({ threadId: thread }), c.waitForEvent('exited'), c.waitForEvent('terminated')]);
    expect((exited as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(output.join('')).toContain('total 105 counter 15');
  });

  test('function and instruction breakpoints, step into a call, instruction step', async () => {
    const c = await client();
    await launchStopped(c, async () => {
      const fb = await c.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'main' }, { name: 'no_such_function' }] });
      expect(fb.body.breakpoints.map((b) => b.verified)).toEqual([true, false]);
    });
    const atMain = await resumeTo(c, () => c.continueRequest({ threadId: 1 }));
    expect(atMain.body.reason).toBe('breakpoint');
    expect((await top(c, 1))[0]).toMatchObject({ name: 'main', instructionPointerReference: `0x${sym('main').toString(16)}` });

    // An instruction breakpoint at the brasl to add_step, then step into the call.
    await c.setFunctionBreakpointsRequest({ breakpoints: [] });
    await c.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0x11204' }] });
    await resumeTo(c, () => c.continueRequest({ threadId: 1 }));
    expect((await top(c, 1))[0]).toMatchObject({ instructionPointerReference: '0x11204', line: LINE.CALL });
    await resumeTo(c, () => c.stepInRequest({ threadId: 1 }));
    expect((await top(c, 1))[0]).toMatchObject({ name: 'add_step', line: 44 });

    // One instruction.
    await resumeTo(c, () => c.nextRequest({ threadId: 1, granularity: 'instruction' }));
    expect((await top(c, 1))[0]).toMatchObject({ instructionPointerReference: '0x111a6' });

    // Pause a running guest: with no breakpoints left main waits nowhere, so set one and
    // terminate instead of running to the end.
    await c.customRequest('setInstructionBreakpoints', { breakpoints: [] });
    await c.terminateRequest();
  });
  test('data breakpoint on counter; two vcpus are two threads', async () => {
    const c = await client();
    const [, , entry] = await Promise.all([
      c.waitForEvent('initialized').then(async () => {
        const info = await c.dataBreakpointInfoRequest({ name: 'counter' });
        expect(info.body).toMatchObject({ dataId: `0x${sym('counter').toString(16)}:8`, accessTypes: expect.arrayContaining(['write']) });
        expect((await c.dataBreakpointInfoRequest({ name: 'main' })).body.dataId).toBeNull();
        const set = await c.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId as string, accessType: 'write' }] });
        expect(set.body.breakpoints.map((b) => b.verified)).toEqual([true]);
      }).then(() => c.configurationDoneRequest()),
      c.launch({ kernel: KERNEL, stopOnEntry: true, smp: 2 }),
      c.waitForEvent('stopped'),
    ]);
    const thread = (entry as DebugProtocol.StoppedEvent).body.threadId ?? 1;
    expect((await c.threadsRequest()).body.threads).toEqual([{ id: 1, name: 'vcpu 0' }, { id: 2, name: 'vcpu 1' }]);
    const hit = await resumeTo(c, () => c.continueRequest({ threadId: thread }));
    expect(hit.body.reason).toBe('data breakpoint');
    expect((await top(c, hit.body.threadId ?? 1))[0]).toMatchObject({ name: 'add_step' });
    expect((await c.evaluateRequest({ expression: 'counter' })).body.result).toBe('0x0000000000000001');
    // The second vcpu has registers of its own.
    const scopes = (await c.scopesRequest({ frameId: 2 * 1000 })).body.scopes;
    const psw = (await c.variablesRequest({ variablesReference: scopes[1].variablesReference })).body.variables;
    expect(psw.map((v) => v.name)).toEqual(['pswm', 'pswa', 'cc', 'program mask', 'key', 'addressing mode']);
    await c.setDataBreakpointsRequest({ breakpoints: [] });
    await c.terminateRequest();
  });
  test('stack unwinding through saved r14 matches gdb: sclp_service_call up to lib_start', async () => {
    const c = await client();
    await launchStopped(c, () => c.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sclp_service_call' }] }));
    await resumeTo(c, () => c.continueRequest({ threadId: 1 }));
    // gdb-multiarch's `bt` at the same breakpoint (kuli run --gdb, committed guest).
    const frames = (await top(c, 1)).map((f) => `${f.name} ${f.source?.name ?? '?'}:${f.line} ${f.instructionPointerReference}`);
    expect(frames).toEqual([
      'sclp_service_call sclp.c:41 0x11d08',
      'sclp_set_event_mask sclp.c:69 0x11dc8',
      'guest_init lib.c:28 0x1142a',
      'lib_start start.S:27 0x10012',
    ]);
    await c.terminateRequest();
  });
  test('step out of a function that has called out; writeMemory makes a loop that pause stops', async () => {
    const c = await client();
    await launchStopped(c, () => c.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sclp_service_call' }] }));
    await resumeTo(c, () => c.continueRequest({ threadId: 1 }));
    // Up one frame: sclp_set_event_mask called sccb_clear before, so r14 is stale there.
    await c.setFunctionBreakpointsRequest({ breakpoints: [] });
    await resumeTo(c, () => c.stepOutRequest({ threadId: 1 }));
    expect((await top(c, 1))[0]).toMatchObject({ name: 'sclp_set_event_mask', instructionPointerReference: '0x11dc8' });
    await resumeTo(c, () => c.stepOutRequest({ threadId: 1 }));
    expect((await top(c, 1))[0]).toMatchObject({ name: 'guest_init', instructionPointerReference: '0x1142a' });

    // Patch main's printf call into a branch to itself (J *+0), run, pause.
    const loop = sym('main') + 0x70; // 0x11248: brasl %r14,printf
    const w = await c.customRequest('writeMemory', { memoryReference: `0x${loop.toString(16)}`, data: Buffer.from('a7f400000707', 'hex').toString('base64') }) as DebugProtocol.WriteMemoryResponse;
    expect(w.body?.bytesWritten).toBe(6);
    await c.continueRequest({ threadId: 1 });
    await new Promise((r) => setTimeout(r, 300));
    const paused = await resumeTo(c, () => c.pauseRequest({ threadId: 1 }));
    expect(paused.body).toMatchObject({ reason: 'pause', allThreadsStopped: true });
    expect((await top(c, 1))[0]).toMatchObject({ name: 'main', instructionPointerReference: `0x${loop.toString(16)}` });

    // A breakpoint set while the guest runs is installed at once: the loop hits it.
    await c.continueRequest({ threadId: 1 });
    await new Promise((r) => setTimeout(r, 200));
    const hit = await resumeTo(c, () => c.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: `0x${loop.toString(16)}` }] }));
    expect(hit.body.reason).toBe('breakpoint');
    expect((await top(c, 1))[0]).toMatchObject({ instructionPointerReference: `0x${loop.toString(16)}` });
    await c.terminateRequest();
  });
  test('launch with stopAtSymbol stops at that function', async () => {
    const c = await client();
    const [, , ev] = await Promise.all([
      c.waitForEvent('initialized').then(() => c.configurationDoneRequest()),
      c.launch({ kernel: KERNEL, stopAtSymbol: 'main' }),
      c.waitForEvent('stopped'),
    ]);
    expect((ev as DebugProtocol.StoppedEvent).body.reason).toBe('entry');
    expect((await top(c, 1))[0]).toMatchObject({ name: 'main', line: 63, instructionPointerReference: `0x${sym('main').toString(16)}` });
    await c.terminateRequest();
  });
  test('stopAtSymbol with stopOnEntry: a program without that symbol stops at its entry', async () => {
    const c = await client();
    const [, , ev] = await Promise.all([
      c.waitForEvent('initialized').then(() => c.configurationDoneRequest()),
      c.launch({ kernel: KERNEL, stopAtSymbol: 'no_such_function', stopOnEntry: true }),
      c.waitForEvent('stopped'),
    ]);
    expect((ev as DebugProtocol.StoppedEvent).body.reason).toBe('entry');
    expect((await top(c, 1))[0]).toMatchObject({ instructionPointerReference: `0x${sym('_start').toString(16)}` });
    await c.terminateRequest();
  });
  test('attach to a kuli started by hand; the target dying ends the session', async () => {
    const port = await freePort();
    const kuli = spawn(process.execPath, [join(ROOT, 'bin', 'kuli.js'), 'run', '--kernel', KERNEL, '--gdb', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((r) => kuli.stderr?.on('data', (b: Buffer) => { if (b.toString().includes('listening')) r(); }));
    const c = await client();
    const [, , ev] = await Promise.all([
      c.waitForEvent('initialized').then(() => c.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: LINE.RETURN }] }))
        .then(() => c.configurationDoneRequest()),
      c.attachRequest({ port, program: KERNEL } as DebugProtocol.AttachRequestArguments),
      c.waitForEvent('stopped'),
    ]);
    expect((ev as DebugProtocol.StoppedEvent).body.reason).toBe('entry');
    await resumeTo(c, () => c.continueRequest({ threadId: 1 }));
    expect((await top(c, 1))[0]).toMatchObject({ name: 'add_step', line: LINE.RETURN });
    kuli.kill();
    const [exited] = await Promise.all([c.waitForEvent('exited'), c.waitForEvent('terminated')]);
    expect((exited as DebugProtocol.ExitedEvent).body.exitCode).toBe(1);
  });
  test('launch errors read as messages: a missing kernel, an unknown stopAtSymbol', async () => {
    const c = await client();
    await expect(c.launch({ kernel: join(DIR, 'no-such.elf') })).rejects.toThrow(/no-such\.elf/);
    await c.stop();
    server?.close();
    const c2 = await client();
    await expect(Promise.all([
      c2.waitForEvent('initialized').then(() => c2.configurationDoneRequest()),
      c2.launch({ kernel: KERNEL, stopAtSymbol: 'no_such_function' }),
    ])).rejects.toThrow('stopAtSymbol: no_such_function is not a symbol');
  });
  test('source breakpoints in an assembly file (start.S), then step over its brasl to main', async () => {
    const c = await client();
    const asm = join(ROOT, 'test', 'guests', 'lib', 'start.S');
    await launchStopped(c, async () => {
      const bp = await c.setBreakpointsRequest({ source: { path: asm }, breakpoints: [{ line: 28 }] });
      expect(bp.body.breakpoints).toMatchObject([{ verified: true, line: 28, instructionReference: '0x10012' }]);
    });
    await resumeTo(c, () => c.continueRequest({ threadId: 1 }));
    expect((await top(c, 1))[0]).toMatchObject({ name: 'lib_start', line: 28, source: { path: asm } });
    // Stepping over `brasl %r14,main` runs the whole program: main returns, then line 29.
    await resumeTo(c, () => c.nextRequest({ threadId: 1 }));
    expect((await top(c, 1))[0]).toMatchObject({ name: 'lib_start', line: 29, instructionPointerReference: '0x10018' });
    await c.terminateRequest();
  });
});
