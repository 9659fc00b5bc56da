// Integration tests in a real VS Code (Electron), for machines with internet access:
// @vscode/test-electron downloads VS Code, opens test/extension-electron/workspace with
// this repository as the extension under development, and runs suite/index.ts inside it.
// `npm run test:electron` builds and runs it; `npm test` never does (it needs the download).
// Offline, test/oracle/ui.sh covers the same ground in code-server.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..');
  const workspace = mkdtempSync(join(tmpdir(), 'kuli-electron-'));
  mkdirSync(join(workspace, '.kuli', 'guests'), { recursive: true });
  writeFileSync(join(workspace, '.kuli', 'guests', 'broken.json'), '{ "kernel": "missing.elf", "smp": 0 }\n');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'dist-test', 'electron-suite.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      version: process.env.VSCODE_VERSION ?? 'stable',
    });
  } catch (e) {
    console.error(`Electron integration tests failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

void main();
