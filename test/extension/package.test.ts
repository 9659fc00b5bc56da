// `npm run package`: the VSIX is a valid zip with the OPC parts VS Code reads, the
// installed manifest, esbuild bundles only (no node_modules), and the demo guest; and
// the bundled language server answers `initialize` over stdio.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');

/** Reads a zip's central directory: name -> contents. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('kuli.vsix', () => {
  let dir: string;
  let files: Map<string, Buffer>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuli-vsix-'));
    execFileSync(process.execPath, [join(root, 'tools/package.mjs'), '--out', join(dir, 'kuli.vsix')], { cwd: root, stdio: 'ignore' });
    files = unzip(readFileSync(join(dir, 'kuli.vsix')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the OPC parts and the installed layout', () => {
    expect([...files.keys()]).toEqual(expect.arrayContaining([
      '[Content_Types].xml', 'extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js',
      'extension/dist/language-server.js', 'extension/dist/host-worker.js', 'extension/syntaxes/s390x-asm.tmLanguage.json', 'extension/media/icon.png',
      'extension/guests/hello/hello.elf', 'extension/guests/hello/start.S', 'extension/guests/echo/echo.elf', 'extension/LICENSE.txt', 'extension/README.md',
    ]));
    expect([...files.keys()].filter((f) => f.includes('node_modules') || f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('ships a manifest without build-time fields, matching the vsixmanifest identity', () => {
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest.main).toBe('./dist/extension.js');
    for (const k of ['scripts', 'devDependencies', 'bin']) expect(manifest[k]).toBeUndefined();
    const xml = files.get('extension.vsixmanifest')!.toString('utf8');
    expect(xml).toContain(`<Identity Language="en-US" Id="${String(manifest.name)}" Version="${String(manifest.version)}" Publisher="${String(manifest.publisher)}" />`);
    expect(xml).toContain('<InstallationTarget Id="Microsoft.VisualStudio.Code" />');
    const types = files.get('[Content_Types].xml')!.toString('utf8');
    for (const ext of ['.json', '.js', '.png', '.elf', '.vsixmanifest']) expect(types).toContain(`Extension="${ext}"`);
  });

  it('bundles the demo guest kernel byte for byte', () => {
    expect(files.get('extension/guests/hello/hello.elf')!.equals(readFileSync(join(root, 'test/guests/hello/hello.elf')))).toBe(true);
  });

  it('has a bundled language server that answers initialize over stdio', async () => {
    const server = files.get('extension/dist/language-server.js')!;
    const serverPath = join(dir, 'language-server.js');
    writeFileSync(serverPath, server);
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no reply: ${text}`)), 10_000);
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString('utf8');
        if (text.includes('"capabilities"')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
    });
    child.kill();
    expect(reply).toContain('"hoverProvider":true');
    expect(reply).toContain('kuli-s390x-asm');
  });
});
