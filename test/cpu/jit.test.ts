// Compiled blocks behave exactly like the interpreter: same registers, condition code,
// storage, instruction count and interruption PSW, also when code modifies itself.
import { describe, expect, it } from 'vitest';
import { CODE_AT, exec, newCpu, reg } from './harness';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import type { Cpu } from '../../emulator/cpu/cpu';

function runBoth(hex: string, setup: Parameters<typeof exec>[1], steps: number): [Cpu, Cpu] {
  const out: Cpu[] = [];
  for (const jit of [false, true]) {
    const cpu = newCpu(1 << 21);
    cpu.jitEnabled = jit;
    exec(hex, setup, 0, cpu);
    cpu.run(steps);
    out.push(cpu);
  }
  return [out[0], out[1]];
}

function state(cpu: Cpu): unknown {
  return {
    regs: Array.from({ length: 16 }, (_, i) => reg(cpu, i).toString(16)),
    cc: cpu.cc, ia: cpu.ia.toString(16), icount: cpu.icount,
    mem: Buffer.from(cpu.storage.bytes.subarray(0x18000, 0x18040)).toString('hex'),
    pgm: cpu.mem.getUint16(LOWCORE.PGM_CODE), old: cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12).toString(16),
  };
}

describe('block compiler', () => {
  it('runs a counted loop with loads, stores and a compare like the interpreter', () => {
    // lghi r1,300; loop: aghi r2,3; lgr r3,r2; sllg r3,r3,1; stg r3,0(r4); ag r3,0(r4);
    // cgfi r3,1000; jl skip; xgr r3,r3; skip: brctg r1,loop; then disabled wait via lpswe? no: stop at limit
    const code = 'a719012c' + 'a72b0003' + 'b9040032' + 'eb330001000d' + 'e33040000024' + 'e33040000008' + 'c23c000003e8' + 'a7440004' + 'b9820033' + 'a717ffee';
    const [interp, jit] = runBoth(code, { r: { 4: 0x18000n } }, 3000);
    expect(jit.blocksCompiled).toBeGreaterThan(0);
    expect(state(jit)).toEqual(state(interp));
  });

  it('sees a store into its own code (self-modifying loop)', () => {
    // lhi r1,200; loop: ahi r2,1 (patched); stc r7,3(r5) -> the ahi immediate becomes 5;
    // brct r1,loop. r5 points at the ahi instruction itself.
    const ahi = CODE_AT + 4;
    const code = 'a71800c8' + 'a72a0001' + '42705003' + 'a716fffc';
    const [interp, jit] = runBoth(code, { r: { 5: BigInt(ahi), 7: 5n } }, 700);
    expect(reg(interp, 2)).toBe(1n + 5n * 199n);
    expect(reg(jit, 2)).toBe(reg(interp, 2));
    expect(state(jit)).toEqual(state(interp));
  });

  it('takes a program interruption in the middle of a block with the right old PSW', () => {
    // loop: aghi r2,1; lg r3,0(r6) (r6 beyond storage after 50 rounds); aghi r6,0x10000; brct r1,loop
    const code = 'a71803e8' + 'a72b0001' + 'e33060000004' + 'c26800010000' + 'a716fff8';
    const [interp, jit] = runBoth(code, { r: { 6: 0x100000n } }, 10_000);
    expect(interp.mem.getUint16(LOWCORE.PGM_CODE)).toBe(0x05);
    expect(state(jit)).toEqual(state(interp));
  });
});
