// Records the vector-instruction golden data from the oracle, qemu-s390x -cpu max: every
// case's instruction assembled by GNU as, all cases run through runner.c under qemu-s390x
// (user mode), results written to test/cpu/fixtures/vector-<group>.json.gz, which
// test/cpu/vector-oracle.test.ts replays on the Kuli CPU.
// qemu-s390x 7.2 aborts on a vector-processing exception (IEEE trap of a vector BFP
// instruction) instead of delivering a signal, so floating-point cases run twice: first
// with the IEEE masks off, then, recorded, with only the masks of exceptions that did
// not occur (the trapping cases are hand-written in test/cpu/vector.test.ts).
// Usage: node tools/run-ts.mjs tools/cpu-oracle/vector/gen.ts [group...]
// Needs s390x-linux-gnu-gcc / -as / -objcopy and qemu-s390x (Debian: gcc-s390x-linux-gnu,
// binutils-s390x-linux-gnu, qemu-user).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { assemble } from '../integer/assemble';
import { loadCases } from './cases-load';
import { intCases } from './cases-int';
import { permCases } from './cases-perm';
import { stringCases } from './cases-string';
import { fpCases } from './cases-fp';
import { WINDOW, fillRegister, fillVector, windowBytes, type GoldenCase, type GoldenFile } from './layout';
import { Rng, hex, type Case } from './values';

const here = dirname(resolve(process.argv[1]));
const repo = resolve(here, '../../..');
const work = mkdtempSync(join(tmpdir(), 'kuli-vec-oracle-'));

const GROUPS: Record<string, { gen: (rng: Rng) => Case[]; fp?: boolean }> = {
  load: { gen: loadCases },
  perm: { gen: permCases },
  int: { gen: intCases },
  string: { gen: stringCases },
  fp: { gen: fpCases, fp: true },
};

/** Program-interruption code from the signal qemu-user delivered. */
function pgmOf(sig: number, code: number): number {
  if (sig === 0) return 0;
  if (sig === 4) return code === 1 ? 0x01 : 0x06; // SIGILL: ILL_ILLOPC operation, ILL_ILLOPN specification
  if (sig === 11) return code === 2 ? 0x04 : 0x05; // SIGSEGV: SEGV_ACCERR protection, SEGV_MAPERR addressing
  if (sig === 8) return 0x07; // SIGFPE: data exception
  throw new Error(`unexpected signal ${sig}/${code}`);
}

interface Outcome { sig: number; code: number; fpc: number; cc: number; v: bigint[]; r: bigint[]; mem: Uint8Array }

function buildRunner(): string {
  const exe = join(work, 'runner');
  execFileSync('s390x-linux-gnu-gcc', ['-static', '-O1', '-march=z14', '-o', exe, join(repo, 'tools/cpu-oracle/vector/runner.c')]);
  return exe;
}

function windowOf(c: Case): Uint8Array {
  return c.ws !== undefined ? windowBytes(c.ws) : new Uint8Array(WINDOW);
}

function run(exe: string, cases: Case[], code: Map<string, Uint8Array>): Outcome[] {
  const lines = cases.map((c) => {
    const vs = Array.from({ length: 32 }, (_, n) => hex(c.v[n] ?? fillVector(n), 32));
    const rs = Array.from({ length: 10 }, (_, n) => hex(c.r[n] ?? fillRegister(n), 16));
    return [Buffer.from(code.get(c.asm)!).toString('hex'), hex(BigInt(c.fpc >>> 0), 8), String(c.cc), ...vs, ...rs,
      Buffer.from(windowOf(c)).toString('hex')].join(' ');
  });
  const out = execFileSync('qemu-s390x', ['-cpu', 'max', exe], { input: lines.join('\n') + '\n', maxBuffer: 1 << 30 }).toString();
  const res = out.trim().split('\n');
  if (res.length !== cases.length) throw new Error(`runner stopped after ${res.length} of ${cases.length} cases: ${cases[res.length]?.asm}`);
  return res.map((l) => {
    const w = l.split(' ');
    return {
      sig: Number(w[0]), code: Number(w[1]), fpc: parseInt(w[2], 16) >>> 0, cc: Number(w[3]),
      v: w.slice(4, 36).map((x) => BigInt('0x' + x)), r: w.slice(36, 46).map((x) => BigInt('0x' + x)),
      mem: Uint8Array.from(Buffer.from(w[46], 'hex')),
    };
  });
}

/** Runs of differing bytes between two windows: offset → hex. */
function diff(before: Uint8Array, after: Uint8Array): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let i = 0;
  let any = false;
  while (i < before.length) {
    if (before[i] === after[i]) { i++; continue; }
    let j = i;
    while (j < before.length && before[j] !== after[j]) j++;
    out[String(i)] = Buffer.from(after.subarray(i, j)).toString('hex');
    any = true;
    i = j;
  }
  return any ? out : undefined;
}

function golden(c: Case, o: Outcome, h: string, seq: number): GoldenCase {
  const vOut: Record<string, string> = {};
  for (let n = 0; n < 32; n++) if (o.v[n] !== (c.v[n] ?? fillVector(n))) vOut[n] = hex(o.v[n], 32);
  const rOut: Record<string, string> = {};
  for (let n = 0; n < 10; n++) if (o.r[n] !== (c.r[n] ?? fillRegister(n))) rOut[n] = hex(o.r[n], 16);
  const mOut = diff(windowOf(c), o.mem);
  const pgm = pgmOf(o.sig, o.code);
  return {
    n: `${c.asm} #${seq}`, h,
    v: Object.fromEntries(Object.entries(c.v).map(([k, x]) => [k, hex(x, 32)])),
    r: Object.fromEntries(Object.entries(c.r).map(([k, x]) => [k, hex(x, 16)])),
    fpc: c.fpc >>> 0, cc: c.cc,
    ...(c.ws !== undefined ? { ws: c.ws } : {}),
    o: {
      ...(Object.keys(vOut).length ? { v: vOut } : {}),
      ...(Object.keys(rOut).length ? { r: rOut } : {}),
      cc: o.cc, fpc: o.fpc,
      ...(pgm ? { pgm } : {}),
      ...(mOut ? { m: mOut } : {}),
    },
  };
}

const IEEE_MASKS = 0xf800_0000;

/**
 * Instructions whose qemu-s390x 7.2 results are wrong, left out of the fixtures (hand-written
 * PoP cases in test/cpu/vector.test.ts cover them): VCKSM adds each word twice over (the
 * sum doubles at every step instead of adding with end-around carry).
 */
const QEMU_WRONG = new Set(['vcksm']);

function main(): void {
  const wanted = process.argv.slice(2);
  const exe = buildRunner();
  const version = execFileSync('qemu-s390x', ['--version']).toString().split('\n')[0];
  let total = 0;
  for (const [name, g] of Object.entries(GROUPS)) {
    if (wanted.length && !wanted.includes(name)) continue;
    let cases = g.gen(new Rng(0x5ec + name.length * 7919 + name.charCodeAt(0)));
    const code = assemble([...new Set(cases.map((c) => c.asm))], work);
    if (g.fp) {
      // Pass 1 with the IEEE masks off; then keep only masks whose exceptions did not occur.
      const probe = cases.map((c) => ({ ...c, fpc: (c.fpc & ~IEEE_MASKS) >>> 0 }));
      const first = run(exe, probe, code);
      cases = cases.map((c, i) => {
        const flags = (first[i].fpc >>> 16) & 0xf8;
        return { ...c, fpc: (c.fpc & ~((flags << 24) >>> 0)) >>> 0 };
      });
    }
    const out = run(exe, cases, code);
    const seq = new Map<string, number>();
    const list: GoldenCase[] = [];
    const unsupported = new Set<string>();
    cases.forEach((c, i) => {
      const mn = c.asm.split(' ')[0];
      // An operation exception: qemu does not implement the instruction (vector packed decimal).
      if (out[i].sig === 4 && out[i].code === 1) { unsupported.add(mn); return; }
      if (QEMU_WRONG.has(mn)) return;
      const k = (seq.get(c.asm) ?? 0) + 1;
      seq.set(c.asm, k);
      list.push(golden(c, out[i], Buffer.from(code.get(c.asm)!).toString('hex'), k));
    });
    if (unsupported.size) process.stdout.write(`  not in qemu (operation exception): ${[...unsupported].join(' ')}\n`);
    const file: GoldenFile = {
      comment: `Recorded by tools/cpu-oracle/vector/gen.ts from ${version} (-cpu max); do not edit.`,
      cases: list,
    };
    const body = `{"comment": ${JSON.stringify(file.comment)},\n"cases": [\n${list.map((x) => JSON.stringify(x)).join(',\n')}\n]}\n`;
    writeFileSync(join(repo, `test/cpu/fixtures/vector-${name}.json.gz`), gzipSync(body, { level: 9 }));
    const mnemonics = new Set(list.map((x) => x.n.split(' ')[0]));
    const traps = list.filter((x) => x.o.pgm).length;
    process.stdout.write(`${name}: ${list.length} cases (${traps} interrupted), ${mnemonics.size} mnemonics\n`);
    total += list.length;
  }
  process.stdout.write(`total ${total} cases\n`);
}

main();
