// Shared pieces of the vector-facility instructions (PoP "Vector Overview and Support
// Instructions"): the enablement check, element access on the register file (vector
// register n is cpu.vr[4n..4n+3], most significant word first), element-size checks and
// the scratch registers handlers compute into before writing the first operand (so a
// first operand that is also a source is read before it is overwritten).
import type { Cpu } from './cpu';
import { CR0_AFP } from './cpu';
import type { Decoded, Handler } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

/** CR0 bit 46, vector-enablement control (bit 14 of the low word). */
export const CR0_VECTOR = 0x0002_0000;
/** Data-exception code of a vector instruction while vector registers are disabled. */
export const DXC_VECTOR_DISABLED = 0xfe;

export function specification(): ProgramInterrupt {
  return new ProgramInterrupt(PGM.SPECIFICATION);
}

/**
 * Wraps a handler with the enablement check: vector instructions need both the AFP-register
 * control (CR0 bit 45) and the vector-enablement control (CR0 bit 46); otherwise a data
 * exception with DXC FE. (QEMU tests bit 46 only; Linux and the s390 firmware set both.)
 */
export function vec(h: Handler): Handler {
  return (cpu: Cpu, d: Decoded) => {
    if ((~cpu.cr[1] & (CR0_VECTOR | CR0_AFP)) !== 0) {
      throw new ProgramInterrupt(PGM.DATA, false, DXC_VECTOR_DISABLED);
    }
    h(cpu, d);
  };
}

/** Wraps every handler of a table with the enablement check. */
export function vecTable(t: Readonly<Record<string, Handler>>): Record<string, Handler> {
  const out: Record<string, Handler> = {};
  for (const [k, h] of Object.entries(t)) out[k] = vec(h);
  return out;
}

/** Specification exception unless es <= max (and >= min). */
export function checkEs(es: number, max: number, min = 0): void {
  if (es > max || es < min) throw specification();
}

// ---- element access ------------------------------------------------------------------------

/** Byte i (0-15) of vector register v. */
export function getB(vr: Uint32Array, v: number, i: number): number {
  return (vr[4 * v + (i >> 2)] >>> (24 - ((i & 3) << 3))) & 0xff;
}
export function setB(vr: Uint32Array, v: number, i: number, x: number): void {
  const k = 4 * v + (i >> 2);
  const sh = 24 - ((i & 3) << 3);
  vr[k] = (vr[k] & ~(0xff << sh)) | ((x & 0xff) << sh);
}
/** Halfword i (0-7). */
export function getH(vr: Uint32Array, v: number, i: number): number {
  return (vr[4 * v + (i >> 1)] >>> (16 - ((i & 1) << 4))) & 0xffff;
}
export function setH(vr: Uint32Array, v: number, i: number, x: number): void {
  const k = 4 * v + (i >> 1);
  const sh = 16 - ((i & 1) << 4);
  vr[k] = (vr[k] & ~(0xffff << sh)) | ((x & 0xffff) << sh);
}

/** Element i of size es (0-2) as an unsigned number. */
export function getE(vr: Uint32Array, v: number, es: number, i: number): number {
  switch (es) {
    case 0: return getB(vr, v, i);
    case 1: return getH(vr, v, i);
    default: return vr[4 * v + i];
  }
}
export function setE(vr: Uint32Array, v: number, es: number, i: number, x: number): void {
  switch (es) {
    case 0: setB(vr, v, i, x); break;
    case 1: setH(vr, v, i, x); break;
    default: vr[4 * v + i] = x >>> 0;
  }
}

/** Number of elements of size es in a register. */
export function count(es: number): number {
  return 16 >> es;
}

/** Sign-extends an element value of size es (0-2) to a JS int32. */
export function signed(x: number, es: number): number {
  switch (es) {
    case 0: return (x << 24) >> 24;
    case 1: return (x << 16) >> 16;
    default: return x | 0;
  }
}

/** Mask of an element of size es (0-2). */
export function maskOf(es: number): number {
  return es === 2 ? 0xffff_ffff : (1 << (8 << es)) - 1;
}

// ---- scratch registers ---------------------------------------------------------------------

/** Scratch result register: handlers build a result here, then copy it to the first operand. */
export const T = new Uint32Array(4);
/** Scratch bytes for byte-oriented operations (two registers' worth plus room). */
export const BYTES = new Uint8Array(48);

/** Element i of size es (0-2) of the scratch result T. */
export function putT(es: number, i: number, x: number): void {
  switch (es) {
    case 0: { const sh = 24 - ((i & 3) << 3); T[i >> 2] = (T[i >> 2] & ~(0xff << sh)) | ((x & 0xff) << sh); break; }
    case 1: { const sh = 16 - ((i & 1) << 4); T[i >> 1] = (T[i >> 1] & ~(0xffff << sh)) | ((x & 0xffff) << sh); break; }
    default: T[i] = x >>> 0;
  }
}

export function copyTo(cpu: Cpu, v: number, src: Uint32Array): void {
  const o = 4 * v;
  cpu.vr[o] = src[0]; cpu.vr[o + 1] = src[1]; cpu.vr[o + 2] = src[2]; cpu.vr[o + 3] = src[3];
}

/** Bytes of register v, most significant first, into out[at..at+15]. */
export function bytesOf(vr: Uint32Array, v: number, out: Uint8Array, at = 0): void {
  for (let w = 0; w < 4; w++) {
    const x = vr[4 * v + w];
    out[at + 4 * w] = x >>> 24; out[at + 4 * w + 1] = x >>> 16; out[at + 4 * w + 2] = x >>> 8; out[at + 4 * w + 3] = x;
  }
}

/** Register v from 16 bytes src[at..at+15]. */
export function fromBytes(vr: Uint32Array, v: number, src: Uint8Array, at = 0): void {
  for (let w = 0; w < 4; w++) {
    const k = at + 4 * w;
    vr[4 * v + w] = ((src[k] << 24) | (src[k + 1] << 16) | (src[k + 2] << 8) | src[k + 3]) >>> 0;
  }
}

/**
 * Bits 32-63 of the address D2(B2) of a VRS instruction that uses it as a number (shift
 * counts, element indexes): only its rightmost bits matter, which no amode wrap changes.
 */
export function lowAddress(cpu: Cpu, b2: number, d2: number): number {
  return ((b2 !== 0 ? cpu.r32(b2) : 0) + d2) >>> 0;
}

/** Effective address D2(X2,B2) of an RX-like vector instruction (VRX, VRV base part). */
export function addr(cpu: Cpu, d: Decoded): number {
  return cpu.ea(d.x2, d.b2, d.d2);
}
