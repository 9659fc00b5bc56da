// Instruction decoding: length from the first two bits, then the catalog entry that
// matches the bytes. Unknown opcodes decode to `undefined`, never an exception.
import { BY_FIRST_BYTE, type Instruction } from './catalog';

/** Instruction length from the first opcode byte: 00 → 2, 01/10 → 4, 11 → 6 bytes. */
export function instructionLength(firstByte: number): 2 | 4 | 6 {
  return ((((firstByte >> 6) + 3) & ~1) as 2 | 4 | 6);
}

function matches(bytes: Uint8Array, offset: number, insn: Instruction): boolean {
  const { opcode, mask } = insn;
  for (let i = 1; i < 6; i++) {
    if (((bytes[offset + i] ?? 0) & mask[i]) !== opcode[i]) return false;
  }
  return true;
}

/**
 * The best catalog match for the instruction at bytes[offset], with GNU objdump's rule:
 * the first match in precedence order, replaced only by a later one whose mask is more
 * specific. Extended mnemonics therefore win over their base instruction.
 */
export function lookup(bytes: Uint8Array, offset: number): Instruction | undefined {
  let best: Instruction | undefined;
  for (const insn of BY_FIRST_BYTE[bytes[offset]]) {
    if (matches(bytes, offset, insn) && (best === undefined || insn.maskWeight > best.maskWeight)) best = insn;
  }
  return best;
}
