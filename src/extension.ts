// The Kuli extension's entry point: activated lazily (an s390x-asm document, the Kuli
// views, a kuli debug session, a guest definition or one of its commands), it sets up the
// "Kuli" output channel, the Guests/Devices/Statistics views, the guest controls, the
// page-table webview and the assembly language client. Guests run in the host worker
// thread (src/host), never on the extension host's thread.
import * as vscode from 'vscode';
import { newGuest } from './commands/new-guest';
import { registerDebugging } from './debug/inline-adapter';
import type { PageWalk, WalkSpace } from '../emulator/host/inspection';
import type { InspectionEvent } from '../emulator/host/protocol';
import type { GuestNode } from './guests/demo-guests';
import type { GuestStatus } from './guests/guest-status';
import { GuestController } from './host/guest-controller';
import { AsmLanguageClient } from './language-client';
import { GuestsView, OPEN_GUEST_FILE_COMMAND, openGuestFile } from './views/guests-view';
import { InspectionViews } from './views/inspection-views';
import { normalizeHex, PageTablePanel } from './views/page-table-panel';

declare const KULI_VERSION: string;

let languageClient: AsmLanguageClient | undefined;

/** What activate() returns: for integration tests (test/extension-electron) and other extensions. */
export interface KuliApi {
  guestStatus(guestId: string): GuestStatus | undefined;
  inspect(guestId: string): Promise<InspectionEvent>;
  translate(guestId: string, vcpu: number, space: WalkSpace, address: string, asce?: string): Promise<PageWalk>;
}

export function activate(context: vscode.ExtensionContext): KuliApi {
  const log = vscode.window.createOutputChannel('Kuli', { log: true });
  context.subscriptions.push(log);
  log.info(`Kuli ${typeof KULI_VERSION === 'string' ? KULI_VERSION : 'dev'} activated`);

  const guests = new GuestsView(context.extensionPath, log);
  context.subscriptions.push(
    guests,
    vscode.window.createTreeView('kuli.guests', { treeDataProvider: guests, showCollapseAll: true }),
    vscode.commands.registerCommand('kuli.guests.refresh', () => guests.refresh()),
    vscode.commands.registerCommand(OPEN_GUEST_FILE_COMMAND, openGuestFile),
    vscode.commands.registerCommand('kuli.showOutput', () => log.show()),
  );

  const controller = new GuestController(context.extensionPath, guests, log);
  // The kuli debug adapter inline (guests in a host worker with per-guest gdb stubs) and kuli.debugGuest.
  registerDebugging(context, log, () => guests.allGuests());
  const guestOf = (node: GuestNode | undefined) => guests.guest(node?.guestId);
  const nameOf = (guestId: string) => guests.guest(guestId)?.name ?? guestId;
  const pageTables = new PageTablePanel(context.extensionUri, controller, nameOf, log);
  context.subscriptions.push(
    new InspectionViews(controller, nameOf, log),
    pageTables,
    vscode.commands.registerCommand('kuli.newGuest', async () => {
      const file = await newGuest(guests.demoGuests(), log);
      // The file watcher would notice too, but the view should show the guest at once.
      if (file !== undefined) await guests.reloadWorkspace();
    }),
    vscode.commands.registerCommand('kuli.pageTable.open', (node?: GuestNode) => pageTables.show({ guestId: node?.guestId })),
    // From a debug session's Variables view: a register or pointer's value (or its memory reference) as the address.
    vscode.commands.registerCommand('kuli.pageTable.showAddress', (arg?: { variable?: { value?: string; memoryReference?: string } }) => {
      const v = arg?.variable;
      const address = [v?.memoryReference, v?.value].map((x) => (x === undefined ? undefined : normalizeHex(x.split(/\s/)[0]))).find((x) => x !== undefined);
      pageTables.show(address !== undefined ? { address } : undefined);
    }),
    vscode.commands.registerCommand('kuli.guests.debug', async (node?: GuestNode) => {
      const commands = await vscode.commands.getCommands(true);
      if (!commands.includes('kuli.debugGuest')) {
        void vscode.window.showErrorMessage('Kuli: debugging from the Guests view is not available in this build. Use Run and Debug with a "kuli" launch configuration instead.');
        return;
      }
      await vscode.commands.executeCommand('kuli.debugGuest', node);
    }),
  );
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand('kuli.startDemo', async () => {
      const demos = guests.allGuests();
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
  return {
    guestStatus: (id) => controller.status(id),
    inspect: (id) => controller.inspect(id),
    translate: (id, vcpu, space, address, asce) => controller.translate(id, vcpu, space, address, asce),
  };
}

export async function deactivate(): Promise<void> {
  await languageClient?.dispose();
  languageClient = undefined;
}
