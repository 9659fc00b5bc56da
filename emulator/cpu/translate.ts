// Translate instructions: TR, TRT, TRTR (SS-a with a 256-byte table), TRE, and
// TROO/TROT/TRTO/TRTT (register operands, one- or two-byte source and destination
// units, optional stop on a test character). The register forms finish in one
// execution; registers reflect the progress also when an exception ends them.
import type { Cpu } from './cpu';
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { checkRange, inPage, regAddress, regLength, requireEven, setRegAddress, setRegLength } from './storage-ops';

const tr: Handler = (cpu, d) => {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  if (inPage(a1, len) && inPage(a2, 256)) {
    const t = cpu.translate(a1, len, true);
    const tbl = cpu.translate(a2, 256, false);
    const m = cpu.storage.bytes;
    for (let i = 0; i < len; i++) m[t + i] = m[tbl + m[t + i]];
    cpu.noteWrite(t, len);
    return;
  }
  // Page-crossing operand: byte by byte, so bytes before an inaccessible page are
  // translated before the exception (the oracle's partial completion).
  for (let i = 0; i < len; i++) {
    const a = cpu.wrap(a1 + i);
    cpu.write8(a, cpu.read8(cpu.wrap(a2 + cpu.read8(a))));
  }
};

/**
 * Sets GR1 to the argument address and GR2 bits 56-63. 31-bit mode replaces bits 32-63
 * (bit 32 zero), 24-bit mode bits 40-63 only (as recorded from the oracle).
 */
function trtResult(cpu: Cpu, addr: number, fn: number): void {
  if (cpu.amode === 64) cpu.setR64(1, Math.floor(addr / 0x1_0000_0000) >>> 0, addr >>> 0);
  else if (cpu.amode === 31) cpu.setR32(1, addr >>> 0);
  else cpu.setR32(1, ((cpu.r32(1) & 0xff00_0000) | addr) >>> 0);
  cpu.setR32(2, ((cpu.r32(2) & 0xffff_ff00) | fn) >>> 0);
}

function trtCommon(cpu: Cpu, a1: number, len: number, a2: number, step: 1 | -1): void {
  const start = step === 1 ? a1 : cpu.wrap(a1 - (len - 1));
  checkRange(cpu, start, len, false);
  for (let i = 0; i < len; i++) {
    const a = cpu.wrap(a1 + step * i);
    const fn = cpu.read8(cpu.wrap(a2 + cpu.read8(a)));
    if (fn !== 0) {
      trtResult(cpu, a, fn);
      cpu.cc = i === len - 1 ? 2 : 1;
      return;
    }
  }
  cpu.cc = 0;
}

const trt: Handler = (cpu, d) => trtCommon(cpu, cpu.ea(0, d.b1, d.d1), d.l1 + 1, cpu.ea(0, d.b2, d.d2), 1);
const trtr: Handler = (cpu, d) => trtCommon(cpu, cpu.ea(0, d.b1, d.d1), d.l1 + 1, cpu.ea(0, d.b2, d.d2), -1);

const tre: Handler = (cpu, d) => {
  requireEven(d.r1);
  const test = cpu.r32(0) & 0xff;
  const tbl = regAddress(cpu, d.r2);
  let a = regAddress(cpu, d.r1);
  let len = regLength(cpu, d.r1 + 1);
  try {
    while (len > 0) {
      const b = cpu.read8(a);
      if (b === test) { cpu.cc = 1; return; }
      cpu.write8(a, cpu.read8(cpu.wrap(tbl + b)));
      a = cpu.wrap(a + 1); len--;
    }
    cpu.cc = 0;
  } finally {
    setRegAddress(cpu, d.r1, a);
    setRegLength(cpu, d.r1 + 1, len);
  }
};

/** M3 bit 3 (ETF2-enhancement): when one, no test-character comparison. */
const M3_NO_TEST = 1;

/** TROO (1→1), TROT (1→2), TRTO (2→1), TRTT (2→2): source unit `su`, destination unit `du`. */
function trxx(su: 1 | 2, du: 1 | 2): Handler {
  // The table address in GR1 is taken as a doubleword address (rightmost 3 bits ignored).
  const tableMask = 7;
  return (cpu, d) => {
    requireEven(d.r1);
    let dst = regAddress(cpu, d.r1);
    let src = regAddress(cpu, d.r2);
    let len = regLength(cpu, d.r1 + 1);
    if (su === 2 && (len & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const tbl = regAddress(cpu, 1);
    const table = tbl - (tbl % (tableMask + 1));
    const test = du === 1 ? cpu.r32(0) & 0xff : cpu.r32(0) & 0xffff;
    const testing = (d.m3 & M3_NO_TEST) === 0;
    try {
      while (len > 0) {
        const v = su === 1 ? cpu.read8(src) : cpu.read16(src);
        const ta = cpu.wrap(table + v * du);
        const t = du === 1 ? cpu.read8(ta) : cpu.read16(ta);
        if (testing && t === test) { cpu.cc = 1; return; }
        if (du === 1) cpu.write8(dst, t); else cpu.write16(dst, t);
        dst = cpu.wrap(dst + du); src = cpu.wrap(src + su); len -= su;
      }
      cpu.cc = 0;
    } finally {
      setRegAddress(cpu, d.r1, dst);
      setRegAddress(cpu, d.r2, src);
      setRegLength(cpu, d.r1 + 1, len);
    }
  };
}

export const TRANSLATE_HANDLERS: HandlerTable = {
  tr, trt, trtr, tre, troo: trxx(1, 1), trot: trxx(1, 2), trto: trxx(2, 1), trtt: trxx(2, 2),
};
