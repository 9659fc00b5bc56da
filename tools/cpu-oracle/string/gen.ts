// Records the golden data for the string, translate, decimal and Unicode instruction
// tests: every case of cases-*.ts runs once on a real oracle and the outcome is written
// to test/cpu/fixtures/<domain>-oracle.json. qemu-s390x (user mode) is the oracle for
// the instructions it implements; Hercules (a freestanding runner IPLed from a .ins
// file) for those QEMU 7.2 lacks (decimal arithmetic, ED/EDMK, CVB*, CVDG, CUSE, TRTE).
// Both run runner.c. Needs gcc-s390x-linux-gnu, qemu-user and hercules (Debian).
// Usage: node tools/run-ts.mjs tools/cpu-oracle/string/gen.ts [domain...]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outRanges, type FixtureCase, type Oracle, type OracleCase, type OracleResult } from './case';
import { DECIMAL_CASES } from './cases-decimal';
import { STRING_CASES } from './cases-string';
import { TRANSLATE_CASES } from './cases-translate';
import { UNICODE_CASES } from './cases-unicode';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = existsSync(join(here, 'runner.c')) ? here : resolve('tools/cpu-oracle/string');
const fixtures = resolve('test/cpu/fixtures');
const work = mkdtempSync(join(tmpdir(), 'kuli-string-oracle-'));

/** Case lists by domain; each case names its oracle (QEMU unless it lacks the opcode). */
const DOMAINS: Record<string, [Oracle, OracleCase][]> = {
  string: STRING_CASES, translate: TRANSLATE_CASES, decimal: DECIMAL_CASES, unicode: UNICODE_CASES,
};

const CASES_AT = 0x50000;
const CASES_LIMIT = 0x100000;
const RESULTS_AT = 0x100000;
const DONE_AT = 0x4f000;

function serialize(c: OracleCase): Buffer {
  const parts: Buffer[] = [];
  const hdr = Buffer.alloc(4 + 4 + 8 + 128 + 8);
  const insn = Buffer.from(c.insn, 'hex');
  hdr.writeUInt8(insn.length, 4);
  const amodeBits = c.amode === 31 ? 1 : c.amode === 24 ? 2 : 0;
  hdr.writeUInt8((c.loop ? 1 : 0) | (amodeBits << 1), 5);
  hdr.writeUInt8(c.cc ?? 0, 6);
  hdr.writeUInt8(c.pm ?? 0, 7);
  insn.copy(hdr, 8);
  for (let i = 0; i < 16; i++) hdr.writeBigUInt64BE(BigInt.asUintN(64, c.r?.[i] ?? 0n), 16 + 8 * i);
  const mem = Object.entries(c.mem ?? {});
  const out = outRanges(c);
  hdr.writeUInt32BE(mem.length, 144);
  hdr.writeUInt32BE(out.length, 148);
  parts.push(hdr);
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

function parseResult(b: Buffer, c: OracleCase): OracleResult {
  const r: string[] = [];
  for (let i = 0; i < 16; i++) r.push(b.readBigUInt64BE(32 + 8 * i).toString(16).padStart(16, '0'));
  let at = 160;
  const out = outRanges(c).map(([, len]) => {
    const s = b.subarray(at, at + len).toString('hex');
    at += len;
    return s;
  });
  return { kind: b.readUInt32BE(4), cc: b.readUInt32BE(8), code: b.readUInt32BE(12), aux: b.readUInt32BE(16), r, out };
}

function build(): { user: string; bare: string } {
  const user = join(work, 'runner-user');
  const elf = join(work, 'runner-bare.elf');
  const bare = join(work, 'runner-bare.bin');
  const src = join(srcDir, 'runner.c');
  execFileSync('s390x-linux-gnu-gcc', ['-static', '-O2', '-march=z14', '-DUSER', '-o', user, src]);
  execFileSync('s390x-linux-gnu-gcc', ['-march=z10', '-O2', '-ffreestanding', '-nostdlib', '-static', '-fno-pic',
    '-DBARE', `-Wl,-T,${join(srcDir, 'bare.ld')}`, '-Wl,--no-warn-rwx-segments', '-Wl,--build-id=none', '-o', elf,
    join(srcDir, 'bare-start.S'), src], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('s390x-linux-gnu-objcopy', ['-O', 'binary', elf, bare]);
  return { user, bare };
}

/**
 * Runs cases on qemu-s390x. A case that crashes QEMU itself (an internal assertion) is
 * reported and left out (undefined result); the run resumes with the next case.
 */
function runQemu(runner: string, cases: OracleCase[]): (OracleResult | undefined)[] {
  const results: (OracleResult | undefined)[] = [];
  while (results.length < cases.length) {
    const rest = cases.slice(results.length);
    const input = Buffer.concat([...rest.map(serialize), Buffer.alloc(4)]);
    let text: string;
    let crashed = false;
    try {
      text = execFileSync('qemu-s390x', [runner], { input, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
    } catch (e) {
      text = String((e as { stdout?: Buffer }).stdout ?? '');
      crashed = true;
    }
    const lines = text.split('\n').filter((l) => l.length > 0 && !l.startsWith('qemu'));
    for (const l of lines.slice(0, rest.length)) results.push(parseResult(Buffer.from(l, 'hex'), cases[results.length]));
    if (crashed) {
      process.stderr.write(`qemu-s390x crashed on case "${cases[results.length].name}"; left out\n`);
      results.push(undefined);
    } else if (lines.length < rest.length) {
      throw new Error(`qemu-s390x runner returned ${lines.length} of ${rest.length} results`);
    }
  }
  return results;
}

/** Runs cases on Hercules in batches that fit the case area. */
function runHercules(image: string, cases: OracleCase[]): OracleResult[] {
  const results: OracleResult[] = [];
  let i = 0;
  while (i < cases.length) {
    const batch: Buffer[] = [];
    const batchCases: OracleCase[] = [];
    let size = 4;
    while (i < cases.length) {
      const b = serialize(cases[i]);
      if (size + b.length > CASES_LIMIT - CASES_AT) break;
      batch.push(b); batchCases.push(cases[i]); size += b.length; i++;
    }
    const casesFile = join(work, 'cases.bin');
    writeFileSync(casesFile, Buffer.concat([...batch, Buffer.alloc(4)]));
    writeFileSync(join(work, 'run.ins'), `${basename(image)} 0x00000000\n${basename(casesFile)} 0x${CASES_AT.toString(16).padStart(8, '0')}\n`);
    writeFileSync(join(work, 'hercules.cnf'), 'ARCHMODE z/Arch\nMAINSIZE 2\nNUMCPU 1\nCNSLPORT 127.0.0.1:0\nPANRATE 50\n# Hercules wants at least one device.\n000C 3505 /dev/null eof\n');
    const dump = join(work, 'dump.bin');
    writeFileSync(join(work, 'hercules.rc'),
      `ipl ${join(work, 'run.ins')}\npause 4\nsavecore ${dump} ${DONE_AT.toString(16)} 1dffff\nquit\n`);
    execFileSync('hercules', ['-d', '-f', join(work, 'hercules.cnf')], {
      cwd: work, env: { ...process.env, HERCULES_RC: join(work, 'hercules.rc') }, stdio: ['ignore', 'ignore', 'ignore'],
      timeout: 120_000,
    });
    const mem = readFileSync(dump);
    if (mem.readUInt32BE(0) !== 0xd0d0d0d0) throw new Error('Hercules runner did not finish its batch');
    let at = RESULTS_AT - DONE_AT;
    for (const c of batchCases) {
      const len = mem.readUInt32BE(at);
      results.push(parseResult(mem.subarray(at, at + len), c));
      at += len;
    }
  }
  return results;
}

const runners = build();
const wanted = process.argv.slice(2);
for (const [domain, list] of Object.entries(DOMAINS)) {
  if (wanted.length && !wanted.includes(domain)) continue;
  const byOracle = (o: Oracle) => list.filter(([x]) => x === o).map(([, c]) => c);
  const qemu = byOracle('qemu-s390x');
  const herc = byOracle('hercules');
  const qr = qemu.length ? runQemu(runners.user, qemu) : [];
  const hr = herc.length ? runHercules(runners.bare, herc) : [];
  const fixture: FixtureCase[] = [
    ...qemu.flatMap((c, i) => {
      const expect = qr[i];
      return expect ? [{ ...c, r: regsToHex(c.r), oracle: 'qemu-s390x' as const, expect }] : [];
    }),
    ...herc.map((c, i) => ({ ...c, r: regsToHex(c.r), oracle: 'hercules' as const, expect: hr[i] })),
  ];
  const names = new Set<string>();
  for (const c of fixture) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
    names.add(c.name);
  }
  const file = join(fixtures, `${domain}-oracle.json`);
  writeFileSync(file, '[\n' + fixture.map((c) => JSON.stringify(c)).join(',\n') + '\n]\n');
  process.stdout.write(`${domain}: ${qemu.length} qemu-s390x + ${herc.length} hercules cases -> ${file}\n`);
}

/** Registers as hex strings in the JSON (BigInt has no JSON form). */
function regsToHex(r: Record<number, bigint> | undefined): Record<number, string> | undefined {
  if (!r) return undefined;
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, BigInt.asUintN(64, v).toString(16)]));
}
