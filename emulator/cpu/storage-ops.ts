// Shared operand helpers for the storage-to-storage, string and decimal instructions:
// page-contained fast paths on guest storage bytes, register-pair operand fields
// (address and length as the addressing mode defines them), and the data exception.
import type { Cpu } from './cpu';
import { PGM, ProgramInterrupt } from './interrupts';

export const PAGE_SIZE = 0x1000;
const TWO32 = 0x1_0000_0000;

/** True when [addr, addr+len) lies within one 4K page (so one translation covers it). */
export function inPage(addr: number, len: number): boolean {
  return (addr & 0xfff) + len <= PAGE_SIZE;
}

/** Bytes from `addr` to the end of its page. */
export function toPageEnd(addr: number): number {
  return PAGE_SIZE - (addr & 0xfff);
}

/** Reads `len` bytes (any length, may cross pages and wrap) into `out`. */
export function readBytes(cpu: Cpu, addr: number, len: number, out: Uint8Array): void {
  const m = cpu.storage.bytes;
  let done = 0;
  while (done < len) {
    const a = cpu.wrap(addr + done);
    const n = Math.min(len - done, toPageEnd(a));
    const abs = cpu.translate(a, n, false);
    out.set(m.subarray(abs, abs + n), done);
    done += n;
  }
}

/** Writes `src` at `addr` (callers check the whole operand first when the PoP requires). */
export function writeBytes(cpu: Cpu, addr: number, src: Uint8Array): void {
  const m = cpu.storage.bytes;
  let done = 0;
  while (done < src.length) {
    const a = cpu.wrap(addr + done);
    const n = Math.min(src.length - done, toPageEnd(a));
    const abs = cpu.translate(a, n, true);
    m.set(src.subarray(done, done + n), abs);
    cpu.noteWrite(abs, n);
    done += n;
  }
}

/** Checks every page of [addr, addr+len) for fetch (or store) before anything changes. */
export function checkRange(cpu: Cpu, addr: number, len: number, write: boolean): void {
  let done = 0;
  while (done < len) {
    const a = cpu.wrap(addr + done);
    const n = Math.min(len - done, toPageEnd(a));
    cpu.translate(a, 1, write);
    done += n;
  }
}

// ---- register operands ----------------------------------------------------------------

/** The address in general register r, per addressing mode. */
export function regAddress(cpu: Cpu, r: number): number {
  if (cpu.amode === 64) return cpu.r64Number(r);
  return cpu.wrap(cpu.r32(r));
}

/**
 * Stores an updated address into general register r: all 64 bits in 64-bit mode; in
 * 31-bit mode bits 33-63 with bit 32 zero, in 24-bit mode bits 40-63 with bits 32-39
 * zero; bits 0-31 are left unchanged outside 64-bit mode.
 */
export function setRegAddress(cpu: Cpu, r: number, addr: number): void {
  if (cpu.amode === 64) {
    cpu.setR64(r, Math.floor(addr / TWO32) >>> 0, addr >>> 0);
  } else {
    cpu.setR32(r, cpu.wrap(addr) >>> 0);
  }
}

/** A 32-bit (24/31-bit mode) or 64-bit (64-bit mode) length in general register r. */
/**
 * Stores an updated address into general register r keeping the bits outside the
 * addressing mode's address (bits 32-39 in 24-bit, bit 32 in 31-bit mode), as the
 * oracle does for CLCL, CLCLE/CLCLU and MVCLE/MVCLU.
 */
export function depositRegAddress(cpu: Cpu, r: number, addr: number): void {
  if (cpu.amode === 64) {
    cpu.setR64(r, Math.floor(addr / TWO32) >>> 0, addr >>> 0);
  } else {
    const mask = cpu.amode === 31 ? 0x7fff_ffff : 0x00ff_ffff;
    cpu.setR32(r, ((cpu.r32(r) & ~mask) | (addr & mask)) >>> 0);
  }
}

export function regLength(cpu: Cpu, r: number): number {
  return cpu.amode === 64 ? cpu.r64Number(r) : cpu.r32(r);
}

export function setRegLength(cpu: Cpu, r: number, len: number): void {
  if (cpu.amode === 64) cpu.setR64(r, Math.floor(len / TWO32) >>> 0, len >>> 0);
  else cpu.setR32(r, len >>> 0);
}

/** R must designate the even register of an even-odd pair. */
export function requireEven(...regs: number[]): void {
  for (const r of regs) if ((r & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
}

// ---- exceptions ---------------------------------------------------------------------

/** Data-exception codes (DXC) used by this domain. */
export const DXC = { DECIMAL_OPERAND: 0x00 } as const;

/** Raises a data exception; the run loop stores the DXC (real 147, and FPC under AFP). */
export function dataException(_cpu: Cpu, dxc: number): never {
  throw new ProgramInterrupt(PGM.DATA, false, dxc);
}
