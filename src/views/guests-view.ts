// The Guests view of the Kuli activity-bar container: the bundled demo guests with their
// kernel and source files (a click opens a source in the editor), then the workspace's
// guest definitions (*.kuli.json, .kuli/guests/*.json; invalid ones as error nodes), each
// guest with the state and instruction count the host worker reports (setStatus).
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DemoGuestError, guestNodes, loadDemoGuests, workspaceNodes, type DemoGuest, type GuestFiles, type GuestNode } from '../guests/demo-guests';
import { DEFINITION_GLOBS, parseDefinition, type InvalidDefinition, type WorkspaceGuest } from '../guests/guest-definitions';
import type { GuestStatus } from '../guests/guest-status';
import { settings } from '../settings';

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
  private workspace: WorkspaceGuest[] = [];
  private invalid: InvalidDefinition[] = [];
  private readonly statuses = new Map<string, GuestStatus>();
  private readonly watchers: vscode.Disposable[] = [];

  constructor(private readonly extensionRoot: string, private readonly log: vscode.LogOutputChannel) {
    for (const glob of DEFINITION_GLOBS) {
      const w = vscode.workspace.createFileSystemWatcher(glob);
      const reload = () => { void this.reloadWorkspace(); };
      w.onDidChange(reload);
      w.onDidCreate(reload);
      w.onDidDelete(reload);
      this.watchers.push(w);
    }
    void this.reloadWorkspace();
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
  }

  refresh(): void {
    this.nodes = undefined;
    this.guests = undefined;
    void this.reloadWorkspace();
  }

  /** Re-reads the workspace's guest definitions. */
  async reloadWorkspace(): Promise<void> {
    const files = (await Promise.all(DEFINITION_GLOBS.map((g) => vscode.workspace.findFiles(g, '**/node_modules/**'))))
      .flat().map((u) => u.fsPath);
    const unique = [...new Set(files)].sort();
    const defaults = { memory: settings().defaultMemory, smp: settings().defaultSmp };
    const ok: WorkspaceGuest[] = [];
    const bad: InvalidDefinition[] = [];
    for (const f of unique) {
      const text = nodeFiles.readText(f);
      if (text === undefined) continue;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(f))?.uri.fsPath;
      const r = parseDefinition(text, f, defaults, nodeFiles.exists, folder);
      if (r.ok) ok.push(r.guest);
      else {
        bad.push(r.invalid);
        this.log.warn(`guest definition ${f} is invalid: ${r.invalid.problems.join('; ')}`);
      }
    }
    this.workspace = ok;
    this.invalid = bad;
    this.log.info(`Guests view: ${ok.length} workspace guest(s), ${bad.length} invalid definition(s)`);
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  /** The demo guests (loaded on first use). */
  demoGuests(): readonly DemoGuest[] {
    this.getChildren();
    return this.guests ?? [];
  }

  /** Demo and workspace guests. */
  allGuests(): readonly DemoGuest[] {
    return [...this.demoGuests(), ...this.workspace];
  }

  /** The guest (demo or workspace) the host knows as `guestId`. */
  guest(guestId: string | undefined): DemoGuest | undefined {
    return this.allGuests().find((g) => g.id === guestId);
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
        this.nodes = [...guestNodes(this.guests, this.statuses), ...workspaceNodes(this.workspace, this.invalid, this.statuses)];
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
      if (node.icon === 'file-code' || node.contextValue === 'kuli.invalidGuest') {
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
