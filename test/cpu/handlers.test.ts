// The handler registry against the ISA table: every handler is keyed by a mnemonic the
// execution decoder can actually resolve to (a base row), so none is dead code.
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../emulator/isa/catalog';
import { lookupBase } from '../../emulator/cpu/decoded';
import { HANDLERS } from '../../emulator/cpu/handlers';

describe('handler registry', () => {
  const reachable = new Set<string>(['servc', 'chsc']);
  for (const insn of CATALOG) {
    const base = lookupBase(insn.opcode);
    if (base) reachable.add(base.mnemonic);
  }

  it('has no handler for a mnemonic that execution never resolves to', () => {
    const dead = Object.keys(HANDLERS).filter((m) => !reachable.has(m));
    expect(dead).toEqual([]);
  });

  it('executes SERVC and CHSC, which objdump does not list, from their table rows', () => {
    expect(lookupBase(Uint8Array.from([0xb2, 0x20, 0x00, 0x12, 0, 0]))?.mnemonic).toBe('servc');
    expect(lookupBase(Uint8Array.from([0xb2, 0x5f, 0x00, 0x10, 0, 0]))?.mnemonic).toBe('chsc');
    expect(CATALOG.some((i) => i.mnemonic === 'servc')).toBe(false);
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
