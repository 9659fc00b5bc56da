// Reading the cpu-diff kernels' artifacts: the case lines they print and the instruction
// under test of each case, found in the ELF through the `case<N>_insn` symbols the
// generator emits (case N prints the N-th case line). Shared by the generator's tools and
// by test/cpu-diff, which needs no toolchain.
import { parseElf, SHT_SYMTAB } from '../../emulator/elf/elf';

export interface CaseLine {
  readonly mnemonic: string;
  readonly index: number;
  /** Printed fields in order: cc, rN, fN, fpc, mXXX, br, pgm, ilc, psw, dxc. */
  readonly fields: Map<string, string>;
}

const CASE_LINE = /^(\S+) (\d+): (.*)$/;

/** A case line `mnemonic index: key=value ...`, or undefined for other console lines. */
export function parseCaseLine(line: string): CaseLine | undefined {
  const m = CASE_LINE.exec(line);
  if (!m) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[3].split(' ')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return { mnemonic: m[1], index: Number(m[2]), fields };
}

export interface CaseInstruction {
  readonly id: number;
  readonly address: number;
  /** Instruction bytes, zero-padded to 6. */
  readonly bytes: Uint8Array;
  readonly length: number;
}

/** The instruction under test of every case in a kernel ELF, ordered by case number. */
export function caseInstructions(elfBytes: Uint8Array): CaseInstruction[] {
  const elf = parseElf(elfBytes);
  const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) throw new Error('kernel ELF has no symbol table');
  const out: CaseInstruction[] = [];
  for (const sym of elf.symbols(symtab)) {
    const m = /^case(\d+)_insn$/.exec(sym.name);
    if (!m) continue;
    const section = elf.sections[sym.shndx];
    const data = elf.contents(section);
    const at = Number(sym.value - section.addr);
    const length = ((data[at] >> 6) + 3) & ~1;
    const bytes = new Uint8Array(6);
    bytes.set(data.subarray(at, at + length));
    out.push({ id: Number(m[1]), address: Number(sym.value), bytes, length });
  }
  return out.sort((a, b) => a.id - b.id);
}
