// Clock instructions (PoP "Timing"): STORE CLOCK (unique, fast, extended), SET CLOCK,
// the TOD programmable register, CPU timer and clock comparator, EXTRACT CPU TIME. The
// clocks themselves belong to the machine (emulator/machine/timers.ts).
import { aligned, interruptsMayBeEnabled, machineOf, privileged, read64Big, setReg64Big, write64Big } from './control-common';
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

/** STCKE stores 16 bytes: epoch index, TOD bits 0-103, programmable field. */
const STCKE_LENGTH = 16;
/** SCKPF: R0 bits 32-47 must be zero; bits 48-63 are the programmable field. */
const SCKPF_RESERVED = 0xffff_0000;

const stck: Handler = (cpu, d) => {
  const a = cpu.ea(0, d.b2, d.d2);
  write64Big(cpu, a, machineOf(cpu, 'STCK').todClock());
  cpu.cc = 0;
};

const stcke: Handler = (cpu, d) => {
  const a = cpu.ea(0, d.b2, d.d2);
  const m = machineOf(cpu, 'STCKE');
  cpu.checkWritable(a, STCKE_LENGTH);
  const tod = m.todClock();
  // Byte 0 epoch index 0; bytes 1-8 TOD bits 0-63; bytes 9-13 zero; 14-15 programmable.
  cpu.write8(a, 0);
  write64Big(cpu, cpu.wrap(a + 1), tod);
  cpu.write32(cpu.wrap(a + 9), 0);
  cpu.write8(cpu.wrap(a + 13), 0);
  cpu.write16(cpu.wrap(a + 14), m.timing(cpu).todProgrammable);
  cpu.cc = 0;
};

const sck: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  machineOf(cpu, 'SCK').setTodClock(read64Big(cpu, a));
  cpu.cc = 0;
  interruptsMayBeEnabled(cpu);
};

const sckpf: Handler = (cpu) => {
  privileged(cpu);
  const r0 = cpu.r32(0);
  if ((r0 & SCKPF_RESERVED) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  machineOf(cpu, 'SCKPF').timing(cpu).todProgrammable = r0 & 0xffff;
};

const spt: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  machineOf(cpu, 'SPT').timing(cpu).setCpuTimer(read64Big(cpu, a));
  interruptsMayBeEnabled(cpu);
};

const stpt: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  write64Big(cpu, a, machineOf(cpu, 'STPT').timing(cpu).cpuTimer());
};

const sckc: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  machineOf(cpu, 'SCKC').timing(cpu).setClockComparator(read64Big(cpu, a));
  interruptsMayBeEnabled(cpu);
};

const stckc: Handler = (cpu, d) => {
  privileged(cpu);
  const a = cpu.ea(0, d.b2, d.d2);
  aligned(a, 8);
  write64Big(cpu, a, machineOf(cpu, 'STCKC').timing(cpu).clockComparator());
};

/**
 * ECTG D1(B1),D2(B2),R3: R0 = first operand - CPU timer, R1 = second operand,
 * R3 = the doubleword R3 addresses. Not privileged.
 */
const ectg: Handler = (cpu, d) => {
  const timing = machineOf(cpu, 'ECTG').timing(cpu);
  const op1 = read64Big(cpu, cpu.ea(0, d.b1, d.d1));
  const op2 = read64Big(cpu, cpu.ea(0, d.b2, d.d2));
  const op3 = read64Big(cpu, cpu.wrap(cpu.r64Number(d.r3)));
  setReg64Big(cpu, 0, op1 - timing.cpuTimer());
  setReg64Big(cpu, 1, op2);
  setReg64Big(cpu, d.r3, op3);
};

export const CLOCK_HANDLERS: HandlerTable = {
  stck, stckf: stck, stcke, sck, sckpf, spt, stpt, sckc, stckc, ectg,
};

