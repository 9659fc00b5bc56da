// The Guests view of the Kuli activity-bar container: the bundled demo guests with their
// kernel and source files (a click opens a source in the editor). Running guests join
// this tree when the machine and host layers land.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DemoGuestError, guestNodes, loadDemoGuests, type GuestFiles, type GuestNode } from '../guests/demo-guests';

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

  constructor(private readonly extensionRoot: string, private readonly log: vscode.LogOutputChannel) {}

  refresh(): void {
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  getChildren(element?: GuestNode): GuestNode[] {
    if (element) return [...(element.children ?? [])];
    if (!this.nodes) {
      try {
        this.nodes = guestNodes(loadDemoGuests(this.extensionRoot, nodeFiles));
        this.log.info(`Guests view: ${this.nodes.length} demo guest(s)`);
      } catch (e) {
        const message = e instanceof DemoGuestError ? e.message : `Could not list the demo guests: ${String(e)}`;
        this.log.error(message);
        void vscode.window.showErrorMessage(message);
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
