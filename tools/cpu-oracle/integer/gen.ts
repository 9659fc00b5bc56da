// Records the integer-instruction golden data from the oracle, qemu-s390x: assembles
// every case's instruction with GNU as, runs all cases through harness.c under
// qemu-s390x (user mode), and writes test/cpu/fixtures/integer-<group>.json.
// Usage: node tools/run-ts.mjs tools/cpu-oracle/integer/gen.ts
// Needs s390x-linux-gnu-gcc / -as / -objcopy and qemu-s390x (Debian: gcc-s390x-linux-gnu,
// binutils-s390x-linux-gnu, qemu-user).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { assemble } from './assemble';
import { allCases, type Group, type OracleCase } from './cases';
import { CODE_AT, WINDOW, fillRegister, type GoldenCase, type GoldenFile } from './layout';

// run-ts.mjs bundles this script elsewhere; argv[1] is its real path.
const here = dirname(resolve(process.argv[1]));
const repo = resolve(here, '../../..');
const harnessSource = join(repo, 'tools/cpu-oracle/integer/harness.c');
const work = mkdtempSync(join(tmpdir(), 'kuli-int-oracle-'));

const IN_SIZE = 128 + 16 + 8 + WINDOW;
const OUT_SIZE = 128 + 16 + WINDOW;

/** Signals (and si_code) the qemu-s390x user-mode loop raises for program interruptions. */
const SIGILL = 4, SIGFPE = 8, SIGSEGV = 11;
function pgmOf(sig: number, code: number): number | 'unsupported' {
  if (sig === SIGILL) return code === 2 ? 0x06 : 'unsupported'; // ILL_ILLOPN: specification; ILL_ILLOPC: operation
  if (sig === SIGFPE) return code === 1 ? 0x09 : 0x08;          // FPE_INTDIV, FPE_INTOVF
  if (sig === SIGSEGV) return code === 2 ? 0x04 : 0x05;         // SEGV_ACCERR: protection, SEGV_MAPERR: addressing
  throw new Error(`unexpected signal ${sig}/${code}`);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
function hex64(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

function buildHarness(): string {
  const exe = join(work, 'harness');
  execFileSync('s390x-linux-gnu-gcc', ['-static', '-O1', '-march=z14', '-o', exe, harnessSource,
    `-Wl,--defsym=kuli_code_at=0x${CODE_AT.toString(16)},--defsym=kuli_tramp31=0x10810,--defsym=kuli_tramp24=0x10800`]);
  return exe;
}

function inputRecord(c: OracleCase, code: Uint8Array): Buffer {
  const b = Buffer.alloc(IN_SIZE);
  for (let n = 0; n < 16; n++) b.writeBigUInt64BE(c.regs.get(n) ?? fillRegister(n), 8 * n);
  b.writeUInt32BE(c.amode, 128);
  b.writeUInt32BE(c.cc << 28, 132);
  b.writeUInt32BE(code.length, 136);
  Buffer.from(code).copy(b, 144);
  for (const m of c.mem) Buffer.from(m.bytes).copy(b, 152 + m.off);
  return b;
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
    out[String(i)] = hex(after.subarray(i, j));
    any = true;
    i = j;
  }
  return any ? out : undefined;
}

function main(): void {
  const cases = allCases();
  const lines = [...new Set(cases.map((c) => c.asm))];
  const code = assemble(lines, work);
  const exe = buildHarness();
  const input = Buffer.concat(cases.map((c) => inputRecord(c, code.get(c.asm)!)));
  const inFile = join(work, 'cases.bin');
  writeFileSync(inFile, input);
  const run = spawnSync('qemu-s390x', ['-cpu', 'max', exe], { stdio: [openSync(inFile, 'r'), 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const output = run.stdout;
  if (output.length !== cases.length * OUT_SIZE) {
    const at = Math.floor(output.length / OUT_SIZE);
    throw new Error(`harness stopped (${run.status ?? run.signal}) at case ${at}: ${cases[at]?.asm}\n${run.stderr.toString()}`);
  }

  const groups = new Map<Group, GoldenCase[]>();
  const unsupported = new Set<string>();
  const seq = new Map<string, number>();
  cases.forEach((c, i) => {
    const o = output.subarray(i * OUT_SIZE, (i + 1) * OUT_SIZE);
    const sig = o.readInt32BE(132);
    const pgm = sig === 0 ? 0 : pgmOf(sig, o.readInt32BE(136));
    const mnemonic = c.asm.split(' ')[0];
    if (pgm === 'unsupported') { unsupported.add(c.asm); return; }
    const inRegs: Record<string, string> = {};
    for (const [n, v] of [...c.regs].sort((a, b) => a[0] - b[0])) inRegs[String(n)] = hex64(v);
    const outRegs: Record<string, string> = {};
    for (let n = 0; n < 16; n++) {
      const v = o.readBigUInt64BE(8 * n);
      if (v !== (c.regs.get(n) ?? fillRegister(n))) outRegs[String(n)] = hex64(v);
    }
    const before = new Uint8Array(WINDOW);
    for (const m of c.mem) before.set(m.bytes, m.off);
    const memIn: Record<string, string> = {};
    for (const m of c.mem) memIn[String(m.off)] = hex(m.bytes);
    const k = (seq.get(c.asm) ?? 0) + 1;
    seq.set(c.asm, k);
    const g: GoldenCase = {
      n: `${c.asm} #${k}`,
      h: hex(code.get(c.asm)!),
      r: inRegs,
      cc: c.cc,
      ...(c.amode !== 64 ? { am: c.amode } : {}),
      ...(c.mem.length ? { m: memIn } : {}),
      o: {
        ...(Object.keys(outRegs).length ? { r: outRegs } : {}),
        cc: o.readUInt32BE(128),
        ...(pgm ? { pgm } : {}),
        ...(o.readUInt32BE(140) ? { t: 1 as const } : {}),
        ...(() => { const d = diff(before, o.subarray(144)); return d ? { m: d } : {}; })(),
      },
    };
    if (!groups.has(c.group)) groups.set(c.group, []);
    groups.get(c.group)!.push(g);
    void mnemonic;
  });

  let total = 0;
  for (const [group, list] of groups) {
    const file: GoldenFile = {
      comment: `Recorded by tools/cpu-oracle/integer/gen.ts from ${execFileSync('qemu-s390x', ['--version']).toString().split('\n')[0]} (-cpu max); do not edit.`,
      cases: list,
    };
    const text = `{"comment": ${JSON.stringify(file.comment)},\n"cases": [\n${list.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`;
    writeFileSync(join(repo, `test/cpu/fixtures/integer-${group}.json`), text);
    const mnemonics = new Set(list.map((c) => c.n.split(' ')[0]));
    process.stdout.write(`${group}: ${list.length} cases, ${mnemonics.size} instructions\n`);
    total += list.length;
  }
  process.stdout.write(`total ${total} cases\n`);
  if (unsupported.size) process.stdout.write(`not supported by qemu (operation exception): ${[...unsupported].join('; ')}\n`);
}

main();
