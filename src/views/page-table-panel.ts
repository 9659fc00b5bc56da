// The page-table webview: pick a guest, vcpu, address space (primary/secondary/home from
// the control registers, or an ASCE typed in) and a virtual address; the host answers
// with the MMU's own explained DAT walk (protocol 'translate'). Assets in media/page-table/,
// strict CSP (nonce'd script, styles from the extension only), theme colours.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { WALK_SPACES, type WalkSpace } from '../../emulator/host/inspection';
import type { GuestController } from '../host/guest-controller';

interface WalkMessage { type: 'walk'; guestId: string; vcpu: number; space: WalkSpace; asce: string; address: string }

function isWalkMessage(m: unknown): m is WalkMessage {
  const v = m as Partial<WalkMessage> | null;
  return typeof v === 'object' && v !== null && v.type === 'walk' && typeof v.guestId === 'string' && typeof v.vcpu === 'number'
    && (WALK_SPACES as readonly unknown[]).includes(v.space) && typeof v.address === 'string' && typeof v.asce === 'string';
}

/** "0x1234", "1234", "1_2345" → hex digits, or undefined. */
export function normalizeHex(text: string): string | undefined {
  const t = text.trim().replace(/^0x/i, '').replace(/_/g, '');
  return /^[0-9a-f]{1,16}$/i.test(t) ? t.toLowerCase() : undefined;
}

export class PageTablePanel implements vscode.Disposable {
  static readonly viewType = 'kuli.pageTable';
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private prefill: { guestId?: string; address?: string } | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly controller: GuestController,
    private readonly nameOf: (guestId: string) => string, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(controller.onStateChange(() => this.postGuests()));
  }

  /** Opens (or reveals) the view, optionally with a guest and address filled in. */
  show(prefill?: { guestId?: string; address?: string }): void {
    this.prefill = prefill;
    if (this.panel) {
      this.panel.reveal();
      this.sendPrefill();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media', 'page-table');
    const panel = vscode.window.createWebviewPanel(PageTablePanel.viewType, 'Kuli: Page Tables', vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'kuli.svg');
    panel.webview.html = this.html(panel.webview, media);
    panel.onDidDispose(() => { this.panel = undefined; }, undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => { void this.onMessage(m); }, undefined, this.disposables);
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'page-table.css'));
    const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'page-table.js'));
    const spaces = WALK_SPACES.map((s) => `<option value="${s}">${s === 'asce' ? 'ASCE typed in' : `${s} (CR${s === 'primary' ? 1 : s === 'secondary' ? 7 : 13})`}</option>`).join('');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}"><title>Kuli: Page Tables</title></head>
<body>
<h1>DAT walk</h1>
<p id="empty" class="note" hidden>No guest has run yet: start one from the Guests view, then walk its page tables here.</p>
<form id="form">
<label>Guest<select id="guest"></select></label>
<label>vcpu<input id="vcpu" type="number" min="0" max="63" value="0" size="3"></label>
<label>Address space<select id="space">${spaces}</select></label>
<label id="asce-field">ASCE (hex)<input id="asce" class="mono" size="18" placeholder="e.g. 7ff0000b"></label>
<label>Virtual address (hex)<input id="address" class="mono" size="18" placeholder="e.g. 40000123" required></label>
<button id="walk" type="submit">Walk</button>
</form>
<div id="status" class="note" aria-live="polite"></div>
<div id="result"></div>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body></html>`;
  }

  private guests(): { id: string; name: string; state: string }[] {
    return [...this.controller.known()].map(([id, s]) => ({ id, name: this.nameOf(id), state: s.state }));
  }

  private postGuests(): void {
    void this.panel?.webview.postMessage({ type: 'guests', guests: this.guests(), selected: this.prefill?.guestId });
  }

  private sendPrefill(): void {
    if (this.prefill) void this.panel?.webview.postMessage({ type: 'prefill', ...this.prefill });
  }

  private async onMessage(m: unknown): Promise<void> {
    if ((m as { type?: unknown } | null)?.type === 'ready') {
      this.postGuests();
      this.sendPrefill();
      return;
    }
    if (!isWalkMessage(m)) return;
    const post = (msg: object) => void this.panel?.webview.postMessage(msg);
    const address = normalizeHex(m.address);
    if (!m.guestId) return post({ type: 'error', message: 'No guest selected: start a guest from the Guests view first.' });
    if (address === undefined) return post({ type: 'error', message: `"${m.address}" is not a virtual address: type up to 16 hex digits, e.g. 40000123.` });
    const asce = m.space === 'asce' ? normalizeHex(m.asce) : undefined;
    if (m.space === 'asce' && asce === undefined) return post({ type: 'error', message: `"${m.asce}" is not an ASCE: type up to 16 hex digits.` });
    try {
      const walk = await this.controller.translate(m.guestId, m.vcpu, m.space, address, asce);
      this.log.info(`page walk ${m.guestId} cpu${m.vcpu} ${m.space} ${walk.address}: ${walk.code === 0 ? `real ${walk.real}` : walk.exception}`);
      post({ type: 'walk', walk });
    } catch (e) {
      post({ type: 'error', message: (e as Error).message });
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
