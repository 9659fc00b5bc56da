// Shared pieces of the BFP instructions: the FPC layout, FPR access by format (short in the
// left word, long in the register, extended in the register pair n / n+2), the rounding
// mode of the FPC or of an M3/M4 field, and IEEE exception handling: flags, masks and the
// data exception with its DXC (PoP "Binary-Floating-Point Instructions", "IEEE Exceptions").
import type { Cpu } from './cpu';
import { PGM, ProgramInterrupt } from './interrupts';
import { FLAG, RM, status, type BinaryFormat, type RoundingMode } from './softfloat';

/** FPC fields: IEEE masks (byte 0), flags (byte 1), DXC (byte 2), rounding modes (byte 3). */
export const FPC = {
  MASK_SHIFT: 24,
  FLAG_SHIFT: 16,
  DXC_SHIFT: 8,
  DXC_MASK: 0x0000_ff00,
  BFP_RM_MASK: 0x0000_0007,
  DFP_RM_MASK: 0x0000_0070,
  DFP_RM_SHIFT: 4,
  /** Bits that must be zero: mask bits 6-7, flag bits 14-15, bits 24 and 28. */
  RESERVED: 0x0303_0088,
} as const;

/** Data-exception codes used by BFP and FPC instructions. */
export const DXC = {
  /** Simulated IEEE exception (SET FPC AND SIGNAL): low two bits of the DXC. */
  SIMULATED: 0x03,
} as const;

export function dataException(dxc: number): ProgramInterrupt {
  return new ProgramInterrupt(PGM.DATA, false, dxc);
}

export function specification(): ProgramInterrupt {
  return new ProgramInterrupt(PGM.SPECIFICATION);
}

/** BFP rounding modes by FPC value (bits 29-31); 4-6 are invalid. */
const FPC_RM: readonly (RoundingMode | -1)[] = [RM.NEAREST_EVEN, RM.TOWARD_ZERO, RM.UP, RM.DOWN, -1, -1, -1,
  RM.PREPARE_SHORTER];

export function validFpcRoundingMode(v: number): boolean {
  return FPC_RM[v & 7] !== -1;
}

/** The current BFP rounding mode of the FPC. */
export function fpcRoundingMode(cpu: Cpu): RoundingMode {
  return FPC_RM[cpu.fpc & FPC.BFP_RM_MASK] as RoundingMode;
}

/** BFP rounding-method field values of M3/M4 (0: the FPC mode; 2 and 8-15 are invalid). */
const FIELD_RM: readonly (RoundingMode | -1)[] = [-1, RM.NEAREST_AWAY, -1, RM.PREPARE_SHORTER, RM.NEAREST_EVEN,
  RM.TOWARD_ZERO, RM.UP, RM.DOWN];

/** Rounding mode of an M field; throws a specification exception for invalid values. */
export function fieldRoundingMode(cpu: Cpu, m: number): RoundingMode {
  if (m === 0) return fpcRoundingMode(cpu);
  const rm = m < 8 ? FIELD_RM[m] : -1;
  if (rm === -1) throw specification();
  return rm;
}

/** M4 bit 1 (inexact-suppression control): no inexact flag or interruption. */
export const M4_XIC = 0x4;

// ---- FPR access ---------------------------------------------------------------------------

/** Specification exception unless n names the first register of an extended pair. */
export function checkPair(n: number): void {
  if ((n & 2) !== 0) throw specification();
}

export function readFpr(cpu: Cpu, f: BinaryFormat, n: number): bigint {
  const v = cpu.vr;
  switch (f.bits) {
    case 32: return BigInt(v[4 * n]);
    case 64: return (BigInt(v[4 * n]) << 32n) | BigInt(v[4 * n + 1]);
    default: {
      const m = n + 2;
      return (BigInt(v[4 * n]) << 96n) | (BigInt(v[4 * n + 1]) << 64n) | (BigInt(v[4 * m]) << 32n) | BigInt(v[4 * m + 1]);
    }
  }
}

export function writeFpr(cpu: Cpu, f: BinaryFormat, n: number, bits: bigint): void {
  const v = cpu.vr;
  switch (f.bits) {
    case 32: v[4 * n] = Number(bits & 0xffff_ffffn); break;
    case 64: v[4 * n] = Number(bits >> 32n); v[4 * n + 1] = Number(bits & 0xffff_ffffn); break;
    default: {
      const m = n + 2;
      v[4 * n] = Number(bits >> 96n);
      v[4 * n + 1] = Number((bits >> 64n) & 0xffff_ffffn);
      v[4 * m] = Number((bits >> 32n) & 0xffff_ffffn);
      v[4 * m + 1] = Number(bits & 0xffff_ffffn);
    }
  }
}

/** Reads a short or long operand from storage. */
export function readMem(cpu: Cpu, f: BinaryFormat, addr: number): bigint {
  if (f.bits === 32) return BigInt(cpu.read32(addr));
  cpu.read64(addr);
  return (BigInt(cpu.hi) << 32n) | BigInt(cpu.lo);
}

/** Condition code of a result: 0 zero, 1 negative, 2 positive, 3 NaN. */
export function resultCc(f: BinaryFormat, bits: bigint): number {
  const mag = bits & ~f.signBit;
  if (mag === 0n) return 0;
  if (mag > f.expMask) return 3;
  return (bits & f.signBit) !== 0n ? 1 : 2;
}

// ---- IEEE exceptions -------------------------------------------------------------------

/** DXC of a completed operation whose interruption is taken after its result is stored. */
let pendingDxc = 0;

/**
 * Applies the FPC masks to the conditions in softfloat.status and returns the value to store:
 * the result, or the scaled result of a trapped overflow/underflow. Invalid operation and
 * division by zero with their mask on suppress the instruction (thrown here); the other
 * traps complete it, and `ieeeDone` raises them after the handler stored the result.
 */
export function ieeeResult(cpu: Cpu, result: bigint, suppressInexact = false): bigint {
  pendingDxc = 0;
  const fl = status.flags;
  if (fl === 0) return result;
  const masks = cpu.fpc >>> FPC.MASK_SHIFT;
  const inexact = (fl & FLAG.INEXACT) !== 0 && !suppressInexact;
  if ((fl & FLAG.INVALID) !== 0) {
    // An invalid conversion to fixed is also inexact; the DXC reports it even under XiC.
    if ((masks & FLAG.INVALID) !== 0) throw dataException(FLAG.INVALID | (fl & FLAG.INEXACT));
    cpu.fpc |= FLAG.INVALID << FPC.FLAG_SHIFT;
  } else if ((fl & FLAG.DIVIDE) !== 0) {
    if ((masks & FLAG.DIVIDE) !== 0) throw dataException(FLAG.DIVIDE);
    cpu.fpc |= FLAG.DIVIDE << FPC.FLAG_SHIFT;
  } else if ((fl & FLAG.OVERFLOW) !== 0) {
    if ((masks & FLAG.OVERFLOW) !== 0) {
      pendingDxc = FLAG.OVERFLOW | (status.scaledFlags & (FLAG.INEXACT | FLAG.INCREMENTED));
      return status.scaled;
    }
    cpu.fpc |= FLAG.OVERFLOW << FPC.FLAG_SHIFT;
  } else if ((fl & FLAG.UNDERFLOW) !== 0) {
    if ((masks & FLAG.UNDERFLOW) !== 0) {
      pendingDxc = FLAG.UNDERFLOW | (status.scaledFlags & (FLAG.INEXACT | FLAG.INCREMENTED));
      return status.scaled;
    }
    if ((fl & FLAG.INEXACT) !== 0) cpu.fpc |= FLAG.UNDERFLOW << FPC.FLAG_SHIFT;
  }
  if (inexact) {
    if ((masks & FLAG.INEXACT) !== 0) pendingDxc = FLAG.INEXACT | (fl & FLAG.INCREMENTED);
    else cpu.fpc |= FLAG.INEXACT << FPC.FLAG_SHIFT;
  }
  return result;
}

/** Takes the interruption of a trapped overflow, underflow or inexact result, if any. */
export function ieeeDone(): void {
  if (pendingDxc !== 0) {
    const dxc = pendingDxc;
    pendingDxc = 0;
    throw dataException(dxc);
  }
}

/** The usual sequence for a register result: exceptions, store, condition code, trap. */
export function storeResult(cpu: Cpu, f: BinaryFormat, r1: number, result: bigint, setCc: boolean,
  suppressInexact = false): void {
  const v = ieeeResult(cpu, result, suppressInexact);
  writeFpr(cpu, f, r1, v);
  if (setCc) cpu.cc = resultCc(f, v);
  ieeeDone();
}
