// DAP disassembly from the ISA table's disassembler: instructions around an address, with
// symbols and source lines. Variable-length s390x code cannot be decoded backwards, so
// instructions before the address are decoded forward from the start of its function.
import { disassembleOne } from '../emulator/isa/disassembler';
import type { Program } from './program';

export interface DisassembledLine {
  readonly address: number;
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly symbol: string | undefined;
  readonly path: string | undefined;
  readonly line: number | undefined;
}

/** Longest s390x instruction. */
const MAX_INSN = 6;

export async function disassembleAround(
  read: (address: number, length: number) => Promise<Uint8Array>,
  program: Program | undefined, address: number, instructionOffset: number, count: number,
): Promise<DisassembledLine[]> {
  const before = Math.max(0, -instructionOffset);
  const fn = program?.functionAt(address);
  let start = address;
  if (before > 0) start = fn !== undefined && address - fn.address <= before * MAX_INSN * 4 ? fn.address : Math.max(0, address - before * 2);
  const after = count + Math.max(0, instructionOffset);
  const length = address - start + after * MAX_INSN + MAX_INSN;
  let bytes: Uint8Array;
  try { bytes = await read(start, length); } catch { bytes = new Uint8Array(0); }
  const lines: DisassembledLine[] = [];
  let at = 0;
  while (at < bytes.length && lines.length < 10_000) {
    const a = start + at;
    const d = disassembleOne(bytes, at, BigInt(a), (t) => {
      const s = program?.functionAt(Number(t));
      return s === undefined ? t.toString(16) : `${t.toString(16)} <${s.name}${Number(t) === s.address ? '' : `+0x${(Number(t) - s.address).toString(16)}`}>`;
    });
    if (d.length === 0) break;
    const f = program?.functionAt(a);
    const src = program?.lineAt(a);
    lines.push({ address: a, bytes: bytes.slice(at, at + d.length), text: d.operands === '' ? d.mnemonic : `${d.mnemonic}\t${d.operands}`,
      symbol: f === undefined ? undefined : a === f.address ? f.name : `${f.name}+0x${(a - f.address).toString(16)}`,
      path: src?.path, line: src?.line });
    at += d.length;
  }
  let index = lines.findIndex((l) => l.address >= address);
  if (index < 0) index = lines.length;
  const first = index + instructionOffset;
  const out: DisassembledLine[] = [];
  for (let i = first; i < first + count; i++) {
    const l = lines[i];
    // Outside what could be decoded: placeholders keep the count DAP asked for.
    out.push(l ?? { address: i < 0 ? Math.max(0, start - (first - i) * 2) : start + bytes.length + 2 * (i - lines.length), bytes: new Uint8Array(0), text: '(unavailable)', symbol: undefined, path: undefined, line: undefined });
  }
  return out;
}
