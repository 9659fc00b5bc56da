// Packed-decimal arithmetic and format conversion: AP, SP, ZAP, CP, MP, DP, SRP, TP,
// MVO, PACK, UNPK, PKA, PKU, UNPKA, UNPKU. Operands are at most 16 bytes (31 digits),
// so values are BigInts (decimal is never on a hot path). Invalid digits or signs raise
// a data exception (DXC 0) before anything is stored; results use the preferred signs
// C and D; overflow sets CC 3 and interrupts if the program mask enables it.
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { PROGRAM_MASK } from './state';
import { checkRange, dataException, DXC, readBytes, writeBytes } from './storage-ops';

export const SIGN_PLUS = 0xc;
export const SIGN_MINUS = 0xd;

/** A sign nibble is valid when A-F; B and D are minus. */
export const isMinusSign = (s: number): boolean => s === 0xb || s === 0xd;

/** Validity of a packed field: bit 1 invalid sign, bit 2 invalid digit (TP's CC). */
export function packedValidity(b: Uint8Array): number {
  let bad = 0;
  for (let i = 0; i < b.length; i++) {
    if ((b[i] >>> 4) > 9) bad |= 2;
    if (i < b.length - 1 && (b[i] & 0xf) > 9) bad |= 2;
  }
  if ((b[b.length - 1] & 0xf) < 0xa) bad |= 1;
  return bad;
}

const buf = new Uint8Array(16);

/** Reads a packed operand; data exception when a digit or the sign is invalid. */
export function readPacked(cpu: Cpu, addr: number, len: number): bigint {
  const b = buf.subarray(0, len);
  readBytes(cpu, addr, len, b);
  if (packedValidity(b) !== 0) dataException(cpu, DXC.DECIMAL_OPERAND);
  return packedValue(b);
}

/** Value of valid packed bytes (negative zero reads as 0n; see packedIsMinus). */
export function packedValue(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i++) {
    v = v * 10n + BigInt(b[i] >>> 4);
    if (i < b.length - 1) v = v * 10n + BigInt(b[i] & 0xf);
  }
  return isMinusSign(b[b.length - 1] & 0xf) ? -v : v;
}

/** Packed bytes of |magnitude| (truncated to the field) with the given sign nibble. */
export function packedBytes(magnitude: bigint, len: number, sign: number): Uint8Array {
  const out = new Uint8Array(len);
  let m = magnitude < 0n ? -magnitude : magnitude;
  out[len - 1] = sign;
  for (let i = len - 1; i >= 0; i--) {
    const lowNibble = i === len - 1;
    if (!lowNibble) { out[i] = Number(m % 10n); m /= 10n; }
    out[i] |= Number(m % 10n) << 4;
    m /= 10n;
  }
  return out;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Stores a signed result in a len-byte field; CC 0/1/2, or 3 on overflow (maybe interrupting). */
function storeResult(cpu: Cpu, addr: number, len: number, v: bigint, negative: boolean): void {
  const mag = v < 0n ? -v : v;
  const overflow = mag >= pow10(2 * len - 1);
  const kept = mag % pow10(2 * len - 1);
  // A zero result is positive unless it came from an overflow.
  const minus = negative && (kept !== 0n || overflow);
  writeBytes(cpu, addr, packedBytes(kept, len, minus ? SIGN_MINUS : SIGN_PLUS));
  if (overflow) {
    cpu.cc = 3;
    if ((cpu.programMask & PROGRAM_MASK.DECIMAL_OVERFLOW) !== 0) throw new ProgramInterrupt(PGM.DECIMAL_OVERFLOW);
    return;
  }
  cpu.cc = kept === 0n ? 0 : minus ? 1 : 2;
}

interface SSB { a1: number; len1: number; a2: number; len2: number }
const ops: SSB = { a1: 0, len1: 0, a2: 0, len2: 0 };
function ssb(cpu: Cpu, d: Decoded): SSB {
  ops.a1 = cpu.ea(0, d.b1, d.d1); ops.len1 = d.l1 + 1;
  ops.a2 = cpu.ea(0, d.b2, d.d2); ops.len2 = d.l2 + 1;
  return ops;
}

function addSub(cpu: Cpu, d: Decoded, subtract: boolean): void {
  const o = ssb(cpu, d);
  const x = readPacked(cpu, o.a1, o.len1);
  const y = readPacked(cpu, o.a2, o.len2);
  checkRange(cpu, o.a1, o.len1, true);
  const r = subtract ? x - y : x + y;
  storeResult(cpu, o.a1, o.len1, r, r < 0n);
}

const ap: Handler = (cpu, d) => addSub(cpu, d, false);
const sp: Handler = (cpu, d) => addSub(cpu, d, true);

const zap: Handler = (cpu, d) => {
  const o = ssb(cpu, d);
  const y = readPacked(cpu, o.a2, o.len2);
  checkRange(cpu, o.a1, o.len1, true);
  storeResult(cpu, o.a1, o.len1, y, y < 0n);
};

const cp: Handler = (cpu, d) => {
  const o = ssb(cpu, d);
  const x = readPacked(cpu, o.a1, o.len1);
  const y = readPacked(cpu, o.a2, o.len2);
  cpu.cc = x === y ? 0 : x < y ? 1 : 2;
};

/** Sign of a valid packed field in storage (for MP/DP, where zero keeps its sign). */
function fieldMinus(cpu: Cpu, addr: number, len: number): boolean {
  return isMinusSign(cpu.read8(cpu.wrap(addr + len - 1)) & 0xf);
}

/** MP and DP: the second operand is at most 8 bytes and shorter than the first. */
function checkMulDivLengths(o: SSB): void {
  if (o.len2 > 8 || o.len2 >= o.len1) throw new ProgramInterrupt(PGM.SPECIFICATION);
}

const mp: Handler = (cpu, d) => {
  const o = ssb(cpu, d);
  checkMulDivLengths(o);
  const x = readPacked(cpu, o.a1, o.len1);
  const y = readPacked(cpu, o.a2, o.len2);
  // The multiplicand needs as many bytes of leftmost zeros as the multiplier has bytes.
  if ((x < 0n ? -x : x) >= pow10(2 * (o.len1 - o.len2) - 1)) dataException(cpu, DXC.DECIMAL_OPERAND);
  const minus = fieldMinus(cpu, o.a1, o.len1) !== fieldMinus(cpu, o.a2, o.len2);
  checkRange(cpu, o.a1, o.len1, true);
  const p = x * y;
  writeBytes(cpu, o.a1, packedBytes(p, o.len1, minus ? SIGN_MINUS : SIGN_PLUS));
};

const dp: Handler = (cpu, d) => {
  const o = ssb(cpu, d);
  checkMulDivLengths(o);
  const x = readPacked(cpu, o.a1, o.len1);
  const y = readPacked(cpu, o.a2, o.len2);
  const dividendMinus = fieldMinus(cpu, o.a1, o.len1);
  const minus = dividendMinus !== fieldMinus(cpu, o.a2, o.len2);
  const ax = x < 0n ? -x : x;
  const ay = y < 0n ? -y : y;
  const qLen = o.len1 - o.len2;
  if (ay === 0n || ax / ay >= pow10(2 * qLen - 1)) throw new ProgramInterrupt(PGM.DECIMAL_DIVIDE);
  checkRange(cpu, o.a1, o.len1, true);
  const out = new Uint8Array(o.len1);
  out.set(packedBytes(ax / ay, qLen, minus ? SIGN_MINUS : SIGN_PLUS), 0);
  out.set(packedBytes(ax % ay, o.len2, dividendMinus ? SIGN_MINUS : SIGN_PLUS), qLen);
  writeBytes(cpu, o.a1, out);
};

/** SRP: shift by the signed 6-bit amount in the second-operand address; round right shifts. */
const srp: Handler = (cpu, d) => {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const raw = cpu.ea(0, d.b2, d.d2) & 0x3f;
  const shift = raw >= 32 ? raw - 64 : raw;
  const x = readPacked(cpu, a1, len);
  const round = d.i3;
  if (round > 9) dataException(cpu, DXC.DECIMAL_OPERAND);
  checkRange(cpu, a1, len, true);
  const negative = fieldMinus(cpu, a1, len);
  const ax = x < 0n ? -x : x;
  let r: bigint;
  if (shift >= 0) r = ax * pow10(shift);
  else r = (ax / pow10(-shift - 1) + BigInt(round)) / 10n;
  storeResult(cpu, a1, len, negative ? -r : r, negative);
};

/** TP: CC 0 valid, 1 invalid sign, 2 invalid digit, 3 both; never an exception for data. */
const tp: Handler = (cpu, d) => {
  const len = d.l1 + 1;
  const b = new Uint8Array(len);
  readBytes(cpu, cpu.ea(0, d.b1, d.d1), len, b);
  cpu.cc = packedValidity(b);
};

// ---- moves with offset, pack and unpack: byte at a time, right to left -----------------

const mvo: Handler = (cpu, d) => {
  const o = ssb(cpu, d);
  checkRange(cpu, o.a2, o.len2, false);
  checkRange(cpu, o.a1, o.len1, true);
  let high = cpu.read8(cpu.wrap(o.a1 + o.len1 - 1)) & 0xf;
  for (let k = 0; k < o.len1; k++) {
    const s = k < o.len2 ? cpu.read8(cpu.wrap(o.a2 + o.len2 - 1 - k)) : 0;
    cpu.write8(cpu.wrap(o.a1 + o.len1 - 1 - k), ((s & 0xf) << 4) | high);
    high = s >>> 4;
  }
};

const swap = (b: number): number => ((b & 0xf) << 4) | (b >>> 4);

const pack: Handler = (cpu, d) => {
  const o = ssb(cpu, d);
  checkRange(cpu, o.a2, o.len2, false);
  checkRange(cpu, o.a1, o.len1, true);
  const src = (j: number): number => (j >= 0 ? cpu.read8(cpu.wrap(o.a2 + j)) & 0xf : 0);
  let j = o.len2 - 1;
  cpu.write8(cpu.wrap(o.a1 + o.len1 - 1), swap(cpu.read8(cpu.wrap(o.a2 + j))));
  j--;
  for (let i = o.len1 - 2; i >= 0; i--) {
    const lo = src(j--);
    const hi = src(j--);
    cpu.write8(cpu.wrap(o.a1 + i), (hi << 4) | lo);
  }
};

const unpk: Handler = (cpu, d) => {
  const o = ssb(cpu, d);
  checkRange(cpu, o.a2, o.len2, false);
  checkRange(cpu, o.a1, o.len1, true);
  cpu.write8(cpu.wrap(o.a1 + o.len1 - 1), swap(cpu.read8(cpu.wrap(o.a2 + o.len2 - 1))));
  let j = o.len2 - 2;
  for (let i = o.len1 - 2; i >= 0; j--) {
    const b = j >= 0 ? cpu.read8(cpu.wrap(o.a2 + j)) : 0;
    cpu.write8(cpu.wrap(o.a1 + i--), 0xf0 | (b & 0xf));
    if (i >= 0) cpu.write8(cpu.wrap(o.a1 + i--), 0xf0 | (b >>> 4));
  }
};

/** PKA and PKU: the first operand is always 16 bytes; the second has 1- or 2-byte characters. */
const PACKED16 = 16;
function packChars(cpu: Cpu, d: Decoded, charSize: 1 | 2): void {
  const len2 = d.l2 + 1;
  if (len2 > 32 * charSize || (charSize === 2 && (len2 & 1) !== 0)) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  const src = new Uint8Array(len2);
  readBytes(cpu, a2, len2, src);
  checkRange(cpu, a1, PACKED16, true);
  // Digits right-aligned in 31 places, then the plus sign.
  const digits = new Uint8Array(32);
  const n = len2 / charSize;
  for (let k = 0; k < Math.min(n, 31); k++) digits[30 - k] = src[len2 - 1 - k * charSize] & 0xf;
  const out = new Uint8Array(PACKED16);
  for (let i = 0; i < PACKED16; i++) out[i] = (digits[2 * i] << 4) | (i === 15 ? SIGN_PLUS : digits[2 * i + 1]);
  writeBytes(cpu, a1, out);
}

/** UNPKA and UNPKU: 16-byte packed source; CC 0 plus, 1 minus, 3 invalid sign. */
function unpackChars(cpu: Cpu, d: Decoded, charSize: 1 | 2): void {
  const len1 = d.l1 + 1;
  if (len1 > 32 * charSize || (charSize === 2 && (len1 & 1) !== 0)) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  const src = new Uint8Array(PACKED16);
  readBytes(cpu, a2, PACKED16, src);
  // Digits are not checked (both oracles unpack A-F nibbles as 0x3A-0x3F).
  checkRange(cpu, a1, len1, true);
  const digits: number[] = [];
  for (let i = 0; i < PACKED16; i++) { digits.push(src[i] >>> 4); if (i < 15) digits.push(src[i] & 0xf); }
  const out = new Uint8Array(len1);
  const n = len1 / charSize;
  for (let k = 0; k < n; k++) {
    const digit = k < 31 ? digits[30 - k] : 0;
    const at = len1 - charSize * (k + 1);
    if (charSize === 2) out[at] = 0;
    out[at + charSize - 1] = 0x30 | digit;
  }
  writeBytes(cpu, a1, out);
  const sign = src[15] & 0xf;
  cpu.cc = sign < 0xa ? 3 : isMinusSign(sign) ? 1 : 0;
}

const pka: Handler = (cpu, d) => packChars(cpu, d, 1);
const pku: Handler = (cpu, d) => packChars(cpu, d, 2);
const unpka: Handler = (cpu, d) => unpackChars(cpu, d, 1);
const unpku: Handler = (cpu, d) => unpackChars(cpu, d, 2);

export const DECIMAL_HANDLERS: HandlerTable = {
  ap, sp, zap, cp, mp, dp, srp, tp, mvo, pack, unpk, pka, pku, unpka, unpku,
};
