// The server through a real LSP connection over streams: initialize, open a document,
// receive its diagnostics, then hover, completion, definition and symbols, then shutdown.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest, createConnection, createProtocolConnection, DefinitionRequest, DidOpenTextDocumentNotification,
  DocumentSymbolRequest, HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter, type CompletionItem, type CompletionList, type Hover,
  type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { startLanguageServer } from '../../src/language-server/service';

const uri = 'file:///work/demo.s';
const text = 'main:\tlarl\t%r1,msg\n\tlr\t%r2\n\tbr\t%r14\nmsg:\t.asciz\t"hi"\n';

describe('language server over an LSP connection', () => {
  let client: ProtocolConnection;
  const diagnostics: PublishDiagnosticsParams[] = [];
  let gotDiagnostics: Promise<void>;

  beforeAll(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startLanguageServer(server, { readFile: () => undefined });
    server.listen();
    client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    gotDiagnostics = new Promise((resolve) => {
      client.onNotification(PublishDiagnosticsNotification.type, (p) => {
        diagnostics.push(p);
        resolve();
      });
    });
    client.listen();
    const init = await client.sendRequest(InitializeRequest.type, {
      processId: null, rootUri: null, capabilities: {}, workspaceFolders: null,
    });
    expect(init.capabilities.hoverProvider).toBe(true);
    expect(init.capabilities.completionProvider?.triggerCharacters).toContain('%');
    await client.sendNotification(InitializedNotification.type, {});
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 's390x-asm', version: 1, text },
    });
  });

  afterAll(async () => {
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  });

  it('publishes diagnostics for the opened document', async () => {
    await gotDiagnostics;
    expect(diagnostics[0].uri).toBe(uri);
    expect(diagnostics[0].diagnostics.map((d) => [d.range.start.line, d.code, d.source])).toEqual([[1, 'operand-count', 'kuli']]);
  });

  it('answers hover', async () => {
    const h = (await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 7 } })) as Hover;
    expect(JSON.stringify(h.contents)).toContain('load address relative long');
  });

  it('answers completion', async () => {
    const r = (await client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 5 } })) as
      CompletionItem[] | CompletionList;
    const items = Array.isArray(r) ? r : r.items;
    expect(items.map((i) => i.label)).toContain('%r14');
  });

  it('answers definition and document symbols', async () => {
    const def = await client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 0, character: 16 } });
    expect(def).toEqual([{ uri, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } } }]);
    const syms = await client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect((syms ?? []).map((s) => s.name)).toEqual(['main', 'msg']);
  });
});
