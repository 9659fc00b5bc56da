// Vector string instructions (PoP "Vector String Instructions"; glibc's strlen, strchr,
// memchr, strcmp... on z13 and later are built from them): find any element equal
// (VFAE), find element equal / not equal (VFEE, VFENE), isolate string (VISTR), string
// range compare (VSTRC) and string search (VSTRS, vector-enhancements facility 2).
// Results are byte indexes (16 when nothing was found) in byte 7 of the first operand,
// or element masks (result type RT).
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { T, checkEs, copyTo, count, getE, maskOf, putT, specification } from './vector-common';

/** M5/M6 flag bits of the string instructions. */
const FLAG = { IN: 8, RT: 4, ZS: 2, CS: 1 } as const;

/** Index of the first element of v2 (size es) that is zero, or the element count. */
function firstZero(vr: Uint32Array, v: number, es: number): number {
  const n = count(es);
  for (let i = 0; i < n; i++) if (getE(vr, v, es, i) === 0) return i;
  return n;
}

/** Writes a byte index into byte 7 of V1 (doubleword 0) and zeros the rest. */
function writeIndex(cpu: Cpu, v1: number, byteIndex: number): void {
  T[0] = 0; T[1] = byteIndex; T[2] = 0; T[3] = 0;
  copyTo(cpu, v1, T);
}

/**
 * The CC shared by VFAE and VFEE: 0 a zero element came first (or alone), 1 a match and no
 * zero element, 2 a match before a zero element, 3 neither.
 */
function searchCc(match: number, zero: number, n: number): number {
  if (match === n && zero === n) return 3;
  if (zero === n) return 1;
  return match < zero ? 2 : 0;
}

/**
 * Common tail of VFAE and VSTRC: `hits` holds one flag per element (already inverted for
 * IN). RT gives a mask of the hits; otherwise the byte index of the first hit or zero
 * element (ZS).
 */
function finish(cpu: Cpu, d: Decoded, es: number, flags: number, hits: Uint8Array): void {
  const n = count(es);
  let first = n;
  for (let i = 0; i < n; i++) if (hits[i] !== 0) { first = i; break; }
  const zero = (flags & FLAG.ZS) !== 0 ? firstZero(cpu.vr, d.v2, es) : n;
  if ((flags & FLAG.RT) !== 0) {
    for (let i = 0; i < n; i++) putT(es, i, hits[i] !== 0 ? maskOf(es) : 0);
    copyTo(cpu, d.v1, T);
  } else {
    writeIndex(cpu, d.v1, Math.min(first, zero) << es);
  }
  if ((flags & FLAG.CS) !== 0) cpu.cc = searchCc(first, zero, n);
}

const HITS = new Uint8Array(16);

/** VFAE: elements of V2 equal to any element of V3. M4 element size, M5 flags. */
const vfae: Handler = (cpu, d) => {
  checkEs(d.m4, 2);
  const es = d.m4, vr = cpu.vr, n = count(es);
  const invert = (d.m5 & FLAG.IN) !== 0;
  for (let i = 0; i < n; i++) {
    const a = getE(vr, d.v2, es, i);
    let hit = false;
    for (let j = 0; j < n && !hit; j++) hit = getE(vr, d.v3, es, j) === a;
    HITS[i] = hit !== invert ? 1 : 0;
  }
  finish(cpu, d, es, d.m5, HITS);
};

/** VFEE: first element of V2 equal to the same element of V3 (or zero, ZS). */
const vfee: Handler = (cpu, d) => {
  checkEs(d.m4, 2);
  if ((d.m5 & ~(FLAG.ZS | FLAG.CS)) !== 0) throw specification();
  const es = d.m4, vr = cpu.vr, n = count(es);
  let match = n;
  for (let i = 0; i < n; i++) if (getE(vr, d.v2, es, i) === getE(vr, d.v3, es, i)) { match = i; break; }
  const zero = (d.m5 & FLAG.ZS) !== 0 ? firstZero(vr, d.v2, es) : n;
  writeIndex(cpu, d.v1, Math.min(match, zero) << es);
  if ((d.m5 & FLAG.CS) !== 0) cpu.cc = searchCc(match, zero, n);
};

/**
 * VFENE: first element of V2 unequal to the same element of V3 (or zero, ZS). CC 0 a zero
 * element before any difference, 1 / 2 the V2 element is low / high, 3 all equal.
 */
const vfene: Handler = (cpu, d) => {
  checkEs(d.m4, 2);
  if ((d.m5 & ~(FLAG.ZS | FLAG.CS)) !== 0) throw specification();
  const es = d.m4, vr = cpu.vr, n = count(es);
  let diff = n;
  for (let i = 0; i < n; i++) if (getE(vr, d.v2, es, i) !== getE(vr, d.v3, es, i)) { diff = i; break; }
  const zero = (d.m5 & FLAG.ZS) !== 0 ? firstZero(vr, d.v2, es) : n;
  let cc: number;
  if (diff === n && zero === n) cc = 3;
  else if (zero < diff) cc = 0;
  else cc = getE(vr, d.v2, es, diff) < getE(vr, d.v3, es, diff) ? 1 : 2;
  writeIndex(cpu, d.v1, Math.min(diff, zero) << es);
  if ((d.m5 & FLAG.CS) !== 0) cpu.cc = cc;
};

/** VISTR: V2 up to its first zero element, zeros from there on; CC 0 zero found, 3 none. */
const vistr: Handler = (cpu, d) => {
  checkEs(d.m3, 2);
  if ((d.m5 & ~FLAG.CS) !== 0) throw specification();
  const es = d.m3, vr = cpu.vr, n = count(es);
  const zero = firstZero(vr, d.v2, es);
  for (let i = 0; i < n; i++) putT(es, i, i < zero ? getE(vr, d.v2, es, i) : 0);
  copyTo(cpu, d.v1, T);
  if ((d.m5 & FLAG.CS) !== 0) cpu.cc = zero < n ? 0 : 3;
};

/** Control bits of a VSTRC range element (its leftmost three bits): equal, low, high. */
const CTL = { EQ: 4, LT: 2, GT: 1 };

function inRange(a: number, bound: number, control: number): boolean {
  return ((control & CTL.EQ) !== 0 && a === bound) || ((control & CTL.LT) !== 0 && a < bound)
    || ((control & CTL.GT) !== 0 && a > bound);
}

/**
 * VSTRC: elements of V2 within any of the ranges given by the even/odd element pairs of V3
 * under the comparison controls of V4. M5 element size, M6 flags.
 */
const vstrc: Handler = (cpu, d) => {
  checkEs(d.m5, 2);
  const es = d.m5, vr = cpu.vr, n = count(es);
  const top = (8 << es) - 3;
  const invert = (d.m6 & FLAG.IN) !== 0;
  for (let i = 0; i < n; i++) {
    const a = getE(vr, d.v2, es, i);
    let hit = false;
    for (let j = 0; j < n && !hit; j += 2) {
      const c0 = getE(vr, d.v4, es, j) >>> top, c1 = getE(vr, d.v4, es, j + 1) >>> top;
      hit = inRange(a, getE(vr, d.v3, es, j), c0) && inRange(a, getE(vr, d.v3, es, j + 1), c1);
    }
    HITS[i] = hit !== invert ? 1 : 0;
  }
  finish(cpu, d, es, d.m6, HITS);
};

/**
 * VSTRS: searches V2 for the substring in V3 whose length in bytes is byte 7 of V4 (ZS: also
 * ended by a zero element). Byte 7 of V1 gets the byte index of the first full or partial
 * (running off the end of V2) match, or 16. CC 0 no match, 1 no match and a zero element in
 * V2 (ZS), 2 full match, 3 partial match.
 */
const vstrs: Handler = (cpu, d) => {
  checkEs(d.m5, 2);
  if ((d.m6 & ~FLAG.ZS) !== 0) throw specification();
  const es = d.m5, vr = cpu.vr, n = count(es);
  const zs = (d.m6 & FLAG.ZS) !== 0;
  let len = ((vr[4 * d.v4 + 1] & 0xff) >>> es);
  if (zs) len = Math.min(len, firstZero(vr, d.v3, es));
  let k = 0;
  let cc: number;
  if (len === 0) cc = 2;
  else {
    const zero = zs ? firstZero(vr, d.v2, es) : n;
    cc = zero === n ? 0 : 1;
    for (k = 0; k < n; k++) {
      const end = Math.min(n, k + len);
      let j = k;
      while (j < end && getE(vr, d.v2, es, j) === getE(vr, d.v3, es, j - k)) j++;
      if (j < end) continue;
      if (k > zero) { cc = 1; k = n; } else cc = end - k === len ? 2 : 3;
      break;
    }
  }
  writeIndex(cpu, d.v1, k << es);
  cpu.cc = cc;
};

export const VECTOR_STRING_HANDLERS: HandlerTable = { vfae, vfee, vfene, vistr, vstrc, vstrs };
