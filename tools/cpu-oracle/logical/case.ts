// The shape of one oracle case as the case generators write it, plus small helpers for
// operand values (edge values and a seeded random source, so regenerating is stable).
import { DATA_LO } from './layout';

export interface CaseSpec {
  name: string;
  /** Instruction under test (hex), placed at TEST_AT. */
  insn: string;
  /** General registers to set (others get defaultReg). */
  r?: Record<number, bigint>;
  cc?: number;
  /** Program mask (PSW bits 20-23). */
  pm?: number;
  amode?: 24 | 31 | 64;
  /** Storage to set before (address → hex); compared again afterwards. */
  mem?: Record<number, string>;
  /** More storage to compare afterwards: [address, length]. */
  dump?: [number, number][];
  /** Program interruption the case expects, where the oracle's signal is ambiguous. */
  pgm?: number;
  /**
   * Where qemu cannot run `insn` itself (qemu 7.2 aborts on the test-only forms of
   * RNSBG/ROSBG/RXSBG), the oracle runs this instruction instead and the expectation is
   * derived: same CC and next address, registers in `unchanged` keep their input values.
   */
  derived?: { insn: string; unchanged: number[] };
  /** Branch targets that get a landing pad. */
  targets?: number[];
}

/** Edge values for 64-bit operands. */
export const EDGE64: readonly bigint[] = [
  0n, 1n, 0xffffffffffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n, 0x00000000ffffffffn, 0xffffffff00000000n,
  0x0000000080000000n, 0x000000007fffffffn, 0xffffffff80000000n, 0x8000000000000001n, 0x0123456789abcdefn,
];

/** xorshift64* with a fixed seed per generator, so fixtures regenerate identically. */
export class Rng {
  private s: bigint;
  constructor(seed: number) { this.s = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n; }
  next64(): bigint {
    let x = this.s;
    x ^= (x >> 12n); x ^= BigInt.asUintN(64, x << 25n); x ^= (x >> 27n);
    this.s = x;
    return BigInt.asUintN(64, x * 0x2545f4914f6cdd1dn);
  }
  /** Integer in [0, n). */
  int(n: number): number { return Number(this.next64() % BigInt(n)); }
  /** A 64-bit value: often random, sometimes an edge value, sometimes small. */
  val(): bigint {
    const k = this.int(8);
    if (k === 0) return EDGE64[this.int(EDGE64.length)];
    if (k === 1) return BigInt(this.int(256));
    if (k === 2) return BigInt.asUintN(64, BigInt(-1 - this.int(256)));
    return this.next64();
  }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  hex(bytes: number): string {
    let s = '';
    for (let i = 0; i < bytes; i++) s += this.int(256).toString(16).padStart(2, '0');
    return s;
  }
}

/** Default address for a storage operand (base register value). */
export const DATA = DATA_LO + 0x100;

export function h(v: bigint | number, bytes: number): string {
  return BigInt.asUintN(bytes * 8, BigInt(v)).toString(16).padStart(bytes * 2, '0');
}
