// The Kuli extension's entry point: activated lazily (an s390x-asm document, the Kuli
// view, a kuli debug session or one of its commands), it sets up the "Kuli" output
// channel, the Guests view, the guest controls and the assembly language client. Guests
// run in the host worker thread (src/host), never on the extension host's thread.
import * as vscode from 'vscode';
import type { GuestNode } from './guests/demo-guests';
import { GuestController } from './host/guest-controller';
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

  const controller = new GuestController(context.extensionPath, guests, log);
  const guestOf = (node: GuestNode | undefined) => guests.demoGuests().find((g) => g.id === node?.guestId);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand('kuli.startDemo', async () => {
      const demos = guests.demoGuests();
      if (demos.length === 0) {
        void vscode.window.showErrorMessage('No demo guests are installed with Kuli; reinstall the extension.', 'Show Log')
          .then((c) => { if (c) log.show(); });
        return;
      }
      const pick = demos.length === 1 ? demos[0]
        : (await vscode.window.showQuickPick(demos.map((g) => ({ label: g.name, description: g.description, guest: g })),
          { placeHolder: 'Demo guest to start' }))?.guest;
      if (pick) controller.start(pick);
    }),
    vscode.commands.registerCommand('kuli.guests.start', (node?: GuestNode) => {
      const g = guestOf(node);
      if (g) controller.start(g);
      else void vscode.commands.executeCommand('kuli.startDemo');
    }),
    vscode.commands.registerCommand('kuli.guests.pause', (node?: GuestNode) => node?.guestId && controller.control(node.guestId, 'pause')),
    vscode.commands.registerCommand('kuli.guests.resume', (node?: GuestNode) => node?.guestId && controller.control(node.guestId, 'resume')),
    vscode.commands.registerCommand('kuli.guests.stop', (node?: GuestNode) => node?.guestId && controller.control(node.guestId, 'stop')),
    vscode.commands.registerCommand('kuli.guests.showConsole', (node?: GuestNode) => node?.guestId && controller.showConsole(node.guestId)),
  );

  languageClient = new AsmLanguageClient(context, log);
}

export async function deactivate(): Promise<void> {
  await languageClient?.dispose();
  languageClient = undefined;
}
