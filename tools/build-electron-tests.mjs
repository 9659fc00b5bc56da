// Bundles the @vscode/test-electron integration tests (test/extension-electron) into
// dist-test/: the runner (Node) and the suite VS Code loads in its extension host.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['test/extension-electron/run-test.ts'], outfile: 'dist-test/run-test.js', external: ['@vscode/test-electron'] });
await build({ ...common, entryPoints: ['test/extension-electron/suite/index.ts'], outfile: 'dist-test/electron-suite.js', external: ['vscode'] });
