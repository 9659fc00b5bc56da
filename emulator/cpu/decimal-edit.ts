// EDIT (ED), EDIT AND MARK (EDMK), and the binary/decimal conversions CVB, CVBY, CVBG,
// CVD, CVDY, CVDG. ED/EDMK walk the pattern left to right with a significance indicator,
// taking source digits as digit selectors ask for them (PoP "Edit").
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { isMinusSign, packedBytes, readPacked, SIGN_MINUS, SIGN_PLUS } from './decimal';
import { checkRange, dataException, DXC, writeBytes } from './storage-ops';

/** Pattern characters. */
const DIGIT_SELECTOR = 0x20;
const SIGNIFICANCE_STARTER = 0x21;
const FIELD_SEPARATOR = 0x22;
/** Zone attached to digits in the result (EBCDIC numerals F0-F9). */
const ZONE = 0xf0;

function edit(cpu: Cpu, d: Decoded, mark: boolean): void {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  let src = cpu.ea(0, d.b2, d.d2);
  checkRange(cpu, a1, len, false);
  checkRange(cpu, a1, len, true);
  let fill = 0;
  let sig = false;
  let nonzero = false;
  /** Source byte whose right digit is still to be used, or -1. */
  let pending = -1;
  for (let i = 0; i < len; i++) {
    const at = cpu.wrap(a1 + i);
    const p = cpu.read8(at);
    if (i === 0) fill = p;
    let out: number;
    if (p === DIGIT_SELECTOR || p === SIGNIFICANCE_STARTER) {
      let digit: number;
      let signAfter = -1;
      if (pending >= 0) {
        digit = pending & 0xf;
        pending = -1;
      } else {
        const b = cpu.read8(src);
        src = cpu.wrap(src + 1);
        digit = b >>> 4;
        if (digit > 9) dataException(cpu, DXC.DECIMAL_OPERAND);
        const right = b & 0xf;
        if (right > 9) signAfter = right;
        else pending = b;
      }
      if (digit !== 0) nonzero = true;
      if (sig || digit !== 0) {
        if (!sig && mark) setMark(cpu, at);
        out = ZONE | digit;
        sig = true;
      } else {
        out = fill;
      }
      if (p === SIGNIFICANCE_STARTER) sig = true;
      // A plus sign in the right half of the source byte turns significance off.
      if (signAfter >= 0 && !isMinusSign(signAfter)) sig = false;
    } else if (p === FIELD_SEPARATOR) {
      out = fill;
      sig = false;
      nonzero = false;
    } else {
      out = sig ? p : fill;
    }
    cpu.write8(at, out);
  }
  cpu.cc = !nonzero ? 0 : sig ? 1 : 2;
}

/** EDMK: GR1 gets the address of the first significant result digit (TRT's rules). */
function setMark(cpu: Cpu, addr: number): void {
  if (cpu.amode === 64) cpu.setR64(1, Math.floor(addr / 0x1_0000_0000) >>> 0, addr >>> 0);
  else if (cpu.amode === 31) cpu.setR32(1, addr >>> 0);
  else cpu.setR32(1, ((cpu.r32(1) & 0xff00_0000) | addr) >>> 0);
}

const ed: Handler = (cpu, d) => edit(cpu, d, false);
const edmk: Handler = (cpu, d) => edit(cpu, d, true);

// ---- CVB / CVD ------------------------------------------------------------------------

const INT32_MIN = -(2n ** 31n), INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

/** CVB/CVBY (8-byte source, 32-bit result) and CVBG (16-byte source, 64-bit result). */
function cvb(cpu: Cpu, r1: number, addr: number, wide: boolean): void {
  const v = readPacked(cpu, addr, wide ? 16 : 8);
  const [min, max] = wide ? [INT64_MIN, INT64_MAX] : [INT32_MIN, INT32_MAX];
  const u = BigInt.asUintN(64, v);
  const overflow = v < min || v > max;
  // Out of range: CVB/CVBY still place the rightmost 32 bits, CVBG stores nothing
  // (as recorded from Hercules); both then take a fixed-point-divide exception.
  if (wide && overflow) throw new ProgramInterrupt(PGM.FIXED_POINT_DIVIDE);
  if (wide) cpu.setR64(r1, Number(u >> 32n), Number(u & 0xffff_ffffn));
  else cpu.setR32(r1, Number(u & 0xffff_ffffn));
  if (overflow) throw new ProgramInterrupt(PGM.FIXED_POINT_DIVIDE);
}

function cvd(cpu: Cpu, r1: number, addr: number, wide: boolean): void {
  const v = wide ? BigInt.asIntN(64, (BigInt(cpu.rHi(r1)) << 32n) | BigInt(cpu.r32(r1))) : BigInt(cpu.r32(r1) | 0);
  const len = wide ? 16 : 8;
  checkRange(cpu, addr, len, true);
  writeBytes(cpu, addr, packedBytes(v, len, v < 0n ? SIGN_MINUS : SIGN_PLUS));
}

const ea = (cpu: Cpu, d: Decoded): number => cpu.ea(d.x2, d.b2, d.d2);

export const DECIMAL_EDIT_HANDLERS: HandlerTable = {
  ed, edmk,
  cvb: (cpu, d) => cvb(cpu, d.r1, ea(cpu, d), false),
  cvby: (cpu, d) => cvb(cpu, d.r1, ea(cpu, d), false),
  cvbg: (cpu, d) => cvb(cpu, d.r1, ea(cpu, d), true),
  cvd: (cpu, d) => cvd(cpu, d.r1, ea(cpu, d), false),
  cvdy: (cpu, d) => cvd(cpu, d.r1, ea(cpu, d), false),
  cvdg: (cpu, d) => cvd(cpu, d.r1, ea(cpu, d), true),
};
