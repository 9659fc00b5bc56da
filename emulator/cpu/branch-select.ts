// LOAD / STORE ON CONDITION and SELECT (load/store-on-condition facilities 1 and 2,
// miscellaneous-instruction-extensions 3): move a register, immediate or storage word
// only when the M mask selects the current condition code. Storage is not touched when
// the condition is false (the PoP leaves access exceptions unpredictable then).
import type { Cpu } from './cpu';
import type { HandlerTable } from './decoded';

function cond(cpu: Cpu, mask: number): boolean {
  return (mask & (8 >>> cpu.cc)) !== 0;
}

export const BRANCH_SELECT_HANDLERS: HandlerTable = {
  locr(cpu, d) { if (cond(cpu, d.m3)) cpu.gpr[2 * d.r1 + 1] = cpu.gpr[2 * d.r2 + 1]; },
  locgr(cpu, d) { if (cond(cpu, d.m3)) { cpu.gpr[2 * d.r1] = cpu.gpr[2 * d.r2]; cpu.gpr[2 * d.r1 + 1] = cpu.gpr[2 * d.r2 + 1]; } },
  locfhr(cpu, d) { if (cond(cpu, d.m3)) cpu.gpr[2 * d.r1] = cpu.gpr[2 * d.r2]; },
  loc(cpu, d) { if (cond(cpu, d.m3)) cpu.gpr[2 * d.r1 + 1] = cpu.read32(cpu.ea(0, d.b2, d.d2)); },
  locg(cpu, d) {
    if (!cond(cpu, d.m3)) return;
    cpu.read64(cpu.ea(0, d.b2, d.d2));
    cpu.gpr[2 * d.r1] = cpu.hi; cpu.gpr[2 * d.r1 + 1] = cpu.lo;
  },
  locfh(cpu, d) { if (cond(cpu, d.m3)) cpu.gpr[2 * d.r1] = cpu.read32(cpu.ea(0, d.b2, d.d2)); },
  lochi(cpu, d) { if (cond(cpu, d.m3)) cpu.gpr[2 * d.r1 + 1] = d.i2; },
  locghi(cpu, d) { if (cond(cpu, d.m3)) { cpu.gpr[2 * d.r1] = d.i2 >> 31; cpu.gpr[2 * d.r1 + 1] = d.i2; } },
  lochhi(cpu, d) { if (cond(cpu, d.m3)) cpu.gpr[2 * d.r1] = d.i2; },
  stoc(cpu, d) { if (cond(cpu, d.m3)) cpu.write32(cpu.ea(0, d.b2, d.d2), cpu.gpr[2 * d.r1 + 1]); },
  stocg(cpu, d) { if (cond(cpu, d.m3)) cpu.write64(cpu.ea(0, d.b2, d.d2), cpu.gpr[2 * d.r1], cpu.gpr[2 * d.r1 + 1]); },
  stocfh(cpu, d) { if (cond(cpu, d.m3)) cpu.write32(cpu.ea(0, d.b2, d.d2), cpu.gpr[2 * d.r1]); },
  selr(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.gpr[2 * (cond(cpu, d.m4) ? d.r2 : d.r3) + 1]; },
  selgr(cpu, d) {
    const j = 2 * (cond(cpu, d.m4) ? d.r2 : d.r3);
    cpu.gpr[2 * d.r1] = cpu.gpr[j]; cpu.gpr[2 * d.r1 + 1] = cpu.gpr[j + 1];
  },
  selfhr(cpu, d) { cpu.gpr[2 * d.r1] = cpu.gpr[2 * (cond(cpu, d.m4) ? d.r2 : d.r3)]; },
};
