// PLACEHOLDER (being written): GNU-objdump-exact text for one instruction.
// The real implementation replaces this file; the exported signature stays.

/** One disassembled instruction, as objdump prints it (mnemonic and operand text). */
export interface DisassembledText {
  /** Bytes consumed: the instruction length, or the size of the .long/.short/.byte fallback. */
  readonly length: number;
  readonly mnemonic: string;
  /** Operand text; empty when the instruction has none. */
  readonly operands: string;
}

/** Renders a PC-relative target; objdump's default is lower-case hex without 0x. */
export type AddressPrinter = (target: bigint) => string;

/**
 * Disassembles the instruction at bytes[offset], located at guest/ELF address `address`.
 * `available` is how many bytes of the section remain (objdump falls back to .long/.short/.byte).
 */
export function disassembleOne(
  bytes: Uint8Array,
  offset: number,
  address: bigint,
  printAddress: AddressPrinter = (t) => t.toString(16),
): DisassembledText {
  void address; void printAddress;
  const avail = bytes.length - offset;
  if (avail >= 4) {
    const v = ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
    return { length: 4, mnemonic: '.long', operands: '0x' + v.toString(16).padStart(8, '0') };
  }
  return { length: 1, mnemonic: '.byte', operands: '0x' + bytes[offset].toString(16).padStart(2, '0') };
}
