// Entry point of the s390x assembly language server (bundled to dist/language-server.js):
// a Node process the extension's language client starts; the transport (IPC or stdio)
// comes from the command line as vscode-languageserver reads it.
import { readFileSync } from 'node:fs';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { FileSystem } from './analysis';
import { startLanguageServer } from './service';

const nodeFs: FileSystem = {
  readFile(path: string): string | undefined {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const connection = createConnection(ProposedFeatures.all);
startLanguageServer(connection, nodeFs);
connection.listen();
