// Oracle cases: CU12, CU14, CU21, CU24, CU41, CU42.
import { rre, type Oracle, type OracleCase } from './case';
import { at, BASES, reg } from './util';

const Q: Oracle = 'qemu-s390x';
const cases: [Oracle, OracleCase][] = [];
const add = (o: Oracle, c: OracleCase): void => { cases.push([o, { ...c, r: { ...BASES, ...c.r } }]); };

const text = 'Aé€😀z';
const utf8 = Buffer.from(text, 'utf8').toString('hex');
const utf16 = Buffer.from(text, 'utf16le').swap16().toString('hex');
const utf32 = Array.from(text).map((ch) => ch.codePointAt(0)!.toString(16).padStart(8, '0')).join('');
const FORMS = { 8: utf8, 16: utf16, 32: utf32 } as const;

/** Convert src → dst form; R2 pair destination (r2, r3), R4 pair source (r4, r5). */
function conv(name: string, op: number, from: 8 | 16 | 32, m3: number, src: string, dlen: number, tag: string): void {
  add(Q, { name: `${name} ${tag}${m3 ? ' (checking)' : ''}`, insn: rre(op, 2, 4, m3), loop: true,
    r: { 2: reg(0x3000), 3: BigInt(dlen), 4: reg(0x1000), 5: BigInt(src.length / 2) },
    mem: { [at(0x1000)]: src }, out: [[at(0x3000), 40]] });
  void from;
}

const ops: [string, number, 8 | 16 | 32, boolean][] = [
  ['cu12', 0xb2a7, 8, true], ['cu14', 0xb9b0, 8, true], ['cu21', 0xb2a6, 16, true], ['cu24', 0xb9b1, 16, true],
  ['cu41', 0xb9b2, 32, false], ['cu42', 0xb9b3, 32, false],
];
for (const [name, op, from, hasCheck] of ops) {
  const src = FORMS[from];
  for (const m3 of hasCheck ? [0, 1] : [0]) {
    conv(name, op, from, m3, src, 40, 'all');
    conv(name, op, from, m3, src, 5, 'destination short');
    conv(name, op, from, m3, src, 0, 'destination empty');
    conv(name, op, from, m3, src.slice(0, src.length - 2), 40, 'partial last character');
  }
  conv(name, op, from, 0, '', 40, 'empty source');
}
// Invalid input.
for (const m3 of [0, 1]) {
  conv('cu12', 0xb2a7, 8, m3, '41' + '80' + '42', 40, 'stray continuation byte');
  conv('cu12', 0xb2a7, 8, m3, '41' + 'c341' + '42', 40, 'bad continuation');
  conv('cu12', 0xb2a7, 8, m3, '41' + 'c0af', 40, 'overlong two-byte');
  conv('cu12', 0xb2a7, 8, m3, '41' + 'eda080', 40, 'encoded surrogate');
  conv('cu12', 0xb2a7, 8, m3, '41' + 'f8', 40, 'lead byte f8');
  conv('cu14', 0xb9b0, 8, m3, '41' + 'c341' + '42', 40, 'bad continuation');
  conv('cu14', 0xb9b0, 8, m3, '41' + 'f4908080', 40, 'beyond 10ffff');
  conv('cu21', 0xb2a6, 16, m3, '0041d8000041', 40, 'lone high surrogate');
  conv('cu21', 0xb2a6, 16, m3, '0041dc000041', 40, 'lone low surrogate');
  conv('cu24', 0xb9b1, 16, m3, '0041d8000041', 40, 'lone high surrogate');
}
conv('cu41', 0xb9b2, 32, 0, '00000041' + '0000d800', 40, 'surrogate code point');
conv('cu41', 0xb9b2, 32, 0, '00000041' + '00110000', 40, 'beyond 10ffff');
conv('cu42', 0xb9b3, 32, 0, '00000041' + '0000dfff', 40, 'surrogate code point');
conv('cu12', 0xb2a7, 8, 0, Buffer.from('x'.repeat(0x1800), 'utf8').toString('hex').slice(0, 40) , 40, 'ascii');
add(Q, { name: 'cu12 odd register', insn: rre(0xb2a7, 3, 4), r: { 2: reg(0x3000), 3: 8n, 4: reg(0x1000), 5: 2n }, mem: { [at(0x1000)]: '4142' } });
add(Q, { name: 'cu41 long', insn: rre(0xb9b2, 2, 4), loop: true, r: { 2: reg(0x8000), 3: 0x3000n, 4: reg(0x1000), 5: 0x4000n },
  mem: { [at(0x1000)]: Array.from({ length: 0x1000 }, (_, i) => (0x20 + (i * 37) % 0x7ff).toString(16).padStart(8, '0')).join('') },
  out: [[at(0x8000), 0x3000]] });

export const UNICODE_CASES = cases;
