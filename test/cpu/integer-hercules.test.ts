// Replays the integer cases recorded on Hercules (test/cpu/fixtures/integer-hercules.json,
// made by tools/cpu-oracle/integer/hercules.ts): the PoP behaviour qemu-s390x 7.2 gets
// wrong or cannot run -- fixed-point-overflow interruptions under the program mask,
// STORE MULTIPLE HIGH, LOAD ADDRESS in the 24/31-bit modes, COMPARE AND SWAP AND STORE
// with function code 0 and store characteristic 0.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import { PSW } from '../../emulator/cpu/state';
import type { HerculesCase } from '../../tools/cpu-oracle/integer/hercules';
import { CODE_AT, exec, newCpu, reg } from './harness';

const file = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'integer-hercules.json'), 'utf8')) as { cases: HerculesCase[] };
/** The runner's data area ends at 2 MiB; a bit more storage keeps every case inside. */
const STORAGE = 4 << 20;

function replay(c: HerculesCase): string[] {
  const r: Record<number, bigint> = {};
  c.r.forEach((h, n) => { r[n] = BigInt(`0x${h}`); });
  const { cpu, pgm } = exec(c.h, { r, cc: c.cc, progMask: c.pm, amode: c.am ?? 64, mem: c.m ?? {} }, 1, newCpu(STORAGE));
  const errors: string[] = [];
  c.o.r.forEach((h, n) => {
    const got = reg(cpu, n).toString(16).padStart(16, '0');
    if (got !== h) errors.push(`r${n} ${got}, expected ${h}`);
  });
  if (pgm !== (c.o.pgm ?? 0)) errors.push(`program interruption ${pgm}, expected ${c.o.pgm ?? 0}`);
  if (pgm !== 0) {
    const oldCc = (cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW) >>> PSW.CC_SHIFT) & 3;
    if (oldCc !== c.o.cc) errors.push(`old PSW CC ${oldCc}, expected ${c.o.cc}`);
    const off = cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12) - CODE_AT;
    if (off !== c.o.pswoff) errors.push(`old PSW address +${off}, expected +${c.o.pswoff}`);
  } else if (cpu.cc !== c.o.cc) {
    errors.push(`CC ${cpu.cc}, expected ${c.o.cc}`);
  }
  for (const [addr, h] of Object.entries(c.o.m ?? {})) {
    const got = Buffer.from(cpu.storage.bytes.subarray(Number(addr), Number(addr) + h.length / 2)).toString('hex');
    if (got !== h) errors.push(`storage ${Number(addr).toString(16)}: ${got}, expected ${h}`);
  }
  return errors;
}

describe('integer cases recorded on Hercules', () => {
  it.each(file.cases.map((c) => [c.n, c] as const))('%s', (_name, c) => {
    expect(replay(c)).toEqual([]);
  });
  it('has the recorded cases', () => {
    expect(file.cases.length).toBeGreaterThan(90);
  });
});
