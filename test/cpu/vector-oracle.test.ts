// Replays the vector-instruction cases recorded from qemu-s390x (test/cpu/fixtures/
// vector-*.json.gz, made by tools/cpu-oracle/vector/gen.ts) on our Cpu: all 32 vector
// registers, general registers 0-9, the condition code, the FPC, the program interruption
// and the 512-byte data window must match. One test per mnemonic; a failure lists its cases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CR0_AFP, type Cpu } from '../../emulator/cpu/cpu';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import { PSW } from '../../emulator/cpu/state';
import { CR0_VECTOR } from '../../emulator/cpu/vector-common';
import {
  WINDOW, WINDOW_AT, fillRegister, fillVector, windowBytes, type GoldenCase, type GoldenFile,
} from '../../tools/cpu-oracle/vector/layout';
import { CODE_AT, exec, newCpu, reg, vr } from './harness';
import { architected, exactTinyTrap, fmaNaNChoice } from './vector-qemu';

const GROUPS = ['load', 'perm', 'int', 'string', 'fp'] as const;

function load(group: string): GoldenFile {
  const body = gunzipSync(readFileSync(join(__dirname, 'fixtures', `vector-${group}.json.gz`))).toString();
  return JSON.parse(body) as GoldenFile;
}

const hex = (v: bigint, d: number): string => v.toString(16).padStart(d, '0');

/** Runs one case on `cpu` (reused across cases) and returns its mismatches. */
function replay(cpu: Cpu, recorded: GoldenCase): string[] {
  const c = architected(recorded);
  const bytes = cpu.storage.bytes;
  const before = c.ws !== undefined ? windowBytes(c.ws) : new Uint8Array(WINDOW);
  bytes.set(before, WINDOW_AT);
  bytes.fill(0, LOWCORE.PROGRAM_OLD_PSW, LOWCORE.PROGRAM_OLD_PSW + 16);
  cpu.invalidateRange(CODE_AT, 6);
  cpu.cr[1] |= CR0_AFP | CR0_VECTOR;
  const vIn: Record<number, bigint> = {};
  for (let n = 0; n < 32; n++) vIn[n] = c.v[n] !== undefined ? BigInt(`0x${c.v[n]}`) : fillVector(n);
  const rIn: Record<number, bigint> = {};
  for (let n = 0; n < 10; n++) rIn[n] = c.r[n] !== undefined ? BigInt(`0x${c.r[n]}`) : fillRegister(n);
  rIn[10] = BigInt(WINDOW_AT);
  cpu.mem.setUint32(LOWCORE.DATA_EXC_CODE, 0);
  const { pgm } = exec(c.h, { v: vIn, r: rIn, cc: c.cc, fpc: c.fpc }, 1, cpu);
  if (exactTinyTrap(c, pgm, cpu.mem.getUint32(LOWCORE.DATA_EXC_CODE))) return [];

  const errors: string[] = [];
  for (let n = 0; n < 32; n++) {
    const want = c.o.v?.[n] !== undefined ? BigInt(`0x${c.o.v[n]}`) : vIn[n];
    const got = vr(cpu, n);
    if (got !== want && !fmaNaNChoice(c, n, got, want, vIn)) errors.push(`v${n} ${hex(got, 32)}, expected ${hex(want, 32)}`);
  }
  for (let n = 0; n < 10; n++) {
    const want = c.o.r?.[n] !== undefined ? BigInt(`0x${c.o.r[n]}`) : rIn[n];
    const got = reg(cpu, n);
    if (got !== want) errors.push(`r${n} ${hex(got, 16)}, expected ${hex(want, 16)}`);
  }
  if (pgm !== (c.o.pgm ?? 0)) errors.push(`program interruption ${pgm}, expected ${c.o.pgm ?? 0}`);
  const cc = pgm !== 0 ? (cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW) >>> PSW.CC_SHIFT) & 3 : cpu.cc;
  if (cc !== c.o.cc) errors.push(`CC ${cc}, expected ${c.o.cc}`);
  if (cpu.fpc !== c.o.fpc) errors.push(`FPC ${hex(BigInt(cpu.fpc), 8)}, expected ${hex(BigInt(c.o.fpc), 8)}`);
  const want = before.slice();
  for (const [off, h] of Object.entries(c.o.m ?? {})) want.set(Buffer.from(h, 'hex'), Number(off));
  const got = bytes.subarray(WINDOW_AT, WINDOW_AT + WINDOW);
  for (let i = 0; i < WINDOW; i++) {
    if (got[i] !== want[i]) {
      errors.push(`storage +${i}: ${Buffer.from(got.subarray(i, i + 16)).toString('hex')}, expected ${Buffer.from(want.subarray(i, i + 16)).toString('hex')}`);
      break;
    }
  }
  return errors;
}

for (const group of GROUPS) {
  describe(`vector oracle: ${group}`, () => {
    const file = load(group);
    const byMnemonic = new Map<string, GoldenCase[]>();
    for (const c of file.cases) {
      const mn = c.n.split(' ')[0];
      byMnemonic.set(mn, [...(byMnemonic.get(mn) ?? []), c]);
    }
    const cpu = newCpu();
    for (const [mn, cases] of byMnemonic) {
      it(`${mn} (${cases.length} cases)`, () => {
        const failures: string[] = [];
        for (const c of cases) {
          const errors = replay(cpu, c);
          if (errors.length) failures.push(`${c.n} [${c.h}]: ${errors.join('; ')}`);
        }
        expect(failures.slice(0, 8).join('\n')).toBe('');
      });
    }
  });
}
