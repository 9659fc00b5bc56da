// Instruction encoding for the differential test generator: a catalog instruction plus
// operand values becomes assembler directives (.byte / .short / .long), with PC-relative
// fields left as label expressions for the assembler to resolve. Encoding straight from
// the ISA table keeps the suite independent of which mnemonics gas accepts per -march.
import type { Instruction } from '../../emulator/isa/catalog';
import type { Operand } from '../../emulator/isa/operands';

/**
 * A PC-relative operand: the assembler computes (target - instruction) / 2. `external`
 * targets lie in another section (the storage area in .bss), so the field is emitted
 * with `.insn ril` and resolved by the linker (RIL formats only).
 */
export interface RelativeTarget {
  readonly label: string;
  readonly external?: boolean;
}

export type OperandValue = number | RelativeTarget;

/** Values by PoP field name (R1, D2, I3, RI4, ...). */
export type FieldValues = Readonly<Record<string, OperandValue>>;

function setBits(bytes: Uint8Array, at: number, bits: number, value: number): void {
  for (let i = 0; i < bits; i++) {
    const bit = Math.floor(value / 2 ** (bits - 1 - i)) % 2;
    const pos = at + i;
    if (bit) bytes[pos >> 3] |= 0x80 >> (pos & 7);
  }
}

/** The raw field value for an operand (two's complement, DL/DH split, length - 1). */
function rawValue(op: Operand, value: number): number {
  if (op.kind === 'length') {
    if (value < 1 || value > 2 ** op.bits) throw new Error(`${op.field}: length ${value} out of range`);
    return value - 1;
  }
  if (op.bits === 20 && op.at === 20) {
    // Long displacement: DL (12 bits) first, then DH (8 bits); signed 20-bit value.
    if (value < -(2 ** 19) || value >= 2 ** 19) throw new Error(`${op.field}: displacement ${value} out of range`);
    const v = value < 0 ? value + 2 ** 20 : value;
    return (v & 0xfff) * 256 + (v >>> 12);
  }
  const signed = op.kind === 'signed';
  const lo = signed ? -(2 ** (op.bits - 1)) : 0;
  const hi = signed ? 2 ** (op.bits - 1) - 1 : 2 ** op.bits - 1;
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new Error(`${op.field}: value ${value} does not fit ${op.kind} ${op.bits} bits`);
  }
  return value < 0 ? value + 2 ** op.bits : value;
}

export interface Encoded {
  /** Instruction bytes; PC-relative fields are zero here. */
  readonly bytes: Uint8Array;
  /** Assembler lines that emit the instruction. */
  readonly asm: string;
}

/** Encodes `insn` with the given operand values; every operand must have a value. */
export function encode(insn: Instruction, values: FieldValues, insnLabel: string): Encoded {
  const bytes = new Uint8Array(insn.length);
  bytes.set(insn.opcode.subarray(0, insn.length));
  const relatives: { at: number; bits: number; label: string; external: boolean }[] = [];
  for (const op of insn.operands) {
    const v = values[op.field];
    if (v === undefined) throw new Error(`${insn.mnemonic}: no value for ${op.field}`);
    if (typeof v !== 'number') {
      if (op.kind !== 'relative') throw new Error(`${insn.mnemonic}: ${op.field} is not PC-relative`);
      if (op.at % 8 !== 0 || (op.bits !== 16 && op.bits !== 32)) {
        throw new Error(`${insn.mnemonic}: cannot emit a ${op.bits}-bit relative field at bit ${op.at}`);
      }
      relatives.push({ at: op.at, bits: op.bits, label: v.label, external: v.external === true });
      continue;
    }
    if (op.kind === 'vr') {
      // V0-V31: four bits in the field, the fifth in RXB (bits 36-39, one per field slot).
      if (v < 0 || v > 31) throw new Error(`${insn.mnemonic}: ${op.field} = ${v} is not a vector register`);
      for (const at of op.copyAt === undefined ? [op.at] : [op.at, op.copyAt]) {
        setBits(bytes, at, 4, v & 15);
        if (v & 16) setBits(bytes, 36 + (at === 32 ? 3 : at / 4 - 2), 1, 1);
      }
      continue;
    }
    if (op.kind === 'vindex') throw new Error(`${insn.mnemonic}: vector-index operands are not generated`);
    const raw = rawValue(op, v);
    setBits(bytes, op.at, op.bits, raw);
    if (op.copyAt !== undefined) setBits(bytes, op.copyAt, op.bits, raw);
  }
  for (const op of insn.operands) if (op.fixedOnes) setBits(bytes, op.at + op.bits - 4, 4, (rawBits(bytes, op) | op.fixedOnes) & 15);
  const external = relatives.find((r) => r.external);
  if (external) {
    if (insn.format.name.slice(0, 3) !== 'RIL' || external.at !== 16) throw new Error(`${insn.mnemonic}: external target needs RIL`);
    const opcode = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return { bytes, asm: `\t.insn\tril,0x${opcode},0,${external.label}` };
  }
  const parts: string[] = [];
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length) parts.push(`\t.byte\t${pending.map((b) => '0x' + b.toString(16).padStart(2, '0')).join(',')}`);
    pending = [];
  };
  for (let i = 0; i < insn.length;) {
    const rel = relatives.find((r) => r.at === i * 8);
    if (rel) {
      flush();
      parts.push(`\t${rel.bits === 16 ? '.short' : '.long'}\t(${rel.label}-${insnLabel})/2`);
      i += rel.bits / 8;
    } else {
      pending.push(bytes[i]);
      i++;
    }
  }
  flush();
  return { bytes, asm: parts.join('\n') };
}

function rawBits(bytes: Uint8Array, op: Operand): number {
  let v = 0;
  for (let i = op.at + op.bits - 4; i < op.at + op.bits; i++) v = v * 2 + ((bytes[i >> 3] >> (7 - (i & 7))) & 1);
  return v;
}
