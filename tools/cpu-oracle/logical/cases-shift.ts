// Oracle cases: single/double shifts (logical and arithmetic, with overflow), the
// 64-bit and distinct-operands forms, rotates, and the rotate-then-selected-bits family.
import { Rng, type CaseSpec } from './case';
import { enc } from './encode';

/** Shift amounts worth testing, plus the base register contributing to the amount. */
const AMOUNTS = [0, 1, 2, 7, 15, 16, 30, 31, 32, 33, 47, 62, 63];

export function shiftCases(): CaseSpec[] {
  const rng = new Rng(22);
  const out: CaseSpec[] = [];
  const add = (c: CaseSpec) => out.push(c);
  const shiftVal = (i: number): bigint => {
    const edges = [0n, 1n, -1n, 0x40000000n, 0xc0000000n, 0x7fffffffn, 0x80000000n, 0x4000000000000000n, 0xc000000000000000n,
      0x7fffffffffffffffn, 0x8000000000000000n, 0x00000000ffffffffn];
    return i < edges.length ? edges[i] : rng.val();
  };

  const single = ['sll', 'srl', 'sla', 'sra'];
  const distinct = ['sllk', 'srlk', 'slak', 'srak', 'sllg', 'srlg', 'slag', 'srag', 'rll', 'rllg'];
  const double = ['sldl', 'srdl', 'slda', 'srda'];
  for (const mn of [...single, ...distinct, ...double]) {
    for (const n of AMOUNTS) {
      for (let k = 0; k < 2; k++) {
        const v = shiftVal(rng.int(16));
        const name = `${mn} n${n}-${k}`;
        if (single.includes(mn)) add({ name, insn: enc(mn, { r1: 1, d2: n }), r: { 1: v } });
        else if (distinct.includes(mn)) add({ name, insn: enc(mn, { r1: 1, r3: 3, d2: n }), r: { 1: rng.val(), 3: v } });
        else add({ name, insn: enc(mn, { r1: 2, d2: n }), r: { 2: v, 3: shiftVal(rng.int(16)) } });
      }
    }
    // Amount from a base register (only bits 58-63 of the address count) and a displacement.
    const base = rng.val();
    const fields = single.includes(mn) || double.includes(mn) ? { r1: 2, b2: 7, d2: 0x7c1 } : { r1: 2, r3: 4, b2: 7, d2: 0x7c1 };
    add({ name: `${mn} base`, insn: enc(mn, fields), r: { 2: rng.val(), 3: rng.val(), 4: rng.val(), 7: base } });
    if (!single.includes(mn) && !double.includes(mn)) {
      add({ name: `${mn} negdisp`, insn: enc(mn, { r1: 2, r3: 4, b2: 7, d2: -3 }), r: { 4: rng.val(), 7: 5n } });
      add({ name: `${mn} r1=r3`, insn: enc(mn, { r1: 4, r3: 4, d2: 9 }), r: { 4: rng.val() } });
    }
    if (double.includes(mn)) add({ name: `${mn} odd`, insn: enc(mn, { r1: 3, d2: 4 }), pgm: 6 });
  }
  // Arithmetic left shifts: overflow exactly at the boundary, negative values.
  for (const mn of ['sla', 'slak']) {
    for (const [v, n] of [[0x3fffffffn, 1], [0x3fffffffn, 2], [-0x40000000n, 1], [-0x40000001n, 1], [-1n, 31], [0n, 31], [1n, 30], [1n, 31], [-2n, 30]] as const) {
      const f = mn === 'sla' ? { r1: 1, d2: n } : { r1: 1, r3: 1, d2: n };
      add({ name: `${mn} edge ${v} ${n}`, insn: enc(mn, f), r: { 1: BigInt.asUintN(32, v) | 0x1234567800000000n } });
    }
  }
  for (const mn of ['slag', 'slda']) {
    for (const [v, n] of [[0x3fffffffffffffffn, 1], [0x3fffffffffffffffn, 2], [-0x4000000000000000n, 1], [-0x4000000000000001n, 1],
      [-1n, 63], [0n, 63], [1n, 62], [1n, 63], [-2n, 62]] as const) {
      const u = BigInt.asUintN(64, v);
      if (mn === 'slag') add({ name: `${mn} edge ${v} ${n}`, insn: enc(mn, { r1: 1, r3: 1, d2: n }), r: { 1: u } });
      else add({ name: `${mn} edge ${v} ${n}`, insn: enc(mn, { r1: 2, d2: n }), r: { 2: (u >> 32n) | 0xabcd000000000000n, 3: u & 0xffffffffn } });
    }
  }

  // Rotate then * selected bits.
  for (const mn of ['risbg', 'risbgn', 'rnsbg', 'rosbg', 'rxsbg', 'risbhg', 'risblg']) {
    const flags = mn.startsWith('ris') ? 'z' : 't';
    for (let i = 0; i < 40; i++) {
      let i3 = rng.int(64), i4 = rng.int(64);
      const i5 = i < 4 ? [0, 32, 63, 1][i] : rng.int(64);
      if (i === 4) { i3 = 0; i4 = 63; }
      if (i === 5) { i3 = 63; i4 = 0; }
      if (i === 6) { i3 = 40; i4 = 40; }
      if (mn === 'risbhg' || mn === 'risblg') { i3 &= 31; i4 &= 31; }
      const flag = rng.int(3) === 0 ? 0x80 : 0;
      // Bits of the I fields outside the position and flag are ignored: set some.
      const junk = rng.int(4) === 0 ? 0x40 : 0;
      const f = flags === 'z' ? { r1: 1, r2: 2, i3: i3 | junk, i4: i4 | flag, i5: i5 | (junk << 1 & 0xc0) }
        : { r1: 1, r2: 2, i3: i3 | flag, i4: i4 | junk, i5 };
      const c: CaseSpec = { name: `${mn} ${i}`, insn: enc(mn, f), r: { 1: rng.val(), 2: rng.val() } };
      // qemu 7.2 aborts on the test-only (T) forms: derive them from the storing form.
      if (flags === 't' && flag) c.derived = { insn: enc(mn, { ...f, i3: f.i3 & 0x7f }), unchanged: [1] };
      add(c);
    }
    add({ name: `${mn} r1=r2`, insn: enc(mn, { r1: 3, r2: 3, i3: 8, i4: 40, i5: 12 }), r: { 3: rng.val() } });
    add({ name: `${mn} zero-result`, insn: enc(mn, { r1: 1, r2: 2, i3: 16, i4: 0x80 | 31, i5: 0 }), r: { 1: 0n, 2: 0xffff00000000ffffn } });
  }
  // RISBG CC from the signed 64-bit result: negative, positive, zero.
  add({ name: 'risbg negative', insn: enc('risbg', { r1: 1, r2: 2, i3: 0, i4: 0x80 | 0, i5: 0 }), r: { 2: 0x8000000000000000n } });
  add({ name: 'risbg positive', insn: enc('risbg', { r1: 1, r2: 2, i3: 1, i4: 63, i5: 0 }), r: { 1: 0x8000000000000000n, 2: 5n } });
  return out;
}
