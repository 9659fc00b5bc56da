// Shared checks for the control (privileged and system) instructions: problem-state
// and alignment checks, the attached machine, 64-bit loads and stores as BigInt.
import type { Cpu, MachineHooks } from './cpu';
import { GuestHalt, PGM, ProgramInterrupt } from './interrupts';

/** Privileged instructions raise a privileged-operation exception in problem state. */
export function privileged(cpu: Cpu): void {
  if (cpu.problemState) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
}

/** Operand alignment: a specification exception otherwise. */
export function aligned(addr: number, bytes: number): void {
  if (addr % bytes !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
}

/** The machine the CPU belongs to (a bare test CPU has none). */
export function machineOf(cpu: Cpu, what: string): MachineHooks {
  const m = cpu.machine;
  if (m === undefined) throw new GuestHalt(`${what} at ${cpu.ia.toString(16)} needs a machine, and this CPU has none`);
  return m;
}

export function read64Big(cpu: Cpu, addr: number): bigint {
  cpu.read64(addr);
  return (BigInt(cpu.hi) << 32n) | BigInt(cpu.lo);
}

export function write64Big(cpu: Cpu, addr: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  cpu.write64(addr, Number(u >> 32n), Number(u & 0xffff_ffffn));
}

export function reg64Big(cpu: Cpu, r: number): bigint {
  return (BigInt(cpu.rHi(r)) << 32n) | BigInt(cpu.r32(r));
}

export function setReg64Big(cpu: Cpu, r: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  cpu.setR64(r, Number(u >> 32n), Number(u & 0xffff_ffffn));
}

/**
 * After an instruction that may have enabled a pending interruption (PSW mask, CR0,
 * timers): the machine takes it now, with the old PSW pointing at cpu.nia.
 */
export function interruptsMayBeEnabled(cpu: Cpu): void {
  cpu.machine?.checkInterrupts(cpu);
}
