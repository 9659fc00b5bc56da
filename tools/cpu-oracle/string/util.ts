// Small helpers for writing oracle cases: byte patterns and addresses in test storage.
import { DATA } from './case';

/** n bytes counting up from `start` (mod 256), hex. */
export function seq(n: number, start = 1): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ((start + i) & 0xff).toString(16).padStart(2, '0');
  return s;
}

/** n copies of one byte, hex. */
export const rep = (n: number, byte: number): string => byte.toString(16).padStart(2, '0').repeat(n);

/** Deterministic pseudo-random bytes (xorshift32), hex. */
let state = 0x5354524e;
export function rnd(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    s += (state & 0xff).toString(16).padStart(2, '0');
  }
  return s;
}

/** Hex of an ASCII string. */
export const ascii = (t: string): string => Buffer.from(t, 'latin1').toString('hex');

/** Address in test storage at offset `off`. */
export const at = (off: number): number => DATA + off;
/** The same as a register value. */
export const reg = (off: number): bigint => BigInt(DATA + off);

/** Base registers used by SS-format cases: r12 → DATA, r13 → the last page of DATA. */
export const B_DATA = 12;
export const B_LAST = 13;
export const LAST_PAGE = 0x1f000;
export const BASES = { 12: BigInt(DATA), 13: BigInt(DATA + LAST_PAGE) };
