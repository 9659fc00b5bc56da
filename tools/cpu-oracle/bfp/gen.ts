// Floating-point oracle: builds runner.c for s390x, runs every case of cases-*.ts under
// qemu-s390x and writes the golden results to test/cpu/fixtures/bfp-<group>.json.gz,
// which test/cpu/bfp-*.test.ts replay on the Kuli CPU. Needs s390x-linux-gnu-gcc and
// qemu-user: `node tools/run-ts.mjs tools/cpu-oracle/bfp/gen.ts [group...]`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fprSentinel, gprSentinel, type Case } from './case';
import { arithCases } from './cases-arith';
import { convertCases } from './cases-convert';
import { fprCases } from './cases-fpr';
import { hex } from './values';

const GROUPS: Record<string, () => Case[]> = { arith: arithCases, convert: convertCases, fpr: fprCases };

/** Program-interruption code from the signal qemu-user delivered (see runner.c). */
function pgmOf(sig: number, code: number): number {
  if (sig === 0) return 0;
  if (sig === 8) return 0x07; // SIGFPE: data exception (IEEE or simulated IEEE, DXC in the FPC)
  if (sig === 4) return code === 1 ? 0x01 : 0x06; // SIGILL: ILL_ILLOPC operation, ILL_ILLOPN specification
  throw new Error(`unexpected signal ${sig}/${code}`);
}

export interface Golden {
  mn: string;
  insn: string;
  fpc: string;
  cc: number;
  f: Record<string, string>;
  r: Record<string, string>;
  mem?: string;
  out: { pgm: number; fpc: string; cc: number; f: Record<string, string>; r: Record<string, string>; mem?: string };
}

function run(runner: string, cases: Case[]): Golden[] {
  const lines = cases.map((c) => {
    const f = Array.from({ length: 16 }, (_, n) => hex(c.f[n] ?? fprSentinel(n), 16));
    const r = Array.from({ length: 10 }, (_, n) => hex(c.r[n] ?? gprSentinel(n), 16));
    return [c.oracle ?? c.insn, hex(BigInt(c.fpc >>> 0), 8), String(c.cc), ...f, ...r, c.mem ?? '0'.repeat(64)].join(' ');
  });
  const out = execFileSync('qemu-s390x', [runner], { input: lines.join('\n') + '\n', maxBuffer: 1 << 30 }).toString();
  const res = out.trim().split('\n');
  if (res.length !== cases.length) throw new Error(`runner gave ${res.length} results for ${cases.length} cases`);
  return cases.map((c, i) => {
    const w = res[i].split(' ');
    const [sig, code] = [Number(w[0]), Number(w[1])];
    const fOut: Record<string, string> = {};
    const rOut: Record<string, string> = {};
    for (let n = 0; n < 16; n++) {
      if (c.scratch?.includes(n)) continue;
      if (BigInt('0x' + w[4 + n]) !== (c.f[n] ?? fprSentinel(n))) fOut[n] = w[4 + n];
    }
    for (let n = 0; n < 10; n++) if (BigInt('0x' + w[20 + n]) !== (c.r[n] ?? gprSentinel(n))) rOut[n] = w[20 + n];
    const memIn = c.mem ?? '0'.repeat(64);
    const g: Golden = {
      mn: c.mn, insn: c.insn, fpc: hex(BigInt(c.fpc >>> 0), 8), cc: c.cc,
      f: Object.fromEntries(Object.entries(c.f).map(([k, v]) => [k, hex(v, 16)])),
      r: Object.fromEntries(Object.entries(c.r).map(([k, v]) => [k, hex(v, 16)])),
      ...(c.mem ? { mem: c.mem } : {}),
      out: { pgm: pgmOf(sig, code), fpc: w[2], cc: Number(w[3]), f: fOut, r: rOut, ...(w[30] !== memIn ? { mem: w[30] } : {}) },
    };
    return g;
  });
}

const dir = mkdtempSync(join(tmpdir(), 'kuli-bfp-'));
const runner = join(dir, 'runner');
execFileSync('s390x-linux-gnu-gcc', ['-static', '-O1', '-march=z14', '-o', runner, resolve('tools/cpu-oracle/bfp/runner.c')]);
const wanted = process.argv.slice(2);
for (const [name, gen] of Object.entries(GROUPS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const cases = gen();
  const golden = run(runner, cases);
  const file = resolve(`test/cpu/fixtures/bfp-${name}.json.gz`);
  const body = JSON.stringify({ generator: 'tools/cpu-oracle/bfp/gen.ts (qemu-s390x)', cases: golden });
  writeFileSync(file, gzipSync(body, { level: 9 }));
  const traps = golden.filter((g) => g.out.pgm !== 0).length;
  process.stdout.write(`${name}: ${golden.length} cases (${traps} with a program interruption) -> ${file}\n`);
}
