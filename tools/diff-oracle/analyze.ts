// Checks and summarises the recorded cpu-diff goldens (test/guests/cpu-diff/elf/*.qemu.txt).
//   analyze.ts unsupported  verifies every kernel ran to EXIT: STATUS=0 with one line per
//                           case, and adds to qemu-unsupported.txt the mnemonics QEMU
//                           answers with an operation exception in every case (QEMU does
//                           not implement them, so it cannot be the oracle); exit 1 when
//                           the list grew and the kernels must be regenerated.
//   analyze.ts coverage     counts the distinct ISA-table instructions the suite executes,
//                           decoding each case's instruction bytes from the ELFs.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookupBase } from '../../emulator/cpu/decoded';
import { lookup } from '../../emulator/isa/decoder';
import { QEMU_UNSUPPORTED, readUnsupported } from './gen-kernels';
import { caseInstructions, parseCaseLine } from './kernel-files';

const ELF_DIR = 'test/guests/cpu-diff/elf';

function kernels(): string[] {
  return readdirSync(ELF_DIR).filter((f) => f.endsWith('.elf')).map((f) => f.slice(0, -4)).sort();
}

function unsupported(): number {
  const known = readUnsupported();
  const byMnemonic = new Map<string, { cases: number; operation: number }>();
  let problems = 0;
  for (const k of kernels()) {
    const goldenPath = join(ELF_DIR, `${k}.qemu.txt`);
    if (!existsSync(goldenPath)) { process.stderr.write(`${k}: no QEMU output\n`); problems++; continue; }
    const lines = readFileSync(goldenPath, 'utf8').split('\n').filter(Boolean);
    const cases = lines.filter((l) => parseCaseLine(l) !== undefined);
    const expected = caseInstructions(readFileSync(join(ELF_DIR, `${k}.elf`))).length;
    if (lines[lines.length - 1] !== 'EXIT: STATUS=0' || cases.length !== expected) {
      process.stderr.write(`${k}: QEMU output incomplete (${cases.length}/${expected} cases, last line "${lines.at(-1)}")\n`);
      problems++;
    }
    for (const l of cases) {
      const c = parseCaseLine(l)!;
      const e = byMnemonic.get(c.mnemonic) ?? { cases: 0, operation: 0 };
      e.cases++;
      if (c.fields.get('pgm') === '0001') e.operation++;
      byMnemonic.set(c.mnemonic, e);
    }
  }
  const added = [...byMnemonic].filter(([m, e]) => e.operation === e.cases && !known.has(m)).map(([m]) => m);
  if (added.length) {
    const all = [...known, ...added].sort();
    writeFileSync(QEMU_UNSUPPORTED, '# Instructions QEMU (qemu-system-s390x, default CPU model) answers with an operation\n'
      + '# exception: no oracle for them. Maintained by tools/diff-oracle/analyze.ts.\n' + all.join('\n') + '\n');
    process.stdout.write(`QEMU does not implement: ${added.join(' ')} (added to ${QEMU_UNSUPPORTED}; regenerate)\n`);
  }
  if (problems) process.exit(2);
  return added.length ? 1 : 0;
}

function coverage(): void {
  const base = new Set<string>();
  const concrete = new Set<string>();
  let cases = 0;
  for (const k of kernels()) {
    for (const c of caseInstructions(readFileSync(join(ELF_DIR, `${k}.elf`)))) {
      cases++;
      const b = lookupBase(c.bytes);
      const x = lookup(c.bytes, 0);
      if (b) base.add(b.mnemonic);
      if (x) concrete.add(x.mnemonic);
    }
  }
  process.stdout.write(`cpu-diff coverage: ${cases} cases in ${kernels().length} kernels; `
    + `${base.size} distinct table instructions by base mnemonic (what the CPU dispatches on), `
    + `${concrete.size} by objdump mnemonic (extended and element-size forms); `
    + `${readUnsupported().size} more left out because QEMU does not implement them\n`);
}

const cmd = process.argv[2];
if (cmd === 'unsupported') process.exit(unsupported());
else if (cmd === 'coverage') coverage();
else {
  process.stderr.write('usage: analyze.ts unsupported|coverage\n');
  process.exit(2);
}
