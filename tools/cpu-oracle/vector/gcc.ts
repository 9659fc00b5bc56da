// Records what GCC's vectorized code computes: gcc-loops.c compiled with -O3 for z13,
// z14 and z15 (the three vector levels), once linked as a freestanding blob at BLOB_AT for
// Kuli, once with gcc-driver.c as a static Linux program run under qemu-s390x -cpu max on
// a set of (function, count, seed) inputs. Writes test/cpu/fixtures/vector-gcc.json.gz:
// per level the blob, its function addresses and every vector instruction objdump lists
// in it; per run the 512-byte output buffer. test/cpu/vector-gcc.test.ts replays it.
// Usage: node tools/run-ts.mjs tools/cpu-oracle/vector/gcc.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const here = dirname(resolve(process.argv[1]));
const repo = resolve(here, '../../..');
const src = join(repo, 'tools/cpu-oracle/vector');
const work = mkdtempSync(join(tmpdir(), 'kuli-vec-gcc-'));

/** Where the blob is loaded (below the replay's data buffers). */
export const BLOB_AT = 0x20000;
const LEVELS = ['z13', 'z14', 'z15'] as const;
const FLAGS = ['-O3', '-mzvector', '-fno-pic', '-ffreestanding', '-fno-builtin', '-fno-math-errno', '-fno-asynchronous-unwind-tables',
  '-fno-stack-protector', '-fno-tree-loop-distribute-patterns', '-Wall', '-Werror'];
const COUNTS = [1, 5, 16, 29, 32];

/** Input kind of a function (gcc-driver.c fill()): 0 bytes, 1 doubles, 2 floats, 3 text. */
export function kindOf(fn: string): number {
  if (['strlen_like', 'count_char'].includes(fn) || fn.startsWith('vx_')) return 3;
  if (/f32$|^f2d$/.test(fn)) return 2;
  if (/f64$|^d2[iuf]$/.test(fn)) return 1;
  return 0;
}

function functionNames(): string[] {
  const text = readFileSync(join(src, 'gcc-loops.c'), 'utf8');
  const names = [...text.matchAll(/^LOOP\((\w+),/gm)].map((m) => m[1]);
  names.push(...[...text.matchAll(/^void (\w+)\(void \*out/gm)].map((m) => m[1]));
  return names;
}

interface Level { march: string; base: number; code: string; functions: Record<string, number>; vector: { mn: string; h: string }[] }
interface Run { level: string; fn: string; n: number; seed: number; kind: number; out: string }

function buildLevel(march: string, names: string[]): Level {
  const obj = join(work, `loops-${march}.o`);
  execFileSync('s390x-linux-gnu-gcc', [...FLAGS, `-march=${march}`, '-c', '-o', obj, join(src, 'gcc-loops.c')]);
  const elf = join(work, `blob-${march}.elf`);
  execFileSync('s390x-linux-gnu-ld', ['-static', '-nostdlib', `-Ttext=0x${BLOB_AT.toString(16)}`, '-e', '0', '--no-warn-rwx-segments',
    '-o', elf, obj]);
  const bin = join(work, `blob-${march}.bin`);
  execFileSync('s390x-linux-gnu-objcopy', ['-O', 'binary', elf, bin]);
  const functions: Record<string, number> = {};
  for (const line of execFileSync('s390x-linux-gnu-nm', [elf]).toString().split('\n')) {
    const [addr, type, name] = line.trim().split(' ');
    if ((type === 'T' || type === 't') && names.includes(name)) functions[name] = parseInt(addr, 16);
  }
  const vector: { mn: string; h: string }[] = [];
  const seen = new Set<string>();
  for (const line of execFileSync('s390x-linux-gnu-objdump', ['-d', elf]).toString().split('\n')) {
    const m = /^\s+[0-9a-f]+:\t([0-9a-f ]+)\t(\S+)/.exec(line);
    if (!m) continue;
    const h = m[1].replace(/ /g, '');
    if (!h.startsWith('e7') && !h.startsWith('e6')) continue;
    if (seen.has(h)) continue;
    seen.add(h);
    vector.push({ mn: m[2], h });
  }
  return { march, base: BLOB_AT, code: readFileSync(bin).toString('hex'), functions, vector };
}

function runLevel(march: string, names: string[]): Run[] {
  writeFileSync(join(work, 'gcc-table.h'),
    `${names.map((n) => `loop_fn ${n};`).join('\n')}\nstatic loop_fn *const loops[] = { ${names.join(', ')} };\n`);
  const exe = join(work, `driver-${march}`);
  execFileSync('s390x-linux-gnu-gcc', [...FLAGS.filter((f) => f !== '-ffreestanding' && f !== '-fno-builtin'), `-march=${march}`,
    '-static', `-I${work}`, '-o', exe, join(src, 'gcc-loops.c'), join(src, 'gcc-driver.c')]);
  const runs: Omit<Run, 'out'>[] = [];
  names.forEach((fn, i) => {
    for (const n of COUNTS) runs.push({ level: march, fn, n, seed: 1 + i * 977 + n * 31, kind: kindOf(fn) });
  });
  const input = runs.map((r) => `${names.indexOf(r.fn)} ${r.n} ${r.seed} ${r.kind}`).join('\n') + '\n';
  const out = execFileSync('qemu-s390x', ['-cpu', 'max', exe], { input }).toString().trim().split('\n');
  if (out.length !== runs.length) throw new Error(`driver gave ${out.length} of ${runs.length} results`);
  return runs.map((r, i) => ({ ...r, out: out[i] }));
}

function main(): void {
  const names = functionNames();
  const levels = LEVELS.map((l) => buildLevel(l, names));
  const runs = LEVELS.flatMap((l) => runLevel(l, names));
  const version = execFileSync('qemu-s390x', ['--version']).toString().split('\n')[0];
  const gcc = execFileSync('s390x-linux-gnu-gcc', ['--version']).toString().split('\n')[0];
  const body = JSON.stringify({ comment: `Recorded by tools/cpu-oracle/vector/gcc.ts with ${gcc} and ${version}; do not edit.`, levels, runs });
  writeFileSync(join(repo, 'test/cpu/fixtures/vector-gcc.json.gz'), gzipSync(body, { level: 9 }));
  for (const l of levels) {
    process.stdout.write(`${l.march}: ${Object.keys(l.functions).length} functions, ${l.code.length / 2} bytes, ` +
      `${new Set(l.vector.map((v) => v.mn)).size} vector mnemonics\n`);
  }
  process.stdout.write(`${runs.length} runs\n`);
}

main();
