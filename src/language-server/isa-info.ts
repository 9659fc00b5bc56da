// What the language server knows about each mnemonic, derived from the ISA catalog
// (emulator/isa): assembler operand syntax, format, PoP name, CPU level, how many operands
// GNU as accepts, and for extended mnemonics the base instruction and the fixed mask.
// No instruction facts live here; everything comes from the one table.
import { CATALOG, CPU_LEVELS, type Instruction } from '../../emulator/isa/catalog';
import { extractBits } from '../../emulator/isa/fields';
import { LAYOUTS, type LayoutName } from '../../emulator/isa/layouts';
import type { OperandKind } from '../../emulator/isa/operands';

/** One top-level assembler operand, e.g. `R1` or `D2(X2,B2)`, with what it holds. */
export interface OperandSyntax {
  readonly text: string;
  /** Kind of the operand's leading field (a register kind, immediate, displacement...). */
  readonly kind: OperandKind;
  readonly bits: number;
}

export interface MnemonicInfo {
  readonly mnemonic: string;
  /** Catalog entries spelled this way (a few mnemonics have a short and a long-displacement form). */
  readonly variants: readonly Instruction[];
  /** The preferred entry (newest form), whose syntax hovers and completion show. */
  readonly primary: Instruction;
  readonly operands: readonly OperandSyntax[];
  /** Assembler syntax, e.g. `larl R1,RI2`. */
  readonly syntax: string;
  /** Operand counts GNU as accepts (union over the variants). */
  readonly operandCounts: ReadonlySet<number>;
  /**
   * Index in CPU_LEVELS of the oldest `.machine` level gas accepts it at: the oldest of
   * its variants, or of its base instruction for an alias (gas takes some aliases at
   * their base's level, e.g. vfkedb at z13); see fixtures/machine-levels.json.
   */
  readonly minLevel: number;
  /** For an extended mnemonic: the instruction it stands for, and the fields it fixes. */
  readonly base?: { readonly mnemonic: string; readonly fixed: readonly { field: string; value: number }[] };
}

/** Splits an operand list at top-level commas (commas inside parentheses stay). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/** Layout syntax without the encoding annotations: `R1:f@8:4|1` -> `R1`. */
function plain(syntax: string): string {
  return syntax.replace(/:[a-z]+/g, '').replace(/@\d+:\d+/g, '').replace(/\|\d+/g, '').replace(/=[A-Z]+\d/g, '');
}

function operandSyntax(insn: Instruction): OperandSyntax[] {
  const spec = LAYOUTS[insn.row.layout as LayoutName].syntax;
  if (spec === '') return [];
  return splitTopLevel(plain(spec)).map((text) => {
    const field = /^[A-Z]+\d/.exec(text)?.[0];
    const op = insn.operands.find((o) => o.field === field);
    return { text, kind: op?.kind ?? 'unsigned', bits: op?.bits ?? 0 };
  });
}

/**
 * GNU as accepts every operand written, the optional trailing ones left out, or (for
 * instructions with optional operands) no operands at all; recorded with gas in
 * test/language-server/fixtures/operand-counts.json.
 */
function acceptedCounts(insn: Instruction, written: number): number[] {
  const optional = insn.row.optional === 'last2' ? 2 : insn.row.optional === 'last' ? 1 : 0;
  const counts: number[] = [];
  for (let n = written - optional; n <= written; n++) counts.push(n);
  if (optional) counts.push(0);
  return counts;
}

/**
 * The instruction an alias stands for: another entry of the same length with more
 * operands whose fixed opcode bits the alias shares (jne -> brc with M1=7, br -> bcr 15).
 */
function findBase(insn: Instruction): MnemonicInfo['base'] {
  for (const other of CATALOG) {
    if (other === insn || other.extended || other.length !== insn.length || other.operands.length <= insn.operands.length) continue;
    let match = true;
    for (let i = 0; i < 6; i++) if ((insn.opcode[i] & other.mask[i]) !== other.opcode[i]) match = false;
    if (!match) continue;
    const own = new Set(insn.operands.map((o) => o.field));
    const fixed = other.operands.filter((o) => !own.has(o.field))
      .map((o) => ({ field: o.field, value: extractBits(insn.opcode, 0, o.at, o.bits) }));
    return { mnemonic: other.mnemonic, fixed };
  }
  return undefined;
}

function build(): Map<string, MnemonicInfo> {
  const groups = new Map<string, Instruction[]>();
  for (const insn of CATALOG) {
    const list = groups.get(insn.mnemonic);
    if (list) list.push(insn);
    else groups.set(insn.mnemonic, [insn]);
  }
  const out = new Map<string, MnemonicInfo>();
  const levelOf = (m: string): number => Math.min(...(groups.get(m) ?? []).map((v) => CPU_LEVELS.indexOf(v.row.level)));
  for (const [mnemonic, variants] of groups) {
    const primary = variants[0];
    const operands = operandSyntax(primary);
    const counts = new Set<number>();
    for (const v of variants) for (const n of acceptedCounts(v, operandSyntax(v).length)) counts.add(n);
    const base = findBase(primary);
    out.set(mnemonic, {
      mnemonic, variants, primary, operands, operandCounts: counts,
      syntax: operands.length ? `${mnemonic} ${operands.map((o) => o.text).join(',')}` : mnemonic,
      minLevel: base ? Math.min(levelOf(mnemonic), levelOf(base.mnemonic)) : levelOf(mnemonic),
      base,
    });
  }
  return out;
}

let table: Map<string, MnemonicInfo> | undefined;

/** All mnemonics, built on first use (the catalog expansion takes a few milliseconds). */
export function mnemonics(): ReadonlyMap<string, MnemonicInfo> {
  table ??= build();
  return table;
}

/** The mnemonic as GNU as looks it up: case-insensitively. */
export function lookupMnemonic(name: string): MnemonicInfo | undefined {
  return mnemonics().get(name.toLowerCase());
}

/** What an operand kind holds, in words for hovers and completion details. */
export function describeOperand(op: OperandSyntax): string {
  switch (op.kind) {
    case 'gpr': return 'general register';
    case 'gpr-pair': return 'even/odd general register pair (the even one)';
    case 'fpr': return 'floating-point register';
    case 'fpr-pair': return 'floating-point register pair (the lower one)';
    case 'vr': return 'vector register';
    case 'ar': return 'access register';
    case 'cr': return 'control register';
    case 'unsigned': return /^M/.test(op.text) ? `${op.bits}-bit mask` : `unsigned ${op.bits}-bit immediate`;
    case 'signed': return `signed ${op.bits}-bit immediate`;
    case 'relative': return `relative address (signed ${op.bits}-bit halfword offset from the instruction)`;
    case 'length': return 'length';
    case 'disp': return describeAddress(op);
    default: return op.kind;
  }
}

function describeAddress(op: OperandSyntax): string {
  const disp = op.bits === 20 ? 'signed 20-bit displacement' : 'unsigned 12-bit displacement';
  if (/\(\w+\d,\w+\d\)/.test(op.text)) {
    const inner = /\((\w+?)\d,/.exec(op.text)?.[1];
    const what = inner === 'X' ? 'index register' : inner === 'L' ? 'length' : inner === 'V' ? 'vector index register' : 'register';
    return `storage address: ${disp}, ${what}, base register`;
  }
  return `storage address: ${disp}, base register`;
}
