// Oracle cases for vector integer arithmetic, compares, logical operations, multiplies,
// counts, sums, Galois-field multiplies and element shifts/rotates: every element size
// each instruction defines (the 128-bit forms included), edge and random elements,
// compare-friendly near-equal pairs, CC forms and invalid element sizes.
import { nearPair, perSize } from './cases-perm';
import { Rng, bitsOf, times, vrr, type Case, type Gen } from './values';

const ALL = [0, 1, 2, 3] as const;

/** Compares: V3 close to V2 so that all, some and none of the elements compare equal. */
const compare = (mn: string): Gen => (rng) => ALL.flatMap((es) => times(10, (i) => {
  const c = vrr(rng, mn, 3, [es, i % 2 === 0 ? 1 : rng.int(2)], bitsOf(es));
  const [, a, b] = c.asm.split(' ')[1].split(',').map((x) => Number(x.slice(2)));
  if (i % 3 !== 2) nearPair(rng, c, a, b, bitsOf(es));
  return c;
})).concat([vrr(rng, mn, 3, [4, 1], 32)]);

/** VEC/VECL: element compare of V1 with V2. */
const elementCompare = (mn: string): Gen => (rng) => ALL.flatMap((es) => times(8, (i) => {
  const c = vrr(rng, mn, 2, [es], bitsOf(es));
  const [a, b] = c.asm.split(' ')[1].split(',').map((x) => Number(x.slice(2)));
  if (i % 2 === 0) nearPair(rng, c, a, b, bitsOf(es));
  return c;
})).concat([vrr(rng, mn, 2, [4], 32)]);

/** Element shifts by the second-operand address D2(B2). */
const byAddress = (mn: string): Gen => (rng) => [...ALL, 4].flatMap((es) => times(es === 4 ? 1 : 6, () => {
  const c = vrr(rng, mn, 2, [], bitsOf(es));
  const r5 = BigInt(rng.int(1 << 16)) | (rng.bits(64) & ~0xffff_ffffn);
  c.r[5] = r5;
  c.asm += `,${rng.int(4096)}(%r5),${es}`;
  return c;
}));

const tm = (rng: Rng): Case[] => times(14, (i) => {
  const c = vrr(rng, 'vtm', 2, [], 8);
  const [a, b] = c.asm.split(' ')[1].split(',').map((x) => Number(x.slice(2)));
  if (i === 0) c.v[b] = 0n;
  if (i === 1) c.v[a] = (1n << 128n) - 1n;
  if (i === 2) c.v[a] = c.v[b];
  return c;
});

const plain = (mn: string, nv: number, n: number): Gen => (rng) => times(n, () => vrr(rng, mn, nv, [], rng.pick([8, 32, 64])));

export function intCases(rng: Rng): Case[] {
  const gens: Gen[] = [
    ...['va', 'vs', 'vacc', 'vscbi'].map((mn) => perSize(mn, 3, [0, 1, 2, 3, 4], [5], 8)),
    ...['vac', 'vaccc', 'vsbi', 'vsbcbi'].map((mn) => perSize(mn, 4, [4], [0, 3], 14)),
    ...['vavg', 'vavgl', 'vmx', 'vmn', 'vmxl', 'vmnl'].map((mn) => perSize(mn, 3, ALL, [4], 7)),
    perSize('vlc', 2, ALL, [4], 6), perSize('vlp', 2, ALL, [4], 6),
    compare('vceq'), compare('vch'), compare('vchl'),
    elementCompare('vec'), elementCompare('vecl'),
    ...['vn', 'vo', 'vx', 'vnc', 'vno', 'vnx', 'vnn', 'voc'].map((mn) => plain(mn, 3, 4)),
    ...['vml', 'vmh', 'vmlh', 'vme', 'vmle', 'vmo', 'vmlo'].map((mn) => perSize(mn, 3, [0, 1, 2], [3], 8)),
    ...['vmal', 'vmah', 'vmalh', 'vmae', 'vmale', 'vmao', 'vmalo'].map((mn) => perSize(mn, 4, [0, 1, 2], [3], 8)),
    (r) => [0, 4, 8, 12].flatMap((m6) => times(6, () => vrr(r, 'vmsl', 4, [3, m6], 64))).concat([vrr(r, 'vmsl', 4, [2, 0], 64)]),
    perSize('vpopct', 2, ALL, [4], 6), perSize('vclz', 2, ALL, [4], 6), perSize('vctz', 2, ALL, [4], 6),
    tm, plain('vcksm', 3, 10),
    perSize('vgfm', 3, ALL, [4], 6), perSize('vgfma', 4, ALL, [4], 6),
    perSize('vsum', 3, [0, 1], [2], 6), perSize('vsumg', 3, [1, 2], [0, 3], 6), perSize('vsumq', 3, [2, 3], [1, 4], 6),
    byAddress('vesl'), byAddress('vesrl'), byAddress('vesra'), byAddress('verll'),
    ...['veslv', 'vesrlv', 'vesrav', 'verllv'].map((mn) => perSize(mn, 3, ALL, [4], 6)),
    perSize('verim', 3, ALL, [4], 6, (es, r) => [r.int(256), es]),
  ];
  return gens.flatMap((g) => g(rng));
}
