// Replays golden cases recorded from qemu-s390x (tools/cpu-oracle/logical/gen.ts) on our
// Cpu through the shared test harness, and lists every difference by case name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { newCpu, reg, setReg } from './harness';

export interface FixtureCase {
  name: string;
  insn: string;
  amode?: 24 | 31 | 64;
  cc?: number;
  pm?: number;
  r?: Record<string, string>;
  mem?: Record<string, string>;
  out: { next?: string; pgm?: number; cc: number; amode: number; r: Record<string, string>; mem?: Record<string, string> };
}

interface Fixture { codeAt: string; cases: FixtureCase[] }

export function loadFixture(name: string): { codeAt: number; cases: FixtureCase[] } {
  const fx = JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;
  return { codeAt: parseInt(fx.codeAt, 16), cases: fx.cases };
}

/** Same rule as tools/cpu-oracle/logical/layout.ts defaultReg. */
function defaultReg(n: number): bigint {
  return (0xa5a5a5a5n << 32n) | BigInt(0x5a5a5a00 + n * 0x11);
}

const MEM_SIZE = 1 << 20;

/** Runs one case; returns a list of differences (empty when it matches the oracle). */
export function replay(codeAt: number, c: FixtureCase): string[] {
  const cpu = newCpu(MEM_SIZE);
  const bytes = cpu.storage.bytes;
  bytes.set(Buffer.from(c.insn, 'hex'), codeAt);
  for (const [a, h] of Object.entries(c.mem ?? {})) bytes.set(Buffer.from(h, 'hex'), parseInt(a, 16));
  const regsIn: bigint[] = [];
  for (let n = 0; n < 16; n++) {
    const v = c.r?.[n] !== undefined ? BigInt('0x' + c.r[n]) : defaultReg(n);
    regsIn.push(v);
    setReg(cpu, n, v);
  }
  const amode = c.amode ?? 64;
  cpu.loadPsw(((amode === 64 ? PSW.EA : 0) | ((c.cc ?? 0) << PSW.CC_SHIFT) | ((c.pm ?? 0) << PSW.PROGMASK_SHIFT)) >>> 0,
    amode === 24 ? 0 : PSW_BA, 0, codeAt);
  const before = cpu.programInterrupts;
  let error = '';
  try { cpu.step(); } catch (e) { error = String(e); }
  const diffs: string[] = [];
  if (error) return [`threw ${error}`];
  const hex = (v: number | bigint) => v.toString(16);
  if (c.out.pgm !== undefined) {
    if (cpu.programInterrupts === before) diffs.push(`expected program interruption ${c.out.pgm}, none taken`);
    else if (cpu.lastProgramInterrupt !== c.out.pgm) diffs.push(`program interruption ${cpu.lastProgramInterrupt}, expected ${c.out.pgm}`);
    const old = LOWCORE.PROGRAM_OLD_PSW;
    const w0 = cpu.mem.getUint32(old);
    const addr = cpu.mem.getUint32(old + 8) * 0x1_0000_0000 + cpu.mem.getUint32(old + 12);
    if (c.out.next !== undefined && hex(addr) !== c.out.next) diffs.push(`old PSW address ${hex(addr)}, expected ${c.out.next}`);
    if (((w0 >>> PSW.CC_SHIFT) & 3) !== c.out.cc) diffs.push(`old PSW cc ${(w0 >>> PSW.CC_SHIFT) & 3}, expected ${c.out.cc}`);
  } else {
    if (cpu.programInterrupts !== before) diffs.push(`unexpected program interruption ${cpu.lastProgramInterrupt}`);
    if (hex(cpu.ia) !== c.out.next) diffs.push(`next address ${hex(cpu.ia)}, expected ${c.out.next}`);
    if (cpu.cc !== c.out.cc) diffs.push(`cc ${cpu.cc}, expected ${c.out.cc}`);
    if (cpu.amode !== c.out.amode) diffs.push(`amode ${cpu.amode}, expected ${c.out.amode}`);
  }
  for (let n = 0; n < 16; n++) {
    const want = c.out.r[n] !== undefined ? BigInt('0x' + c.out.r[n]) : regsIn[n];
    const got = reg(cpu, n);
    if (got !== want) diffs.push(`r${n} ${hex(got)}, expected ${hex(want)}`);
  }
  for (const [a, h] of Object.entries(c.out.mem ?? {})) {
    const at = parseInt(a, 16);
    const got = Buffer.from(bytes.subarray(at, at + h.length / 2)).toString('hex');
    if (got !== h) diffs.push(`storage at ${a}: ${got}, expected ${h}`);
  }
  return diffs;
}

/** Groups cases by their first word (the mnemonic) for one test per instruction. */
export function byMnemonic(cases: FixtureCase[]): [string, FixtureCase[]][] {
  const m = new Map<string, FixtureCase[]>();
  for (const c of cases) {
    const k = c.name.split(' ')[0];
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(c);
  }
  return [...m.entries()];
}
