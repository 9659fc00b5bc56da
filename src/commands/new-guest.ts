// "Kuli: New Guest...": asks for a name, a kernel (a bundled demo kernel or a file), memory
// and vcpus, writes .kuli/guests/<name>.json in the workspace (checked by the contributed
// schema) and opens it. Escape at any step cancels without writing anything.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import * as vscode from 'vscode';
import type { DemoGuest } from '../guests/demo-guests';
import { newDefinitionPath, newDefinitionText, validGuestName } from '../guests/guest-definitions';
import { settings } from '../settings';

const MEMORY_CHOICES = ['64M', '128M', '256M', '512M', '1G', '2G'];

export async function newGuest(demos: readonly DemoGuest[], log: vscode.LogOutputChannel): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    void vscode.window.showErrorMessage('Kuli: open a folder first. Guest definitions are saved in the workspace (.kuli/guests/).', 'Open Folder')
      .then((c) => { if (c) void vscode.commands.executeCommand('vscode.openFolder'); });
    return undefined;
  }
  const root = folder.uri.fsPath;
  const name = await vscode.window.showInputBox({
    title: 'New Kuli guest (1/4): name', prompt: 'Name of the guest (also the file name under .kuli/guests/)', value: 'my-guest',
    validateInput: (v) => validGuestName(v) ?? (existsSync(newDefinitionPath(root, v)) ? `.kuli/guests/${v}.json exists already: choose another name.` : undefined),
  });
  if (name === undefined) return undefined;

  const browse = { label: '$(folder-opened) Browse…', description: 'an s390x ELF or a Linux s390 image (vmlinuz)', path: '' };
  const picks = [...demos.map((d) => ({ label: d.name, description: `demo kernel: ${d.kernel}`, path: d.kernel })), browse];
  const kernelPick = await vscode.window.showQuickPick(picks, { title: 'New Kuli guest (2/4): kernel', placeHolder: 'Kernel to boot' });
  if (kernelPick === undefined) return undefined;
  let kernel = kernelPick.path;
  if (kernelPick === browse) {
    const files = await vscode.window.showOpenDialog({ title: 'Kernel for the guest', canSelectMany: false, defaultUri: folder.uri });
    if (!files?.length) return undefined;
    kernel = files[0].fsPath;
  }

  const memoryDefault = settings().defaultMemory;
  const memory = (await vscode.window.showQuickPick([memoryDefault, ...MEMORY_CHOICES.filter((m) => m !== memoryDefault)],
    { title: 'New Kuli guest (3/4): memory', placeHolder: 'Guest memory' }));
  if (memory === undefined) return undefined;

  const smpText = await vscode.window.showInputBox({
    title: 'New Kuli guest (4/4): vcpus', prompt: 'Number of vcpus (1 to 64)', value: String(settings().defaultSmp),
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64 ? undefined : 'A whole number from 1 to 64.'),
  });
  if (smpText === undefined) return undefined;

  const file = newDefinitionPath(root, name);
  // Inside the workspace the definition names the kernel relative to itself (the folder can move).
  const rel = relative(dirname(file), kernel);
  const kernelText = kernel.startsWith(root) ? rel : kernel;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, newDefinitionText({ name, kernel: kernelText, memory, smp: Number(smpText) }), { flag: 'wx' });
  } catch (e) {
    void vscode.window.showErrorMessage(`Kuli: could not write ${file}: ${(e as Error).message}. Check that the folder is writable.`);
    return undefined;
  }
  log.info(`new guest definition ${file}`);
  await vscode.window.showTextDocument(vscode.Uri.file(file));
  return file;
}
