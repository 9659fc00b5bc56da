// Bundles every entry point with esbuild into dist/ (CommonJS, Node 20).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const entries = [
  { in: 'emulator/cli/main.ts', out: 'kuli' },
  { in: 'src/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'debug-adapter/main.ts', out: 'debug-adapter' },
  { in: 'src/language-server/server.ts', out: 'language-server' },
  { in: 'emulator/host/worker.ts', out: 'host-worker' },
].filter((e) => existsSync(e.in));

const watch = process.argv.includes('--watch');
await Promise.all(entries.map((e) => build({
  entryPoints: [e.in],
  outfile: `dist/${e.out}.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: e.external ?? [],
  logLevel: watch ? 'info' : 'warning',
  define: { KULI_VERSION: JSON.stringify(version) },
})));
