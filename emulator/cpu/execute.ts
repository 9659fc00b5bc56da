// EXECUTE and EXECUTE RELATIVE LONG (PoP "General Instructions"): fetch the target
// instruction, OR bits 8-15 with bits 56-63 of R1 when R1 is not 0, and perform it.
// The modified instruction is decoded afresh every time (never cached: the OR value
// changes). While the target runs, cpu.ia is the target's address (relative operands
// are relative to it) and cpu.nia/cpu.current stay those of EXECUTE, so link
// information, ILC and the old PSW on an interruption are EXECUTE's.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

/** Opcode of EXECUTE, and of EXECUTE RELATIVE LONG (first byte, second-byte nibble). */
const OP_EX = 0x44;
const OP_EXRL = 0xc6, OP_EXRL_LOW = 0x0;

function fetchHalfword(cpu: Cpu, addr: number, into: Uint8Array, at: number): void {
  const abs = cpu.translate(addr, 2, false, true);
  into[at] = cpu.mem.getUint8(abs);
  into[at + 1] = cpu.mem.getUint8(abs + 1);
}

function execute(cpu: Cpu, d: Decoded, target: number): void {
  if ((target & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const bytes = new Uint8Array(6);
  fetchHalfword(cpu, target, bytes, 0);
  const len = ((bytes[0] >> 6) + 3) & ~1;
  for (let k = 2; k < len; k += 2) fetchHalfword(cpu, cpu.wrap(target + k), bytes, k);
  if (d.r1 !== 0) bytes[1] |= cpu.gpr[2 * d.r1 + 1] & 0xff;
  if (bytes[0] === OP_EX || (bytes[0] === OP_EXRL && (bytes[1] & 0x0f) === OP_EXRL_LOW)) {
    throw new ProgramInterrupt(PGM.EXECUTE);
  }
  // Cpu.decode through the instance's class: a value import of cpu.ts would be circular.
  const t = (cpu.constructor as typeof Cpu).decode(bytes);
  const ia = cpu.ia;
  cpu.ia = target;
  try {
    t.exec(cpu, t);
  } finally {
    cpu.ia = ia;
  }
}

export const EXECUTE_HANDLERS: HandlerTable = {
  ex(cpu, d) { execute(cpu, d, cpu.ea(d.x2, d.b2, d.d2)); },
  exrl(cpu, d) { execute(cpu, d, cpu.wrap(cpu.ia + 2 * d.ri2)); },
};
