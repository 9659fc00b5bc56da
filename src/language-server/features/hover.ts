// Hovers: an instruction mnemonic shows its PoP name, assembler syntax, format, operand
// meanings and CPU level (all from the ISA table); a register its role; a directive its
// meaning; a label, symbol, macro or cpp define where and how it is defined.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { FORMATS } from '../../../emulator/isa/formats';
import { contains, wordAt, type Analysis, type LocatedSymbol } from '../analysis';
import { lookupDirective } from '../directives';
import { describeOperand, lookupMnemonic, type MnemonicInfo } from '../isa-info';
import { describeRegister, parseRegister } from '../registers';
import { toRange } from './ranges';
import { findDefinitions } from './symbols';

const LEVEL_NAMES: Readonly<Record<string, string>> = {
  'g5': 'G5', 'g6': 'G6', 'z900': 'z900', 'z990': 'z990', 'z9-109': 'z9-109', 'z9-ec': 'z9 EC',
  'z10': 'z10', 'z196': 'z196', 'zEC12': 'zEC12', 'z13': 'z13', 'arch12': 'z14 (arch12)', 'arch13': 'z15 (arch13)',
  'arch14': 'z16 (arch14)',
};

function hex(bytes: Uint8Array, length: number): string {
  return Array.from(bytes.subarray(0, length), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Markdown for one mnemonic; also the completion item's documentation. */
export function mnemonicMarkdown(info: MnemonicInfo): string {
  const insn = info.primary;
  const row = insn.row;
  const lines: string[] = [];
  lines.push(`**${info.mnemonic}** — ${row.description}`);
  lines.push('```s390x-asm\n' + info.syntax + '\n```');
  if (info.base) {
    const fixed = info.base.fixed.map((f) => `${f.field}=${f.value}`).join(', ');
    lines.push(`Extended mnemonic for **${info.base.mnemonic}**${fixed ? ` with ${fixed}` : ''}.`);
  }
  const format = FORMATS[insn.format.name];
  lines.push(`Format ${format.name}, ${insn.length} bytes, opcode \`${hex(insn.opcode, insn.length)}\` (operand fields zero).`);
  if (info.operands.length) {
    lines.push(info.operands.map((op) => `- \`${op.text}\`: ${describeOperand(op)}`).join('\n'));
  }
  const levels = [...new Set(info.variants.map((v) => LEVEL_NAMES[v.row.level] ?? v.row.level))];
  const mode = row.esaOnly ? 'ESA/390 mode only' : row.esa ? 'ESA/390 and z/Architecture' : 'z/Architecture';
  const facility = row.facility ? `, ${row.facility} facility` : '';
  lines.push(`Since ${levels.join(' / ')} · ${mode}${facility}`);
  const optional = row.optional === 'last2' ? 'The last two operands are optional.' : row.optional === 'last' ? 'The last operand is optional.' : '';
  if (optional) lines.push(optional);
  return lines.join('\n\n');
}

function symbolMarkdown(defs: readonly LocatedSymbol[], analysis: Analysis): string {
  const d = defs[0];
  const here = d.uri === analysis.uri;
  const where = here ? `line ${d.token.line + 1}` : `${decodeURIComponent(d.uri.replace(/^.*\//, ''))}:${d.token.line + 1}`;
  switch (d.kind) {
    case 'macro': return `**${d.name}** — macro${d.detail ? ` (${d.detail})` : ''}, defined at ${where}`;
    case 'cpp-define': return `**${d.name}** — \`#define ${d.name}${d.functionLike ? '(…)' : ''} ${d.detail ?? ''}\`, ${where}`;
    case 'assignment': return `**${d.name}** = \`${d.detail ?? ''}\`, ${where}`;
    default: {
      const what = d.type === 'function' ? 'function' : d.type === 'object' ? 'object' : 'label';
      return `**${d.name}** — ${what}, defined at ${where}`;
    }
  }
}

export function hover(analysis: Analysis, line: number, character: number): Hover | null {
  const { doc } = analysis;
  const st = doc.statements.find((s) => s.name && contains(s.name, line, character));
  if (st?.name) {
    if (st.kind === 'instruction') {
      const macro = analysis.symbols.find((s) => s.kind === 'macro' && s.name.toLowerCase() === st.name?.text.toLowerCase());
      if (macro) return { contents: { kind: MarkupKind.Markdown, value: symbolMarkdown([macro], analysis) }, range: toRange(st.name) };
      const info = lookupMnemonic(st.name.text);
      if (info) return { contents: { kind: MarkupKind.Markdown, value: mnemonicMarkdown(info) }, range: toRange(st.name) };
    } else if (st.kind === 'directive') {
      const dir = lookupDirective(st.name.text);
      if (dir) {
        return {
          contents: { kind: MarkupKind.Markdown, value: `**${dir.name}** — ${dir.description}\n\n\`\`\`s390x-asm\n${dir.syntax}\n\`\`\`` },
          range: toRange(st.name),
        };
      }
    }
  }
  const word = wordAt(doc, line, character);
  if (!word) return null;
  const reg = parseRegister(word.text);
  if (reg) return { contents: { kind: MarkupKind.Markdown, value: `**${word.text}** — ${describeRegister(reg)}` }, range: toRange(word.token) };
  const defs = findDefinitions(analysis, line, character);
  if (defs.length) return { contents: { kind: MarkupKind.Markdown, value: symbolMarkdown(defs, analysis) }, range: toRange(word.token) };
  return null;
}
