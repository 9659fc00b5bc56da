// Instruction text exactly as GNU objdump (binutils 2.40) prints it: mnemonic, a tab,
// operands with %r/%f/%v/%a/%c registers, D(X,B) addressing with zero index/base left
// out, lengths as written in assembler (encoded + 1), PC-relative targets as addresses;
// unknown bytes as .long/.short/.byte.
import type { Instruction } from './catalog';
import { instructionLength, lookup } from './decoder';
import { operandValue } from './fields';

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

const ADDRESS_MASK = (1n << 64n) - 1n;
const REGISTER_PREFIX: Partial<Record<string, string>> = {
  'gpr': '%r', 'gpr-pair': '%r', 'index': '%r', 'base': '%r', 'fpr': '%f', 'fpr-pair': '%f',
  'vr': '%v', 'vindex': '%v', 'ar': '%a', 'cr': '%c',
};

/** Operand text of a known instruction (binutils' rules for optional and zero operands). */
export function formatOperands(insn: Instruction, bytes: Uint8Array, offset: number, address: bigint,
  printAddress: AddressPrinter): string {
  const optional = insn.row.optional;
  const ops = insn.operands;
  let text = '';
  let separator = '';
  let first = true;
  const sep = (): string => (first ? '' : separator);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const isLast = i === ops.length - 1;
    let value = operandValue(bytes, offset, op);
    if ((op.kind === 'index' || op.kind === 'vindex') && value === 0) continue;
    if (op.kind === 'base' && value === 0 && separator === '(') {
      separator = ',';
      continue;
    }
    if (optional && value === 0 && isLast) break;
    if (optional === 'last2' && value === 0 && i === ops.length - 2 && operandValue(bytes, offset, ops[i + 1]) === 0) break;
    const prefix = REGISTER_PREFIX[op.kind];
    if (prefix !== undefined) {
      text += sep() + prefix + value;
    } else if (op.kind === 'relative') {
      text += sep() + printAddress((address + BigInt(value) * 2n) & ADDRESS_MASK);
    } else if (op.kind === 'signed' || (op.kind === 'disp' && op.bits === 20)) {
      text += sep() + value;
    } else {
      if (op.fixedOnes) value = (value & ~op.fixedOnes) >>> 0;
      if (optional === 'last' && value === 0 && isLast) break;
      text += sep() + value;
    }
    first = false;
    if (op.kind === 'disp') {
      separator = '(';
    } else if (op.kind === 'base') {
      text += ')';
      separator = ',';
    } else {
      separator = ',';
    }
  }
  return text;
}

function hex(value: number, digits: number): string {
  return '0x' + value.toString(16).padStart(digits, '0');
}

/**
 * Disassembles the instruction at bytes[offset], located at address `address`; the
 * section ends at bytes.length (objdump then falls back to .long/.short/.byte).
 */
export function disassembleOne(
  bytes: Uint8Array,
  offset: number,
  address: bigint,
  printAddress: AddressPrinter = (t) => t.toString(16),
): DisassembledText {
  const available = Math.min(6, bytes.length - offset);
  const length = instructionLength(bytes[offset]);
  if (length <= available) {
    const insn = lookup(bytes.subarray(0, offset + length), offset);
    if (insn) {
      return { length, mnemonic: insn.mnemonic, operands: formatOperands(insn, bytes.subarray(0, offset + length), offset, address, printAddress) };
    }
  }
  if (available >= 4) {
    const v = ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
    return { length: 4, mnemonic: '.long', operands: hex(v, 8) };
  }
  if (available === 2) {
    return { length: 2, mnemonic: '.short', operands: hex((bytes[offset] << 8) | bytes[offset + 1], 4) };
  }
  // One or three bytes: objdump prints them back to back without separators.
  let operands = '';
  for (let i = 0; i < available; i++) operands += hex(bytes[offset + i], 2);
  return { length: available, mnemonic: '.byte', operands };
}
