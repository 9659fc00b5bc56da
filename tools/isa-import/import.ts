// One-time bootstrap of emulator/isa/{layouts,table}.ts from the opcode facts in GNU
// binutils 2.40 (opcodes/s390-opc.txt: opcode, mnemonic, operand layout, PoP name, CPU
// level) and its operand layout definitions (opcodes/s390-opc.c). The generated files are
// the single source afterwards; test/isa oracle data (objdump) keeps them honest.
// Usage: node tools/run-ts.mjs tools/isa-import/import.ts BINUTILS_SRC_DIR
import { readFileSync, writeFileSync } from 'node:fs';
import { FORMATS } from '../../emulator/isa/formats';

const dir = process.argv[2];
if (!dir) throw new Error('usage: import.ts BINUTILS_SRC_DIR');
const opcC = readFileSync(`${dir}/opcodes/s390-opc.c`, 'utf8');
const opcTxt = readFileSync(`${dir}/opcodes/s390-opc.txt`, 'utf8');

interface BOperand { name: string; bits: number; shift: number; flags: string[] }
const operands = new Map<string, BOperand>();
for (const m of opcC.matchAll(/#define (\w+)\s+\d+[^\n]*\n\s*\{\s*(\d+),\s*(\d+),\s*([^}]*)\}/g)) {
  const flags = m[4].split('|').map((s) => s.trim().replace('S390_OPERAND_', '')).filter((s) => s && s !== '0');
  operands.set(m[1], { name: m[1], bits: Number(m[2]), shift: Number(m[3]), flags });
}
const layouts = new Map<string, { length: number; ops: BOperand[] }>();
for (const m of opcC.matchAll(/#define INSTR_(\w+)\s+(\d+), \{([^}]*)\}/g)) {
  const ops = m[3].split(',').map((s) => s.trim()).filter((s) => s && s !== '0').map((n) => {
    const o = operands.get(n);
    if (!o) throw new Error(`unknown operand ${n}`);
    return o;
  });
  layouts.set(m[1], { length: Number(m[2]), ops });
}
const masks = new Map<string, number[]>();
for (const m of opcC.matchAll(/#define MASK_(\w+)\s+\{([^}]*)\}/g)) masks.set(m[1], m[2].split(',').map((s) => parseInt(s, 16)));

// ---- map each binutils layout onto a PoP format and our operand syntax ----
type Kind = 'g' | 'gp' | 'f' | 'fp' | 'v' | 'a' | 'c' | 'u' | 's' | 'j' | 'l' | 'd' | 'x' | 'b' | 'vx';
function kindOf(o: BOperand): Kind {
  const f = o.flags;
  if (f.includes('BASE')) return 'b';
  if (f.includes('INDEX')) return f.includes('VR') ? 'vx' : 'x';
  if (f.includes('DISP')) return 'd';
  if (f.includes('LENGTH')) return 'l';
  if (f.includes('PCREL')) return 'j';
  if (f.includes('GPR')) return f.includes('REG_PAIR') ? 'gp' : 'g';
  if (f.includes('FPR')) return f.includes('REG_PAIR') ? 'fp' : 'f';
  if (f.includes('VR')) return 'v';
  if (f.includes('AR')) return 'a';
  if (f.includes('CR')) return 'c';
  if (f.includes('SIGNED')) return 's';
  return 'u';
}
/** Which PoP field roles a binutils operand kind may occupy. */
let lenient = false;
let partial = false;
function fits(kind: Kind, field: string): boolean {
  const role = field.replace(/\d+$/, '');
  if (lenient && (kind === 'u' || kind === 's') && (role === 'R' || role === 'M' || role === 'I')) return true;
  switch (kind) {
    case 'g': case 'gp': case 'f': case 'fp': case 'a': case 'c': return role === 'R';
    case 'v': return role === 'V';
    case 'u': return role === 'M' || role === 'I';
    case 's': return role === 'I';
    case 'j': return role === 'RI';
    case 'l': return role === 'L';
    case 'd': return role === 'D';
    case 'x': case 'vx': return role === 'X' || (kind === 'vx' && role === 'V');
    case 'b': return role === 'B';
  }
}
const FAMILY_ALIASES: Record<string, string[]> = { RRR: ['RRF'], RSE: ['RSY'], RXE: ['RXE', 'RX'] };
/** Where two PoP formats fit the same bits, the one the PoP uses for these instructions. */
const PREFERRED_FORMAT: Record<string, string> = {
  SS_L2RDRD: 'SS-f', RRF_0UFF: 'RRF-d', RRF_0UFEF: 'RRF-d', RRF_0URF: 'RRF-d', RRF_0UREFE: 'RRF-d',
  RRF_00RR: 'RRF-c', RIE_RUI0: 'RIE-g', SS_RRRDRD2: 'SS-e', SS_RRRDRD3: 'SS-e', VRR_VVV2: 'VRR-c', RIE_RRP: 'RIE-e', RRF_F0FF: 'RRD', RRF_FE0FF: 'RRD',
};

interface Token { field: string; kind: Kind; at: number; bits: number; or: number; cp16: boolean }
function mapLayout(name: string): { format: string; tokens: Token[] } {
  const lay = layouts.get(name)!;
  const fam = name.split('_')[0];
  const families = FAMILY_ALIASES[fam] ?? [fam];
  const inFamily = Object.values(FORMATS).filter((f) => families.some((p) => f.name === p || f.name.startsWith(p + '-')) && (f.length === lay.length || fam === 'RSE'));
  const preferred = PREFERRED_FORMAT[name];
  if (preferred) {
    const p = FORMATS[preferred];
    inFamily.splice(0, inFamily.length, p, ...inFamily.filter((f) => f !== p));
  }
  const cands = [...inFamily, ...Object.values(FORMATS).filter((f) => f.length === lay.length && !inFamily.includes(f))];
  const tried: string[] = [];
  for (const f of cands) {
    const tokens: Token[] = [];
    let ok = true;
    for (const o of lay.ops) {
      const kind = kindOf(o);
      const field = f.fields.find((fl) => fl.at === o.shift && fits(kind, fl.name) && (fl.bits === o.bits || (kind === 'd' && fl.bits === 20 && o.bits === 12)))
        ?? (partial ? f.fields.find((fl) => o.shift >= fl.at && o.shift + o.bits <= fl.at + fl.bits && fits(kind, fl.name)) : undefined);
      if (!field) { ok = false; break; }
      const or = (o.flags.includes('OR1') ? 1 : 0) | (o.flags.includes('OR2') ? 2 : 0) | (o.flags.includes('OR8') ? 8 : 0);
      const renamed = kind === 'u' && field.name.startsWith('R') && !field.name.startsWith('RI') ? 'M' + field.name.slice(1) : field.name;
      tokens.push({ field: renamed, kind, at: o.shift, bits: o.bits, or, cp16: o.flags.includes('CP16') });
    }
    // RRF-a vs RRF-b: same fields, R3 printed last (a) or second (b).
    if (ok && f.name === 'RRF-a' && tokens.length >= 3 && tokens[1].field === 'R3') ok = false;
    if (ok && f.name === 'RRF-b' && !(tokens.length >= 3 && tokens[1].field === 'R3')) ok = false;
    if (ok) return { format: f.name, tokens };
    tried.push(f.name);
  }
  if (!partial) {
    partial = true;
    try { return mapLayout(name); } finally { partial = false; }
  }
  if (!lenient) {
    lenient = true;
    try { return mapLayout(name); } finally { lenient = false; }
  }
  throw new Error(`no PoP format fits layout ${name} (tried ${tried.join(',')})`);
}

function tokenText(t: Token, fmtName: string): string {
  const fmt = FORMATS[fmtName];
  const fl = fmt.fields.find((f) => f.name === t.field) ?? { name: t.field, at: -1, bits: -1 };
  const implied: Record<string, Kind> = { D: 'd', X: 'x', B: 'b', L: 'l', RI: 'j', V: 'v', R: 'g', M: 'u' };
  const role = t.field.replace(/\d+$/, '');
  let s = t.field;
  if (implied[role] !== t.kind) s += ':' + t.kind;
  if (fl.at !== t.at || fl.bits !== t.bits) s += `@${t.at}:${t.bits}`;
  if (t.or) s += `|${t.or}`;
  if (t.cp16) s += '=V3';
  return s;
}
/** Our syntax string: top-level operands separated by commas, D(X,B) grouping. */
function syntaxOf(tokens: Token[], fmtName: string): string {
  const parts: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind === 'd') {
      const inner: string[] = [];
      let j = i + 1;
      while (j < tokens.length && tokens[j].kind !== 'd') {
        inner.push(tokenText(tokens[j], fmtName));
        if (tokens[j].kind === 'b') { j++; break; }
        j++;
      }
      parts.push(`${tokenText(t, fmtName)}(${inner.join(',')})`);
      i = j;
    } else {
      parts.push(tokenText(t, fmtName));
      i++;
    }
  }
  return parts.join(',');
}

/** Bits not covered by operands must match; mirrors how the opcode masks are built. */
function derivedMask(length: number, tokens: Token[]): number[] {
  const bits = new Array<number>(48).fill(0);
  for (let i = 0; i < length * 8; i++) bits[i] = 1;
  for (const t of tokens) {
    for (let i = t.at; i < t.at + t.bits; i++) bits[i] = 0;
    if (t.kind === 'v' || t.kind === 'vx') for (let i = 36; i < 40; i++) bits[i] = 0;
    if (t.cp16) for (let i = 16; i < 20; i++) bits[i] = 0;
    for (let b = 0; b < 4; b++) if (t.or & (1 << b)) bits[t.at + t.bits - 1 - b] = 1;
  }
  const out: number[] = [];
  for (let b = 0; b < 6; b++) { let v = 0; for (let i = 0; i < 8; i++) v = v * 2 + bits[b * 8 + i]; out.push(v); }
  return out;
}

const layoutOut: string[] = [];
const layoutInfo = new Map<string, { format: string; syntax: string }>();
for (const name of [...layouts.keys()].sort()) {
  const { format, tokens } = mapLayout(name);
  const syntax = syntaxOf(tokens, format);
  const want = masks.get(name)!;
  const have = derivedMask(layouts.get(name)!.length, tokens);
  let ignore = '';
  if (want.join() !== have.join()) {
    // Bits the opcode table does not check although no operand covers them.
    const extra: string[] = [];
    for (let b = 0; b < 6; b++) { const d = have[b] & ~want[b]; if (d) extra.push(`${b}:${d.toString(16)}`); }
    const missing = want.map((w, b) => w & ~have[b]).some((x) => x);
    if (missing) throw new Error(`layout ${name}: mask ${want} needs bits not derivable (${have})`);
    ignore = extra.join(' ');
  }
  layoutInfo.set(name, { format, syntax });
  layoutOut.push(`  ${name}: { format: '${format}', syntax: '${syntax}'${ignore ? `, unchecked: '${ignore}'` : ''} },`);
}

// ---- instructions ----
const rows: string[] = [];
let count = 0;
for (const line of opcTxt.split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const m = /^(\S+)\s+(\S+)\s+(\S+)\s+"([^"]*)"\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s*$/.exec(line);
  if (!m) throw new Error(`cannot parse: ${line}`);
  const [, opcode, mnemonic, layout, desc, cpu, modes, flags] = m;
  if (!layoutInfo.has(layout)) throw new Error(`unknown layout ${layout} in ${line}`);
  const fields: string[] = [];
  const cond = /^([a-z]*)([*$])(\d+)([a-z]*)$/.exec(mnemonic);
  if (cond) {
    fields.push(`mnemonic: '${cond[1]}{${cond[2] === '*' ? 'cc' : 'cmp'}}${cond[4]}'`, `opcode: '${opcode}'`, `conditionAt: ${cond[3]}`);
  } else {
    fields.push(`mnemonic: '${mnemonic}'`, `opcode: '${opcode}'`);
  }
  fields.push(`layout: '${layout}'`, `level: '${cpu}'`);
  if (!modes.includes('zarch')) fields.push(`esaOnly: true`);
  const fl = (flags ?? '').split(',').filter(Boolean);
  if (fl.includes('optparm')) fields.push(`optional: 'last'`);
  if (fl.includes('optparm2')) fields.push(`optional: 'last2'`);
  if (fl.includes('vx')) fields.push(`facility: 'vector'`);
  if (fl.includes('htm')) fields.push(`facility: 'transactional-execution'`);
  if (modes.includes('esa')) fields.push(`esa: true`);
  fields.push(`description: ${JSON.stringify(desc).replace(/'/g, "\\'").replace(/^"|"$/g, "'")}`);
  rows.push(`  row({ ${fields.join(', ')} }),`);
  count++;
}

// Instructions GNU objdump 2.40 does not list (it prints .long for them) but a machine
// must execute: Linux issues them with .insn. Kept out of the disassembler's view.
const UNLISTED_ROWS = [
  "row({ mnemonic: 'servc', opcode: 'b220', layout: 'RRE_RR', level: 'g5', esa: true, objdump: false, description: 'service call' }),",
  "row({ mnemonic: 'chsc', opcode: 'b25f', layout: 'RRE_R0', level: 'g5', esa: true, objdump: false, description: 'channel subsystem call' }),",
];
rows.push(...UNLISTED_ROWS.map((r) => `  ${r}`));

writeFileSync('emulator/isa/layouts.ts', `// Operand layouts: how an instruction's operands sit in its format's fields and how the
// assembler syntax writes them. Each row names its PoP format (see formats.ts); the syntax
// lists operands in assembler order: FIELD[:kind][@bit:width][|orbits][=copy], with D(X,B)
// grouping. Kinds (when not implied by the field name): g GPR, gp even/odd GPR pair,
// f FPR, fp FPR pair, v vector register, a access register, c control register,
// u unsigned, s signed, j PC-relative halfwords, l length (encoded as length-1).
// "unchecked" lists opcode bits (byte:hexmask) the disassembler does not compare.
// Bootstrapped from binutils 2.40 layout facts by tools/isa-import; edited by hand since.

export interface LayoutSpec {
  readonly format: string;
  readonly syntax: string;
  readonly unchecked?: string;
}

export const LAYOUTS = {
${layoutOut.join('\n')}
} as const satisfies Record<string, LayoutSpec>;

export type LayoutName = keyof typeof LAYOUTS;
`);

writeFileSync('emulator/isa/table.ts', `// The z/Architecture instruction table: the single source for the decoder, the
// disassembler, the CPU's dispatch and the language server. One row per mnemonic known to
// GNU binutils 2.40 (through arch14 / z16), extended mnemonics included. A row whose
// mnemonic holds {cc} (branch-condition suffixes o, h, p, ...) or {cmp} (compare-and-
// branch suffixes h, l, e, ...) stands for one instruction per suffix, with the mask
// nibble at bit \`conditionAt\` of the opcode fixed.
// Fields: opcode in hex (nibbles covered by operands are 0), layout (layouts.ts), the CPU
// level that introduced it (g5 ... arch14), facility tags, PoP instruction name.

export type CpuLevel = 'g5' | 'g6' | 'z900' | 'z990' | 'z9-109' | 'z9-ec' | 'z10' | 'z196' | 'zEC12' | 'z13'
  | 'arch12' | 'arch13' | 'arch14';

export interface InstructionRow {
  readonly mnemonic: string;
  readonly opcode: string;
  readonly conditionAt?: number;
  /** Key of LAYOUTS (layouts.ts); checked when the catalog is built. */
  readonly layout: string;
  readonly level: CpuLevel;
  /** Usable in ESA/390 mode too (the rest are z/Architecture only). */
  readonly esa?: boolean;
  readonly esaOnly?: boolean;
  readonly facility?: 'vector' | 'transactional-execution';
  /** The last (or last two) operands may be omitted and are not printed when zero. */
  readonly optional?: 'last' | 'last2';
  /** False for instructions objdump 2.40 does not list: executed, never disassembled. */
  readonly objdump?: false;
  readonly description: string;
}

/** Identity; typing each row separately keeps the compiler from building one huge union. */
function row(r: InstructionRow): InstructionRow {
  return r;
}

export const INSTRUCTIONS: readonly InstructionRow[] = [
${rows.join('\n')}
];
`);
console.log(`layouts: ${layoutOut.length}, instruction rows: ${count}`);
