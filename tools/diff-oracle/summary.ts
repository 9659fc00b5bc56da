// Runs the committed cpu-diff kernels and programs on Kuli and prints a summary against
// QEMU's goldens: per kernel how many cases match and why it stopped, then every
// instruction with a mismatching case (first difference) -- the quick view of what the
// vitest suite (test/cpu-diff) reports in detail.
// Usage: node tools/run-ts.mjs tools/diff-oracle/summary.ts [kernel-name-filter]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine } from '../../emulator/machine/machine';
import { parseCaseLine, type CaseLine } from './kernel-files';

const DIRS = ['test/guests/cpu-diff/elf', 'test/guests/programs/elf'];
const filter = process.argv[2] ?? '';

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

let passedKernels = 0;
let totalKernels = 0;
let casesOk = 0;
let casesAll = 0;
const badMnemonics = new Map<string, string>();
const goodMnemonics = new Set<string>();
for (const dir of DIRS) {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.elf') && x.includes(filter)).sort()) {
    const name = f.slice(0, -4);
    const golden = lines(readFileSync(join(dir, `${name}.qemu.txt`), 'utf8'));
    let text = '';
    const m = new Machine({ memory: 128 << 20, console: (s) => { text += s; } });
    m.loadKernel(new Uint8Array(readFileSync(join(dir, f))), f);
    const t0 = Date.now();
    const r = m.run(2_000_000_000);
    const ms = Date.now() - t0;
    const got = lines(text);
    const same = got.length === golden.length && got.every((l, i) => l === golden[i]);
    totalKernels++;
    if (same && r.reason === 'stopped') passedKernels++;
    const goldenCases = golden.filter((l) => parseCaseLine(l) !== undefined);
    const gotCases = got.filter((l) => parseCaseLine(l) !== undefined);
    let ok = 0;
    goldenCases.forEach((line, i) => {
      const mnemonic = (parseCaseLine(line) as CaseLine).mnemonic;
      if (gotCases[i] === line) ok++;
      else if (!badMnemonics.has(mnemonic)) {
        badMnemonics.set(mnemonic, gotCases[i] !== undefined ? `${name}: got "${gotCases[i]}" expected "${line}"` : `${name}: not reached`);
      }
      goodMnemonics.add(mnemonic);
    });
    const gc = goldenCases;
    casesOk += ok;
    casesAll += gc.length;
    const verdict = same && r.reason === 'stopped' ? 'PASS' : 'FAIL';
    process.stdout.write(`${verdict} ${name}: ${gc.length ? `${ok}/${gc.length} cases, ` : ''}${r.reason}`
      + `${r.message && r.reason !== 'stopped' ? ` (${r.message})` : ''}, ${r.instructions} insns in ${ms} ms\n`);
    if (!gc.length && !same) {
      const i = golden.findIndex((l, k) => got[k] !== l);
      if (i >= 0) process.stdout.write(`    line ${i + 1}: got ${JSON.stringify(got[i])} expected ${JSON.stringify(golden[i])}\n`);
    }
  }
}
for (const m of badMnemonics.keys()) goodMnemonics.delete(m);
process.stdout.write(`\n${passedKernels}/${totalKernels} guests identical; ${casesOk}/${casesAll} cases; `
  + `${goodMnemonics.size} instructions all cases right, ${badMnemonics.size} with a wrong or missing case\n`);
for (const [m, why] of badMnemonics) process.stdout.write(`  ${m}: ${why}\n`);
