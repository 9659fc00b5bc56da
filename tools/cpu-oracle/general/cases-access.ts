// Oracle cases for access-registers.ts: LAM/LAMY, STAM/STAMY (register ranges that wrap,
// alignment, inaccessible operands), EAR, SAR and CPYA. The access registers go in and out
// through the code block (block.ts). qemu-s390x records the cases that complete (its C
// library needs AR 0-1 back before anything else runs, and a signal would skip the
// restore); Hercules records the exceptions and CPYA, which QEMU 7.2 lacks.
import type { Amode, Oracle } from '../string/case';
import { at, BASES, LAST_PAGE, reg, rnd } from '../string/util';
import { H, Q, type Cases, type GeneralCase } from './case';

const cases: Cases = [];
const add = (o: Oracle, c: GeneralCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };

/** Distinct access-register contents: 0xa0a0a0nn for AR n. */
const AR_IN = Array.from({ length: 16 }, (_, n) => (0xa0a0_a000 + n) >>> 0);
const R = 0x0123_4567_89ab_cdefn;

const ranges: [number, number][] = [[2, 5], [14, 1], [0, 15], [5, 5], [15, 0], [3, 2]];
for (const [r1, r3] of ranges) {
  const n = ((r3 - r1) & 15) + 1;
  for (const o of [Q, H]) {
    add(o, { name: `lam a${r1}-a${r3} ${o}`, insn: `@lam %a${r1},%a${r3},0x104(%r12)`, ar: AR_IN, mem: { [at(0x104)]: rnd(4 * n) } });
    add(o, { name: `lamy a${r1}-a${r3} ${o}`, insn: `@lamy %a${r1},%a${r3},-0x104(%r5)`, r: { 5: reg(0x308) }, ar: AR_IN, mem: { [at(0x204)]: rnd(4 * n) } });
    add(o, { name: `stam a${r1}-a${r3} ${o}`, insn: `@stam %a${r1},%a${r3},0x104(%r12)`, ar: AR_IN, mem: { [at(0x100)]: rnd(72) } });
    add(o, { name: `stamy a${r1}-a${r3} ${o}`, insn: `@stamy %a${r1},%a${r3},0x7fffc(%r5)`, r: { 5: reg(0x100) - 0x7fff8n }, ar: AR_IN, mem: { [at(0x100)]: rnd(72) } });
  }
}
add(Q, { name: 'lam crosses page', insn: '@lam %a2,%a9,0xff8(%r12)', ar: AR_IN, mem: { [at(0xff8)]: rnd(32) } });
add(Q, { name: 'stam crosses page', insn: '@stam %a2,%a9,0xff8(%r12)', ar: AR_IN, mem: { [at(0xff8)]: rnd(32) } });
for (const amode of [31, 24] as Amode[]) {
  // Bits beyond the addressing mode in the base register are ignored.
  const base = (amode === 31 ? 0xffff_ffff_8000_0000n : 0xffff_ffff_ff00_0000n) + reg(0x400);
  add(Q, { name: `lam (${amode}-bit) base wraps`, insn: '@lam %a4,%a6,8(%r5)', amode, ar: AR_IN, r: { 5: base }, mem: { [at(0x408)]: rnd(12) } });
  add(Q, { name: `stam (${amode}-bit) base wraps`, insn: '@stam %a4,%a6,8(%r5)', amode, ar: AR_IN, r: { 5: base }, mem: { [at(0x400)]: rnd(24) } });
}
// Exceptions (Hercules): alignment, and operands running into the end of storage -- the
// registers and storage stay unchanged.
for (const [mn, op] of [['lam', 'lam'], ['lamy', 'lamy'], ['stam', 'stam'], ['stamy', 'stamy']]) {
  add(H, { name: `${mn} unaligned`, insn: `@${op} %a2,%a3,0x102(%r12)`, ar: AR_IN, mem: { [at(0x100)]: rnd(16) } });
  add(H, { name: `${mn} runs into end of storage`, insn: `@${op} %a0,%a15,0xfe0(%r13)`, ar: AR_IN, mem: { [at(LAST_PAGE + 0xfe0)]: rnd(32) } });
}

// ---- EAR, SAR, CPYA ---------------------------------------------------------------------
for (const [r1, a2] of [[2, 3], [0, 0], [15, 15], [7, 1]]) {
  add(Q, { name: `ear r${r1},a${a2}`, insn: `@ear %r${r1},%a${a2}`, ar: AR_IN, r: { [r1]: R } });
  add(Q, { name: `sar a${r1},r${a2}`, insn: `@sar %a${r1},%r${a2}`, ar: AR_IN, r: { [a2]: R + BigInt(a2) } });
  add(H, { name: `cpya a${r1},a${a2}`, insn: `@cpya %a${r1},%a${a2}`, ar: AR_IN });
}
add(H, { name: 'ear then sar see the same registers', insn: '@sar %a9,%r9', ar: AR_IN, r: { 9: 0xffff_ffff_0000_0001n } });

export const ACCESS_CASES = cases;
