// A virtual subchannel on the channel subsystem (emulator/io/subchannel.ts): the SCHIB
// (PMCW, SCSW, measurement-block address) and the subchannel functions as QEMU's virtual
// css performs them. Start runs the whole channel program synchronously inside SSCH and
// leaves the subchannel status pending with an I/O interruption; there is no suspend,
// so halt, cancel and resume find nothing in progress.
import type { TestResult } from '../../cpu/io-instructions';
import { PGM, ProgramInterrupt } from '../../cpu/interrupts';
import { subchannelWord, type Subchannel } from '../../io/subchannel';
import type { GuestMemory } from '../device';
import { runChannelProgram, SENSE_SIZE, type ChannelDevice, type ProgramEnd } from './channel-program';

/** PMCW flags word (bytes 4-5). */
export const PMCW_FLAGS = {
  ISC: 0x3800,
  ENA: 0x0080,
  LM: 0x0060,
  MME: 0x0018,
  MP: 0x0004,
  DNV: 0x0001,
} as const;
/** PMCW characteristics word (bytes 24-27). */
export const PMCW_CHARS = {
  MBFC: 0x0000_0004,
  CSENSE: 0x0000_0001,
} as const;

/** SCSW control halfword (word 0, bits 16-31). */
export const SCSW_CTRL = {
  FCTL_START: 0x4000,
  FCTL_HALT: 0x2000,
  FCTL_CLEAR: 0x1000,
  FCTL: 0x7000,
  ACTL_RESUME_PEND: 0x0800,
  ACTL_START_PEND: 0x0400,
  ACTL_HALT_PEND: 0x0200,
  ACTL_CLEAR_PEND: 0x0100,
  ACTL_SUSPENDED: 0x0020,
  ACTL: 0x0fe0,
  STCTL_ALERT: 0x0010,
  STCTL_INTERMEDIATE: 0x0008,
  STCTL_PRIMARY: 0x0004,
  STCTL_SECONDARY: 0x0002,
  STCTL_STATUS_PEND: 0x0001,
  STCTL: 0x001f,
} as const;
/** SCSW word 0 bits 0-15: ESW format (L) and extended control (E). */
const SCSW_FLAG_ESWF = 0x0400;
const SCSW_FLAG_ECTL = 0x0002;
const SCSW_FLAG_PNO = 0x0001;
/** Device status (SCSW word 2, bits 0-7). */
export const DEV_STAT = {
  CHANNEL_END: 0x08,
  DEVICE_END: 0x04,
  UNIT_CHECK: 0x02,
} as const;
/** Subchannel status (SCSW word 2, bits 8-15). */
export const SCH_STAT = {
  PROGRAM_CHECK: 0x20,
} as const;

/** ORB (12 bytes): reserved bits that make the ORB invalid, and the format bit. */
const ORB_CTRL0_INVALID = 0x0004;
const ORB_CTRL0_FORMAT1 = 0x0080;
const ORB_CTRL0_TO_SCSW = 0xf8f8;
const ORB_CTRL1_INVALID = 0x3e;
const IRB_SIZE = 64;
/** ESW word 0 as QEMU stores it (logout: "fvf" bits), and the ERW concurrent-sense bit. */
const ESW0 = 0x0080_0000;
const ERW_CONCURRENT_SENSE = 0x0100_0000;

export interface VirtualSubchannelOptions {
  cssid: number;
  ssid: number;
  number: number;
  devno: number;
  /** Channel-path id and the PMCW path masks of a virtual device. */
  chpid: number;
  memory: GuestMemory;
  device: ChannelDevice;
  /** Raises the subchannel's I/O interruption (ChannelSubsystem.raiseInterruption). */
  raise(sid: number, parameter: number, isc: number): void;
  /** Withdraws its pending interruption (TSCH, CSCH). */
  withdraw(sid: number): void;
  /** True when MCSS-E is enabled (the subchannel id then carries the CSS id). */
  multipleCss(): boolean;
  /** A channel program ended with a check (counted, reported). */
  onCheck(end: ProgramEnd): void;
  /** The guest disabled the subchannel (MSCH with ENA off). */
  onDisable?(): void;
}

export class VirtualSubchannel implements Subchannel {
  readonly cssid: number;
  readonly ssid: number;
  readonly number: number;
  /** The SCHIB as STSCH stores it; PMCW and SCSW are kept in place here. */
  private readonly schib = new Uint8Array(52);
  private readonly dv = new DataView(this.schib.buffer);
  /** Starts executed, for the Devices view. */
  starts = 0;

  constructor(private readonly o: VirtualSubchannelOptions) {
    this.cssid = o.cssid;
    this.ssid = o.ssid;
    this.number = o.number;
    this.dv.setUint16(4, PMCW_FLAGS.DNV);
    this.dv.setUint16(6, o.devno);
    // One path, installed, available and operational: lpm, pnom, lpum, pim, mbi, pom, pam.
    this.schib[8] = 0x80;
    this.schib[11] = 0x80;
    this.schib[14] = 0xff;
    this.schib[15] = 0x80;
    this.schib[16] = o.chpid;
  }

  private get flags(): number { return this.dv.getUint16(4); }
  private get ctrl(): number { return this.dv.getUint16(30); }
  private set ctrl(v: number) { this.dv.setUint16(30, v); }
  private get enabled(): boolean { return (this.flags & PMCW_FLAGS.ENA) !== 0; }
  private get isc(): number { return (this.flags & PMCW_FLAGS.ISC) >>> 11; }

  get sid(): number {
    return subchannelWord(this.cssid, this.ssid, this.number, this.o.multipleCss());
  }

  store(): Uint8Array {
    return this.schib.slice();
  }

  modify(schib: Uint8Array): number {
    const ctrl = this.ctrl;
    if ((ctrl & SCSW_CTRL.STCTL_STATUS_PEND) !== 0) return 1;
    if ((ctrl & SCSW_CTRL.FCTL) !== 0) return 2;
    const n = new DataView(schib.buffer, schib.byteOffset, schib.byteLength);
    const wasEnabled = this.enabled;
    const mask = PMCW_FLAGS.ISC | PMCW_FLAGS.ENA | PMCW_FLAGS.LM | PMCW_FLAGS.MME | PMCW_FLAGS.MP;
    this.dv.setUint32(0, n.getUint32(0));
    this.dv.setUint16(4, (this.flags & ~mask) | (n.getUint16(4) & mask));
    this.schib[8] = schib[8];
    this.dv.setUint16(12, n.getUint16(12));
    this.schib[14] = schib[14];
    const charsMask = PMCW_CHARS.MBFC | PMCW_CHARS.CSENSE;
    this.dv.setUint32(24, ((this.dv.getUint32(24) & ~charsMask) | (n.getUint32(24) & charsMask)) >>> 0);
    this.schib.set(schib.subarray(40, 48), 40);
    if (wasEnabled && !this.enabled) this.o.onDisable?.();
    return 0;
  }

  start(orb: Uint8Array): number {
    const o = new DataView(orb.buffer, orb.byteOffset, orb.byteLength);
    const ctrl0 = o.getUint16(4);
    if ((ctrl0 & ORB_CTRL0_INVALID) !== 0 || (orb[7] & ORB_CTRL1_INVALID) !== 0 || (o.getUint32(8) & 0x8000_0000) !== 0) {
      throw new ProgramInterrupt(PGM.OPERAND);
    }
    if (!this.enabled) return 3;
    const ctrl = this.ctrl;
    if ((ctrl & SCSW_CTRL.STCTL_STATUS_PEND) !== 0) return 1;
    if ((ctrl & SCSW_CTRL.FCTL) !== 0) return 2;
    this.starts++;
    // The interruption parameter of a start comes from the ORB.
    this.dv.setUint32(0, o.getUint32(0));
    const end = runChannelProgram(this.o.memory, this.o.device, o.getUint32(8), (ctrl0 & ORB_CTRL0_FORMAT1) !== 0);
    let stctl = SCSW_CTRL.STCTL_PRIMARY | SCSW_CTRL.STCTL_SECONDARY | SCSW_CTRL.STCTL_STATUS_PEND;
    let dstat = DEV_STAT.CHANNEL_END | DEV_STAT.DEVICE_END;
    let cstat = 0;
    if (end.kind === 'unit-check') {
      // Unit check alone, without channel end and device end (as QEMU).
      stctl |= SCSW_CTRL.STCTL_ALERT;
      dstat = DEV_STAT.UNIT_CHECK;
    } else if (end.kind === 'program-check') {
      stctl |= SCSW_CTRL.STCTL_ALERT;
      cstat = SCH_STAT.PROGRAM_CHECK;
      dstat = 0;
    }
    if (end.kind !== 'ok') this.o.onCheck(end);
    // Key, format, prefetch, initial-status and suppression controls mirror the ORB's.
    this.dv.setUint16(28, ctrl0 & ORB_CTRL0_TO_SCSW);
    this.ctrl = SCSW_CTRL.FCTL_START | stctl;
    this.dv.setUint32(32, end.cpa >>> 0);
    this.schib[36] = dstat;
    this.schib[37] = cstat;
    this.dv.setUint16(38, end.residual & 0xffff);
    this.interrupt();
    return 0;
  }

  /**
   * Makes the subchannel status pending with alert status unless it is already (a device
   * notification: virtio-ccw classic indicators and configuration changes).
   */
  conditionalInterrupt(): void {
    if ((this.ctrl & SCSW_CTRL.STCTL_STATUS_PEND) !== 0) return;
    this.ctrl = (this.ctrl & ~SCSW_CTRL.STCTL) | SCSW_CTRL.STCTL_ALERT | SCSW_CTRL.STCTL_STATUS_PEND;
    this.interrupt();
  }

  private interrupt(): void {
    if (!this.enabled) return;
    this.o.raise(this.sid, this.dv.getUint32(0), this.isc);
  }

  test(): TestResult {
    const irb = new Uint8Array(IRB_SIZE);
    const i = new DataView(irb.buffer);
    irb.set(this.schib.subarray(28, 40), 0);
    const ctrl = this.ctrl;
    const pending = (ctrl & SCSW_CTRL.STCTL_STATUS_PEND) !== 0;
    if (pending) {
      i.setUint32(12, ESW0);
      if ((this.schib[36] & DEV_STAT.UNIT_CHECK) !== 0 && (this.dv.getUint32(24) & PMCW_CHARS.CSENSE) !== 0) {
        // Concurrent sense: the sense bytes come with the IRB, no SENSE needed.
        i.setUint16(0, i.getUint16(0) | SCSW_FLAG_ESWF | SCSW_FLAG_ECTL);
        i.setUint32(16, ERW_CONCURRENT_SENSE | (SENSE_SIZE << 8));
        irb.set(this.o.device.sense.subarray(0, SENSE_SIZE), 32);
        this.o.device.sense.fill(0);
      }
      // Primary/alert status ends the function; intermediate-only status would not.
      let next = ctrl & ~SCSW_CTRL.STCTL;
      if ((ctrl & SCSW_CTRL.STCTL) !== (SCSW_CTRL.STCTL_INTERMEDIATE | SCSW_CTRL.STCTL_STATUS_PEND)) {
        next &= ~(SCSW_CTRL.FCTL | SCSW_CTRL.ACTL);
        this.dv.setUint16(28, this.dv.getUint16(28) & ~SCSW_FLAG_PNO);
      }
      this.ctrl = next;
      this.o.withdraw(this.sid);
    }
    return { cc: pending ? 0 : 1, irb };
  }

  clear(): number {
    // The clear function: pending status and functions end, the path mask is reset.
    this.o.withdraw(this.sid);
    this.schib[14] = 0xff;
    this.dv.setUint16(28, this.dv.getUint16(28) & ~SCSW_FLAG_PNO);
    this.ctrl = SCSW_CTRL.FCTL_CLEAR | SCSW_CTRL.STCTL_STATUS_PEND;
    this.dv.setUint32(32, 0);
    this.dv.setUint32(36, 0);
    this.interrupt();
    return 0;
  }

  halt(): number {
    const ctrl = this.ctrl;
    if ((ctrl & SCSW_CTRL.STCTL_STATUS_PEND) !== 0 && (ctrl & SCSW_CTRL.STCTL) !== (SCSW_CTRL.STCTL_INTERMEDIATE | SCSW_CTRL.STCTL_STATUS_PEND)) return 1;
    if ((ctrl & (SCSW_CTRL.FCTL_HALT | SCSW_CTRL.FCTL_CLEAR)) !== 0) return 2;
    // Nothing runs asynchronously: the halt function completes at once.
    this.ctrl = SCSW_CTRL.FCTL_HALT | SCSW_CTRL.STCTL_STATUS_PEND;
    this.schib[36] = 0;
    this.schib[37] = 0;
    this.interrupt();
    return 0;
  }

  cancel(): number {
    // No start function is ever still pending (programs run inside SSCH).
    return (this.ctrl & SCSW_CTRL.STCTL_STATUS_PEND) !== 0 ? 1 : 2;
  }

  resume(): number {
    if ((this.ctrl & SCSW_CTRL.STCTL_STATUS_PEND) !== 0) return 1;
    // Suspend is not provided, so no program is ever suspended.
    return 2;
  }

  /** Status that a guest would see after a subchannel reset (device detach, machine reset). */
  reset(): void {
    this.o.withdraw(this.sid);
    this.schib.fill(0, 28, 40);
  }
}
