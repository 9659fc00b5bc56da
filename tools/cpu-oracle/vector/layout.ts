// Where the vector oracle puts things, shared by the case generators, the qemu runner
// (runner.c has the same numbers), and the replay test: the data window, the fill
// patterns of registers a case does not set, and the recorded case format.

/** Data window: the last 512 bytes below 1 MB; general register 10 points to it. */
export const WINDOW_AT = 0xffe00;
export const WINDOW = 512;
/** The first address past the window: unmapped under qemu, outside the replay's storage. */
export const WINDOW_END = WINDOW_AT + WINDOW;

/**
 * Window contents of a case that uses storage: 512 bytes from a 32-bit xorshift stream
 * seeded by the case (recorded as the seed, not the bytes, to keep the fixtures small).
 */
export function windowBytes(seed: number): Uint8Array {
  const out = new Uint8Array(WINDOW);
  let x = (seed | 0) || 0x1234_5678;
  for (let i = 0; i < WINDOW; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Vector registers no case sets: four words 0x5eVV00ww (VV the register, ww the word). */
export function fillVector(n: number): bigint {
  let v = 0n;
  for (let w = 0; w < 4; w++) v = (v << 32n) | BigInt(((0x5e00_0000 | (n << 16) | w) >>> 0));
  return v;
}

/** General registers 0-9 no case sets. */
export function fillRegister(n: number): bigint {
  return 0x0123_4567_89ab_cd00n | BigInt(n);
}

/** One recorded case as stored in test/cpu/fixtures/vector-*.json.gz. */
export interface GoldenCase {
  /** Name: the assembler text and a sequence number. */
  n: string;
  /** Instruction bytes, hex. */
  h: string;
  /** Vector registers set by the case (32 hex digits). */
  v: Record<string, string>;
  /** General registers 0-9 set by the case (16 hex digits). */
  r: Record<string, string>;
  fpc: number;
  cc: number;
  /** Seed of the window contents before (windowBytes); absent means all zeros. */
  ws?: number;
  o: {
    /** Vector / general registers that changed. */
    v?: Record<string, string>;
    r?: Record<string, string>;
    cc: number;
    fpc: number;
    /** Program-interruption code, when one was taken. */
    pgm?: number;
    /** Window bytes that changed: offset → hex. */
    m?: Record<string, string>;
  };
}

export interface GoldenFile {
  readonly comment: string;
  readonly cases: GoldenCase[];
}
