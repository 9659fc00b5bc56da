// Hand-written cases for the general instructions where the oracles depart from the
// Principles of Operation or cannot reach: DIVIDE TO INTEGER rounding methods and IEEE
// conditions that Hercules 3.13 gets wrong (QEMU 7.2 has no DIEBR/DIDBR), TRTE/TRTRE
// length checks Hercules 3.13 skips, TRAP with DAT on, and the facility gate (no oracle
// has a switch for it).
import { describe, expect, it } from 'vitest';
import { FACILITY_GATES, FACILITY_GATED_HANDLERS, gatedHandlers, requireFacility } from '../../emulator/cpu/facility-gate';
import { GuestHalt, PGM, ProgramInterrupt } from '../../emulator/cpu/interrupts';
import { hasFacility } from '../../emulator/machine/facilities';
import type { Handler } from '../../emulator/cpu/decoded';
import { exec, fpr, newCpu } from './harness';
import { CODE, newDatCpu, runCode, Tables } from '../mmu/tables';
import { TABLE_TYPE } from '../../emulator/mmu/dat';

const SHORT = (x: number): bigint => {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x);
  return BigInt(v.getUint32(0)) << 32n;
};
const LONG = (x: number): bigint => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
};
/** diebr/didbr f1,f3,f2,m4: remainder into f1, quotient into f3. */
const DIEBR = (m4: number): string => `b3533${m4.toString(16)}12`;
const DIDBR = (m4: number): string => `b35b3${m4.toString(16)}12`;
const FPC_INEXACT_FLAG = 0x0008_0000, FPC_INEXACT_MASK = 0x0800_0000, FPC_UNDERFLOW_MASK = 0x1000_0000;
const DXC_UNDERFLOW = 0x10, DXC_INEXACT_INCREMENTED = 0x0c;

describe('DIVIDE TO INTEGER (PoP, hand-written)', () => {
  const cases: [string, string, bigint, bigint, number, bigint, bigint][] = [
    // name, insn, dividend, divisor, fpc, remainder, quotient
    ['diebr 5/2 ties away (M4 1)', DIEBR(1), SHORT(5), SHORT(2), 0, SHORT(-1), SHORT(3)],
    ['diebr -0.5/1 ties away (M4 1)', DIEBR(1), SHORT(-0.5), SHORT(1), 0, SHORT(0.5), SHORT(-1)],
    ['didbr 2.5/1 ties away (M4 1)', DIDBR(1), LONG(2.5), LONG(1), 0, LONG(-0.5), LONG(3)],
    ['didbr 10/4 prepare for shorter precision (M4 3)', DIDBR(3), LONG(10), LONG(4), 0, LONG(-2), LONG(3)],
    ['diebr 12/4 prepare for shorter precision, exact (M4 3)', DIEBR(3), SHORT(12), SHORT(4), 0, SHORT(0), SHORT(3)],
    ['didbr 7/2 with FPC mode 7 (prepare for shorter precision)', DIDBR(0), LONG(7), LONG(2), 7, LONG(1), LONG(3)],
  ];
  for (const [name, insn, a, b, fpc, rem, quo] of cases) {
    it(name, () => {
      const { cpu, pgm } = exec(insn, { f: { 1: a, 2: b, 3: 0n }, fpc });
      expect(pgm).toBe(0);
      expect([fpr(cpu, 1), fpr(cpu, 3), cpu.cc]).toEqual([rem, quo, 0]);
    });
  }

  it('an inexact remainder sets the inexact flag', () => {
    // 0.001 - 7*1 (quotient rounded up, M4 6) is not a short number.
    const { cpu, pgm } = exec(DIEBR(6), { f: { 1: SHORT(1e-3), 2: SHORT(7), 3: 0n }, fpc: 0 });
    expect(pgm).toBe(0);
    expect(fpr(cpu, 3)).toBe(SHORT(1));
    expect(fpr(cpu, 1)).toBe(SHORT(Math.fround(Math.fround(1e-3) - 7)));
    expect(cpu.fpc).toBe(FPC_INEXACT_FLAG);
  });

  it('an inexact remainder with the inexact mask on completes, then traps (DXC inexact, incremented)', () => {
    // A tiny dividend over 1, quotient rounded up: the remainder -(1 - tiny) rounds to -1.
    const { cpu, pgm } = exec(DIDBR(6), { f: { 1: 0x3c00_0000_0000_0001n, 2: LONG(1), 3: 0n }, fpc: FPC_INEXACT_MASK });
    expect(pgm).toBe(PGM.DATA);
    expect([fpr(cpu, 1), fpr(cpu, 3)]).toEqual([LONG(-1), LONG(1)]);
    expect(cpu.mem.getUint32(0x90)).toBe(DXC_INEXACT_INCREMENTED);
  });

  it('a tiny remainder with the underflow mask on traps with the scaled remainder', () => {
    // 3 and 2 times the smallest subnormal: quotient 2, remainder -2^-149, scaled by 2^192.
    const { cpu, pgm } = exec(DIEBR(0), { f: { 1: 3n << 32n, 2: 2n << 32n, 3: 0n }, fpc: FPC_UNDERFLOW_MASK });
    expect(pgm).toBe(PGM.DATA);
    expect(fpr(cpu, 1)).toBe(SHORT(-(2 ** 43)));
    expect(fpr(cpu, 3)).toBe(SHORT(2));
    expect(cpu.mem.getUint32(0x90)).toBe(DXC_UNDERFLOW);
  });
});

describe('TRANSLATE AND TEST EXTENDED (PoP, hand-written)', () => {
  for (const [name, op] of [['trte', 'b9bf'], ['trtre', 'b9bd']]) {
    it(`${name} with 2-byte arguments and an odd length is a specification exception`, () => {
      const { cpu, pgm } = exec(`${op}8026`, { r: { 1: 0x8000n, 2: 0x1000n, 3: 7n, 6: 5n } });
      expect(pgm).toBe(PGM.SPECIFICATION);
      expect(cpu.r32(3)).toBe(7);
    });
  }
});

describe('facility gate', () => {
  const all = FACILITY_GATES.flatMap((g) => g.mnemonics.map((m) => [m, g.bit] as const));

  // One encoding per gated instruction: without its facility each is an operation exception.
  const encodings: Record<string, string> = {
    tbegin: 'e56000000000', tbeginc: 'e56100000000', tend: 'b2f80000', tabort: 'b2fc0000', etnd: 'b2ec0010',
    ntstg: 'e31000000025', lgg: 'e3100000004c', llgfsg: 'e31000000048', lgsc: 'e3100000004d', stgsc: 'e31000000049',
    km: 'b92e0024', kmc: 'b92f0024', kimd: 'b93e0024', klmd: 'b93f0024', kmac: 'b91e0024', pckmo: 'b9280000',
    kmf: 'b92a0024', kmo: 'b92b0024', kmctr: 'b92d6024', pcc: 'b92c0000', ppno: 'b93c0024', kma: 'b9296024',
    kdsa: 'b93a0024', sortl: 'b9380024', dfltcc: 'b9396024', nnpa: 'b93b0000', qpaci: 'b28f0000',
  };

  it('gates exactly the instructions of facilities the CPU model does not install', () => {
    expect(all.map(([m]) => m).sort()).toEqual(Object.keys(encodings).sort());
    for (const [, bit] of all) expect(hasFacility(bit)).toBe(false);
  });
  for (const [m, hex] of Object.entries(encodings)) {
    it(`${m} raises an operation exception`, () => {
      const { pgm } = exec(hex, { r: { 1: 0x1234n } });
      expect(pgm).toBe(PGM.OPERATION);
      expect(FACILITY_GATED_HANDLERS[m]).toBeDefined();
    });
  }

  it('runs the implementation once the facility is installed, and checks at each execution', () => {
    let installed = false;
    let ran = 0;
    const impl: Handler = () => { ran++; };
    const h = requireFacility(73, impl, () => installed);
    const cpu = newCpu();
    const d = {} as Parameters<Handler>[1];
    let thrown: unknown;
    try { h(cpu, d); } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(ProgramInterrupt);
    expect((thrown as ProgramInterrupt).code).toBe(PGM.OPERATION);
    expect(ran).toBe(0);
    installed = true;
    h(cpu, d);
    expect(ran).toBe(1);
  });

  it('an installed facility without an implementation stops the guest with a message', () => {
    const table = gatedHandlers({}, FACILITY_GATES, () => true);
    const cpu = newCpu();
    expect(() => table.tbegin(cpu, { mnemonic: 'tbegin' } as Parameters<Handler>[1])).toThrow(GuestHalt);
    expect(() => table.tbegin(cpu, { mnemonic: 'tbegin' } as Parameters<Handler>[1])).toThrow(/transactional-execution facility/);
  });
});

describe('TRAP with DAT on (PoP, hand-written: no oracle runs DAT-on problem programs with a DUCT)', () => {
  const DUCT = 0x3000;
  function setup(as: number, enabled: boolean): ReturnType<typeof runCode> {
    const cpu = newDatCpu();
    new Tables(cpu, TABLE_TYPE.SEGMENT).map(CODE, CODE).load(1).load(7).load(13);
    cpu.cr[5] = DUCT; // CR2: DUCT origin
    cpu.mem.setUint32(DUCT + 44, enabled ? 0x0000_4001 : 0x0000_4000);
    return runCode(cpu, '01ff', { as });
  }
  it('is a special-operation exception when the DUCT does not enable traps', () => {
    expect(setup(0, false).pgm).toBe(PGM.SPECIAL_OPERATION);
  });
  it('is a special-operation exception in the secondary-space and home-space modes', () => {
    expect(setup(2, true).pgm).toBe(PGM.SPECIAL_OPERATION);
    expect(setup(3, true).pgm).toBe(PGM.SPECIAL_OPERATION);
  });
  it('stops the guest when traps are enabled (the trap operation is not implemented)', () => {
    expect(() => setup(0, true)).toThrow(/trap2 with traps enabled/);
    expect(() => setup(1, true)).toThrow(GuestHalt);
  });
});
