// IEEE traps the qemu-s390x oracle cannot show (it suppresses them): overflow, underflow
// and inexact with their FPC mask on complete the instruction with the (scaled) result and
// then take a data exception whose DXC says inexact (x) and incremented (y); the DXC goes
// to lowcore 0x90 and, with CR0 AFP on, to FPC byte 2. Expected values computed by hand.
import { describe, expect, it } from 'vitest';
import { CR0_AFP } from '../../emulator/cpu/cpu';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { CODE_AT, exec, fpr, newCpu } from './harness';

const MASK = { O: 0x2000_0000, U: 0x1000_0000, X: 0x0800_0000, I: 0x8000_0000 };

interface Case { name: string; hex: string; f4: bigint; f1: bigint; fpc: number; want: bigint; dxc: number; cc?: number }

const CASES: Case[] = [
  // max + max = 1.fffffe * 2^128; scaled by 2^-192 it is exact: 1.fffffe * 2^-64.
  { name: 'AEBR overflow, exact scaled result', hex: 'b30a0041', f4: 0x7f7f_ffffn << 32n, f1: 0x7f7f_ffffn << 32n, fpc: MASK.O, want: 0x1fff_ffffn << 32n, dxc: 0x20, cc: 2 },
  // min normal * 0.5 = 2^-127 (exact, tiny); scaled by 2^192: 2^65.
  { name: 'MEEBR exact tiny result traps with the underflow mask', hex: 'b3170041', f4: 0x0080_0000n << 32n, f1: 0x3f00_0000n << 32n, fpc: MASK.U, want: 0x6000_0000n << 32n, dxc: 0x10 },
  // 1/3 rounds up to 3eaaaaab: inexact and incremented, result stored.
  { name: 'DEBR inexact trap stores the rounded result', hex: 'b30d0041', f4: 0x3f80_0000n << 32n, f1: 0x4040_0000n << 32n, fpc: MASK.X, want: 0x3eaa_aaabn << 32n, dxc: 0x0c },
  // 2/3 = 0.10101..., truncated toward zero: inexact, not incremented.
  { name: 'DEBR inexact trap, round toward zero', hex: 'b30d0041', f4: 0x4000_0000n << 32n, f1: 0x4040_0000n << 32n, fpc: MASK.X | 1, want: 0x3f2a_aaaan << 32n, dxc: 0x08 },
  // 0/0 with the invalid mask: suppressed, the target keeps its value.
  { name: 'DEBR invalid is suppressing', hex: 'b30d0041', f4: 0n, f1: 0n, fpc: MASK.I, want: 0n, dxc: 0x80 },
];

describe('bfp traps (architecture, beyond the qemu oracle)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const cpu = newCpu();
      cpu.cr[1] |= CR0_AFP;
      const { pgm } = exec(c.hex, { f: { 4: c.f4, 1: c.f1 }, fpc: c.fpc, cc: 3 }, 1, cpu);
      expect(pgm).toBe(PGM.DATA);
      expect(fpr(cpu, 4).toString(16)).toBe(c.want.toString(16));
      expect(cpu.mem.getUint32(LOWCORE.DATA_EXC_CODE)).toBe(c.dxc);
      expect((cpu.fpc >>> 8) & 0xff).toBe(c.dxc);
      expect(cpu.fpc & 0x00ff_0000).toBe(0); // no flags for a trapped exception
      expect(cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12)).toBe(CODE_AT + 4);
      expect((cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW) >>> 12) & 3).toBe(c.cc ?? 3);
    });
  }
  it('leaves the FPC DXC alone when CR0 AFP is off', () => {
    const { cpu, pgm } = exec('b30d0041', { f: { 4: 0n, 1: 0n }, fpc: MASK.I });
    expect(pgm).toBe(PGM.DATA);
    expect(cpu.mem.getUint32(LOWCORE.DATA_EXC_CODE)).toBe(0x80);
    expect(cpu.fpc).toBe(MASK.I);
  });
});
