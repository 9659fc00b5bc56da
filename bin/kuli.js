#!/usr/bin/env node
// The `kuli` command: a thin launcher for the bundled CLI (build it with `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'kuli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('kuli: dist/kuli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
require(bundle).cliMain();
