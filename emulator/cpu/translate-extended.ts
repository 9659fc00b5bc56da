// TRANSLATE AND TEST EXTENDED and TRANSLATE AND TEST REVERSE EXTENDED (TRTE, TRTRE;
// PoP "General Instructions", parsing-enhancement facility). The first operand (R1
// address, R1+1 length) is scanned left to right (TRTE) or right to left (TRTRE, R1
// addressing the rightmost character) in 1- or 2-byte argument characters; each indexes
// the function-code table at GR1 (1- or 2-byte entries). The first nonzero function code
// stops the scan: it goes to R2, R1/R1+1 address and count the rest from that character,
// CC 1. A completed scan gives CC 0, and CC 3 ends a CPU-determined amount: here the rest
// of the page, so a later access exception leaves the registers at a page boundary.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

/** M3 bits: A (2-byte argument characters), F (2-byte function codes), L (arguments over 255 give code 0). */
const M3_A = 0x8, M3_F = 0x4, M3_L = 0x2;
const PAGE = 0x1000;

/** Bits 32-63 of a register in the 24/31-bit modes, all 64 bits in the 64-bit mode. */
function readAddressSized(cpu: Cpu, r: number): number {
  return cpu.amode === 64 ? cpu.r64Number(r) : cpu.r32(r);
}
function writeAddressSized(cpu: Cpu, r: number, v: number): void {
  if (cpu.amode === 64) cpu.setR64(r, Math.floor(v / 0x1_0000_0000) >>> 0, v >>> 0);
  else cpu.setR32(r, v >>> 0);
}

function translateAndTestExtended(cpu: Cpu, d: Decoded, reverse: boolean): void {
  const wide = (d.m3 & M3_A) !== 0, wideCode = (d.m3 & M3_F) !== 0, limit = (d.m3 & M3_L) !== 0;
  let addr = cpu.wrap(readAddressSized(cpu, d.r1));
  let len = readAddressSized(cpu, d.r1 + 1);
  if ((d.r1 & 1) !== 0 || (wide && len % 2 !== 0)) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const table = cpu.wrap(readAddressSized(cpu, 1));
  const step = wide ? 2 : 1;
  // The CPU-determined amount: up to the end (TRTRE: the start) of the current page.
  const budget = reverse ? (addr % PAGE) + 1 : PAGE - (addr % PAGE);
  let code = 0, done = 0;
  for (; len > 0 && done < budget; done += step) {
    const arg = wide ? (cpu.read8(addr) << 8) | cpu.read8(cpu.wrap(addr + 1)) : cpu.read8(addr);
    if (!(limit && arg > 0xff)) {
      const at = cpu.wrap(table + (wideCode ? 2 * arg : arg));
      code = wideCode ? (cpu.read8(at) << 8) | cpu.read8(cpu.wrap(at + 1)) : cpu.read8(at);
      if (code !== 0) break;
    }
    len -= step;
    addr = cpu.wrap(reverse ? addr - step : addr + step);
  }
  // Registers are rewritten only when characters were passed over (their 64-bit values
  // may not survive a round trip through a JS number otherwise).
  if (done > 0) {
    writeAddressSized(cpu, d.r1, addr);
    writeAddressSized(cpu, d.r1 + 1, len);
  }
  if (code === 0 && len > 0) { cpu.cc = 3; return; }
  if (d.r2 !== d.r1 && d.r2 !== d.r1 + 1) writeAddressSized(cpu, d.r2, code);
  cpu.cc = code !== 0 ? 1 : 0;
}

export const TRANSLATE_EXTENDED_HANDLERS: HandlerTable = {
  trte(cpu, d) { translateAndTestExtended(cpu, d, false); },
  trtre(cpu, d) { translateAndTestExtended(cpu, d, true); },
};
