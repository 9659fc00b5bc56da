// The Kuli extension's entry point: activated lazily (an s390x-asm document, the Kuli
// view, a kuli debug session or one of its commands), it sets up the "Kuli" output
// channel, the Guests view and the assembly language client. The emulator itself will
// run in a worker thread, never on the extension host's thread.
import * as vscode from 'vscode';
import { AsmLanguageClient } from './language-client';
import { GuestsView, OPEN_GUEST_FILE_COMMAND, openGuestFile } from './views/guests-view';

declare const KULI_VERSION: string;

let languageClient: AsmLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Kuli', { log: true });
  context.subscriptions.push(log);
  log.info(`Kuli ${typeof KULI_VERSION === 'string' ? KULI_VERSION : 'dev'} activated`);

  const guests = new GuestsView(context.extensionPath, log);
  context.subscriptions.push(
    vscode.window.createTreeView('kuli.guests', { treeDataProvider: guests, showCollapseAll: true }),
    vscode.commands.registerCommand('kuli.guests.refresh', () => guests.refresh()),
    vscode.commands.registerCommand(OPEN_GUEST_FILE_COMMAND, openGuestFile),
    vscode.commands.registerCommand('kuli.showOutput', () => log.show()),
  );

  languageClient = new AsmLanguageClient(context, log);
}

export async function deactivate(): Promise<void> {
  await languageClient?.dispose();
  languageClient = undefined;
}
