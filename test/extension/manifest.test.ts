// The extension manifest (package.json) against the code: every contributed file exists,
// every command is registered by src/ and activates the extension, the grammar parses.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string; icon: string; activationEvents: string[];
  contributes: {
    languages: { id: string; configuration: string; extensions: string[] }[];
    grammars: { path: string; scopeName: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string }[]>;
    commands: { command: string }[];
  };
};
const sources = ['src/extension.ts', 'src/views/guests-view.ts', 'src/views/inspection-views.ts'].map((f) => readFileSync(join(root, f), 'utf8')).join('\n');

describe('extension manifest', () => {
  it('points at files that exist', () => {
    const files = [pkg.icon, ...pkg.contributes.languages.map((l) => l.configuration), ...pkg.contributes.grammars.map((g) => g.path),
      ...pkg.contributes.viewsContainers.activitybar.map((a) => a.icon), 'media/demo-guests.json'];
    for (const f of files) expect(existsSync(join(root, f)), f).toBe(true);
  });
  it('claims the assembly file extensions for s390x-asm', () => {
    expect(pkg.contributes.languages[0]).toMatchObject({ id: 's390x-asm', extensions: expect.arrayContaining(['.s', '.S', '.asm']) });
  });
  it('activates lazily: language, view, debug type, commands', () => {
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onLanguage:s390x-asm', 'onView:kuli.guests', 'onDebugResolve:kuli']));
    expect(pkg.activationEvents).not.toContain('*');
    for (const c of pkg.contributes.commands) expect(pkg.activationEvents).toContain(`onCommand:${c.command}`);
  });
  it('registers every contributed command and view in code', () => {
    for (const c of pkg.contributes.commands) {
      const name = c.command;
      const constName = /OPEN_GUEST_FILE_COMMAND = '([^']+)'/.exec(sources)?.[1];
      expect(sources.includes(`'${name}'`) || constName === name, name).toBe(true);
    }
    for (const v of pkg.contributes.views.kuli) expect(sources).toContain(`'${v.id}'`);
  });
  it('validates guest definitions with the schema it ships, and every walkthrough step has its media', () => {
    const c = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes as {
      jsonValidation: { fileMatch: string[]; url: string }[]; walkthroughs: { steps: { media: { markdown: string } }[] }[];
    };
    expect(c.jsonValidation.flatMap((j) => j.fileMatch)).toEqual(['*.kuli.json', '**/.kuli/guests/*.json']);
    for (const j of c.jsonValidation) expect(existsSync(join(root, j.url))).toBe(true);
    for (const s of c.walkthroughs[0].steps) expect(existsSync(join(root, s.media.markdown)), s.media.markdown).toBe(true);
  });
  it('has a grammar with the declared scope', () => {
    const grammar = JSON.parse(readFileSync(join(root, pkg.contributes.grammars[0].path), 'utf8')) as { scopeName: string };
    expect(grammar.scopeName).toBe(pkg.contributes.grammars[0].scopeName);
  });
});
