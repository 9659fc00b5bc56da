// Oracle cases: packed decimal. qemu-s390x for PACK, UNPK, PKA, PKU, UNPKA, UNPKU, TP,
// MVO, CVD, CVDY; Hercules for what QEMU 7.2 lacks (AP, SP, ZAP, CP, MP, DP, SRP, ED,
// EDMK, CVB, CVBY, CVBG, CVDG).
import { rsl, rx, rxy, ssA, ssB, ssC, ssF, type Oracle, type OracleCase } from './case';
import { at, B_DATA, BASES, reg } from './util';

const Q: Oracle = 'qemu-s390x';
const H: Oracle = 'hercules';
const cases: [Oracle, OracleCase][] = [];
const add = (o: Oracle, c: OracleCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };
const DEC_OVERFLOW_MASK = 0x4;

// ---- AP SP ZAP CP: op1 at DATA+0x10, op2 at DATA+0x30 -------------------------------
const arith: [string, number][] = [['ap', 0xfa], ['sp', 0xfb], ['zap', 0xf8], ['cp', 0xf9]];
const pairs: [string, string, string][] = [
  ['small', '00123c', '456c'], ['negative result', '00123c', '456d'], ['both negative', '00123d', '456d'],
  ['zero result', '00123c', '123d'], ['minus zero operands', '00000d', '0d'], ['alternate signs', '00123a', '456b'],
  ['sign f and e', '00123f', '456e'], ['overflow', '999c', '001c'], ['overflow to zero', '999c', '001c'],
  ['negative overflow', '999d', '1d'], ['invalid digit op1', '0a123c', '1c'], ['invalid sign op2', '00123c', '0014'],
  ['long operands', '1234567890123456789012345678901c', '9876543210987654321098765432109d'],
  ['first shorter', '1c', '0000000000000009999c'],
];
for (const [name, op] of arith) {
  for (const [tag, a, b] of pairs) {
    add(H, { name: `${name} ${tag}`, insn: ssB(op, a.length / 2, b.length / 2, B_DATA, 0x10, B_DATA, 0x30), mem: { [at(0x10)]: a, [at(0x30)]: b } });
  }
  add(H, { name: `${name} overflow interrupts`, pm: DEC_OVERFLOW_MASK, insn: ssB(op, 2, 2, B_DATA, 0x10, B_DATA, 0x30), mem: { [at(0x10)]: '999c', [at(0x30)]: '001c' } });
  add(H, { name: `${name} same field`, insn: ssB(op, 3, 3, B_DATA, 0x10, B_DATA, 0x10), mem: { [at(0x10)]: '12345d' } });
}

// ---- MP DP ------------------------------------------------------------------------------
const muldiv: [string, string, string][] = [
  ['small', '0000123c', '45c'], ['negative', '0000123c', '45d'], ['zero negative', '0000000c', '45d'],
  ['max', '00000000000000099999999c', '99999999999999999c'], ['not enough leading zeros', '0001234c', '45c'],
  ['l2 not less than l1', '123c', '45c'], ['l2 over 8', '0000000000000000000000000123456c', '00000000000000001c'],
  ['invalid', '0000123b', '4a'],
];
for (const [tag, a, b] of muldiv) {
  add(H, { name: `mp ${tag}`, insn: ssB(0xfc, a.length / 2, b.length / 2, B_DATA, 0x10, B_DATA, 0x30), mem: { [at(0x10)]: a, [at(0x30)]: b } });
}
const divs: [string, string, string][] = [
  ['exact', '0000144c', '12c'], ['remainder', '0000145c', '12c'], ['negative dividend', '0000145d', '12c'],
  ['negative divisor', '0000145c', '12d'], ['zero quotient', '0000005d', '12c'], ['divide by zero', '0000145c', '0c'],
  ['quotient too big', '0123456c', '1c'], ['l2 not less than l1', '123c', '45c'], ['long', '1234567890123456789012345678901c', '0000001234567c'],
];
for (const [tag, a, b] of divs) {
  add(H, { name: `dp ${tag}`, insn: ssB(0xfd, a.length / 2, b.length / 2, B_DATA, 0x10, B_DATA, 0x30), mem: { [at(0x10)]: a, [at(0x30)]: b } });
}

// ---- SRP: shift amount in the second-operand address (6-bit signed) --------------------
const srps: [string, string, number, number][] = [
  ['left 2', '0012345c', 2, 0], ['left overflow', '0012345c', 5, 0], ['right 1 no round', '0012345c', 63, 0],
  ['right 1 round 5', '0012345c', 63, 5], ['right 3 round 5', '0012345d', 61, 5], ['right to zero', '0000004d', 63, 5],
  ['right all', '0012345c', 32, 9], ['zero shift', '0012345a', 0, 0], ['invalid rounding digit', '0012345c', 63, 10],
  ['invalid rounding left shift', '0012345c', 1, 10], ['invalid operand', '00123a5c', 1, 0],
];
for (const [tag, a, shift, round] of srps) {
  add(H, { name: `srp ${tag}`, insn: ssC(0xf0, a.length / 2, round, B_DATA, 0x10, 0, shift), mem: { [at(0x10)]: a } });
}
add(H, { name: 'srp overflow interrupts', pm: DEC_OVERFLOW_MASK, insn: ssC(0xf0, 4, 0, B_DATA, 0x10, 0, 5), mem: { [at(0x10)]: '0012345c' } });

// ---- TP ----------------------------------------------------------------------------------
for (const [tag, a] of [['valid', '12345c'], ['bad sign', '123459'], ['bad digit', '12a45c'], ['both', '1a3459'], ['one byte', '0f'], ['sixteen', '1234567890123456789012345678901d']]) {
  add(Q, { name: `tp ${tag}`, insn: rsl(0xeb, 0xc0, a.length / 2, B_DATA, 0x10), mem: { [at(0x10)]: a } });
}

// ---- PACK UNPK MVO -------------------------------------------------------------------------
const packs: [string, string, number][] = [
  ['zoned', 'f1f2f3f4c5', 3], ['truncate', 'f1f2f3f4f5f6f7d8', 2], ['pad', 'f1c2', 5], ['one', 'c1', 1], ['sixteen', 'f1f2f3f4f5f6f7f8f9f0f1f2f3f4f5c6', 16],
];
for (const [tag, src, l1] of packs) {
  add(Q, { name: `pack ${tag}`, insn: ssB(0xf2, l1, src.length / 2, B_DATA, 0x10, B_DATA, 0x30), mem: { [at(0x10)]: 'ee'.repeat(l1), [at(0x30)]: src } });
}
add(Q, { name: 'pack in place', insn: ssB(0xf2, 4, 4, B_DATA, 0x10, B_DATA, 0x10), mem: { [at(0x10)]: 'f1f2f3c4' } });
add(Q, { name: 'pack overlapping right', insn: ssB(0xf2, 3, 5, B_DATA, 0x12, B_DATA, 0x10), mem: { [at(0x10)]: 'f1f2f3f4c5' } });
for (const [tag, src, l1] of [['packed', '12345c', 5], ['truncate', '1234567d', 3], ['pad', '5c', 4], ['one', '5c', 1], ['sixteen', '1234567890123456', 16]] as const) {
  add(Q, { name: `unpk ${tag}`, insn: ssB(0xf3, l1, src.length / 2, B_DATA, 0x10, B_DATA, 0x30), mem: { [at(0x10)]: 'ee'.repeat(l1), [at(0x30)]: src } });
}
add(Q, { name: 'unpk in place', insn: ssB(0xf3, 4, 2, B_DATA, 0x10, B_DATA, 0x12), mem: { [at(0x10)]: '0000123c' } });
for (const [tag, a, b] of [['basic', '0000000c', '12345f'], ['truncate', '000c', '12345f'], ['pad', '000000000d', '1f']] as const) {
  add(Q, { name: `mvo ${tag}`, insn: ssB(0xf1, a.length / 2, b.length / 2, B_DATA, 0x10, B_DATA, 0x30), mem: { [at(0x10)]: a, [at(0x30)]: b } });
}

// ---- PKA PKU UNPKA UNPKU ---------------------------------------------------------------------
for (const [tag, t] of [['digits', '12345'], ['any chars', 'ab:9'], ['32 chars', '12345678901234567890123456789012'], ['one', '7']] as const) {
  const hex = Buffer.from(t, 'latin1').toString('hex');
  add(Q, { name: `pka ${tag}`, insn: ssF(0xe9, hex.length / 2, B_DATA, 0x10, B_DATA, 0x40), mem: { [at(0x10)]: 'ee'.repeat(16), [at(0x40)]: hex } });
  const u = Buffer.from(t, 'utf16le').swap16().toString('hex');
  if (u.length / 2 <= 64) add(Q, { name: `pku ${tag}`, insn: ssF(0xe1, u.length / 2, B_DATA, 0x10, B_DATA, 0x80), mem: { [at(0x10)]: 'ee'.repeat(16), [at(0x80)]: u } });
}
add(Q, { name: 'pka length 33', insn: ssF(0xe9, 33, B_DATA, 0x10, B_DATA, 0x40), mem: { [at(0x10)]: 'ee'.repeat(16) } });
add(Q, { name: 'pku odd length', insn: ssF(0xe1, 3, B_DATA, 0x10, B_DATA, 0x80), mem: { [at(0x10)]: 'ee'.repeat(16) } });
const p16 = { plus: '0000000000000000000000001234567c', minus: '0000000000000000000000001234567d', badsign: '00000000000000000000000012345679',
  baddigit: '000000000000000000000000123a567c', full: '1234567890123456789012345678901f' } as const;
for (const [tag, src] of Object.entries(p16)) {
  for (const l1 of [8, 32]) {
    add(Q, { name: `unpka ${tag} len ${l1}`, insn: ssA(0xea, l1, B_DATA, 0x100, B_DATA, 0x40), mem: { [at(0x100)]: 'ee'.repeat(l1), [at(0x40)]: src } });
    add(Q, { name: `unpku ${tag} len ${2 * l1}`, insn: ssA(0xe2, 2 * l1, B_DATA, 0x100, B_DATA, 0x40), mem: { [at(0x100)]: 'ee'.repeat(2 * l1), [at(0x40)]: src } });
  }
}
add(Q, { name: 'unpka length 33', insn: ssA(0xea, 33, B_DATA, 0x100, B_DATA, 0x40), mem: { [at(0x40)]: p16.plus } });
add(Q, { name: 'unpku odd length', insn: ssA(0xe2, 9, B_DATA, 0x100, B_DATA, 0x40), mem: { [at(0x40)]: p16.plus } });

// ---- ED EDMK (Hercules) -------------------------------------------------------------------------
const ds = '20', ss = '21', fs = '22';
const edits: [string, string, string][] = [
  ['money', '40' + ds + '6b' + ds + ds + ss + '4b' + ds + ds + '40c3d9', '0123456d'],
  ['money positive', '40' + ds + '6b' + ds + ds + ss + '4b' + ds + ds + '40c3d9', '0123456c'],
  ['all zero', '5c' + ds + ds + ds + ds + ds, '00000c'],
  ['significance starter', '40' + ds + ss + ds + ds + ds, '00001c'],
  ['field separator', '40' + ds + ds + ds + fs + ds + ds + ds, '123c456d'],
  ['fill is digit selector', ds + ds + ds + ds, '0120'],
  ['invalid digit', '40' + ds + ds + ds, 'a12c'],
];
for (const [tag, pat, src] of edits) {
  add(H, { name: `ed ${tag}`, insn: ssA(0xde, pat.length / 2, B_DATA, 0x100, B_DATA, 0x40), mem: { [at(0x100)]: pat, [at(0x40)]: src } });
  add(H, { name: `edmk ${tag}`, insn: ssA(0xdf, pat.length / 2, B_DATA, 0x100, B_DATA, 0x40), r: { 1: 0xaaaaaaaa_bbbbbbbbn },
    mem: { [at(0x100)]: pat, [at(0x40)]: src } });
}

// ---- CVB CVBY CVBG (Hercules), CVD CVDY (QEMU), CVDG (Hercules) --------------------------------
for (const [tag, p] of [['positive', '000000000012345c'], ['negative', '000000000012345d'], ['max', '000002147483647c'],
  ['min', '000002147483648d'], ['too big', '000002147483648c'], ['huge', '999999999999999c'], ['invalid', '00000000001234a5']] as const) {
  add(H, { name: `cvb ${tag}`, insn: rx(0x4f, 3, 0, B_DATA, 0x40), r: { 3: 0x11111111_22222222n }, mem: { [at(0x40)]: p } });
  add(H, { name: `cvby ${tag}`, insn: rxy(0xe3, 0x06, 3, 0, B_DATA, 0x40), r: { 3: 0x11111111_22222222n }, mem: { [at(0x40)]: p } });
}
for (const [tag, p] of [['positive', '0000000000000000000000000012345c'], ['max', '0000000000009223372036854775807c'],
  ['min', '0000000000009223372036854775808d'], ['too big', '0000000000009223372036854775808c'], ['invalid', '000000000000000000000000001234a5']] as const) {
  add(H, { name: `cvbg ${tag}`, insn: rxy(0xe3, 0x0e, 3, 0, B_DATA, 0x40), r: { 3: 0x11111111_22222222n }, mem: { [at(0x40)]: p } });
}
for (const [tag, v] of [['positive', 12345n], ['negative', 0xffffffff_ffffffc7n], ['zero', 0n], ['max', 0x7fffffffn], ['min', 0xaaaaaaaa_80000000n]] as const) {
  add(Q, { name: `cvd ${tag}`, insn: rx(0x4e, 3, 0, B_DATA, 0x40), r: { 3: v }, out: [[at(0x40), 8]] });
  add(Q, { name: `cvdy ${tag}`, insn: rxy(0xe3, 0x26, 3, 0, B_DATA, 0x40), r: { 3: v }, out: [[at(0x40), 8]] });
  add(H, { name: `cvdg ${tag}`, insn: rxy(0xe3, 0x2e, 3, 0, B_DATA, 0x40), r: { 3: v }, out: [[at(0x40), 16]] });
}
add(H, { name: 'cvdg most negative', insn: rxy(0xe3, 0x2e, 3, 0, B_DATA, 0x40), r: { 3: 0x80000000_00000000n }, out: [[at(0x40), 16]] });
void reg;

// Hercules is the oracle where qemu-s390x 7.2 departs from it and the PoP: PKA/PKU drop
// the leftmost character of a short operand, UNPK loses digits of long or overlapping
// operands. UNPKA/UNPKU run on both (both unpack invalid digits without an exception).
const HERCULES_ONLY = /^(pka (digits|any chars|one)|pku (digits|any chars|one)|unpk (packed|sixteen|in place))$/;
for (let i = 0; i < cases.length; i++) {
  const [o, c] = cases[i];
  if (o === Q && HERCULES_ONLY.test(c.name)) cases[i] = [H, c];
  else if (o === Q && /^(pka|pku|unpk |unpka baddigit|unpku baddigit)/.test(c.name)) cases.push([H, { ...c, name: `${c.name} (hercules)` }]);
}

export const DECIMAL_CASES = cases;
