// Oracle cases for the vector string instructions: VFAE, VFEE, VFENE, VISTR, VSTRC and
// VSTRS over every element size and flag combination, on small alphabets so that matches,
// zero elements and mismatches all occur.
import { Rng, bitsOf, elementOf, times, vrr, withElement, type Case, type Gen } from './values';

/** A string-like register: elements from a small alphabet, with zeros now and then. */
function text(rng: Rng, bits: number, zeros: boolean): bigint {
  let v = 0n;
  const alphabet = [0x41n, 0x42n, 0x43n, 0x61n, (1n << BigInt(bits)) - 1n];
  for (let i = 0; i < 128 / bits; i++) {
    const e = zeros && rng.int(7) === 0 ? 0n : rng.pick(alphabet);
    v = (v << BigInt(bits)) | e;
  }
  return v;
}

/** Fills the case's vector inputs with string-like contents. */
function texts(rng: Rng, c: Case, bits: number): number[] {
  const rs = c.asm.split(' ')[1].split(',').filter((x) => x.startsWith('%v')).map((x) => Number(x.slice(2)));
  for (const n of rs) c.v[n] = text(rng, bits, rng.int(3) !== 0);
  return rs;
}

const findAny = (rng: Rng): Case[] => [0, 1, 2].flatMap((es) => times(64, (i) => {
  const c = vrr(rng, 'vfae', 3, [es, i % 16], bitsOf(es));
  texts(rng, c, bitsOf(es));
  return c;
})).concat(times(3, (i) => vrr(rng, 'vfae', 3, [3 + i, 0], 32)));

const findEqual = (mn: string): Gen => (rng) => [0, 1, 2].flatMap((es) => times(48, (i) => {
  const c = vrr(rng, mn, 3, [es, i < 44 ? i % 4 : 4 + rng.int(12)], bitsOf(es));
  const [, a, b] = texts(rng, c, bitsOf(es));
  if (i % 3 === 0 && a !== b) {
    // Equal up to some element, so the first difference or match is somewhere inside.
    let v = c.v[a];
    const k = rng.int(128 / bitsOf(es));
    for (let j = k; j < 128 / bitsOf(es); j++) v = withElement(v, bitsOf(es), j, elementOf(c.v[b], bitsOf(es), j));
    c.v[a] = v;
  }
  return c;
})).concat([vrr(rng, mn, 3, [3, 0], 32)]);

const isolate = (rng: Rng): Case[] => [0, 1, 2].flatMap((es) => times(10, (i) => {
  const c = vrr(rng, 'vistr', 2, [es, i < 8 ? i % 2 : 2 + rng.int(14)], bitsOf(es));
  texts(rng, c, bitsOf(es));
  return c;
})).concat([vrr(rng, 'vistr', 2, [3, 0], 32)]);

const rangeCompare = (rng: Rng): Case[] => [0, 1, 2].flatMap((es) => times(80, (i) => {
  const bits = bitsOf(es);
  const c = vrr(rng, 'vstrc', 4, [es, i % 16], bits);
  const [, a, b, d] = texts(rng, c, bits);
  // Ranges: pairs of bounds around the alphabet; controls: random EQ/LT/GT bits on top.
  let bounds = 0n, ctl = 0n;
  for (let j = 0; j < 128 / bits; j++) {
    bounds = (bounds << BigInt(bits)) | BigInt(rng.pick([0x40, 0x42, 0x43, 0x60, 0x62, 0]));
    ctl = (ctl << BigInt(bits)) | (BigInt(rng.int(8)) << BigInt(bits - 3)) | BigInt(rng.int(4));
  }
  if (b !== a) c.v[b] = bounds;
  if (d !== a && d !== b) c.v[d] = ctl;
  return c;
})).concat([vrr(rng, 'vstrc', 4, [3, 0], 32)]);

const search = (rng: Rng): Case[] => [0, 1, 2].flatMap((es) => times(60, (i) => {
  const bits = bitsOf(es);
  const m6 = i < 56 ? (i % 2) * 2 : rng.pick([1, 4, 8, 3]);
  const c = vrr(rng, 'vstrs', 4, [es, m6], bits);
  const [, a, b, d] = texts(rng, c, bits);
  if (b !== a && rng.int(2) === 0) {
    // The needle taken from the haystack, so that full and partial matches occur.
    const k = rng.int(128 / bits);
    let needle = 0n;
    for (let j = 0; j < 128 / bits; j++) needle = (needle << BigInt(bits)) | (k + j < 128 / bits ? elementOf(c.v[a], bits, k + j) : 0x41n);
    c.v[b] = needle;
  }
  if (d !== a && d !== b) {
    const len = i % 10 === 9 ? 17 + rng.int(200) : rng.int(17);
    c.v[d] = withElement(c.v[d], 8, 7, BigInt(len));
  }
  return c;
})).concat([vrr(rng, 'vstrs', 4, [3, 0], 32)]);

export function stringCases(rng: Rng): Case[] {
  const gens: Gen[] = [findAny, findEqual('vfee'), findEqual('vfene'), isolate, rangeCompare, search];
  return gens.flatMap((g) => g(rng));
}
