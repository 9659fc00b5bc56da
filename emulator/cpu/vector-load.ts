// Vector loads, stores and register moves: whole registers (VL, VST, VLM, VSTM, VLR),
// with length (VLL, VSTL, VLRL*, VSTRL*), to block boundary (VLBB), single elements
// (VLE*, VSTE*, VLEI*, VLREP, VLLEZ, gather/scatter), transfers with general registers
// (VLGV, VLVG, VLVGP), generated constants (VGBM, VGM, VREPI, VREP) and the
// vector-enhancements-2 byte/element-reversed forms. Loads read storage into a scratch
// buffer first, and multi-byte stores check the whole operand first, so an access
// exception leaves registers and storage unchanged.
import type { Cpu } from './cpu';
import type { Handler, HandlerTable } from './decoded';
import {
  BYTES, T, addr, bytesOf, checkEs, copyTo, count, fromBytes, getE, lowAddress, setE, specification,
} from './vector-common';

/** Reads n bytes at a into buf[at..]; wraps at the end of the address space. */
function readBytes(cpu: Cpu, a: number, n: number, buf: Uint8Array, at = 0): void {
  if (n === 0) return;
  cpu.checkReadable(a, n);
  for (let i = 0; i < n; i++) buf[at + i] = cpu.read8(cpu.wrap(a + i));
}

function writeBytes(cpu: Cpu, a: number, n: number, buf: Uint8Array, at = 0): void {
  if (n === 0) return;
  cpu.checkWritable(a, n);
  for (let i = 0; i < n; i++) cpu.write8(cpu.wrap(a + i), buf[at + i]);
}

/** The 16 bytes at a into T (words). */
function load16(cpu: Cpu, a: number): void {
  if ((a & 0xfff) <= 0xff0) {
    const p = cpu.translate(a, 16, false);
    const m = cpu.mem;
    T[0] = m.getUint32(p); T[1] = m.getUint32(p + 4); T[2] = m.getUint32(p + 8); T[3] = m.getUint32(p + 12);
    return;
  }
  readBytes(cpu, a, 16, BYTES);
  for (let w = 0; w < 4; w++) T[w] = ((BYTES[4 * w] << 24) | (BYTES[4 * w + 1] << 16) | (BYTES[4 * w + 2] << 8) | BYTES[4 * w + 3]) >>> 0;
}

function store16(cpu: Cpu, a: number, vr: Uint32Array, o: number): void {
  if ((a & 0xfff) <= 0xff0) {
    const p = cpu.translate(a, 16, true);
    const m = cpu.mem;
    m.setUint32(p, vr[o]); m.setUint32(p + 4, vr[o + 1]); m.setUint32(p + 8, vr[o + 2]); m.setUint32(p + 12, vr[o + 3]);
    cpu.noteWrite(p, 16);
    return;
  }
  cpu.checkWritable(a, 16);
  for (let w = 0; w < 4; w++) cpu.write32(cpu.wrap(a + 4 * w), vr[o + w]);
}

/** Reads an element of size es (0-3) at a into hi/lo of cpu (hi = 0 below doublewords). */
function readElement(cpu: Cpu, a: number, es: number): void {
  switch (es) {
    case 0: cpu.hi = 0; cpu.lo = cpu.read8(a); break;
    case 1: cpu.hi = 0; cpu.lo = cpu.read16(a); break;
    case 2: cpu.hi = 0; cpu.lo = cpu.read32(a); break;
    default: cpu.read64(a);
  }
}

/** Element i (size es 0-3) of register v into cpu.hi/lo. */
function elementOf(cpu: Cpu, v: number, es: number, i: number): void {
  if (es === 3) { cpu.hi = cpu.vr[4 * v + 2 * i]; cpu.lo = cpu.vr[4 * v + 2 * i + 1]; return; }
  cpu.hi = 0;
  cpu.lo = getE(cpu.vr, v, es, i);
}

/** Stores hi/lo as element i (size es 0-3) of register v. */
function setElement(cpu: Cpu, v: number, es: number, i: number, hi: number, lo: number): void {
  if (es === 3) { cpu.vr[4 * v + 2 * i] = hi >>> 0; cpu.vr[4 * v + 2 * i + 1] = lo >>> 0; return; }
  setE(cpu.vr, v, es, i, lo);
}

function writeElement(cpu: Cpu, a: number, es: number, hi: number, lo: number): void {
  switch (es) {
    case 0: cpu.write8(a, lo); break;
    case 1: cpu.write16(a, lo); break;
    case 2: cpu.write32(a, lo); break;
    default: cpu.write64(a, hi, lo);
  }
}

/** Fills T with element (hi, lo) of size es replicated. */
function replicate(es: number, hi: number, lo: number): void {
  switch (es) {
    case 0: lo = (lo & 0xff) * 0x0101_0101; T[0] = T[1] = T[2] = T[3] = lo >>> 0; break;
    case 1: lo = (lo & 0xffff) * 0x0001_0001; T[0] = T[1] = T[2] = T[3] = lo >>> 0; break;
    case 2: T[0] = T[1] = T[2] = T[3] = lo >>> 0; break;
    default: T[0] = T[2] = hi >>> 0; T[1] = T[3] = lo >>> 0;
  }
}

/** Index of element m3 of size es, checked against the element count. */
function index(m: number, es: number): number {
  if (m >= count(es)) throw specification();
  return m;
}

// ---- byte reversal helpers (vector-enhancements facility 2) -------------------------------

function swap16(x: number): number { return ((x & 0xff) << 8) | ((x >>> 8) & 0xff); }
function swap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}
/** Reverses hi/lo (bytes of an element of size es) in place in cpu.hi/lo. */
function reverseElement(cpu: Cpu, es: number): void {
  switch (es) {
    case 1: cpu.lo = swap16(cpu.lo); break;
    case 2: cpu.lo = swap32(cpu.lo); break;
    case 3: { const h = cpu.hi; cpu.hi = swap32(cpu.lo); cpu.lo = swap32(h); break; }
    default: break;
  }
}

/** Reverses the bytes within each element of size es (1-4) of the 16 bytes in buf. */
function reverseBytesIn(buf: Uint8Array, es: number): void {
  const n = 1 << es;
  for (let e = 0; e < 16; e += n) {
    for (let i = 0, j = n - 1; i < j; i++, j--) { const t = buf[e + i]; buf[e + i] = buf[e + j]; buf[e + j] = t; }
  }
}

/** Reverses the order of the elements of size es (1-3) of the 16 bytes in buf. */
function reverseElementsIn(buf: Uint8Array, es: number): void {
  reverseBytesIn(buf, 4);
  reverseBytesIn(buf, es); // each element's bytes reversed twice: back in their own order
}

// ---- handlers ---------------------------------------------------------------------------

const vl: Handler = (cpu, d) => { load16(cpu, addr(cpu, d)); copyTo(cpu, d.v1, T); };
const vst: Handler = (cpu, d) => store16(cpu, addr(cpu, d), cpu.vr, 4 * d.v1);

/** VLM/VSTM register range: V3 >= V1 and at most 16 registers. */
function range(v1: number, v3: number): number {
  const n = v3 - v1 + 1;
  if (n < 1 || n > 16) throw specification();
  return n;
}

/** VLM staging area: every register is read before any is written. */
const MULTIPLE = new Uint32Array(64);

const vlm: Handler = (cpu, d) => {
  const n = range(d.v1, d.v3);
  const a = cpu.ea(0, d.b2, d.d2);
  cpu.checkReadable(a, 16 * n);
  for (let r = 0; r < n; r++) {
    load16(cpu, cpu.wrap(a + 16 * r));
    MULTIPLE.set(T, 4 * r);
  }
  cpu.vr.set(MULTIPLE.subarray(0, 4 * n), 4 * d.v1);
};

const vstm: Handler = (cpu, d) => {
  const n = range(d.v1, d.v3);
  const a = cpu.ea(0, d.b2, d.d2);
  cpu.checkWritable(a, 16 * n);
  for (let r = 0; r < n; r++) store16(cpu, cpu.wrap(a + 16 * r), cpu.vr, 4 * (d.v1 + r));
};

/** Highest byte index of a with-length operation: GR bits 32-63 unsigned, at most 15. */
function lastIndex(cpu: Cpu, r: number): number {
  const v = cpu.r32(r);
  return v > 15 ? 15 : v;
}

const vll: Handler = (cpu, d) => {
  const n = lastIndex(cpu, d.r3) + 1;
  BYTES.fill(0, 0, 16);
  readBytes(cpu, cpu.ea(0, d.b2, d.d2), n, BYTES);
  fromBytes(cpu.vr, d.v1, BYTES);
};

const vstl: Handler = (cpu, d) => {
  const n = lastIndex(cpu, d.r3) + 1;
  bytesOf(cpu.vr, d.v1, BYTES);
  writeBytes(cpu, cpu.ea(0, d.b2, d.d2), n, BYTES);
};

/** VLRL/VLRLR: n bytes into the rightmost bytes, zeros to their left. */
function loadRightmost(cpu: Cpu, v1: number, a: number, n: number): void {
  BYTES.fill(0, 0, 16);
  readBytes(cpu, a, n, BYTES, 16 - n);
  fromBytes(cpu.vr, v1, BYTES);
}
function storeRightmost(cpu: Cpu, v1: number, a: number, n: number): void {
  bytesOf(cpu.vr, v1, BYTES);
  writeBytes(cpu, a, n, BYTES, 16 - n);
}
/** I3 of VLRL/VSTRL: bits 4-7 are the highest byte index; bits 0-3 must be zero. */
function immediateLength(i3: number): number {
  if ((i3 & 0xf0) !== 0) throw specification();
  return (i3 & 0xf) + 1;
}

/**
 * VLBB: the bytes up to the block boundary M3 selects (64 bytes to 4K; 7-15 are reserved).
 * The bytes not loaded are unpredictable; they become zeros, as on QEMU.
 */
const vlbb: Handler = (cpu, d) => {
  if (d.m3 > 6) throw specification();
  const a = addr(cpu, d);
  const block = 64 << d.m3;
  const n = Math.min(16, block - (a % block));
  BYTES.fill(0, 0, 16);
  readBytes(cpu, a, n, BYTES);
  fromBytes(cpu.vr, d.v1, BYTES);
};

/**
 * LCBB (LOAD COUNT TO BLOCK BOUNDARY): the number of bytes, at most 16, from the
 * second-operand address to the next block boundary (M3 as VLBB) into GR bits 32-63; CC 0
 * when 16, else 3. A general instruction of the vector facility: no vector-enablement check.
 */
export const lcbb: Handler = (cpu, d) => {
  if (d.m3 > 6) throw specification();
  const block = 64 << d.m3;
  const n = Math.min(16, block - (cpu.ea(d.x2, d.b2, d.d2) % block));
  cpu.setR32(d.r1, n);
  cpu.cc = n === 16 ? 0 : 3;
};

/** VLE<es>: element M3 from storage. */
function loadElement(es: number, reversed = false): Handler {
  return (cpu, d) => {
    const i = index(d.m3, es);
    readElement(cpu, addr(cpu, d), es);
    if (reversed) reverseElement(cpu, es);
    setElement(cpu, d.v1, es, i, cpu.hi, cpu.lo);
  };
}

function storeElement(es: number, reversed = false): Handler {
  return (cpu, d) => {
    const i = index(d.m3, es);
    elementOf(cpu, d.v1, es, i);
    if (reversed) reverseElement(cpu, es);
    writeElement(cpu, addr(cpu, d), es, cpu.hi, cpu.lo);
  };
}

/** VLEI<es>: I2 sign-extended to the element size into element M3. */
function loadImmediate(es: number): Handler {
  return (cpu, d) => {
    const i = index(d.m3, es);
    setElement(cpu, d.v1, es, i, d.i2 < 0 ? 0xffff_ffff : 0, d.i2);
  };
}

/** VLREP / VLBRREP: one element replicated. */
function loadReplicate(reversed: boolean): Handler {
  return (cpu, d) => {
    if (reversed ? d.m3 < 1 || d.m3 > 3 : d.m3 > 3) throw specification();
    readElement(cpu, addr(cpu, d), d.m3);
    if (reversed) reverseElement(cpu, d.m3);
    replicate(d.m3, cpu.hi, cpu.lo);
    copyTo(cpu, d.v1, T);
  };
}

/**
 * VLLEZ / VLLEBRZ: one element into the rightmost element of doubleword 0, zeros elsewhere;
 * M3 = 6 (vector-enhancements 1) puts a word into the leftmost word instead.
 */
function loadZeroed(reversed: boolean): Handler {
  return (cpu, d) => {
    const m = d.m3;
    const ok = m === 6 || (reversed ? m >= 1 && m <= 3 : m <= 3);
    if (!ok) throw specification();
    const es = m === 6 ? 2 : m;
    readElement(cpu, addr(cpu, d), es);
    if (reversed) reverseElement(cpu, es);
    T[0] = T[1] = T[2] = T[3] = 0;
    if (m === 6) T[0] = cpu.lo;
    else if (es === 3) { T[0] = cpu.hi; T[1] = cpu.lo; }
    else T[1] = cpu.lo;
    copyTo(cpu, d.v1, T);
  };
}

/** VGEF/VGEG: element M3 from base + displacement + element M3 of V2. */
function gather(es: 2 | 3): Handler {
  return (cpu, d) => {
    const i = index(d.m3, es);
    readElement(cpu, elementAddress(cpu, d.v2, d.b2, d.d2, es, i), es);
    setElement(cpu, d.v1, es, i, cpu.hi, cpu.lo);
  };
}
function scatter(es: 2 | 3): Handler {
  return (cpu, d) => {
    const i = index(d.m3, es);
    const a = elementAddress(cpu, d.v2, d.b2, d.d2, es, i);
    elementOf(cpu, d.v1, es, i);
    writeElement(cpu, a, es, cpu.hi, cpu.lo);
  };
}
function elementAddress(cpu: Cpu, v2: number, b2: number, d2: number, es: number, i: number): number {
  const base = cpu.ea(0, b2, d2);
  elementOf(cpu, v2, es, i);
  const sum = base + cpu.hi * 0x1_0000_0000 + cpu.lo;
  return cpu.wrap(sum >= 2 ** 64 ? sum - 2 ** 64 : sum);
}

/** VLGV: element (index from the second-operand address) into a GR, zero extended. */
const vlgv: Handler = (cpu, d) => {
  checkEs(d.m4, 3);
  const i = lowAddress(cpu, d.b2, d.d2) & (count(d.m4) - 1);
  elementOf(cpu, d.v3, d.m4, i);
  cpu.setR64(d.r1, cpu.hi, cpu.lo);
};

/** VLVG: GR bits (rightmost element size) into the element the address selects. */
const vlvg: Handler = (cpu, d) => {
  checkEs(d.m4, 3);
  const i = lowAddress(cpu, d.b2, d.d2) & (count(d.m4) - 1);
  setElement(cpu, d.v1, d.m4, i, cpu.rHi(d.r3), cpu.r32(d.r3));
};

const vlvgp: Handler = (cpu, d) => {
  T[0] = cpu.rHi(d.r2); T[1] = cpu.r32(d.r2); T[2] = cpu.rHi(d.r3); T[3] = cpu.r32(d.r3);
  copyTo(cpu, d.v1, T);
};

/** VGBM: each bit of I2 selects an all-ones or all-zeros byte. */
const vgbm: Handler = (cpu, d) => {
  const m = d.i2 & 0xffff;
  for (let w = 0; w < 4; w++) {
    const nib = (m >>> (12 - 4 * w)) & 0xf;
    T[w] = (((nib & 8) ? 0xff00_0000 : 0) | ((nib & 4) ? 0xff_0000 : 0) | ((nib & 2) ? 0xff00 : 0) | ((nib & 1) ? 0xff : 0)) >>> 0;
  }
  copyTo(cpu, d.v1, T);
};

/** VGM: ones from bit I2 through bit I3 (modulo the element size, wrapping) in each element. */
const vgm: Handler = (cpu, d) => {
  checkEs(d.m4, 3);
  const bits = 8 << d.m4;
  const s = d.i2 & (bits - 1);
  const e = d.i3 & (bits - 1);
  // Mask over a 64-bit element as hi/lo, then replicated.
  let hi = 0, lo = 0;
  for (let b = 0; b < bits; b++) {
    const on = s <= e ? b >= s && b <= e : b >= s || b <= e;
    if (!on) continue;
    const pos = bits - 1 - b; // bit number from the right
    if (pos >= 32) hi |= 1 << (pos - 32); else lo |= 1 << pos;
  }
  replicate(d.m4, hi >>> 0, lo >>> 0);
  copyTo(cpu, d.v1, T);
};

/** VREPI: I2 sign-extended to the element size, replicated. */
const vrepi: Handler = (cpu, d) => {
  checkEs(d.m3, 3);
  replicate(d.m3, d.i2 < 0 ? 0xffff_ffff : 0, d.i2 >>> 0);
  copyTo(cpu, d.v1, T);
};

/** VREP: element I2 of V3 replicated. */
const vrep: Handler = (cpu, d) => {
  checkEs(d.m4, 3);
  const i = index(d.i2 & 0xffff, d.m4);
  elementOf(cpu, d.v3, d.m4, i);
  replicate(d.m4, cpu.hi, cpu.lo);
  copyTo(cpu, d.v1, T);
};

const vlr: Handler = (cpu, d) => {
  const s = 4 * d.v3, t = 4 * d.v1, vr = cpu.vr;
  vr[t] = vr[s]; vr[t + 1] = vr[s + 1]; vr[t + 2] = vr[s + 2]; vr[t + 3] = vr[s + 3];
};

// ---- byte/element-reversed whole-register forms --------------------------------------------

function loadReversed(elements: boolean): Handler {
  return (cpu, d) => {
    if (elements ? d.m3 < 1 || d.m3 > 3 : d.m3 < 1 || d.m3 > 4) throw specification();
    readBytes(cpu, addr(cpu, d), 16, BYTES);
    if (elements) reverseElementsIn(BYTES, d.m3); else reverseBytesIn(BYTES, d.m3);
    fromBytes(cpu.vr, d.v1, BYTES);
  };
}
function storeReversed(elements: boolean): Handler {
  return (cpu, d) => {
    if (elements ? d.m3 < 1 || d.m3 > 3 : d.m3 < 1 || d.m3 > 4) throw specification();
    bytesOf(cpu.vr, d.v1, BYTES);
    if (elements) reverseElementsIn(BYTES, d.m3); else reverseBytesIn(BYTES, d.m3);
    writeBytes(cpu, addr(cpu, d), 16, BYTES);
  };
}

export const VECTOR_LOAD_HANDLERS: HandlerTable = {
  vl, vst, vlm, vstm, vll, vstl, vlbb, vlr, vlvgp, vlgv, vlvg, vgbm, vgm, vrepi, vrep,
  vleb: loadElement(0), vleh: loadElement(1), vlef: loadElement(2), vleg: loadElement(3),
  vsteb: storeElement(0), vsteh: storeElement(1), vstef: storeElement(2), vsteg: storeElement(3),
  vleib: loadImmediate(0), vleih: loadImmediate(1), vleif: loadImmediate(2), vleig: loadImmediate(3),
  vlrep: loadReplicate(false), vllez: loadZeroed(false),
  vgef: gather(2), vgeg: gather(3), vscef: scatter(2), vsceg: scatter(3),
  vlrl: (cpu, d) => loadRightmost(cpu, d.v1, cpu.ea(0, d.b2, d.d2), immediateLength(d.i3)),
  vlrlr: (cpu, d) => loadRightmost(cpu, d.v1, cpu.ea(0, d.b2, d.d2), lastIndex(cpu, d.r3) + 1),
  vstrl: (cpu, d) => storeRightmost(cpu, d.v1, cpu.ea(0, d.b2, d.d2), immediateLength(d.i3)),
  vstrlr: (cpu, d) => storeRightmost(cpu, d.v1, cpu.ea(0, d.b2, d.d2), lastIndex(cpu, d.r3) + 1),
  // Vector-enhancements facility 2.
  vlbr: loadReversed(false), vler: loadReversed(true), vstbr: storeReversed(false), vster: storeReversed(true),
  vlebrh: loadElement(1, true), vlebrf: loadElement(2, true), vlebrg: loadElement(3, true),
  vstebrh: storeElement(1, true), vstebrf: storeElement(2, true), vstebrg: storeElement(3, true),
  vllebrz: loadZeroed(true), vlbrrep: loadReplicate(true),
};
