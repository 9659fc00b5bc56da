// The handler registry against the ISA table: every handler is keyed by a mnemonic the
// execution decoder can actually resolve to (a base row), so none is dead code.
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../emulator/isa/catalog';
import { lookupBase } from '../../emulator/cpu/decoded';
import { HANDLERS } from '../../emulator/cpu/handlers';
import { UNLISTED } from '../../emulator/cpu/decoded';

describe('handler registry', () => {
  const reachable = new Set<string>();
  for (const insn of CATALOG) {
    const base = lookupBase(insn.opcode);
    if (base) reachable.add(base.mnemonic);
  }

  it('has no handler for a mnemonic that execution never resolves to', () => {
    const dead = Object.keys(HANDLERS).filter((m) => m !== UNLISTED && !reachable.has(m));
    expect(dead).toEqual([]);
  });

  it('resolves extended mnemonics and aliases to their base row', () => {
    const byName = (m: string) => CATALOG.find((i) => i.mnemonic === m)!;
    expect(lookupBase(byName('jne').opcode)?.mnemonic).toBe('brc');
    expect(lookupBase(byName('br').opcode)?.mnemonic).toBe('bcr');
    expect(lookupBase(byName('jxhg').opcode)?.mnemonic).toBe('brxhg');
    expect(lookupBase(byName('tmh').opcode)?.mnemonic).toBe('tmlh');
    expect(lookupBase(byName('risbgz').opcode)?.mnemonic).toBe('risbg');
  });
});
