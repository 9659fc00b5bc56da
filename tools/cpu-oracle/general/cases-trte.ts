// Oracle cases for TRANSLATE AND TEST [REVERSE] EXTENDED (translate-extended.ts), on
// Hercules (QEMU 7.2 lacks both): 1- and 2-byte arguments and function codes, the
// argument-limit bit, stops on the first/middle/last character, R2 overlapping R1/R1+1,
// zero length, specification exceptions, the 24/31-bit modes, and a scan across pages
// (re-executed while CC 3, the CPU-determined amount).
import type { Amode, Oracle } from '../string/case';
import { rre } from '../string/case';
import { at, BASES, reg, rnd } from '../string/util';
import { H, type Cases, type GeneralCase } from './case';

const cases: Cases = [];
const add = (o: Oracle, c: GeneralCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };

const TABLE = 0x8000, DATA = 0x1000;
const M3_A = 8, M3_F = 4, M3_L = 2;
const trte = (r1: number, r2: number, m3: number): string => rre(0xb9bf, r1, r2, m3);
const trtre = (r1: number, r2: number, m3: number): string => rre(0xb9bd, r1, r2, m3);
const R2 = 0x0123_4567_89ab_cdefn;

/** A function-code table with nonzero codes for `stops` (argument → code). */
function table(wideCode: boolean, stops: Record<number, number>): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [arg, code] of Object.entries(stops)) {
    const a = Number(arg);
    out[at(TABLE + (wideCode ? 2 * a : a))] = code.toString(16).padStart(wideCode ? 4 : 2, '0');
  }
  return out;
}

/** `n` argument characters (1 or 2 bytes each) counting up from `base`, never a stop value below 0x20. */
function args(n: number, wide: boolean, base: number): { hex: string; values: number[] } {
  const values = Array.from({ length: n }, (_, i) => base + i);
  return { hex: values.map((v) => v.toString(16).padStart(wide ? 4 : 2, '0')).join(''), values };
}

for (const m3 of [0, M3_A, M3_F, M3_A | M3_F, M3_A | M3_L, M3_A | M3_F | M3_L, M3_L]) {
  const wide = (m3 & M3_A) !== 0, wideCode = (m3 & M3_F) !== 0;
  const step = wide ? 2 : 1;
  const n = 20;
  // 2-byte arguments above 255 only with the L bit (it keeps them from the table).
  const base = wide && (m3 & M3_L) !== 0 ? 0xf8 : 0x30;
  const a = args(n, wide, base);
  for (const [stopAt, tag] of [[-1, 'no stop'], [0, 'stops first'], [9, 'stops middle'], [n - 1, 'stops last']] as const) {
    const stops = stopAt >= 0 ? { [a.values[stopAt]]: wideCode ? 0x1234 : 0x5c } : {};
    // With the L bit an argument over 255 never stops the scan.
    for (const [name, enc, start] of [['trte', trte, DATA], ['trtre', trtre, DATA + (n - 1) * step]] as const) {
      add(H, { name: `${name} m3 ${m3} ${tag}`, insn: enc(2, 6, m3), loop: true,
        r: { 1: reg(TABLE), 2: reg(start), 3: BigInt(n * step), 6: R2 }, mem: { [at(DATA)]: a.hex, ...table(wideCode, stops) } });
    }
  }
}
// Table entries for high 2-byte arguments with the L bit off.
add(H, { name: 'trte 2-byte argument 0x3ff', insn: trte(2, 6, M3_A), loop: true, r: { 1: reg(TABLE), 2: reg(DATA), 3: 4n, 6: R2 },
  mem: { [at(DATA)]: '000103ff', ...table(false, { 0x3ff: 0x77 }) } });
add(H, { name: 'trte m3 limit with 1-byte arguments', insn: trte(2, 6, M3_L), loop: true, r: { 1: reg(TABLE), 2: reg(DATA), 3: 3n, 6: R2 },
  mem: { [at(DATA)]: '0102ff', ...table(false, { 0xff: 0x01 }) } });

// R2 the same as R1 or R1+1: the function code is not stored over the results.
for (const r2 of [2, 3, 0]) {
  add(H, { name: `trte r2=${r2}`, insn: trte(2, r2, 0), loop: true, r: { 0: R2, 1: reg(TABLE), 2: reg(DATA), 3: 8n },
    mem: { [at(DATA)]: '4142434445464748', ...table(false, { 0x44: 0x99 }) } });
}
add(H, { name: 'trte zero length', insn: trte(2, 6, 0), cc: 3, r: { 1: reg(TABLE), 2: reg(DATA), 3: 0n, 6: R2 } });
add(H, { name: 'trte odd r1', insn: trte(3, 6, 0), r: { 1: reg(TABLE), 3: reg(DATA), 4: 8n } });
// (An odd length with 2-byte arguments is a specification exception, which Hercules 3.13
// does not recognize: test/cpu/general-pop.test.ts.)

// Across pages: several CC-3 executions.
const long = rnd(0x1800).replace(/5c/g, '5d');
for (const [name, enc, start] of [['trte', trte, DATA], ['trtre', trtre, DATA + 0x17ff]] as const) {
  add(H, { name: `${name} across pages`, insn: enc(2, 6, 0), loop: true, r: { 1: reg(TABLE), 2: reg(start), 3: 0x1800n, 6: R2 },
    mem: { [at(DATA)]: long, ...table(false, { 0x5c: 0x01 }) } });
  add(H, { name: `${name} across pages, stops`, insn: enc(2, 6, 0), loop: true, r: { 1: reg(TABLE), 2: reg(start), 3: 0x1800n, 6: R2 },
    mem: { [at(DATA)]: long, [at(DATA + 0x1400)]: '5c', ...table(false, { 0x5c: 0x01 }) } });
}

for (const amode of [31, 24] as Amode[]) {
  const hi = 0xaaaa_aaaa_0000_0000n | (amode === 24 ? 0x5500_0000n : 0n);
  add(H, { name: `trte (${amode}-bit)`, insn: trte(2, 6, 0), amode, loop: true,
    r: { 1: hi | reg(TABLE), 2: hi | reg(DATA), 3: 0xffff_ffff_0000_0006n, 6: R2 }, mem: { [at(DATA)]: '313233343536', ...table(false, { 0x35: 0x42 }) } });
  add(H, { name: `trtre (${amode}-bit)`, insn: trtre(2, 6, M3_A | M3_F), amode, loop: true,
    r: { 1: hi | reg(TABLE), 2: hi | reg(DATA + 4), 3: 0xffff_ffff_0000_0006n, 6: R2 }, mem: { [at(DATA)]: '003100320033', ...table(true, { 0x31: 0xbeef }) } });
}

export const TRTE_CASES = cases;
