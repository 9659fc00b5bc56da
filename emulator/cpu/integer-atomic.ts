// Interlocked storage updates (PoP "General Instructions"): LOAD AND ADD / ADD LOGICAL /
// AND / OR / EXCLUSIVE OR (interlocked-access facility 1), COMPARE AND SWAP and COMPARE
// DOUBLE AND SWAP, COMPARE AND SWAP AND STORE, LOAD PAIR DISJOINT, LOAD PAIR FROM /
// STORE PAIR TO QUADWORD. Their operands are aligned (a specification exception
// otherwise), so each lies in one page and takes one translation.
//
// A vcpu runs to completion of each instruction on one thread today, so these are plain
// read-modify-writes. When vcpus run on several workers over the shared guest storage,
// the marked `ATOMIC` steps become Atomics.compareExchange / Atomics.add ... on an
// Int32Array (or BigInt64Array) view of the page, with the operand byte-swapped to the
// host order, in a compare-exchange loop for the forms Atomics has no operator for.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { add64, R } from './int64';
import { cc64, ccAdd32, ccLogical32, overflow, specification } from './integer-ops';

/** Second-operand address D2(B2), which must be a multiple of `size`. */
function aligned(cpu: Cpu, b: number, disp: number, size: number): number {
  const a = cpu.ea(0, b, disp);
  if ((a & (size - 1)) !== 0) specification();
  return a;
}
function even(r: number): number {
  if ((r & 1) !== 0) specification();
  return r;
}

const OP_AND = 0, OP_OR = 1, OP_XOR = 2;

/** LAN/LAO/LAX: r1 := old word, storage := old op r3; CC 0 result zero, 1 not zero. */
function loadAndLogic32(cpu: Cpu, d: Decoded, op: number): void {
  const addr = aligned(cpu, d.b2, d.d2, 4), a = cpu.translate(addr, 4, true), m = cpu.mem;
  const b = cpu.gpr[2 * d.r3 + 1];
  const old = m.getUint32(a); // ATOMIC
  const r = op === OP_AND ? old & b : op === OP_OR ? old | b : old ^ b;
  m.setUint32(a, r);
  cpu.noteWrite(a, 4);
  cpu.gpr[2 * d.r1 + 1] = old;
  cpu.cc = r === 0 ? 0 : 1;
}
function loadAndLogic64(cpu: Cpu, d: Decoded, op: number): void {
  const addr = aligned(cpu, d.b2, d.d2, 8), a = cpu.translate(addr, 8, true), m = cpu.mem, g = cpu.gpr;
  const bh = g[2 * d.r3], bl = g[2 * d.r3 + 1];
  const oh = m.getUint32(a), ol = m.getUint32(a + 4); // ATOMIC
  const rh = op === OP_AND ? oh & bh : op === OP_OR ? oh | bh : oh ^ bh;
  const rl = op === OP_AND ? ol & bl : op === OP_OR ? ol | bl : ol ^ bl;
  m.setUint32(a, rh);
  m.setUint32(a + 4, rl);
  cpu.noteWrite(a, 8);
  g[2 * d.r1] = oh; g[2 * d.r1 + 1] = ol;
  cpu.cc = (rh | rl) === 0 ? 0 : 1;
}

/** LAA / LAAL: r1 := old word, storage := old + r3; signed or logical CC. */
function loadAndAdd32(cpu: Cpu, d: Decoded, logical: boolean): void {
  const addr = aligned(cpu, d.b2, d.d2, 4), a = cpu.translate(addr, 4, true), m = cpu.mem;
  const b = cpu.gpr[2 * d.r3 + 1];
  const old = m.getUint32(a); // ATOMIC
  const sum = old + b;
  m.setUint32(a, sum >>> 0);
  cpu.noteWrite(a, 4);
  cpu.gpr[2 * d.r1 + 1] = old;
  if (logical) ccLogical32(cpu, sum); else ccAdd32(cpu, old, b, sum | 0);
}
function loadAndAdd64(cpu: Cpu, d: Decoded, logical: boolean): void {
  const addr = aligned(cpu, d.b2, d.d2, 8), a = cpu.translate(addr, 8, true), m = cpu.mem, g = cpu.gpr;
  const bh = g[2 * d.r3], bl = g[2 * d.r3 + 1];
  const oh = m.getUint32(a), ol = m.getUint32(a + 4); // ATOMIC
  add64(oh, ol, bh, bl);
  m.setUint32(a, R.hi);
  m.setUint32(a + 4, R.lo);
  cpu.noteWrite(a, 8);
  g[2 * d.r1] = oh; g[2 * d.r1 + 1] = ol;
  if (logical) cpu.cc = ((R.hi | R.lo) !== 0 ? 1 : 0) | (R.carry << 1);
  else if (R.overflow) overflow(cpu);
  else cc64(cpu, R.hi, R.lo);
}

/** Compare and swap of a doubleword at absolute `a` with gpr words c0:c1 / s0:s1 (CC 0 or 1). */
function swap2(cpu: Cpu, a: number, c0: number, c1: number, s0: number, s1: number): void {
  const m = cpu.mem, g = cpu.gpr;
  const o0 = m.getUint32(a), o1 = m.getUint32(a + 4); // ATOMIC
  if (o0 === g[c0] && o1 === g[c1]) {
    m.setUint32(a, g[s0]); m.setUint32(a + 4, g[s1]);
    cpu.noteWrite(a, 8);
    cpu.cc = 0;
  } else {
    g[c0] = o0; g[c1] = o1;
    cpu.cc = 1;
  }
}
/** The quadword form (CDSG): registers c..c+3 and s..s+3 as gpr word indices. */
function swap4(cpu: Cpu, a: number, c: number, s: number): void {
  const m = cpu.mem, g = cpu.gpr;
  const o0 = m.getUint32(a), o1 = m.getUint32(a + 4), o2 = m.getUint32(a + 8), o3 = m.getUint32(a + 12); // ATOMIC
  if (o0 === g[c] && o1 === g[c + 1] && o2 === g[c + 2] && o3 === g[c + 3]) {
    m.setUint32(a, g[s]); m.setUint32(a + 4, g[s + 1]); m.setUint32(a + 8, g[s + 2]); m.setUint32(a + 12, g[s + 3]);
    cpu.noteWrite(a, 16);
    cpu.cc = 0;
  } else {
    g[c] = o0; g[c + 1] = o1; g[c + 2] = o2; g[c + 3] = o3;
    cpu.cc = 1;
  }
}

function cs(cpu: Cpu, d: Decoded): void {
  // The store access is checked even when the operands differ (PoP: fetch and store, operand 2).
  const a = cpu.translate(aligned(cpu, d.b2, d.d2, 4), 4, true), m = cpu.mem, g = cpu.gpr;
  const old = m.getUint32(a); // ATOMIC
  if (old === g[2 * d.r1 + 1]) {
    m.setUint32(a, g[2 * d.r3 + 1]);
    cpu.noteWrite(a, 4);
    cpu.cc = 0;
  } else {
    g[2 * d.r1 + 1] = old;
    cpu.cc = 1;
  }
}
function csg(cpu: Cpu, d: Decoded): void {
  const a = cpu.translate(aligned(cpu, d.b2, d.d2, 8), 8, true);
  swap2(cpu, a, 2 * d.r1, 2 * d.r1 + 1, 2 * d.r3, 2 * d.r3 + 1);
}
function cds(cpu: Cpu, d: Decoded): void {
  const r1 = even(d.r1), r3 = even(d.r3);
  const a = cpu.translate(aligned(cpu, d.b2, d.d2, 8), 8, true);
  swap2(cpu, a, 2 * r1 + 1, 2 * r1 + 3, 2 * r3 + 1, 2 * r3 + 3);
}

/** COMPARE AND SWAP AND STORE: GR0 bits 56-63 function code, 48-55 store characteristic. */
const CSST_MAX_FC = 2, CSST_MAX_SC = 4;
function csst(cpu: Cpu, d: Decoded): void {
  const g = cpu.gpr, fc = g[1] & 0xff, sc = (g[1] >>> 8) & 0xff;
  if (fc > CSST_MAX_FC || sc > CSST_MAX_SC || (fc === 2 && (d.r3 & 1) !== 0)) specification();
  const size1 = 4 << fc, size2 = 1 << sc;
  const a1 = aligned(cpu, d.b1, d.d1, size1), a2 = aligned(cpu, d.b2, d.d2, size2);
  // The parameter list (quadword aligned: the low four bits of GR1 are ignored) holds the
  // replacement value at bytes 0-15 and the store value, left-aligned, at bytes 16-31.
  const pl = cpu.wrap(g[2] * 0x1_0000_0000 + ((g[3] & ~0xf) >>> 0));
  const p1 = cpu.translate(a1, size1, true), p2 = cpu.translate(a2, size2, true);
  const list = cpu.translate(pl, 32, false), m = cpu.mem;
  const r = 2 * d.r3, words = size1 >>> 2;
  // Compare words: FC 0 bits 32-63 of R3, FC 1 all of R3, FC 2 the pair R3, R3+1.
  const cmp = fc === 0 ? [r + 1] : fc === 1 ? [r, r + 1] : [r, r + 1, r + 2, r + 3];
  let equal = true;
  for (let i = 0; i < words; i++) if (m.getUint32(p1 + 4 * i) !== g[cmp[i]]) { equal = false; break; } // ATOMIC
  if (!equal) {
    for (let i = 0; i < words; i++) g[cmp[i]] = m.getUint32(p1 + 4 * i);
    cpu.cc = 1;
    return;
  }
  for (let i = 0; i < size1; i++) m.setUint8(p1 + i, m.getUint8(list + i));
  cpu.noteWrite(p1, size1);
  for (let i = 0; i < size2; i++) m.setUint8(p2 + i, m.getUint8(list + 16 + i));
  cpu.noteWrite(p2, size2);
  cpu.cc = 0;
}

/** LOAD PAIR DISJOINT: the even/odd pair R3 from two separate operands (CC 0: interlocked). */
function lpd(cpu: Cpu, d: Decoded, size: number): void {
  const r3 = even(d.r3), g = cpu.gpr;
  const a1 = aligned(cpu, d.b1, d.d1, size), a2 = aligned(cpu, d.b2, d.d2, size);
  if (size === 4) {
    const v1 = cpu.read32(a1), v2 = cpu.read32(a2);
    g[2 * r3 + 1] = v1; g[2 * r3 + 3] = v2;
  } else {
    cpu.read64(a1); const h1 = cpu.hi, l1 = cpu.lo;
    cpu.read64(a2);
    g[2 * r3] = h1; g[2 * r3 + 1] = l1; g[2 * r3 + 2] = cpu.hi; g[2 * r3 + 3] = cpu.lo;
  }
  cpu.cc = 0;
}

export const ATOMIC_HANDLERS: HandlerTable = {
  laa(cpu, d) { loadAndAdd32(cpu, d, false); },
  laal(cpu, d) { loadAndAdd32(cpu, d, true); },
  laag(cpu, d) { loadAndAdd64(cpu, d, false); },
  laalg(cpu, d) { loadAndAdd64(cpu, d, true); },
  lan(cpu, d) { loadAndLogic32(cpu, d, OP_AND); },
  lao(cpu, d) { loadAndLogic32(cpu, d, OP_OR); },
  lax(cpu, d) { loadAndLogic32(cpu, d, OP_XOR); },
  lang(cpu, d) { loadAndLogic64(cpu, d, OP_AND); },
  laog(cpu, d) { loadAndLogic64(cpu, d, OP_OR); },
  laxg(cpu, d) { loadAndLogic64(cpu, d, OP_XOR); },
  cs, csy: cs, csg,
  cds, cdsy: cds,
  cdsg(cpu, d) {
    const r1 = even(d.r1), r3 = even(d.r3);
    const a = cpu.translate(aligned(cpu, d.b2, d.d2, 16), 16, true);
    swap4(cpu, a, 2 * r1, 2 * r3);
  },
  csst,
  lpd(cpu, d) { lpd(cpu, d, 4); },
  lpdg(cpu, d) { lpd(cpu, d, 8); },
  lpq(cpu, d) {
    const r1 = even(d.r1), addr = cpu.ea(d.x2, d.b2, d.d2);
    if ((addr & 15) !== 0) specification();
    const a = cpu.translate(addr, 16, false), m = cpu.mem, g = cpu.gpr;
    g[2 * r1] = m.getUint32(a); g[2 * r1 + 1] = m.getUint32(a + 4);
    g[2 * r1 + 2] = m.getUint32(a + 8); g[2 * r1 + 3] = m.getUint32(a + 12);
  },
  stpq(cpu, d) {
    const r1 = even(d.r1), addr = cpu.ea(d.x2, d.b2, d.d2);
    if ((addr & 15) !== 0) specification();
    const a = cpu.translate(addr, 16, true), m = cpu.mem, g = cpu.gpr;
    m.setUint32(a, g[2 * r1]); m.setUint32(a + 4, g[2 * r1 + 1]);
    m.setUint32(a + 8, g[2 * r1 + 2]); m.setUint32(a + 12, g[2 * r1 + 3]);
    cpu.noteWrite(a, 16);
  },
};
