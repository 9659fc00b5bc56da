// Address-space instructions (emulator/cpu/dat-space-ops.ts): SAC/SACF, IAC, EPAR/ESAR/
// EPAIR/ESAIR, SSAR, MVCP/MVCS, MVCSK/MVCDK and MVCOS as Linux's uaccess uses it.
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../emulator/cpu/cpu';
import { PSW } from '../../emulator/cpu/state';
import { ASCE, TABLE_TYPE } from '../../emulator/mmu/dat';
import { CR0, keysOf } from '../../emulator/mmu/keys';
import { CODE, newDatCpu, reg, runCode, setReg, Tables } from './tables';

const HEX = {
  sacf: (mode: number) => `b279${(mode << 8).toString(16).padStart(4, '0')}`, // sacf mode<<8
  sac: 'b2192000', // sac 0(%r2)
  iac: 'b2240010', // iac %r1
  epar: 'b2260010',
  esar: 'b2270010',
  epair: 'b99a0010',
  esair: 'b99b0010',
  ssar: 'b2250010',
  mvcp: 'da1420003000', // mvcp 0(%r1,%r2),0(%r3),%r4
  mvcs: 'db1420003000', // mvcs 0(%r1,%r2),0(%r3),%r4
  mvcos: 'c84020003000', // mvcos 0(%r2),0(%r3),%r4
  mvcsk: 'e50e20003000', // mvcsk 0(%r2),0(%r3)
  mvcdk: 'e50f20003000', // mvcdk 0(%r2),0(%r3)
};
const PGM = { PRIV: 0x02, PROT: 0x04, SPEC: 0x06, PAGE: 0x11, SPECIAL: 0x13, SPACE_SWITCH: 0x1c };
const AS = { PRIMARY: 0, AR: 1, SECONDARY: 2, HOME: 3 };
const U = 0x0040_0000; // a user buffer (secondary / primary space)
const K = 0x0060_0000; // a kernel buffer

/** Kernel (home, CR13) and user (CR1 and CR7) spaces as Linux sets them up; code in both. */
function spaces() {
  const cpu = newDatCpu();
  const user = new Tables(cpu, TABLE_TYPE.SEGMENT).map(CODE, CODE).map(U, 0x80_0000).map(U + 0x1000, 0x80_1000);
  const kernel = new Tables(cpu, TABLE_TYPE.SEGMENT, 0, user.end).map(CODE, CODE).map(K, 0x90_0000).map(K + 0x1000, 0x90_1000)
    .map(U, 0x91_0000);
  user.load(1).load(7);
  kernel.load(13);
  cpu.cr[1] |= CR0.SECONDARY_SPACE;
  return { cpu, user, kernel };
}

function fill(cpu: Cpu, at: number, n: number, seed: number): void {
  for (let i = 0; i < n; i++) cpu.mem.setUint8(at + i, (seed + i * 7) & 0xff);
}

function bytes(cpu: Cpu, at: number, n: number): number[] {
  return Array.from(cpu.storage.bytes.subarray(at, at + n));
}

describe('SAC and SACF', () => {
  const cases = [
    { name: 'SACF 0: primary', mode: 0, as: AS.PRIMARY },
    { name: 'SACF 256: secondary', mode: 1, as: AS.SECONDARY },
    { name: 'SACF 512: access register', mode: 2, as: AS.AR },
    { name: 'SACF 768: home', mode: 3, as: AS.HOME },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cpu } = spaces();
      expect(runCode(cpu, HEX.sacf(c.mode), { as: AS.HOME }).pgm).toBe(0);
      expect((cpu.pswMask & PSW.AS_MASK) >>> PSW.AS_SHIFT).toBe(c.as);
    });
  }

  it('exceptions: DAT off and no secondary-space control (special operation), bad mode, home in problem state', () => {
    const { cpu } = spaces();
    expect(runCode(cpu, HEX.sacf(1), { dat: false }).pgm).toBe(PGM.SPECIAL);
    expect(runCode(cpu, HEX.sacf(4)).pgm).toBe(PGM.SPEC);
    expect(runCode(cpu, HEX.sacf(3), { problem: true }).pgm).toBe(PGM.PRIV);
    expect(runCode(cpu, HEX.sacf(1), { problem: true }).pgm).toBe(0);
    cpu.cr[1] &= ~CR0.SECONDARY_SPACE;
    expect(runCode(cpu, HEX.sacf(0)).pgm).toBe(PGM.SPECIAL);
  });

  it('SAC into home mode is a space-switch event when CR1 asks for it; SACF never', () => {
    const { cpu } = spaces();
    cpu.cr[3] |= ASCE.SPACE_SWITCH;
    cpu.cr[9] = 0x0000_0042;
    setReg(cpu, 2, 0x300);
    const r = runCode(cpu, HEX.sac);
    expect(r.pgm).toBe(PGM.SPACE_SWITCH);
    expect(r.oldPsw).toBe(CODE + 4);
    expect(r.teid & 0xffff_ffffn).toBe(0x8000_0042n);
    expect((cpu.mem.getUint32(0x150) >>> PSW.AS_SHIFT) & 3).toBe(AS.HOME);
    expect(runCode(cpu, HEX.sacf(3)).pgm).toBe(0);
  });
});

describe('IAC and the ASN extractions', () => {
  it('IAC: the SAC mode number in bits 48-55 and in the condition code', () => {
    const { cpu } = spaces();
    for (const [as, mode] of [[AS.PRIMARY, 0], [AS.SECONDARY, 1], [AS.AR, 2], [AS.HOME, 3]]) {
      setReg(cpu, 1, 0xffff_ffff_ffff_ffffn);
      expect(runCode(cpu, HEX.iac, { as }).pgm).toBe(0);
      expect(reg(cpu, 1)).toBe(0xffff_ffff_ffff_00ffn | BigInt(mode << 8));
      expect(cpu.cc).toBe(mode);
    }
  });

  it('EPAR/ESAR read CR4 and CR3; EPAIR/ESAIR need the ASN-and-LX-reuse facility (not reported)', () => {
    const { cpu } = spaces();
    cpu.cr[8] = 0x1111_2222; cpu.cr[9] = 0x3333_0044;
    cpu.cr[6] = 0x5555_6666; cpu.cr[7] = 0x7777_0055;
    const cases: [string, bigint][] = [[HEX.epar, 0x44n], [HEX.esar, 0x55n]];
    for (const [hex, want] of cases) {
      setReg(cpu, 1, 0xabcd_0000_ffff_ffffn);
      expect(runCode(cpu, hex).pgm).toBe(0);
      expect(reg(cpu, 1)).toBe(0xabcd_0000_0000_0000n | want);
    }
    expect(runCode(cpu, HEX.epair).pgm).toBe(0x01);
    expect(runCode(cpu, HEX.esair).pgm).toBe(0x01);
    expect(runCode(cpu, HEX.epar, { dat: false }).pgm).toBe(PGM.SPECIAL);
    expect(runCode(cpu, HEX.epar, { problem: true }).pgm).toBe(PGM.PRIV);
    cpu.cr[1] |= 0x0800_0000;
    expect(runCode(cpu, HEX.epar, { problem: true }).pgm).toBe(0);
  });

  it('SSAR to the primary ASN makes the secondary space the primary one', () => {
    const { cpu, kernel } = spaces();
    kernel.load(7);
    cpu.cr[9] = 0x12;
    setReg(cpu, 1, 0x12);
    expect(runCode(cpu, HEX.ssar).pgm).toBe(PGM.SPECIAL);
    cpu.cr[29] |= 0x0008_0000;
    expect(runCode(cpu, HEX.ssar).pgm).toBe(0);
    expect([cpu.cr[14], cpu.cr[15], cpu.cr[7] & 0xffff]).toEqual([cpu.cr[2], cpu.cr[3], 0x12]);
  });
});

describe('MVCP and MVCS', () => {
  it('MVCP moves from the secondary to the primary space; over 256 bytes gives cc 3', () => {
    const { cpu, kernel } = spaces();
    kernel.load(1);
    fill(cpu, 0x80_0000, 300, 1);
    setReg(cpu, 1, 300);
    setReg(cpu, 2, K);
    setReg(cpu, 3, U);
    setReg(cpu, 4, 0);
    expect(runCode(cpu, HEX.mvcp).pgm).toBe(0);
    expect(cpu.cc).toBe(3);
    expect(bytes(cpu, 0x90_0000, 257)).toEqual([...bytes(cpu, 0x80_0000, 256), 0]);
    setReg(cpu, 1, 10);
    expect(runCode(cpu, HEX.mvcp).pgm).toBe(0);
    expect(cpu.cc).toBe(0);
  });

  it('MVCS moves from the primary to the secondary space, the secondary operand with the R3 key', () => {
    const { cpu, kernel } = spaces();
    kernel.load(1);
    fill(cpu, 0x90_0ff0, 32, 9);
    keysOf(cpu)[0x800] = 0x60;
    keysOf(cpu)[0x801] = 0x50;
    setReg(cpu, 1, 32);
    setReg(cpu, 2, U + 0xff0);
    setReg(cpu, 3, K + 0xff0);
    setReg(cpu, 4, 0x60);
    // Key 6 may store into the first page but not the second (ACC 5): nothing is stored.
    expect(runCode(cpu, HEX.mvcs).pgm).toBe(PGM.PROT);
    expect(bytes(cpu, 0x80_0ff0, 16)).toEqual(new Array(16).fill(0));
    keysOf(cpu)[0x800] = 0x50;
    setReg(cpu, 4, 0x50);
    expect(runCode(cpu, HEX.mvcs).pgm).toBe(0);
    expect([...bytes(cpu, 0x80_0ff0, 16), ...bytes(cpu, 0x80_1000, 16)]).toEqual(bytes(cpu, 0x90_0ff0, 32));
  });

  it('special operation in home mode or without secondary-space control; key authority in problem state', () => {
    const { cpu } = spaces();
    setReg(cpu, 1, 1);
    expect(runCode(cpu, HEX.mvcp, { as: AS.HOME }).pgm).toBe(PGM.SPECIAL);
    setReg(cpu, 2, U); setReg(cpu, 3, U); setReg(cpu, 4, 0x30);
    expect(runCode(cpu, HEX.mvcp, { problem: true }).pgm).toBe(PGM.PRIV);
    cpu.cr[7] = 0x1000_0000;
    expect(runCode(cpu, HEX.mvcp, { problem: true }).pgm).toBe(0);
    cpu.cr[1] &= ~CR0.SECONDARY_SPACE;
    expect(runCode(cpu, HEX.mvcp).pgm).toBe(PGM.SPECIAL);
  });
});

describe('MVCOS (Linux copy_from_user / copy_to_user)', () => {
  /** OAC with key, AS and both valid bits, as Linux builds it (key 0, secondary space). */
  const OAC_SECONDARY = 0x0083;

  it('copy from user: the source in the secondary space, the destination in home', () => {
    const { cpu } = spaces();
    fill(cpu, 0x80_0000, 200, 3);
    setReg(cpu, 0, OAC_SECONDARY);
    setReg(cpu, 2, K + 8);
    setReg(cpu, 3, U);
    setReg(cpu, 4, 200);
    expect(runCode(cpu, HEX.mvcos, { as: AS.HOME }).pgm).toBe(0);
    expect(cpu.cc).toBe(0);
    expect(bytes(cpu, 0x90_0008, 200)).toEqual(bytes(cpu, 0x80_0000, 200));
    // Without the OAC the source is in the home space (U maps to 0x91_0000 there).
    setReg(cpu, 0, 0);
    setReg(cpu, 2, K + 0x1000);
    expect(runCode(cpu, HEX.mvcos, { as: AS.HOME }).pgm).toBe(0);
    expect(bytes(cpu, 0x90_1000, 8)).toEqual(new Array(8).fill(0));
  });

  it('copy to user crossing a page, more than 4096 bytes: 4096 moved, cc 3, R3 unchanged', () => {
    const { cpu, user } = spaces();
    user.map(U + 0x2000, 0x80_2000);
    fill(cpu, 0x90_0000, 0x2000, 5);
    setReg(cpu, 0, OAC_SECONDARY << 16);
    setReg(cpu, 2, U + 0x800);
    setReg(cpu, 3, K);
    setReg(cpu, 4, 0x1_0000);
    expect(runCode(cpu, HEX.mvcos, { as: AS.HOME }).pgm).toBe(0);
    expect(cpu.cc).toBe(3);
    expect(reg(cpu, 4)).toBe(0x1_0000n);
    expect(bytes(cpu, 0x80_0800, 0x1000)).toEqual(bytes(cpu, 0x90_0000, 0x1000));
    expect(bytes(cpu, 0x80_1800, 4)).toEqual([0, 0, 0, 0]);
  });

  it('a fault in the user page is nullified and stores nothing', () => {
    const { cpu } = spaces();
    fill(cpu, 0x80_0000, 0x2000, 1);
    setReg(cpu, 0, OAC_SECONDARY);
    setReg(cpu, 2, K);
    setReg(cpu, 3, U + 0x1800);
    setReg(cpu, 4, 0x1000);
    const r = runCode(cpu, HEX.mvcos, { as: AS.HOME });
    expect(r.pgm).toBe(0x10 + 1);
    expect(r.oldPsw).toBe(CODE);
    expect(r.teid).toBe(BigInt(U + 0x2000) | 0x800n | 2n);
    expect(bytes(cpu, 0x90_0000, 16)).toEqual(new Array(16).fill(0));
  });

  it('needs DAT on; secondary needs CR0 bit 37', () => {
    const { cpu } = spaces();
    setReg(cpu, 0, OAC_SECONDARY);
    setReg(cpu, 4, 1);
    expect(runCode(cpu, HEX.mvcos, { dat: false }).pgm).toBe(PGM.SPECIAL);
    cpu.cr[1] &= ~CR0.SECONDARY_SPACE;
    expect(runCode(cpu, HEX.mvcos).pgm).toBe(PGM.SPECIAL);
  });
});

describe('MVCSK and MVCDK', () => {
  it('the key in GR1 applies to the source (MVCSK) or the destination (MVCDK)', () => {
    const cpu = newDatCpu();
    keysOf(cpu)[0x50] = 0x58; // ACC 5, fetch-protected
    fill(cpu, 0x5_0000, 16, 2);
    setReg(cpu, 0, 15);
    setReg(cpu, 2, 0x6_0000);
    setReg(cpu, 3, 0x5_0000);
    setReg(cpu, 1, 0x50);
    expect(runCode(cpu, HEX.mvcsk, { dat: false, key: 7 }).pgm).toBe(0x04);
    cpu.cr[7] = 0xffff_0000;
    expect(runCode(cpu, HEX.mvcsk, { dat: false, key: 0 }).pgm).toBe(0);
    expect(bytes(cpu, 0x6_0000, 16)).toEqual(bytes(cpu, 0x5_0000, 16));
    setReg(cpu, 1, 0x60);
    expect(runCode(cpu, HEX.mvcsk, { dat: false, key: 0 }).pgm).toBe(PGM.PROT);
    // MVCDK: store into the ACC-5 frame with key 5 from GR1.
    setReg(cpu, 1, 0x50);
    setReg(cpu, 2, 0x5_0100);
    setReg(cpu, 3, 0x6_0000);
    expect(runCode(cpu, HEX.mvcdk, { dat: false, key: 3 }).pgm).toBe(0);
    expect(bytes(cpu, 0x5_0100, 16)).toEqual(bytes(cpu, 0x6_0000, 16));
  });
});
