// Starts the s390x assembly language server (dist/language-server.js, a separate Node
// process over IPC) the first time an s390x-asm document is open, so activating the
// extension for a view or a debug session costs no server process.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const LANGUAGE_ID = 's390x-asm';

export class AsmLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    if (vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID)) this.start();
    else {
      this.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.languageId === LANGUAGE_ID) this.start();
      }));
    }
  }

  private start(): void {
    if (this.client) return;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    const module = this.context.asAbsolutePath('dist/language-server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const includePaths = vscode.workspace.getConfiguration('kuli').get<string[]>('asm.includePaths', []);
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGE_ID, scheme: 'file' }, { language: LANGUAGE_ID, scheme: 'untitled' }],
      initializationOptions: { includePaths },
      outputChannel: this.log,
    };
    this.client = new LanguageClient('kuli.asm', 'Kuli s390x assembly', serverOptions, clientOptions);
    this.log.info(`Starting the s390x assembly language server (${module})`);
    this.client.start().catch((e: unknown) => {
      this.log.error(`The s390x assembly language server did not start: ${String(e)}`);
      void vscode.window.showErrorMessage('Kuli: the s390x assembly language server did not start. See the "Kuli" output for details.');
    });
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    await this.client?.stop();
    this.client = undefined;
  }
}
