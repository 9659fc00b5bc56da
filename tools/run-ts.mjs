// Runs a TypeScript script from the repo (bundled on the fly with esbuild), passing the
// remaining arguments: `node tools/run-ts.mjs tools/foo.ts args...`.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node tools/run-ts.mjs SCRIPT.ts [args...]\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'kuli-ts-'));
const out = join(dir, 'script.mjs');
await build({ entryPoints: [resolve(script)], outfile: out, bundle: true, platform: 'node', format: 'esm',
  target: 'node20', packages: 'external', logLevel: 'warning' });
process.argv = [process.argv[0], resolve(script), ...args];
try {
  await import(pathToFileURL(out).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
