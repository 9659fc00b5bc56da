// Guest definitions: parsed and checked against the contributed schema (one table of
// cases, each naming the message a user sees), paths resolved against the file, defaults
// from the settings, and what "New guest..." writes reads back as the same guest.
import { describe, expect, it } from 'vitest';
import { definitionName, newDefinitionText, parseDefinition, validGuestName } from '../../../src/guests/guest-definitions';

const FILE = '/ws/.kuli/guests/linux.json';
const DEFAULTS = { memory: '256M', smp: 2 };
const present = new Set(['/ws/vmlinuz', '/ws/initrd.gz', '/abs/kernel.elf', '/ws/.kuli/guests/k.elf', '/ws/disk.img']);
const exists = (p: string) => present.has(p);

const invalid: { name: string; text: string; problem: string }[] = [
  { name: 'not JSON', text: '{ "kernel": ', problem: 'not valid JSON' },
  { name: 'no kernel', text: '{}', problem: '"kernel" is missing' },
  { name: 'kernel not a string', text: '{ "kernel": 3 }', problem: '"kernel" must be a string, not 3' },
  { name: 'smp 0', text: '{ "kernel": "k.elf", "smp": 0 }', problem: '"smp" must be at least 1' },
  { name: 'smp 65', text: '{ "kernel": "k.elf", "smp": 65 }', problem: '"smp" must be at most 64' },
  { name: 'smp fractional', text: '{ "kernel": "k.elf", "smp": 1.5 }', problem: '"smp" must be a whole number, not 1.5' },
  { name: 'memory with unit KB', text: '{ "kernel": "k.elf", "memory": "512K" }', problem: '"memory" "512K" is not valid' },
  { name: 'unknown key', text: '{ "kernel": "k.elf", "cpus": 2 }', problem: '"cpus" is not a known setting' },
  { name: 'disk without path', text: '{ "kernel": "k.elf", "disks": [{}] }', problem: '"disks[0].path" is missing' },
  { name: 'nic with bad MAC', text: '{ "kernel": "k.elf", "nics": [{ "switch": "br0", "mac": "zz" }] }', problem: '"nics[0].mac" "zz" is not valid' },
  { name: 'unknown console', text: '{ "kernel": "k.elf", "consoles": ["ttyS0"] }', problem: '"consoles[0]" must be one of "sclp", "hvc0"' },
  { name: 'missing kernel file', text: '{ "kernel": "nothere.elf" }', problem: 'kernel /ws/.kuli/guests/nothere.elf does not exist' },
  { name: 'missing disk file', text: '{ "kernel": "k.elf", "disks": [{ "path": "${workspaceFolder}/gone.img" }] }', problem: 'disk /ws/gone.img does not exist' },
];

describe('guest definitions', () => {
  it.each(invalid)('invalid: $name', ({ text, problem }) => {
    const r = parseDefinition(text, FILE, DEFAULTS, exists, '/ws');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.invalid.name).toBe('linux');
      expect(r.invalid.problems.join('\n')).toContain(problem);
    }
  });

  it('a full definition: paths against the file and ${workspaceFolder}, defaults kept where given', () => {
    const text = JSON.stringify({
      name: 'debian', kernel: '${workspaceFolder}/vmlinuz', initrd: '../../initrd.gz', cmdline: 'console=ttysclp0 quiet', smp: 4, memory: '1G',
      disks: [{ path: '/ws/disk.img', readOnly: true }], nics: [{ switch: 'lan' }], consoles: ['sclp', 'hvc0'],
    });
    const r = parseDefinition(text, FILE, DEFAULTS, exists, '/ws');
    expect(r).toMatchObject({
      ok: true,
      guest: {
        id: `ws:${FILE}`, name: 'debian', kernel: '/ws/vmlinuz', initrd: '/ws/initrd.gz', cmdline: 'console=ttysclp0 quiet', smp: 4, memory: '1G',
        disks: [{ path: '/ws/disk.img', readOnly: true }], nics: [{ switch: 'lan' }], consoles: ['sclp', 'hvc0'], definition: FILE,
      },
    });
  });

  it('defaults: name from the file, memory and smp from the settings, the SCLP console', () => {
    const r = parseDefinition('{ "kernel": "/abs/kernel.elf" }', '/ws/tiny.kuli.json', DEFAULTS, exists);
    expect(r).toMatchObject({ ok: true, guest: { name: 'tiny', memory: '256M', smp: 2, consoles: ['sclp'], disks: [], nics: [] } });
  });

  it('what New guest writes parses back', () => {
    const text = newDefinitionText({ name: 'linux', kernel: 'k.elf', memory: '512M', smp: 3 });
    expect(parseDefinition(text, FILE, DEFAULTS, exists)).toMatchObject({ ok: true, guest: { name: 'linux', kernel: '/ws/.kuli/guests/k.elf', memory: '512M', smp: 3 } });
  });

  it('names', () => {
    expect(definitionName('/a/b/hello.kuli.json')).toBe('hello');
    expect(definitionName('/a/.kuli/guests/x.json')).toBe('x');
    expect(validGuestName('my-guest_1.0')).toBeUndefined();
    expect(validGuestName('../evil')).toMatch(/^Use letters/);
    expect(validGuestName('')).toMatch(/^Use letters/);
  });
});
