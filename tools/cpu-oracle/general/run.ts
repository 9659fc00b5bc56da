// Runs general-instruction oracle cases on qemu-s390x (user mode) and Hercules with the
// string oracle's runner (tools/cpu-oracle/string: runner.c as a Linux program and as a
// freestanding image IPLed by Hercules), and turns its result records into fixtures.
// Cases that need more than the general registers go through a code block (block.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { outRanges, type OracleCase } from '../string/case';
import { buildBlock, RUNNER_INSN_AT } from './block';
import { needsBlock, type GeneralCase, type GeneralResult } from './case';

const CASES_AT = 0x50000, CASES_LIMIT = 0x100000, RESULTS_AT = 0x100000, DONE_AT = 0x4f000;
const RESULT_HEADER = 160;

export interface Runners { user: string; bare: string; work: string }

/** Builds runner.c both ways (needs s390x-linux-gnu-gcc and -objcopy). */
export function buildRunners(repo: string): Runners {
  const src = join(repo, 'tools/cpu-oracle/string');
  const work = mkdtempSync(join(tmpdir(), 'kuli-general-oracle-'));
  const user = join(work, 'runner-user'), elf = join(work, 'runner-bare.elf'), bare = join(work, 'runner-bare.bin');
  execFileSync('s390x-linux-gnu-gcc', ['-static', '-O2', '-march=z14', '-DUSER', '-o', user, join(src, 'runner.c')]);
  execFileSync('s390x-linux-gnu-gcc', ['-march=z10', '-O2', '-ffreestanding', '-nostdlib', '-static', '-fno-pic', '-DBARE',
    `-Wl,-T,${join(src, 'bare.ld')}`, '-Wl,--no-warn-rwx-segments', '-Wl,--build-id=none', '-o', elf,
    join(src, 'bare-start.S'), join(src, 'runner.c')], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('s390x-linux-gnu-objcopy', ['-O', 'binary', elf, bare]);
  return { user, bare, work };
}

/** The runner's view of a case: block cases branch to their code block. */
function runnerCase(c: GeneralCase): { rc: OracleCase; extra: [number, number][]; insnAt: number } {
  if (!needsBlock(c)) return { rc: c, extra: [], insnAt: RUNNER_INSN_AT };
  const b = buildBlock(c);
  const own = outRanges(c);
  return { rc: { ...c, insn: b.insn, mem: { ...(c.mem ?? {}), ...b.mem }, out: [...own, ...b.out] }, extra: b.out, insnAt: b.insnAt };
}

/** A case record as runner.c reads it (see the header comment there). */
function serialize(c: OracleCase): Buffer {
  const insn = Buffer.from(c.insn, 'hex');
  const hdr = Buffer.alloc(152);
  hdr.writeUInt8(insn.length, 4);
  hdr.writeUInt8((c.loop ? 1 : 0) | ((c.amode === 31 ? 1 : c.amode === 24 ? 2 : 0) << 1), 5);
  hdr.writeUInt8(c.cc ?? 0, 6);
  hdr.writeUInt8(c.pm ?? 0, 7);
  insn.copy(hdr, 8);
  for (let i = 0; i < 16; i++) hdr.writeBigUInt64BE(BigInt.asUintN(64, c.r?.[i] ?? 0n), 16 + 8 * i);
  const mem = Object.entries(c.mem ?? {});
  const out = outRanges(c);
  hdr.writeUInt32BE(mem.length, 144);
  hdr.writeUInt32BE(out.length, 148);
  const parts = [hdr];
  for (const [a, hex] of mem) {
    const b = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
    const rec = Buffer.alloc(8 + ((b.length + 3) & ~3));
    rec.writeUInt32BE(Number(a), 0);
    rec.writeUInt32BE(b.length, 4);
    b.copy(rec, 8);
    parts.push(rec);
  }
  for (const [a, len] of out) {
    const rec = Buffer.alloc(8);
    rec.writeUInt32BE(a, 0);
    rec.writeUInt32BE(len, 4);
    parts.push(rec);
  }
  const all = Buffer.concat(parts);
  all.writeUInt32BE(all.length, 0);
  return all;
}

function parse(b: Buffer, c: GeneralCase, rc: OracleCase, insnAt: number, hercules: boolean): GeneralResult {
  const r: string[] = [];
  for (let i = 0; i < 16; i++) r.push(b.readBigUInt64BE(32 + 8 * i).toString(16).padStart(16, '0'));
  let at = RESULT_HEADER;
  const outs = outRanges(rc).map(([, len]) => { const s = b.subarray(at, at + len).toString('hex'); at += len; return s; });
  const kind = b.readUInt32BE(4);
  const res: GeneralResult = { kind, cc: b.readUInt32BE(8), code: b.readUInt32BE(12), aux: b.readUInt32BE(16), r,
    out: outs.slice(0, outRanges(c).length) };
  let k = outRanges(c).length;
  if (c.ar) { const s = outs[k++]; if (kind === 0) res.ar = Array.from({ length: 16 }, (_, i) => s.slice(8 * i, 8 * i + 8)); }
  if (c.f) {
    res.f = {};
    for (const n of Object.keys(c.f)) { const s = outs[k++]; if (kind === 0) res.f[n] = s; }
    if (kind !== 0) delete res.f;
  }
  if (c.fpc !== undefined) { const s = outs[k++]; if (kind === 0) res.fpc = parseInt(s, 16); }
  if (hercules && kind === 2) {
    res.ilc = b.readUInt32BE(20);
    res.pswoff = ((RUNNER_INSN_AT + b.readUInt32BE(24)) >>> 0) - insnAt;
  }
  return res;
}

/**
 * Runs cases on qemu-s390x. A case that crashes QEMU itself is reported and left out
 * (undefined); the run resumes with the next case.
 */
export function runQemu(runners: Runners, cases: GeneralCase[]): (GeneralResult | undefined)[] {
  const prepared = cases.map(runnerCase);
  const results: (GeneralResult | undefined)[] = [];
  while (results.length < cases.length) {
    const start = results.length;
    const input = Buffer.concat([...prepared.slice(start).map((p) => serialize(p.rc)), Buffer.alloc(4)]);
    let text: string;
    let crashed = false;
    try {
      text = execFileSync('qemu-s390x', [runners.user], { input, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'ignore'], timeout: 120_000 }).toString();
    } catch (e) {
      text = String((e as { stdout?: Buffer }).stdout ?? '');
      crashed = true;
    }
    const lines = text.split('\n').filter((l) => l.length > 0 && !l.startsWith('qemu'));
    for (const l of lines.slice(0, cases.length - start)) {
      const i = results.length;
      results.push(parse(Buffer.from(l, 'hex'), cases[i], prepared[i].rc, prepared[i].insnAt, false));
    }
    if (crashed) {
      process.stderr.write(`qemu-s390x crashed on case "${cases[results.length]?.name}"; left out\n`);
      results.push(undefined);
    } else if (results.length < cases.length) {
      throw new Error(`qemu-s390x runner returned ${results.length - start} of ${cases.length - start} results`);
    }
  }
  return results;
}

/** Runs cases on Hercules in batches that fit the runner's case area. */
export function runHercules(runners: Runners, cases: GeneralCase[]): GeneralResult[] {
  const { bare: image, work } = runners;
  const prepared = cases.map(runnerCase);
  const results: GeneralResult[] = [];
  let i = 0;
  while (i < cases.length) {
    const first = i;
    const batch: Buffer[] = [];
    let size = 4;
    while (i < cases.length) {
      const b = serialize(prepared[i].rc);
      if (size + b.length > CASES_LIMIT - CASES_AT) break;
      batch.push(b); size += b.length; i++;
    }
    const casesFile = join(work, 'cases.bin');
    writeFileSync(casesFile, Buffer.concat([...batch, Buffer.alloc(4)]));
    writeFileSync(join(work, 'run.ins'), `${basename(image)} 0x00000000\n${basename(casesFile)} 0x${CASES_AT.toString(16).padStart(8, '0')}\n`);
    writeFileSync(join(work, 'hercules.cnf'), 'ARCHMODE z/Arch\nMAINSIZE 2\nNUMCPU 1\nCNSLPORT 127.0.0.1:0\nPANRATE 50\n000C 3505 /dev/null eof\n');
    const dump = join(work, 'dump.bin');
    // Hercules' savecore does not replace an existing file: a stale dump would be read back.
    rmSync(dump, { force: true });
    writeFileSync(join(work, 'hercules.rc'), `ipl ${join(work, 'run.ins')}\npause 4\nsavecore ${dump} ${DONE_AT.toString(16)} 1dffff\nquit\n`);
    execFileSync('hercules', ['-d', '-f', join(work, 'hercules.cnf')], {
      cwd: work, env: { ...process.env, HERCULES_RC: join(work, 'hercules.rc') }, stdio: ['ignore', 'ignore', 'ignore'], timeout: 120_000,
    });
    const mem = readFileSync(dump);
    if (mem.readUInt32BE(0) !== 0xd0d0d0d0) throw new Error(`the Hercules runner did not finish its batch (from case "${cases[first].name}")`);
    let at = RESULTS_AT - DONE_AT;
    for (let k = first; k < i; k++) {
      const len = mem.readUInt32BE(at);
      results.push(parse(mem.subarray(at, at + len), cases[k], prepared[k].rc, prepared[k].insnAt, true));
      at += len;
    }
  }
  return results;
}
