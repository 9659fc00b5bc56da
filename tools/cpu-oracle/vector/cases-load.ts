// Oracle cases for vector loads, stores and register moves: whole-register, multiple,
// with-length, to-block-boundary, element, immediate, replicate, gather/scatter, GR
// transfers, generated masks, the byte/element-reversed forms; addresses inside the
// 512-byte window and crossing its end into unmapped storage, invalid M values.
import { WINDOW, WINDOW_AT, WINDOW_END } from './layout';
import { Rng, regs, seed, vector, type Case } from './values';

const v = (n: number): string => `%v${n}`;

/** A case with a random window, a random CC and every named register random. */
function base(rng: Rng, asm: string, vin: number[], extra: Partial<Case> = {}): Case {
  const vr: Record<number, bigint> = {};
  for (const n of vin) vr[n] = vector(rng, rng.pick([8, 16, 32, 64]));
  return { asm, v: vr, r: {}, fpc: 0, cc: rng.int(4), ws: seed(rng), ...extra };
}

/** An operand address D2(X2,B2) for an access of `len` bytes: inside the window or across its end. */
function address(rng: Rng, len: number, r: Record<number, bigint>, crossing: boolean, index = true): string {
  if (crossing) {
    // r9 points a few bytes before the end of the window.
    r[9] = BigInt(WINDOW_END - 1 - rng.int(Math.max(1, len - 1)));
    return `0(%r9)`;
  }
  const off = rng.int(WINDOW - len + 1);
  if (index && rng.int(3) === 0) {
    const x = rng.int(Math.min(off, 200) + 1);
    r[8] = BigInt(x);
    return `${off - x}(%r8,%r10)`;
  }
  return `${off}(%r10)`;
}

type Gen = (rng: Rng) => Case[];

function times(n: number, f: (i: number) => Case | Case[]): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < n; i++) out.push(...[f(i)].flat());
  return out;
}

const wholeRegister = (mn: string): Gen => (rng) => times(14, (i) => {
  const [a] = regs(rng, 1);
  const r: Record<number, bigint> = {};
  const ad = address(rng, 16, r, i >= 11);
  const c = base(rng, `${mn} ${v(a)},${ad},${rng.int(5)}`, [a]);
  c.r = r;
  return c;
});

const multiple = (mn: string): Gen => (rng) => times(12, (i) => {
  const first = rng.int(32);
  let last = Math.min(31, first + rng.int(16));
  if (i === 10) last = Math.max(0, first - 1 - rng.int(3)); // V3 below V1
  if (i === 11 && first <= 15) last = first + 16;           // 17 registers
  const n = Math.max(1, last - first + 1);
  const vin = Array.from({ length: 32 }, (_, k) => k).filter((k) => k >= Math.min(first, last) && k <= Math.max(first, last));
  const off = rng.int(Math.max(1, WINDOW - 16 * Math.min(n, 16) + 1));
  return base(rng, `${mn} ${v(first)},${v(last)},${off}(%r10),${rng.int(5)}`, vin);
});

const withLength = (mn: string): Gen => (rng) => times(16, (i) => {
  const [a] = regs(rng, 1);
  const lens = [0n, 1n, 7n, 14n, 15n, 16n, 100n, 0xffff_ffffn, 0x1_0000_0003n, 0x8000_0000n];
  const r: Record<number, bigint> = { 3: i < lens.length ? lens[i] : BigInt(rng.int(18)) };
  let ad: string;
  if (i >= 12) {
    // Near the end of the window: some lengths stay inside, some cross into unmapped storage.
    r[9] = BigInt(WINDOW_END - 1 - rng.int(16));
    ad = '0(%r9)';
  } else ad = `${rng.int(WINDOW - 16)}(%r10)`;
  return base(rng, `${mn} ${v(a)},%r3,${ad}`, [a], { r });
});

const rightmostImmediate = (mn: string): Gen => (rng) => times(12, (i) => {
  const [a] = regs(rng, 1);
  const r: Record<number, bigint> = {};
  const i3 = i < 10 ? rng.int(16) : 16 + rng.int(240);
  const ad = i === 9 ? (r[9] = BigInt(WINDOW_END - 4), '0(%r9)') : `${rng.int(WINDOW - 16)}(%r10)`;
  return base(rng, `${mn} ${v(a)},${ad},${i3}`, [a], { r });
});

const vlbb: Gen = (rng) => times(16, (i) => {
  const [a] = regs(rng, 1);
  const m3 = i < 14 ? i % 7 : 7 + rng.int(9);
  const block = 64 << Math.min(m3, 6);
  // Addresses just before a block boundary inside the window, or anywhere.
  const r: Record<number, bigint> = {};
  let ad: string;
  if (i % 2 === 0) {
    const boundary = Math.ceil((WINDOW_AT + 32) / block) * block;
    const addrv = Math.min(boundary, WINDOW_END) - 1 - rng.int(20);
    r[9] = BigInt(addrv);
    ad = '0(%r9)';
  } else ad = `${rng.int(WINDOW - 16)}(%r10)`;
  return base(rng, `vlbb ${v(a)},${ad},${m3}`, [a], { r });
});

/** LCBB: like VLBB's addresses, into a general register. */
const lcbb: Gen = (rng) => times(16, (i) => {
  const m3 = i < 14 ? i % 7 : 7 + rng.int(9);
  const block = 64 << Math.min(m3, 6);
  const r: Record<number, bigint> = { 1: rng.bits(64) };
  let ad: string;
  if (i % 2 === 0) {
    r[9] = BigInt(Math.min(Math.ceil((WINDOW_AT + 32) / block) * block, WINDOW_END) - 1 - rng.int(20));
    ad = '0(%r9)';
  } else ad = `${rng.int(WINDOW - 16)}(%r10)`;
  return base(rng, `lcbb %r1,${ad},${m3}`, [], { r });
});

const element = (mn: string, es: number): Gen => (rng) => times(12, (i) => {
  const [a] = regs(rng, 1);
  const n = 16 >> es;
  const idx = i < 10 ? rng.int(n) : n + rng.int(16 - n || 1);
  const r: Record<number, bigint> = {};
  const ad = i === 9 ? address(rng, 1 << es, r, true) : `${rng.int(WINDOW - 8)}(%r10)`;
  return base(rng, `${mn} ${v(a)},${ad},${Math.min(idx, 15)}`, [a], { r });
});

const immediate = (mn: string, es: number): Gen => (rng) => times(10, (i) => {
  const [a] = regs(rng, 1);
  const n = 16 >> es;
  const idx = i < 9 ? rng.int(n) : Math.min(15, n + rng.int(16 - n || 1));
  const imm = rng.pick([0, 1, -1, 0x7fff, -0x8000, 0x80, -0x81, 0xff]) + (i > 5 ? rng.int(65536) - 32768 : 0);
  const i2 = Math.max(-32768, Math.min(32767, imm));
  return base(rng, `${mn} ${v(a)},${i2},${idx}`, [a]);
});

const replicateLoad = (mn: string, sizes: number[]): Gen => (rng) => times(16, (i) => {
  const [a] = regs(rng, 1);
  const m3 = i < 14 ? sizes[i % sizes.length] : rng.pick([0, 5, 7, 15].filter((x) => !sizes.includes(x)));
  const r: Record<number, bigint> = {};
  const ad = i === 13 ? address(rng, 8, r, true) : `${rng.int(WINDOW - 16)}(%r10)`;
  return base(rng, `${mn} ${v(a)},${ad},${m3}`, [a], { r });
});

const gatherScatter = (mn: string, es: 2 | 3): Gen => (rng) => times(12, (i) => {
  const [a, b] = regs(rng, 2, false);
  const n = 16 >> es;
  const idx = i < 11 ? rng.int(n) : n + rng.int(3);
  // Element offsets from r10 that stay inside the window (one case crosses its end).
  let off = 0n;
  const bits = 8 << es;
  for (let k = 0; k < n; k++) off = (off << BigInt(bits)) | BigInt(i === 10 ? WINDOW - 2 : rng.int(WINDOW - 8 - 100));
  const c = base(rng, `${mn} ${v(a)},${rng.int(100)}(${v(b)},%r10),${idx}`, [a]);
  c.v[b] = off;
  return c;
});

const vlgv: Gen = (rng) => times(20, (i) => {
  const [b] = regs(rng, 1);
  const es = i < 16 ? i % 4 : 4 + rng.int(12);
  const r: Record<number, bigint> = { 5: BigInt(rng.int(1 << 20)) };
  return base(rng, `vlgv %r${rng.int(10)},${v(b)},${rng.int(4096)}(%r5),${es}`, [b], { r });
});

const vlvg: Gen = (rng) => times(20, (i) => {
  const [a] = regs(rng, 1);
  const es = i < 16 ? i % 4 : 4 + rng.int(12);
  const r: Record<number, bigint> = { 3: rng.bits(64), 5: BigInt(rng.int(1 << 20)) };
  return base(rng, `vlvg ${v(a)},%r3,${rng.int(4096)}(%r5),${es}`, [a], { r });
});

const vlvgp: Gen = (rng) => times(8, () => {
  const [a] = regs(rng, 1);
  return base(rng, `vlvgp ${v(a)},%r${1 + rng.int(4)},%r${5 + rng.int(4)}`, [a],
    { r: Object.fromEntries(Array.from({ length: 9 }, (_, k) => [k, rng.bits(64)])) });
});

const vlr: Gen = (rng) => times(6, () => { const [a, b] = regs(rng, 2); return base(rng, `vlr ${v(a)},${v(b)}`, [a, b]); });

const vgbm: Gen = (rng) => times(10, (i) => {
  const [a] = regs(rng, 1);
  return base(rng, `vgbm ${v(a)},${[0, 0xffff, 0x8001, 0x1234][i] ?? rng.int(65536)}`, [a]);
});

const vgm: Gen = (rng) => times(24, (i) => {
  const [a] = regs(rng, 1);
  const es = i < 22 ? i % 4 : 4 + rng.int(12);
  return base(rng, `vgm ${v(a)},${rng.int(256)},${rng.int(256)},${es}`, [a]);
});

const vrepi: Gen = (rng) => times(14, (i) => {
  const [a] = regs(rng, 1);
  const es = i < 12 ? i % 4 : 4 + rng.int(12);
  return base(rng, `vrepi ${v(a)},${rng.int(65536) - 32768},${es}`, [a]);
});

const vrep: Gen = (rng) => times(20, (i) => {
  const [a, b] = regs(rng, 2);
  const es = i < 18 ? i % 4 : 4 + rng.int(12);
  const n = 16 >> Math.min(es, 3);
  const idx = i % 5 === 4 ? n + rng.int(20) : rng.int(n);
  return base(rng, `vrep ${v(a)},${v(b)},${idx},${es}`, [a, b]);
});

const reversed = (mn: string, sizes: number[]): Gen => (rng) => times(14, (i) => {
  const [a] = regs(rng, 1);
  const m3 = i < 12 ? sizes[i % sizes.length] : rng.pick([0, 5, 6, 15].filter((x) => !sizes.includes(x)));
  const r: Record<number, bigint> = {};
  const ad = i === 11 ? address(rng, 16, r, true) : address(rng, 16, r, false);
  return base(rng, `${mn} ${v(a)},${ad},${m3}`, [a], { r });
});

export function loadCases(rng: Rng): Case[] {
  const gens: Gen[] = [
    wholeRegister('vl'), wholeRegister('vst'), multiple('vlm'), multiple('vstm'),
    withLength('vll'), withLength('vstl'), withLength('vlrlr'), withLength('vstrlr'),
    rightmostImmediate('vlrl'), rightmostImmediate('vstrl'), vlbb, lcbb,
    element('vleb', 0), element('vleh', 1), element('vlef', 2), element('vleg', 3),
    element('vsteb', 0), element('vsteh', 1), element('vstef', 2), element('vsteg', 3),
    immediate('vleib', 0), immediate('vleih', 1), immediate('vleif', 2), immediate('vleig', 3),
    replicateLoad('vlrep', [0, 1, 2, 3]), replicateLoad('vllez', [0, 1, 2, 3, 6]),
    gatherScatter('vgef', 2), gatherScatter('vgeg', 3), gatherScatter('vscef', 2), gatherScatter('vsceg', 3),
    vlgv, vlvg, vlvgp, vlr, vgbm, vgm, vrepi, vrep,
    // Vector-enhancements facility 2.
    reversed('vlbr', [1, 2, 3, 4]), reversed('vler', [1, 2, 3]), reversed('vstbr', [1, 2, 3, 4]),
    reversed('vster', [1, 2, 3]),
    element('vlebrh', 1), element('vlebrf', 2), element('vlebrg', 3),
    element('vstebrh', 1), element('vstebrf', 2), element('vstebrg', 3),
    replicateLoad('vllebrz', [1, 2, 3, 6]), replicateLoad('vlbrrep', [1, 2, 3]),
  ];
  return gens.flatMap((g) => g(rng));
}
