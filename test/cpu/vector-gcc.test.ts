// GCC's vectorized code on Kuli: the loops of tools/cpu-oracle/vector/gcc-loops.c, compiled
// with -O3 for z13, z14 and z15, run on the inputs qemu-s390x ran them on (test/cpu/
// fixtures/vector-gcc.json.gz, made by tools/cpu-oracle/vector/gcc.ts); the output buffers
// must match. Also: every vector instruction objdump lists in those builds has a handler.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CR0_AFP, type Cpu } from '../../emulator/cpu/cpu';
import { lookupBase } from '../../emulator/cpu/decoded';
import { HANDLERS } from '../../emulator/cpu/handlers';
import { LOWCORE, PGM } from '../../emulator/cpu/interrupts';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { CR0_VECTOR } from '../../emulator/cpu/vector-common';
import { VECTOR_HANDLERS } from '../../emulator/cpu/vector';
import { newCpu, setReg } from './harness';

interface Level { march: string; base: number; code: string; functions: Record<string, number>; vector: { mn: string; h: string }[] }
interface Run { level: string; fn: string; n: number; seed: number; kind: number; out: string }

const fixture = JSON.parse(gunzipSync(readFileSync(join(__dirname, 'fixtures', 'vector-gcc.json.gz'))).toString()) as
  { levels: Level[]; runs: Run[] };

/** Data buffers and the return address (a zero halfword: an operation exception ends the call). */
const IN_A = 0x40000, IN_B = 0x40100, OUT = 0x40200, RETURN_AT = 0x3f000, STACK = 0x70000;

/** The input buffers gcc-driver.c fill() builds. */
function fill(seed: number, kind: number): Uint8Array {
  const buf = new Uint8Array(256);
  const view = new DataView(buf.buffer);
  let x = seed >>> 0;
  const next = (): number => {
    x = (x ^ (x << 13)) >>> 0; x = (x ^ (x >>> 17)) >>> 0; x = (x ^ (x << 5)) >>> 0;
    return x;
  };
  switch (kind) {
    case 1: for (let i = 0; i < 32; i++) view.setFloat64(8 * i, (next() | 0) / 1024); break;
    case 2: for (let i = 0; i < 64; i++) view.setFloat32(4 * i, ((next() | 0) >> 8) / 64); break;
    case 3:
      for (let i = 0; i < 256; i++) buf[i] = 'abcdefgh'.charCodeAt(next() & 7);
      buf[200 + (seed & 31)] = 0;
      break;
    default: for (let i = 0; i < 256; i++) buf[i] = next() & 0xff;
  }
  return buf;
}

function call(cpu: Cpu, entry: number, run: Run): { out: string; pgm: number; at: number } {
  const mem = cpu.storage.bytes;
  mem.set(fill(run.seed, run.kind), IN_A);
  mem.set(fill((run.seed * 7 + 1) >>> 0, run.kind), IN_B);
  mem.fill(0xa5, OUT, OUT + 512);
  mem[RETURN_AT] = 0; mem[RETURN_AT + 1] = 0;
  setReg(cpu, 2, BigInt(OUT)); setReg(cpu, 3, BigInt(IN_A)); setReg(cpu, 4, BigInt(IN_B)); setReg(cpu, 5, BigInt(run.n));
  setReg(cpu, 14, BigInt(RETURN_AT)); setReg(cpu, 15, BigInt(STACK));
  cpu.loadPsw(PSW.EA, PSW_BA, 0, entry);
  cpu.run(1_000_000);
  const at = cpu.mem.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12);
  return { out: Buffer.from(mem.subarray(OUT, OUT + 512)).toString('hex'), pgm: cpu.lastProgramInterrupt, at };
}

for (const level of fixture.levels) {
  describe(`gcc -O3 -march=${level.march} vector code`, () => {
    it(`has a vector handler for each of its ${level.vector.length} vector instruction encodings`, () => {
      const missing = level.vector.filter((v) => {
        const base = lookupBase(Uint8Array.from(Buffer.from(v.h.padEnd(12, '0'), 'hex')));
        return !base || !HANDLERS[base.mnemonic] || !(base.mnemonic in VECTOR_HANDLERS);
      });
      expect(missing.map((v) => `${v.mn} ${v.h}`)).toEqual([]);
    });

    // The same code interpreted and as compiled blocks (each call runs three times, so the
    // loops get hot).
    const cpus = [false, true].map((jit) => {
      const cpu = newCpu();
      cpu.jitEnabled = jit;
      cpu.cr[1] |= CR0_AFP | CR0_VECTOR;
      cpu.storage.bytes.set(Buffer.from(level.code, 'hex'), level.base);
      return cpu;
    });
    const runs = fixture.runs.filter((r) => r.level === level.march);
    for (const fn of Object.keys(level.functions)) {
      it(`${fn} matches qemu-s390x`, () => {
        const failures: string[] = [];
        for (const run of runs.filter((r) => r.fn === fn)) {
          for (const cpu of cpus) {
            for (let repeat = 0; repeat < (cpu.jitEnabled ? 3 : 1); repeat++) {
              const { out, pgm, at } = call(cpu, level.functions[fn], run);
              const mode = cpu.jitEnabled ? 'blocks' : 'interpreted';
              if (pgm !== PGM.OPERATION || at !== RETURN_AT + 2) failures.push(`${mode} n=${run.n}: did not return (program interruption ${pgm} at ${at.toString(16)})`);
              else if (out !== run.out) {
                const i = [...out].findIndex((ch, k) => ch !== run.out[k]) >> 1;
                failures.push(`${mode} n=${run.n} seed=${run.seed}: output byte ${i}: ${out.slice(2 * i, 2 * i + 32)}, expected ${run.out.slice(2 * i, 2 * i + 32)}`);
              }
            }
          }
        }
        expect(failures).toEqual([]);
      });
    }

    it('compiled blocks of the vector loops', () => {
      expect(cpus[1].blocksCompiled).toBeGreaterThan(Object.keys(level.functions).length);
      expect(cpus[0].blocksCompiled).toBe(0);
    });
  });
}
