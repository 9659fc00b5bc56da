// MULTIPLY and DIVIDE (PoP "General Instructions"): products into an even/odd register
// pair (M, MR, MFY, ML, MLR, MLG, MLGR, MG, MGRK), single-width products without CC
// (MS*, MH*, MHI, MGHI, MGH) and with CC and overflow (MSC, MSRKC, MSGC, MSGRKC), and the
// divides into a remainder/quotient pair (D, DR, DL, DLR, DLG, DLGR, DSG*, DSGF*).
// Products use 16/32-bit partial products; divides use exact double arithmetic when the
// dividend is below 2^53 (always true for the usual sign-extended 32-bit dividends) and
// BigInt only beyond that. A quotient that does not fit, or a zero divisor, is a
// fixed-point-divide exception with the registers unchanged.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { fromBig, muls32, mulu32, R, toBig, toBigSigned } from './int64';
import { cc32, cc64, mulu64, muls64, overflow, P, productFits64, specification } from './integer-ops';
import { PGM, ProgramInterrupt } from './interrupts';

const TWO32 = 0x1_0000_0000;
/** |hi| bound for a 64-bit value (hi:lo) to be exact as a double (|v| < 2^53). */
const EXACT_HI = 0x20_0000;

const sext16 = (v: number): number => (v << 16) >> 16;

function ea(cpu: Cpu, d: Decoded): number {
  return cpu.ea(d.x2, d.b2, d.d2);
}
function evenR1(d: Decoded): number {
  if ((d.r1 & 1) !== 0) specification();
  return d.r1;
}
function divideException(): never {
  throw new ProgramInterrupt(PGM.FIXED_POINT_DIVIDE);
}

// ---- multiply ---------------------------------------------------------------------------------

/** Even/odd pair r1 := bits 32-63 of r1+1 times b (signed, or unsigned when `logical`). */
function mul32Pair(cpu: Cpu, r1: number, b: number, logical: boolean): void {
  const g = cpu.gpr;
  if (logical) mulu32(g[2 * r1 + 3], b >>> 0); else muls32(g[2 * r1 + 3], b);
  g[2 * r1 + 1] = R.hi;
  g[2 * r1 + 3] = R.lo;
}
/** Even/odd pair r1 := r1+1 (64 bits) times (bh:bl), 128-bit product. */
function mul64Pair(cpu: Cpu, r1: number, ah: number, al: number, bh: number, bl: number, signed: boolean): void {
  const g = cpu.gpr;
  if (signed) muls64(ah, al, bh, bl); else mulu64(ah, al, bh, bl);
  g[2 * r1] = P.w0; g[2 * r1 + 1] = P.w1; g[2 * r1 + 2] = P.w2; g[2 * r1 + 3] = P.w3;
}
/** Register r1 := low 64 bits of (ah:al) * (bh:bl). */
function mul64Low(cpu: Cpu, r1: number, ah: number, al: number, bh: number, bl: number): void {
  mulu32(al, bl);
  cpu.gpr[2 * r1] = R.hi + Math.imul(ah, bl) + Math.imul(al, bh);
  cpu.gpr[2 * r1 + 1] = R.lo;
}
/** MSC / MSRKC: 32-bit product with CC and overflow (the low 32 bits are stored). */
function mulSingleCc32(cpu: Cpu, r1: number, a: number, b: number): void {
  muls32(a, b);
  cpu.gpr[2 * r1 + 1] = R.lo;
  if (R.hi !== ((R.lo | 0) >> 31 >>> 0)) overflow(cpu); else cc32(cpu, R.lo);
}
function mulSingleCc64(cpu: Cpu, r1: number, ah: number, al: number, bh: number, bl: number): void {
  muls64(ah, al, bh, bl);
  cpu.gpr[2 * r1] = P.w2; cpu.gpr[2 * r1 + 1] = P.w3;
  if (!productFits64()) overflow(cpu); else cc64(cpu, P.w2, P.w3);
}
/** The 64-bit register r1 times a sign-extended 32-bit value. */
function mulReg64s(cpu: Cpu, r1: number, b: number): void {
  mul64Low(cpu, r1, cpu.gpr[2 * r1], cpu.gpr[2 * r1 + 1], b >> 31, b);
}

// ---- divide -----------------------------------------------------------------------------------

/** Quotient and remainder of the last divide. */
let quoHi = 0, quoLo = 0, remHi = 0, remLo = 0;

function split(q: number, r: number): void {
  quoHi = Math.floor(q / TWO32); quoLo = q - quoHi * TWO32;
  remHi = Math.floor(r / TWO32); remLo = r - remHi * TWO32;
}
function splitBig(q: bigint, r: bigint): void {
  fromBig(q); quoHi = R.hi; quoLo = R.lo;
  fromBig(r); remHi = R.hi; remLo = R.lo;
}

/** Signed (nh:nl) / (dh:dl); false when the divisor is zero or the quotient overflows 64 bits. */
function divSigned64(nh: number, nl: number, dh: number, dl: number): boolean {
  if ((dh | dl) === 0) return false;
  const ns = nh | 0, ds = dh | 0;
  if (ns >= -EXACT_HI && ns < EXACT_HI) {
    const n = ns * TWO32 + (nl >>> 0);
    if (ds >= -EXACT_HI && ds < EXACT_HI) {
      const dv = ds * TWO32 + (dl >>> 0), q = Math.trunc(n / dv);
      split(q, n - q * dv);
    } else {
      split(0, n); // |divisor| >= 2^53 > |dividend|
    }
    return true;
  }
  const n = toBigSigned(nh, nl), dv = toBigSigned(dh, dl);
  if (n === -(1n << 63n) && dv === -1n) return false;
  splitBig(n / dv, n % dv);
  return true;
}

/** Unsigned 128-bit (a:b) / (dh:dl) with a 64-bit quotient; false on zero divisor or overflow. */
function divLogical128(ah: number, al: number, bh: number, bl: number, dh: number, dl: number): boolean {
  if ((dh | dl) === 0) return false;
  if ((ah | al) === 0 && (bh >>> 0) < EXACT_HI && (dh >>> 0) < EXACT_HI) {
    const n = (bh >>> 0) * TWO32 + (bl >>> 0), dv = (dh >>> 0) * TWO32 + (dl >>> 0), q = Math.floor(n / dv);
    split(q, n - q * dv);
    return true;
  }
  const hi = toBig(ah, al), dv = toBig(dh, dl);
  if (hi >= dv) return false;
  const n = (hi << 64n) | toBig(bh, bl);
  splitBig(n / dv, n % dv);
  return true;
}

/** D / DR: pair r1 (bits 32-63 of both) / signed word; quotient must fit 32 bits. */
function divide32(cpu: Cpu, r1: number, b: number): void {
  const g = cpu.gpr, nh = g[2 * r1 + 1], nl = g[2 * r1 + 3];
  if (!divSigned64(nh, nl, (b | 0) >> 31, b) || (quoHi | 0) !== (quoLo | 0) >> 31) divideException();
  g[2 * r1 + 1] = remLo;
  g[2 * r1 + 3] = quoLo;
}
/** DL / DLR: unsigned 64/32; the quotient fits 32 bits exactly when the high word < divisor. */
function divideLogical32(cpu: Cpu, r1: number, b: number): void {
  const g = cpu.gpr, nh = g[2 * r1 + 1], nl = g[2 * r1 + 3];
  b >>>= 0;
  if (b === 0 || nh >= b) divideException();
  divLogical128(0, 0, nh, nl, 0, b);
  g[2 * r1 + 1] = remLo;
  g[2 * r1 + 3] = quoLo;
}
/** DSG*: r1+1 (64 bits, signed) / (dh:dl): remainder to r1, quotient to r1+1. */
function divideSingle64(cpu: Cpu, r1: number, dh: number, dl: number): void {
  const g = cpu.gpr;
  if (!divSigned64(g[2 * r1 + 2], g[2 * r1 + 3], dh, dl)) divideException();
  g[2 * r1] = remHi; g[2 * r1 + 1] = remLo;
  g[2 * r1 + 2] = quoHi; g[2 * r1 + 3] = quoLo;
}
/** DLG*: pair r1 (128 bits, unsigned) / (dh:dl). */
function divideLogical64(cpu: Cpu, r1: number, dh: number, dl: number): void {
  const g = cpu.gpr;
  if (!divLogical128(g[2 * r1], g[2 * r1 + 1], g[2 * r1 + 2], g[2 * r1 + 3], dh, dl)) divideException();
  g[2 * r1] = remHi; g[2 * r1 + 1] = remLo;
  g[2 * r1 + 2] = quoHi; g[2 * r1 + 3] = quoLo;
}

export const MULDIV_HANDLERS: HandlerTable = {
  mr(cpu, d) { mul32Pair(cpu, evenR1(d), cpu.gpr[2 * d.r2 + 1], false); },
  m(cpu, d) { mul32Pair(cpu, evenR1(d), cpu.read32(ea(cpu, d)), false); },
  mfy(cpu, d) { mul32Pair(cpu, evenR1(d), cpu.read32(ea(cpu, d)), false); },
  mlr(cpu, d) { mul32Pair(cpu, evenR1(d), cpu.gpr[2 * d.r2 + 1], true); },
  ml(cpu, d) { mul32Pair(cpu, evenR1(d), cpu.read32(ea(cpu, d)), true); },
  mlgr(cpu, d) {
    const r1 = evenR1(d), g = cpu.gpr;
    mul64Pair(cpu, r1, g[2 * r1 + 2], g[2 * r1 + 3], g[2 * d.r2], g[2 * d.r2 + 1], false);
  },
  mlg(cpu, d) {
    const r1 = evenR1(d), g = cpu.gpr;
    cpu.read64(ea(cpu, d));
    mul64Pair(cpu, r1, g[2 * r1 + 2], g[2 * r1 + 3], cpu.hi, cpu.lo, false);
  },
  mg(cpu, d) {
    const r1 = evenR1(d), g = cpu.gpr;
    cpu.read64(ea(cpu, d));
    mul64Pair(cpu, r1, g[2 * r1 + 2], g[2 * r1 + 3], cpu.hi, cpu.lo, true);
  },
  mgrk(cpu, d) {
    const r1 = evenR1(d), g = cpu.gpr;
    mul64Pair(cpu, r1, g[2 * d.r2], g[2 * d.r2 + 1], g[2 * d.r3], g[2 * d.r3 + 1], true);
  },

  msr(cpu, d) { const g = cpu.gpr; g[2 * d.r1 + 1] = Math.imul(g[2 * d.r1 + 1], g[2 * d.r2 + 1]); },
  ms(cpu, d) { const g = cpu.gpr; g[2 * d.r1 + 1] = Math.imul(g[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  msy(cpu, d) { const g = cpu.gpr; g[2 * d.r1 + 1] = Math.imul(g[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  msfi(cpu, d) { const g = cpu.gpr; g[2 * d.r1 + 1] = Math.imul(g[2 * d.r1 + 1], d.i2); },
  mh(cpu, d) { const g = cpu.gpr; g[2 * d.r1 + 1] = Math.imul(g[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },
  mhy(cpu, d) { const g = cpu.gpr; g[2 * d.r1 + 1] = Math.imul(g[2 * d.r1 + 1], sext16(cpu.read16(ea(cpu, d)))); },
  mhi(cpu, d) { const g = cpu.gpr; g[2 * d.r1 + 1] = Math.imul(g[2 * d.r1 + 1], sext16(d.i2)); },
  msgr(cpu, d) { const g = cpu.gpr, i = 2 * d.r1, j = 2 * d.r2; mul64Low(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1]); },
  msg(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; mul64Low(cpu, d.r1, g[i], g[i + 1], cpu.hi, cpu.lo); },
  msgfr(cpu, d) { mulReg64s(cpu, d.r1, cpu.gpr[2 * d.r2 + 1] | 0); },
  msgf(cpu, d) { mulReg64s(cpu, d.r1, cpu.read32(ea(cpu, d)) | 0); },
  msgfi(cpu, d) { mulReg64s(cpu, d.r1, d.i2 | 0); },
  mghi(cpu, d) { mulReg64s(cpu, d.r1, sext16(d.i2)); },
  mgh(cpu, d) { mulReg64s(cpu, d.r1, sext16(cpu.read16(ea(cpu, d)))); },
  msrkc(cpu, d) { const g = cpu.gpr; mulSingleCc32(cpu, d.r1, g[2 * d.r2 + 1], g[2 * d.r3 + 1]); },
  msc(cpu, d) { mulSingleCc32(cpu, d.r1, cpu.gpr[2 * d.r1 + 1], cpu.read32(ea(cpu, d))); },
  msgrkc(cpu, d) { const g = cpu.gpr, i = 2 * d.r2, j = 2 * d.r3; mulSingleCc64(cpu, d.r1, g[i], g[i + 1], g[j], g[j + 1]); },
  msgc(cpu, d) { cpu.read64(ea(cpu, d)); const g = cpu.gpr, i = 2 * d.r1; mulSingleCc64(cpu, d.r1, g[i], g[i + 1], cpu.hi, cpu.lo); },

  dr(cpu, d) { divide32(cpu, evenR1(d), cpu.gpr[2 * d.r2 + 1]); },
  d(cpu, d) { divide32(cpu, evenR1(d), cpu.read32(ea(cpu, d))); },
  dlr(cpu, d) { divideLogical32(cpu, evenR1(d), cpu.gpr[2 * d.r2 + 1]); },
  dl(cpu, d) { divideLogical32(cpu, evenR1(d), cpu.read32(ea(cpu, d))); },
  dsgr(cpu, d) { divideSingle64(cpu, evenR1(d), cpu.gpr[2 * d.r2], cpu.gpr[2 * d.r2 + 1]); },
  dsg(cpu, d) { const r1 = evenR1(d); cpu.read64(ea(cpu, d)); divideSingle64(cpu, r1, cpu.hi, cpu.lo); },
  dsgfr(cpu, d) { const b = cpu.gpr[2 * d.r2 + 1] | 0; divideSingle64(cpu, evenR1(d), b >> 31, b); },
  dsgf(cpu, d) { const r1 = evenR1(d), b = cpu.read32(ea(cpu, d)) | 0; divideSingle64(cpu, r1, b >> 31, b); },
  dlgr(cpu, d) { divideLogical64(cpu, evenR1(d), cpu.gpr[2 * d.r2], cpu.gpr[2 * d.r2 + 1]); },
  dlg(cpu, d) { const r1 = evenR1(d); cpu.read64(ea(cpu, d)); divideLogical64(cpu, r1, cpu.hi, cpu.lo); },
};
