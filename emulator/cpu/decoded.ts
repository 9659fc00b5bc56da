// Decoding for execution: the instruction bytes at an address turned once into a
// Decoded record (handler plus every operand field as a number), which the decode cache
// keeps until the code is overwritten.
import { EXECUTABLE_BY_FIRST_BYTE, type Instruction } from '../isa/catalog';
import { instructionLength } from '../isa/decoder';
import { extractBits, operandValue } from '../isa/fields';
import type { Operand } from '../isa/operands';
import type { Cpu } from './cpu';

export type Handler = (cpu: Cpu, d: Decoded) => void;
export type HandlerTable = Readonly<Record<string, Handler>>;

/** Operand fields by PoP name, lower case. Unused fields stay 0. */
export class Decoded {
  exec: Handler;
  readonly insn: Instruction | undefined;
  readonly length: 2 | 4 | 6;
  /** Raw bytes (for EXECUTE, traces and error messages). */
  readonly bytes: Uint8Array;
  r1 = 0; r2 = 0; r3 = 0;
  x2 = 0;
  b1 = 0; b2 = 0; b3 = 0; b4 = 0;
  /** Displacements: 12-bit unsigned, or 20-bit signed for long-displacement formats. */
  d1 = 0; d2 = 0; d3 = 0; d4 = 0;
  /** Immediates: sign-extended when the instruction treats them as signed. */
  i1 = 0; i2 = 0; i3 = 0; i4 = 0; i5 = 0;
  m1 = 0; m3 = 0; m4 = 0; m5 = 0; m6 = 0;
  /** Length fields as encoded (the operand length is this plus one). */
  l1 = 0; l2 = 0;
  /** Relative-immediate fields, signed halfword counts. */
  ri2 = 0; ri3 = 0; ri4 = 0;
  /** Vector registers 0-31 (RXB bit included). */
  v1 = 0; v2 = 0; v3 = 0; v4 = 0;

  constructor(exec: Handler, insn: Instruction | undefined, bytes: Uint8Array) {
    this.exec = exec;
    this.insn = insn;
    this.bytes = bytes;
    this.length = instructionLength(bytes[0]);
  }

  /** The mnemonic of the base instruction, or "(unknown)". */
  get mnemonic(): string {
    return this.insn?.mnemonic ?? '(unknown)';
  }
}

type FieldName = 'r1' | 'r2' | 'r3' | 'x2' | 'b1' | 'b2' | 'b3' | 'b4' | 'd1' | 'd2' | 'd3' | 'd4' | 'i1' | 'i2' | 'i3'
  | 'i4' | 'i5' | 'm1' | 'm3' | 'm4' | 'm5' | 'm6' | 'l1' | 'l2' | 'ri2' | 'ri3' | 'ri4' | 'v1' | 'v2' | 'v3' | 'v4';
const FIELD_NAMES = new Set<string>(['r1', 'r2', 'r3', 'x2', 'b1', 'b2', 'b3', 'b4', 'd1', 'd2', 'd3', 'd4', 'i1', 'i2',
  'i3', 'i4', 'i5', 'm1', 'm3', 'm4', 'm5', 'm6', 'l1', 'l2', 'ri2', 'ri3', 'ri4', 'v1', 'v2', 'v3', 'v4']);

function fieldValue(bytes: Uint8Array, op: Operand): number {
  // Lengths stay as encoded; everything else as the disassembler reads it.
  if (op.kind === 'length') return extractBits(bytes, 0, op.at, op.bits);
  return operandValue(bytes, 0, op);
}

/**
 * The base (non-extended) catalog entry for these bytes: among matching rows the most
 * general one, so `jne` executes as `brc` and `br` as `bcr`; aliases resolve to the
 * first spelling (jxhg executes as brxhg).
 */
export function lookupBase(bytes: Uint8Array): Instruction | undefined {
  let best: Instruction | undefined;
  for (const insn of EXECUTABLE_BY_FIRST_BYTE[bytes[0]]) {
    if (insn.extended || insn.alias) continue;
    let ok = true;
    for (let i = 1; i < 6; i++) {
      if (((bytes[i] ?? 0) & insn.mask[i]) !== insn.opcode[i]) { ok = false; break; }
    }
    if (ok && (best === undefined || insn.maskWeight < best.maskWeight)) best = insn;
  }
  return best;
}

/** Fills a Decoded from instruction bytes (6 bytes, zero-padded beyond the length). */
export function decodeFields(d: Decoded, insn: Instruction): void {
  const target = d as unknown as Record<FieldName, number>;
  for (const f of insn.format.fields) {
    const name = f.name.toLowerCase();
    if (!FIELD_NAMES.has(name)) continue;
    const kind = f.name.startsWith('RI') ? 'relative' : f.name.startsWith('V') ? 'vr' : f.name.startsWith('D') ? 'disp' : 'unsigned';
    target[name as FieldName] = fieldValue(d.bytes, { field: f.name, kind, at: f.at, bits: f.bits, fixedOnes: 0 });
  }
  for (const op of insn.operands) {
    const name = op.field.toLowerCase();
    if (FIELD_NAMES.has(name)) target[name as FieldName] = fieldValue(d.bytes, op);
  }
}
