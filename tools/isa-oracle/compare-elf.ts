// Compares `kuli disasm` with GNU objdump on real ELF files (Debian's busybox and kernel
// modules in CI): whole-output equality per file and the share of identical instruction
// lines. Usage: node tools/run-ts.mjs tools/isa-oracle/compare-elf.ts [--objdump X] FILE...
// Exits non-zero when any instruction line differs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { disassembleElfListing } from '../../emulator/cli/disasm';

const args = process.argv.slice(2);
let objdump = 's390x-linux-gnu-objdump';
if (args[0] === '--objdump') { objdump = args[1]; args.splice(0, 2); }

const INSN = /^\s*[0-9a-f]+:\t/;
let totalLines = 0;
let sameLines = 0;
let identicalFiles = 0;
const samples: string[] = [];
for (const file of args) {
  const ours = disassembleElfListing(file, readFileSync(file)).split('\n');
  const theirs = execFileSync(objdump, ['-d', '--no-show-raw-insn', file], { maxBuffer: 1 << 30 }).toString().split('\n');
  if (ours.join('\n') === theirs.join('\n')) identicalFiles++;
  const a = ours.filter((l) => INSN.test(l));
  const b = theirs.filter((l) => INSN.test(l));
  totalLines += b.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) sameLines++;
    else if (samples.length < 20) samples.push(`${file}: kuli "${a[i]}" objdump "${b[i]}"`);
  }
  if (a.length !== b.length && samples.length < 20) samples.push(`${file}: ${a.length} instruction lines, objdump ${b.length}`);
}
const share = totalLines ? (100 * sameLines) / totalLines : 100;
console.log(`files: ${args.length}, whole output identical: ${identicalFiles}`);
console.log(`instruction lines: ${totalLines}, identical: ${sameLines} (${share.toFixed(4)}%)`);
for (const s of samples) console.log('  ' + s);
process.exitCode = sameLines === totalLines && identicalFiles === args.length ? 0 : 1;
