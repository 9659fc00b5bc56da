// Oracle cases for PERFORM LOCKED OPERATION (plo.ts), all on Hercules (QEMU 7.2 has no
// PLO): every function code 0-23 on each of its outcomes (CC 0/1, and CC 2 for double
// compare and swap), the test bit, invalid function codes, reserved GR0 bits, odd
// register pairs, misaligned operands, and parameter-list addresses in the 24/31-bit modes.
import type { Amode, Oracle } from '../string/case';
import { at, BASES, reg, rnd } from '../string/util';
import { H, type Cases, type GeneralCase } from './case';

const cases: Cases = [];
const add = (o: Oracle, c: GeneralCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };

const NAMES = ['cl', 'clg', 'clgr', 'clx', 'cs', 'csg', 'csgr', 'csx', 'dcs', 'dcsg', 'dcsgr', 'dcsx', 'csst', 'csstg',
  'csstgr', 'csstx', 'csdst', 'csdstg', 'csdstgr', 'csdstx', 'cststg', 'cststgr', 'cststx'];
NAMES.splice(20, 0, 'cstst');

/** Where things are: second operand, parameter list (or fourth operand), store targets. */
const OP2 = 0x100, PL = 0x400, TARGETS = [0x800, 0x900, 0xa00];
const PLO = '@plo %r2,0x100(%r12),%r4,0x400(%r12)';
const hexOf = (v: bigint, bytes: number): string => BigInt.asUintN(8 * bytes, v).toString(16).padStart(2 * bytes, '0');
const big = (h: string): bigint => BigInt('0x' + h);

/** Writes `value` (hex) right-aligned into 16-byte slot `slot` of the parameter list. */
function putSlot(pl: string[], slot: number, value: string): void {
  const bytes = value.length / 2;
  for (let i = 0; i < bytes; i++) pl[16 * slot + 16 - bytes + i] = value.slice(2 * i, 2 * i + 2);
}

const out: [number, number][] = [[at(OP2), 16], [at(PL), 144], ...TARGETS.map((t) => [at(t), 16] as [number, number])];

for (let fc = 0; fc < 24; fc++) {
  const form = fc & 3, op = fc >> 2;
  const size = form === 0 ? 4 : form === 3 ? 16 : 8;
  const list = form === 1 || form === 3;
  const outcomes = op === 2 ? [1, 2, 0] : [1, 0];
  for (const want of outcomes) {
    const v2 = rnd(size), v4 = rnd(size);
    const plBytes = rnd(144).match(/../g)!;
    const regs: Record<number, bigint> = { 0: BigInt(fc), 1: 0x5a5a_0000_1234_5678n, 2: big(rnd(8)), 3: big(rnd(8)), 4: big(rnd(8)), 5: big(rnd(8)) };
    const mem: Record<number, string> = { [at(OP2)]: v2 + rnd(16 - size), [at(TARGETS[0])]: v4 + rnd(16 - size),
      [at(TARGETS[1])]: rnd(16), [at(TARGETS[2])]: rnd(16) };
    // Addresses of the fourth, sixth and eighth operands in slots 4, 6 and 8.
    TARGETS.forEach((t, i) => putSlot(plBytes, 4 + 2 * i, hexOf(BigInt(at(t)), 8)));
    const equal1 = want !== 1;
    const v1 = equal1 ? v2 : rnd(size);
    if (list) putSlot(plBytes, 0, v1);
    else regs[2] = size === 4 ? (regs[2] & ~0xffff_ffffn) | big(v1) : big(v1);
    if (op === 2) {
      // The third-operand comparison value: equal to the fourth operand for CC 0.
      const v3 = want === 0 ? v4 : rnd(size);
      if (list) putSlot(plBytes, 2, v3);
      else regs[4] = size === 4 ? (regs[4] & ~0xffff_ffffn) | big(v3) : big(v3);
    }
    if (!list && (op === 0 || op === 2 || op === 3)) {
      // The fourth operand is at the parameter-list address itself.
      for (let i = 0; i < size; i++) plBytes[i] = v4.slice(2 * i, 2 * i + 2);
    }
    mem[at(PL)] = plBytes.join('');
    add(H, { name: `plo ${NAMES[fc]} (fc ${fc}) cc ${want}`, insn: PLO, r: regs, mem, out });
  }
}

// ---- test bit, invalid codes, reserved bits -------------------------------------------------
for (const fc of [0, 5, 23, 24, 0x7f, 0xff]) {
  add(H, { name: `plo test fc ${fc}`, insn: PLO, cc: 2, r: { 0: BigInt(0x100 | fc) | 0xffff_ffff_0000_0000n } });
}
for (const fc of [24, 31, 0xff]) add(H, { name: `plo invalid fc ${fc}`, insn: PLO, r: { 0: BigInt(fc) } });
for (const gr0 of [0x200n, 0x8000_0000n, 0x0001_0004n]) add(H, { name: `plo reserved gr0 ${gr0.toString(16)}`, insn: PLO, r: { 0: gr0 } });

// ---- register and alignment checks -----------------------------------------------------------
for (const [fc, insn, tag] of [
  [4, '@plo %r3,0x100(%r12),%r4,0x400(%r12)', 'cs odd r1'],
  [8, '@plo %r2,0x100(%r12),%r5,0x400(%r12)', 'dcs odd r3'],
  [14, '@plo %r3,0x100(%r12),%r4,0x400(%r12)', 'csstgr odd r1'],
  [0, '@plo %r3,0x100(%r12),%r5,0x400(%r12)', 'cl odd registers'],
  [4, '@plo %r2,0x102(%r12),%r4,0x400(%r12)', 'cs op2 unaligned'],
  [6, '@plo %r2,0x104(%r12),%r4,0x400(%r12)', 'csgr op2 unaligned'],
  [7, '@plo %r2,0x108(%r12),%r4,0x400(%r12)', 'csx op2 unaligned'],
  [1, '@plo %r2,0x100(%r12),%r4,0x404(%r12)', 'clg list unaligned'],
  [16, '@plo %r2,0x100(%r12),%r4,0x404(%r12)', 'csdst list word aligned'],
  [18, '@plo %r2,0x100(%r12),%r4,0x404(%r12)', 'csdstgr list word aligned'],
  [0, '@plo %r2,0x100(%r12),%r4,0x402(%r12)', 'cl op4 unaligned'],
  [4, '@plo %r2,0x100(%r12),%r4,0x402(%r12)', 'cs op4 unaligned (unused)'],
] as const) {
  add(H, { name: `plo ${tag}`, insn, r: { 0: BigInt(fc), 2: 0n, 3: 1n, 4: 2n, 5: 3n }, mem: { [at(OP2)]: rnd(16), [at(PL)]: rnd(144) }, out });
}
{
  // A misaligned address in the parameter list (CSSTG wants a doubleword).
  const pl = rnd(144).match(/../g)!;
  putSlot(pl, 4, hexOf(BigInt(at(TARGETS[0]) + 4), 8));
  const v2 = rnd(8);
  putSlot(pl, 0, v2);
  add(H, { name: 'plo csstg op4 address unaligned', insn: PLO, r: { 0: 13n }, mem: { [at(OP2)]: v2 + rnd(8), [at(PL)]: pl.join('') }, out });
}

// ---- 24/31-bit modes: list addresses keep only the address bits --------------------------------
for (const amode of [31, 24] as Amode[]) {
  const pl = rnd(144).match(/../g)!;
  TARGETS.forEach((t, i) => putSlot(pl, 4 + 2 * i, hexOf(0xffff_ffff_0000_0000n | (amode === 24 ? 0xff00_0000n : 0x8000_0000n) | BigInt(at(t)), 8)));
  const v2 = rnd(8);
  putSlot(pl, 0, v2);
  add(H, { name: `plo cststg (${amode}-bit)`, insn: PLO, amode, r: { 0: 21n, 12: 0xffff_0000_0000_0000n | reg(0) },
    mem: { [at(OP2)]: v2 + rnd(8), [at(PL)]: pl.join(''), [at(TARGETS[0])]: rnd(16) }, out });
  add(H, { name: `plo cs (${amode}-bit)`, insn: PLO, amode, r: { 0: 4n, 2: 0x1111_1111_0102_0304n, 3: 0x2222_2222_0506_0708n, 12: 0xffff_0000_0000_0000n | reg(0) },
    mem: { [at(OP2)]: '01020304' }, out: [[at(OP2), 8]] });
}

export const PLO_CASES = cases;
