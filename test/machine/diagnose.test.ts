// Diagnose codes a Linux guest calls at boot that KVM/z/VM define: 0x258 (pseudo-page-
// fault handshake: token, cancel, the return codes in Ry and the checks that give a
// specification or addressing exception) and 0x204/0x260 (not available: specification
// exception, as QEMU answers). Each call runs the real DIAG instruction on a machine.
import { describe, expect, test } from 'vitest';
import { setReg, reg } from '../cpu/harness';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { Machine } from '../../emulator/machine/machine';
import { elf } from './elf-builder';

const MIB = 0x10_0000;
const CODE = 0x10000;
const BLOCK = 0x11000;
const RC_SENTINEL = 0xdead_beefn;
// diag %r2,%r4,CODE (Linux: DIAG refbk,rc,0x258), then sigp %r2,%r3,5 (stop, r3 = 0: itself).
const diagThenStop = (code: number): string => `8324${code.toString(16).padStart(4, '0')} ae230005`;

interface Block {
  code?: number;
  subcode: number;
  dwords?: number;
  version?: number;
  token?: bigint;
  select?: bigint;
  compare?: bigint;
  zarch?: bigint;
}

/** Linux's pfault_init block (arch/s390 pfault: token at lowcore 0x2e0... any 8-aligned address). */
const INIT: Block = { subcode: 0, token: 0x2e0n, select: 1n << 48n, compare: 1n << 48n, zarch: 1n << 63n };
/** Linux's pfault_fini block: everything after the header zero. */
const CANCEL: Block = { subcode: 1 };

function blockBytes(b: Block): Uint8Array {
  const out = new Uint8Array(40);
  const v = new DataView(out.buffer);
  v.setUint16(0, b.code ?? 0x258);
  v.setUint16(2, b.subcode);
  v.setUint16(4, b.dwords ?? 5);
  v.setUint16(6, b.version ?? 2);
  v.setBigUint64(8, b.token ?? 0n);
  v.setBigUint64(16, b.select ?? 0n);
  v.setBigUint64(24, b.compare ?? 0n);
  v.setBigUint64(32, b.zarch ?? 0n);
  return out;
}

/** A one-CPU machine; call() runs one DIAG and returns Ry and the program-interruption code (0: none). */
function guest(): { m: Machine; call: (code: number, b?: Block, at?: number) => { rc: bigint; pgm: number } } {
  const m = new Machine({ memory: 2 * MIB, console: () => {} });
  m.loadKernel(elf(CODE, [{ paddr: CODE, data: new Uint8Array(0x2000) }]), 'diag.elf');
  const cpu = m.vcpus[0].cpu;
  const v = m.storage.view;
  // Program new PSW: a disabled wait, so a program interruption ends the run.
  v.setBigUint64(LOWCORE.PROGRAM_NEW_PSW, 0x0002_0001_8000_0000n);
  v.setBigUint64(LOWCORE.PROGRAM_NEW_PSW + 8, 0xdeadn);
  const call = (code: number, b: Block = INIT, at = BLOCK): { rc: bigint; pgm: number } => {
    m.storage.bytes.set(Buffer.from(diagThenStop(code).replace(/\s+/g, ''), 'hex'), CODE);
    m.storage.bytes.set(blockBytes(b), at);
    cpu.invalidateRange(CODE, 0x2000);
    v.setUint16(LOWCORE.PGM_CODE, 0);
    cpu.loadPsw(0, 0x8000_0000, 0, CODE);
    cpu.setAddressingMode(true, true);
    cpu.stopped = false;
    setReg(cpu, 2, BigInt(at));
    setReg(cpu, 3, 0n);
    setReg(cpu, 4, RC_SENTINEL);
    const r = m.run(100);
    const pgm = r.reason === 'disabled-wait' ? v.getUint16(LOWCORE.PGM_CODE) : 0;
    return { rc: reg(cpu, 4), pgm };
  };
  return { m, call };
}

describe('diagnose 0x258 page-reference services (pfault handshake)', () => {
  test('Linux init: rc 0; init again: rc 8 (token cannot change); cancel: rc 0; cancel again: rc 4', () => {
    const { call } = guest();
    expect(call(0x258, INIT)).toEqual({ rc: 0n, pgm: 0 });
    expect(call(0x258, INIT)).toEqual({ rc: 8n, pgm: 0 });
    expect(call(0x258, CANCEL)).toEqual({ rc: 0n, pgm: 0 });
    expect(call(0x258, CANCEL)).toEqual({ rc: 4n, pgm: 0 });
    expect(call(0x258, INIT)).toEqual({ rc: 0n, pgm: 0 });
  });
  test('the handshake is per CPU and an initial CPU reset ends it', () => {
    const { m, call } = guest();
    expect(call(0x258, INIT).rc).toBe(0n);
    expect(m.vcpus[0].pfault.tokenAddress).toBe(0x2e0);
    m.vcpus[0].initialCpuReset();
    expect(m.vcpus[0].pfault.established).toBe(false);
    expect(call(0x258, INIT).rc).toBe(0n);
  });
  const rejected: { name: string; block: Block; at?: number; pgm: number }[] = [
    { name: 'block address not doubleword aligned', block: INIT, at: BLOCK + 4, pgm: PGM.SPECIFICATION },
    { name: 'diagnose code in the block is not 0x258', block: { ...INIT, code: 0x259 }, pgm: PGM.SPECIFICATION },
    { name: 'version 1', block: { ...INIT, version: 1 }, pgm: PGM.SPECIFICATION },
    { name: 'block length 4 doublewords', block: { ...INIT, dwords: 4 }, pgm: PGM.SPECIFICATION },
    { name: 'token address not doubleword aligned', block: { ...INIT, token: 0x2e4n }, pgm: PGM.SPECIFICATION },
    { name: 'compare mask not within the select mask', block: { ...INIT, select: 1n << 47n }, pgm: PGM.SPECIFICATION },
    { name: 'z/Architecture doubleword missing', block: { ...INIT, zarch: 0n }, pgm: PGM.SPECIFICATION },
    { name: 'token address beyond storage', block: { ...INIT, token: BigInt(2 * MIB) }, pgm: PGM.ADDRESSING },
    { name: 'cancel with a token address', block: { ...CANCEL, token: 0x2e0n }, pgm: PGM.SPECIFICATION },
    { name: 'cancel with the z/Architecture doubleword', block: { ...CANCEL, zarch: 1n << 63n }, pgm: PGM.SPECIFICATION },
    { name: 'subcode 2', block: { ...INIT, subcode: 2 }, pgm: PGM.SPECIFICATION },
  ];
  for (const c of rejected) {
    test(`${c.name}: program interruption ${c.pgm}, Ry unchanged`, () => {
      const { m, call } = guest();
      expect(call(0x258, c.block, c.at)).toEqual({ rc: RC_SENTINEL, pgm: c.pgm });
      expect(m.vcpus[0].pfault.established).toBe(false);
    });
  }
});

describe('diagnose functions a KVM guest does not have', () => {
  for (const code of [0x204, 0x260]) {
    test(`0x${code.toString(16)}: specification exception (QEMU's answer), no note`, () => {
      const { m, call } = guest();
      expect(call(code)).toEqual({ rc: RC_SENTINEL, pgm: PGM.SPECIFICATION });
      expect(m.notes).toEqual([]);
    });
  }
  test('an unknown code: specification exception and one note', () => {
    const { m, call } = guest();
    expect(call(0x123).pgm).toBe(PGM.SPECIFICATION);
    expect(m.notes).toHaveLength(1);
  });
});
