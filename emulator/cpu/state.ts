// Architected CPU registers of one vcpu: general, access, control, floating-point and
// vector registers, FPC, and the PSW. 64-bit registers are kept as 32-bit halves in
// typed arrays (no BigInt, no allocation on the hot path).

/** PSW bits 0-31 (z/Architecture PSW, PoP "Program-Status Word"). */
export const PSW = {
  PER: 0x4000_0000,
  DAT: 0x0400_0000,
  IO: 0x0200_0000,
  EXT: 0x0100_0000,
  KEY_SHIFT: 20,
  KEY_MASK: 0x00f0_0000,
  MCHECK: 0x0004_0000,
  WAIT: 0x0002_0000,
  PROBLEM: 0x0001_0000,
  AS_SHIFT: 14,
  AS_MASK: 0x0000_c000,
  CC_SHIFT: 12,
  PROGMASK_SHIFT: 8,
  PROGMASK_MASK: 0x0000_0f00,
  EA: 0x0000_0001,
} as const;
/** PSW bit 32 (first bit of the second word): basic addressing (31-bit) mode. */
export const PSW_BA = 0x8000_0000;

/** Program-mask bits (PSW bits 20-23). */
export const PROGRAM_MASK = {
  FIXED_OVERFLOW: 0x8,
  DECIMAL_OVERFLOW: 0x4,
  HFP_EXPONENT_UNDERFLOW: 0x2,
  HFP_SIGNIFICANCE: 0x1,
} as const;

export type AddressingMode = 24 | 31 | 64;

export class CpuRegisters {
  /** General registers: r n is gpr[2n] (bits 0-31) and gpr[2n+1] (bits 32-63). */
  readonly gpr = new Uint32Array(32);
  /** Access registers. */
  readonly ar = new Uint32Array(16);
  /** Control registers: c n is cr[2n] (bits 0-31), cr[2n+1] (bits 32-63). */
  readonly cr = new Uint32Array(32);
  /**
   * Vector registers, four 32-bit words each, most significant first: v n is
   * vr[4n..4n+3]. Floating-point register f n is the left half of v n: vr[4n], vr[4n+1].
   */
  readonly vr = new Uint32Array(128);
  /** Floating-point-control register. */
  fpc = 0;

  /** PSW bits 0-31 except the condition code (kept in `cc`). */
  pswMask = 0;
  /** Condition code, 0-3. */
  cc = 0;
  /** Addressing mode from PSW bits 31-32. */
  amode: AddressingMode = 64;
  /** Instruction address (PSW bits 64-127) of the instruction being executed or next. */
  ia = 0;

  prefix = 0;
  cpuAddress = 0;
}

/** Mask of an effective address in the given addressing mode (as a JS number). */
export function addressMask(amode: AddressingMode): number {
  return amode === 64 ? Number.MAX_SAFE_INTEGER : amode === 31 ? 0x7fff_ffff : 0x00ff_ffff;
}
