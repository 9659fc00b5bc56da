// Oracle cases for vector permutes and whole-register shifts: VPERM, VPDI, VBPERM, VSEL,
// VSEG, merges, packs (with saturation and CC), unpacks, VSLDB, VSLD/VSRD and the bit and
// byte shifts, over every element size and some invalid M values.
import { Rng, bitsOf, elementOf, times, vector, vrr, withElement, type Case, type Gen } from './values';

/** Cases for each valid element size, plus a few with invalid ones. */
export function perSize(mn: string, nv: number, sizes: readonly number[], invalid: readonly number[], n: number,
  tail: (es: number, rng: Rng) => (number | string)[] = (es) => [es]): Gen {
  return (rng) => [
    ...sizes.flatMap((es) => times(n, () => vrr(rng, mn, nv, tail(es, rng), bitsOf(es)))),
    ...invalid.map((es) => vrr(rng, mn, nv, tail(es, rng), 32)),
  ];
}

const plain = (mn: string, nv: number, n: number, fields: (rng: Rng) => (number | string)[] = () => []): Gen =>
  (rng) => times(n, () => vrr(rng, mn, nv, fields(rng), rng.pick([8, 16, 32, 64])));

/** VSL/VSRL/VSRA: the same shift count in every byte of V3 (z13 requires it). */
const bitShift = (mn: string): Gen => (rng) => times(16, (i) => {
  const c = vrr(rng, mn, 3, [], rng.pick([8, 64]));
  const v3 = Number(c.asm.split(',')[2].slice(2));
  const s = BigInt((i % 8) | (rng.int(32) << 3));
  let v = 0n;
  for (let k = 0; k < 16; k++) v = (v << 8n) | s;
  c.v[v3] = v;
  return c;
});

/** VPK*: inputs near the saturation limits of the narrower element. */
const pack = (mn: string, cc: boolean): Gen => (rng) => [1, 2, 3].flatMap((es) => times(10, (i) => {
  const m5 = cc ? [i % 2, rng.int(16)][i >> 3 & 1] : undefined;
  const c = vrr(rng, mn, 3, m5 === undefined ? [es] : [es, m5], bitsOf(es), i < 3 ? 'small' : 'mixed');
  return c;
})).concat([vrr(rng, mn, 3, cc ? [0, 1] : [0], 32), vrr(rng, mn, 3, cc ? [4, 1] : [4], 32)]);

/** VSUM-like element sizes are in cases-int; here VUP*. */
const unpack = (mn: string): Gen => perSize(mn, 2, [0, 1, 2], [3], 8);

/** Compare-friendly pairs: V3 equal to V2 with a few elements changed. */
export function nearPair(rng: Rng, c: Case, a: number, b: number, bits: number): void {
  let v = c.v[a] ?? vector(rng, bits);
  c.v[a] = v;
  for (let i = 0; i < 128 / bits; i++) if (rng.int(3) === 0) v = withElement(v, bits, i, elementOf(v, bits, i) ^ BigInt(1 + rng.int(3)));
  if (a !== b) c.v[b] = v;
}

export function permCases(rng: Rng): Case[] {
  const gens: Gen[] = [
    plain('vperm', 4, 14), plain('vsel', 4, 8), plain('vbperm', 3, 12),
    (r) => times(16, (i) => vrr(r, 'vpdi', 3, [i], 64)),
    perSize('vseg', 2, [0, 1, 2], [3], 6),
    (r) => times(20, (i) => vrr(r, 'vsldb', 3, [i < 16 ? i : 16 + r.int(240)], 8)),
    (r) => times(12, (i) => vrr(r, 'vsld', 3, [i < 8 ? i : 8 + r.int(248)], 8)),
    (r) => times(12, (i) => vrr(r, 'vsrd', 3, [i < 8 ? i : 8 + r.int(248)], 8)),
    perSize('vmrh', 3, [0, 1, 2, 3], [4], 5), perSize('vmrl', 3, [0, 1, 2, 3], [4], 5),
    pack('vpk', false), pack('vpks', true), pack('vpkls', true),
    unpack('vuph'), unpack('vupl'), unpack('vuplh'), unpack('vupll'),
    bitShift('vsl'), bitShift('vsrl'), bitShift('vsra'),
    plain('vslb', 3, 12), plain('vsrlb', 3, 12), plain('vsrab', 3, 12),
  ];
  return gens.flatMap((g) => g(rng));
}
