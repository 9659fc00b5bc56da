// Replays the general-instruction oracle cases (test/cpu/fixtures/general-*.json, made by
// tools/cpu-oracle/general/gen.ts) on our Cpu and lists every difference. Like the string
// replay, a qemu-s390x case that ended in a signal is matched by exception class, a
// Hercules case by the exact interruption code, DXC, instruction length and old-PSW
// address. Access registers, FPRs, the FPC and CR8 are set directly (the oracle's code
// block around the instruction is an oracle detail).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CR0_AFP } from '../../emulator/cpu/cpu';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { outRanges } from '../../tools/cpu-oracle/string/case';
import { DATA_END } from '../../tools/cpu-oracle/string/case';
import type { GeneralFixture } from '../../tools/cpu-oracle/general/case';
import { CODE_AT, exec, fpr, newCpu, reg, setFpr } from './harness';
import { signalFor } from './string-oracle';

export function loadGeneral(domain: string): GeneralFixture[] {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `general-${domain}.json`), 'utf8')) as GeneralFixture[];
}

/** qemu-s390x 7.2 delivers a compare-and-trap data exception (DXC ff) as SIGFPE with si_code 0. */
const SIGFPE_NO_CODE = 8 << 16;
const DXC_COMPARE_AND_TRAP = 0xff;
const CR8_HI = 16, CR8_LO = 17, CR0_LO = 1;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const h64 = (v: bigint): string => v.toString(16).padStart(16, '0');

export function replayGeneral(c: GeneralFixture): string[] {
  const cpu = newCpu(DATA_END);
  if (c.ar) cpu.ar.set(c.ar);
  if (c.cr8 !== undefined) {
    const v = BigInt('0x' + c.cr8);
    cpu.cr[CR8_HI] = Number(v >> 32n);
    cpu.cr[CR8_LO] = Number(v & 0xffff_ffffn);
  }
  if (c.f || c.fpc !== undefined) cpu.cr[CR0_LO] |= CR0_AFP;
  for (const [n, v] of Object.entries(c.f ?? {})) setFpr(cpu, Number(n), BigInt('0x' + v));
  const r: Record<number, bigint> = {};
  for (const [n, v] of Object.entries(c.r ?? {})) r[Number(n)] = BigInt('0x' + v);
  const mem: Record<number, string> = {};
  for (const [a, h] of Object.entries(c.mem ?? {})) mem[Number(a)] = h;
  let { pgm } = exec(c.insn, { r, mem, cc: c.cc ?? 0, progMask: c.pm ?? 0, amode: c.amode ?? 64, fpc: c.fpc }, 1, cpu);
  for (let n = 0; c.loop && pgm === 0 && cpu.cc === 3 && n < 100_000; n++) {
    cpu.ia = CODE_AT;
    const before = cpu.programInterrupts;
    cpu.step();
    if (cpu.programInterrupts !== before) pgm = cpu.lastProgramInterrupt;
  }
  const e = c.expect, diffs: string[] = [];
  const dxc = cpu.mem.getUint32(LOWCORE.DATA_EXC_CODE);
  const cc = pgm !== 0 ? (cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW) >>> 12) & 3 : cpu.cc;
  if (e.kind === 0 && pgm !== 0) diffs.push(`program interruption ${pgm.toString(16)}, oracle completed`);
  if (e.kind === 1) {
    const sig = pgm === PGM.DATA && dxc === DXC_COMPARE_AND_TRAP ? SIGFPE_NO_CODE : signalFor(pgm);
    if (sig !== e.code) diffs.push(`program interruption ${pgm.toString(16)} (signal ${sig.toString(16)}), oracle signal ${e.code.toString(16)}`);
    else if (pgm === PGM.DATA && ((e.aux >>> 8) & 0xff) !== dxc) diffs.push(`DXC ${dxc.toString(16)}, oracle FPC ${e.aux.toString(16)}`);
  }
  if (e.kind === 2) {
    if (pgm !== e.code) diffs.push(`program interruption ${pgm.toString(16)}, oracle ${e.code.toString(16)}`);
    else {
      if (pgm === PGM.DATA && dxc !== e.aux) diffs.push(`DXC word ${dxc.toString(16)}, oracle ${e.aux.toString(16)}`);
      const ilc = cpu.mem.getUint16(LOWCORE.PGM_ILC);
      if (e.ilc !== undefined && ilc !== e.ilc) diffs.push(`ILC field ${ilc}, oracle ${e.ilc}`);
      const off = cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12) - CODE_AT;
      if (e.pswoff !== undefined && off !== e.pswoff) diffs.push(`old PSW +${off}, oracle +${e.pswoff}`);
    }
  }
  if (cc !== e.cc && !(c.loop && e.kind !== 0)) diffs.push(`cc ${cc}, oracle ${e.cc}`);
  for (let i = 0; i < 16; i++) {
    const got = h64(reg(cpu, i));
    if (got !== e.r[i]) diffs.push(`r${i} ${got}, oracle ${e.r[i]}`);
  }
  outRanges(c).forEach(([a, len], i) => {
    const got = hex(cpu.storage.bytes.subarray(a, a + len));
    if (got !== e.out[i]) diffs.push(`storage ${a.toString(16)}: ${got}, oracle ${e.out[i]}`);
  });
  e.ar?.forEach((h, i) => {
    const got = cpu.ar[i].toString(16).padStart(8, '0');
    if (got !== h) diffs.push(`a${i} ${got}, oracle ${h}`);
  });
  for (const [n, h] of Object.entries(e.f ?? {})) {
    const got = h64(fpr(cpu, Number(n)));
    if (got !== h) diffs.push(`f${n} ${got}, oracle ${h}`);
  }
  if (e.fpc !== undefined && cpu.fpc !== e.fpc) diffs.push(`fpc ${cpu.fpc.toString(16)}, oracle ${e.fpc.toString(16)}`);
  return diffs;
}
