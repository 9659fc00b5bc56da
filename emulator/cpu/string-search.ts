// Terminated-string and search instructions: MVST, CLST, SRST, SRSTU, CUSE, and CKSM.
// Each finishes in one execution (never condition code 3); registers are written back
// with the progress made even when an access exception ends the operation.
import type { Cpu } from './cpu';
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { regAddress, regLength, requireEven, setRegAddress, setRegLength } from './storage-ops';

/** GR0 bits 32-55 (MVST, CLST, SRST) or 32-47 (SRSTU) must be zero. */
const GR0_CHAR8_RESERVED = 0xffff_ff00;
const GR0_CHAR16_RESERVED = 0xffff_0000;

function terminator(cpu: Cpu, reserved: number): number {
  const gr0 = cpu.r32(0);
  if ((gr0 & reserved) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  return gr0 & ~reserved;
}

const mvst: Handler = (cpu, d) => {
  const term = terminator(cpu, GR0_CHAR8_RESERVED);
  let dst = regAddress(cpu, d.r1);
  let src = regAddress(cpu, d.r2);
  try {
    for (;;) {
      const b = cpu.read8(src);
      cpu.write8(dst, b);
      if (b === term) { cpu.cc = 1; setRegAddress(cpu, d.r1, dst); return; }
      dst = cpu.wrap(dst + 1); src = cpu.wrap(src + 1);
    }
  } catch (e) {
    setRegAddress(cpu, d.r1, dst); setRegAddress(cpu, d.r2, src);
    throw e;
  }
};

const clst: Handler = (cpu, d) => {
  const term = terminator(cpu, GR0_CHAR8_RESERVED);
  let a1 = regAddress(cpu, d.r1);
  let a2 = regAddress(cpu, d.r2);
  try {
    for (;;) {
      const x = cpu.read8(a1);
      const y = cpu.read8(a2);
      if (x === term && y === term) { cpu.cc = 0; return; }
      if (x === term || y === term || x !== y) {
        cpu.cc = x === term ? 1 : y === term ? 2 : x < y ? 1 : 2;
        break;
      }
      a1 = cpu.wrap(a1 + 1); a2 = cpu.wrap(a2 + 1);
    }
  } catch (e) {
    setRegAddress(cpu, d.r1, a1); setRegAddress(cpu, d.r2, a2);
    throw e;
  }
  setRegAddress(cpu, d.r1, a1); setRegAddress(cpu, d.r2, a2);
};

/** SRST/SRSTU: search [R2, R1) for the character in GR0, in units of 1 or 2 bytes. */
function search(cpu: Cpu, r1: number, r2: number, unit: 1 | 2): void {
  const c = terminator(cpu, unit === 1 ? GR0_CHAR8_RESERVED : GR0_CHAR16_RESERVED);
  const end = regAddress(cpu, r1);
  let a = regAddress(cpu, r2);
  try {
    // A last unit that starts before the end is examined even if it extends past it.
    // An end below the start wraps around the address space (Linux's strlen passes 0).
    const span = end >= a ? end - a : end - a + 2 ** cpu.amode;
    for (let left = span; left > 0; left -= unit) {
      const v = unit === 1 ? cpu.read8(a) : cpu.read16(a);
      if (v === c) { setRegAddress(cpu, r1, a); cpu.cc = 1; return; }
      a = cpu.wrap(a + unit);
    }
  } catch (e) {
    setRegAddress(cpu, r2, a);
    throw e;
  }
  cpu.cc = 2;
}

const srst: Handler = (cpu, d) => search(cpu, d.r1, d.r2, 1);
const srstu: Handler = (cpu, d) => search(cpu, d.r1, d.r2, 2);

/** CKSM: 32-bit one's-complement sum (end-around carry) of the second operand into R1. */
const cksm: Handler = (cpu, d) => {
  requireEven(d.r2);
  let a = regAddress(cpu, d.r2);
  let len = regLength(cpu, d.r2 + 1);
  let sum = cpu.r32(d.r1);
  try {
    while (len > 0) {
      let w: number;
      if (len >= 4) {
        w = cpu.read32(a);
      } else {
        w = 0;
        for (let i = 0; i < len; i++) w |= cpu.read8(cpu.wrap(a + i)) << (24 - 8 * i);
        w >>>= 0;
      }
      const n = Math.min(len, 4);
      sum += w;
      if (sum > 0xffff_ffff) sum -= 0xffff_ffff;
      a = cpu.wrap(a + n); len -= n;
    }
  } finally {
    cpu.setR32(d.r1, sum >>> 0);
    setRegAddress(cpu, d.r2, a);
    setRegLength(cpu, d.r2 + 1, len);
  }
  cpu.cc = 0;
};

/**
 * CUSE: finds the first position where both operands (the shorter padded with the GR1
 * pad byte) hold an equal substring of the GR0 length. CC 0 found (registers at its
 * start), 1 operands ended inside an equal run (registers at the run), 2 not found.
 */
const cuse: Handler = (cpu, d) => {
  requireEven(d.r1, d.r2);
  const sl = cpu.r32(0) & 0xff;
  const pad = cpu.r32(1) & 0xff;
  let a1 = regAddress(cpu, d.r1), l1 = regLength(cpu, d.r1 + 1);
  let a2 = regAddress(cpu, d.r2), l2 = regLength(cpu, d.r2 + 1);
  if (sl === 0) { cpu.cc = 0; return; }
  if (l1 === 0 && l2 === 0) { cpu.cc = 2; return; }
  let run = 0;
  let s1 = a1, s2 = a2, sl1 = l1, sl2 = l2;
  const commit = (): void => {
    setRegAddress(cpu, d.r1, a1); setRegLength(cpu, d.r1 + 1, l1);
    setRegAddress(cpu, d.r2, a2); setRegLength(cpu, d.r2 + 1, l2);
  };
  while (l1 > 0 || l2 > 0) {
    const x = l1 > 0 ? cpu.read8(a1) : pad;
    const y = l2 > 0 ? cpu.read8(a2) : pad;
    if (x === y) {
      if (run === 0) { s1 = a1; s2 = a2; sl1 = l1; sl2 = l2; }
      run++;
    } else {
      run = 0;
    }
    if (l1 > 0) { a1 = cpu.wrap(a1 + 1); l1--; }
    if (l2 > 0) { a2 = cpu.wrap(a2 + 1); l2--; }
    if (run === sl) break;
  }
  if (run > 0) {
    a1 = s1; a2 = s2; l1 = sl1; l2 = sl2;
    cpu.cc = run === sl ? 0 : 1;
  } else {
    cpu.cc = 2;
  }
  commit();
};

export const STRING_SEARCH_HANDLERS: HandlerTable = { mvst, clst, srst, srstu, cksm, cuse };
