// Completion: at the start of a statement, instruction mnemonics (with their operand
// syntax as detail), macros and directives; in the operand field, registers (the class
// the operand under the cursor wants first) and the file's symbols.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { DIRECTIVES } from '../directives';
import { describeOperand, lookupMnemonic, mnemonics, splitTopLevel } from '../isa-info';
import { stripComments } from '../parser';
import { allRegisters, describeRegister, registerClassFor, registerText, type RegisterClass } from '../registers';
import { mnemonicMarkdown } from './hover';

/** Where the cursor is in its statement. */
export type CompletionContext =
  | { readonly where: 'name'; readonly prefix: string }
  | { readonly where: 'operand'; readonly mnemonic: string; readonly index: number; readonly prefix: string };

/** Reads the line up to the cursor: past labels, is the cursor in the name or in the operands? */
export function completionContext(analysis: Analysis, line: number, character: number): CompletionContext | undefined {
  const raw = analysis.doc.lines[line] ?? '';
  const before = stripComments(raw.slice(0, character), false, analysis.doc.preprocessed).text;
  if (before.length < character) return undefined;
  if (raw.slice(0, character) !== before) return undefined; // the cursor is inside a comment
  const statement = before.slice(before.lastIndexOf(';') + 1).replace(/^(\s*([A-Za-z_.$][\w.$]*|\d+)\s*:)+/, '');
  const m = /^\s*([A-Za-z_.$][\w.$]*)?(\s+)?(.*)$/s.exec(statement);
  if (!m) return undefined;
  const [, name = '', space, rest] = m;
  if (!space) return { where: 'name', prefix: name };
  const parts = splitTopLevel(rest);
  const current = parts[parts.length - 1] ?? '';
  const prefix = /%?[\w.$]*$/.exec(current)?.[0] ?? '';
  return { where: 'operand', mnemonic: name, index: parts.length - 1, prefix };
}

let mnemonicItems: CompletionItem[] | undefined;

function allMnemonicItems(): CompletionItem[] {
  mnemonicItems ??= [...mnemonics().values()].map((info) => ({
    label: info.mnemonic,
    kind: CompletionItemKind.Keyword,
    detail: info.syntax,
    // The operand syntax right after the name, the PoP name on the right of the list.
    labelDetails: { detail: info.operands.length ? ` ${info.syntax.slice(info.mnemonic.length + 1)}` : undefined, description: info.primary.row.description },
    data: { mnemonic: info.mnemonic },
  }));
  return mnemonicItems;
}

/** Adds the documentation (markdown) to a mnemonic item when the client asks for it. */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  const data = item.data as { mnemonic?: string } | undefined;
  const info = data?.mnemonic ? lookupMnemonic(data.mnemonic) : undefined;
  if (info) item.documentation = { kind: MarkupKind.Markdown, value: mnemonicMarkdown(info) };
  return item;
}

export function complete(analysis: Analysis, line: number, character: number): CompletionItem[] {
  const ctx = completionContext(analysis, line, character);
  if (!ctx) return [];
  if (ctx.where === 'name') {
    if (ctx.prefix.startsWith('.')) {
      return DIRECTIVES.map((d) => ({ label: d.name, kind: CompletionItemKind.Keyword, detail: d.syntax, documentation: d.description }));
    }
    const macros = analysis.symbols.filter((s) => s.kind === 'macro').map((s) => ({
      label: s.name, kind: CompletionItemKind.Function, detail: `macro ${s.name} ${s.detail ?? ''}`.trim(),
    }));
    const first = ctx.prefix.slice(0, 1).toLowerCase();
    const items = first ? allMnemonicItems().filter((i) => i.label.startsWith(first)) : allMnemonicItems();
    return [...macros, ...items];
  }
  return operandItems(analysis, ctx, line, character);
}

function operandItems(analysis: Analysis, ctx: Extract<CompletionContext, { where: 'operand' }>, line: number,
  character: number): CompletionItem[] {
  const replaced = { start: { line, character: character - ctx.prefix.length }, end: { line, character } };
  const info = lookupMnemonic(ctx.mnemonic);
  const op = info?.operands[ctx.index];
  const wanted: RegisterClass | undefined = op ? registerClassFor(op.kind) ?? (op.kind === 'disp' ? 'r' : undefined) : undefined;
  const registers: CompletionItem[] = allRegisters().map((reg) => {
    const text = registerText(reg);
    return {
      label: text,
      kind: CompletionItemKind.Variable,
      detail: describeRegister(reg),
      // Registers of the class this operand takes sort first.
      sortText: `${reg.cls === wanted ? '0' : '1'}${reg.cls}${String(reg.number).padStart(2, '0')}`,
      filterText: text,
      // Replace what was typed, `%` included (a `%` is not a word character to every client).
      textEdit: { range: replaced, newText: text },
      insertTextFormat: InsertTextFormat.PlainText,
    };
  });
  if (ctx.prefix.startsWith('%')) return registers;
  const seen = new Set<string>();
  const symbols: CompletionItem[] = [];
  for (const s of analysis.symbols) {
    if (s.kind === 'numeric-label' || s.kind === 'macro' || seen.has(s.name)) continue;
    seen.add(s.name);
    symbols.push({
      label: s.name,
      kind: s.kind === 'label' ? (s.type === 'function' ? CompletionItemKind.Function : CompletionItemKind.Reference) : CompletionItemKind.Constant,
      detail: s.kind === 'label' ? 'label' : s.detail,
      sortText: `0${s.name}`,
    });
  }
  if (op) {
    for (const r of registers) r.documentation = `Operand ${ctx.index + 1} (${op.text}): ${describeOperand(op)}`;
  }
  return [...symbols, ...registers];
}
