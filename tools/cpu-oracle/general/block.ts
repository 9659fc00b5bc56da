// The code block that runs a case's instruction with access registers, floating-point
// registers, the FPC or control register 8 set. The runner (string/runner.c) loads only
// the general registers; for these cases its instruction slot holds a BRANCH RELATIVE
// LONG to this block, which the case's storage places in the runner's register page:
//   save ARs, load ARs / FPRs / FPC / CR8, the instruction, store them, restore the
//   ARs (qemu-s390x's C library keeps its thread pointer in AR 0-1), branch back.
// Every address is below 512 KiB, so base register 0 with a long displacement reaches
// it and no test register is needed. The block itself is an oracle detail: fixtures
// record the instruction, the register inputs and the outputs.
import { rsy, rxy } from '../string/case';
import type { GeneralCase } from './case';

/** The runner's instruction address (runner.c build(): five setup instructions at CODE). */
export const RUNNER_INSN_AT = 0x41016;
const AR_SAVE = 0x40200, AR_IN = 0x40240, AR_OUT = 0x40280, CR8_IN = 0x402c0, CR_ZERO = 0x402c8;
const CR0_SAVE = 0x402d0, CR0_AFP = 0x402d8, F_IN = 0x40300, F_OUT = 0x40380, BLOCK = 0x40400;
/**
 * CR0 while a floating-point case runs on Hercules: the reset value (external-interruption
 * subclass masks) plus the AFP-register control, without which BFP and DFP instructions
 * are data exceptions.
 */
const CR0_WITH_AFP = '00000000000400e0';
/** FPC cells: LFPC/STFPC have 12-bit displacements, so they sit in the (free) lowcore page. */
const FPC_IN = 0xe00, FPC_OUT = 0xe04;

const hx = (v: number, digits: number): string => (v >>> 0).toString(16).padStart(digits, '0').slice(-digits);
const brcl = (from: number, to: number): string => 'c0f4' + hx((to - from) / 2, 8);

export interface Block {
  /** The runner's instruction: a branch to the block. */
  insn: string;
  /** Storage the block needs: address → hex. */
  mem: Record<number, string>;
  /** Ranges to report after, in order: ARs, FPRs (by register), FPC. */
  out: [number, number][];
  /** Address of the case's instruction inside the block. */
  insnAt: number;
}

export function buildBlock(c: GeneralCase): Block {
  const pro: string[] = [];
  const epi: string[] = [];
  const mem: Record<number, string> = {};
  const out: [number, number][] = [];
  if (c.ar) {
    pro.push(rsy(0xeb, 0x9b, 0, 15, 0, AR_SAVE), rsy(0xeb, 0x9a, 0, 15, 0, AR_IN));
    epi.push(rsy(0xeb, 0x9b, 0, 15, 0, AR_OUT), rsy(0xeb, 0x9a, 0, 15, 0, AR_SAVE));
    mem[AR_IN] = c.ar.map((v) => hx(v, 8)).join('');
    out.push([AR_OUT, 64]);
  }
  if (c.f !== undefined || c.fpc !== undefined) {
    pro.push(rsy(0xeb, 0x25, 0, 0, 0, CR0_SAVE), rsy(0xeb, 0x2f, 0, 0, 0, CR0_AFP));
    mem[CR0_AFP] = CR0_WITH_AFP;
  }
  for (const [n, v] of Object.entries(c.f ?? {})) {
    const k = Number(n);
    pro.push(rxy(0xed, 0x65, k, 0, 0, F_IN + 8 * k));
    epi.push(rxy(0xed, 0x67, k, 0, 0, F_OUT + 8 * k));
    mem[F_IN + 8 * k] = BigInt.asUintN(64, v).toString(16).padStart(16, '0');
    out.push([F_OUT + 8 * k, 8]);
  }
  if (c.fpc !== undefined) {
    pro.push('b29d' + hx(FPC_IN, 4));
    epi.push('b29c' + hx(FPC_OUT, 4));
    mem[FPC_IN] = hx(c.fpc, 8);
    out.push([FPC_OUT, 4]);
  }
  if (c.cr8 !== undefined) {
    pro.push(rsy(0xeb, 0x2f, 8, 8, 0, CR8_IN));
    epi.push(rsy(0xeb, 0x2f, 8, 8, 0, CR_ZERO));
    mem[CR8_IN] = BigInt.asUintN(64, c.cr8).toString(16).padStart(16, '0');
    mem[CR_ZERO] = '0000000000000000';
  }
  if (c.f !== undefined || c.fpc !== undefined) epi.push(rsy(0xeb, 0x2f, 0, 0, 0, CR0_SAVE));
  const head = pro.join('') + c.insn;
  const insnAt = BLOCK + (pro.join('').length >> 1);
  const backFrom = BLOCK + ((head + epi.join('')).length >> 1);
  // Back to the instruction after the runner's slot (the 6-byte branch to here).
  const code = head + epi.join('') + brcl(backFrom, RUNNER_INSN_AT + 6);
  mem[BLOCK] = code;
  return { insn: brcl(RUNNER_INSN_AT, BLOCK), mem, out, insnAt };
}
