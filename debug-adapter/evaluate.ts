// Debug-console expressions the adapter understands without a C front end: register names
// ($r2, pswa, cr0), numbers, symbols (their address), &symbol, and typed memory reads such
// as *(u64*)0x14010 or *(u32*)counter. Errors read as the message the user sees.
import type { Program } from './program';

export class EvaluateError extends Error {
  override name = 'EvaluateError';
}

/** What the caller needs from the target to evaluate. */
export interface EvalTarget {
  readonly program: Program | undefined;
  readonly registerNames: readonly string[];
  register(name: string): Promise<bigint>;
  readMemory(address: number, length: number): Promise<Uint8Array>;
}

export interface EvalResult {
  readonly value: bigint;
  /** Bits of the value, for formatting. */
  readonly bits: number;
  /** Set when the expression names a location in guest storage. */
  readonly address?: number;
}

const SIZES: Readonly<Record<string, number>> = {
  u8: 1, s8: 1, char: 1, uint8_t: 1, u16: 2, s16: 2, short: 2, uint16_t: 2, u32: 4, s32: 4, int: 4, uint32_t: 4,
  u64: 8, s64: 8, long: 8, uint64_t: 8, 'unsigned long': 8, 'unsigned int': 4,
};

async function atom(text: string, t: EvalTarget): Promise<EvalResult> {
  const s = text.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(s)) return { value: BigInt(s), bits: 64 };
  const named = s.startsWith('$') ? s.slice(1) : s;
  // gdb's generic aliases.
  const reg = named === 'pc' ? 'pswa' : named === 'sp' ? 'r15' : named;
  if (t.registerNames.includes(reg)) return { value: await t.register(reg), bits: reg.startsWith('acr') || reg === 'fpc' ? 32 : 64 };
  const name = s.startsWith('&') ? s.slice(1).trim() : s;
  const sym = t.program?.symbol(name);
  if (sym !== undefined) {
    // A data object reads as its value (like gdb's `print counter`); & or a function gives the address.
    if (!s.startsWith('&') && !sym.isFunction && [1, 2, 4, 8].includes(sym.size)) return load(sym.address, sym.size, t);
    return { value: BigInt(sym.address), bits: 64, address: sym.address };
  }
  throw new EvaluateError(`no register or symbol named "${s}"`);
}

async function load(address: number, size: number, t: EvalTarget): Promise<EvalResult> {
  const bytes = await t.readMemory(address, size);
  if (bytes.length < size) throw new EvaluateError(`cannot read ${size} bytes at 0x${address.toString(16)}`);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return { value: v, bits: size * 8, address };
}

/** Evaluates one expression against the stopped target. */
export async function evaluate(expression: string, t: EvalTarget): Promise<EvalResult> {
  const deref = /^\*\s*\(\s*([a-z_0-9 ]+?)\s*\*\s*\)\s*(.+)$/i.exec(expression.trim());
  if (deref !== null) {
    const size = SIZES[deref[1].toLowerCase()];
    if (size === undefined) throw new EvaluateError(`unknown type "${deref[1]}" (use u8, u16, u32 or u64)`);
    const base = await atom(deref[2].startsWith('&') ? deref[2] : `&${deref[2]}`.replace(/^&(\$|0x|\d)/, '$1'), t);
    return load(Number(base.value), size, t);
  }
  const plain = /^\*\s*(.+)$/.exec(expression.trim());
  if (plain !== null) {
    const base = await atom(plain[1], t);
    return load(Number(base.value), 8, t);
  }
  return atom(expression, t);
}

export function formatValue(r: EvalResult): string {
  return `0x${BigInt.asUintN(r.bits, r.value).toString(16).padStart(r.bits / 4, '0')}`;
}
