// The kuli command line: help, version, unknown commands and flags with hints, and
// disasm's errors for missing or non-ELF input (one line, no stack trace).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';

async function kuli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; } });
  return { code, out, err };
}

describe('kuli CLI', () => {
  it('prints help listing the commands', async () => {
    const r = await kuli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: kuli COMMAND/);
    expect(r.out).toMatch(/disasm/);
  });

  it('prints its version', async () => {
    const r = await kuli('--version');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^kuli \d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with a hint', async () => {
    const r = await kuli('disam', 'x.elf');
    expect(r.code).toBe(2);
    expect(r.err).toBe("kuli: unknown command 'disam'; did you mean 'disasm'? (try kuli --help)\n");
  });

  it('rejects an unknown flag', async () => {
    const r = await kuli('--frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--frobnicate'/);
    const r2 = await kuli('disasm', '--fast', 'x.elf');
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/unknown option '--fast' for 'kuli disasm'/);
  });

  it('explains a missing file and a non-ELF file in one line', async () => {
    const missing = await kuli('disasm', '/nonexistent/file.elf');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("kuli: cannot read '/nonexistent/file.elf': no such file\n");
    const dir = mkdtempSync(join(tmpdir(), 'kuli-cli-'));
    const junk = join(dir, 'junk.elf');
    writeFileSync(junk, 'this is not an ELF file at all');
    const bad = await kuli('disasm', junk);
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(bad.err).toMatch(/^kuli: junk\.elf: .*ELF/);
  });

  it('disassembles the hello guest exactly as objdump', async () => {
    const r = await kuli('disasm', 'test/guests/hello/hello.elf');
    expect(r.code).toBe(0);
    const golden = (await import('node:fs')).readFileSync('test/guests/hello/hello.objdump.txt', 'utf8');
    // objdump was run inside test/guests/hello; only the header's file name differs.
    expect(r.out.replace('test/guests/hello/hello.elf:', 'hello.elf:')).toBe(golden);
  });
});
