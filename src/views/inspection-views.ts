// The Devices and Statistics views: while either is visible, the host is asked for each
// known guest's devices and statistics every kuli.views.refreshInterval ms (and when a
// guest changes state); hidden, nothing is polled. Nodes come from guests/inspection-nodes.
import * as vscode from 'vscode';
import type { GuestController } from '../host/guest-controller';
import { deviceNodes, statisticsNodes, StatisticsHistory, type GuestInspection, type InfoNode } from '../guests/inspection-nodes';
import { settings } from '../settings';

class InfoTree implements vscode.TreeDataProvider<InfoNode> {
  private readonly changed = new vscode.EventEmitter<InfoNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: InfoNode[] = [];

  set(nodes: InfoNode[]): void {
    this.roots = nodes;
    this.changed.fire(undefined);
  }

  getChildren(element?: InfoNode): InfoNode[] {
    return element ? [...(element.children ?? [])] : this.roots;
  }

  getTreeItem(n: InfoNode): vscode.TreeItem {
    const item = new vscode.TreeItem(n.label, n.children?.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.contextValue = n.contextValue;
    item.iconPath = new vscode.ThemeIcon(n.icon);
    return item;
  }
}

export class InspectionViews implements vscode.Disposable {
  private readonly devices = new InfoTree();
  private readonly statistics = new InfoTree();
  private readonly history = new StatisticsHistory();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly trees: vscode.TreeView<InfoNode>[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busy = false;

  constructor(private readonly controller: GuestController, private readonly nameOf: (guestId: string) => string,
    private readonly log: vscode.LogOutputChannel) {
    this.trees = [
      vscode.window.createTreeView('kuli.devices', { treeDataProvider: this.devices }),
      vscode.window.createTreeView('kuli.statistics', { treeDataProvider: this.statistics }),
    ];
    for (const t of this.trees) this.disposables.push(t, t.onDidChangeVisibility(() => this.schedule(0)));
    this.disposables.push(controller.onStateChange(() => this.schedule(0)));
    this.schedule(0);
  }

  private get visible(): boolean {
    return this.trees.some((t) => t.visible);
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.visible) return;
    this.timer = setTimeout(() => { void this.refresh(); }, ms);
  }

  /** Asks the host about every guest it knows, then shows the answers. */
  async refresh(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const guests: GuestInspection[] = [];
      for (const [guestId, status] of this.controller.known()) {
        const base = { guestId, name: this.nameOf(guestId), state: status.state };
        try {
          const a = await this.controller.inspect(guestId);
          guests.push({ ...base, devices: a.devices, statistics: a.statistics });
        } catch (e) {
          this.log.warn(`inspecting ${guestId}: ${(e as Error).message}`);
          guests.push({ ...base, error: (e as Error).message });
        }
      }
      this.devices.set(deviceNodes(guests));
      this.statistics.set(statisticsNodes(guests, this.history));
    } finally {
      this.busy = false;
    }
    const running = [...this.controller.known().values()].some((s) => s.state === 'running' || s.state === 'starting');
    // Stopped and paused guests do not change: no polling until something happens.
    if (running) this.schedule(settings().refreshIntervalMs);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
