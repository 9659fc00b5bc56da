// The Guests view of the Kuli activity-bar container: the bundled demo guests with their
// kernel and source files (a click opens a source in the editor), each guest with the
// state and instruction count the host worker reports (setStatus).
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DemoGuestError, guestNodes, loadDemoGuests, type DemoGuest, type GuestFiles, type GuestNode } from '../guests/demo-guests';
import type { GuestStatus } from '../guests/guest-status';

const nodeFiles: GuestFiles = {
  readText: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists: (p) => existsSync(p),
};

export const OPEN_GUEST_FILE_COMMAND = 'kuli.guests.openFile';

export class GuestsView implements vscode.TreeDataProvider<GuestNode> {
  private readonly changed = new vscode.EventEmitter<GuestNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: GuestNode[] | undefined;
  private guests: DemoGuest[] | undefined;
  private readonly statuses = new Map<string, GuestStatus>();

  constructor(private readonly extensionRoot: string, private readonly log: vscode.LogOutputChannel) {}

  refresh(): void {
    this.nodes = undefined;
    this.guests = undefined;
    this.changed.fire(undefined);
  }

  /** The demo guests (loaded on first use). */
  demoGuests(): readonly DemoGuest[] {
    this.getChildren();
    return this.guests ?? [];
  }

  /** Shows what the host reports about a guest. */
  setStatus(guestId: string, status: GuestStatus | undefined): void {
    if (status === undefined) this.statuses.delete(guestId);
    else this.statuses.set(guestId, status);
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  getChildren(element?: GuestNode): GuestNode[] {
    if (element) return [...(element.children ?? [])];
    if (!this.nodes) {
      try {
        if (this.guests === undefined) {
          this.guests = loadDemoGuests(this.extensionRoot, nodeFiles);
          this.log.info(`Guests view: ${this.guests.length} demo guest(s)`);
        }
        this.nodes = guestNodes(this.guests, this.statuses);
      } catch (e) {
        const message = e instanceof DemoGuestError ? e.message : `Could not list the demo guests: ${String(e)}`;
        this.log.error(message);
        void vscode.window.showErrorMessage(message);
        this.guests = [];
        this.nodes = [];
      }
    }
    return this.nodes;
  }

  getTreeItem(node: GuestNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children?.length
      ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.path) {
      item.resourceUri = vscode.Uri.file(node.path);
      if (node.icon === 'file-code') {
        item.command = { command: OPEN_GUEST_FILE_COMMAND, title: 'Open', arguments: [node] };
      }
    }
    return item;
  }
}

/** Opens a guest's source file in an editor (kernels are binary: revealed in the OS instead). */
export async function openGuestFile(node: GuestNode | undefined): Promise<void> {
  if (!node?.path) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(node.path));
  await vscode.window.showTextDocument(doc, { preview: true });
}
