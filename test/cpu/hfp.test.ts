// HFP basics (PoP chapter 18): cases computed by hand from the architecture, since
// qemu-s390x implements no HFP arithmetic. Fractions are hex digits; 1.0 is 41100000.
import { describe, expect, it } from 'vitest';
import { exec, fpr } from './harness';

interface Case {
  name: string;
  hex: string;
  f: Record<number, bigint>;
  progMask?: number;
  /** Expected FPR 4, condition code (undefined: unchanged from 3), program interruption. */
  f4: bigint;
  cc?: number;
  pgm?: number;
}

const ONE = 0x4110_0000_0000_0000n;
const TWO = 0x4120_0000_0000_0000n;
const HALF = 0x4080_0000_0000_0000n;
const ALL = 0xffff_ffff_ffff_ffffn;

const CASES: Case[] = [
  { name: 'LTDR negative', hex: '2241', f: { 1: 0xc110_0000_0000_0000n }, f4: 0xc110_0000_0000_0000n, cc: 1 },
  { name: 'LTDR zero fraction, nonzero characteristic', hex: '2241', f: { 1: 0x4100_0000_0000_0000n }, f4: 0x4100_0000_0000_0000n, cc: 0 },
  { name: 'LCER keeps the right half', hex: '3341', f: { 1: 0x4110_0000_1234_5678n, 4: ALL }, f4: 0xc110_0000_ffff_ffffn, cc: 1 },
  { name: 'LPDR', hex: '2041', f: { 1: 0xc120_0000_0000_0000n }, f4: TWO, cc: 2 },
  { name: 'LNDR', hex: '2141', f: { 1: TWO }, f4: 0xc120_0000_0000_0000n, cc: 1 },
  { name: 'ADR 1+2', hex: '2a41', f: { 4: ONE, 1: TWO }, f4: 0x4130_0000_0000_0000n, cc: 2 },
  { name: 'ADR 1-1 is a true zero', hex: '2a41', f: { 4: ONE, 1: 0xc110_0000_0000_0000n }, f4: 0n, cc: 0 },
  { name: 'ADR 1-1 with significance mask', hex: '2a41', f: { 4: ONE, 1: 0xc110_0000_0000_0000n }, progMask: 1, f4: 0x4100_0000_0000_0000n, cc: 0, pgm: 0x0e },
  { name: 'AER 1+0.5', hex: '3a41', f: { 4: ONE, 1: HALF }, f4: 0x4118_0000_0000_0000n, cc: 2 },
  { name: 'AER carry 15+1', hex: '3a41', f: { 4: 0x41f0_0000_0000_0000n, 1: ONE }, f4: 0x4210_0000_0000_0000n, cc: 2 },
  { name: 'SDR 1-0.5 normalizes', hex: '2b41', f: { 4: ONE, 1: HALF }, f4: HALF, cc: 2 },
  { name: 'SDR 1-16^-14 uses the guard digit', hex: '2b41', f: { 4: ONE, 1: 0x3310_0000_0000_0000n }, f4: 0x40ff_ffff_ffff_ffffn, cc: 2 },
  { name: 'SDR 1-16^-15 is lost beyond the guard digit', hex: '2b41', f: { 4: ONE, 1: 0x3210_0000_0000_0000n }, f4: ONE, cc: 2 },
  { name: 'CDR low', hex: '2941', f: { 4: ONE, 1: TWO }, f4: ONE, cc: 1 },
  { name: 'CDR high', hex: '2941', f: { 4: TWO, 1: ONE }, f4: TWO, cc: 2 },
  { name: 'CDR zero fractions are equal', hex: '2941', f: { 4: 0x4100_0000_0000_0000n, 1: 0x8000_0000_0000_0000n }, f4: 0x4100_0000_0000_0000n, cc: 0 },
  { name: 'MDR 2*3', hex: '2c41', f: { 4: TWO, 1: 0x4130_0000_0000_0000n }, f4: 0x4160_0000_0000_0000n },
  { name: 'MEER 2*0.5', hex: 'b3370041', f: { 4: TWO, 1: HALF }, f4: ONE },
  { name: 'MDER short*short to long', hex: '3c41', f: { 4: 0x4110_0000_ffff_ffffn, 1: 0x4130_0000_0000_0000n }, f4: 0x4130_0000_0000_0000n },
  { name: 'DDR 6/2', hex: '2d41', f: { 4: 0x4160_0000_0000_0000n, 1: TWO }, f4: 0x4130_0000_0000_0000n },
  { name: 'DER 1/3 truncates', hex: '3d41', f: { 4: ONE, 1: 0x4130_0000_0000_0000n }, f4: 0x4055_5555_0000_0000n },
  { name: 'DDR by zero', hex: '2d41', f: { 4: ONE, 1: 0n }, f4: ONE, pgm: 0x0f },
  { name: 'HDR 1.0', hex: '2441', f: { 1: ONE }, f4: HALF },
  { name: 'HDR 2.0', hex: '2441', f: { 1: TWO }, f4: ONE },
  { name: 'HER keeps the right half', hex: '3441', f: { 1: ONE, 4: ALL }, f4: 0x4080_0000_ffff_ffffn },
  { name: 'MDR exponent overflow wraps', hex: '2c41', f: { 4: 0x7f10_0000_0000_0000n, 1: 0x4210_0000_0000_0000n }, f4: 0x0010_0000_0000_0000n, pgm: 0x0c },
  { name: 'MDR exponent underflow gives a true zero', hex: '2c41', f: { 4: 0x0110_0000_0000_0000n, 1: 0x3f10_0000_0000_0000n }, f4: 0n },
  { name: 'MDR exponent underflow with its mask', hex: '2c41', f: { 4: 0x0110_0000_0000_0000n, 1: 0x3f10_0000_0000_0000n }, progMask: 2, f4: 0x7f10_0000_0000_0000n, pgm: 0x0d },
  { name: 'LEDR rounds up', hex: '3541', f: { 1: 0x4112_3456_8000_0000n, 4: ALL }, f4: 0x4112_3457_ffff_ffffn },
  { name: 'LEDR rounds down', hex: '3541', f: { 1: 0x4112_3456_7fff_ffffn, 4: ALL }, f4: 0x4112_3456_ffff_ffffn },
  { name: 'LEDR carry shifts the fraction', hex: '3541', f: { 1: 0x41ff_ffff_8000_0000n, 4: 0n }, f4: 0x4210_0000_0000_0000n },
  { name: 'LDER', hex: 'b3240041', f: { 1: 0x4112_3456_ffff_ffffn, 4: ALL }, f4: 0x4112_3456_0000_0000n },
  { name: 'AE from storage', hex: '7a40a000', f: { 4: ONE }, f4: 0x4118_0000_0000_0000n, cc: 2 },
];

describe('hfp basics', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { cpu, pgm } = exec(c.hex, { f: c.f, cc: 3, progMask: c.progMask ?? 0, r: { 10: 0x8000n }, mem: { 0x8000: '40800000' } });
      expect(pgm.toString(16)).toBe((c.pgm ?? 0).toString(16));
      expect(fpr(cpu, 4).toString(16)).toBe(c.f4.toString(16));
      const cc = pgm !== 0 ? (cpu.mem.getUint32(0x150) >>> 12) & 3 : cpu.cc;
      expect(cc).toBe(c.cc ?? 3);
    });
  }
});
