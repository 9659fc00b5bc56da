// Floating-point-register moves that do no arithmetic: loads and stores of short and long
// operands, register copies (short, long, extended pair), load zero, transfers between
// general and floating-point registers, and the sign-bit instructions without a CC.
import type { Handler, HandlerTable } from './decoded';
import { checkPair } from './bfp-common';

const SIGN = 0x8000_0000;

const load32: Handler = (cpu, d) => { cpu.vr[4 * d.r1] = cpu.read32(cpu.ea(d.x2, d.b2, d.d2)); };
const load64: Handler = (cpu, d) => {
  cpu.read64(cpu.ea(d.x2, d.b2, d.d2));
  cpu.vr[4 * d.r1] = cpu.hi;
  cpu.vr[4 * d.r1 + 1] = cpu.lo;
};
const store32: Handler = (cpu, d) => { cpu.write32(cpu.ea(d.x2, d.b2, d.d2), cpu.vr[4 * d.r1]); };
const store64: Handler = (cpu, d) => { cpu.write64(cpu.ea(d.x2, d.b2, d.d2), cpu.vr[4 * d.r1], cpu.vr[4 * d.r1 + 1]); };

/** Copies the 64-bit content of FPR r2 into FPR r1 with `hi` as the new left word. */
function move64(cpu: Parameters<Handler>[0], r1: number, hi: number, lo: number): void {
  cpu.vr[4 * r1] = hi >>> 0;
  cpu.vr[4 * r1 + 1] = lo;
}

export const FPR_HANDLERS: HandlerTable = {
  le: load32, ley: load32, ld: load64, ldy: load64,
  ste: store32, stey: store32, std: store64, stdy: store64,
  ler: (cpu, d) => { cpu.vr[4 * d.r1] = cpu.vr[4 * d.r2]; },
  ldr: (cpu, d) => move64(cpu, d.r1, cpu.vr[4 * d.r2], cpu.vr[4 * d.r2 + 1]),
  lxr: (cpu, d) => {
    checkPair(d.r1);
    checkPair(d.r2);
    const v = cpu.vr;
    const hi = v[4 * d.r2], lo = v[4 * d.r2 + 1], hi2 = v[4 * d.r2 + 8], lo2 = v[4 * d.r2 + 9];
    move64(cpu, d.r1, hi, lo);
    move64(cpu, d.r1 + 2, hi2, lo2);
  },
  lzer: (cpu, d) => { cpu.vr[4 * d.r1] = 0; },
  lzdr: (cpu, d) => move64(cpu, d.r1, 0, 0),
  lzxr: (cpu, d) => {
    checkPair(d.r1);
    move64(cpu, d.r1, 0, 0);
    move64(cpu, d.r1 + 2, 0, 0);
  },
  lgdr: (cpu, d) => cpu.setR64(d.r1, cpu.vr[4 * d.r2], cpu.vr[4 * d.r2 + 1]),
  ldgr: (cpu, d) => move64(cpu, d.r1, cpu.rHi(d.r2), cpu.r32(d.r2)),
  cpsdr: (cpu, d) => move64(cpu, d.r1, (cpu.vr[4 * d.r2] & ~SIGN) | (cpu.vr[4 * d.r3] & SIGN), cpu.vr[4 * d.r2 + 1]),
  lcdfr: (cpu, d) => move64(cpu, d.r1, cpu.vr[4 * d.r2] ^ SIGN, cpu.vr[4 * d.r2 + 1]),
  lndfr: (cpu, d) => move64(cpu, d.r1, cpu.vr[4 * d.r2] | SIGN, cpu.vr[4 * d.r2 + 1]),
  lpdfr: (cpu, d) => move64(cpu, d.r1, cpu.vr[4 * d.r2] & ~SIGN, cpu.vr[4 * d.r2 + 1]),
};
