// Records, with GNU as as the oracle, how many operands gas accepts for every mnemonic
// of the ISA catalog: each mnemonic is assembled with 0 .. n+1 well-formed operands (n =
// the layout's operand count) under `-march=arch14` in z/Architecture and ESA/390 mode.
// Output: test/language-server/fixtures/operand-counts.json, {mnemonic: [accepted counts]},
// which the language server's operand-count diagnostics are tested against.
// Run: node tools/run-ts.mjs test/language-server/oracle/gen-operand-counts.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CATALOG } from '../../../emulator/isa/catalog';
import { LAYOUTS, type LayoutName } from '../../../emulator/isa/layouts';
import { sample, topLevel } from './samples';

const AS = process.env.S390X_AS ?? 's390x-linux-gnu-as';

function accepted(lines: string[], flags: string[]): Set<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kuli-opcount-'));
  try {
    const src = join(dir, 'a.s');
    writeFileSync(src, ['.text', ...lines].join('\n') + '\n');
    let stderr = '';
    try {
      execFileSync(AS, [...flags, '-o', join(dir, 'a.o'), src], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 });
    } catch (e) {
      stderr = String((e as { stderr?: Buffer }).stderr ?? '');
    }
    const bad = new Set<number>();
    for (const m of stderr.matchAll(/a\.s:(\d+): Error/g)) bad.add(Number(m[1]) - 2);
    const ok = new Set<number>();
    lines.forEach((_, i) => { if (!bad.has(i)) ok.add(i); });
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases: { mnemonic: string; count: number; text: string }[] = [];
const seen = new Set<string>();
for (const insn of CATALOG) {
  const ops = topLevel(LAYOUTS[insn.row.layout as LayoutName].syntax).map(sample);
  for (let n = 0; n <= ops.length + 1; n++) {
    const list = n <= ops.length ? ops.slice(0, n) : [...ops, '1'];
    const text = `\t${insn.mnemonic}\t${list.join(',')}`;
    if (seen.has(text)) continue;
    seen.add(text);
    cases.push({ mnemonic: insn.mnemonic, count: n, text });
  }
}
const lines = cases.map((c) => c.text);
const okZ = accepted(lines, ['-march=arch14', '-m64', '-mzarch']);
const okEsa = accepted(lines, ['-march=arch14', '-m31', '-mesa']);
const result: Record<string, number[]> = {};
cases.forEach((c, i) => {
  const list = (result[c.mnemonic] ??= []);
  if ((okZ.has(i) || okEsa.has(i)) && !list.includes(c.count)) list.push(c.count);
});
for (const list of Object.values(result)) list.sort((a, b) => a - b);
const out = join(dirname(process.argv[1]), '../fixtures/operand-counts.json');
const prev = (() => { try { return readFileSync(out, 'utf8'); } catch { return ''; } })();
const text = '{\n' + Object.entries(result).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n}\n';
writeFileSync(out, text);
const none = Object.entries(result).filter(([, v]) => v.length === 0).map(([k]) => k);
console.log(`${cases.length} lines, ${Object.keys(result).length} mnemonics, ${none.length} never accepted: ${none.join(' ')}`);
if (prev && prev !== text) console.log('operand-counts.json changed');
