// Wires the language features to an LSP connection: open documents are analysed once per
// version, diagnostics are pushed on every change, and hover, completion, document
// symbols and go-to-definition answer from the cached analysis. Transport-agnostic: the
// server binary passes a stdio/IPC connection, the tests a stream pair.
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { analyze, type Analysis, type FileSystem } from './analysis';
import { complete, resolveCompletion } from './features/completion';
import { diagnose } from './features/diagnostics';
import { hover } from './features/hover';
import { definition, documentSymbols } from './features/symbols';

export const LANGUAGE_ID = 's390x-asm';

/** Options the client may send in initializationOptions. */
export interface ServerOptions {
  /** Extra directories searched for `.include` / `#include` files. */
  readonly includePaths?: readonly string[];
}

export function startLanguageServer(connection: Connection, fs: FileSystem): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, { version: number; analysis: Analysis }>();
  let includePaths: string[] = [];

  const analysisOf = (uri: string): Analysis | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const hit = cache.get(uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = analyze(uri, doc.getText(), { fs, includePaths });
    cache.set(uri, { version: doc.version, analysis });
    return analysis;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as ServerOptions;
    const roots = (params.workspaceFolders ?? []).flatMap((f) => {
      try {
        return [fileURLToPath(f.uri)];
      } catch {
        return [];
      }
    });
    includePaths = [...(options.includePaths ?? []), ...roots];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['%', '.'], resolveProvider: true },
        documentSymbolProvider: true,
        definitionProvider: true,
      },
      serverInfo: { name: 'kuli-s390x-asm' },
    };
  });

  const publish = (uri: string): void => {
    const analysis = analysisOf(uri);
    if (analysis) void connection.sendDiagnostics({ uri, diagnostics: diagnose(analysis) });
  };
  documents.onDidOpen((e) => publish(e.document.uri));
  documents.onDidChangeContent((e) => publish(e.document.uri));
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? hover(a, p.position.line, p.position.character) : null;
  });
  connection.onCompletion((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? complete(a, p.position.line, p.position.character) : [];
  });
  connection.onCompletionResolve(resolveCompletion);
  connection.onDocumentSymbol((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? documentSymbols(a) : [];
  });
  connection.onDefinition((p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? definition(a, p.position.line, p.position.character) : [];
  });

  documents.listen(connection);
}
