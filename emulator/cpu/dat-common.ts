// Shared pieces of the DAT, address-space and storage-key instructions: privilege and
// authority checks, the current address spaces, and 64-bit register halves as numbers.
import { SPACE, type Space } from '../mmu/mmu';
import type { Cpu } from './cpu';
import { PGM, ProgramInterrupt } from './interrupts';
import { PSW } from './state';

const TWO32 = 0x1_0000_0000;
/** CR0 bit 36: extraction-authority control (EPAR, ESAR, IAC, IVSK in problem state). */
export const CR0_EXTRACTION_AUTHORITY = 0x0800_0000;

export function privileged(cpu: Cpu): void {
  if (cpu.problemState) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
}

/** Semiprivileged extraction: allowed in problem state only with CR0 bit 36. */
export function extractionAuthorized(cpu: Cpu): void {
  if (cpu.problemState && (cpu.cr[1] & CR0_EXTRACTION_AUTHORITY) === 0) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
}

/** Instructions that need DAT on raise a special-operation exception otherwise. */
export function datOn(cpu: Cpu): void {
  if ((cpu.pswMask & PSW.DAT) === 0) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
}

/** In problem state an access key must be allowed by the PSW-key mask (CR3 bits 32-47). */
export function keyAuthorized(cpu: Cpu, key: number): void {
  if (cpu.problemState && (cpu.cr[7] & (0x8000_0000 >>> key)) === 0) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
}

export function pswKey(cpu: Cpu): number {
  return (cpu.pswMask & PSW.KEY_MASK) >>> PSW.KEY_SHIFT;
}

/** PSW address-space control (bits 16-17): 0 primary, 1 AR, 2 secondary, 3 home. */
export function asMode(cpu: Cpu): number {
  return (cpu.pswMask & PSW.AS_MASK) >>> PSW.AS_SHIFT;
}

/** The space operands are translated in (access-register mode: ALET 0, primary). */
export function operandSpace(cpu: Cpu): Space {
  const as = asMode(cpu);
  return as === 2 ? SPACE.SECONDARY : as === 3 ? SPACE.HOME : SPACE.PRIMARY;
}

/** General register r as an address of the current addressing mode. */
export function regAddress(cpu: Cpu, r: number): number {
  return cpu.wrap(cpu.rHi(r) * TWO32 + cpu.r32(r));
}

/** Stores a 64-bit JS number (exact below 2^53) in general register r. */
export function setReg64(cpu: Cpu, r: number, v: number): void {
  cpu.setR64(r, Math.floor(v / TWO32) >>> 0, v >>> 0);
}
