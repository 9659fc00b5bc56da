// Instruction encoder for the oracle generator: builds instruction bytes from the ISA
// table (opcode and format field positions) and named field values, so cases are
// written as `enc('risbg', { r1: 1, r2: 2, i3: 0, i4: 0x80 | 63, i5: 8 })`.
import { CATALOG, CPU_LEVELS, type Instruction } from '../../../emulator/isa/catalog';

const byMnemonic = new Map<string, Instruction>();
for (const insn of CATALOG) {
  if (insn.extended) continue;
  const prev = byMnemonic.get(insn.mnemonic);
  if (!prev || CPU_LEVELS.indexOf(insn.row.level) > CPU_LEVELS.indexOf(prev.row.level)) byMnemonic.set(insn.mnemonic, insn);
}

function putBits(bytes: Uint8Array, at: number, bits: number, value: number): void {
  let v = BigInt.asUintN(bits, BigInt(value));
  for (let i = at + bits - 1; i >= at; i--) {
    const mask = 0x80 >> (i & 7);
    if (v & 1n) bytes[i >> 3] |= mask;
    else bytes[i >> 3] &= ~mask;
    v >>= 1n;
  }
}

/** Encodes `mnemonic` with field values by PoP name (r1, d2, i2, m3, ri2 ...); returns hex. */
export function enc(mnemonic: string, fields: Record<string, number | undefined> = {}): string {
  const insn = byMnemonic.get(mnemonic);
  if (!insn) throw new Error(`encode: unknown mnemonic ${mnemonic}`);
  const bytes = insn.opcode.slice(0, insn.length);
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // Operand positions first (a layout may place a field elsewhere, e.g. BCR's M1).
    const op = insn.operands.find((x) => x.field.toLowerCase() === name);
    const f = op ?? insn.format.fields.find((x) => x.name.toLowerCase() === name);
    if (!f) throw new Error(`encode ${mnemonic}: format ${insn.format.name} has no field ${name}`);
    if (f.bits === 20 && f.at === 20) {
      putBits(bytes, 20, 12, value & 0xfff);
      putBits(bytes, 32, 8, (value >> 12) & 0xff);
    } else {
      putBits(bytes, f.at, f.bits, value);
    }
  }
  return Buffer.from(bytes).toString('hex');
}

/** Length in bytes of an encoded instruction (hex). */
export function hexLength(hex: string): number {
  return hex.length / 2;
}
