// Operand setups the generic case builder cannot infer from the table: EXECUTE targets,
// and the string / long-move instructions whose registers hold addresses and lengths
// inside the storage area. Lengths stay small and inside one page, so no instruction
// here stops after a CPU-determined amount (which QEMU and Kuli may choose differently).
import type { Rng } from './random';
import type { RegValue } from './cases';

/** Storage-area layout (cases.ts): bytes [512, 576) are explicit, the rest seeded random. */
const EXPLICIT_AT = 512;
const EXPLICIT_LEN = 64;

export interface SpecialContext {
  /** Operand field values; a setup may replace immediates, lengths and displacements. */
  readonly values: Record<string, unknown>;
  readonly gpr: Map<number, RegValue>;
  readonly mem: number[];
  /** Assembler symbol of the storage area. */
  readonly memLabel: string;
}

/**
 * EXECUTE targets (first byte, second byte, rest): the second byte is ORed with bits
 * 56-63 of R1, so it becomes a length, mask, immediate or register pair at run time.
 */
const EXECUTE_TARGETS: readonly number[][] = [
  [0xd2, 0x00, 0xa0, 0x00, 0xa0, 0x10], // mvc 0(1,%r10),16(%r10)
  [0xd5, 0x00, 0xa0, 0x00, 0xa0, 0x08], // clc 0(1,%r10),8(%r10)
  [0xd7, 0x00, 0xa0, 0x18, 0xa0, 0x20], // xc 24(1,%r10),32(%r10)
  [0x91, 0x00, 0xa0, 0x00], // tm 0(%r10),0
  [0x92, 0x00, 0xa0, 0x08], // mvi 8(%r10),0
  [0x1a, 0x00], // ar %r0,%r0
  [0x18, 0x00], // lr %r0,%r0
  [0x44, 0x00, 0xd0, 0x00], // ex %r0,0(%r13): EXECUTE of EXECUTE is an execute exception
];

export function executeTarget(rng: Rng): string {
  const t = rng.chance(0.05) ? EXECUTE_TARGETS[EXECUTE_TARGETS.length - 1] : rng.pick(EXECUTE_TARGETS.slice(0, -1));
  return `\t.byte\t${t.map((b) => '0x' + b.toString(16).padStart(2, '0')).join(',')}`;
}

function reg(ctx: SpecialContext, field: string): number | undefined {
  const v = ctx.values[field];
  return typeof v === 'number' ? v : undefined;
}

function addr(ctx: SpecialContext, offset: number): string {
  return `${ctx.memLabel}+${offset}`;
}

/** Writes a terminated string of `len` non-terminator bytes at explicit offset `at`. */
function putString(ctx: SpecialContext, rng: Rng, at: number, len: number, term: number): void {
  for (let i = 0; i < len && at + i < EXPLICIT_LEN; i++) {
    let b = rng.int(0, 255);
    if (b === term) b ^= 1;
    ctx.mem[at + i] = b;
  }
  if (at + len < EXPLICIT_LEN) ctx.mem[at + len] = term;
}

/** Mnemonics with a setup here: their register operands must be distinct registers. */
export const SPECIAL_SETUPS: ReadonlySet<string> = new Set(['srst', 'srstu', 'mvst', 'clst', 'cksm', 'mvcl', 'clcl']);

/** Applies the setup for `m`; false when the mnemonic needs none. */
export function applySpecial(m: string, rng: Rng, ctx: SpecialContext): boolean {
  const r1 = reg(ctx, 'R1');
  const r2 = reg(ctx, 'R2');
  const term = rng.chance(0.3) ? 0 : rng.int(0, 255);
  switch (m) {
    case 'srst': case 'srstu': {
      // r0: the character (bits 32-55 zero); R1: end of operand 2; R2: its start.
      if (r1 === undefined || r2 === undefined) return false;
      const unicode = m === 'srstu';
      const start = 2 * rng.int(0, 8);
      const len = 2 * rng.int(0, 20);
      ctx.gpr.set(0, BigInt(unicode ? term * 257 : term) | (rng.u64() & 0xffff_ffff_0000_0000n));
      ctx.gpr.set(r1, addr(ctx, EXPLICIT_AT + start + len));
      ctx.gpr.set(r2, addr(ctx, EXPLICIT_AT + start));
      if (rng.chance(0.6)) {
        const hit = start + 2 * rng.int(0, Math.max(0, len / 2 - 1));
        ctx.mem[hit] = term;
        if (unicode) ctx.mem[hit + 1] = term;
      }
      return true;
    }
    case 'mvst': {
      // r0: terminator; R2: source string (terminated inside the explicit bytes); R1: target.
      if (r1 === undefined || r2 === undefined) return false;
      const src = rng.int(0, 16);
      putString(ctx, rng, src, rng.int(0, 40), term);
      ctx.gpr.set(0, BigInt(term) | (rng.u64() & 0xffff_ffff_0000_0000n));
      ctx.gpr.set(r1, addr(ctx, rng.int(0, 400)));
      ctx.gpr.set(r2, addr(ctx, EXPLICIT_AT + src));
      return true;
    }
    case 'clst': {
      // Two terminated strings, often sharing a prefix (or equal).
      if (r1 === undefined || r2 === undefined) return false;
      const len1 = rng.int(0, 20);
      const len2 = rng.chance(0.3) ? len1 : rng.int(0, 20);
      putString(ctx, rng, 0, len1, term);
      const common = rng.chance(0.6) ? rng.int(0, Math.min(len1, len2)) : 0;
      putString(ctx, rng, 32, len2, term);
      for (let i = 0; i < common; i++) ctx.mem[32 + i] = ctx.mem[i];
      ctx.gpr.set(0, BigInt(term));
      ctx.gpr.set(r1, addr(ctx, EXPLICIT_AT));
      ctx.gpr.set(r2, addr(ctx, EXPLICIT_AT + 32));
      return true;
    }
    case 'cksm': {
      // R1: checksum accumulator (bits 32-63); R2 / R2+1: address and length.
      if (r1 === undefined || r2 === undefined) return false;
      ctx.gpr.set(r2, addr(ctx, EXPLICIT_AT + rng.int(0, 16)));
      ctx.gpr.set(r2 + 1, BigInt(rng.chance(0.7) ? 4 * rng.int(0, 12) : rng.int(0, 48)));
      return true;
    }
    case 'mvcl': case 'clcl': {
      // R1/R1+1: operand 1 address and 24-bit length; R2/R2+1: address, pad byte, length.
      if (r1 === undefined || r2 === undefined) return false;
      const a = rng.int(0, 700);
      const b = rng.chance(0.5) ? EXPLICIT_AT + rng.int(0, 32) : rng.int(0, 700);
      ctx.gpr.set(r1, addr(ctx, a));
      ctx.gpr.set(r1 + 1, BigInt(rng.int(0, 200)) | (rng.u64() & 0xffff_ffff_0000_0000n));
      ctx.gpr.set(r2, addr(ctx, b));
      ctx.gpr.set(r2 + 1, BigInt(rng.int(0, 200)) | BigInt(rng.int(0, 255)) << 24n);
      if (m === 'clcl' && rng.chance(0.5)) ctx.gpr.set(r2, addr(ctx, a));
      return true;
    }
    case 'mvcin': {
      // Overlapping MVCIN operands give unpredictable results (PoP): keep them apart.
      // Operand 2's address designates its rightmost byte.
      const values = ctx.values;
      const len = rng.int(1, 64);
      values.L1 = len;
      values.D1 = rng.int(128, 256 - len);
      values.D2 = rng.int(len - 1, 127);
      return true;
    }
    default:
      return false;
  }
}
