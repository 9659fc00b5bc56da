// Access-register instructions of the problem state (PoP "General Instructions"): LOAD
// ACCESS MULTIPLE, STORE ACCESS MULTIPLE (and their long-displacement forms), EXTRACT
// ACCESS, SET ACCESS and COPY ACCESS. Access registers are 32 bits (cpu.ar); register
// ranges wrap from 15 to 0 as for LOAD MULTIPLE.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

/** The storage operand of LAM/STAM: word aligned, else a specification exception. */
function wordOperand(cpu: Cpu, d: Decoded): number {
  const a = cpu.ea(0, d.b2, d.d2);
  if ((a & 3) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  return a;
}

const count = (d: Decoded): number => ((d.r3 - d.r1) & 15) + 1;

/** Words fetched before any register changes, so an access exception leaves them all. */
const fetched = new Uint32Array(16);

function loadAccessMultiple(cpu: Cpu, d: Decoded): void {
  const a = wordOperand(cpu, d), n = count(d);
  for (let i = 0; i < n; i++) fetched[i] = cpu.read32(cpu.wrap(a + 4 * i));
  for (let i = 0; i < n; i++) cpu.ar[(d.r1 + i) & 15] = fetched[i];
}

function storeAccessMultiple(cpu: Cpu, d: Decoded): void {
  const a = wordOperand(cpu, d), n = count(d);
  cpu.checkWritable(a, 4 * n);
  for (let i = 0; i < n; i++) cpu.write32(cpu.wrap(a + 4 * i), cpu.ar[(d.r1 + i) & 15]);
}

export const ACCESS_REGISTER_HANDLERS: HandlerTable = {
  lam: loadAccessMultiple,
  lamy: loadAccessMultiple,
  stam: storeAccessMultiple,
  stamy: storeAccessMultiple,
  /** EXTRACT ACCESS: bits 32-63 of R1 := A2; bits 0-31 unchanged. */
  ear(cpu, d) { cpu.gpr[2 * d.r1 + 1] = cpu.ar[d.r2]; },
  /** SET ACCESS: A1 := bits 32-63 of R2. */
  sar(cpu, d) { cpu.ar[d.r1] = cpu.gpr[2 * d.r2 + 1]; },
  /** COPY ACCESS: A1 := A2. */
  cpya(cpu, d) { cpu.ar[d.r1] = cpu.ar[d.r2]; },
};
