// Machine-check interruptions (PoP "Machine-Check Handling"). Kuli's hardware never
// fails, so the only machine check it presents is the repressible "channel report
// pending" condition: the channel subsystem queued a CRW (device hotplug) and the guest
// reads it with STCRW. Delivery stores the register save areas a guest's handler
// revalidates its registers from (vector registers in the extended save area the guest
// registered at lowcore 0x11b0), the interruption code, and swaps the machine-check PSWs.
import type { Cpu } from '../cpu/cpu';
import { LOWCORE } from '../cpu/interrupts';
import { PSW } from '../cpu/state';

/** CR14 subclass masks (bit 35: channel report pending), in the CR's low word. */
export const CR14_SUBCLASS = {
  CHANNEL_REPORT: 0x1000_0000,
} as const;

/** Lowcore field: machine-check extended save area designation (MCESAD). */
export const MCESAD = 0x11b0;
/** The extended save area origin is 1K aligned (its low bits hold a length code with GS). */
const MCESA_ORIGIN_MASK_LO = 0xffff_fc00;

/**
 * Machine-check interruption code bits as two words (bits 0-31, bits 32-63). Subclass:
 * bit 9 channel report pending. Validity, exactly the set QEMU stores (the mcck guest's
 * golden): 20 WP, 21 MS, 22 PM, 23 IA, 25 VR, 27 FP, 28 GR, 29 CR, 31 ST, 33 AR,
 * 42 TOD programmable, 43 FPC, 46 CT, 47 CC; no failing-storage address (24) is stored.
 */
export const MCIC = {
  CHANNEL_REPORT_HI: 0x0040_0000,
  VALID_VECTOR_HI: 0x0000_0040,
  VALID_HI: 0x0000_0f1d,
  VALID_LO: 0x4033_0000,
} as const;

/** Register and timer values a machine check stores besides the CPU's registers. */
export interface MachineCheckTimers {
  cpuTimer: bigint;
  clockComparator: bigint;
  todProgrammable: number;
}

/** Whether `cpu` accepts a channel-report-pending machine check now (PSW bit 13, CR14 bit 35). */
export function channelReportCheckEnabled(cpu: Cpu): boolean {
  return (cpu.pswMask & PSW.MCHECK) !== 0 && (cpu.cr[29] & CR14_SUBCLASS.CHANNEL_REPORT) !== 0;
}

/**
 * Performs a channel-report-pending machine-check interruption on `cpu` with the old PSW
 * pointing at `address`. `vector`: the CPU has the vector facility, so the vector
 * registers go to the extended save area (their validity bit is off without one).
 */
export function deliverChannelReportCheck(cpu: Cpu, address: number, timers: MachineCheckTimers, vector: boolean): void {
  const w32 = (real: number, v: number): void => cpu.writeReal32(real, v >>> 0);
  const w64 = (real: number, v: bigint): void => {
    const u = BigInt.asUintN(64, v);
    w32(real, Number(u >> 32n));
    w32(real + 4, Number(u & 0xffff_ffffn));
  };
  let validHi: number = MCIC.VALID_HI;
  if (vector) {
    const hi = cpu.readReal32(MCESAD);
    const lo = (cpu.readReal32(MCESAD + 4) & MCESA_ORIGIN_MASK_LO) >>> 0;
    const origin = hi * 0x1_0000_0000 + lo;
    if (origin !== 0 && origin + 32 * 16 <= cpu.storage.size) {
      for (let i = 0; i < 128; i++) cpu.mem.setUint32(origin + 4 * i, cpu.vr[i]);
      cpu.invalidateRange(origin, 32 * 16);
      validHi |= MCIC.VALID_VECTOR_HI;
    }
  }
  // z/Architecture mode, as store status records it.
  cpu.writeReal8(LOWCORE.AR_MODE_ID, 1);
  for (let i = 0; i < 16; i++) {
    w32(LOWCORE.FPR_SAVE + 8 * i, cpu.vr[4 * i]);
    w32(LOWCORE.FPR_SAVE + 8 * i + 4, cpu.vr[4 * i + 1]);
    w32(LOWCORE.GPR_SAVE + 8 * i, cpu.gpr[2 * i]);
    w32(LOWCORE.GPR_SAVE + 8 * i + 4, cpu.gpr[2 * i + 1]);
    w32(LOWCORE.CR_SAVE + 8 * i, cpu.cr[2 * i]);
    w32(LOWCORE.CR_SAVE + 8 * i + 4, cpu.cr[2 * i + 1]);
    w32(LOWCORE.AR_SAVE + 4 * i, cpu.ar[i]);
  }
  w32(LOWCORE.PREFIX_SAVE, cpu.prefix);
  w32(LOWCORE.FPC_SAVE, cpu.fpc);
  w32(LOWCORE.TOD_PROG_SAVE, timers.todProgrammable);
  w64(LOWCORE.CPU_TIMER_SAVE, timers.cpuTimer);
  // Clock comparator bits 0-55 in the seven bytes after the first.
  w64(LOWCORE.CLOCK_COMP_SAVE, BigInt.asUintN(64, timers.clockComparator) >> 8n);
  w32(LOWCORE.MCCK_INT_CODE, validHi | MCIC.CHANNEL_REPORT_HI);
  w32(LOWCORE.MCCK_INT_CODE + 4, MCIC.VALID_LO);
  cpu.swapPsw(LOWCORE.MCCK_OLD_PSW, LOWCORE.MCCK_NEW_PSW, address);
}
