// Oracle cases: EXECUTE and EXECUTE RELATIVE LONG with targets from this domain: the OR
// of R1 bits 56-63 into byte 1 (registers, lengths, immediates, masks), relative
// branches relative to the target, link information naming EXECUTE (address after it,
// ILC 2 or 3), exceptions in the target, execute exception, odd target address.
import { DATA, Rng, type CaseSpec } from './case';
import { enc } from './encode';
import { TEST_AT } from './layout';

/** Where target instructions are placed (code area, away from pads). */
const TGT = 0x13000;
const MODES = [24, 31, 64] as const;

export function executeCases(): CaseSpec[] {
  const rng = new Rng(44);
  const out: CaseSpec[] = [];
  const add = (c: CaseSpec) => out.push(c);
  /** EX r1 via base 6 → TGT, or EXRL r1 with a relative offset to TGT. */
  const ex = (form: 'ex' | 'exrl', r1: number): string =>
    form === 'ex' ? enc('ex', { r1, x2: 5, b2: 6, d2: 0x10 }) : enc('exrl', { r1, ri2: (TGT - TEST_AT) / 2 });
  const base = { 5: 0x20n, 6: BigInt(TGT - 0x30) };

  for (const form of ['ex', 'exrl'] as const) {
    add({ name: `${form} xr r1=0`, insn: ex(form, 0), r: { ...base, 1: rng.val(), 2: rng.val() }, mem: { [TGT]: enc('xr', { r1: 1, r2: 2 }) } });
    add({ name: `${form} xr or-regs`, insn: ex(form, 1), r: { ...base, 1: 0xffffffffffffff34n, 3: rng.val(), 4: rng.val() }, mem: { [TGT]: enc('xr', { r1: 0, r2: 0 }) } });
    add({ name: `${form} or-keeps-bits`, insn: ex(form, 1), r: { ...base, 1: 0x33n, 2: rng.val(), 3: rng.val() }, mem: { [TGT]: enc('xr', { r1: 2, r2: 1 }) } });
    for (const len of [1, 16, 256]) {
      add({ name: `${form} xc len${len}`, insn: ex(form, 1), r: { ...base, 1: BigInt(len - 1), 7: BigInt(DATA) },
        mem: { [TGT]: enc('xc', { l1: 0, b1: 7, d1: 0, b2: 7, d2: 0x100 }), [DATA]: rng.hex(len + 2), [DATA + 0x100]: rng.hex(len + 2) } });
    }
    add({ name: `${form} ni imm`, insn: ex(form, 1), r: { ...base, 1: 0xf0n, 7: BigInt(DATA) }, mem: { [TGT]: enc('ni', { i2: 0, b1: 7, d1: 4 }), [DATA + 4]: '5a' } });
    add({ name: `${form} icm mask`, insn: ex(form, 1), r: { ...base, 1: 0x0an, 7: BigInt(DATA) }, mem: { [TGT]: enc('icm', { r1: 0, m3: 0, b2: 7, d2: 0 }), [DATA]: '81828384' } });
    add({ name: `${form} risbg regs`, insn: ex(form, 1), r: { ...base, 1: 0x23n, 2: rng.val(), 3: rng.val() },
      mem: { [TGT]: enc('risbg', { r1: 0, r2: 0, i3: 8, i4: 40, i5: 12 }) } });
    // Relative branches are relative to the target; links name the instruction after EXECUTE.
    add({ name: `${form} brc or-mask`, insn: ex(form, 1), r: { ...base, 1: 0x80n }, cc: 0,
      mem: { [TGT]: enc('brc', { m1: 0, ri2: 0x40 }) }, targets: [TGT + 0x80] });
    add({ name: `${form} brc not-taken`, insn: ex(form, 1), r: { ...base, 1: 0x40n }, cc: 0,
      mem: { [TGT]: enc('brc', { m1: 0, ri2: 0x40 }) }, targets: [TGT + 0x80] });
    add({ name: `${form} brcl back`, insn: ex(form, 0), r: base, mem: { [TGT]: enc('brcl', { m1: 15, ri2: -0x800 }) }, targets: [TGT - 0x1000] });
    add({ name: `${form} bcr`, insn: ex(form, 0), r: { ...base, 4: 0x15000n }, mem: { [TGT]: enc('bcr', { m1: 15, r2: 4 }) }, targets: [0x15000] });
    add({ name: `${form} crj`, insn: ex(form, 0), r: { ...base, 2: 7n, 3: 7n }, mem: { [TGT]: enc('crj', { r1: 2, r2: 3, m3: 8, ri4: 0x20 }) }, targets: [TGT + 0x40] });
    for (const amode of MODES) {
      add({ name: `${form} bras ${amode}`, amode, insn: ex(form, 0), r: { ...base, 14: rng.val() },
        mem: { [TGT]: enc('bras', { r1: 14, ri2: 0x40 }) }, targets: [TGT + 0x80] });
      add({ name: `${form} bal ${amode}`, amode, cc: 2, pm: 6, insn: ex(form, 0), r: { ...base, 14: rng.val(), 4: 0x15000n },
        mem: { [TGT]: enc('bal', { r1: 14, b2: 4, d2: 0x10 }) }, targets: [0x15010] });
      add({ name: `${form} balr ${amode}`, amode, cc: 1, pm: 9, insn: ex(form, 0), r: { ...base, 14: rng.val(), 4: 0x15000n },
        mem: { [TGT]: enc('balr', { r1: 14, r2: 4 }) }, targets: [0x15000] });
      add({ name: `${form} basr ${amode}`, amode, insn: ex(form, 0), r: { ...base, 14: rng.val(), 4: 0x15000n },
        mem: { [TGT]: enc('basr', { r1: 14, r2: 4 }) }, targets: [0x15000] });
    }
    // Exceptions: execute exception, odd target, exceptions raised by the target.
    add({ name: `${form} of-ex`, insn: ex(form, 0), r: base, mem: { [TGT]: enc('ex', { r1: 0, b2: 0, d2: 0 }) }, pgm: 3 });
    add({ name: `${form} of-exrl`, insn: ex(form, 0), r: base, mem: { [TGT]: enc('exrl', { r1: 0, ri2: 0 }) }, pgm: 3 });
    add({ name: `${form} trap`, insn: ex(form, 0), r: { ...base, 1: 5n }, mem: { [TGT]: enc('cit', { r1: 1, i2: 5, m3: 8 }) } });
    add({ name: `${form} target-spec`, insn: ex(form, 0), r: base, mem: { [TGT]: enc('flogr', { r1: 3, r2: 5 }) }, pgm: 6 });
  }
  // An odd target address (specification exception) is in test/cpu/execute.test.ts:
  // qemu 7.2 fetches the misaligned target and reports an operation exception instead.
  add({ name: 'ex index', insn: enc('ex', { r1: 0, x2: 9, b2: 6, d2: 0 }), r: { 6: BigInt(TGT - 0x100), 9: 0x100n, 1: 3n, 2: 5n },
    mem: { [TGT]: enc('or', { r1: 1, r2: 2 }) } });
  add({ name: 'ex amode24 base-junk', amode: 24, insn: enc('ex', { r1: 0, b2: 6, d2: 0 }), r: { 6: 0xffffffff00000000n | BigInt(TGT) | 0xab000000n, 1: 3n, 2: 5n },
    mem: { [TGT]: enc('or', { r1: 1, r2: 2 }) } });
  add({ name: 'exrl forward-6byte', insn: enc('exrl', { r1: 0, ri2: 0x100 }), r: { 1: 0x0123456789abcdefn }, mem: { [TEST_AT + 0x200]: enc('nihf', { r1: 1, i2: 0xff00ff00 }) } });
  return out;
}
