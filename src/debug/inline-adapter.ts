// Debugging inside VS Code: the kuli debug type's adapter runs inline in the extension host
// (DebugAdapterInlineImplementation around KuliDebugSession, no child process), launching
// guests in a host worker of its own with a per-guest gdb stub; `kuli.debugGuest` starts
// such a session for a guest of the Guests view. The standalone `dist/debug-adapter.js`
// stays what package.json names for other clients.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { KuliDebugSession } from '../../debug-adapter/session';
import type { DemoGuest } from '../guests/demo-guests';
import { HostClient } from '../host/host-client';
import { WorkerGuestHost } from './worker-guest-host';

export const DEBUG_TYPE = 'kuli';
export const DEBUG_GUEST_COMMAND = 'kuli.debugGuest';

/** Hands VS Code an inline adapter per debug session, all sharing one host worker. */
export class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly host: WorkerGuestHost) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    return new vscode.DebugAdapterInlineImplementation(KuliDebugSession.inline(this.host));
  }
}

/**
 * The launch configuration that debugs `guest`: stop in main (or at the entry when the
 * guest has no main, like the freestanding hello demo), sources beside the kernel.
 */
export function debugConfiguration(guest: DemoGuest): vscode.DebugConfiguration {
  return {
    type: DEBUG_TYPE, request: 'launch', name: `Debug ${guest.name}`,
    kernel: guest.kernel, memory: guest.memory, stopAtSymbol: 'main', stopOnEntry: true, sourceRoot: dirname(guest.kernel),
  };
}

/**
 * Registers the inline adapter and `kuli.debugGuest` (argument: a Guests view node with a
 * guestId, or nothing to pick one). `guests` lists the guests the view shows.
 */
export function registerDebugging(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, guests: () => readonly DemoGuest[]): void {
  const client = new HostClient(join(context.extensionPath, 'dist', 'host-worker.js'), (m) => log.info(`debug host: ${m}`));
  context.subscriptions.push(
    { dispose: () => client.dispose() },
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory(new WorkerGuestHost(client))),
    vscode.commands.registerCommand(DEBUG_GUEST_COMMAND, async (node?: { guestId?: string }) => {
      const all = guests();
      let guest = all.find((g) => g.id === node?.guestId);
      if (guest === undefined) {
        guest = all.length === 1 ? all[0]
          : (await vscode.window.showQuickPick(all.map((g) => ({ label: g.name, description: g.description, guest: g })), { placeHolder: 'Guest to debug' }))?.guest;
      }
      if (guest === undefined) return;
      log.info(`debugging guest ${guest.id} (${guest.kernel})`);
      await vscode.debug.startDebugging(undefined, debugConfiguration(guest));
    }),
  );
}
