// `npm run package`: builds kuli.vsix, the installable VS Code extension. Bundles
// src/extension.ts and the language server with esbuild (minified; no node_modules tree
// is shipped), stages the manifest, media, grammar and demo guests, and writes the VSIX
// (an OPC zip: extension.vsixmanifest, [Content_Types].xml, extension/...) itself, so
// packaging needs no @vscode/vsce (whose current releases need Node 22).
// Usage: node tools/package.mjs [--out kuli.vsix]
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const outFile = outArg > 0 ? process.argv[outArg + 1] : join(root, 'kuli.vsix');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Files of the package: path inside extension/ -> contents. */
const files = new Map();

async function bundle(entry, out, external) {
  const result = await build({
    entryPoints: [join(root, entry)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true,
    external, write: false, logLevel: 'warning', define: { KULI_VERSION: JSON.stringify(pkg.version) },
    // vscode-languageclient/server pull these optional modules only in code paths we do not use.
    legalComments: 'none',
  });
  files.set(out, Buffer.from(result.outputFiles[0].contents));
}

function addFile(from, to = from) {
  const path = join(root, from);
  if (!existsSync(path)) throw new Error(`package: ${from} is missing`);
  files.set(to, readFileSync(path));
}

function addTree(dir, to = dir, filter = () => true) {
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) addTree(rel, join(to, name), filter);
    else if (filter(rel)) files.set(join(to, name), readFileSync(join(root, rel)));
  }
}

await bundle('src/extension.ts', 'dist/extension.js', ['vscode']);
await bundle('src/language-server/server.ts', 'dist/language-server.js', []);
await bundle('emulator/host/worker.ts', 'dist/host-worker.js', []);
// The standalone debug adapter (the `kuli` debug type) starts guests through the CLI launcher.
await bundle('debug-adapter/main.ts', 'dist/debug-adapter.js', []);
await bundle('emulator/cli/main.ts', 'dist/kuli.js', []);
addFile('bin/kuli.js');

// The manifest as installed: no build scripts, dev tools or CLI entry.
const manifest = { ...pkg };
for (const key of ['scripts', 'devDependencies', 'bin', 'private']) delete manifest[key];
files.set('package.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
addFile('media/README.md', 'README.md');
addFile('LICENSE', 'LICENSE.txt');
addTree('media', 'media', (f) => !f.endsWith('README.md'));
addTree('syntaxes');
// Demo guests: the manifest (media/demo-guests.json) finds them under guests/.
const demo = JSON.parse(readFileSync(join(root, 'media/demo-guests.json'), 'utf8'));
for (const g of demo.guests) {
  for (const f of [g.kernel, ...g.sources]) addFile(join('test/guests', g.dir, f), join('guests', g.dir, f));
}

function xml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const vsixManifest = `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(pkg.name)}" Version="${xml(pkg.version)}" Publisher="${xml(pkg.publisher)}" />
    <DisplayName>${xml(pkg.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(pkg.description)}</Description>
    <Tags>${xml([...(pkg.keywords ?? []), 's390x-asm', '__ext_s', '__ext_S', '__ext_asm'].join(','))}</Tags>
    <Categories>${xml(pkg.categories.join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Badges></Badges>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(pkg.engines.vscode)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="${xml((pkg.extensionKind ?? ['workspace']).join(','))}" />
      <Property Id="Microsoft.VisualStudio.Code.LocalizedLanguages" Value="" />
      <Property Id="Microsoft.VisualStudio.Services.Branding.Color" Value="${xml(pkg.galleryBanner?.color ?? '')}" />
      <Property Id="Microsoft.VisualStudio.Services.Branding.Theme" Value="${xml(pkg.galleryBanner?.theme ?? '')}" />
      <Property Id="Microsoft.VisualStudio.Services.GitHubFlavoredMarkdown" Value="true" />
      <Property Id="Microsoft.VisualStudio.Services.Content.Pricing" Value="Free" />
    </Properties>
    <License>extension/LICENSE.txt</License>
    <Icon>extension/${xml(pkg.icon)}</Icon>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/README.md" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.License" Path="extension/LICENSE.txt" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Icons.Default" Path="extension/${xml(pkg.icon)}" Addressable="true" />
  </Assets>
</PackageManifest>
`;

const CONTENT_TYPES = {
  '.json': 'application/json', '.js': 'application/javascript', '.md': 'text/markdown', '.txt': 'text/plain',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.vsixmanifest': 'text/xml', '.elf': 'application/octet-stream',
  '.S': 'text/plain', '.c': 'text/plain', '.s': 'text/plain', '.css': 'text/css',
};
const entries = [['extension.vsixmanifest', Buffer.from(vsixManifest)],
  ...[...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, data]) => [`extension/${p.split('\\').join('/')}`, data])];
const exts = new Set(entries.map(([p]) => /\.[^./]+$/.exec(p)?.[0]).filter(Boolean));
for (const e of exts) if (!CONTENT_TYPES[e]) throw new Error(`package: no content type for ${e}`);
const contentTypes = `<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${[...exts].sort()
  .map((e) => `<Default Extension="${xml(e)}" ContentType="${CONTENT_TYPES[e]}" />`).join('')}</Types>
`;
entries.unshift(['[Content_Types].xml', Buffer.from(contentTypes)]);

// --- zip (PKWARE APPNOTE: local headers, central directory, end record; deflate) ---
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
// A fixed timestamp keeps the archive reproducible (1 Jan 2024, 00:00).
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

const locals = [];
const central = [];
let offset = 0;
for (const [name, data] of entries) {
  const nameBuf = Buffer.from(name, 'utf8');
  const deflated = deflateRawSync(data, { level: 9 });
  const stored = deflated.length >= data.length;
  const body = stored ? data : deflated;
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(stored ? 0 : 8, 8);
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  local.writeUInt16LE(0, 28);
  locals.push(local, nameBuf, body);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(0x0314, 4); // made by: Unix, spec 2.0
  cd.writeUInt16LE(20, 6);
  cd.writeUInt16LE(0x0800, 8);
  cd.writeUInt16LE(stored ? 0 : 8, 10);
  cd.writeUInt16LE(DOS_TIME, 12);
  cd.writeUInt16LE(DOS_DATE, 14);
  cd.writeUInt32LE(crc, 16);
  cd.writeUInt32LE(body.length, 20);
  cd.writeUInt32LE(data.length, 24);
  cd.writeUInt16LE(nameBuf.length, 28);
  cd.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
  cd.writeUInt32LE(offset, 42);
  central.push(cd, nameBuf);
  offset += 30 + nameBuf.length + body.length;
}
const centralSize = central.reduce((n, b) => n + b.length, 0);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0);
end.writeUInt16LE(entries.length, 8);
end.writeUInt16LE(entries.length, 10);
end.writeUInt32LE(centralSize, 12);
end.writeUInt32LE(offset, 16);
const vsix = Buffer.concat([...locals, ...central, end]);
writeFileSync(outFile, vsix);
console.log(`${relative(process.cwd(), outFile) || outFile}: ${entries.length} files, ${(vsix.length / 1024).toFixed(0)} KiB`);
for (const [name, data] of entries) console.log(`  ${name} (${data.length} bytes)`);
