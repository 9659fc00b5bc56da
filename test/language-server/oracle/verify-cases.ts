// Checks test/language-server/diagnostic-cases.ts against GNU as: every case is
// assembled (through gcc's preprocessor when cpp is set) and the lines gas rejects must
// be exactly the lines the case lists. Run: node tools/run-ts.mjs test/language-server/oracle/verify-cases.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIAGNOSTIC_CASES } from '../diagnostic-cases';

const GCC = process.env.S390X_GCC ?? 's390x-linux-gnu-gcc';
let failed = 0;
for (const c of DIAGNOSTIC_CASES) {
  const dir = mkdtempSync(join(tmpdir(), 'kuli-case-'));
  const src = join(dir, c.cpp ? 'a.S' : 'a.s');
  writeFileSync(src, c.source);
  let stderr = '';
  try {
    execFileSync(GCC, ['-march=arch14', '-c', '-o', join(dir, 'a.o'), src], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    stderr = String((e as { stderr?: Buffer }).stderr ?? '');
  }
  rmSync(dir, { recursive: true, force: true });
  const gasLines = [...new Set([...stderr.matchAll(/a\.S?s?:(\d+): Error/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const expected = [...new Set([...c.errors.map((e) => e.line), ...(c.unflagged ?? [])])].sort((a, b) => a - b);
  const ok = JSON.stringify(gasLines) === JSON.stringify(expected);
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.name}: gas rejects lines [${gasLines}], case lists [${expected}]${ok ? '' : '\n' + stderr}`);
}
console.log(`${DIAGNOSTIC_CASES.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
