// Storage-to-storage character instructions with a length field (SS-a): MVC, MVCIN,
// MVN, MVZ, CLC and MVCRL (NC, OC, XC live in logical.ts). The PoP defines them byte by byte left to right
// (so an overlapping MVC one byte to the right propagates a byte); operands are checked
// whole before any byte changes, and page-contained operands work on storage bytes
// directly with one translation each.
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { checkRange, inPage } from './storage-ops';

const SPECIFICATION_GR0_MASK = 0xffff_ff00;

/** Byte combiners for MVN, MVZ: (first-operand byte, second-operand byte). */
type Combine = (a: number, b: number) => number;

function slowCombine(cpu: Cpu, a1: number, a2: number, len: number, f: Combine): void {
  checkRange(cpu, a2, len, false);
  checkRange(cpu, a1, len, false);
  checkRange(cpu, a1, len, true);
  for (let i = 0; i < len; i++) {
    const t = cpu.wrap(a1 + i);
    cpu.write8(t, f(cpu.read8(t), cpu.read8(cpu.wrap(a2 + i))) & 0xff);
  }
}

/**
 * Applies `f` byte by byte left to right, storing each result before the next fetch.
 */
function combine(cpu: Cpu, d: Decoded, f: Combine): void {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  if (!inPage(a1, len) || !inPage(a2, len)) { slowCombine(cpu, a1, a2, len, f); return; }
  const s = cpu.translate(a2, len, false);
  const t = cpu.translate(a1, len, true);
  const m = cpu.storage.bytes;
  for (let i = 0; i < len; i++) {
    m[t + i] = f(m[t + i], m[s + i]) & 0xff;
  }
  cpu.noteWrite(t, len);
}

const mvc: Handler = (cpu, d) => {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  if (inPage(a1, len) && inPage(a2, len)) {
    const s = cpu.translate(a2, len, false);
    const t = cpu.translate(a1, len, true);
    const m = cpu.storage.bytes;
    if (t > s && t < s + len) {
      // Destructive overlap: each stored byte is fetched again later (propagation).
      for (let i = 0; i < len; i++) m[t + i] = m[s + i];
    } else {
      m.copyWithin(t, s, s + len);
    }
    cpu.noteWrite(t, len);
    return;
  }
  slowCombine(cpu, a1, a2, len, (_a, b) => b);
};

const mvn: Handler = (cpu, d) => { combine(cpu, d, (a, b) => (a & 0xf0) | (b & 0x0f)); };
const mvz: Handler = (cpu, d) => { combine(cpu, d, (a, b) => (a & 0x0f) | (b & 0xf0)); };

const clc: Handler = (cpu, d) => {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  if (inPage(a1, len) && inPage(a2, len)) {
    const p = cpu.translate(a1, len, false);
    const q = cpu.translate(a2, len, false);
    const m = cpu.storage.bytes;
    for (let i = 0; i < len; i++) {
      if (m[p + i] !== m[q + i]) { cpu.cc = m[p + i] < m[q + i] ? 1 : 2; return; }
    }
    cpu.cc = 0;
    return;
  }
  // Bytes past the first difference are not fetched (their access exceptions are
  // unpredictable in the PoP; the oracle does not recognise them).
  for (let i = 0; i < len; i++) {
    const x = cpu.read8(cpu.wrap(a1 + i));
    const y = cpu.read8(cpu.wrap(a2 + i));
    if (x !== y) { cpu.cc = x < y ? 1 : 2; return; }
  }
  cpu.cc = 0;
};

/** MVCIN: the second operand is addressed by its rightmost byte and moved reversed. */
const mvcin: Handler = (cpu, d) => {
  const len = d.l1 + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.wrap(cpu.ea(0, d.b2, d.d2) - (len - 1));
  checkRange(cpu, a2, len, false);
  checkRange(cpu, a1, len, true);
  // Overlap is unpredictable in the PoP; fetch the whole source first.
  const src = new Uint8Array(len);
  for (let i = 0; i < len; i++) src[i] = cpu.read8(cpu.wrap(a2 + i));
  for (let i = 0; i < len; i++) cpu.write8(cpu.wrap(a1 + i), src[len - 1 - i]);
};

/** MVCRL: length in GR0 bits 56-63; moves right to left (overlap-safe the other way). */
const mvcrl: Handler = (cpu, d) => {
  const gr0 = cpu.r32(0);
  if ((gr0 & SPECIFICATION_GR0_MASK) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const len = (gr0 & 0xff) + 1;
  const a1 = cpu.ea(0, d.b1, d.d1);
  const a2 = cpu.ea(0, d.b2, d.d2);
  checkRange(cpu, a2, len, false);
  checkRange(cpu, a1, len, true);
  for (let i = len - 1; i >= 0; i--) cpu.write8(cpu.wrap(a1 + i), cpu.read8(cpu.wrap(a2 + i)));
};

export const STRING_HANDLERS: HandlerTable = { mvc, mvcin, mvn, mvz, clc, mvcrl };
