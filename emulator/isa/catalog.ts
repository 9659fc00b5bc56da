// The instruction catalog: table rows expanded into concrete instructions (one per
// extended mnemonic), each with its opcode bytes, match mask and parsed operands, and
// an index by first opcode byte for the decoder.
import { FORMATS, type InstructionFormat } from './formats';
import { LAYOUTS, type LayoutName, type LayoutSpec } from './layouts';
import { parseLayout, type Operand } from './operands';
import { INSTRUCTIONS, type CpuLevel, type InstructionRow } from './table';

export interface Instruction {
  readonly mnemonic: string;
  readonly row: InstructionRow;
  readonly format: InstructionFormat;
  readonly length: 2 | 4 | 6;
  /** Opcode bytes (6, zero padded) and the bits of each that must match. */
  readonly opcode: Uint8Array;
  readonly mask: Uint8Array;
  readonly operands: readonly Operand[];
  /** True for extended mnemonics: a condition/compare suffix fixed into a mask field. */
  readonly extended: boolean;
  /**
   * True for a second spelling of an instruction another row already defines with the
   * same opcode and mask (tmh for tmlh, jxhg for brxhg); execution uses the first row.
   */
  alias: boolean;
  /** Number of mask bits, and the byte sum binutils uses to pick the most specific match. */
  readonly maskWeight: number;
}

export const CPU_LEVELS: readonly CpuLevel[] = ['g5', 'g6', 'z900', 'z990', 'z9-109', 'z9-ec', 'z10', 'z196', 'zEC12',
  'z13', 'arch12', 'arch13', 'arch14'];

/** Branch-on-condition suffixes by mask value (PoP: "Branch-Address Generation" mnemonics). */
const CONDITION_SUFFIXES: readonly [number, string][] = [
  [1, 'o'], [2, 'h'], [2, 'p'], [3, 'nle'], [4, 'l'], [4, 'm'], [5, 'nhe'], [6, 'lh'], [7, 'ne'], [7, 'nz'],
  [8, 'e'], [8, 'z'], [9, 'nlh'], [10, 'he'], [11, 'nl'], [11, 'nm'], [12, 'le'], [13, 'nh'], [13, 'np'], [14, 'no'],
];
/** Compare-and-branch / trap suffixes (masks 2, 4, 6, 8, 10, 12 of the compare result). */
const COMPARE_SUFFIXES: readonly [number, string][] = [
  [2, 'h'], [2, 'nle'], [4, 'l'], [4, 'nhe'], [6, 'ne'], [6, 'lh'], [8, 'e'], [8, 'nlh'], [10, 'nl'], [10, 'he'],
  [12, 'nh'], [12, 'le'],
];

function bytesOf(hex: string): Uint8Array {
  const out = new Uint8Array(6);
  for (let i = 0; i < hex.length; i += 2) out[i / 2] = parseInt(hex.slice(i, i + 2), 16);
  return out;
}

function maskOf(length: number, operands: readonly Operand[], unchecked: string | undefined): Uint8Array {
  const bits = new Uint8Array(48);
  bits.fill(1, 0, length * 8);
  for (const op of operands) {
    bits.fill(0, op.at, op.at + op.bits);
    if (op.kind === 'vr' || op.kind === 'vindex') bits.fill(0, 36, 40); // RXB
    if (op.copyAt !== undefined) bits.fill(0, op.copyAt, op.copyAt + op.bits);
    for (let b = 0; b < 4; b++) if (op.fixedOnes & (1 << b)) bits[op.at + op.bits - 1 - b] = 1;
  }
  const mask = new Uint8Array(6);
  for (let i = 0; i < 48; i++) if (bits[i]) mask[i >> 3] |= 0x80 >> (i & 7);
  for (const part of (unchecked ?? '').split(' ').filter(Boolean)) {
    const [byte, m] = part.split(':');
    mask[Number(byte)] &= ~parseInt(m, 16);
  }
  return mask;
}

function expand(row: InstructionRow): { mnemonic: string; opcode: string; extended: boolean }[] {
  if (row.conditionAt === undefined) return [{ mnemonic: row.mnemonic, opcode: row.opcode, extended: false }];
  const isCmp = row.mnemonic.includes('{cmp}');
  const suffixes = isCmp ? COMPARE_SUFFIXES : CONDITION_SUFFIXES;
  const nibble = row.conditionAt / 4;
  return suffixes.map(([value, suffix]) => ({
    mnemonic: row.mnemonic.replace(isCmp ? '{cmp}' : '{cc}', suffix),
    opcode: row.opcode.slice(0, nibble) + value.toString(16) + row.opcode.slice(nibble + 1),
    extended: true,
  }));
}

/**
 * Precedence among rows that match the same bytes, as GNU objdump applies it: rows are
 * ordered by opcode (descending, opcode left-aligned), then newer CPU level, then wider
 * mode set, then table order; the decoder takes the first match unless a later one has a
 * strictly larger mask byte sum.
 */
function precedenceKey(opcode: string, row: InstructionRow): bigint {
  const op = BigInt('0x' + opcode.replace(/\?/g, '0')) << BigInt(4 * (16 - opcode.length));
  return op + (BigInt(CPU_LEVELS.indexOf(row.level)) << 8n) + (row.esa ? 3n : 2n);
}

function build(): Instruction[] {
  const layoutOps = new Map<string, Operand[]>();
  const entries: { insn: Instruction; key: bigint; seq: number }[] = [];
  let seq = 0;
  for (const row of INSTRUCTIONS) {
    if (!(row.layout in LAYOUTS)) throw new Error(`instruction ${row.mnemonic}: unknown layout ${row.layout}`);
    const layout = row.layout as LayoutName;
    let operands = layoutOps.get(layout);
    if (!operands) {
      operands = parseLayout(layout);
      layoutOps.set(row.layout, operands);
    }
    const format = FORMATS[LAYOUTS[layout].format];
    for (const x of expand(row)) {
      const opcode = bytesOf(x.opcode);
      const mask = maskOf(format.length, operands, (LAYOUTS[layout] as LayoutSpec).unchecked);
      let weight = 0;
      for (const b of mask) weight += b;
      const insn: Instruction = {
        mnemonic: x.mnemonic, row, format, length: format.length, opcode, mask, operands,
        extended: x.extended, maskWeight: weight, alias: false,
      };
      entries.push({ insn, key: precedenceKey(x.opcode, row), seq: seq++ });
    }
  }
  const firstSpelling = new Map<string, Instruction>();
  for (const { insn } of entries) {
    if (insn.extended) continue;
    const key = `${insn.opcode.join(',')}/${insn.mask.join(',')}`;
    if (firstSpelling.has(key)) insn.alias = true;
    else firstSpelling.set(key, insn);
  }
  entries.sort((a, b) => (a.key === b.key ? a.seq - b.seq : a.key > b.key ? -1 : 1));
  return entries.map((e) => e.insn);
}

const ALL: readonly Instruction[] = build();

/**
 * Every concrete instruction GNU objdump knows, in disassembler precedence order: what
 * the disassembler, the language server and the oracles see.
 */
export const CATALOG: readonly Instruction[] = ALL.filter((i) => i.row.objdump !== false);

function byFirstByte(list: readonly Instruction[]): readonly (readonly Instruction[])[] {
  const groups: Instruction[][] = Array.from({ length: 256 }, () => []);
  for (const insn of list) groups[insn.opcode[0]].push(insn);
  return groups;
}

/** CATALOG grouped by first opcode byte, order kept. */
export const BY_FIRST_BYTE: readonly (readonly Instruction[])[] = byFirstByte(CATALOG);

/** Everything the CPU executes by first opcode byte: CATALOG plus rows objdump lacks (SERVC, CHSC). */
export const EXECUTABLE_BY_FIRST_BYTE: readonly (readonly Instruction[])[] = byFirstByte(ALL);
