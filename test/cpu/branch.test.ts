// Branch behaviour the qemu-s390x oracle cannot show (qemu-user has no BSM/BASSM and does
// not wrap BCR's register address outside 64-bit mode), written from the Principles of
// Operation: addressing-mode switching, link information with mode bits, 24/31-bit
// address wrap, and the data-exception code of COMPARE AND TRAP.
import { describe, expect, it } from 'vitest';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { CODE_AT, exec, newCpu, reg, type Setup } from './harness';

interface Case {
  name: string;
  hex: string;
  setup: Setup;
  /** Expected next instruction address, addressing mode and registers afterwards. */
  ia: number;
  amode: 24 | 31 | 64;
  r?: Record<number, bigint>;
}

const CASES: Case[] = [
  // BSM R1,R2 (0b): R1 records the current mode, R2 selects the new one.
  { name: 'bsm 64->31 records bit 63', hex: '0b34', setup: { r: { 3: 0x1111_1111_2222_2222n, 4: 0xffff_ffff_8003_0000n } },
    ia: 0x3_0000, amode: 31, r: { 3: 0x1111_1111_2222_2223n } },
  { name: 'bsm 64->24', hex: '0b34', setup: { r: { 3: 0n, 4: 0x7f03_0000n } }, ia: 0x3_0000, amode: 24, r: { 3: 1n } },
  { name: 'bsm 31->64 keeps address bits 0-31', hex: '0b34', setup: { amode: 31, r: { 3: 0xffff_ffffn, 4: 0x0000_0000_0003_0001n } },
    ia: 0x3_0000, amode: 64, r: { 3: 0xffff_ffffn } },
  { name: 'bsm 24->31 sets bit 32 of R1 to 0', hex: '0b34', setup: { amode: 24, r: { 3: 0xaaaa_aaaa_ffff_ffffn, 4: 0x8003_0000n } },
    ia: 0x3_0000, amode: 31, r: { 3: 0xaaaa_aaaa_7fff_ffffn } },
  { name: 'bsm 31 records bit 32 one', hex: '0b30', setup: { amode: 31, r: { 3: 0x1234n } }, ia: CODE_AT + 2, amode: 31, r: { 3: 0x8000_1234n } },
  { name: 'bsm r1=0 only branches', hex: '0b04', setup: { r: { 4: 0x3_0001n } }, ia: 0x3_0000, amode: 64 },
  { name: 'bsm r2=0 no branch, no mode change', hex: '0b30', setup: { r: { 3: 0n } }, ia: CODE_AT + 2, amode: 64, r: { 3: 1n } },
  // BASSM R1,R2 (0c): link with the mode bit, then as BSM.
  { name: 'bassm 64->31', hex: '0c34', setup: { r: { 3: -1n, 4: 0x8003_0000n } }, ia: 0x3_0000, amode: 31, r: { 3: BigInt(CODE_AT + 3) } },
  { name: 'bassm 31->64', hex: '0c34', setup: { amode: 31, r: { 3: -1n, 4: 0x3_0001n } }, ia: 0x3_0000, amode: 64,
    r: { 3: 0xffff_ffff_0000_0000n | BigInt(0x8000_0000 + CODE_AT + 2) } },
  { name: 'bassm 24->24', hex: '0c34', setup: { amode: 24, cc: 3, r: { 3: -1n, 4: 0x0103_0000n } }, ia: 0x3_0000, amode: 24,
    r: { 3: 0xffff_ffff_0000_0000n | BigInt(CODE_AT + 2) } },
  { name: 'bassm r2=0 links only', hex: '0c30', setup: { amode: 31 }, ia: CODE_AT + 2, amode: 31, r: { 3: 0xa5a5_a5a5_0000_0000n | BigInt(0x8000_0000 + CODE_AT + 2) } },
  // Register branch addresses wrap to the addressing mode.
  { name: 'bcr 24-bit wraps', hex: '07f4', setup: { amode: 24, r: { 4: 0xdead_beef_ff03_0000n } }, ia: 0x3_0000, amode: 24 },
  { name: 'bcr 31-bit wraps', hex: '07f4', setup: { amode: 31, r: { 4: 0xdead_beef_8003_0000n } }, ia: 0x3_0000, amode: 31 },
  { name: 'basr 31-bit wraps, link bit 32', hex: '0d34', setup: { amode: 31, r: { 3: 0n, 4: 0xffff_ffff_ffff_fffen } }, ia: 0x7fff_fffe, amode: 31,
    r: { 3: BigInt(0x8000_0000 + CODE_AT + 2) } },
  { name: 'balr 24-bit link ILC/CC/PM', hex: '0534', setup: { amode: 24, cc: 1, progMask: 0xc, r: { 3: 0n, 4: 0x1ff_0000n } }, ia: 0xff_0000, amode: 24,
    r: { 3: BigInt((0b01 << 30 | 1 << 28 | 0xc << 24 | (CODE_AT + 2)) >>> 0) } },
  { name: 'bc 64-bit beyond 4G', hex: '47f04000', setup: { r: { 4: 0x1_0000_0000n } }, ia: 0x1_0000_0000, amode: 64 },
];

const PSW_ADDR_HI = LOWCORE.PROGRAM_OLD_PSW + 8;

describe('branch and set mode, address wrap (PoP, no oracle)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { cpu, pgm } = exec(c.hex, { ...c.setup, r: { 3: 0xa5a5_a5a5_0000_0000n, ...c.setup.r } });
      expect(pgm).toBe(0);
      expect(cpu.ia.toString(16)).toBe(c.ia.toString(16));
      expect(cpu.amode).toBe(c.amode);
      for (const [n, v] of Object.entries(c.r ?? {})) expect(reg(cpu, Number(n)).toString(16), `r${n}`).toBe(BigInt.asUintN(64, v).toString(16));
    });
  }
});

describe('compare and trap', () => {
  it('stores DXC ff and points the old PSW after the instruction', () => {
    const { cpu, pgm } = exec('b9728012', { r: { 1: 5n, 2: 5n } }); // crte 1,2
    expect(pgm).toBe(PGM.DATA);
    expect(cpu.mem.getUint32(LOWCORE.DATA_EXC_CODE)).toBe(0xff);
    expect(cpu.mem.getUint32(PSW_ADDR_HI + 4)).toBe(CODE_AT + 4);
    expect(cpu.mem.getUint16(LOWCORE.PGM_ILC)).toBe(4);
  });
  it('puts the DXC in the FPC when CR0 AFP-register control is on', () => {
    const c0 = newCpu();
    c0.cr[1] |= 0x0004_0000;
    const { cpu, pgm } = exec('ec1000058072', { r: { 1: 5n } }, 1, c0); // cite 1,5
    expect(pgm).toBe(PGM.DATA);
    expect((cpu.fpc >>> 8) & 0xff).toBe(0xff);
  });
  it('does not trap when the mask does not select the result', () => {
    const { cpu, pgm } = exec('b9726012', { r: { 1: 5n, 2: 5n } }); // crt with mask 6 (not equal)
    expect(pgm).toBe(0);
    expect(cpu.ia).toBe(CODE_AT + 4);
  });
});
