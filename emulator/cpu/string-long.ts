// Long-operand moves and compares with register-pair operands: MVCL, MVCLE, MVCLU,
// CLCL, CLCLE, CLCLU. Everything is done in one execution (the PoP lets the CPU choose
// how much to process; finishing is allowed), page chunk by page chunk, and the
// registers always reflect the bytes processed, also when an access exception ends
// the operation midway (so re-executing the instruction resumes correctly).
import type { Cpu } from './cpu';
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { depositRegAddress, regAddress, regLength, requireEven, setRegAddress, setRegLength, toPageEnd } from './storage-ops';

const LEN24 = 0x00ff_ffff;

/** Progress of a long move: current addresses and remaining lengths. */
interface LongState { dst: number; dlen: number; src: number; slen: number }
const st: LongState = { dst: 0, dlen: 0, src: 0, slen: 0 };

/**
 * Moves min(dlen, slen) bytes from src to dst, then fills the rest of dst with the pad
 * (one byte, or the halfword pad for MVCLU, aligned to the unit boundaries).
 */
function moveLong(cpu: Cpu, s: LongState, pad: number, padBytes: 1 | 2): void {
  const m = cpu.storage.bytes;
  while (s.dlen > 0 && s.slen > 0) {
    const n = Math.min(s.dlen, s.slen, toPageEnd(s.dst), toPageEnd(s.src));
    const from = cpu.translate(s.src, n, false);
    const to = cpu.translate(s.dst, n, true);
    m.copyWithin(to, from, from + n);
    cpu.noteWrite(to, n);
    s.dst = cpu.wrap(s.dst + n); s.src = cpu.wrap(s.src + n);
    s.dlen -= n; s.slen -= n;
  }
  while (s.dlen > 0) {
    const n = Math.min(s.dlen, toPageEnd(s.dst));
    const to = cpu.translate(s.dst, n, true);
    if (padBytes === 1) {
      m.fill(pad, to, to + n);
    } else {
      // dlen stays even, so the parity of the remaining length says which pad byte is next.
      let hiNext = (s.dlen & 1) === 0;
      for (let i = 0; i < n; i++) { m[to + i] = hiNext ? pad >>> 8 : pad & 0xff; hiNext = !hiNext; }
    }
    cpu.noteWrite(to, n);
    s.dst = cpu.wrap(s.dst + n);
    s.dlen -= n;
  }
}

const mvcl: Handler = (cpu, d) => {
  requireEven(d.r1, d.r2);
  const l1 = cpu.r32(d.r1 + 1) & LEN24;
  const r2odd = cpu.r32(d.r2 + 1);
  const l2 = r2odd & LEN24;
  const pad = r2odd >>> 24;
  const dst = regAddress(cpu, d.r1);
  const src = regAddress(cpu, d.r2);
  const cc = l1 === l2 ? 0 : l1 < l2 ? 1 : 2;
  // Destructive overlap: a destination byte would be fetched as source after being stored.
  const common = Math.min(l1, l2);
  if (common > 1 && dst > src && dst <= src + common - 1) {
    // Nothing moves, but the addresses are still rewritten (high bits cleared).
    setRegAddress(cpu, d.r1, dst); setRegAddress(cpu, d.r2, src);
    cpu.cc = 3;
    return;
  }
  st.dst = dst; st.dlen = l1; st.src = src; st.slen = l2;
  try {
    moveLong(cpu, st, pad, 1);
  } finally {
    setRegAddress(cpu, d.r1, st.dst);
    setRegAddress(cpu, d.r2, st.src);
    cpu.setR32(d.r1 + 1, ((cpu.r32(d.r1 + 1) & ~LEN24) | st.dlen) >>> 0);
    cpu.setR32(d.r2 + 1, ((r2odd & ~LEN24) | st.slen) >>> 0);
  }
  cpu.cc = cc;
};

function mvcleCommon(cpu: Cpu, r1: number, r3: number, pad: number, padBytes: 1 | 2): void {
  requireEven(r1, r3);
  st.dst = regAddress(cpu, r1); st.dlen = regLength(cpu, r1 + 1);
  st.src = regAddress(cpu, r3); st.slen = regLength(cpu, r3 + 1);
  if (padBytes === 2 && ((st.dlen | st.slen) & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const cc = st.dlen === st.slen ? 0 : st.dlen < st.slen ? 1 : 2;
  try {
    moveLong(cpu, st, pad, padBytes);
  } finally {
    depositRegAddress(cpu, r1, st.dst); setRegLength(cpu, r1 + 1, st.dlen);
    depositRegAddress(cpu, r3, st.src); setRegLength(cpu, r3 + 1, st.slen);
  }
  cpu.cc = cc;
}

const mvcle: Handler = (cpu, d) => mvcleCommon(cpu, d.r1, d.r3, cpu.ea(0, d.b2, d.d2) & 0xff, 1);
const mvclu: Handler = (cpu, d) => mvcleCommon(cpu, d.r1, d.r3, cpu.ea(0, d.b2, d.d2) & 0xffff, 2);

/** Compare state: addresses and remaining lengths of both operands. */
const cs = { a1: 0, l1: 0, a2: 0, l2: 0 };

/**
 * Compares unit by unit (1 or 2 bytes), the shorter operand extended with `pad`,
 * until a difference; cs ends at the first unequal unit. Returns the condition code.
 */
function compareLong(cpu: Cpu, pad: number, unit: 1 | 2): number {
  while (cs.l1 > 0 || cs.l2 > 0) {
    const x = cs.l1 > 0 ? (unit === 1 ? cpu.read8(cs.a1) : cpu.read16(cs.a1)) : pad;
    const y = cs.l2 > 0 ? (unit === 1 ? cpu.read8(cs.a2) : cpu.read16(cs.a2)) : pad;
    if (x !== y) return x < y ? 1 : 2;
    if (cs.l1 > 0) { cs.a1 = cpu.wrap(cs.a1 + unit); cs.l1 -= unit; }
    if (cs.l2 > 0) { cs.a2 = cpu.wrap(cs.a2 + unit); cs.l2 -= unit; }
  }
  return 0;
}

const clcl: Handler = (cpu, d) => {
  requireEven(d.r1, d.r2);
  const r1odd = cpu.r32(d.r1 + 1);
  const r2odd = cpu.r32(d.r2 + 1);
  cs.a1 = regAddress(cpu, d.r1); cs.l1 = r1odd & LEN24;
  cs.a2 = regAddress(cpu, d.r2); cs.l2 = r2odd & LEN24;
  try {
    cpu.cc = compareLong(cpu, r2odd >>> 24, 1);
  } finally {
    depositRegAddress(cpu, d.r1, cs.a1);
    depositRegAddress(cpu, d.r2, cs.a2);
    cpu.setR32(d.r1 + 1, ((r1odd & ~LEN24) | cs.l1) >>> 0);
    cpu.setR32(d.r2 + 1, ((r2odd & ~LEN24) | cs.l2) >>> 0);
  }
};

function clcleCommon(cpu: Cpu, r1: number, r3: number, pad: number, unit: 1 | 2): void {
  requireEven(r1, r3);
  cs.a1 = regAddress(cpu, r1); cs.l1 = regLength(cpu, r1 + 1);
  cs.a2 = regAddress(cpu, r3); cs.l2 = regLength(cpu, r3 + 1);
  if (unit === 2 && ((cs.l1 | cs.l2) & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  try {
    cpu.cc = compareLong(cpu, pad, unit);
  } finally {
    depositRegAddress(cpu, r1, cs.a1); setRegLength(cpu, r1 + 1, cs.l1);
    depositRegAddress(cpu, r3, cs.a2); setRegLength(cpu, r3 + 1, cs.l2);
  }
}

const clcle: Handler = (cpu, d) => clcleCommon(cpu, d.r1, d.r3, cpu.ea(0, d.b2, d.d2) & 0xff, 1);
const clclu: Handler = (cpu, d) => clcleCommon(cpu, d.r1, d.r3, cpu.ea(0, d.b2, d.d2) & 0xffff, 2);

export const STRING_LONG_HANDLERS: HandlerTable = { mvcl, mvcle, mvclu, clcl, clcle, clclu };
