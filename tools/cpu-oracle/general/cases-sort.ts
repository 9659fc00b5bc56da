// Oracle cases for COMPARE AND FORM CODEWORD and UPDATE TREE (sort-instructions.ts), on
// Hercules (QEMU 7.2 has neither): ascending and descending comparisons that end equal,
// in sequence or out of sequence, at the first, a middle or the last unit, in the 64-bit
// (6-byte units) and 24/31-bit (2-byte units) modes, the alignment checks, and trees
// walked to the root, to an equal codeword and to a negative GR0.
import type { Amode, Oracle } from '../string/case';
import { at, BASES, reg, rnd } from '../string/util';
import { H, type Cases, type GeneralCase } from './case';

const cases: Cases = [];
const add = (o: Oracle, c: GeneralCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };
const A = 0x100, B = 0x200, TREE = 0x1000;
const hi = (amode: Amode): bigint => (amode === 64 ? 0n : 0x5a5a_5a5a_0000_0000n);

// ---- CFC ---------------------------------------------------------------------------------
const same = rnd(48);
const flip = (h: string, byte: number, v: string): string => h.slice(0, 2 * byte) + v + h.slice(2 * byte + 2);
for (const amode of [64, 31, 24] as Amode[]) {
  const variants: [string, string][] = [
    ['equal', same], ['differs at 0 low', flip(same, 0, '00')], ['differs at 0 high', flip(same, 0, 'ff')],
    ['differs at 13 low', flip(same, 13, '00')], ['differs at 29 high', flip(same, 29, 'ff')], ['differs at 47', flip(same, 47, '00')],
  ];
  for (const [tag, other] of variants) {
    for (const order of [0, 1]) {
      const d2 = 0x2e | order; // last index 46
      add(H, { name: `cfc ${tag} ${order ? 'descending' : 'ascending'} (${amode}-bit)`, insn: `@cfc ${d2}`, amode, cc: 3,
        r: { 1: hi(amode) | reg(A), 2: 0xa5a5_a5a5_a5a5_0000n, 3: hi(amode) | reg(B) }, mem: { [at(A)]: same, [at(B)]: other } });
    }
  }
  add(H, { name: `cfc starting index 12 (${amode}-bit)`, insn: '@cfc 0x2e', amode,
    r: { 1: reg(A), 2: 0x1111_0000_0000_000cn, 3: reg(B) }, mem: { [at(A)]: same, [at(B)]: flip(same, 20, '00') } });
  add(H, { name: `cfc index beyond last (${amode}-bit)`, insn: '@cfc 0x10', amode, r: { 1: reg(A), 2: 0x12n, 3: 0x7777_7777_0000_0000n | reg(B) } });
}
for (const [n, v] of [[1, 0x101n], [2, 0x11n], [3, 0x201n]] as const) {
  add(H, { name: `cfc odd gr${n}`, insn: '@cfc 0x10', r: { 1: reg(A), 2: 0n, 3: reg(B), [n]: reg(0) + v } });
}

// ---- UPT ---------------------------------------------------------------------------------
/** A tree of `n` nodes (node 0 unused) with the given codewords, data = 0xd000 + i. */
function tree(wide: boolean, codes: bigint[]): string {
  const w = wide ? 16 : 8;
  return codes.map((c, i) => (c.toString(16).padStart(w, '0') + (0xd000 + i).toString(16).padStart(w, '0')).slice(-2 * w)).join('');
}
for (const amode of [64, 31] as Amode[]) {
  const wide = amode === 64, node = wide ? 16 : 8;
  const codes = [0n, 0x50n, 0x30n, 0x70n, 0x10n, 0x20n, 0x60n, 0x40n, 0x05n];
  const walks: [string, bigint, number][] = [
    ['to the root', 0x08n, 8], ['swaps on the way', 0x01n, 8], ['from node 7', 0x09n, 7], ['meets an equal codeword', 0x50n, 8],
    ['gr0 negative', wide ? 0x8000_0000_0000_0001n : 0x8000_0001n, 8], ['already at the root', 0x33n, 1],
  ];
  for (const [tag, gr0, from] of walks) {
    add(H, { name: `upt ${tag} (${amode}-bit)`, insn: '@upt', amode, cc: 2,
      r: { 0: hi(amode) | gr0, 1: 0x1234_5678_9abc_def0n, 2: 0x2222n, 3: 0x3333n, 4: hi(amode) | reg(TREE), 5: hi(amode) | BigInt(from * node) },
      mem: { [at(TREE)]: tree(wide, codes) } });
  }
  add(H, { name: `upt gr0 becomes negative (${amode}-bit)`, insn: '@upt', amode,
    r: { 0: 0x1n, 1: 0x11n, 4: reg(TREE), 5: BigInt(8 * node) }, mem: { [at(TREE)]: tree(wide, [0n, 0x50n, 0x30n, 0x70n, wide ? 0xf000_0000_0000_0000n : 0xf000_0000n, 0n, 0n, 0n, 0n]) } });
  add(H, { name: `upt gr4 unaligned (${amode}-bit)`, insn: '@upt', amode, r: { 0: 1n, 4: reg(TREE + node / 2), 5: BigInt(node) } });
  add(H, { name: `upt gr5 unaligned (${amode}-bit)`, insn: '@upt', amode, r: { 0: 1n, 4: reg(TREE), 5: BigInt(node + 4) } });
}

export const SORT_CASES = cases;
