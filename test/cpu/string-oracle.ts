// Replays golden oracle cases (tools/cpu-oracle/string, recorded on qemu-s390x or
// Hercules) on our Cpu and lists every difference. A qemu-s390x case that ended in a
// signal is matched by exception class (the signal Linux maps the interruption code
// to); a Hercules case by the exact interruption code and, for data exceptions, DXC.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { CODE_AT, exec, newCpu, reg } from './harness';
import { DATA_END, outRanges, type FixtureCase } from '../../tools/cpu-oracle/string/case';

export function loadFixture(domain: string): FixtureCase[] {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${domain}-oracle.json`), 'utf8')) as FixtureCase[];
}

const SIGILL = 4, SIGFPE = 8, SIGSEGV = 11;
const ILL_ILLOPC = 1, ILL_ILLOPN = 2, FPE_INTDIV = 1, FPE_INTOVF = 2;

/** The signal and si_code qemu-s390x delivers for a program-interruption code. */
export function signalFor(code: number): number {
  switch (code) {
    case PGM.OPERATION: case PGM.PRIVILEGED_OPERATION: return (SIGILL << 16) | ILL_ILLOPC;
    case PGM.EXECUTE: case PGM.SPECIFICATION: case PGM.SPECIAL_OPERATION: case PGM.OPERAND: case PGM.DATA:
      return (SIGILL << 16) | ILL_ILLOPN;
    case PGM.FIXED_POINT_OVERFLOW: return (SIGFPE << 16) | FPE_INTOVF;
    case PGM.FIXED_POINT_DIVIDE: return (SIGFPE << 16) | FPE_INTDIV;
    case PGM.PROTECTION: return (SIGSEGV << 16) | 2;
    // Our test storage simply ends where qemu-s390x has an inaccessible page.
    case PGM.ADDRESSING: case PGM.PAGE_TRANSLATION: case PGM.SEGMENT_TRANSLATION: return (SIGSEGV << 16) | 2;
    default: return -code;
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Runs one case; returns the differences from the recorded outcome (empty when equal). */
export function replay(c: FixtureCase): string[] {
  const cpu = newCpu(DATA_END);
  const r: Record<number, bigint> = {};
  for (const [n, v] of Object.entries(c.r ?? {})) r[Number(n)] = BigInt('0x' + v);
  const mem: Record<number, string> = {};
  for (const [a, h] of Object.entries(c.mem ?? {})) mem[Number(a)] = h;
  let { pgm } = exec(c.insn, { r, mem, cc: c.cc ?? 0, progMask: c.pm ?? 0, amode: c.amode ?? 64 }, 1, cpu);
  // The oracle re-executes while CC 3 means "CPU-determined amount processed".
  for (let n = 0; c.loop && pgm === 0 && cpu.cc === 3 && n < 100_000; n++) {
    cpu.ia = CODE_AT;
    const before = cpu.programInterrupts;
    cpu.step();
    if (cpu.programInterrupts !== before) pgm = cpu.lastProgramInterrupt;
  }
  const e = c.expect;
  const diffs: string[] = [];
  let cc = cpu.cc;
  if (pgm !== 0) cc = (cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW) >>> 12) & 3;
  if (e.kind === 0 && pgm !== 0) diffs.push(`program interruption ${pgm.toString(16)}, oracle completed`);
  if (e.kind === 1 && signalFor(pgm) !== e.code) {
    diffs.push(`program interruption ${pgm.toString(16)} (signal ${signalFor(pgm).toString(16)}), oracle signal ${e.code.toString(16)}`);
  }
  if (e.kind === 2) {
    if (pgm !== e.code) diffs.push(`program interruption ${pgm.toString(16)}, oracle ${e.code.toString(16)}`);
    else if (pgm === PGM.DATA && cpu.mem.getUint32(LOWCORE.DATA_EXC_CODE) !== e.aux) {
      diffs.push(`DXC word ${cpu.mem.getUint32(LOWCORE.DATA_EXC_CODE).toString(16)}, oracle ${e.aux.toString(16)}`);
    }
  }
  // After an exception in a re-executed case the CC is whatever the last CC-3 pass left.
  if (cc !== e.cc && !(c.loop && e.kind !== 0)) diffs.push(`cc ${cc}, oracle ${e.cc}`);
  for (let i = 0; i < 16; i++) {
    if (c.ignore?.includes(i)) continue;
    const got = reg(cpu, i).toString(16).padStart(16, '0');
    if (got !== e.r[i]) diffs.push(`r${i} ${got}, oracle ${e.r[i]}`);
  }
  outRanges(c).forEach(([a, len], i) => {
    const got = hex(cpu.storage.bytes.subarray(a, a + len));
    if (got !== e.out[i]) diffs.push(`storage ${a.toString(16)}: ${got}, oracle ${e.out[i]}`);
  });
  return diffs;
}
