// Fixed memory layout of the oracle snippets, shared by the generator and (through the
// fixture header) the replay: where the instruction under test sits, where operands,
// landing pads, prologue/epilogue and the register slots are. Everything lies in one
// 64 KiB region at 0x10000 so 24- and 31-bit addressing modes reach it.

export const REGION = 0x10000;
/** Landing pads for branch targets go in [PAD_LO, PAD_HI). */
export const PAD_LO = 0x10000;
export const PAD_HI = 0x18000;
/** Address of the instruction under test. */
export const TEST_AT = 0x14000;
/** Storage operands live in [DATA_LO, DATA_HI) (crosses 4K page boundaries). */
export const DATA_LO = 0x18000;
export const DATA_HI = 0x1c000;
export const ENTRY = 0x1c000;
export const COMMON = 0x1c200;
export const SLOT_IN = 0x1d000;
export const SLOT_CCPM = 0x1d080;
export const SLOT_SAVE = 0x1d090;
export const OUT_PATH = 0x1d100;
export const OUT_REGS = 0x1d108;
export const OUT_PSW0 = 0x1d188;
export const OUT_PSW1 = 0x1d190;
export const OUT_IPM = 0x1d198;
export const PAD_SIZE = 16;

/** Value of a general register the case does not set (distinct per register). */
export function defaultReg(n: number): bigint {
  return (0xa5a5a5a5n << 32n) | BigInt(0x5a5a5a00 + n * 0x11);
}
