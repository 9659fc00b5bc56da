// The integration suite VS Code runs inside its extension host (see ../run-test.ts): no
// test framework, just named cases with node:assert, so nothing beyond VS Code is needed.
// It activates Kuli, runs the hello demo guest to its end, inspects its devices and
// statistics, walks a page table, and checks the contributed guest-definition schema.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KuliApi } from '../../../src/extension';

const EXTENSION_ID = 'kuli-dev.kuli';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function api(): Promise<KuliApi> {
  const ext = vscode.extensions.getExtension<KuliApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.activate();
}

const cases: { name: string; run: () => Promise<void> }[] = [
  {
    name: 'activates and registers its commands',
    run: async () => {
      await api();
      const commands = await vscode.commands.getCommands(true);
      for (const c of ['kuli.startDemo', 'kuli.newGuest', 'kuli.pageTable.open', 'kuli.guests.start', 'kuli.guests.debug']) {
        assert.ok(commands.includes(c), `command ${c}`);
      }
    },
  },
  {
    name: 'runs the hello demo guest to a clean stop',
    run: async () => {
      const kuli = await api();
      await vscode.commands.executeCommand('kuli.guests.start', { guestId: 'hello' });
      const status = await until('hello to stop', () => {
        const s = kuli.guestStatus('hello');
        return s?.state === 'stopped' || s?.state === 'crashed' ? s : undefined;
      });
      assert.equal(status.state, 'stopped');
      assert.ok(status.instructions > 100, `instructions ${status.instructions}`);
    },
  },
  {
    name: 'inspects the guest: SCLP console device, SERVC intercepts',
    run: async () => {
      const a = await (await api()).inspect('hello');
      assert.equal(a.devices[0].label, 'SCLP console');
      assert.ok((a.statistics.intercepts.servc ?? 0) > 0);
      assert.equal(a.statistics.vcpus.length, 1);
    },
  },
  {
    name: 'walks a page table (the hello guest runs DAT off: CR1 0 designates a segment table at 0)',
    run: async () => {
      const w = await (await api()).translate('hello', 0, 'primary', '80000000');
      assert.equal(w.code, 0x38);
      assert.match(w.exception ?? '', /^ASCE-type exception/);
    },
  },
  {
    name: 'the contributed schema flags an invalid guest definition in the editor',
    run: async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'a workspace is open');
      const uri = vscode.Uri.joinPath(folder.uri, '.kuli', 'guests', 'broken.json');
      await vscode.window.showTextDocument(uri);
      const diags = await until('schema diagnostics', () => {
        const d = vscode.languages.getDiagnostics(uri);
        return d.length > 0 ? d : undefined;
      }, 30_000);
      assert.ok(diags.some((d) => /smp|minimum|1/i.test(d.message)), diags.map((d) => d.message).join('; '));
    },
  },
];

/** Entry VS Code calls (extensionTestsPath): rejects if any case failed. */
export async function run(): Promise<void> {
  const failed: string[] = [];
  for (const c of cases) {
    try {
      await c.run();
      console.log(`ok   ${c.name}`);
    } catch (e) {
      failed.push(c.name);
      console.log(`FAIL ${c.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(`${cases.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length > 0) throw new Error(`${failed.length} integration test(s) failed: ${failed.join(', ')}`);
}
