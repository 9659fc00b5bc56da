// Control and system instructions on a CPU that belongs to a Machine. Each case names the
// instruction, the setup and the architected result (PoP chapter 10); the QEMU-recorded
// system test guests (test/machine/guests.test.ts) cover the same instructions end to end.
import { describe, expect, test } from 'vitest';
import type { Cpu } from '../../emulator/cpu/cpu';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { FACILITY_LIST } from '../../emulator/machine/facilities';
import { Machine } from '../../emulator/machine/machine';
import { reg, setReg } from './harness';

const CODE = 0x10000;
const PGM_HANDLER = 0x20000;
const MIB = 0x10_0000;

interface Setup {
  r?: Record<number, bigint>;
  mem?: Record<number, string>;
  problem?: boolean;
  /** PSW bits 0-31 to OR in (system mask, key). */
  mask?: number;
  cc?: number;
  progMask?: number;
  cr?: Record<number, bigint>;
}

interface Run {
  cpu: Cpu;
  machine: Machine;
  /** Program-interruption code taken, or 0. */
  pgm: number;
}

function run(hex: string, setup: Setup = {}, steps = 1): Run {
  const machine = new Machine({ memory: 32 * MIB, console: () => {} });
  const cpu = machine.vcpus[0].cpu;
  const view = cpu.mem;
  const newPsw = [PSW.WAIT | PSW.EA, PSW_BA, 0, PGM_HANDLER];
  newPsw.forEach((v, i) => view.setUint32(LOWCORE.PROGRAM_NEW_PSW + 4 * i, v >>> 0));
  cpu.storage.bytes.set(Buffer.from(hex.replace(/\s+/g, ''), 'hex'), CODE);
  for (const [a, h] of Object.entries(setup.mem ?? {})) cpu.storage.bytes.set(Buffer.from(h.replace(/\s+/g, ''), 'hex'), Number(a));
  for (const [n, v] of Object.entries(setup.r ?? {})) setReg(cpu, Number(n), v);
  for (const [n, v] of Object.entries(setup.cr ?? {})) {
    cpu.cr[2 * Number(n)] = Number(v >> 32n);
    cpu.cr[2 * Number(n) + 1] = Number(v & 0xffff_ffffn);
  }
  const w0 = PSW.EA | (setup.problem ? PSW.PROBLEM : 0) | (setup.mask ?? 0) | ((setup.cc ?? 0) << PSW.CC_SHIFT)
    | ((setup.progMask ?? 0) << PSW.PROGMASK_SHIFT);
  cpu.loadPsw(w0 >>> 0, PSW_BA, 0, CODE);
  cpu.stopped = false;
  let pgm = 0;
  for (let i = 0; i < steps; i++) {
    const before = cpu.programInterrupts;
    cpu.step();
    if (cpu.programInterrupts !== before) {
      pgm = cpu.lastProgramInterrupt;
      break;
    }
  }
  return { cpu, machine, pgm };
}

const hexAt = (cpu: Cpu, addr: number, len: number): string => Buffer.from(cpu.storage.bytes.subarray(addr, addr + len)).toString('hex');
const cr = (cpu: Cpu, n: number): bigint => (BigInt(cpu.cr[2 * n]) << 32n) | BigInt(cpu.cr[2 * n + 1]);

describe('control registers', () => {
  test('lctl c0,c1 loads bits 32-63 and keeps bits 0-31', () => {
    const { cpu, pgm } = run('b7012000', { r: { 2: 0x3000n }, mem: { 0x3000: '11223344 55667788' }, cr: { 0: 0xaaaa_aaaa_0000_0000n } });
    expect(pgm).toBe(0);
    expect(cr(cpu, 0)).toBe(0xaaaa_aaaa_1122_3344n);
    expect(cr(cpu, 1)).toBe(0x5566_7788n);
  });
  test('lctlg c14,c1 wraps around from c15 to c0', () => {
    const { cpu } = run('ebe12000002f', {
      r: { 2: 0x3000n },
      mem: { 0x3000: '00000000000000e1 00000000000000f1 0000000000000001 0000000000000011' },
    });
    expect([cr(cpu, 14), cr(cpu, 15), cr(cpu, 0), cr(cpu, 1)]).toEqual([0xe1n, 0xf1n, 0x01n, 0x11n]);
  });
  test('stctl c15,c0 stores two words', () => {
    const { cpu } = run('b6f02000', { r: { 2: 0x3000n }, cr: { 15: 0x1_0000_00ffn, 0: 0x2_0000_00e0n } });
    expect(hexAt(cpu, 0x3000, 8)).toBe('000000ff000000e0');
  });
  test('stctg c0 stores a doubleword', () => {
    const { cpu } = run('eb0020000025', { r: { 2: 0x3000n }, cr: { 0: 0x0123_4567_89ab_cdefn } });
    expect(hexAt(cpu, 0x3000, 8)).toBe('0123456789abcdef');
  });
  test.each([
    ['lctl', 'b7012000', 0x3002n],
    ['lctlg', 'ebe12000002f', 0x3004n],
    ['stctl', 'b6f02000', 0x3001n],
    ['stctg', 'eb0020000025', 0x3004n],
  ])('%s with a misaligned operand: specification exception', (_name, hex, addr) => {
    expect(run(hex, { r: { 2: addr } }).pgm).toBe(PGM.SPECIFICATION);
  });
});

describe('PSW', () => {
  test('ssm sets PSW bits 0-7', () => {
    const { cpu } = run('80002000', { r: { 2: 0x3000n }, mem: { 0x3000: '07' } });
    expect(cpu.pswMask >>> 24).toBe(0x07);
  });
  test('ssm with bit 0 set: specification exception', () => {
    expect(run('80002000', { r: { 2: 0x3000n }, mem: { 0x3000: '80' } }).pgm).toBe(PGM.SPECIFICATION);
  });
  test('ssm with CR0 SSM suppression: special-operation exception', () => {
    expect(run('80002000', { r: { 2: 0x3000n }, mem: { 0x3000: '03' }, cr: { 0: 0x4000_0000n } }).pgm).toBe(PGM.SPECIAL_OPERATION);
  });
  test('stosm stores the old system mask and ORs the immediate in', () => {
    const { cpu } = run('ad032000', { r: { 2: 0x3000n }, mask: PSW.PER });
    expect(hexAt(cpu, 0x3000, 1)).toBe('40');
    expect(cpu.pswMask >>> 24).toBe(0x43);
  });
  test('stnsm stores the old system mask and ANDs the immediate in', () => {
    const { cpu } = run('acfc2000', { r: { 2: 0x3000n }, mask: PSW.PER | PSW.IO | PSW.EXT });
    expect(hexAt(cpu, 0x3000, 1)).toBe('43');
    expect(cpu.pswMask >>> 24).toBe(0x40);
  });
  test('epsw puts PSW bits 0-31 and 32-63 in bits 32-63 of R1 and R2', () => {
    const { cpu } = run('b98d0012', { r: { 1: 0x1111_1111_0000_0000n, 2: 0x2222_2222_0000_0000n }, cc: 2, progMask: 0xa });
    expect(reg(cpu, 1)).toBe(0x1111_1111_0000_2a01n);
    expect(reg(cpu, 2)).toBe(0x2222_2222_8000_0000n);
  });
  test('epsw with R2 = 0 leaves r0 alone', () => {
    const { cpu } = run('b98d0010', { r: { 0: 0x55n } });
    expect(reg(cpu, 0)).toBe(0x55n);
    expect(reg(cpu, 1)).toBe(0x0000_0001n);
  });
  test('ipm inserts cc and program mask in bits 34-39, bits 32-33 zero', () => {
    const { cpu } = run('b2220030', { r: { 3: -1n }, cc: 1, progMask: 5 });
    expect(reg(cpu, 3)).toBe(0xffff_ffff_15ff_ffffn);
  });
  test('spm sets cc and program mask from bits 34-39', () => {
    const { cpu } = run('0430', { r: { 3: 0x2b00_0000n } });
    expect([cpu.cc, cpu.programMask]).toEqual([2, 0xb]);
  });
  test.each([
    ['sam24', '010c', 24],
    ['sam31', '010d', 31],
    ['sam64', '010e', 64],
  ])('%s sets the addressing mode', (_n, hex, mode) => {
    const { cpu, pgm } = run(hex);
    expect(pgm).toBe(0);
    expect(cpu.amode).toBe(mode);
    expect(cpu.ia).toBe(CODE + 2);
  });
  test('sam24 above 16 MiB: specification exception', () => {
    const { machine } = run('');
    const cpu = machine.vcpus[0].cpu;
    const at = 0x100_0000;
    cpu.storage.bytes.set([0x01, 0x0c], at);
    cpu.loadPsw(PSW.EA, PSW_BA, 0, at);
    const before = cpu.programInterrupts;
    cpu.step();
    expect(cpu.programInterrupts - before).toBe(1);
    expect(cpu.lastProgramInterrupt).toBe(PGM.SPECIFICATION);
  });
  test('lpswe loads a 16-byte PSW', () => {
    const { cpu } = run('b2b22000', { r: { 2: 0x3000n }, mem: { 0x3000: '0000000180000000 0000000000012346' } });
    expect([cpu.ia, cpu.amode, cpu.pswMask]).toEqual([0x12346, 64, PSW.EA]);
  });
  test('lpsw converts a short PSW (bit 12 required, BA from bit 32)', () => {
    const { cpu } = run('82002000', { r: { 2: 0x3000n }, mem: { 0x3000: '03080000 80012340' } });
    expect([cpu.ia, cpu.amode, cpu.pswMask >>> 0]).toEqual([0x12340, 31, (PSW.IO | PSW.EXT) >>> 0]);
  });
  test('lpsw without bit 12: specification exception', () => {
    expect(run('82002000', { r: { 2: 0x3000n }, mem: { 0x3000: '00000000 80012340' } }).pgm).toBe(PGM.SPECIFICATION);
  });
  test('svc stores code and ILC and swaps the SVC PSWs', () => {
    const { cpu } = run('0a07', { mem: { [LOWCORE.SVC_NEW_PSW]: '0000000180000000 0000000000030000' } });
    expect(hexAt(cpu, LOWCORE.SVC_ILC, 4)).toBe('00020007');
    expect(hexAt(cpu, LOWCORE.SVC_OLD_PSW, 16)).toBe('00000001800000000000000000010002');
    expect(cpu.ia).toBe(0x30000);
  });
});

describe('prefix, CPU identity, facilities, system information', () => {
  test('spx sets the prefix (bits 33-50) and stpx stores it', () => {
    const { cpu } = run('b2102000 b2112004', { r: { 2: 0x3000n }, mem: { 0x3000: '00045fff' } }, 2);
    expect(cpu.prefix).toBe(0x44000);
    // stpx stored through the new prefix: real 0x3004 is absolute 0x3004 (outside both areas).
    expect(hexAt(cpu, 0x3004, 4)).toBe('00044000');
  });
  test('spx beyond storage: addressing exception', () => {
    expect(run('b2102000', { r: { 2: 0x3000n }, mem: { 0x3000: '7fffe000' } }).pgm).toBe(PGM.ADDRESSING);
  });
  test('stap stores the CPU address; stidp the CPU ID', () => {
    const { cpu } = run('b2122000 b2022008', { r: { 2: 0x3000n } }, 2);
    expect(hexAt(cpu, 0x3000, 2)).toBe('0000');
    expect(hexAt(cpu, 0x3008, 8)).toBe('0000000028170000');
  });
  test('stfle with one doubleword: cc 3 and R0 says how many are needed', () => {
    const { cpu } = run('b2b02000', { r: { 0: 0n, 2: 0x3000n } });
    expect(cpu.cc).toBe(3);
    expect(reg(cpu, 0)).toBe(BigInt(FACILITY_LIST.length / 8 - 1));
    expect(hexAt(cpu, 0x3000, 8)).toBe(Buffer.from(FACILITY_LIST.subarray(0, 8)).toString('hex'));
    expect(hexAt(cpu, 0x3008, 8)).toBe('0000000000000000');
  });
  test('stfle with room: cc 0, the whole list', () => {
    const { cpu } = run('b2b02000', { r: { 0: 7n, 2: 0x3000n } });
    expect(cpu.cc).toBe(0);
    expect(hexAt(cpu, 0x3000, FACILITY_LIST.length)).toBe(Buffer.from(FACILITY_LIST).toString('hex'));
  });
  test('stfl stores the first facility word at lowcore 0xc8', () => {
    const { cpu } = run('b2b10000');
    expect(hexAt(cpu, LOWCORE.STFL_FAC_LIST, 4)).toBe(Buffer.from(FACILITY_LIST.subarray(0, 4)).toString('hex'));
  });
  test('stsi 0: current level 3 in R0 bits 32-35', () => {
    const { cpu } = run('b27d2000', { r: { 0: 0n, 1: 0n, 2: 0x3000n } });
    expect([cpu.cc, reg(cpu, 0)]).toEqual([0, 0x3000_0000n]);
  });
  test('stsi 1.1.1 stores the manufacturer in EBCDIC', () => {
    const { cpu } = run('b27d2000', { r: { 0: 0x1000_0001n, 1: 1n, 2: 0x4000n } });
    expect(cpu.cc).toBe(0);
    expect(hexAt(cpu, 0x4020, 8)).toBe('d2e4d3c940404040');
  });
  test.each([
    ['4.0.0', 0x4000_0000n, 0n],
    ['1.0.0', 0x1000_0000n, 0n],
    ['1.1.2', 0x1000_0001n, 2n],
    ['15.1.2', 0xf000_0001n, 2n],
  ])('stsi %s: cc 3', (_n, r0, r1) => {
    expect(run('b27d2000', { r: { 0: r0, 1: r1, 2: 0x4000n } }).cpu.cc).toBe(3);
  });
  test('stsi with reserved bits or an unaligned block: specification exception', () => {
    expect(run('b27d2000', { r: { 0: 0x1000_0101n, 1: 1n, 2: 0x4000n } }).pgm).toBe(PGM.SPECIFICATION);
    expect(run('b27d2000', { r: { 0: 0x1000_0001n, 1: 1n, 2: 0x4008n } }).pgm).toBe(PGM.SPECIFICATION);
  });
});

describe('PSW key', () => {
  test('spka sets the PSW key; ipk inserts it into r2 bits 56-59', () => {
    const { cpu } = run('b20a0090 b20b0000', { r: { 2: 0xffff_ffffn } }, 2);
    expect((cpu.pswMask & PSW.KEY_MASK) >>> PSW.KEY_SHIFT).toBe(9);
    expect(reg(cpu, 2)).toBe(0xffff_ff90n);
  });
  test('spka in problem state with the key allowed by the PSW-key mask in CR3', () => {
    const { cpu, pgm } = run('b20a0030', { problem: true, cr: { 3: 0x1000_0000n } });
    expect(pgm).toBe(0);
    expect((cpu.pswMask & PSW.KEY_MASK) >>> PSW.KEY_SHIFT).toBe(3);
  });
  test('ipk in problem state with the extraction-authority control in CR0', () => {
    expect(run('b20b0000', { problem: true, cr: { 0: 0x0800_0000n } }).pgm).toBe(0);
  });
});

describe('privileged instructions in problem state', () => {
  test.each([
    ['lctl', 'b7012000'], ['lctlg', 'ebe12000002f'], ['stctl', 'b6f02000'], ['stctg', 'eb0020000025'],
    ['ssm', '80002000'], ['stosm', 'ad032000'], ['stnsm', 'acfc2000'], ['spx', 'b2102000'], ['stpx', 'b2112000'],
    ['stap', 'b2122000'], ['stidp', 'b2022000'], ['stfl', 'b2b10000'], ['stsi', 'b27d2000'], ['lpswe', 'b2b22000'], ['lpsw', '82002000'], ['sck', 'b2042000'], ['spt', 'b2082000'],
    ['stpt', 'b2092000'], ['sckc', 'b2062000'], ['stckc', 'b2072000'], ['sckpf', '0107'], ['sigp', 'ae462000'],
    ['diag', '83130044'], ['servc', 'b2200012'], ['ipk', 'b20b0000'], ['spka (key 3 not in the PSW-key mask)', 'b20a0030'],
  ])('%s: privileged-operation exception', (_n, hex) => {
    expect(run(hex, { problem: true, r: { 2: 0x3000n } }).pgm).toBe(PGM.PRIVILEGED_OPERATION);
  });
  test.each([
    ['stck', 'b2052000'], ['stckf', 'b27c2000'], ['stcke', 'b2782000'], ['stfle', 'b2b02000'], ['epsw', 'b98d0012'],
    ['ipm', 'b2220030'], ['spm', '0430'], ['sam31', '010d'], ['ectg', 'c84120002008'],
  ])('%s is allowed in problem state', (_n, hex) => {
    expect(run(hex, { problem: true, r: { 2: 0x3000n, 4: 0x3010n } }).pgm).toBe(0);
  });
});

describe('clocks', () => {
  test('stck values increase and set cc 0', () => {
    const { cpu } = run('b2052000 b2052008', { r: { 2: 0x3000n }, cc: 3 }, 2);
    expect(cpu.cc).toBe(0);
    expect(BigInt(`0x${hexAt(cpu, 0x3008, 8)}`)).toBeGreaterThan(BigInt(`0x${hexAt(cpu, 0x3000, 8)}`));
  });
  test('sck sets the clock that stck then reads', () => {
    const { cpu } = run('b2042000 b2052008', { r: { 2: 0x3000n }, mem: { 0x3000: 'd000000000000000' } }, 2);
    const t = BigInt(`0x${hexAt(cpu, 0x3008, 8)}`);
    expect(t >= 0xd000_0000_0000_0000n && t < 0xd000_0010_0000_0000n).toBe(true);
  });
  test('stcke: epoch 0, TOD in bytes 1-8, programmable field from sckpf', () => {
    const { cpu } = run('0107 b2782000', { r: { 0: 0xbeefn, 2: 0x3000n } }, 2);
    const b = cpu.storage.bytes.subarray(0x3000, 0x3010);
    expect([b[0], b[14], b[15]]).toEqual([0, 0xbe, 0xef]);
    expect(b[1]).toBeGreaterThan(0xd0);
  });
  test('sckpf with R0 bits 32-47 nonzero: specification exception', () => {
    expect(run('0107', { r: { 0: 0x1_0000n } }).pgm).toBe(PGM.SPECIFICATION);
  });
  test('spt then stpt: the CPU timer counts down from the set value', () => {
    const { cpu } = run('b2082000 b2092008', { r: { 2: 0x3000n }, mem: { 0x3000: '0000100000000000' } }, 2);
    const t = BigInt(`0x${hexAt(cpu, 0x3008, 8)}`);
    expect(t <= 0x1000_0000_0000n && t > 0x0fff_0000_0000n).toBe(true);
  });
  test('sckc then stckc round-trips', () => {
    const { cpu } = run('b2062000 b2072008', { r: { 2: 0x3000n }, mem: { 0x3000: '0123456789abcdef' } }, 2);
    expect(hexAt(cpu, 0x3008, 8)).toBe('0123456789abcdef');
  });
  test('a clock-comparator interruption is taken as soon as sckc makes it pending', () => {
    const { cpu } = run('b2062000', {
      r: { 2: 0x3000n }, mem: { 0x3000: '0000000000000001', [LOWCORE.EXTERNAL_NEW_PSW]: '0000000180000000 0000000000040000' },
      mask: PSW.EXT, cr: { 0: 0x800n },
    });
    expect(cpu.ia).toBe(0x40000);
    expect(hexAt(cpu, LOWCORE.EXT_INT_CODE, 2)).toBe('1004');
    expect(hexAt(cpu, LOWCORE.EXTERNAL_OLD_PSW + 8, 8)).toBe('0000000000010004');
  });
  test('ectg: r0 = first operand - CPU timer, r1 = second operand, r3 = what r3 addresses', () => {
    const { cpu } = run('b2082018 c84120002008', {
      r: { 2: 0x3000n, 4: 0x3010n },
      mem: { 0x3000: '0000000000001000 2222222222222222 4444444444444444 0000100000000000' },
    }, 2);
    expect(reg(cpu, 1)).toBe(0x2222_2222_2222_2222n);
    expect(reg(cpu, 4)).toBe(0x4444_4444_4444_4444n);
    // The timer was set to 0x1000_0000_0000 and has run down a little.
    expect(BigInt.asIntN(64, reg(cpu, 0)) >= 0x1000n - 0x1000_0000_0000n).toBe(true);
    expect(BigInt.asIntN(64, reg(cpu, 0)) < 0x1000n - 0x0fff_0000_0000n).toBe(true);
  });
});

describe('machine calls', () => {
  test('sigp sense to itself: cc 0; stop: the CPU stops', () => {
    const { cpu } = run('ae462001 ae462005', { r: { 6: 0n } }, 2);
    expect(cpu.cc).toBe(0);
    expect(cpu.stopped).toBe(true);
  });
  test('sigp to a CPU that does not exist: cc 3', () => {
    expect(run('ae462001', { r: { 6: 5n } }).cpu.cc).toBe(3);
  });
  test('sigp with an invalid order: cc 1, invalid-order status in R1 bits 32-63', () => {
    const { cpu } = run('ae462099', { r: { 4: 0xffff_ffff_ffff_ffffn, 6: 0n } });
    expect([cpu.cc, reg(cpu, 4)]).toEqual([1, 0xffff_ffff_0000_0002n]);
  });
  test('diag 0x44 is accepted; an unknown code is noted and gets a specification exception', () => {
    expect(run('83130044').pgm).toBe(0);
    const r = run('83130123');
    expect(r.pgm).toBe(PGM.SPECIFICATION);
    expect(r.machine.notes.join()).toContain('diagnose 0x123');
  });
  // diag %r2,%r4,0x308: IPL functions, subcode in r4, block address in r2, response in r3.
  test('diag 0x308 store without a set IPL parameter block: no configuration', () => {
    const { cpu } = run('83240308', { r: { 2: 0x4000n, 3: -1n, 4: 6n } });
    expect(reg(cpu, 3)).toBe(0x102n);
  });
  test('diag 0x308 set then store copies the block', () => {
    const block = `000000c8 00000000 01 000000 02${'ab'.repeat(187)}`;
    const { cpu } = run('83240308 83260308', { r: { 2: 0x4000n, 4: 5n, 6: 6n }, mem: { 0x4000: block } }, 1);
    expect(reg(cpu, 3)).toBe(1n);
    setReg(cpu, 2, 0x5000n);
    cpu.step();
    expect(reg(cpu, 3)).toBe(1n);
    expect(hexAt(cpu, 0x5000, 200)).toBe(hexAt(cpu, 0x4000, 200));
  });
  test('diag 0x308 set with a block too short for its type: invalid', () => {
    const { cpu } = run('83240308', { r: { 2: 0x4000n, 4: 5n }, mem: { 0x4000: '00000040 00000000 01 000000 02' } });
    expect(reg(cpu, 3)).toBe(0x402n);
  });
  test.each([
    ['an unknown subcode', { 2: 0x4000n, 4: 7n }],
    ['a block not on a page boundary', { 2: 0x4008n, 4: 6n }],
  ])('diag 0x308 with %s: specification exception', (_n, r) => {
    expect(run('83240308', { r }).pgm).toBe(PGM.SPECIFICATION);
  });
  test('servc (not in the ISA table) reaches the SCLP: read SCP info', () => {
    const { cpu, machine } = run('b2200012', { r: { 1: 0x0002_0001n, 2: 0x3000n }, mem: { 0x3000: '1000' } });
    expect(cpu.cc).toBe(0);
    expect(hexAt(cpu, 0x3006, 2)).toBe('0010');
    expect(hexAt(cpu, 0x3008, 3)).toBe('002001');
    expect(machine.counters.get('servc')).toBe(1);
  });
  test('servc with an SCCB in the first 8K: specification exception', () => {
    expect(run('b2200012', { r: { 1: 0x0002_0001n, 2: 0x1000n } }).pgm).toBe(PGM.SPECIFICATION);
  });
});
