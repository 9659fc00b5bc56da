// A guest's console as a VS Code terminal (Pseudoterminal): guest output is written
// with CRLF line ends, keystrokes go back to the guest. Output that arrives before the
// terminal is open, or after it was closed, is kept (bounded) and replayed when a
// terminal for the guest is opened again.
import * as vscode from 'vscode';

/** Console history kept per guest for replay, in characters. */
const HISTORY_CHARS = 256 * 1024;

/** Guest text to terminal text: a lone LF becomes CRLF. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class GuestConsole implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private readonly writer = new vscode.EventEmitter<string>();
  private opened = false;
  private history = '';
  private pending = '';

  constructor(private readonly title: string, private readonly input: (text: string) => void) {}

  /** Shows the guest's terminal, creating it (with the history so far) if needed. */
  show(preserveFocus = true): void {
    if (this.terminal === undefined) {
      this.opened = false;
      this.pending = this.history;
      const pty: vscode.Pseudoterminal = {
        onDidWrite: this.writer.event,
        open: () => {
          this.opened = true;
          if (this.pending.length > 0) this.writer.fire(this.pending);
          this.pending = '';
        },
        close: () => this.closed(),
        handleInput: (data) => this.input(data),
      };
      this.terminal = vscode.window.createTerminal({ name: this.title, pty, iconPath: new vscode.ThemeIcon('vm') });
    }
    this.terminal.show(preserveFocus);
  }

  /** Guest output (or a line from Kuli itself, e.g. "[guest stopped]"). */
  write(text: string): void {
    const t = toTerminalText(text);
    this.history = (this.history + t).slice(-HISTORY_CHARS);
    if (this.terminal === undefined) return;
    if (this.opened) this.writer.fire(t);
    else this.pending += t;
  }

  /** True if `t` is this console's terminal. */
  owns(t: vscode.Terminal): boolean {
    return this.terminal === t;
  }

  closed(): void {
    this.terminal = undefined;
    this.opened = false;
  }

  dispose(): void {
    this.terminal?.dispose();
    this.terminal = undefined;
    this.writer.dispose();
  }
}
