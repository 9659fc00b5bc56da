// Records the golden data for the general-instruction tests: every case of cases-*.ts
// runs once on its oracle (qemu-s390x user mode, or Hercules for what QEMU 7.2 lacks or
// the problem state cannot reach) and the outcome goes to test/cpu/fixtures/
// general-<domain>.json. Instructions written '@text' are assembled with GNU as.
// Needs gcc-s390x-linux-gnu, binutils-s390x-linux-gnu, qemu-user and hercules (Debian).
// Usage: node tools/run-ts.mjs tools/cpu-oracle/general/gen.ts [domain...]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { assemble } from '../integer/assemble';
import { ACCESS_CASES } from './cases-access';
import { DIVIDE_INTEGER_CASES } from './cases-divint';
import { MISC_CASES } from './cases-misc';
import { PLO_CASES } from './cases-plo';
import { SORT_CASES } from './cases-sort';
import { TRTE_CASES } from './cases-trte';
import type { Cases, GeneralCase, GeneralFixture, GeneralResult } from './case';
import { buildRunners, runHercules, runQemu } from './run';

// run-ts.mjs bundles this script elsewhere; argv[1] is its real path.
const repo = resolve(dirname(resolve(process.argv[1])), '../../..');
const DOMAINS: Record<string, Cases> = {
  misc: MISC_CASES, access: ACCESS_CASES, plo: PLO_CASES, trte: TRTE_CASES, divint: DIVIDE_INTEGER_CASES, sort: SORT_CASES,
};
const PGM_OPERATION = 1;

/** Replaces '@text' instructions by their encoding. */
function encodeAll(cases: Cases): void {
  const texts = [...new Set(cases.map(([, c]) => c.insn).filter((i) => i.startsWith('@')).map((i) => i.slice(1)))];
  if (texts.length === 0) return;
  const code = assemble(texts, mkdtempSync(join(tmpdir(), 'kuli-general-as-')));
  for (const [, c] of cases) if (c.insn.startsWith('@')) c.insn = Buffer.from(code.get(c.insn.slice(1))!).toString('hex');
}

const hex64 = (v: bigint): string => BigInt.asUintN(64, v).toString(16);

function fixture(c: GeneralCase, oracle: GeneralFixture['oracle'], expect: GeneralResult): GeneralFixture {
  const { r, f, cr8, ...rest } = c;
  return {
    ...rest,
    ...(r ? { r: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, hex64(v)])) } : {}),
    ...(f ? { f: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, hex64(v)])) } : {}),
    ...(cr8 !== undefined ? { cr8: hex64(cr8) } : {}),
    oracle,
    expect,
  };
}

const runners = buildRunners(repo);
const wanted = process.argv.slice(2);
for (const [domain, list] of Object.entries(DOMAINS)) {
  if (wanted.length && !wanted.includes(domain)) continue;
  encodeAll(list);
  const qemu = list.filter(([o]) => o === 'qemu-s390x').map(([, c]) => c);
  const herc = list.filter(([o]) => o === 'hercules').map(([, c]) => c);
  const qr = qemu.length ? runQemu(runners, qemu) : [];
  const hr = herc.length ? runHercules(runners, herc) : [];
  const out: GeneralFixture[] = [];
  qemu.forEach((c, i) => { const e = qr[i]; if (e) out.push(fixture(c, 'qemu-s390x', e)); });
  herc.forEach((c, i) => {
    if (hr[i].kind === 2 && hr[i].code === PGM_OPERATION) process.stderr.write(`hercules: operation exception for "${c.name}"\n`);
    out.push(fixture(c, 'hercules', hr[i]));
  });
  const names = new Set<string>();
  for (const c of out) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
    names.add(c.name);
  }
  const file = join(repo, 'test/cpu/fixtures', `general-${domain}.json`);
  writeFileSync(file, '[\n' + out.map((c) => JSON.stringify(c)).join(',\n') + '\n]\n');
  process.stdout.write(`${domain}: ${qemu.length} qemu-s390x + ${herc.length} hercules cases -> ${file}\n`);
}
