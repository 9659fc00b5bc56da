// Oracle cases: TR, TRT, TRTR, TRE, TROO/TROT/TRTO/TRTT.
import { rre, ssA, type Amode, type Oracle, type OracleCase } from './case';
import { at, B_DATA, B_LAST, BASES, LAST_PAGE, reg, rnd, seq } from './util';

const Q: Oracle = 'qemu-s390x';
const cases: [Oracle, OracleCase][] = [];
const add = (o: Oracle, c: OracleCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };

/** A 256-byte table mapping b to f(b). */
const table = (f: (b: number) => number): string => Array.from({ length: 256 }, (_, b) => (f(b) & 0xff).toString(16).padStart(2, '0')).join('');
const upper = table((b) => (b >= 0x61 && b <= 0x7a ? b - 0x20 : b));
const stopAt = (stops: number[]): string => table((b) => (stops.includes(b) ? b ^ 0x80 | 1 : 0));

for (const len of [1, 16, 256]) {
  add(Q, { name: `tr len ${len}`, insn: ssA(0xdc, len, B_DATA, 0x100, B_DATA, 0x800), mem: { [at(0x100)]: rnd(len), [at(0x800)]: upper } });
}
add(Q, { name: 'tr table crosses page', insn: ssA(0xdc, 32, B_DATA, 0x100, B_DATA, 0xf80), mem: { [at(0x100)]: rnd(32), [at(0xf80)]: table((b) => 255 - b) } });
add(Q, { name: 'tr operand overlaps table', insn: ssA(0xdc, 8, B_DATA, 0x800, B_DATA, 0x800), mem: { [at(0x800)]: table((b) => b + 3) } });
add(Q, { name: 'tr into inaccessible page', insn: ssA(0xdc, 32, B_LAST, 0xff0, B_DATA, 0x800), mem: { [at(LAST_PAGE + 0xff0)]: rnd(16), [at(0x800)]: upper } });

const trtData = '0102030405060708090a0b0c0d0e0f10';
for (const [stops, tag] of [[[], 'none'], [[0x05], 'middle'], [[0x10], 'last'], [[0x01], 'first'], [[0x03, 0x0c], 'two']] as const) {
  for (const amode of [64, 31, 24] as Amode[]) {
    if (amode !== 64 && tag !== 'middle') continue;
    const r = { 1: 0xaaaaaaaa_ffffffffn, 2: 0x5555555555555555n };
    add(Q, { name: `trt ${tag} (${amode}-bit)`, amode, insn: ssA(0xdd, 16, B_DATA, 0x100, B_DATA, 0x800), r, mem: { [at(0x100)]: trtData, [at(0x800)]: stopAt([...stops]) } });
    add(Q, { name: `trtr ${tag} (${amode}-bit)`, amode, insn: ssA(0xd0, 16, B_DATA, 0x10f, B_DATA, 0x800), r, mem: { [at(0x100)]: trtData, [at(0x800)]: stopAt([...stops]) } });
  }
}
add(Q, { name: 'trt len 256 last', insn: ssA(0xdd, 256, B_DATA, 0x100, B_DATA, 0x800), mem: { [at(0x100)]: seq(256, 0), [at(0x800)]: stopAt([0xff]) } });

// TRE: R2 pair (r2 address, r3 length), R4 table, GR0 test byte.
const tre = rre(0xb2a5, 2, 4);
for (const [len, test, tag] of [[40, 0x100, 'no stop'], [40, 0x41, 'stops'], [0, 0, 'empty'], [0x2100, 0x100, 'long']] as const) {
  const data = tag === 'stops' ? seq(20, 0x61) + '41' + seq(19, 0x61) : rnd(len);
  add(Q, { name: `tre ${tag}`, insn: tre, loop: true, r: { 0: BigInt(test & 0xff) | (test > 0xff ? 0x100n : 0n), 2: reg(0x1f80), 3: BigInt(len), 4: reg(0x800) },
    mem: { [at(0x1f80)]: data, [at(0x800)]: upper } });
}

// TROO/TROT/TRTO/TRTT: R2 pair (r2 dest, r3 length), R4 source, GR1 table, GR0 test.
const trx: [string, number, 1 | 2, 1 | 2][] = [['troo', 0xb993, 1, 1], ['trot', 0xb992, 1, 2], ['trto', 0xb991, 2, 1], ['trtt', 0xb990, 2, 2]];
for (const [name, op, su, du] of trx) {
  // A table at a 4K boundary; entries translate v to v+1 (so test char = f(stop)).
  const tbl = 0x8000;
  const entries = su === 1 ? 256 : 0x800;
  let t = '';
  for (let v = 0; v < entries; v++) t += ((v * 7 + 1) & (du === 1 ? 0xff : 0xffff)).toString(16).padStart(2 * du, '0');
  const src = su === 1 ? seq(24, 0x10) : Array.from({ length: 12 }, (_, i) => (0x100 + i * 0x31).toString(16).padStart(4, '0')).join('');
  const mem = { [at(0x1000)]: src, [at(tbl)]: t };
  const out: [number, number][] = [[at(0x3000), 24 * du / su + 4]];
  const r = (test: bigint, gr1Off = 0): Record<number, bigint> => ({ 0: test, 1: reg(tbl + gr1Off), 2: reg(0x3000), 3: 24n, 4: reg(0x1000) });
  add(Q, { name: `${name} no stop`, insn: rre(op, 2, 4), loop: true, r: r(0xfeedn), mem, out });
  const stopVal = su === 1 ? (0x18 * 7 + 1) & (du === 1 ? 0xff : 0xffff) : ((0x100 + 5 * 0x31) * 7 + 1) & (du === 1 ? 0xff : 0xffff);
  add(Q, { name: `${name} stops on test char`, insn: rre(op, 2, 4), loop: true, r: r(BigInt(stopVal)), mem, out });
  add(Q, { name: `${name} m3 no test`, insn: rre(op, 2, 4, 1), loop: true, r: r(BigInt(stopVal)), mem, out });
  add(Q, { name: `${name} table address unaligned`, insn: rre(op, 2, 4), loop: true, r: r(0xfeedn, 0x8 + 0x3), mem, out });
  // (A zero length and an odd R1 are left to string-pop.test.ts: qemu-s390x translates
  // 2^64 bytes for the first and does not check the second.)
  if (su === 2) add(Q, { name: `${name} odd length`, insn: rre(op, 2, 4), r: { ...r(0xfeedn), 3: 23n }, mem, out });
}
add(Q, { name: 'troo long', insn: rre(0xb993, 2, 4, 1), loop: true, r: { 1: reg(0x8000), 2: reg(0xa000), 3: 0x2345n, 4: reg(0x1000) },
  mem: { [at(0x1000)]: rnd(0x2345), [at(0x8000)]: table((b) => b ^ 0x5a) }, out: [[at(0xa000), 0x2348]] });

export const TRANSLATE_CASES = cases;
