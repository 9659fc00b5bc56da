// Floating-point-control register instructions: extract/set/load/store FPC, set FPC and
// signal (simulated IEEE exceptions), and the set-rounding-mode instructions for BFP
// (2- and 3-bit forms) and DFP.
import type { Cpu } from './cpu';
import type { Handler, HandlerTable } from './decoded';
import { DXC, FPC, dataException, specification, validFpcRoundingMode } from './bfp-common';
import { FLAG } from './softfloat';

/** Specification exception for reserved bits or an invalid BFP rounding mode. */
function checkFpc(v: number): void {
  if ((v & FPC.RESERVED) !== 0 || !validFpcRoundingMode(v)) throw specification();
}

/**
 * SET FPC AND SIGNAL / LOAD FPC AND SIGNAL: the new value is installed with the current
 * flags kept; a flag that is on and now unmasked raises a simulated IEEE exception whose
 * DXC names the highest-priority one.
 */
function setAndSignal(cpu: Cpu, v: number): void {
  checkFpc(v);
  const flags = (cpu.fpc >>> FPC.FLAG_SHIFT) & 0xff;
  cpu.fpc = (v | (flags << FPC.FLAG_SHIFT)) >>> 0;
  const hit = flags & (v >>> FPC.MASK_SHIFT);
  if (hit === 0) return;
  let dxc: number;
  if (hit & FLAG.INVALID) dxc = FLAG.INVALID;
  else if (hit & FLAG.DIVIDE) dxc = FLAG.DIVIDE;
  else if (hit & FLAG.OVERFLOW) dxc = hit & (FLAG.OVERFLOW | FLAG.INEXACT);
  else if (hit & FLAG.UNDERFLOW) dxc = hit & (FLAG.UNDERFLOW | FLAG.INEXACT);
  else if (hit & FLAG.INEXACT) dxc = FLAG.INEXACT;
  else dxc = hit & 0x04; // quantum (DFP)
  throw dataException(dxc | DXC.SIMULATED);
}

const srnmb: Handler = (cpu, d) => {
  const a = cpu.ea(0, d.b2, d.d2);
  const m = a & 7;
  // Bits 56-60 of the second-operand address must be zero (PoP SET BFP ROUNDING MODE).
  if ((a & 0xf8) !== 0 || !validFpcRoundingMode(m)) throw specification();
  cpu.fpc = ((cpu.fpc & ~FPC.BFP_RM_MASK) | m) >>> 0;
};

export const BFP_FPC_HANDLERS: HandlerTable = {
  efpc: (cpu, d) => cpu.setR32(d.r1, cpu.fpc),
  stfpc: (cpu, d) => cpu.write32(cpu.ea(0, d.b2, d.d2), cpu.fpc),
  sfpc: (cpu, d) => {
    const v = cpu.r32(d.r1);
    checkFpc(v);
    cpu.fpc = v;
  },
  lfpc: (cpu, d) => {
    const v = cpu.read32(cpu.ea(0, d.b2, d.d2));
    checkFpc(v);
    cpu.fpc = v;
  },
  sfasr: (cpu, d) => setAndSignal(cpu, cpu.r32(d.r1)),
  lfas: (cpu, d) => setAndSignal(cpu, cpu.read32(cpu.ea(0, d.b2, d.d2))),
  srnm: (cpu, d) => { cpu.fpc = ((cpu.fpc & ~FPC.BFP_RM_MASK) | (cpu.ea(0, d.b2, d.d2) & 3)) >>> 0; },
  srnmb,
  srnmt: (cpu, d) => {
    cpu.fpc = ((cpu.fpc & ~FPC.DFP_RM_MASK) | ((cpu.ea(0, d.b2, d.d2) & 7) << FPC.DFP_RM_SHIFT)) >>> 0;
  },
};
