// Shared helper for CPU unit tests: a Cpu on fresh storage, instruction bytes placed at
// an address, registers set from a compact description, one instruction executed.
import { Cpu } from '../../emulator/cpu/cpu';
import { GuestStorage } from '../../emulator/mmu/storage';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { LOWCORE } from '../../emulator/cpu/interrupts';

export const CODE_AT = 0x10000;
/** Program new PSW target used by tests: a disabled-wait PSW, so the run loop stops. */
export const PGM_HANDLER = 0x20000;

export interface Setup {
  /** General registers as 64-bit values. */
  r?: Record<number, bigint>;
  cc?: number;
  /** Program mask (PSW bits 20-23). */
  progMask?: number;
  /** Bytes to place in storage: address → hex string. */
  mem?: Record<number, string>;
  /** Addressing mode, default 64. */
  amode?: 24 | 31 | 64;
  /** FPRs as 64-bit patterns. */
  f?: Record<number, bigint>;
  /** Vector registers as 128-bit patterns (set after `f`, so they win where they overlap). */
  v?: Record<number, bigint>;
  fpc?: number;
}

export function newCpu(memSize = 1 << 20): Cpu {
  const cpu = new Cpu(new GuestStorage(memSize));
  // Program new PSW: 64-bit mode, disabled wait at PGM_HANDLER.
  const w = [PSW.WAIT | PSW.EA, PSW_BA, 0, PGM_HANDLER];
  w.forEach((v, i) => cpu.mem.setUint32(LOWCORE.PROGRAM_NEW_PSW + 4 * i, v >>> 0));
  return cpu;
}

export function setReg(cpu: Cpu, n: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  cpu.setR64(n, Number(u >> 32n), Number(u & 0xffff_ffffn));
}

export function reg(cpu: Cpu, n: number): bigint {
  return (BigInt(cpu.rHi(n)) << 32n) | BigInt(cpu.r32(n));
}

export function setFpr(cpu: Cpu, n: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  cpu.vr[4 * n] = Number(u >> 32n);
  cpu.vr[4 * n + 1] = Number(u & 0xffff_ffffn);
}

export function fpr(cpu: Cpu, n: number): bigint {
  return (BigInt(cpu.vr[4 * n]) << 32n) | BigInt(cpu.vr[4 * n + 1]);
}

export function setVr(cpu: Cpu, n: number, v: bigint): void {
  const u = BigInt.asUintN(128, v);
  for (let w = 0; w < 4; w++) cpu.vr[4 * n + w] = Number((u >> BigInt(96 - 32 * w)) & 0xffff_ffffn);
}

export function vr(cpu: Cpu, n: number): bigint {
  let v = 0n;
  for (let w = 0; w < 4; w++) v = (v << 32n) | BigInt(cpu.vr[4 * n + w]);
  return v;
}

export interface StepResult {
  cpu: Cpu;
  /** Program-interruption code taken, or 0. */
  pgm: number;
}

/** Places `hex` (one instruction or several) at CODE_AT and executes `count` instructions. */
export function exec(hex: string, setup: Setup = {}, count = 1, cpu = newCpu()): StepResult {
  const bytes = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  cpu.storage.bytes.set(bytes, CODE_AT);
  for (const [addr, h] of Object.entries(setup.mem ?? {})) cpu.storage.bytes.set(Buffer.from(h.replace(/\s+/g, ''), 'hex'), Number(addr));
  for (const [n, v] of Object.entries(setup.r ?? {})) setReg(cpu, Number(n), v);
  for (const [n, v] of Object.entries(setup.f ?? {})) setFpr(cpu, Number(n), v);
  for (const [n, v] of Object.entries(setup.v ?? {})) setVr(cpu, Number(n), v);
  const amode = setup.amode ?? 64;
  cpu.loadPsw(((amode === 64 ? PSW.EA : 0) | ((setup.cc ?? 0) << PSW.CC_SHIFT) | ((setup.progMask ?? 0) << PSW.PROGMASK_SHIFT)) >>> 0,
    amode === 24 ? 0 : PSW_BA, 0, CODE_AT);
  if (setup.fpc !== undefined) cpu.fpc = setup.fpc;
  let pgm = 0;
  for (let i = 0; i < count; i++) {
    const before = cpu.programInterrupts;
    cpu.step();
    if (cpu.programInterrupts !== before) {
      pgm = cpu.lastProgramInterrupt;
      break;
    }
  }
  return { cpu, pgm };
}
