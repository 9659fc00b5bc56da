// Debug aid behind `kuli run --trace-interrupts`: one line per interruption, naming its
// class by the old-PSW location it stores to and the interruption code the hardware
// stored in the lowcore just before the swap (program, SVC, external, I/O).
import type { Cpu } from '../cpu/cpu';
import { LOWCORE } from '../cpu/interrupts';

function hex(n: number): string {
  return n.toString(16);
}

/** The line for an interruption of `cpu` that stores its old PSW at `oldAt`. */
export function describeInterruption(cpu: Cpu, oldAt: number, oldAddress: number): string {
  const at = `at ${hex(oldAddress)}`;
  const lc = (off: number): number => cpu.mem.getUint16(cpu.absolute(off));
  switch (oldAt) {
    case LOWCORE.PROGRAM_OLD_PSW: {
      const code = lc(LOWCORE.PGM_CODE);
      const teid = cpu.mem.getUint32(cpu.absolute(LOWCORE.TRANS_EXC_CODE + 4));
      return `program 0x${hex(code).padStart(4, '0')} ${at} ilc ${lc(LOWCORE.PGM_ILC) >> 1}${(code & 0x7f) >= 0x10 && (code & 0x7f) <= 0x3b ? ` teid ${hex(teid)}` : ''}`;
    }
    case LOWCORE.SVC_OLD_PSW: return `svc ${lc(LOWCORE.SVC_CODE)} ${at}`;
    case LOWCORE.EXTERNAL_OLD_PSW: return `external 0x${hex(lc(LOWCORE.EXT_INT_CODE)).padStart(4, '0')} ${at}`;
    case LOWCORE.IO_OLD_PSW: return `i/o subchannel 0x${hex(cpu.mem.getUint32(cpu.absolute(LOWCORE.SUBCHANNEL_ID)))} ${at}`;
    case LOWCORE.RESTART_OLD_PSW: return `restart ${at}`;
    case LOWCORE.MCCK_OLD_PSW: return `machine check ${at}`;
    default: return `interruption (old PSW at 0x${hex(oldAt)}) ${at}`;
  }
}

/** An interrupt observer that prints through `out`, prefixed by the CPU when several run. */
export function interruptTracer(out: (line: string) => void, multi: boolean): (cpu: Cpu, oldAt: number, oldAddress: number) => void {
  return (cpu, oldAt, oldAddress) => {
    out(`${multi ? `cpu${cpu.cpuAddress} ` : ''}${describeInterruption(cpu, oldAt, oldAddress)}`);
  };
}
