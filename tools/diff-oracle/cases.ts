// Test cases for one instruction: operand fields, the 16 GPRs (and FPRs), the explicit
// bytes of the storage area, the initial condition code / program mask / FPC. Register
// conventions of the generated kernels: r10 points into the storage area (every storage
// operand's base), r11 is the index register, r13 holds a branch or target address;
// operand registers come from the rest.
import type { Operand } from '../../emulator/isa/operands';
import { encode, type OperandValue } from './encode';
import type { OperandType } from './bfp-types';
import { hasRoundingM3 } from './bfp-types';
import {
  extendedValue, gprValue, immediate, longValue, packedDecimal, shortValue, u64, vectorValue, type Rng,
} from './random';
import type { InsnSpec } from './select';
import { applySpecial, executeTarget, SPECIAL_SETUPS } from './special';

export const MEM_SIZE = 1024;
export const MEM_BASE_OFFSET = 512;
export const MEM_EXPLICIT = 64;
export const BASE_REG = 10;
export const INDEX_REG = 11;
export const TARGET_REG = 13;

const GPR_POOL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15];
const PAIR_POOL = [0, 2, 4, 6, 8, 14];
const FPR_POOL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const FPR_PAIR_POOL = [0, 1, 4, 5, 8, 9, 12, 13];
/** BFP rounding methods that are valid in M3/M4 (PoP "Rounding Method"). */
const ROUNDING_METHODS = [0, 1, 3, 4, 5, 6, 7];

export const CF_FP = 1;
export const CF_BRANCH = 2;
export const CF_VECTOR = 4;

/** A register value: a 64-bit pattern or an assembler expression (an address). */
export type RegValue = bigint | string;

export interface Labels {
  readonly insn: string;
  readonly taken: string;
  /** EXECUTE target, emitted after the case (never reached by falling through). */
  readonly ex: string;
  readonly mem: string;
}

export interface TestCase {
  readonly spec: InsnSpec;
  readonly index: number;
  readonly asm: string;
  /** Code placed after the case's exits (an EXECUTE target), or ''. */
  readonly extra: string;
  readonly bytes: Uint8Array;
  /** Registers given explicit values (the rest are random, from the seed, at run time). */
  readonly gpr: Map<number, RegValue>;
  readonly fpr: Map<number, bigint>;
  /** Vector registers given explicit values: [left, right] doublewords. */
  readonly vr: Map<number, [bigint, bigint]>;
  /** Vector registers always printed (operands). */
  readonly vshow: number;
  readonly mem: number[];
  readonly show: number;
  readonly spm: number;
  readonly fpc: number;
  readonly seed: number;
  readonly flags: number;
}

interface StorageOperand {
  readonly disp: Operand;
  readonly index?: Operand;
  readonly length?: Operand;
  readonly base: Operand;
}

type Slot = { kind: 'op'; op: Operand } | { kind: 'storage'; s: StorageOperand };

function slotsOf(ops: readonly Operand[]): Slot[] {
  const out: Slot[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.kind !== 'disp') { out.push({ kind: 'op', op }); continue; }
    let index: Operand | undefined;
    let length: Operand | undefined;
    let base: Operand | undefined;
    for (i++; i < ops.length; i++) {
      const o = ops[i];
      if (o.kind === 'index') index = o;
      else if (o.kind === 'length') length = o;
      else if (o.kind === 'base') { base = o; break; } else { i--; break; }
    }
    if (!base) throw new Error(`storage operand ${op.field} without base`);
    out.push({ kind: 'storage', s: { disp: op, index, length, base } });
  }
  return out;
}

/** Builds case number `index` of an instruction. */
export function makeCase(spec: InsnSpec, index: number, rng: Rng, labels: Labels): TestCase {
  const insn = spec.insn;
  const m = spec.mnemonic;
  const gpr = new Map<number, RegValue>();
  const fp = spec.fp !== undefined;
  const fpr = new Map<number, bigint>();
  const vr = new Map<number, [bigint, bigint]>();
  let vshow = 0;
  const operandVrs: number[] = [];
  const mem: number[] = [];
  for (let slot = 0; slot < MEM_EXPLICIT / 8; slot++) {
    const v = rng.chance(0.6) ? gprValue(rng) : rng.u64();
    for (let b = 7; b >= 0; b--) mem.push(Number((v >> BigInt(8 * b)) & 0xffn));
  }
  gpr.set(BASE_REG, `${labels.mem}+${MEM_BASE_OFFSET}`);
  gpr.set(INDEX_REG, BigInt(8 * rng.int(0, 3)));
  if (spec.branch) gpr.set(TARGET_REG, labels.taken);
  if (spec.execute) gpr.set(TARGET_REG, labels.ex);

  const values: Record<string, OperandValue> = {};
  const usedGpr = new Set<number>([BASE_REG, INDEX_REG, TARGET_REG, ...spec.implicit]);
  const operandGprs: number[] = [];
  const usedFpr = new Set<number>();
  const operandFprs: number[] = [];
  let show = 0;
  let fpIndex = 0;
  const nextType = (): OperandType => spec.fp?.[fpIndex++] ?? '-';
  /** Byte offset into the explicit area of each mem-mode storage operand, in order. */
  const memOffsets: number[] = [];

  const mayAlias = !SPECIAL_SETUPS.has(m);
  const pickGpr = (pair: boolean): number => {
    if (mayAlias && operandGprs.length > 0 && rng.chance(0.2)) {
      const again = rng.pick(operandGprs);
      if (!pair || again % 2 === 0) return again;
    }
    const pool = (pair ? PAIR_POOL : GPR_POOL).filter((r) => !usedGpr.has(r) && !(pair && usedGpr.has(r + 1)));
    return rng.pick(pool.length ? pool : pair ? PAIR_POOL : GPR_POOL);
  };
  const pickFpr = (pair: boolean): number => {
    if (operandFprs.length > 0 && rng.chance(0.2)) {
      const again = rng.pick(operandFprs);
      if (!pair || FPR_PAIR_POOL.includes(again)) return again;
    }
    const pool = (pair ? FPR_PAIR_POOL : FPR_POOL).filter((r) => !usedFpr.has(r) && !(pair && usedFpr.has(r + 2)));
    return rng.pick(pool.length ? pool : pair ? FPR_PAIR_POOL : FPR_POOL);
  };
  // QEMU 7.2 copies a signaling NaN through LOAD AND TEST unchanged (the PoP delivers
  // the quiet NaN with an invalid-operation exception): no SNaN inputs there.
  const quietOnly = /^lt[edx]br$/.test(m);
  // Multiply-and-add/subtract with several NaN operands: QEMU 7.2 picks the NaN by its
  // own rule, not the PoP's; keep at most one NaN operand.
  const oneNan = /^m[as][ed]br?$/.test(m);
  let nans = 0;
  const shortNan = (v: number): boolean => (v & 0x7f80_0000) === 0x7f80_0000 && (v & 0x7f_ffff) !== 0;
  const longNan = (v: bigint): boolean => (v & 0x7ff0_0000_0000_0000n) === 0x7ff0_0000_0000_0000n && (v & 0xf_ffff_ffff_ffffn) !== 0n;
  const setFp = (r: number, t: OperandType): void => {
    if (oneNan && t === 'E') {
      let v = shortValue(rng);
      while (nans > 0 && shortNan(v)) v = shortValue(rng);
      if (shortNan(v)) nans++;
      fpr.set(r, (BigInt(v) << 32n) | BigInt(rng.u32()));
      return;
    }
    if (oneNan && t === 'D') {
      let v = longValue(rng);
      while (nans > 0 && longNan(v)) v = longValue(rng);
      if (longNan(v)) nans++;
      fpr.set(r, v);
      return;
    }
    if (t === 'E') {
      let v = shortValue(rng);
      if (quietOnly && (v & 0x7f80_0000) === 0x7f80_0000 && (v & 0x7f_ffff) !== 0) v = (v | 0x40_0000) >>> 0;
      fpr.set(r, (BigInt(v) << 32n) | BigInt(rng.u32()));
    } else if (t === 'D' || t === '-') {
      let v = longValue(rng);
      if (quietOnly && (v & 0x7ff0_0000_0000_0000n) === 0x7ff0_0000_0000_0000n && (v & 0xf_ffff_ffff_ffffn) !== 0n) {
        v |= 0x8_0000_0000_0000n;
      }
      fpr.set(r, v);
    } else if (t === 'X') {
      const [high, lo] = extendedValue(rng);
      let hi = high;
      if (quietOnly && (hi & 0x7fff_0000_0000_0000n) === 0x7fff_0000_0000_0000n && ((hi & 0xffff_ffff_ffffn) | lo) !== 0n) {
        hi |= 0x8000_0000_0000n;
      }
      fpr.set(r, hi);
      fpr.set((r + 2) & 15, lo);
    }
  };
  const writeMem = (offset: number, bytes: readonly number[]): void => {
    bytes.forEach((b, i) => { if (offset + i >= 0 && offset + i < MEM_EXPLICIT) mem[offset + i] = b & 0xff; });
  };
  const bigBytes = (v: bigint, n: number): number[] =>
    Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn));

  for (const slot of slotsOf(insn.operands)) {
    if (slot.kind === 'storage') {
      const { disp, index, length, base } = slot.s;
      const t = spec.fp ? nextType() : '-';
      const long = disp.bits === 20;
      if (length) values[length.field] = length.bits === 8 ? (rng.chance(0.5) ? rng.int(1, 16) : rng.int(1, 256)) : rng.int(1, 16);
      if (spec.storage === 'target') {
        values[disp.field] = 0;
        values[base.field] = TARGET_REG;
        if (index) values[index.field] = 0;
      } else if (spec.storage === 'value') {
        const useIndex = rng.chance(0.3);
        values[base.field] = useIndex ? INDEX_REG : 0;
        if (useIndex) gpr.set(INDEX_REG, BigInt(rng.int(0, 100)));
        if (index) values[index.field] = 0;
        const max = long ? 2 ** 19 - 1 : 4095;
        // SET ROUNDING MODE takes the mode from the low address bits; keep most valid.
        const low = /^srnm/.test(m) ? 7 : 70;
        values[disp.field] = rng.chance(0.85) ? rng.int(0, low) : rng.int(0, max);
      } else {
        const useIndex = index !== undefined && rng.chance(0.3);
        if (index) values[index.field] = useIndex ? INDEX_REG : 0;
        values[base.field] = BASE_REG;
        // Mostly quadword aligned inside the explicit bytes (interlocked and pair
        // operands need alignment); sometimes doubleword aligned or anywhere.
        const shape = rng.int(0, 9);
        let d = shape < 6 ? 16 * rng.int(0, 3) : shape < 8 ? 8 * rng.int(0, 7) : rng.int(0, 223);
        if (long && rng.chance(0.15)) d = -8 * rng.int(1, 32) + (rng.chance(0.3) ? rng.int(1, 7) : 0);
        values[disp.field] = d;
        const offset = d + (useIndex ? Number(gpr.get(INDEX_REG) as bigint) : 0);
        memOffsets.push(offset);
        if (t === 'E') {
          let v = shortValue(rng);
          while (oneNan && nans > 0 && shortNan(v)) v = shortValue(rng);
          if (shortNan(v)) nans++;
          writeMem(offset, bigBytes(BigInt(v), 4));
        } else if (t === 'D') {
          let v = longValue(rng);
          while (oneNan && nans > 0 && longNan(v)) v = longValue(rng);
          if (longNan(v)) nans++;
          writeMem(offset, bigBytes(v, 8));
        }
      }
      continue;
    }
    const op = slot.op;
    switch (op.kind) {
      case 'gpr': case 'gpr-pair': {
        const pair = op.kind === 'gpr-pair' || spec.pairFields.includes(op.field);
        const t = spec.fp ? nextType() : '-';
        let r = pickGpr(pair);
        if (spec.targetRegister && op.field === 'R2') r = rng.chance(0.85) ? TARGET_REG : 0;
        values[op.field] = r;
        if (r === TARGET_REG) break;
        if (!operandGprs.includes(r)) {
          operandGprs.push(r);
          gpr.set(r, t === 'F' ? u64((rng.u64() & 0xffff_ffff_0000_0000n) | (gprValue(rng) & 0xffff_ffffn)) : gprValue(rng));
          if (pair) gpr.set(r + 1, gprValue(rng));
        }
        usedGpr.add(r);
        show |= 1 << r;
        if (pair) { usedGpr.add(r + 1); show |= 1 << (r + 1); }
        break;
      }
      case 'fpr': case 'fpr-pair': {
        const t = nextType();
        // Extended operands need a register pair even where the table's layout says 'f'.
        const pair = op.kind === 'fpr-pair' || t === 'X';
        const r = pickFpr(pair);
        values[op.field] = r;
        if (!operandFprs.includes(r)) { operandFprs.push(r); setFp(r, t); }
        usedFpr.add(r);
        show |= 1 << (16 + r);
        if (pair) { usedFpr.add(r + 2); show |= 1 << (16 + r + 2); }
        break;
      }
      case 'relative': {
        if (spec.execute) {
          values[op.field] = { label: labels.ex };
        } else if (spec.relative === 'data' && m !== 'bpp') {
          const off = 8 * rng.int(0, 7);
          memOffsets.push(off);
          values[op.field] = { label: `${labels.mem}+${MEM_BASE_OFFSET + off}`, external: true };
        } else {
          values[op.field] = { label: labels.taken };
        }
        break;
      }
      case 'vr': {
        let r = rng.int(0, 31);
        if (operandVrs.length > 0 && rng.chance(0.2)) r = rng.pick(operandVrs);
        values[op.field] = r;
        if (!operandVrs.includes(r)) {
          operandVrs.push(r);
          vr.set(r, vectorValue(rng));
        }
        vshow |= 1 << r;
        break;
      }
      case 'unsigned': case 'signed': {
        values[op.field] = immediateFor(spec, op, rng);
        break;
      }
      case 'length':
        values[op.field] = rng.int(1, 2 ** op.bits);
        break;
      default:
        throw new Error(`${m}: unhandled operand kind ${op.kind}`);
    }
  }

  // Initial condition code. The program mask stays 0: QEMU 7.2 ignores the fixed-point-
  // overflow mask (no interruption 8), so its answers would be wrong goldens.
  const cc = rng.int(0, 3);
  const pm = 0;
  let fpc = 0;
  if (fp) {
    if (rng.chance(0.3)) fpc = rng.pick([1, 2, 3, 7]);
    // Only the suppressing IEEE traps (invalid operation, division by zero): for the
    // completing ones (overflow, underflow, inexact) QEMU 7.2 suppresses the result
    // instead of delivering it, so its answers would be wrong goldens.
    if (rng.chance(0.2)) fpc = (fpc | 0xc000_0000) >>> 0;
  }
  if (!applySpecial(m, rng, { values, gpr, mem, memLabel: labels.mem })) {
    applyFamilyHooks(spec, rng, { gpr, mem, values, memOffsets, writeMem, bigBytes });
  }
  const extra = spec.execute ? executeTarget(rng) : '';
  const enc = encode(insn, values, labels.insn);
  return {
    spec, index, asm: enc.asm, extra, bytes: enc.bytes, gpr, fpr, vr, vshow: vshow >>> 0, mem, show,
    spm: ((cc << 28) | (pm << 24)) >>> 0, fpc, seed: rng.u32(),
    flags: (fp ? CF_FP : 0) | (spec.branch ? CF_BRANCH : 0) | (spec.vector ? CF_VECTOR : 0),
  };
}

function immediateFor(spec: InsnSpec, op: Operand, rng: Rng): number {
  const m = spec.mnemonic;
  const f = op.field;
  if (spec.fp && (f === 'M3' || f === 'M4')) {
    const rounding = (f === 'M3' && hasRoundingM3(m)) || (f === 'M4' && /^di[ed]br$/.test(m));
    if (rounding) return rng.chance(0.9) ? rng.pick(ROUNDING_METHODS) : rng.int(0, 15);
    return rng.chance(0.8) ? rng.pick([0, 4]) : rng.int(0, 15);
  }
  if (spec.insn.format.name === 'RIE-f') {
    // Rotate-then-*-selected-bits: bit positions 0-63, plus the flag bit (T / Z) at 0x80.
    if (f === 'I5') return rng.chance(0.2) ? rng.pick([0, 32, 63]) : rng.int(0, 63);
    // QEMU 7.2 aborts (TCG fatal error) on RNSBG/ROSBG/RXSBG with the test-results bit.
    const flag = f === 'I3' && /^r[nox]sbg$/.test(m) ? 0 : 0x80;
    return rng.int(0, 63) | (rng.chance(0.3) ? flag : 0) | (rng.chance(0.05) ? 0x40 : 0);
  }
  if (spec.vector && f.startsWith('M')) {
    // Mostly valid element sizes / controls: 0-3 for integer operations; floating
    // point wants size 3 (long) and the single-element bit 8.
    if (rng.chance(0.15)) return rng.int(0, 15);
    return /^[vw]f|^wc|^vc[dg]|^vl[de]|^vfi/.test(m) ? rng.pick([0, 3, 8, 3]) : rng.int(0, 3);
  }
  if (f.startsWith('M')) return rng.int(0, 2 ** op.bits - 1);
  return immediate(rng, op.bits, op.kind === 'signed');
}

interface HookContext {
  gpr: Map<number, RegValue>;
  mem: number[];
  values: Record<string, OperandValue>;
  memOffsets: number[];
  writeMem(offset: number, bytes: readonly number[]): void;
  bigBytes(v: bigint, n: number): number[];
}

/** Adjustments that make the interesting outcome likely (equal compares, valid data). */
function applyFamilyHooks(spec: InsnSpec, rng: Rng, c: HookContext): void {
  const m = spec.mnemonic;
  const r1 = typeof c.values.R1 === 'number' ? c.values.R1 : undefined;
  const off = c.memOffsets[0];
  const reg = (r: number): bigint => {
    const v = c.gpr.get(r);
    return typeof v === 'bigint' ? v : 0n;
  };
  const low32 = (v: bigint): bigint => v & 0xffff_ffffn;
  const isCompare = /^compare/.test(spec.insn.row.description);
  if (m === 'sfpc' && r1 !== undefined && rng.chance(0.8)) { c.gpr.set(r1, BigInt(validFpc(rng))); return; }
  if (off === undefined) {
    if (r1 !== undefined && typeof c.values.R2 === 'number' && isCompare && rng.chance(0.25)) {
      const v2 = c.gpr.get(c.values.R2);
      if (typeof v2 === 'bigint' && r1 !== BASE_REG && r1 !== TARGET_REG) c.gpr.set(r1, v2);
    }
    return;
  }
  // Compare-and-swap family: make the comparison succeed half of the time.
  if (/^cs[gy]?$/.test(m) && r1 !== undefined && rng.chance(0.5)) {
    c.writeMem(off, c.bigBytes(m === 'csg' ? reg(r1) : low32(reg(r1)), m === 'csg' ? 8 : 4));
    return;
  }
  if (/^cds[gy]?$/.test(m) && r1 !== undefined && rng.chance(0.5)) {
    if (m === 'cdsg') c.writeMem(off, [...c.bigBytes(reg(r1), 8), ...c.bigBytes(reg(r1 + 1), 8)]);
    else c.writeMem(off, [...c.bigBytes(low32(reg(r1)), 4), ...c.bigBytes(low32(reg(r1 + 1)), 4)]);
    return;
  }
  // Decimal operands: valid packed data most of the time.
  if (/^(cvb|cvby)$/.test(m)) { if (rng.chance(0.8)) c.writeMem(off, packedDecimal(rng, 8)); return; }
  if (m === 'cvbg') { if (rng.chance(0.8)) c.writeMem(off, packedDecimal(rng, 16)); return; }
  if (/^(ap|sp|zap|cp|mp|dp|srp|tp|mvo|unpk|ed|edmk)$/.test(m)) {
    c.memOffsets.forEach((o, i) => {
      const len = (() => {
        const l = c.values[`L${i + 1}`];
        return typeof l === 'number' ? l : 8;
      })();
      if (rng.chance(0.8)) c.writeMem(o, packedDecimal(rng, Math.min(len, 16)));
    });
    return;
  }
  if (m === 'lfpc' && rng.chance(0.8)) { c.writeMem(off, c.bigBytes(BigInt(validFpc(rng)), 4)); return; }
  // Compares against storage: equal operands a quarter of the time.
  if (isCompare && r1 !== undefined && r1 !== BASE_REG && rng.chance(0.25)) {
    const wide = /g/.test(m.slice(1));
    c.writeMem(off, wide ? c.bigBytes(reg(r1), 8) : c.bigBytes(low32(reg(r1)), 4));
  }
}

/** An FPC value without reserved bits: masks, flags, DXC and a valid BFP rounding mode. */
function validFpc(rng: Rng): number {
  const masks = rng.chance(0.5) ? 0 : (rng.u32() & 0xf8) << 24;
  const flags = rng.chance(0.5) ? 0 : (rng.u32() & 0xf8) << 16;
  const dxc = rng.chance(0.7) ? 0 : (rng.u32() & 0xff) << 8;
  return (masks | flags | dxc | rng.pick([0, 1, 2, 3, 7])) >>> 0;
}
