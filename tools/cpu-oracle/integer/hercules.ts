// Records, on Hercules, the integer cases where qemu-s390x 7.2 departs from the PoP or
// cannot run them: fixed-point overflow interruptions under the program mask (qemu never
// raises them), STORE MULTIPLE HIGH (qemu stores zeros), LOAD MULTIPLE DISJOINT (not in
// qemu), LOAD ADDRESS in the 24/31-bit modes (qemu clears bits 0-31), COMPARE AND SWAP
// AND STORE with function code 0 or store characteristic 0. Writes
// test/cpu/fixtures/integer-hercules.json.
//
// Hercules runs the freestanding runner of the string oracle (tools/cpu-oracle/string:
// runner.c built with -DBARE, bare-start.S, bare.ld), IPLed from a .ins file; its case
// and result records are described in runner.c. Instructions Hercules 3.13 does not know
// (operation exception) are reported and left out.
// Usage: node tools/run-ts.mjs tools/cpu-oracle/integer/hercules.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { assemble } from './assemble';
import { fillRegister } from './layout';
import { bytesOf, M64, rand64, randomBytes } from './values';

const here = dirname(resolve(process.argv[1]));
const repo = resolve(here, '../../..');
const runnerDir = join(repo, 'tools/cpu-oracle/string');
const work = mkdtempSync(join(tmpdir(), 'kuli-int-hercules-'));

/** Runner layout (runner.c, bare-start.S). */
const DATA = 0x1e_0000;
const CASES_AT = 0x5_0000, CASES_LIMIT = 0x10_0000, RESULTS_AT = 0x10_0000, DONE_AT = 0x4_f000;
const PGM_OPERATION = 1;

export interface HerculesCase {
  n: string;
  h: string;
  /** All sixteen registers, hex. */
  r: string[];
  cc: number;
  /** Program mask. */
  pm: number;
  am?: 24 | 31;
  /** Storage before: absolute address → hex; the rest of the 128 KiB at DATA is zero. */
  m?: Record<string, string>;
  o: {
    r: string[];
    cc: number;
    pgm?: number;
    /** PSW address after the interruption minus the instruction address. */
    pswoff?: number;
    /** Storage after, for each `m` range: address → hex. */
    m?: Record<string, string>;
  };
}

interface Spec {
  asm: string;
  regs: Record<number, bigint>;
  cc?: number;
  pm?: number;
  amode?: 24 | 31 | 64;
  mem?: Record<number, Uint8Array>;
}

const FIXED_OVERFLOW = 8;
const specs: Spec[] = [];
const add = (s: Spec): void => { specs.push(s); };
const W = (v: bigint): bigint => (rand64() & ~0xffff_ffffn) | (v & 0xffff_ffffn);
const H = (v: bigint): bigint => ((v & 0xffff_ffffn) << 32n) | (rand64() & 0xffff_ffffn);

// ---- fixed-point overflow, with the mask bit on and off ----------------------------------
const B = DATA + 0x100;
for (const pm of [FIXED_OVERFLOW, 0]) {
  const ovf: Spec[] = [
    { asm: 'ar %r2,%r4', regs: { 2: W(0x7fff_ffffn), 4: W(1n) } },
    { asm: 'sr %r2,%r4', regs: { 2: W(0x8000_0000n), 4: W(1n) } },
    { asm: 'ark %r2,%r4,%r6', regs: { 4: W(0x8000_0000n), 6: W(0xffff_ffffn) } },
    { asm: 'srk %r2,%r4,%r6', regs: { 4: W(0x7fff_ffffn), 6: W(0xffff_ffffn) } },
    { asm: 'agr %r2,%r4', regs: { 2: 0x7fff_ffff_ffff_ffffn, 4: 1n } },
    { asm: 'sgr %r2,%r4', regs: { 2: 0x8000_0000_0000_0000n, 4: 1n } },
    { asm: 'agrk %r2,%r4,%r6', regs: { 4: 0x8000_0000_0000_0000n, 6: M64 } },
    { asm: 'sgrk %r2,%r4,%r6', regs: { 4: 0n, 6: 0x8000_0000_0000_0000n } },
    { asm: 'agfr %r2,%r4', regs: { 2: 0x7fff_ffff_ffff_fff0n, 4: W(0x10n) } },
    { asm: 'sgfr %r2,%r4', regs: { 2: 0x8000_0000_0000_0000n, 4: W(1n) } },
    { asm: 'ahi %r2,1', regs: { 2: W(0x7fff_ffffn) } },
    { asm: 'aghi %r2,-1', regs: { 2: 0x8000_0000_0000_0000n } },
    { asm: 'afi %r2,-2147483648', regs: { 2: W(0xffff_ffffn) } },
    { asm: 'agfi %r2,2147483647', regs: { 2: 0x7fff_ffff_8000_0001n } },
    { asm: 'ahik %r2,%r4,32767', regs: { 4: W(0x7fff_8001n) } },
    { asm: 'aghik %r2,%r4,-32768', regs: { 4: 0x8000_0000_0000_7fffn } },
    { asm: 'a %r2,0(%r8)', regs: { 2: W(0x4000_0000n), 8: BigInt(B) }, mem: { [B]: bytesOf(0x4000_0000n, 4) } },
    { asm: 'ay %r2,-8(%r8)', regs: { 2: W(0x8000_0000n), 8: BigInt(B + 8) }, mem: { [B]: bytesOf(0x8000_0000n, 4) } },
    { asm: 'ah %r2,0(%r8)', regs: { 2: W(0x8000_0000n), 8: BigInt(B) }, mem: { [B]: bytesOf(0xffffn, 2) } },
    { asm: 's %r2,0(%r8)', regs: { 2: W(0x7fff_ffffn), 8: BigInt(B) }, mem: { [B]: bytesOf(0xffff_ffffn, 4) } },
    { asm: 'sh %r2,0(%r8)', regs: { 2: W(0x8000_0000n), 8: BigInt(B) }, mem: { [B]: bytesOf(1n, 2) } },
    { asm: 'ag %r2,0(%r8)', regs: { 2: 0x7fff_ffff_ffff_ffffn, 8: BigInt(B) }, mem: { [B]: bytesOf(2n, 8) } },
    { asm: 'agf %r2,0(%r8)', regs: { 2: 0x8000_0000_0000_0000n, 8: BigInt(B) }, mem: { [B]: bytesOf(0xffff_ffffn, 4) } },
    { asm: 'sg %r2,0(%r8)', regs: { 2: 0x8000_0000_0000_0000n, 8: BigInt(B) }, mem: { [B]: bytesOf(1n, 8) } },
    { asm: 'sgf %r2,0(%r8)', regs: { 2: 0x7fff_ffff_ffff_ffffn, 8: BigInt(B) }, mem: { [B]: bytesOf(0xffff_ffffn, 4) } },
    { asm: 'asi 0(%r8),1', regs: { 8: BigInt(B) }, mem: { [B]: bytesOf(0x7fff_ffffn, 4) } },
    { asm: 'agsi 0(%r8),-1', regs: { 8: BigInt(B) }, mem: { [B]: bytesOf(0x8000_0000_0000_0000n, 8) } },
    { asm: 'lcr %r2,%r4', regs: { 4: W(0x8000_0000n) } },
    { asm: 'lcgr %r2,%r4', regs: { 4: 0x8000_0000_0000_0000n } },
    { asm: 'lpr %r2,%r4', regs: { 4: W(0x8000_0000n) } },
    { asm: 'lpgr %r2,%r4', regs: { 4: 0x8000_0000_0000_0000n } },
    { asm: 'laa %r2,%r4,0(%r8)', regs: { 4: W(1n), 8: BigInt(B) }, mem: { [B]: bytesOf(0x7fff_ffffn, 4) } },
    { asm: 'laag %r2,%r4,0(%r8)', regs: { 4: M64, 8: BigInt(B) }, mem: { [B]: bytesOf(0x8000_0000_0000_0000n, 8) } },
    { asm: 'ahhhr %r2,%r4,%r6', regs: { 4: H(0x7fff_ffffn), 6: H(0x7fff_ffffn) } },
    { asm: 'ahhlr %r2,%r4,%r6', regs: { 4: H(0x8000_0000n), 6: W(0xffff_ffffn) } },
    { asm: 'shhhr %r2,%r4,%r6', regs: { 4: H(0x8000_0000n), 6: H(1n) } },
    { asm: 'shhlr %r2,%r4,%r6', regs: { 4: H(0x7fff_ffffn), 6: W(0x8000_0000n) } },
    { asm: 'aih %r2,1', regs: { 2: H(0x7fff_ffffn) } },
    { asm: 'msc %r2,0(%r8)', regs: { 2: W(0x1_0000n), 8: BigInt(B) }, mem: { [B]: bytesOf(0x1_0000n, 4) } },
    { asm: 'msrkc %r2,%r4,%r6', regs: { 4: W(0x8000_0000n), 6: W(0xffff_ffffn) } },
    { asm: 'msgc %r2,0(%r8)', regs: { 2: 0x1_0000_0000n, 8: BigInt(B) }, mem: { [B]: bytesOf(0x8000_0000n, 8) } },
    { asm: 'msgrkc %r2,%r4,%r6', regs: { 4: 0x8000_0000_0000_0000n, 6: M64 } },
    { asm: 'agh %r2,0(%r8)', regs: { 2: 0x7fff_ffff_ffff_ffffn, 8: BigInt(B) }, mem: { [B]: bytesOf(1n, 2) } },
    { asm: 'sgh %r2,0(%r8)', regs: { 2: 0x8000_0000_0000_0000n, 8: BigInt(B) }, mem: { [B]: bytesOf(1n, 2) } },
  ];
  for (const s of ovf) add({ ...s, pm, cc: 0 });
}
// Completed without overflow under the mask: no interruption.
add({ asm: 'ar %r2,%r4', regs: { 2: W(5n), 4: W(0xffff_fffbn) }, pm: FIXED_OVERFLOW });
add({ asm: 'alr %r2,%r4', regs: { 2: W(0xffff_ffffn), 4: W(1n) }, pm: FIXED_OVERFLOW });

// ---- divide: quotients just beyond 32 bits (-2^63 / -1 itself stops both qemu-s390x and
// Hercules 3.13 with a host SIGFPE; test/cpu/integer.test.ts has it) ----------------------
for (const pm of [0, FIXED_OVERFLOW]) {
  add({ asm: 'dr %r2,%r4', regs: { 2: W(0xffff_ffffn), 3: W(0x8000_0000n), 4: W(0xffff_ffffn) }, pm });
  add({ asm: 'd %r2,0(%r8)', regs: { 2: W(0n), 3: W(0x8000_0000n), 8: BigInt(B) }, mem: { [B]: bytesOf(0xffff_ffffn, 4) }, pm });
}
add({ asm: 'dr %r2,%r4', regs: { 2: W(0xffff_ffffn), 3: W(0x8000_0001n), 4: W(0xffff_ffffn) } });
add({ asm: 'dr %r2,%r4', regs: { 2: W(0x7fff_ffffn), 3: W(0xffff_ffffn), 4: W(0x7fff_ffffn) } });

// ---- STORE MULTIPLE HIGH ----------------------------------------------------------------
for (const [r1, r3] of [[2, 6], [14, 1], [3, 3], [0, 15]]) {
  const regs: Record<number, bigint> = {};
  for (let r = 0; r < 16; r++) regs[r] = rand64();
  regs[8] = BigInt(B);
  add({ asm: `stmh %r${r1},%r${r3},4(%r8)`, regs, mem: { [B]: randomBytes(72) } });
}

// ---- LOAD MULTIPLE DISJOINT (not in qemu-s390x 7.2) ------------------------------------------
for (const [r1, r3] of [[2, 6], [6, 2], [0, 15], [3, 3], [14, 1]]) {
  const n = ((r3 - r1) & 15) + 1;
  const regs: Record<number, bigint> = {};
  for (let r = 0; r < 16; r++) regs[r] = rand64();
  regs[8] = BigInt(B);
  regs[9] = BigInt(B + 0x100);
  add({ asm: `lmd %r${r1},%r${r3},4(%r8),8(%r9)`, regs, mem: { [B + 4]: randomBytes(4 * n), [B + 0x108]: randomBytes(4 * n) } });
}

// ---- LOAD ADDRESS in the 24- and 31-bit modes -----------------------------------------------
for (const amode of [24, 31] as const) {
  for (const asm of ['la %r2,4095(%r9,%r8)', 'lay %r2,-1(%r9,%r8)', 'lae %r2,16(%r9,%r8)', 'laey %r2,524287(%r9,%r8)', 'la %r8,1(%r8)']) {
    add({ asm, regs: { 2: rand64(), 8: rand64(), 9: rand64() }, amode });
  }
}

// ---- COMPARE AND SWAP AND STORE: function code 0 and store characteristic 0 ---------------
const PL = DATA + 0x200;
for (const [fc, sc, equal] of [[0, 2, false], [0, 2, true], [0, 0, true], [1, 0, true], [0, 0, false], [2, 0, true]] as const) {
  const op1 = randomBytes(4 << fc);
  const word = (k: number, n: number): bigint => op1.slice(k, k + n).reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
  const regs: Record<number, bigint> = { 0: BigInt(sc * 256 + fc), 1: BigInt(PL), 2: rand64(), 3: rand64(), 8: BigInt(DATA + 0x40), 9: BigInt(DATA + 0x83) };
  if (sc !== 0) regs[9] = BigInt(DATA + 0x84);
  if (equal) {
    regs[2] = fc === 0 ? W(word(0, 4)) : word(0, 8);
    if (fc === 2) regs[3] = word(8, 8);
  }
  add({ asm: 'csst 0(%r8),0(%r9),%r2', regs, mem: { [DATA + 0x40]: op1, [DATA + 0x80]: randomBytes(8), [PL]: randomBytes(32) } });
}

// ---- running ------------------------------------------------------------------------------

function buildRunner(): string {
  const elf = join(work, 'runner-bare.elf'), bin = join(work, 'runner-bare.bin');
  execFileSync('s390x-linux-gnu-gcc', ['-march=z10', '-O2', '-ffreestanding', '-nostdlib', '-static', '-fno-pic', '-DBARE',
    `-Wl,-T,${join(runnerDir, 'bare.ld')}`, '-Wl,--no-warn-rwx-segments', '-Wl,--build-id=none', '-o', elf,
    join(runnerDir, 'bare-start.S'), join(runnerDir, 'runner.c')], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('s390x-linux-gnu-objcopy', ['-O', 'binary', elf, bin]);
  return bin;
}

/** A case record as runner.c reads it. */
function serialize(s: Spec, code: Uint8Array, regs: bigint[]): Buffer {
  const mem = Object.entries(s.mem ?? {});
  const hdr = Buffer.alloc(152);
  hdr.writeUInt8(code.length, 4);
  hdr.writeUInt8((s.amode === 31 ? 1 : s.amode === 24 ? 2 : 0) << 1, 5);
  hdr.writeUInt8(s.cc ?? 0, 6);
  hdr.writeUInt8(s.pm ?? 0, 7);
  Buffer.from(code).copy(hdr, 8);
  regs.forEach((v, i) => hdr.writeBigUInt64BE(v, 16 + 8 * i));
  hdr.writeUInt32BE(mem.length, 144);
  hdr.writeUInt32BE(mem.length, 148);
  const parts = [hdr];
  for (const [a, b] of mem) {
    const rec = Buffer.alloc(8 + ((b.length + 3) & ~3));
    rec.writeUInt32BE(Number(a), 0);
    rec.writeUInt32BE(b.length, 4);
    Buffer.from(b).copy(rec, 8);
    parts.push(rec);
  }
  for (const [a, b] of mem) {
    const rec = Buffer.alloc(8);
    rec.writeUInt32BE(Number(a), 0);
    rec.writeUInt32BE(b.length, 4);
    parts.push(rec);
  }
  const all = Buffer.concat(parts);
  all.writeUInt32BE(all.length, 0);
  return all;
}

function runHercules(image: string, records: Buffer[]): Buffer[] {
  const size = records.reduce((n, b) => n + b.length, 4);
  if (size > CASES_LIMIT - CASES_AT) throw new Error('too many cases for one Hercules batch');
  const casesFile = join(work, 'cases.bin');
  writeFileSync(casesFile, Buffer.concat([...records, Buffer.alloc(4)]));
  writeFileSync(join(work, 'run.ins'), `${basename(image)} 0x00000000\n${basename(casesFile)} 0x${CASES_AT.toString(16).padStart(8, '0')}\n`);
  writeFileSync(join(work, 'hercules.cnf'), 'ARCHMODE z/Arch\nMAINSIZE 2\nNUMCPU 1\nCNSLPORT 127.0.0.1:0\nPANRATE 50\n000C 3505 /dev/null eof\n');
  const dump = join(work, 'dump.bin');
  writeFileSync(join(work, 'hercules.rc'), `ipl ${join(work, 'run.ins')}\npause 4\nsavecore ${dump} ${DONE_AT.toString(16)} 1dffff\nquit\n`);
  execFileSync('hercules', ['-d', '-f', join(work, 'hercules.cnf')], {
    cwd: work, env: { ...process.env, HERCULES_RC: join(work, 'hercules.rc') }, stdio: ['ignore', 'ignore', 'ignore'], timeout: 120_000,
  });
  const mem = readFileSync(dump);
  if (mem.readUInt32BE(0) !== 0xd0d0d0d0) throw new Error('the Hercules runner did not finish');
  const out: Buffer[] = [];
  let at = RESULTS_AT - DONE_AT;
  for (let i = 0; i < records.length; i++) {
    const len = mem.readUInt32BE(at);
    out.push(mem.subarray(at, at + len));
    at += len;
  }
  return out;
}

function main(): void {
  const code = assemble([...new Set(specs.map((s) => s.asm))], work);
  const regsOf = (s: Spec): bigint[] => Array.from({ length: 16 }, (_, n) => s.regs[n] ?? fillRegister(n));
  const results = runHercules(buildRunner(), specs.map((s) => serialize(s, code.get(s.asm)!, regsOf(s))));
  const hex64 = (v: bigint): string => v.toString(16).padStart(16, '0');
  const cases: HerculesCase[] = [];
  const seq = new Map<string, number>();
  const unknown = new Set<string>();
  specs.forEach((s, i) => {
    const r = results[i];
    const kind = r.readUInt32BE(4), pgm = r.readUInt32BE(12);
    if (kind === 2 && pgm === PGM_OPERATION) { unknown.add(s.asm.split(' ')[0]); return; }
    const k = (seq.get(s.asm) ?? 0) + 1;
    seq.set(s.asm, k);
    const outRegs = Array.from({ length: 16 }, (_, n) => hex64(r.readBigUInt64BE(32 + 8 * n)));
    const m: Record<string, string> = {};
    let at = 160;
    for (const [a, b] of Object.entries(s.mem ?? {})) { m[a] = r.subarray(at, at + b.length).toString('hex'); at += b.length; }
    cases.push({
      n: `${s.asm}${s.pm ? ' (mask)' : ''}${s.amode && s.amode !== 64 ? ` (${s.amode}-bit)` : ''} #${k}`,
      h: Buffer.from(code.get(s.asm)!).toString('hex'),
      r: regsOf(s).map(hex64),
      cc: s.cc ?? 0,
      pm: s.pm ?? 0,
      ...(s.amode && s.amode !== 64 ? { am: s.amode } : {}),
      ...(s.mem ? { m: Object.fromEntries(Object.entries(s.mem).map(([a, b]) => [a, Buffer.from(b).toString('hex')])) } : {}),
      o: {
        r: outRegs,
        cc: r.readUInt32BE(8),
        ...(kind === 2 ? { pgm, pswoff: r.readUInt32BE(24) } : {}),
        ...(s.mem ? { m } : {}),
      },
    });
  });
  const banner = spawnSync('hercules', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const version = /Hercules Version [\d.]+/.exec(`${banner.stdout}${banner.stderr}`)?.[0] ?? 'Hercules';
  const text = `{"comment": ${JSON.stringify(`Recorded by tools/cpu-oracle/integer/hercules.ts on ${version}; do not edit.`)},\n`
    + `"cases": [\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`;
  writeFileSync(join(repo, 'test/cpu/fixtures/integer-hercules.json'), text);
  process.stdout.write(`hercules: ${cases.length} cases\n`);
  if (unknown.size) process.stdout.write(`not in Hercules (operation exception), left out: ${[...unknown].join(' ')}\n`);
}

main();
