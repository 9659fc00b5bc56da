// Operand descriptors: the layout syntax of layouts.ts parsed into where each operand's
// bits are and how it reads (register kind, immediate, displacement, PC-relative...).
import { FORMATS } from './formats';
import { LAYOUTS, type LayoutName } from './layouts';

export type OperandKind =
  | 'gpr' | 'gpr-pair' | 'fpr' | 'fpr-pair' | 'vr' | 'ar' | 'cr'
  | 'unsigned' | 'signed' | 'relative' | 'length' | 'disp' | 'index' | 'vindex' | 'base';

export interface Operand {
  /** PoP field name (R1, D2, M3, ...). */
  readonly field: string;
  readonly kind: OperandKind;
  /** Bit offset from the start of the instruction, and width. */
  readonly at: number;
  readonly bits: number;
  /** Bits of the value fixed to one by the mnemonic (not printed, e.g. the CS flag of vfaebs). */
  readonly fixedOnes: number;
  /** Field that repeats this register (vnot writes V2 into V3 too). */
  readonly copyAt?: number;
}

const KIND_LETTERS: Readonly<Record<string, OperandKind>> = {
  g: 'gpr', gp: 'gpr-pair', f: 'fpr', fp: 'fpr-pair', v: 'vr', a: 'ar', c: 'cr',
  u: 'unsigned', s: 'signed', j: 'relative', l: 'length', d: 'disp', x: 'index', vx: 'vindex', b: 'base',
};

function impliedKind(field: string, insideParens: boolean, afterDisp: boolean): OperandKind {
  const role = field.replace(/\d+$/, '');
  switch (role) {
    case 'D': return 'disp';
    case 'X': return 'index';
    case 'B': return 'base';
    case 'L': return 'length';
    case 'RI': return 'relative';
    case 'V': return insideParens && afterDisp ? 'vindex' : 'vr';
    case 'M': case 'I': return 'unsigned';
    default: return 'gpr';
  }
}

/** Parses one layout's syntax, e.g. `R1:f,D2(X2,B2)`, against its format's fields. */
export function parseLayout(name: LayoutName): Operand[] {
  const spec = LAYOUTS[name];
  const format = FORMATS[spec.format];
  if (!format) throw new Error(`layout ${name}: unknown format ${spec.format}`);
  const out: Operand[] = [];
  const tokenRe = /([A-Z]+\d)(?::([a-z]+))?(?:@(\d+):(\d+))?(?:\|(\d+))?(?:=([A-Z]+\d))?|[(),]/g;
  let depth = 0;
  for (const m of spec.syntax.matchAll(tokenRe)) {
    if (m[0] === '(') { depth++; continue; }
    if (m[0] === ')') { depth--; continue; }
    if (m[0] === ',') continue;
    const [, field, letter, at, bits, or, copy] = m;
    const kind = letter ? KIND_LETTERS[letter] : impliedKind(field, depth > 0, true);
    if (!kind) throw new Error(`layout ${name}: unknown operand kind ${letter}`);
    const ff = format.fields.find((f) => f.name === field);
    const pos = at !== undefined ? { at: Number(at), bits: Number(bits) } : ff;
    if (!pos) throw new Error(`layout ${name}: format ${format.name} has no field ${field}`);
    const copyField = copy ? format.fields.find((f) => f.name === copy) : undefined;
    if (copy && !copyField) throw new Error(`layout ${name}: format ${format.name} has no field ${copy}`);
    out.push({ field, kind, at: pos.at, bits: pos.bits, fixedOnes: or ? Number(or) : 0, copyAt: copyField?.at });
  }
  return out;
}
