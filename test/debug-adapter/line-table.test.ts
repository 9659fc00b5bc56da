// The DWARF line-table reader against binutils: every row of the -g test guest's decoded
// line table (objdump --dwarf=decodedline, recorded by record-golden.sh) in order.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readLineTable } from '../../debug-adapter/dwarf/line-table';
import { parseElf } from '../../emulator/elf/elf';

const elf = parseElf(readFileSync(join(__dirname, '..', 'guests', 'debug', 'debug.elf')));
const golden = readFileSync(join(__dirname, 'golden', 'debug.decodedline.txt'), 'utf8')
  .split('\n')
  .map((l) => /^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+)\s*(\d*)\s*(x?)\s*$/.exec(l))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => `${m[1]} ${m[2]} ${m[3]}${m[5] === 'x' ? ' stmt' : ''}`);

describe('DWARF .debug_line', () => {
  const rows = readLineTable(elf).map((r) =>
    `${basename(r.file)} ${r.end ? '-' : r.line} 0x${r.address.toString(16)}${r.isStmt && !r.end ? ' stmt' : ''}`);

  test('row count matches objdump', () => {
    expect(golden.length).toBeGreaterThan(500);
    expect(rows.length).toBe(golden.length);
  });

  test.each(golden.map((g, i) => [i, g] as const))('row %i: %s', (i, g) => {
    expect(rows[i]).toBe(g);
  });

  test('main.c lines map to the addresses gdb uses', () => {
    const all = readLineTable(elf);
    const addStep = all.filter((r) => r.file.endsWith('main.c') && r.line === 45 && r.isStmt).map((r) => r.address);
    expect(addStep).toContain(0x111aa);
  });
});
