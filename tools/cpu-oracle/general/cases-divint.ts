// Oracle cases for DIVIDE TO INTEGER (bfp-divide-integer.ts), on Hercules (QEMU 7.2 has
// neither DIEBR nor DIDBR): small exact and inexact quotients in every quotient rounding
// method (M4) and FPC mode, quotients beyond 2^24 / 2^53 (partial results), quotient
// overflow, special operands (zeros, infinities, quiet and signaling NaNs), tiny
// remainders, IEEE masks, and the specification exceptions (equal registers, invalid M4).
// Left to test/cpu/general-pop.test.ts because Hercules 3.13 departs from the PoP there:
// M4 1 (round to nearest, ties away) and 3 (prepare for shorter precision), which it
// rounds to nearest even; FPC mode 7, which it rejects (it lacks the floating-point-
// extension facility); and inexact or tiny remainders, for which it sets no IEEE flags
// and takes no IEEE interruptions (the PoP lists underflow and inexact for DIVIDE TO
// INTEGER).
import type { Oracle } from '../string/case';
import { H, type Cases, type GeneralCase } from './case';

const cases: Cases = [];
const add = (o: Oracle, c: GeneralCase): void => { cases.push([o, c]); };

function shortBits(x: number): bigint {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x);
  return BigInt(v.getUint32(0)) << 32n;
}
function longBits(x: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
}
/** Short BFP patterns go in the left word of the register. */
const S = (bits: number): bigint => BigInt(bits >>> 0) << 32n;

const FILL = 0x5555_5555_5555_5555n;
type Fmt = 'diebr' | 'didbr';
const encode = (fmt: Fmt, r1: number, r3: number, r2: number, m4: number): string =>
  (fmt === 'diebr' ? 'b353' : 'b35b') + r3.toString(16) + m4.toString(16) + r1.toString(16) + r2.toString(16);

function divide(fmt: Fmt, name: string, a: bigint, b: bigint, m4 = 0, fpc = 0): void {
  add(H, { name: `${fmt} ${name} m4 ${m4} fpc ${fpc.toString(16)}`, insn: encode(fmt, 1, 3, 2, m4), f: { 1: a, 2: b, 3: FILL }, fpc });
}

const SMALL: [number, number][] = [[7, 2], [-7, 2], [7, -2], [-7, -2], [5, 2], [1, 3], [2, 3], [-2, 3], [10, 4], [9, 3], [0.75, 0.5],
  [1e-3, 7], [123.456, 0.1], [6, 3], [-6, 3], [0.5, 1], [-0.5, 1], [1.5, 1], [2.5, 1]];
for (const fmt of ['diebr', 'didbr'] as Fmt[]) {
  const bits = fmt === 'diebr' ? shortBits : longBits;
  for (const [x, y] of SMALL) {
    for (const m4 of [0, 4, 5, 6, 7]) {
      // 1e-3 - 7 is an inexact remainder (see above).
      if (x === 1e-3 && m4 === 6) continue;
      divide(fmt, `${x}/${y}`, bits(x), bits(y), m4);
    }
  }
  for (const fpc of [1, 2, 3]) divide(fmt, '7/2 fpc mode', bits(7), bits(2), 0, fpc);
}

// Quotients beyond p bits: partial results (CC 2), and exact large quotients (CC 0).
divide('diebr', '2^30+64 / 3 partial', S(0x4e80_0001), shortBits(3));
divide('diebr', '2^40 / 3 partial', shortBits(2 ** 40), shortBits(3));
divide('diebr', '2^40 / 2^-10 exact', shortBits(2 ** 40), shortBits(2 ** -10));
divide('diebr', '2^24+2 / 1', shortBits(2 ** 24 + 2), shortBits(1));
divide('diebr', '2^24 / 0.75', shortBits(2 ** 24), shortBits(0.75));
divide('diebr', '3*2^23 / 0.5', shortBits(3 * 2 ** 23), shortBits(0.5));
divide('diebr', '1e30 / 7', shortBits(1e30), shortBits(7), 5);
divide('didbr', '2^60+2^8 / 3 partial', longBits(2 ** 60 + 2 ** 8), longBits(3));
divide('didbr', '2^100 / 7 partial', longBits(2 ** 100), longBits(7), 6);
divide('didbr', '2^53+2 / 1', longBits(2 ** 53 + 2), longBits(1));
divide('didbr', '1e300 / 1e-10', longBits(1e300), longBits(1e-10));
divide('didbr', '2^53 / 0.75', longBits(2 ** 53), longBits(0.75));
// Quotient overflow (scaled quotient, CC 1 or 3).
divide('diebr', 'max / min subnormal', S(0x7f7f_ffff), S(0x0000_0001));
divide('diebr', '1e38 / 1e-38', shortBits(1e38), shortBits(1e-38));
divide('diebr', '2^127 / 2^-126 exact', S(0x7f00_0000), S(0x0080_0000));
divide('didbr', 'max / min subnormal', 0x7fef_ffff_ffff_ffffn, 1n);
divide('didbr', '1e308 / 3e-308', longBits(1e308), longBits(3e-308));

// Special operands.
const SPECIAL_SHORT: [string, bigint][] = [['+0', S(0)], ['-0', S(0x8000_0000)], ['+inf', S(0x7f80_0000)], ['-inf', S(0xff80_0000)],
  ['qnan', S(0x7fc0_0001)], ['snan', S(0x7f80_0002)], ['-qnan', S(0xffc0_0003)], ['3', shortBits(3)], ['-2', shortBits(-2)],
  ['min subnormal', S(1)]];
const SPECIAL_LONG: [string, bigint][] = [['+0', 0n], ['-0', 0x8000_0000_0000_0000n], ['+inf', 0x7ff0_0000_0000_0000n],
  ['-inf', 0xfff0_0000_0000_0000n], ['qnan', 0x7ff8_0000_0000_0001n], ['snan', 0x7ff0_0000_0000_0002n],
  ['-qnan', 0xfff8_0000_0000_0003n], ['3', longBits(3)], ['-2', longBits(-2)], ['min subnormal', 1n]];
for (const [fmt, specials] of [['diebr', SPECIAL_SHORT], ['didbr', SPECIAL_LONG]] as const) {
  for (const [na, a] of specials) for (const [nb, b] of specials) divide(fmt, `${na} / ${nb}`, a, b);
  // Invalid operation with the mask on: suppressed (data exception).
  divide(fmt, 'inf / 3 invalid trap', specials[2][1], specials[7][1], 0, 0x8000_0000);
  divide(fmt, 'snan / 3 invalid trap', specials[5][1], specials[7][1], 0, 0x8000_0000);
}

// Tiny remainders (underflow), inexact remainders, and their traps.
divide('diebr', 'subnormal remainder', S(0x0000_0003), S(0x0000_0002), 0);
divide('didbr', 'subnormal remainder', 3n, 2n);
divide('diebr', 'subnormal remainder, inexact mask', S(0x0000_0003), S(0x0000_0002), 0, 0x0800_0000);

// Specification: equal registers, invalid M4.
for (const fmt of ['diebr', 'didbr'] as Fmt[]) {
  const seven = fmt === 'diebr' ? shortBits(7) : longBits(7);
  add(H, { name: `${fmt} r1 = r3`, insn: encode(fmt, 1, 1, 2, 0), f: { 1: seven, 2: seven }, fpc: 0 });
  add(H, { name: `${fmt} r1 = r2`, insn: encode(fmt, 1, 3, 1, 0), f: { 1: seven, 3: FILL }, fpc: 0 });
  add(H, { name: `${fmt} r2 = r3`, insn: encode(fmt, 1, 2, 2, 0), f: { 1: seven, 2: seven }, fpc: 0 });
  for (const m4 of [2, 8, 15]) add(H, { name: `${fmt} m4 ${m4}`, insn: encode(fmt, 1, 3, 2, m4), f: { 1: seven, 2: seven, 3: FILL }, fpc: 0 });
}

export const DIVIDE_INTEGER_CASES = cases;
