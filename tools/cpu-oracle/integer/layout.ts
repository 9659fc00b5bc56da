// Where the integer oracle puts things, shared by the case generator, the qemu runner
// (harness.c has the same numbers) and the replay test: the instruction's address, the
// branch target of the count-branch cases, the data window, and the fill pattern of
// registers a case does not set.

/** The instruction under test (the test harness's CODE_AT). */
export const CODE_AT = 0x10000;
/** Target of taken count branches: harness.c keeps a branch back at this address. */
export const TAKEN_AT = 0x10100;
/** Data window: 512 bytes around the page boundary at 0x81000. */
export const DATA_AT = 0x80f00;
export const WINDOW = 512;
/** Window offset of the page boundary (for page-crossing operands). */
export const PAGE_CROSS = 0x100;
/** An address mapped neither under qemu-s390x nor in the replay's 1 MB of storage. */
export const UNMAPPED = 0x10_0000;

/** Registers no case sets hold this: high word 0xa5a5a5nn, low word 0x5a5a5ann. */
export function fillRegister(n: number): bigint {
  return (BigInt(0xa5a5_a500 + n) << 32n) | BigInt(0x5a5a_5a00 + n);
}

/** One recorded case as stored in test/cpu/fixtures/integer-*.json. */
export interface GoldenCase {
  /** Name: the assembler text and a sequence number. */
  n: string;
  /** Instruction bytes, hex. */
  h: string;
  /** Registers set by the case (16 hex digits each); the others hold fillRegister(n). */
  r: Record<string, string>;
  cc: number;
  /** Addressing mode when not 64. */
  am?: 24 | 31;
  /** Data-window contents before: window offset → hex bytes (the rest is zero). */
  m?: Record<string, string>;
  o: {
    /** Registers that changed. */
    r?: Record<string, string>;
    cc: number;
    /** Program-interruption code, when one was taken. */
    pgm?: number;
    /** 1 when the count branch was taken (to TAKEN_AT). */
    t?: 1;
    /** Data-window bytes that changed: offset → hex. */
    m?: Record<string, string>;
  };
}

export interface GoldenFile {
  readonly comment: string;
  readonly cases: GoldenCase[];
}
