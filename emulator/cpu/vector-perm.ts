// Vector permutes and whole-register shifts: permute (VPERM, VPDI, VBPERM), merge, pack
// (truncating and saturating), unpack, select, sign-extend to doubleword (VSEG), shift
// by bits or bytes (VSL*, VSR*, VSLDB, VSLD, VSRD). Byte-oriented operations work on a
// byte copy of the operands, so any register may be both source and target.
import type { Handler, HandlerTable } from './decoded';
import {
  BYTES, T, bytesOf, checkEs, copyTo, count, fromBytes, getB, getE, maskOf, putT, signed, specification,
} from './vector-common';

/** Result bytes (separate from the operand bytes in BYTES). */
const OUT = new Uint8Array(16);

/** VPERM: each byte of V4 (bits 3-7) selects a byte of the 32-byte V2:V3. */
const vperm: Handler = (cpu, d) => {
  bytesOf(cpu.vr, d.v2, BYTES, 0);
  bytesOf(cpu.vr, d.v3, BYTES, 16);
  for (let i = 0; i < 16; i++) OUT[i] = BYTES[getB(cpu.vr, d.v4, i) & 31];
  fromBytes(cpu.vr, d.v1, OUT);
};

/** VPDI: doubleword of V2 chosen by M4 bit 1, doubleword of V3 by M4 bit 3. */
const vpdi: Handler = (cpu, d) => {
  const a = 4 * d.v2 + ((d.m4 & 4) !== 0 ? 2 : 0);
  const b = 4 * d.v3 + ((d.m4 & 1) !== 0 ? 2 : 0);
  const vr = cpu.vr;
  T[0] = vr[a]; T[1] = vr[a + 1]; T[2] = vr[b]; T[3] = vr[b + 1];
  copyTo(cpu, d.v1, T);
};

/** VBPERM: bits of V2 selected by the bytes of V3 (>= 128 selects zero) into bits 48-63. */
const vbperm: Handler = (cpu, d) => {
  let r = 0;
  for (let i = 0; i < 16; i++) {
    const k = getB(cpu.vr, d.v3, i);
    const bit = k < 128 ? (cpu.vr[4 * d.v2 + (k >> 5)] >>> (31 - (k & 31))) & 1 : 0;
    r = (r << 1) | bit;
  }
  T[0] = 0; T[1] = r; T[2] = 0; T[3] = 0;
  copyTo(cpu, d.v1, T);
};

/** VMRH/VMRL: elements of the left (high) or right (low) halves of V2 and V3, interleaved. */
function merge(low: boolean): Handler {
  return (cpu, d) => {
    checkEs(d.m4, 3);
    const vr = cpu.vr;
    if (d.m4 === 3) {
      const o = low ? 2 : 0;
      T[0] = vr[4 * d.v2 + o]; T[1] = vr[4 * d.v2 + o + 1]; T[2] = vr[4 * d.v3 + o]; T[3] = vr[4 * d.v3 + o + 1];
      copyTo(cpu, d.v1, T);
      return;
    }
    const n = count(d.m4) / 2;
    const base = low ? n : 0;
    const es = d.m4;
    for (let k = 0; k < n; k++) {
      putT(es, 2 * k, getE(vr, d.v2, es, base + k));
      putT(es, 2 * k + 1, getE(vr, d.v3, es, base + k));
    }
    copyTo(cpu, d.v1, T);
  };
}

type PackMode = 'truncate' | 'signed' | 'unsigned';

/**
 * VPK/VPKS/VPKLS: elements of V2 then V3 narrowed to half their size; the saturating forms
 * set the CC when M5 bit 3 is one: 0 none saturated, 1 some, 3 all.
 */
function pack(mode: PackMode): Handler {
  return (cpu, d) => {
    checkEs(d.m4, 3, 1);
    const es = d.m4;
    const n = count(es);
    const vr = cpu.vr;
    let saturated = 0;
    for (let i = 0; i < 2 * n; i++) {
      const v = i < n ? d.v2 : d.v3;
      const k = i < n ? i : i - n;
      let r: number;
      if (es === 3) {
        const hi = vr[4 * v + 2 * k], lo = vr[4 * v + 2 * k + 1];
        r = lo;
        if (mode === 'signed' && hi !== ((lo | 0) < 0 ? 0xffff_ffff : 0)) { r = (hi | 0) < 0 ? 0x8000_0000 : 0x7fff_ffff; saturated++; }
        if (mode === 'unsigned' && hi !== 0) { r = 0xffff_ffff; saturated++; }
      } else {
        const x = getE(vr, v, es, k);
        const half = 4 << es; // bits of the result element
        const m = maskOf(es - 1);
        r = x & m;
        if (mode === 'signed') {
          const s = signed(x, es);
          const max = 2 ** (half - 1) - 1, min = -(2 ** (half - 1));
          if (s > max) { r = max; saturated++; } else if (s < min) { r = min & m; saturated++; }
        } else if (mode === 'unsigned' && x > m) { r = m; saturated++; }
      }
      putT(es - 1, i, r);
    }
    copyTo(cpu, d.v1, T);
    if (mode !== 'truncate' && (d.m5 & 1) !== 0) cpu.cc = saturated === 0 ? 0 : saturated === 2 * n ? 3 : 1;
  };
}

/** VUPH/VUPL/VUPLH/VUPLL: the left or right half's elements widened (sign or zero extended). */
function unpack(low: boolean, logical: boolean): Handler {
  return (cpu, d) => {
    checkEs(d.m3, 2);
    const es = d.m3;
    const n = count(es) / 2;
    const vr = cpu.vr;
    for (let k = 0; k < n; k++) {
      const x = getE(vr, d.v2, es, (low ? n : 0) + k);
      const s = logical ? x : signed(x, es);
      if (es === 2) { T[2 * k] = s < 0 ? 0xffff_ffff : 0; T[2 * k + 1] = s >>> 0; } else putT(es + 1, k, s);
    }
    copyTo(cpu, d.v1, T);
  };
}

const vsel: Handler = (cpu, d) => {
  const vr = cpu.vr, a = 4 * d.v2, b = 4 * d.v3, m = 4 * d.v4;
  for (let w = 0; w < 4; w++) T[w] = ((vr[a + w] & vr[m + w]) | (vr[b + w] & ~vr[m + w])) >>> 0;
  copyTo(cpu, d.v1, T);
};

/** VSEG: the rightmost element (size M3) of each doubleword, sign extended. */
const vseg: Handler = (cpu, d) => {
  checkEs(d.m3, 2);
  const es = d.m3;
  const per = count(es) / 2;
  for (let k = 0; k < 2; k++) {
    const s = signed(getE(cpu.vr, d.v2, es, per * (k + 1) - 1), es);
    T[2 * k] = s < 0 ? 0xffff_ffff : 0;
    T[2 * k + 1] = s >>> 0;
  }
  copyTo(cpu, d.v1, T);
};

/** VSLDB: the 32 bytes V2:V3 shifted left by I4 bytes; the leftmost 16 (I4 bits 0-3 must be 0). */
const vsldb: Handler = (cpu, d) => {
  if ((d.i4 & 0xf0) !== 0) throw specification();
  bytesOf(cpu.vr, d.v2, BYTES, 0);
  bytesOf(cpu.vr, d.v3, BYTES, 16);
  const s = d.i4 & 0xf;
  fromBytes(cpu.vr, d.v1, BYTES, s);
};

/** VSLD/VSRD: V2:V3 shifted by I4 (0-7) bits; the leftmost or rightmost 16 bytes. */
function shiftDouble(right: boolean): Handler {
  return (cpu, d) => {
    if ((d.i4 & 0xf8) !== 0) throw specification();
    bytesOf(cpu.vr, d.v2, BYTES, 0);
    bytesOf(cpu.vr, d.v3, BYTES, 16);
    const s = d.i4 & 7;
    for (let i = 0; i < 16; i++) {
      const k = right ? i + 16 : i;
      OUT[i] = right
        ? ((BYTES[k - 1] << (8 - s)) | (BYTES[k] >>> s)) & 0xff
        : ((BYTES[k] << s) | (BYTES[k + 1] >>> (8 - s))) & 0xff;
    }
    fromBytes(cpu.vr, d.v1, OUT);
  };
}

type Fill = 'zero' | 'sign';

/**
 * VSL/VSRL/VSRA: V2 shifted by bits; byte i moves by bits 5-7 of byte i of V3 (before the
 * vector-enhancements facility 2 all bytes had to hold the same count, and these agree).
 */
function shiftBits(left: boolean, fill: Fill): Handler {
  return (cpu, d) => {
    bytesOf(cpu.vr, d.v2, BYTES, 1);
    BYTES[0] = fill === 'sign' && (BYTES[1] & 0x80) !== 0 ? 0xff : 0;
    BYTES[17] = 0;
    for (let i = 0; i < 16; i++) {
      const s = getB(cpu.vr, d.v3, i) & 7;
      const k = i + 1;
      OUT[i] = left
        ? ((BYTES[k] << s) | (BYTES[k + 1] >>> (8 - s))) & 0xff
        : ((BYTES[k - 1] << (8 - s)) | (BYTES[k] >>> s)) & 0xff;
    }
    fromBytes(cpu.vr, d.v1, OUT);
  };
}

/** VSLB/VSRLB/VSRAB: V2 shifted by bits 1-4 of byte 7 of V3, in bytes. */
function shiftBytes(left: boolean, fill: Fill): Handler {
  return (cpu, d) => {
    const s = (getB(cpu.vr, d.v3, 7) >>> 3) & 0xf;
    bytesOf(cpu.vr, d.v2, BYTES, 16);
    const f = fill === 'sign' && (BYTES[16] & 0x80) !== 0 ? 0xff : 0;
    BYTES.fill(f, 0, 16);
    BYTES.fill(0, 32, 48);
    fromBytes(cpu.vr, d.v1, BYTES, left ? 16 + s : 16 - s);
  };
}

export const VECTOR_PERM_HANDLERS: HandlerTable = {
  vperm, vpdi, vbperm, vsel, vseg, vsldb,
  vmrh: merge(false), vmrl: merge(true),
  vpk: pack('truncate'), vpks: pack('signed'), vpkls: pack('unsigned'),
  vuph: unpack(false, false), vupl: unpack(true, false), vuplh: unpack(false, true), vupll: unpack(true, true),
  vsld: shiftDouble(false), vsrd: shiftDouble(true),
  vsl: shiftBits(true, 'zero'), vsrl: shiftBits(false, 'zero'), vsra: shiftBits(false, 'sign'),
  vslb: shiftBytes(true, 'zero'), vsrlb: shiftBytes(false, 'zero'), vsrab: shiftBytes(false, 'sign'),
};
