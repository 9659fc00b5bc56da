// The demo guest list: loading the real media/demo-guests.json against the repository
// layout, the installed layout, validation errors, and the Guests tree nodes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DemoGuestError, guestNodes, loadDemoGuests, type GuestFiles } from '../../../src/guests/demo-guests';

const root = join(__dirname, '../../..');
const realFiles: GuestFiles = {
  readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
  exists: (p) => existsSync(p),
};

function memFiles(files: Record<string, string>): GuestFiles {
  return { readText: (p) => files[p], exists: (p) => p in files };
}

describe('demo guests', () => {
  it('finds the hello and echo guests in the repository (test/guests)', () => {
    const guests = loadDemoGuests(root, realFiles);
    expect(guests.map((g) => g.id)).toEqual(['hello', 'echo']);
    expect(guests[1].kernel).toBe(join(root, 'test/guests/echo/echo.elf'));
    expect(guests[0].kernel).toBe(join(root, 'test/guests/hello/hello.elf'));
    expect(guests[0].sources.map((s) => s.slice(root.length + 1))).toEqual(['test/guests/hello/start.S', 'test/guests/hello/hello.c']);
  });

  it('prefers guests/ (the installed extension layout)', () => {
    const manifest = readFileSync(join(root, 'media/demo-guests.json'), 'utf8');
    const guests = loadDemoGuests('/ext', memFiles({
      '/ext/media/demo-guests.json': manifest, '/ext/guests/hello/hello.elf': '', '/ext/guests/hello/start.S': '',
    }));
    expect(guests[0]).toMatchObject({ kernel: '/ext/guests/hello/hello.elf', sources: ['/ext/guests/hello/start.S'], memory: '128M' });
  });

  it('leaves out guests whose kernel is missing', () => {
    const manifest = readFileSync(join(root, 'media/demo-guests.json'), 'utf8');
    expect(loadDemoGuests('/ext', memFiles({ '/ext/media/demo-guests.json': manifest }))).toEqual([]);
  });

  const errors: { name: string; manifest?: string; message: RegExp }[] = [
    { name: 'missing list', message: /demo guest list .* is missing; reinstall/ },
    { name: 'bad JSON', manifest: '{', message: /not valid JSON/ },
    { name: 'no guests array', manifest: '{}', message: /no "guests" array/ },
    { name: 'guest without dir', manifest: '{"guests":[{"id":"x"}]}', message: /Demo guest x: "dir" must be a non-empty string/ },
  ];
  for (const c of errors) {
    it(`error: ${c.name}`, () => {
      const files = memFiles(c.manifest === undefined ? {} : { '/ext/media/demo-guests.json': c.manifest });
      expect(() => loadDemoGuests('/ext', files)).toThrow(DemoGuestError);
      expect(() => loadDemoGuests('/ext', files)).toThrow(c.message);
    });
  }

  it('builds tree nodes: guest, then kernel and sources', () => {
    const [node] = guestNodes(loadDemoGuests(root, realFiles));
    expect(node).toMatchObject({ label: 'hello', description: 'demo · 128M', contextValue: 'kuli.demoGuest', icon: 'vm' });
    expect(node.children?.map((c) => [c.label, c.description, c.icon])).toEqual([
      ['hello.elf', 'kernel', 'file-binary'], ['start.S', 'source', 'file-code'], ['hello.c', 'source', 'file-code'],
    ]);
    expect(node.children?.[1].path).toBe(join(root, 'test/guests/hello/start.S'));
  });
});
