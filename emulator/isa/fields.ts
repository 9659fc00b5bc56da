// Bit-field extraction from big-endian instruction bytes, and operand value decoding
// (sign extension, 20-bit long displacements, vector register RXB bits, lengths).
import type { Operand } from './operands';

/** Unsigned value of `bits` bits starting `at` bits into the instruction at bytes[offset]. */
export function extractBits(bytes: Uint8Array, offset: number, at: number, bits: number): number {
  const first = at >> 3;
  const last = (at + bits - 1) >> 3;
  let value = 0;
  for (let i = first; i <= last; i++) value = value * 256 + (bytes[offset + i] ?? 0);
  const drop = (last + 1) * 8 - (at + bits);
  return Math.floor(value / 2 ** drop) % 2 ** bits;
}

function signExtend(value: number, bits: number): number {
  return value >= 2 ** (bits - 1) ? value - 2 ** bits : value;
}

/**
 * The value an operand denotes: register number (vector registers include their RXB
 * bit), signed or unsigned immediate, halfword count for relative operands, real length
 * for length fields (encoded minus one), signed 20-bit or unsigned 12-bit displacement.
 */
export function operandValue(bytes: Uint8Array, offset: number, op: Operand): number {
  let raw = extractBits(bytes, offset, op.at, op.bits);
  if (op.bits === 20 && op.at === 20) {
    // DL (bits 20-31) then DH (bits 32-39): the displacement is DH:DL, signed.
    raw = ((raw & 0xff) << 12) | (raw >>> 8);
    return signExtend(raw, 20);
  }
  switch (op.kind) {
    case 'signed': case 'relative': return signExtend(raw, op.bits);
    case 'length': return raw + 1;
    case 'vr': case 'vindex': {
      const slot = op.at === 32 ? 3 : op.at / 4 - 2;
      const rxb = bytes[offset + 4] ?? 0;
      return raw | ((rxb >> (3 - slot)) & 1) << 4;
    }
    default: return raw;
  }
}
