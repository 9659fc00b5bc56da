// Oracle cases for general-misc.ts: MVI/MVIY, IC/ICY, TS, the LOAD AND TRAP family
// (qemu-s390x and Hercules: both load the register before the trap), the hints (PFD,
// PFDRL, NIAI, BPP, BPRP, PPA: no operand access, no exception), MONITOR CALL (qemu-s390x
// for the problem state where CR8 is zero; Hercules with monitor masks in CR8 for the
// monitor-event interruption and its lowcore fields), TRAP2/TRAP4 with DAT off (Hercules),
// TAM and ECAG.
// An instruction written '@text' is assembled by gen.ts with GNU as.
import type { Amode, Oracle } from '../string/case';
import { at, BASES, LAST_PAGE, reg, rnd } from '../string/util';
import { H, Q, type Cases, type GeneralCase } from './case';

const cases: Cases = [];
const add = (o: Oracle, c: GeneralCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };
const R1 = 0x0123_4567_89ab_cdefn;
const AMODES: Amode[] = [64, 31, 24];

// ---- MVI / MVIY -------------------------------------------------------------------------
for (const i of [0x00, 0x5a, 0x80, 0xff]) {
  add(Q, { name: `mvi ${i}`, insn: `@mvi 0x123(%r12),${i}`, mem: { [at(0x120)]: rnd(8) } });
  add(Q, { name: `mviy ${i}`, insn: `@mviy -0x20(%r12),${i}`, r: { 12: reg(0x140) }, mem: { [at(0x118)]: rnd(16) } });
}
add(Q, { name: 'mviy positive long displacement', insn: '@mviy 0x7ffff(%r5),0x3c', r: { 5: reg(0x100) - 0x7ffffn }, mem: { [at(0xfc)]: rnd(8) } });
for (const amode of [31, 24] as Amode[]) {
  add(Q, { name: `mvi base wraps (${amode}-bit)`, insn: '@mvi 4(%r5),0xa5', amode, r: { 5: 0xffff_ffff_8000_0000n + reg(0x200) }, mem: { [at(0x200)]: rnd(8) } });
}
add(Q, { name: 'mvi into inaccessible page', insn: '@mvi 0xfff(%r13),1', r: { 13: reg(LAST_PAGE + 0x1000) } });

// ---- IC / ICY: bits 56-63 replaced, the rest kept ------------------------------------------
for (const b of ['00', '7f', '80', 'ff']) {
  add(Q, { name: `ic ${b}`, insn: '@ic %r2,0x10(%r3,%r12)', r: { 2: R1, 3: 5n }, mem: { [at(0x15)]: b } });
  add(Q, { name: `icy ${b}`, insn: '@icy %r2,-0x10(%r3,%r12)', r: { 2: ~R1 & 0xffff_ffff_ffff_ffffn, 3: 0x105n }, mem: { [at(0xf5)]: b } });
}
for (const amode of [31, 24] as Amode[]) add(Q, { name: `ic (${amode}-bit)`, insn: '@ic %r2,0(%r5)', amode, r: { 2: R1, 5: 0xaaaa_aaaa_0000_0000n + reg(0x33) }, mem: { [at(0x33)]: 'c4' } });
add(Q, { name: 'ic from inaccessible page', insn: '@ic %r2,0(%r13)', r: { 2: R1, 13: reg(LAST_PAGE + 0x1000) } });

// ---- TS --------------------------------------------------------------------------------
for (const b of ['00', '01', '7f', '80', 'c3', 'ff']) {
  for (const cc of [0, 3]) add(Q, { name: `ts ${b} cc ${cc}`, insn: '@ts 0x40(%r12)', cc, mem: { [at(0x40)]: b + '11' } });
}
add(Q, { name: 'ts inaccessible', insn: '@ts 0(%r13)', cc: 2, r: { 13: reg(LAST_PAGE + 0x1000) } });

// ---- LOAD AND TRAP (both oracles) ---------------------------------------------------------
const LAT_VALUES = ['0000000000000000', '0000000100000000', '0000000000000001', '8000000000000000', '00000000ffffffff',
  '7fffffff00000000', '80000000ffffffff', 'ffffffffffffffff'];
for (const [mn, tag] of [['lat', '32'], ['lgat', '64'], ['lfhat', 'high'], ['llgfat', '32>64'], ['llgtat', '31>64']]) {
  for (const o of [Q, H]) {
    for (const v of LAT_VALUES) {
      add(o, { name: `${mn} ${v} (${tag}) ${o}`, insn: `@${mn} %r2,0x200(%r12)`, r: { 2: R1 }, mem: { [at(0x200)]: v } });
    }
    add(o, { name: `${mn} unaligned, crosses page ${o}`, insn: `@${mn} %r2,-3(%r5)`, r: { 2: R1, 5: reg(0x1000) },
      mem: { [at(0xffd)]: '0000000000000000', [at(0x1005)]: '55' } });
  }
  add(Q, { name: `${mn} inaccessible`, insn: `@${mn} %r2,0(%r13)`, r: { 2: R1, 13: reg(LAST_PAGE + 0x1000) } });
  add(Q, { name: `${mn} r1 is base`, insn: `@${mn} %r5,0(%r5)`, r: { 5: reg(0x300) }, mem: { [at(0x300)]: rnd(8) } });
}
for (const amode of [31, 24] as Amode[]) {
  add(Q, { name: `llgtat (${amode}-bit)`, insn: '@llgtat %r2,0(%r5)', amode, r: { 2: R1, 5: 0xffff_ffff_0000_0000n + reg(0x10) }, mem: { [at(0x10)]: 'ffffffff' } });
}

// ---- hints: nothing happens, whatever the address -----------------------------------------
for (const m of [0, 1, 2, 6, 7, 15]) {
  add(Q, { name: `pfd ${m}`, insn: `@pfd ${m},0x10(%r3,%r12)`, r: { 3: 8n }, cc: 1 });
  add(Q, { name: `pfd ${m} inaccessible`, insn: `@pfd ${m},0(%r13)`, r: { 13: reg(LAST_PAGE + 0x1000) }, cc: 2 });
  add(Q, { name: `pfdrl ${m}`, insn: `@pfdrl ${m},.+0x100000` });
}
for (const [i1, i2] of [[0, 0], [1, 0], [2, 1], [3, 15], [15, 15]]) add(Q, { name: `niai ${i1},${i2}`, insn: `@niai ${i1},${i2}`, cc: 3 });
for (const m of [0, 1, 13, 15]) {
  add(Q, { name: `bpp ${m}`, insn: `@bpp ${m},.+0x200,0x10(%r13)`, r: { 13: reg(LAST_PAGE + 0x1000) } });
  add(Q, { name: `bprp ${m}`, insn: `@bprp ${m},.+6,.-0x100` });
}
for (const m of [0, 1, 2, 15]) add(Q, { name: `ppa ${m}`, insn: `@ppa %r2,%r3,${m}`, r: { 2: R1, 3: 7n }, cc: 1 });

// ---- MONITOR CALL -----------------------------------------------------------------------
for (const cls of [0, 1, 9, 15]) add(Q, { name: `mc class ${cls} (problem state)`, insn: `@mc 0x123(%r12),${cls}` });
for (const cls of [16, 0x80, 0xff]) add(Q, { name: `mc class ${cls}`, insn: `@mc 0(%r12),${cls}` });
/** Lowcore: monitor class (halfword 0x94) and monitor code (doubleword 0xb0), preset to ee. */
const MONITOR_LOWCORE: Record<number, string> = { 0x94: 'eeee', 0xb0: 'ee'.repeat(8) };
const masks: [bigint, number, string][] = [[0x8000n, 0, 'class 0 on'], [0x7fffn, 0, 'class 0 off'], [0x0001n, 15, 'class 15 on'],
  [0x0010n, 11, 'class 11 on'], [0xffffn, 7, 'all on'], [0xffff_ffff_ffff_0000n, 3, 'only bits 0-47'], [0n, 3, 'all off']];
for (const [cr8, cls, tag] of masks) {
  add(H, { name: `mc ${tag}`, insn: `@mc 0x456(%r5),${cls}`, cr8, r: { 5: 0x1234_5678_9abc_0000n }, mem: MONITOR_LOWCORE });
}
add(H, { name: 'mc class 16 with masks on', insn: '@mc 0(%r5),16', cr8: 0xffffn, r: { 5: 0x77n }, mem: MONITOR_LOWCORE });
add(H, { name: 'mc no base', insn: '@mc 0xfff,2', cr8: 0x2000n, mem: MONITOR_LOWCORE });
for (const amode of AMODES.slice(1)) {
  add(H, { name: `mc (${amode}-bit) code wraps`, insn: '@mc 0x10(%r5),4', amode, cr8: 0x0800n, r: { 5: 0xaaaa_aaaa_ffff_fff8n }, mem: MONITOR_LOWCORE });
}

// ---- TRAP: with DAT off a special-operation exception (Hercules: supervisor state, DAT off;
// qemu-s390x has neither) ----------------------------------------------------------------
add(H, { name: 'trap2 (DAT off)', insn: '@trap2', cc: 1 });
add(H, { name: 'trap4 (DAT off)', insn: '@trap4 0x10(%r13)', cc: 2, r: { 13: reg(LAST_PAGE + 0x1000) } });

// ---- TAM, ECAG --------------------------------------------------------------------------
for (const amode of AMODES) add(Q, { name: `tam (${amode}-bit)`, insn: '@tam', amode, cc: 2 });
for (const ai of [0, 1, 2, 3, 4, 15]) {
  for (const li of [0, 1, 7]) {
    for (const ti of [0, 1]) {
      const v = (ai << 4) | (li << 1) | ti;
      add(Q, { name: `ecag ai ${ai} li ${li} ti ${ti}`, insn: `@ecag %r2,%r3,${v}`, r: { 2: R1, 3: 0xffn } });
    }
  }
}
add(Q, { name: 'ecag address from base', insn: '@ecag %r2,%r3,0(%r5)', r: { 2: R1, 5: 0x0123_4567_0000_0010n } });

export const MISC_CASES = cases;
