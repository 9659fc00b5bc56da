// Records, with GNU as as the oracle, from which `.machine` level on each mnemonic is
// accepted: every mnemonic, with well-formed operands, is assembled after `.machine L`
// for each CPU level L (z/Architecture mode). Output:
// test/language-server/fixtures/machine-levels.json, {mnemonic: first accepting level}
// (acceptance is checked to be monotonic). The server's .machine diagnostics are tested
// against it. Run: node tools/run-ts.mjs test/language-server/oracle/gen-machine-levels.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CATALOG, CPU_LEVELS } from '../../../emulator/isa/catalog';
import { LAYOUTS, type LayoutName } from '../../../emulator/isa/layouts';
import { sample, topLevel } from './samples';

const AS = process.env.S390X_AS ?? 's390x-linux-gnu-as';
/** gas's `.machine` spelling of each CPU level. */
const GAS_NAME: Record<string, string> = {
  'g5': 'g5', 'g6': 'g6', 'z900': 'z900', 'z990': 'z990', 'z9-109': '"z9-109"', 'z9-ec': '"z9-ec"', 'z10': 'z10',
  'z196': 'z196', 'zEC12': 'zEC12', 'z13': 'z13', 'arch12': 'z14', 'arch13': 'z15', 'arch14': 'z16',
};

const lines: { mnemonic: string; text: string }[] = [];
const seen = new Set<string>();
for (const insn of CATALOG) {
  if (seen.has(insn.mnemonic)) continue;
  seen.add(insn.mnemonic);
  // Full operands of every variant: one line per variant (e.g. lmh's short and long forms).
  for (const v of CATALOG.filter((i) => i.mnemonic === insn.mnemonic)) {
    const ops = topLevel(LAYOUTS[v.row.layout as LayoutName].syntax).map(sample);
    lines.push({ mnemonic: insn.mnemonic, text: `\t${insn.mnemonic}\t${ops.join(',')}` });
  }
}

function rejected(level: string): Set<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kuli-machine-'));
  try {
    const src = join(dir, 'a.s');
    writeFileSync(src, [`\t.machine ${GAS_NAME[level]}`, ...lines.map((l) => l.text)].join('\n') + '\n');
    let stderr = '';
    try {
      execFileSync(AS, ['-m64', '-mzarch', '-o', join(dir, 'a.o'), src], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 });
    } catch (e) {
      stderr = String((e as { stderr?: Buffer }).stderr ?? '');
    }
    if (/a\.s:1: Error/.test(stderr)) throw new Error(`gas rejects .machine ${GAS_NAME[level]}`);
    return new Set([...stderr.matchAll(/a\.s:(\d+): Error/g)].map((m) => Number(m[1]) - 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const first: Record<string, string> = {};
const accepted = new Map<string, boolean[]>();
for (const level of CPU_LEVELS) {
  const bad = rejected(level);
  const ok = new Map<string, boolean>();
  lines.forEach((l, i) => ok.set(l.mnemonic, (ok.get(l.mnemonic) ?? false) || !bad.has(i)));
  for (const [m, v] of ok) {
    const list = accepted.get(m) ?? [];
    list.push(v);
    accepted.set(m, list);
    if (v && !(m in first)) first[m] = level;
  }
}
const nonMonotonic = [...accepted].filter(([, v]) => v.some((x, i) => i > 0 && v[i - 1] && !x)).map(([m]) => m);
if (nonMonotonic.length) console.log(`not monotonic: ${nonMonotonic.join(' ')}`);
const never = [...accepted].filter(([m]) => !(m in first)).map(([m]) => m);
const out = join(dirname(process.argv[1]), '../fixtures/machine-levels.json');
writeFileSync(out, '{\n' + Object.entries(first).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n}\n');
console.log(`${lines.length} lines x ${CPU_LEVELS.length} levels, ${Object.keys(first).length} mnemonics; never accepted in z/Architecture mode: ${never.join(' ') || 'none'}`);
