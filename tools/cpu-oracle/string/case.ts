// Oracle case description shared by the generator (tools/cpu-oracle/string) and the
// replay tests (test/cpu/string-oracle.ts), plus instruction encoders for the formats
// the string, translate, decimal and Unicode instructions use.

/** Test storage: 128 KiB at DATA, then an inaccessible page (end of storage in tests). */
export const DATA = 0x1e0000;
export const DATA_END = 0x200000;

export type Amode = 24 | 31 | 64;

export interface OracleCase {
  name: string;
  /** Instruction bytes, hex. */
  insn: string;
  amode?: Amode;
  cc?: number;
  /** Program mask (PSW bits 20-23). */
  pm?: number;
  /** Re-execute while the condition code is 3 (CPU-determined amount processed). */
  loop?: boolean;
  /** General registers (unset ones are 0). */
  r?: Record<number, bigint>;
  /** Storage to set before: address → hex bytes. Everything else in DATA is zero. */
  mem?: Record<number, string>;
  /** Storage to report after: [address, length]; defaults to the mem ranges. */
  out?: [number, number][];
  /**
   * Registers whose final value depends on CPU-determined amounts (how much each
   * CC-3 execution processed before the last one), so they are not compared.
   */
  ignore?: number[];
}

export type Oracle = 'qemu-s390x' | 'hercules';

export interface OracleResult {
  /** 0 completed, 1 signal (qemu-s390x), 2 program interruption (Hercules). */
  kind: number;
  cc: number;
  /** signal << 16 | si_code, or the program-interruption code. */
  code: number;
  /** FPC (qemu-s390x) or the word at real 0x90 holding the DXC (Hercules). */
  aux: number;
  /** Registers after, hex 16 digits each. */
  r: string[];
  /** Bytes of each out range, hex. */
  out: string[];
}

/** A recorded case as stored in test/cpu/fixtures (registers as hex strings). */
export interface FixtureCase extends Omit<OracleCase, 'r'> {
  r?: Record<string, string>;
  oracle: Oracle;
  expect: OracleResult;
}

export function outRanges(c: Pick<OracleCase, 'mem' | 'out'>): [number, number][] {
  if (c.out) return c.out;
  return Object.entries(c.mem ?? {}).map(([a, h]) => [Number(a), h.replace(/\s+/g, '').length / 2]);
}

// ---- encoders (hex strings) ----------------------------------------------------------

const h = (v: number, digits: number): string => (v >>> 0).toString(16).padStart(digits, '0').slice(-digits);

/** SS-a: op L(8) B1 D1 B2 D2 (`len` is the operand length, 1-256). */
export const ssA = (op: number, len: number, b1: number, d1: number, b2: number, d2: number): string =>
  h(op, 2) + h(len - 1, 2) + h(b1, 1) + h(d1, 3) + h(b2, 1) + h(d2, 3);
/** SS-b: op L1(4) L2(4) (operand lengths 1-16). */
export const ssB = (op: number, l1: number, l2: number, b1: number, d1: number, b2: number, d2: number): string =>
  h(op, 2) + h(l1 - 1, 1) + h(l2 - 1, 1) + h(b1, 1) + h(d1, 3) + h(b2, 1) + h(d2, 3);
/** SS-c (SRP): op L1 I3 B1 D1 B2 D2. */
export const ssC = (op: number, l1: number, i3: number, b1: number, d1: number, b2: number, d2: number): string =>
  h(op, 2) + h(l1 - 1, 1) + h(i3, 1) + h(b1, 1) + h(d1, 3) + h(b2, 1) + h(d2, 3);
/** SS-f (PKA, PKU): op L2(8). */
export const ssF = (op: number, l2: number, b1: number, d1: number, b2: number, d2: number): string =>
  h(op, 2) + h(l2 - 1, 2) + h(b1, 1) + h(d1, 3) + h(b2, 1) + h(d2, 3);
/** RR. */
export const rr = (op: number, r1: number, r2: number): string => h(op, 2) + h(r1, 1) + h(r2, 1);
/** RRE (and RRF-c with m3). */
export const rre = (op: number, r1: number, r2: number, m3 = 0): string => h(op, 4) + h(m3, 1) + '0' + h(r1, 1) + h(r2, 1);
/** RS-a. */
export const rs = (op: number, r1: number, r3: number, b2: number, d2: number): string =>
  h(op, 2) + h(r1, 1) + h(r3, 1) + h(b2, 1) + h(d2, 3);
/** RSY-a (opcode as 0xeb..8e etc: first byte, last byte). */
export const rsy = (op1: number, op2: number, r1: number, r3: number, b2: number, d2: number): string =>
  h(op1, 2) + h(r1, 1) + h(r3, 1) + h(b2, 1) + h(d2 & 0xfff, 3) + h((d2 >> 12) & 0xff, 2) + h(op2, 2);
/** RX-a. */
export const rx = (op: number, r1: number, x2: number, b2: number, d2: number): string =>
  h(op, 2) + h(r1, 1) + h(x2, 1) + h(b2, 1) + h(d2, 3);
/** RXY-a. */
export const rxy = (op1: number, op2: number, r1: number, x2: number, b2: number, d2: number): string =>
  h(op1, 2) + h(r1, 1) + h(x2, 1) + h(b2, 1) + h(d2 & 0xfff, 3) + h((d2 >> 12) & 0xff, 2) + h(op2, 2);
/** RSL-a (TP). */
export const rsl = (op1: number, op2: number, l1: number, b1: number, d1: number): string =>
  h(op1, 2) + h(l1 - 1, 1) + '0' + h(b1, 1) + h(d1, 3) + '00' + h(op2, 2);
