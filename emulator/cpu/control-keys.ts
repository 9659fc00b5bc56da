// The PSW key (PoP "Insert PSW Key", "Set PSW Key From Address"): IPK and SPKA with their
// problem-state authorization. Storage-key, TPROT and LRA instructions belong to the MMU
// (dat-key-ops.ts, dat-ops.ts).
import type { Handler, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';
import { PSW } from './state';

/** CR0 bit 36: extraction-authority control (IPK in problem state). */
const CR0_EXTRACTION_AUTHORITY = 0x0800_0000;

const ipk: Handler = (cpu) => {
  if (cpu.problemState && (cpu.cr[1] & CR0_EXTRACTION_AUTHORITY) === 0) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
  const key = (cpu.pswMask & PSW.KEY_MASK) >>> PSW.KEY_SHIFT;
  cpu.setR32(2, ((cpu.r32(2) & 0xffff_ff00) | (key << 4)) >>> 0);
};

const spka: Handler = (cpu, d) => {
  const key = (cpu.ea(0, d.b2, d.d2) >>> 4) & 0xf;
  // In problem state the key must be allowed by the PSW-key mask (CR3 bits 32-47).
  if (cpu.problemState && (cpu.cr[7] & (0x8000_0000 >>> key)) === 0) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
  cpu.pswMask = ((cpu.pswMask & ~PSW.KEY_MASK) | (key << PSW.KEY_SHIFT)) >>> 0;
};

export const KEY_HANDLERS: HandlerTable = { ipk, spka };
