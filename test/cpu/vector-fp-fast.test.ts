// The double-based fast paths of the vector BFP instructions against the exact soft-float
// handlers they wrap: random short and long operands (ordinary, huge, tiny, exact and
// inexact cases, zeros and NaNs now and then), inexact mask on and off, SE forms; the
// result register, FPC, CC and program interruption must agree. A failure names its inputs.
import { describe, expect, it } from 'vitest';
import { CR0_AFP, Cpu } from '../../emulator/cpu/cpu';
import { ProgramInterrupt } from '../../emulator/cpu/interrupts';
import { CR0_VECTOR } from '../../emulator/cpu/vector-common';
import { VECTOR_FP_SLOW, VECTOR_HANDLERS } from '../../emulator/cpu/vector';
import { newCpu, setVr, vr } from './harness';

/** Deterministic xorshift32. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

const f64 = new Float64Array(1);
const b64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const b32 = new Uint32Array(f32.buffer);

/** A random element: mostly ordinary values (some with few significant bits, so exact), sometimes special. */
function element(next: () => number, long: boolean): bigint {
  const k = next() % 16;
  let x: number;
  if (k === 0) x = 0;
  else if (k === 1) x = NaN;
  else if (k === 2) x = (next() % 2 ? 1 : -1) * 2 ** ((long ? 1000 : 120) + (next() % 10)); // near overflow
  else if (k === 3) x = (next() % 2 ? 1 : -1) * 2 ** -((long ? 1015 : 120) + (next() % 10)); // near or below normal
  else if (k < 8) x = ((next() | 0) >> (next() % 24)) / 2 ** (next() % 12); // few significant bits
  else x = ((next() | 0) / 2 ** 16) * 2 ** ((next() % 40) - 20) + (next() / 2 ** 32);
  if (long) { f64[0] = x; return b64[0]; }
  f32[0] = x;
  return BigInt(b32[0]);
}

function register(next: () => number, long: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < (long ? 2 : 4); i++) v = (v << (long ? 64n : 32n)) | element(next, long);
  return v;
}

interface Outcome { v1: bigint; fpc: number; cc: number; pgm: number; dxc: number }

function runOn(handler: (cpu: Cpu, d: ReturnType<typeof Cpu.decode>) => void, bytes: Uint8Array, v2: bigint, v3: bigint, fpc: number,
  v4 = 0n): Outcome {
  const cpu = newCpu(1 << 16);
  cpu.cr[1] |= CR0_AFP | CR0_VECTOR;
  setVr(cpu, 1, 0x0123_4567_89ab_cdef_0123_4567_89ab_cdefn);
  setVr(cpu, 2, v2);
  setVr(cpu, 3, v3);
  setVr(cpu, 4, v4);
  cpu.fpc = fpc;
  cpu.cc = 2;
  let pgm = 0, dxc = 0;
  try {
    handler(cpu, Cpu.decode(bytes));
  } catch (e) {
    if (!(e instanceof ProgramInterrupt)) throw e;
    pgm = e.code; dxc = e.dxc ?? 0;
  }
  return { v1: vr(cpu, 1), fpc: cpu.fpc, cc: cpu.cc, pgm, dxc };
}

/** VRR-c with V1=1, V2=2, V3=3 and the given M4/M5/M6. */
function vrrc(op: number, m4: number, m5: number, m6: number): Uint8Array {
  return Uint8Array.from([0xe7, 0x12, 0x30, (m6 << 4) | m5, (m4 << 4), op]);
}

/** VRR-e with V1=1, V2=2, V3=3, V4=4, SE in M5 and the format in M6. */
function vrre(op: number, m5: number, m6: number): Uint8Array {
  return Uint8Array.from([0xe7, 0x12, 0x30 | m6, m5, 0x40, op]);
}

const OPS: { mn: string; op: number; m6?: number }[] = [
  { mn: 'vfa', op: 0xe3 }, { mn: 'vfs', op: 0xe2 }, { mn: 'vfm', op: 0xe7 }, { mn: 'vfd', op: 0xe5 },
  { mn: 'vfce', op: 0xe8, m6: 1 }, { mn: 'vfch', op: 0xeb, m6: 1 }, { mn: 'vfche', op: 0xea, m6: 1 },
];

describe('vector BFP fast paths agree with the exact handlers', () => {
  for (const { mn, op, m6 } of OPS) {
    it(mn, () => {
      const next = rng(op * 7919);
      const failures: string[] = [];
      for (let k = 0; k < 3000; k++) {
        const long = next() % 2 === 0;
        const se = next() % 4 === 0 ? 8 : 0;
        const sq = m6 !== undefined && next() % 2 === 0 ? 4 : 0;
        const fpc = ((next() % 2) ? 0x0800_0000 : 0) | ((next() % 4) === 0 ? 0x8000_0000 : 0);
        const bytes = vrrc(op, long ? 3 : 2, se | sq, m6 ?? 0);
        const v2 = register(next, long), v3 = next() % 8 === 0 ? v2 : register(next, long);
        const slow = runOn(VECTOR_FP_SLOW[mn], bytes, v2, v3, fpc);
        const fast = runOn(VECTOR_HANDLERS[mn], bytes, v2, v3, fpc);
        if (JSON.stringify(slow, (_, x) => (typeof x === 'bigint' ? x.toString(16) : x)) !==
          JSON.stringify(fast, (_, x) => (typeof x === 'bigint' ? x.toString(16) : x))) {
          failures.push(`${Buffer.from(bytes).toString('hex')} fpc=${fpc.toString(16)} v2=${v2.toString(16)} v3=${v3.toString(16)}: ` +
            `slow v1=${slow.v1.toString(16)} fpc=${slow.fpc.toString(16)} pgm=${slow.pgm}, fast v1=${fast.v1.toString(16)} fpc=${fast.fpc.toString(16)} pgm=${fast.pgm}`);
        }
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }

  for (const { mn, op } of [{ mn: 'vfma', op: 0x8f }, { mn: 'vfms', op: 0x8e }, { mn: 'vfnma', op: 0x9f }, { mn: 'vfnms', op: 0x9e }]) {
    it(mn, () => {
      const next = rng(op * 104729);
      const failures: string[] = [];
      for (let k = 0; k < 4000; k++) {
        const long = next() % 2 === 0;
        const fpc = (next() % 2) ? 0x0800_0000 : 0;
        const bytes = vrre(op, next() % 4 === 0 ? 8 : 0, long ? 3 : 2);
        const v2 = register(next, long), v3 = register(next, long);
        // The addend: independent, or the negated product's neighbourhood (cancellation).
        const v4 = next() % 3 === 0 ? register(next, long) ^ (long ? 0x8000_0000_0000_0000_8000_0000_0000_0000n : 0x8000_0000_8000_0000_8000_0000_8000_0000n) : register(next, long);
        const slow = runOn(VECTOR_FP_SLOW[mn], bytes, v2, v3, fpc, v4);
        const fast = runOn(VECTOR_HANDLERS[mn], bytes, v2, v3, fpc, v4);
        if (slow.v1 !== fast.v1 || slow.fpc !== fast.fpc || slow.pgm !== fast.pgm || slow.dxc !== fast.dxc) {
          failures.push(`${Buffer.from(bytes).toString('hex')} fpc=${fpc.toString(16)} v2=${v2.toString(16)} v3=${v3.toString(16)} v4=${v4.toString(16)}: ` +
            `slow v1=${slow.v1.toString(16)} fpc=${slow.fpc.toString(16)} pgm=${slow.pgm}, fast v1=${fast.v1.toString(16)} fpc=${fast.fpc.toString(16)} pgm=${fast.pgm}`);
        }
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }
});
