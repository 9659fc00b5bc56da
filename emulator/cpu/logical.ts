// AND / OR / XOR in all their register, immediate and storage forms (PoP "General
// Instructions": AND, OR, EXCLUSIVE OR, and the miscellaneous-instruction-extensions-3
// forms NAND, NOR, NOT XOR, AND WITH COMPLEMENT, OR WITH COMPLEMENT). Condition code:
// 0 result zero, 1 result not zero. Handlers are written out one per instruction so each
// stays small and monomorphic for V8 (and later for the JIT to inline).
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';

/** Storage-to-storage forms (NC, OC, XC). */
const SS_AND = 0, SS_OR = 1, SS_XOR = 2;
type SsOp = typeof SS_AND | typeof SS_OR | typeof SS_XOR;
const PAGE = 0x1000;

/**
 * NC/OC/XC: operand 1 (L+1 bytes) op operand 2, byte by byte from left to right, each
 * result byte stored before the next operand byte is fetched, so overlapping operands
 * behave as the PoP specifies (e.g. XC of a field with itself shifted by one).
 */
function storageLogical(cpu: Cpu, d: Decoded, op: SsOp): void {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  let any = 0;
  if ((a1 & 0xfff) + len <= PAGE && (a2 & 0xfff) + len <= PAGE) {
    const p2 = cpu.translate(a2, len, false);
    const p1 = cpu.translate(a1, len, true);
    const b = cpu.storage.bytes;
    if (op === SS_AND) for (let i = 0; i < len; i++) any |= b[p1 + i] &= b[p2 + i];
    else if (op === SS_OR) for (let i = 0; i < len; i++) any |= b[p1 + i] |= b[p2 + i];
    else for (let i = 0; i < len; i++) any |= b[p1 + i] ^= b[p2 + i];
    cpu.noteWrite(p1, len);
  } else {
    // Operands crossing a page: check every page first so an access exception leaves
    // storage unchanged, then go byte by byte through translation.
    cpu.checkReadable(a2, len);
    cpu.checkWritable(a1, len);
    for (let i = 0; i < len; i++) {
      const x = cpu.read8(cpu.wrap(a2 + i));
      const at = cpu.wrap(a1 + i);
      const y = cpu.read8(at);
      const r = op === SS_AND ? x & y : op === SS_OR ? x | y : x ^ y;
      cpu.write8(at, r);
      any |= r;
    }
  }
  cpu.cc = any === 0 ? 0 : 1;
}

export const LOGICAL_HANDLERS: HandlerTable = {
  // ---- AND ----
  nr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1 + 1; const v = g[i] & g[2 * d.r2 + 1]; g[i] = v; cpu.cc = v === 0 ? 0 : 1; },
  ngr(cpu, d) {
    const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2;
    const hi = g[i] & g[j], lo = g[i + 1] & g[j + 1];
    g[i] = hi; g[i + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  nrk(cpu, d) { const g = cpu.gpr; const v = g[2 * d.r2 + 1] & g[2 * d.r3 + 1]; g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  ngrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = g[j] & g[k], lo = g[j + 1] & g[k + 1];
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  n(cpu, d) { const v = cpu.read32(cpu.ea(d.x2, d.b2, d.d2)) & cpu.gpr[2 * d.r1 + 1]; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  ny(cpu, d) { const v = cpu.read32(cpu.ea(d.x2, d.b2, d.d2)) & cpu.gpr[2 * d.r1 + 1]; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  ng(cpu, d) {
    cpu.read64(cpu.ea(d.x2, d.b2, d.d2));
    const g = cpu.gpr, i = 2 * d.r1;
    const hi = g[i] & cpu.hi, lo = g[i + 1] & cpu.lo;
    g[i] = hi; g[i + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  ni(cpu, d) { const a = cpu.ea(0, d.b1, d.d1); const v = cpu.read8(a) & d.i2; cpu.write8(a, v); cpu.cc = v === 0 ? 0 : 1; },
  niy(cpu, d) { const a = cpu.ea(0, d.b1, d.d1); const v = cpu.read8(a) & d.i2; cpu.write8(a, v); cpu.cc = v === 0 ? 0 : 1; },
  nihf(cpu, d) { const v = cpu.gpr[2 * d.r1] & d.i2; cpu.gpr[2 * d.r1] = v; cpu.cc = v === 0 ? 0 : 1; },
  nilf(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1] & d.i2; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  nihh(cpu, d) { const v = cpu.gpr[2 * d.r1] & ((d.i2 << 16) | 0xffff); cpu.gpr[2 * d.r1] = v; cpu.cc = (v >>> 16) === 0 ? 0 : 1; },
  nihl(cpu, d) { const v = cpu.gpr[2 * d.r1] & (0xffff0000 | d.i2); cpu.gpr[2 * d.r1] = v; cpu.cc = (v & 0xffff) === 0 ? 0 : 1; },
  nilh(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1] & ((d.i2 << 16) | 0xffff); cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = (v >>> 16) === 0 ? 0 : 1; },
  nill(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1] & (0xffff0000 | d.i2); cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = (v & 0xffff) === 0 ? 0 : 1; },
  nc(cpu, d) { storageLogical(cpu, d, SS_AND); },

  // ---- OR ----
  or(cpu, d) { const g = cpu.gpr, i = 2 * d.r1 + 1; const v = g[i] | g[2 * d.r2 + 1]; g[i] = v; cpu.cc = v === 0 ? 0 : 1; },
  ogr(cpu, d) {
    const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2;
    const hi = g[i] | g[j], lo = g[i + 1] | g[j + 1];
    g[i] = hi; g[i + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  ork(cpu, d) { const g = cpu.gpr; const v = g[2 * d.r2 + 1] | g[2 * d.r3 + 1]; g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  ogrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = g[j] | g[k], lo = g[j + 1] | g[k + 1];
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  o(cpu, d) { const v = cpu.read32(cpu.ea(d.x2, d.b2, d.d2)) | cpu.gpr[2 * d.r1 + 1]; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  oy(cpu, d) { const v = cpu.read32(cpu.ea(d.x2, d.b2, d.d2)) | cpu.gpr[2 * d.r1 + 1]; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  og(cpu, d) {
    cpu.read64(cpu.ea(d.x2, d.b2, d.d2));
    const g = cpu.gpr, i = 2 * d.r1;
    const hi = g[i] | cpu.hi, lo = g[i + 1] | cpu.lo;
    g[i] = hi; g[i + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  oi(cpu, d) { const a = cpu.ea(0, d.b1, d.d1); const v = cpu.read8(a) | d.i2; cpu.write8(a, v); cpu.cc = v === 0 ? 0 : 1; },
  oiy(cpu, d) { const a = cpu.ea(0, d.b1, d.d1); const v = cpu.read8(a) | d.i2; cpu.write8(a, v); cpu.cc = v === 0 ? 0 : 1; },
  oihf(cpu, d) { const v = cpu.gpr[2 * d.r1] | d.i2; cpu.gpr[2 * d.r1] = v; cpu.cc = v === 0 ? 0 : 1; },
  oilf(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1] | d.i2; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  oihh(cpu, d) { const v = cpu.gpr[2 * d.r1] | (d.i2 << 16); cpu.gpr[2 * d.r1] = v; cpu.cc = (v >>> 16) === 0 ? 0 : 1; },
  oihl(cpu, d) { const v = cpu.gpr[2 * d.r1] | d.i2; cpu.gpr[2 * d.r1] = v; cpu.cc = (v & 0xffff) === 0 ? 0 : 1; },
  oilh(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1] | (d.i2 << 16); cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = (v >>> 16) === 0 ? 0 : 1; },
  oill(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1] | d.i2; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = (v & 0xffff) === 0 ? 0 : 1; },
  oc(cpu, d) { storageLogical(cpu, d, SS_OR); },

  // ---- EXCLUSIVE OR ----
  xr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1 + 1; const v = g[i] ^ g[2 * d.r2 + 1]; g[i] = v; cpu.cc = v === 0 ? 0 : 1; },
  xgr(cpu, d) {
    const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2;
    const hi = g[i] ^ g[j], lo = g[i + 1] ^ g[j + 1];
    g[i] = hi; g[i + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  xrk(cpu, d) { const g = cpu.gpr; const v = g[2 * d.r2 + 1] ^ g[2 * d.r3 + 1]; g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  xgrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = g[j] ^ g[k], lo = g[j + 1] ^ g[k + 1];
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  x(cpu, d) { const v = cpu.read32(cpu.ea(d.x2, d.b2, d.d2)) ^ cpu.gpr[2 * d.r1 + 1]; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  xy(cpu, d) { const v = cpu.read32(cpu.ea(d.x2, d.b2, d.d2)) ^ cpu.gpr[2 * d.r1 + 1]; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  xg(cpu, d) {
    cpu.read64(cpu.ea(d.x2, d.b2, d.d2));
    const g = cpu.gpr, i = 2 * d.r1;
    const hi = g[i] ^ cpu.hi, lo = g[i + 1] ^ cpu.lo;
    g[i] = hi; g[i + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  xi(cpu, d) { const a = cpu.ea(0, d.b1, d.d1); const v = cpu.read8(a) ^ d.i2; cpu.write8(a, v); cpu.cc = v === 0 ? 0 : 1; },
  xiy(cpu, d) { const a = cpu.ea(0, d.b1, d.d1); const v = cpu.read8(a) ^ d.i2; cpu.write8(a, v); cpu.cc = v === 0 ? 0 : 1; },
  xihf(cpu, d) { const v = cpu.gpr[2 * d.r1] ^ d.i2; cpu.gpr[2 * d.r1] = v; cpu.cc = v === 0 ? 0 : 1; },
  xilf(cpu, d) { const v = cpu.gpr[2 * d.r1 + 1] ^ d.i2; cpu.gpr[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  xc(cpu, d) { storageLogical(cpu, d, SS_XOR); },

  // ---- miscellaneous-instruction-extensions facility 3 ----
  nnrk(cpu, d) { const g = cpu.gpr; const v = ~(g[2 * d.r2 + 1] & g[2 * d.r3 + 1]); g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  nngrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = ~(g[j] & g[k]), lo = ~(g[j + 1] & g[k + 1]);
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  nork(cpu, d) { const g = cpu.gpr; const v = ~(g[2 * d.r2 + 1] | g[2 * d.r3 + 1]); g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  nogrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = ~(g[j] | g[k]), lo = ~(g[j + 1] | g[k + 1]);
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  nxrk(cpu, d) { const g = cpu.gpr; const v = ~(g[2 * d.r2 + 1] ^ g[2 * d.r3 + 1]); g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  nxgrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = ~(g[j] ^ g[k]), lo = ~(g[j + 1] ^ g[k + 1]);
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  ncrk(cpu, d) { const g = cpu.gpr; const v = g[2 * d.r2 + 1] & ~g[2 * d.r3 + 1]; g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  ncgrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = g[j] & ~g[k], lo = g[j + 1] & ~g[k + 1];
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
  ocrk(cpu, d) { const g = cpu.gpr; const v = g[2 * d.r2 + 1] | ~g[2 * d.r3 + 1]; g[2 * d.r1 + 1] = v; cpu.cc = v === 0 ? 0 : 1; },
  ocgrk(cpu, d) {
    const g = cpu.gpr, j = 2 * d.r2, k = 2 * d.r3;
    const hi = g[j] | ~g[k], lo = g[j + 1] | ~g[k + 1];
    g[2 * d.r1] = hi; g[2 * d.r1 + 1] = lo; cpu.cc = (hi | lo) === 0 ? 0 : 1;
  },
};
