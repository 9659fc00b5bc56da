// The double-based fast paths against the exact handlers they wrap (which the qemu-s390x
// golden cases verify): random operands around the fast paths' limits must give the same
// result, FPC and condition code.
import { describe, expect, it } from 'vitest';
import { BFP_ARITH_SLOW, BFP_ARITH_HANDLERS } from '../../emulator/cpu/bfp-arith';
import { Cpu } from '../../emulator/cpu/cpu';
import { newCpu } from './harness';

/** xorshift32 so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

/** A random bit pattern biased toward the edges: exponents near the extremes, short fractions. */
function word(next: () => number, long: boolean): [number, number] {
  const r = next();
  const sign = (r & 1) << 31;
  const eBits = long ? 11 : 8;
  const eMax = (1 << eBits) - 1;
  const pick = (r >>> 1) % 8;
  const e = pick === 0 ? next() % 4 : pick === 1 ? eMax - (next() % 3) : pick === 2 ? (eMax >> 1) + (next() % 60) - 30 : next() % (eMax + 1);
  const shift = 31 - eBits;
  const frac = pick === 3 ? next() & ~((1 << (next() % 20)) - 1) : next();
  const hi = (sign | (e << shift) | (frac & ((1 << shift) - 1))) >>> 0;
  return [hi, pick === 4 ? 0 : next()];
}

const MNEMONICS: [string, boolean][] = [['aebr', false], ['sebr', false], ['meebr', false], ['debr', false], ['cebr', false],
  ['adbr', true], ['sdbr', true], ['mdbr', true], ['ddbr', true], ['cdbr', true], ['sqdbr', true]];

describe('bfp fast paths agree with the exact handlers', () => {
  for (const [mn, long] of MNEMONICS) {
    it(mn, () => {
      const next = rng(mn.length * 7919 + mn.charCodeAt(0));
      const a = newCpu(1 << 16);
      const b = newCpu(1 << 16);
      const d = Cpu.decode(Buffer.from('b3' + '00' + '00' + '41', 'hex'));
      const failures: string[] = [];
      for (let i = 0; i < 20000; i++) {
        const x = word(next, long);
        const y = word(next, long);
        const fpc = i % 5 === 0 ? 0x0800_0000 : 0;
        for (const cpu of [a, b]) {
          cpu.vr.fill(0);
          [cpu.vr[16], cpu.vr[17]] = x;
          [cpu.vr[4], cpu.vr[5]] = y;
          cpu.fpc = fpc;
          cpu.cc = 3;
        }
        const run = (cpu: Cpu, h: (c: Cpu, d: never) => void): string => {
          try { h(cpu, d as never); } catch (e) { return `trap ${(e as { dxc?: number }).dxc}`; }
          return '';
        };
        const d4 = Object.assign(Object.create(Object.getPrototypeOf(d)), d, { r1: 4, r2: 1 });
        const ea = run(a, (c) => BFP_ARITH_SLOW[mn](c, d4));
        const eb = run(b, (c) => BFP_ARITH_HANDLERS[mn](c, d4));
        if (ea !== eb || a.vr[16] !== b.vr[16] || a.vr[17] !== b.vr[17] || a.fpc !== b.fpc || a.cc !== b.cc) {
          failures.push(`${mn} ${x.map((v) => v.toString(16))} ${y.map((v) => v.toString(16))}: exact ${a.vr[16].toString(16)} ${a.vr[17].toString(16)} fpc ${a.fpc.toString(16)} cc ${a.cc} ${ea} / fast ${b.vr[16].toString(16)} ${b.vr[17].toString(16)} fpc ${b.fpc.toString(16)} cc ${b.cc} ${eb}`);
        }
      }
      expect(failures.slice(0, 5), `${failures.length} differ`).toEqual([]);
    });
  }
});
