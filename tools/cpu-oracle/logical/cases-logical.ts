// Oracle cases: AND / OR / XOR (register, immediate, storage, storage-to-storage with
// overlap and page crossing), test under mask, insert/store/compare characters under
// mask, insert immediate, FLOGR, POPCNT.
import { DATA, Rng, h, type CaseSpec } from './case';
import { enc } from './encode';

const N = 10;
/** Base register holding DATA and an index register holding a small offset. */
const B = 6, X = 5;

export function logicalCases(): CaseSpec[] {
  const rng = new Rng(11);
  const out: CaseSpec[] = [];
  const add = (c: CaseSpec) => out.push(c);

  for (const mn of ['nr', 'or', 'xr', 'ngr', 'ogr', 'xgr']) {
    for (let i = 0; i < N; i++) add({ name: `${mn} ${i}`, insn: enc(mn, { r1: 1, r2: 2 }), r: { 1: rng.val(), 2: rng.val() } });
    add({ name: `${mn} same`, insn: enc(mn, { r1: 3, r2: 3 }), r: { 3: rng.val() } });
    add({ name: `${mn} zero`, insn: enc(mn, { r1: 3, r2: 4 }), r: { 3: 0n, 4: 0n } });
  }
  for (const mn of ['nrk', 'ngrk', 'ork', 'ogrk', 'xrk', 'xgrk', 'nnrk', 'nngrk', 'nork', 'nogrk', 'nxrk', 'nxgrk', 'ncrk', 'ncgrk', 'ocrk', 'ocgrk']) {
    for (let i = 0; i < N; i++) add({ name: `${mn} ${i}`, insn: enc(mn, { r1: 1, r2: 2, r3: 3 }), r: { 1: rng.val(), 2: rng.val(), 3: rng.val() } });
    add({ name: `${mn} r1=r2`, insn: enc(mn, { r1: 2, r2: 2, r3: 3 }), r: { 2: rng.val(), 3: rng.val() } });
    add({ name: `${mn} all-ones`, insn: enc(mn, { r1: 1, r2: 2, r3: 3 }), r: { 2: -1n, 3: -1n } });
    add({ name: `${mn} zeros`, insn: enc(mn, { r1: 1, r2: 2, r3: 3 }), r: { 2: 0n, 3: 0n } });
  }
  for (const [mn, size, disp] of [['n', 4, 0x10], ['o', 4, 0x10], ['x', 4, 0x10], ['ny', 4, -0x20], ['oy', 4, -0x20], ['xy', 4, -0x20],
    ['ng', 8, 0x18], ['og', 8, 0x18], ['xg', 8, -0x18]] as const) {
    for (let i = 0; i < N; i++) {
      const at = DATA + 8 + disp;
      add({ name: `${mn} ${i}`, insn: enc(mn, { r1: 1, x2: X, b2: B, d2: disp }), r: { 1: rng.val(), [X]: 8n, [B]: BigInt(DATA) },
        mem: { [at]: rng.hex(size) } });
    }
  }
  for (const mn of ['ni', 'oi', 'xi', 'niy', 'oiy', 'xiy', 'tm', 'tmy']) {
    const disp = mn.endsWith('y') ? -0x31 : 0x31;
    for (let i = 0; i < N + 6; i++) {
      const i2 = i === 0 ? 0 : i === 1 ? 0xff : rng.int(256);
      const v = i === 2 ? 0 : i === 3 ? 0xff : i === 4 ? i2 : rng.int(256);
      add({ name: `${mn} ${i}`, insn: enc(mn, { i2, b1: B, d1: disp }), r: { [B]: BigInt(DATA) }, mem: { [DATA + disp]: h(v, 1) } });
    }
  }
  const imm16 = ['nihh', 'nihl', 'nilh', 'nill', 'oihh', 'oihl', 'oilh', 'oill', 'iihh', 'iihl', 'iilh', 'iill', 'tmhh', 'tmhl', 'tmlh', 'tmll'];
  const imm32 = ['nihf', 'nilf', 'oihf', 'oilf', 'xihf', 'xilf', 'iihf', 'iilf'];
  for (const mn of [...imm16, ...imm32]) {
    const bits = imm16.includes(mn) ? 16 : 32;
    for (let i = 0; i < N + 4; i++) {
      const i2 = i === 0 ? 0 : i === 1 ? 2 ** bits - 1 : i === 2 ? 0x8000 : Number(rng.next64() % BigInt(2 ** bits));
      const r1 = i === 3 ? 0n : i === 4 ? -1n : rng.val();
      add({ name: `${mn} ${i}`, insn: enc(mn, { r1: 1, i2 }), r: { 1: r1 } });
    }
  }
  // TM under mask with the leftmost selected bit one or zero in a mixed result.
  for (const mn of ['tmhh', 'tmll']) {
    add({ name: `${mn} mixed-left-one`, insn: enc(mn, { r1: 1, i2: 0x8001 }), r: { 1: 0x8000_0000_0000_8000n } });
    add({ name: `${mn} mixed-left-zero`, insn: enc(mn, { r1: 1, i2: 0x8001 }), r: { 1: 0x0001_0000_0000_0001n } });
  }

  // NC / OC / XC: lengths, overlaps, same operand, page crossing.
  for (const mn of ['nc', 'oc', 'xc']) {
    const lens = [1, 2, 7, 16, 33, 256];
    for (const len of lens) {
      add({ name: `${mn} len${len}`, insn: enc(mn, { l1: len - 1, b1: B, d1: 0, b2: B, d2: 0x200 }), r: { [B]: BigInt(DATA) },
        mem: { [DATA]: rng.hex(len), [DATA + 0x200]: rng.hex(len) } });
    }
    add({ name: `${mn} same`, insn: enc(mn, { l1: 15, b1: B, d1: 0x10, b2: B, d2: 0x10 }), r: { [B]: BigInt(DATA) }, mem: { [DATA + 0x10]: rng.hex(16) } });
    add({ name: `${mn} overlap+1`, insn: enc(mn, { l1: 31, b1: B, d1: 1, b2: B, d2: 0 }), r: { [B]: BigInt(DATA) }, mem: { [DATA]: rng.hex(40) } });
    add({ name: `${mn} overlap-1`, insn: enc(mn, { l1: 31, b1: B, d1: 0, b2: B, d2: 1 }), r: { [B]: BigInt(DATA) }, mem: { [DATA]: rng.hex(40) } });
    add({ name: `${mn} overlap+3`, insn: enc(mn, { l1: 20, b1: B, d1: 3, b2: B, d2: 0 }), r: { [B]: BigInt(DATA) }, mem: { [DATA]: '00ff55aa' + rng.hex(36) } });
    const page = 0x19000;
    add({ name: `${mn} page-cross`, insn: enc(mn, { l1: 99, b1: 7, d1: 0, b2: 8, d2: 0 }), r: { 7: BigInt(page - 40), 8: BigInt(page + 0x800 - 60) },
      mem: { [page - 40]: rng.hex(100), [page + 0x800 - 60]: rng.hex(100) } });
    add({ name: `${mn} zero-result`, insn: enc(mn, { l1: 3, b1: B, d1: 0, b2: B, d2: 8 }), r: { [B]: BigInt(DATA) },
      mem: { [DATA]: mn === 'oc' ? '00000000' : 'f0f0f0f0', [DATA + 8]: mn === 'nc' ? '0f0f0f0f' : mn === 'oc' ? '00000000' : 'f0f0f0f0' } });
    add({ name: `${mn} amode24`, amode: 24, insn: enc(mn, { l1: 7, b1: 7, d1: 0, b2: B, d2: 0x40 }), r: { 7: 0xffff_ffff_ff01_8100n, [B]: BigInt(DATA) },
      mem: { [DATA]: rng.hex(8), [DATA + 0x40]: rng.hex(8) } });
  }

  // Characters under mask.
  for (const mn of ['icm', 'icmy', 'icmh', 'stcm', 'stcmy', 'stcmh', 'clm', 'clmy', 'clmh']) {
    for (let m3 = 0; m3 < 16; m3++) {
      const r1 = rng.val();
      const disp = mn.endsWith('y') ? -0x40 : 0x40;
      let data = rng.hex(4);
      if (mn.startsWith('clm') && m3 % 3 === 0) {
        // Equal bytes: take them from the register.
        const word = mn === 'clmh' ? r1 >> 32n : r1;
        const sel = [0, 1, 2, 3].filter((b) => m3 & (8 >> b)).map((b) => h((word >> BigInt(24 - 8 * b)) & 0xffn, 1)).join('');
        data = (sel + data).slice(0, 8);
      }
      if (mn.startsWith('icm') && m3 === 5) data = '00000000';
      if (mn.startsWith('icm') && m3 === 6) data = '7f800000';
      add({ name: `${mn} m${m3}`, insn: enc(mn, { r1: 1, m3, b2: B, d2: disp }), r: { 1: r1, [B]: BigInt(DATA) }, mem: { [DATA + disp]: data + 'a5a5' } });
    }
  }
  add({ name: 'icm page-cross', insn: enc('icm', { r1: 1, m3: 15, b2: B, d2: 0 }), r: { [B]: 0x18ffen }, mem: { 0x18ffe: '8badf00d' } });
  add({ name: 'stcm page-cross', insn: enc('stcm', { r1: 1, m3: 13, b2: B, d2: 0 }), r: { 1: 0x1122334455667788n, [B]: 0x18fffn }, mem: { 0x18ffe: '0000000000' } });

  // Storage operands in 24- and 31-bit mode: base registers with bits beyond the
  // addressing mode set, which address generation must drop.
  for (const amode of [24, 31] as const) {
    const junk = amode === 24 ? 0xdead_beef_ff00_0000n : 0xdead_beef_8000_0000n;
    const r = { 1: rng.val(), [B]: junk | BigInt(DATA) };
    add({ name: `n amode${amode}`, amode, insn: enc('n', { r1: 1, b2: B, d2: 0x20 }), r, mem: { [DATA + 0x20]: rng.hex(4) } });
    add({ name: `xg amode${amode}`, amode, insn: enc('xg', { r1: 1, b2: B, d2: -0x20 }), r, mem: { [DATA - 0x20]: rng.hex(8) } });
    add({ name: `oi amode${amode}`, amode, insn: enc('oi', { i2: 0x81, b1: B, d1: 0x21 }), r, mem: { [DATA + 0x21]: rng.hex(1) } });
    add({ name: `tm amode${amode}`, amode, insn: enc('tm', { i2: 0x81, b1: B, d1: 0x22 }), r, mem: { [DATA + 0x22]: '81' } });
    add({ name: `icm amode${amode}`, amode, insn: enc('icm', { r1: 1, m3: 0xb, b2: B, d2: 0x24 }), r, mem: { [DATA + 0x24]: rng.hex(4) } });
    add({ name: `stcmh amode${amode}`, amode, insn: enc('stcmh', { r1: 1, m3: 0x7, b2: B, d2: 0x28 }), r, mem: { [DATA + 0x28]: rng.hex(4) } });
    add({ name: `clm amode${amode}`, amode, insn: enc('clm', { r1: 1, m3: 0x9, b2: B, d2: 0x2c }), r, mem: { [DATA + 0x2c]: rng.hex(4) } });
  }

  for (let i = 0; i < 16; i++) {
    const v = i < 4 ? [0n, 1n, -1n, 0x8000000000000000n][i] : i < 8 ? 1n << BigInt(rng.int(64)) : rng.val();
    add({ name: `flogr ${i}`, insn: enc('flogr', { r1: 2, r2: 5 }), r: { 5: v } });
  }
  add({ name: 'flogr r2=r1', insn: enc('flogr', { r1: 2, r2: 2 }), r: { 2: 0x0000_0100_0000_0000n } });
  add({ name: 'flogr r2=r1+1', insn: enc('flogr', { r1: 2, r2: 3 }), r: { 3: 0x0000_0000_0000_8000n } });
  add({ name: 'flogr odd', insn: enc('flogr', { r1: 3, r2: 5 }), r: { 5: 5n }, pgm: 6 });
  for (let i = 0; i < 12; i++) {
    const v = i === 0 ? 0n : i === 1 ? -1n : rng.val();
    add({ name: `popcnt ${i}`, insn: enc('popcnt', { r1: 1, r2: 2 }), r: { 2: v } });
    add({ name: `popcnt m8 ${i}`, insn: enc('popcnt', { r1: 1, r2: 2, m3: 8 }), r: { 2: v } });
  }
  return out;
}
