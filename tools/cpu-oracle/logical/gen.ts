// Oracle generator for the logical / shift / bit / branch / execute instructions: builds
// each case as a machine-code snippet (snippet.ts), runs them all once under qemu-s390x
// with the generic runner (runner.c), and writes what the real instruction did as golden
// data to test/cpu/fixtures/<group>.json, which test/cpu/*.test.ts replay on our Cpu.
//   node tools/run-ts.mjs tools/cpu-oracle/logical/gen.ts [group...]
// Needs s390x-linux-gnu-gcc and qemu-s390x (Debian gcc-s390x-linux-gnu, qemu-user).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CaseSpec } from './case';
import { GROUPS } from './groups';
import { REGION, TEST_AT, defaultReg } from './layout';
import { snippetCommands } from './snippet';

const here = resolve('tools/cpu-oracle/logical');
const fixtures = resolve('test/cpu/fixtures');

/**
 * Program-interruption code a Linux signal stands for, as qemu-s390x delivers them.
 * SIGILL/ILL_ILLOPN covers both specification and execute exceptions: a case that
 * expects one of those names it (CaseSpec.pgm) and the signal must agree.
 */
function pgmOf(c: CaseSpec, sig: number, code: number): number {
  const SIGILL = 4, SIGFPE = 8;
  const ILL_ILLOPC = 1, ILL_ILLOPN = 2, FPE_INTOVF = 2;
  let pgm = -1;
  if (sig === SIGILL && code === ILL_ILLOPC) pgm = 0x01;
  else if (sig === SIGILL && code === ILL_ILLOPN) pgm = c.pgm === 0x03 ? 0x03 : 0x06;
  else if (sig === SIGFPE && code === FPE_INTOVF) pgm = 0x08;
  else if (sig === SIGFPE && code === 0) pgm = 0x07; // data exception (compare and trap: DXC ff)
  if (pgm < 0) throw new Error(`case ${c.name}: unmapped signal ${sig} code ${code}`);
  if (c.pgm !== undefined && c.pgm !== pgm) throw new Error(`case ${c.name}: expected pgm ${c.pgm}, oracle raised ${pgm}`);
  return pgm;
}

function hex64(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16);
}

export interface FixtureCase {
  name: string;
  insn: string;
  amode?: number;
  cc?: number;
  pm?: number;
  r?: Record<string, string>;
  mem?: Record<string, string>;
  out: {
    /** Next instruction address, or the old PSW's address after a program interruption. */
    next?: string;
    pgm?: number;
    cc: number;
    amode: number;
    r: Record<string, string>;
    mem?: Record<string, string>;
  };
}

function runGroup(runner: string, cases: CaseSpec[]): FixtureCase[] {
  const lines: string[] = [];
  for (const c of cases) {
    const regs = Array.from({ length: 16 }, (_, n) => c.r?.[n] ?? defaultReg(n));
    const len = c.insn.length / 2;
    const pads = [TEST_AT + len, ...(c.targets ?? [])];
    lines.push(...snippetCommands({ insn: c.derived?.insn ?? c.insn, regs, cc: c.cc ?? 0, pm: c.pm ?? 0, amode: c.amode ?? 64, pads, mem: c.mem ?? {} }));
    lines.push('X');
    for (const [addr, len2] of dumpsOf(c)) lines.push(`D ${addr.toString(16)} ${len2}`);
  }
  const input = lines.join('\n') + '\n';
  if (process.env.ORACLE_INPUT) writeFileSync(process.env.ORACLE_INPUT, input);
  const out = execFileSync('qemu-s390x', [runner], { input, maxBuffer: 1 << 28 }).toString().split('\n');
  let i = 0;
  const result: FixtureCase[] = [];
  for (const c of cases) {
    const f = out[i++].split(' ');
    if (f[0] !== 'R') throw new Error(`case ${c.name}: bad runner output ${f.join(' ')}`);
    const [sig, code, path] = [parseInt(f[1], 16), parseInt(f[2], 16), parseInt(f[3], 16)];
    const regs = f.slice(4, 20).map((x) => BigInt('0x' + x));
    const psw0 = parseInt(f[20], 16), psw1 = parseInt(f[21], 16);
    const mem: Record<string, string> = {};
    for (const [addr] of dumpsOf(c)) {
      const m = out[i++].split(' ');
      if (m[0] !== 'M') throw new Error(`case ${c.name}: bad dump line`);
      mem[addr.toString(16)] = m[1];
    }
    const r: Record<string, string> = {};
    regs.forEach((v, n) => {
      if (v !== (c.r?.[n] ?? defaultReg(n)) && !c.derived?.unchanged.includes(n)) r[n] = hex64(v);
    });
    const fc: FixtureCase = {
      name: c.name,
      insn: c.insn,
      out: { cc: (psw0 >>> 12) & 3, amode: (psw0 & 1) !== 0 ? 64 : (psw1 & 0x8000_0000) !== 0 ? 31 : 24, r },
    };
    if (c.amode !== undefined && c.amode !== 64) fc.amode = c.amode;
    if (c.cc) fc.cc = c.cc;
    if (c.pm) fc.pm = c.pm;
    if (c.r) fc.r = Object.fromEntries(Object.entries(c.r).map(([n, v]) => [n, hex64(v)]));
    if (c.mem) fc.mem = Object.fromEntries(Object.entries(c.mem).map(([a, h]) => [Number(a).toString(16), h]));
    if (sig !== 0) {
      fc.out.pgm = pgmOf(c, sig, code);
      fc.out.next = f[22];
    } else {
      fc.out.next = (REGION + path).toString(16);
    }
    if (Object.keys(mem).length) fc.out.mem = mem;
    result.push(fc);
  }
  return result;
}

function dumpsOf(c: CaseSpec): [number, number][] {
  const d: [number, number][] = Object.entries(c.mem ?? {}).map(([a, h]) => [Number(a), h.length / 2]);
  return [...d, ...(c.dump ?? [])];
}

function main(): void {
  const dir = join(tmpdir(), 'kuli-cpu-oracle');
  mkdirSync(dir, { recursive: true });
  const runner = join(dir, 'runner');
  execFileSync('s390x-linux-gnu-gcc', ['-static', '-O1', '-march=z14', '-Wall', join(here, 'runner.c'), '-o', runner]);
  const wanted = process.argv.slice(2);
  mkdirSync(fixtures, { recursive: true });
  for (const [group, make] of Object.entries(GROUPS)) {
    if (wanted.length && !wanted.includes(group)) continue;
    const cases = make();
    const names = new Set<string>();
    for (const c of cases) {
      if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
      names.add(c.name);
    }
    const result = runGroup(runner, cases);
    const file = join(fixtures, `${group}.json`);
    const header = {
      about: 'Golden results recorded from qemu-s390x by tools/cpu-oracle/logical/gen.ts; do not edit by hand.',
      codeAt: TEST_AT.toString(16),
      defaultReg: 'register n not listed in r = 0xa5a5a5a5_5a5a5a00 + 0x11 * n',
    };
    writeFileSync(file, JSON.stringify({ ...header, cases: result }, null, 0).replace(/\},\{"name"/g, '},\n{"name"') + '\n');
    process.stdout.write(`${group}: ${result.length} cases -> ${file}\n`);
  }
}

main();
