// The `kuli` debug type contribution in package.json: it points at the bundled adapter and
// its launch/attach attributes are the ones the session reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

interface Debugger {
  type: string;
  program: string;
  runtime: string;
  configurationAttributes: Record<'launch' | 'attach', { required: string[]; properties: Record<string, unknown> }>;
  initialConfigurations: { type: string; request: string }[];
  configurationSnippets: { body: { type: string; request: string } }[];
}

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents: string[]; contributes: { debuggers: Debugger[] } };

describe('package.json debuggers', () => {
  const d = pkg.contributes.debuggers.find((x) => x.type === 'kuli');
  test('the kuli type runs the bundled adapter under node', () => {
    expect(d).toMatchObject({ program: './dist/debug-adapter.js', runtime: 'node' });
    expect(pkg.activationEvents).toContain('onDebugResolve:kuli');
    const build = readFileSync(join(root, 'tools', 'build.mjs'), 'utf8');
    expect(build).toContain("{ in: 'debug-adapter/main.ts', out: 'debug-adapter' }");
  });

  test('launch and attach attributes are those session.ts reads', () => {
    const session = readFileSync(join(root, 'debug-adapter', 'session.ts'), 'utf8');
    for (const kind of ['launch', 'attach'] as const) {
      const attrs = d?.configurationAttributes[kind];
      expect(attrs?.required.length).toBe(1);
      for (const key of Object.keys(attrs?.properties ?? {})) expect(session, `${kind}.${key}`).toMatch(new RegExp(`\\b${key}\\??:`));
    }
    expect(d?.initialConfigurations.every((c) => c.type === 'kuli' && c.request === 'launch')).toBe(true);
    expect(d?.configurationSnippets.map((s) => s.body.request)).toEqual(['launch', 'attach']);
  });
});
