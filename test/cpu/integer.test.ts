// Hand-written integer-instruction cases for PoP behaviour neither oracle can record:
// qemu-s390x 7.2 lacks it or gets it wrong and Hercules 3.13 lacks the instruction or
// crashes (each case says which). Expected values follow the Principles of Operation.
import { describe, expect, it } from 'vitest';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { CODE_AT, exec, newCpu, reg, type Setup } from './harness';

const FIXED_OVERFLOW = 8;
const DATA = 0x8_0000;
const M64 = 0xffff_ffff_ffff_ffffn;

interface Case {
  name: string;
  hex: string;
  setup: Setup;
  /** Registers expected to change (others must keep their setup value). */
  r?: Record<number, bigint>;
  cc?: number;
  pgm?: number;
  /** Next instruction address when no interruption. */
  next?: number;
  /** Storage expected after: address → hex. */
  mem?: Record<number, string>;
}

const CASES: Case[] = [
  // ---- relative-long operands must be aligned (qemu-s390x does not check) -------------------
  ...(['c42d', 'c428', 'c42c', 'c42e', 'c60d', 'c608', 'c60c', 'c60f', 'c60a', 'c60e'] as const).map((op) => ({
    name: `${op} misaligned operand: specification`, hex: `${op.slice(0, 2)}2${op[3]}${(0x38001).toString(16).padStart(8, '0')}`,
    setup: { r: { 2: 0x1234n }, cc: 2 }, pgm: PGM.SPECIFICATION, cc: 2,
  })),
  ...(['c42f', 'c42b'] as const).map((op) => ({
    name: `${op} (store) misaligned operand: specification, storage unchanged`,
    hex: `${op.slice(0, 2)}2${op[3]}${(0x38001).toString(16).padStart(8, '0')}`,
    setup: { r: { 2: M64 }, mem: { [DATA]: '0000000000000000' } }, pgm: PGM.SPECIFICATION, cc: 0,
    mem: { [DATA]: '0000000000000000' },
  })),
  { name: 'lrl aligned operand loads', hex: 'c42d00038000', setup: { mem: { [DATA]: '89abcdef' } }, r: { 2: 0x89ab_cdefn } },

  // ---- LARL: offsets of 2^31 bytes and more; wrap in the 31- and 24-bit modes ---------------
  { name: 'larl -2^32 (64-bit)', hex: 'c02080000000', setup: {}, r: { 2: 0xffff_ffff_0001_0000n } },
  { name: 'larl +2^32-2 (64-bit)', hex: 'c0207fffffff', setup: {}, r: { 2: 0x1_0000_fffen } },
  { name: 'larl wraps at 2^31 (31-bit), bits 0-31 unchanged', hex: 'c0203fffffff',
    setup: { amode: 31, r: { 2: 0x1122_3344_5566_7788n } }, r: { 2: 0x1122_3344_0000_fffen } },
  { name: 'larl wraps at 2^24 (24-bit), bits 0-31 unchanged', hex: 'c0207fffffff',
    setup: { amode: 24, r: { 2: 0x1122_3344_5566_7788n } }, r: { 2: 0x1122_3344_0000_fffen } },

  // ---- D / DR of -2^63 by -1 (stops both qemu-s390x and Hercules 3.13) ---------------------
  { name: 'dr -2^63 / -1: fixed-point divide, registers unchanged', hex: '1d24',
    setup: { r: { 2: 0x8000_0000n, 3: 0n, 4: 0xffff_ffffn }, cc: 1 }, pgm: PGM.FIXED_POINT_DIVIDE, cc: 1 },
  { name: 'd -2^63 / -1: fixed-point divide', hex: '5d208000',
    setup: { r: { 2: 0x8000_0000n, 3: 0n, 8: BigInt(DATA) }, mem: { [DATA]: 'ffffffff' } }, pgm: PGM.FIXED_POINT_DIVIDE, cc: 0 },
  { name: 'dr -2^63 / 1 overflows too', hex: '1d24',
    setup: { r: { 2: 0x8000_0000n, 3: 0n, 4: 1n } }, pgm: PGM.FIXED_POINT_DIVIDE, cc: 0 },
  { name: 'dr -2^62 / -2^31 = 2^31 overflows', hex: '1d24',
    setup: { r: { 2: 0xc000_0000n, 3: 0n, 4: 0x8000_0000n } }, pgm: PGM.FIXED_POINT_DIVIDE, cc: 0 },
  { name: 'dr -2^31 * (2^31-1) / (2^31-1) = -2^31 just fits', hex: '1d24',
    setup: { r: { 2: 0xc000_0000n, 3: 0x8000_0000n, 4: 0x7fff_ffffn } }, r: { 2: 0n, 3: 0x8000_0000n } },

  // ---- overflow under the program mask for the arch12 forms (not in Hercules 3.13) -----------
  { name: 'msc overflow: product stored, CC 3, fixed-point overflow', hex: 'e32080000053',
    setup: { r: { 2: 0x1_0000n, 8: BigInt(DATA) }, mem: { [DATA]: '00010000' }, progMask: FIXED_OVERFLOW },
    r: { 2: 0n }, pgm: PGM.FIXED_POINT_OVERFLOW, cc: 3 },
  { name: 'msrkc -2^31 * -1 overflows', hex: 'b9fd6024',
    setup: { r: { 4: 0x8000_0000n, 6: 0xffff_ffffn }, progMask: FIXED_OVERFLOW },
    r: { 2: 0x8000_0000n }, pgm: PGM.FIXED_POINT_OVERFLOW, cc: 3 },
  { name: 'msgrkc -2^63 * -1 overflows', hex: 'b9ed6024',
    setup: { r: { 4: 0x8000_0000_0000_0000n, 6: M64 }, progMask: FIXED_OVERFLOW },
    r: { 2: 0x8000_0000_0000_0000n }, pgm: PGM.FIXED_POINT_OVERFLOW, cc: 3 },
  { name: 'msgc 2^32 * 2^31 overflows', hex: 'e32080000083',
    setup: { r: { 2: 0x1_0000_0000n, 8: BigInt(DATA) }, mem: { [DATA]: '0000000080000000' }, progMask: FIXED_OVERFLOW },
    r: { 2: 0x8000_0000_0000_0000n }, pgm: PGM.FIXED_POINT_OVERFLOW, cc: 3 },
  { name: 'msgrkc without overflow under the mask', hex: 'b9ed6024',
    setup: { r: { 4: 0x4000_0000_0000_0000n, 6: M64 }, progMask: FIXED_OVERFLOW }, r: { 2: 0xc000_0000_0000_0000n }, cc: 1 },
  { name: 'agh overflow', hex: 'e32080000038',
    setup: { r: { 2: 0x7fff_ffff_ffff_ffffn, 8: BigInt(DATA) }, mem: { [DATA]: '0001' }, progMask: FIXED_OVERFLOW },
    r: { 2: 0x8000_0000_0000_0000n }, pgm: PGM.FIXED_POINT_OVERFLOW, cc: 3 },
  { name: 'sgh overflow', hex: 'e32080000039',
    setup: { r: { 2: 0x8000_0000_0000_0000n, 8: BigInt(DATA) }, mem: { [DATA]: '0001' }, progMask: FIXED_OVERFLOW },
    r: { 2: 0x7fff_ffff_ffff_ffffn }, pgm: PGM.FIXED_POINT_OVERFLOW, cc: 3 },
  { name: 'alsih never overflows (CC 3 is the carry)', hex: 'cc2affffffff',
    setup: { r: { 2: 0x8000_0000_0000_0000n }, progMask: FIXED_OVERFLOW }, r: { 2: 0x7fff_ffff_0000_0000n }, cc: 3 },

  // ---- count branches: address wrap and the high word -----------------------------------------
  { name: 'bctr branch address wraps to 24 bits', hex: '0624',
    setup: { amode: 24, r: { 2: 2n, 4: 0x5501_0100n } }, r: { 2: 1n }, next: 0x1_0100 },
  { name: 'brcth counts bits 0-31 only', hex: 'cc2600000080',
    setup: { r: { 2: 0x0000_0001_0000_0000n } }, r: { 2: 0n }, next: CODE_AT + 6 },
  { name: 'brcth branches while bits 0-31 are not zero', hex: 'cc2600000080',
    setup: { r: { 2: 0x0000_0002_0000_0000n } }, r: { 2: 0x0000_0001_0000_0000n }, next: CODE_AT + 0x100 },

  // ---- multiple loads/stores: an access exception changes nothing --------------------------------
  { name: 'stmg into the end of storage: addressing, storage unchanged', hex: 'eb0f80000024',
    setup: { r: { 8: 0xf_fff8n } }, pgm: PGM.ADDRESSING, cc: 0, mem: { 0xf_fff8: '0000000000000000' } },
  { name: 'lm across the end of storage: addressing, registers unchanged', hex: '98088000',
    setup: { r: { 8: 0xf_fff8n } }, pgm: PGM.ADDRESSING, cc: 0 },
  { name: 'stm crossing a page stores every word', hex: '90258ffc',
    setup: { r: { 2: 0x11n, 3: 0x22n, 4: 0x33n, 5: 0x44n, 8: BigInt(DATA) } },
    mem: { [DATA + 0xffc]: '00000011000000220000003300000044' } },
];

function runCase(c: Case): void {
  const { cpu, pgm } = exec(c.hex, c.setup);
  expect(pgm, 'program interruption').toBe(c.pgm ?? 0);
  for (let n = 0; n < 16; n++) {
    const want = BigInt.asUintN(64, c.r?.[n] ?? c.setup.r?.[n] ?? 0n);
    expect(reg(cpu, n).toString(16), `r${n}`).toBe(want.toString(16));
  }
  if (c.pgm) {
    const old = cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW);
    expect((old >>> PSW.CC_SHIFT) & 3, 'old PSW CC').toBe(c.cc ?? 0);
    expect(cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12), 'old PSW address').toBe(CODE_AT + c.hex.length / 2);
  } else {
    if (c.cc !== undefined) expect(cpu.cc, 'CC').toBe(c.cc);
    expect(cpu.ia, 'next instruction').toBe(c.next ?? CODE_AT + c.hex.length / 2);
  }
  for (const [addr, h] of Object.entries(c.mem ?? {})) {
    expect(Buffer.from(cpu.storage.bytes.subarray(Number(addr), Number(addr) + h.length / 2)).toString('hex'), `storage ${addr}`).toBe(h);
  }
}

describe('integer instructions (PoP cases the oracles cannot record)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_n, c) => runCase(c));
});

/** Runs one instruction with the PSW address-space control set (the harness keeps it 0). */
function runWithAsc(hex: string, asc: number, setup: { r?: Record<number, bigint>; ar?: Record<number, number> }) {
  const cpu = newCpu();
  cpu.storage.bytes.set(Buffer.from(hex, 'hex'), CODE_AT);
  for (const [n, v] of Object.entries(setup.r ?? {})) cpu.setR64(Number(n), Number(v >> 32n), Number(v & 0xffff_ffffn));
  for (const [n, v] of Object.entries(setup.ar ?? {})) cpu.ar[Number(n)] = v;
  cpu.loadPsw((PSW.EA | (asc << PSW.AS_SHIFT)) >>> 0, PSW_BA, 0, CODE_AT);
  cpu.step();
  return cpu;
}

describe('LOAD ADDRESS EXTENDED sets access register R1 by address-space control', () => {
  const ASC = { primary: 0, accessRegister: 1, secondary: 2, home: 3 };
  it.each([
    ['primary', ASC.primary, 'lae', 0],
    ['secondary', ASC.secondary, 'lae', 1],
    ['home', ASC.home, 'lae', 2],
    ['access-register mode copies AR B2', ASC.accessRegister, 'lae', 0x0000_0107],
    ['laey in access-register mode', ASC.accessRegister, 'laey', 0x0000_0107],
  ] as const)('%s', (_n, asc, mn, want) => {
    const hex = mn === 'lae' ? '51238010' : 'e32380100075';
    const cpu = runWithAsc(hex, asc, { r: { 8: 0x1000n }, ar: { 8: 0x107, 2: 0xdead } });
    expect(reg(cpu, 2)).toBe(0x1010n);
    expect(cpu.ar[2]).toBe(want);
  });
  it('base register 0 in access-register mode gives ALET 0', () => {
    const cpu = runWithAsc('51200010', ASC.accessRegister, { ar: { 2: 0xdead } });
    expect(reg(cpu, 2)).toBe(0x10n);
    expect(cpu.ar[2]).toBe(0);
  });
});
