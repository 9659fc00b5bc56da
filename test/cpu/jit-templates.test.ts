// Every inline template of the block compiler against the instruction's handler: random
// register contents and fields, the same instruction run interpreted and as a one-
// instruction compiled block, states compared (registers, CC, PSW address, storage,
// interruption code).
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../emulator/isa/catalog';
import { Cpu } from '../../emulator/cpu/cpu';
import { compileBlock } from '../../emulator/cpu/jit';
import { TEMPLATES } from '../../emulator/cpu/jit-templates';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import { CODE_AT, newCpu, reg, setReg } from './harness';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { TLB_MASK } from '../../emulator/mmu/tlb';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

const DATA = 0x40000;
/** Random storage compared after each run: the data page and its neighbours. */
const SPAN_FROM = DATA - 0x1000, SPAN_TO = DATA + 0x2000;
const INTERESTING = [0n, 1n, -1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x7fffffffffffffffn, -0x8000000000000000n];

function prepare(bytes: Uint8Array, next: () => number, progMask: number): Cpu {
  const cpu = newCpu(1 << 20);
  cpu.storage.bytes.set(bytes, CODE_AT);
  for (let i = SPAN_FROM; i < SPAN_TO; i++) cpu.storage.bytes[i] = next() & 0xff;
  for (let r = 0; r < 16; r++) {
    const pick = next() % 4;
    const v = pick === 0 ? INTERESTING[next() % INTERESTING.length]
      : pick === 1 ? BigInt(DATA + (next() % 0x100)) : (BigInt(next()) << 32n) | BigInt(next());
    setReg(cpu, r, v);
  }
  cpu.loadPsw((PSW.EA | ((next() & 3) << PSW.CC_SHIFT) | (progMask << PSW.PROGMASK_SHIFT)) >>> 0, PSW_BA, 0, CODE_AT);
  return cpu;
}

/** Puts the pages around the data area into the TLB's fast arrays (read and write). */
function warmFastTlb(cpu: Cpu): void {
  cpu.mmu.fastContext();
  for (let page = (DATA >>> 12) - 1; page <= (DATA >>> 12) + 1; page++) {
    cpu.translate(page << 12, 1, true);
    cpu.mmu.noteFast(page << 12);
    expect(cpu.mmu.tlb.fastWrite[page & TLB_MASK]).toBe(page);
  }
}

function snapshot(cpu: Cpu): string {
  const regs = Array.from({ length: 16 }, (_, i) => reg(cpu, i).toString(16)).join(' ');
  const mem = Buffer.from(cpu.storage.bytes.subarray(SPAN_FROM, SPAN_TO)).toString('hex');
  return `${regs} cc=${cpu.cc} ia=${cpu.ia.toString(16)} n=${cpu.icount} pgm=${cpu.mem.getUint16(LOWCORE.PGM_CODE)} ${mem}`;
}

describe('JIT templates match their handlers', () => {
  for (const mnemonic of Object.keys(TEMPLATES)) {
    it(mnemonic, () => {
      const insn = CATALOG.find((i) => i.mnemonic === mnemonic && !i.extended);
      expect(insn, `${mnemonic} is a table instruction`).toBeDefined();
      const next = rng(mnemonic.split('').reduce((a, c) => a * 31 + c.charCodeAt(0), 7));
      const failures: string[] = [];
      for (let n = 0; n < 300; n++) {
        const bytes = new Uint8Array(6);
        for (let i = 0; i < insn!.length; i++) bytes[i] = insn!.opcode[i] | (next() & ~insn!.mask[i] & 0xff);
        // Keep storage operands inside the data area: small displacements, no index.
        const d = Cpu.decode(bytes);
        if (d.insn?.mnemonic !== mnemonic) continue;
        const progMask = next() & 0xf;
        const seed = next();
        const a = prepare(bytes, rng(seed), progMask);
        a.jitEnabled = false;
        a.step();
        const sa = snapshot(a);
        // Cold: operand accesses miss the TLB's fast arrays; warm: the data pages hit them.
        for (const warm of [false, true]) {
          const b = prepare(bytes, rng(seed), progMask);
          if (warm) warmFastTlb(b);
          const dd = Cpu.decode(bytes);
          const block = compileBlock([dd], CODE_AT, 64, CODE_AT, (v) => v);
          try {
            block.run(b);
          } catch (e) {
            b.programInterrupt(e as never);
            b.icount++;
          }
          const sb = snapshot(b);
          if (sa !== sb) failures.push(`${warm ? 'warm' : 'cold'} ${Buffer.from(bytes.subarray(0, insn!.length)).toString('hex')}:\n  handler ${sa.slice(0, 400)}\n  jit     ${sb.slice(0, 400)}`);
        }
      }
      expect(failures.slice(0, 3)).toEqual([]);
    });
  }
});
