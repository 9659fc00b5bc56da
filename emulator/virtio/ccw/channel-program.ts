// Channel-program interpretation for a virtual (synchronous) device, as QEMU's virtual
// css runs them: CCWs fetched from guest storage (format 1, or format 0 converted),
// command and data chaining rules, TIC, NOOP, SENSE and SENSE ID handled here; every
// other command goes to the device. A bad CCW or address ends the program with a channel
// program check, an unsupported command with a unit check and "command reject" sense
// (device and subchannel status as QEMU 7.2 answers; test/virtio/ccw/hostile-guest).
import type { GuestMemory } from '../device';

/** CCW flags (format-1 byte 1). */
export const CCW_FLAG = {
  DC: 0x80,
  CC: 0x40,
  SLI: 0x20,
  SKIP: 0x10,
  PCI: 0x08,
  IDA: 0x04,
  SUSPEND: 0x02,
  MIDA: 0x01,
} as const;

/** Commands every device answers the same way. */
export const CCW_CMD = {
  NOOP: 0x03,
  SENSE: 0x04,
  TIC: 0x08,
  SENSE_ID: 0xe4,
} as const;

/** Sense byte 0 bits. */
export const SENSE0 = {
  COMMAND_REJECT: 0x80,
} as const;

export const SENSE_SIZE = 32;
/**
 * SENSE ID data: 0xff, control-unit type and model, device type and model, reserved, then
 * room for command-information words (none here): QEMU's 256 bytes, so the residual
 * count of a SENSE ID equals QEMU's.
 */
export const SENSE_ID_SIZE = 256;
/** How many CCWs one start may run (a TIC loop must end somewhere). */
export const MAX_CCWS = 4096;

export interface Ccw {
  readonly code: number;
  readonly flags: number;
  readonly count: number;
  /** Data address (31-bit absolute). */
  readonly cda: number;
  /** Exact length required: the SLI flag is off, or data chaining is on. */
  readonly checkLength: boolean;
}

/** Ends the channel program with a channel program check (bad CCW, bad length, bad address). */
export class ProgramCheck extends Error {
  override name = 'ProgramCheck';
}

/** Ends the channel program with unit check and command reject (command not supported now). */
export class CommandReject extends Error {
  override name = 'CommandReject';
}

/** A device's handler for its own commands: returns the number of bytes transferred. */
export type CommandHandler = (ccw: Ccw, data: DataArea) => number;

/** The data area of one CCW, checked against guest memory and the CCW's count. */
export class DataArea {
  constructor(private readonly memory: GuestMemory, private readonly ccw: Ccw) {}

  private view(len: number): Uint8Array {
    // Indirect data addressing is accepted as a flag, but no data moves through IDAWs.
    if ((this.ccw.flags & CCW_FLAG.IDA) !== 0 && len > 0) throw new ProgramCheck('indirect data addressing is not provided');
    if (len > this.ccw.count) throw new ProgramCheck(`data of ${len} bytes exceeds the CCW count ${this.ccw.count}`);
    if (this.ccw.cda === 0 && len > 0) throw new ProgramCheck('CCW data address is zero');
    if (this.ccw.cda + len > this.memory.size) throw new ProgramCheck(`CCW data address 0x${this.ccw.cda.toString(16)} (+${len}) lies outside guest memory`);
    return this.memory.view(this.ccw.cda, len);
  }

  /** A copy of the first `len` bytes of the data area (device reads). */
  read(len: number): Uint8Array {
    return this.view(len).slice();
  }

  /** Stores `data` at the start of the data area (device writes). */
  write(data: Uint8Array): void {
    this.view(data.length).set(data);
    this.memory.written(this.ccw.cda, data.length);
  }

  /**
   * Checks the CCW count against `size`, QEMU's way: exactly `size` when the length is
   * checked, at least `size` with SLI (a shorter area can never be used).
   */
  expect(size: number): void {
    if (this.ccw.checkLength ? this.ccw.count !== size : this.ccw.count < size) {
      throw new ProgramCheck(`CCW 0x${this.ccw.code.toString(16)} count ${this.ccw.count}, expected ${size}`);
    }
  }
}

/** Where the channel program stopped and how. */
export interface ProgramEnd {
  kind: 'ok' | 'program-check' | 'unit-check';
  /** Address of the last CCW executed + 8 (the SCSW CCW address). */
  cpa: number;
  /** Residual count of the last CCW. */
  residual: number;
  /** One-line reason for checks. */
  message?: string;
}

export interface ChannelDevice {
  /** The 8 SENSE ID bytes. */
  readonly senseId: Uint8Array;
  /** Sense data of the last unit check (cleared by SENSE). */
  readonly sense: Uint8Array;
  command: CommandHandler;
  /** The device refuses format-0 channel programs. */
  readonly format1Only?: boolean;
}

function fetchCcw(memory: GuestMemory, addr: number, format1: boolean): Ccw {
  // Doubleword aligned, and 31-bit (format 1) or 24-bit (format 0) addressable.
  if (addr === 0 || (addr & 7) !== 0 || addr >= (format1 ? 0x8000_0000 : 0x100_0000) || addr + 8 > memory.size) {
    throw new ProgramCheck(`invalid CCW address 0x${addr.toString(16)}`);
  }
  const b = memory.view(addr, 8);
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  let code: number; let flags: number; let count: number; let cda: number;
  if (format1) {
    code = b[0]; flags = b[1]; count = dv.getUint16(2); cda = dv.getUint32(4);
    if ((cda & 0x8000_0000) !== 0) throw new ProgramCheck('format-1 CCW data address above 2 GiB');
  } else {
    code = b[0]; cda = dv.getUint32(0) & 0xff_ffff; flags = b[4]; count = dv.getUint16(6);
    // Format-0 TICs ignore flags and count.
    if ((code & 0x0f) === CCW_CMD.TIC) { flags = 0; count = 0; }
  }
  return { code, flags, count, cda, checkLength: !((flags & CCW_FLAG.SLI) !== 0 && (flags & CCW_FLAG.DC) === 0) };
}

/** Runs the channel program at `cpa` to its end; never throws for guest errors. */
export function runChannelProgram(memory: GuestMemory, device: ChannelDevice, cpa: number, format1: boolean): ProgramEnd {
  // Virtio devices take format-1 CCWs only (QEMU ends a format-0 program at once).
  if (!format1 && device.format1Only === true) return { kind: 'program-check', cpa: cpa + 8, residual: 0, message: 'format-0 CCWs' };
  let at = cpa;
  let previousTic = false;
  let residual = 0;
  for (let n = 0; n < MAX_CCWS; n++) {
    let ccw: Ccw;
    try {
      ccw = fetchCcw(memory, at, format1);
      if ((ccw.code & 0x0f) === 0) throw new ProgramCheck(`invalid CCW command code 0x${ccw.code.toString(16)}`);
      if ((ccw.code & 0x0f) === CCW_CMD.TIC && (ccw.code & 0xf0) !== 0) throw new ProgramCheck('invalid TIC command code');
      if (!format1 && ccw.count === 0 && ccw.code !== CCW_CMD.TIC) throw new ProgramCheck('format-0 CCW with count 0');
      if ((ccw.flags & CCW_FLAG.MIDA) !== 0) throw new ProgramCheck('modified indirect data addressing is not provided');
      if ((ccw.flags & CCW_FLAG.SUSPEND) !== 0) throw new ProgramCheck('suspend is not provided');
      if ((ccw.flags & CCW_FLAG.DC) !== 0) throw new ProgramCheck('data chaining is not provided');
    } catch (e) {
      return { kind: 'program-check', cpa: at + 8, residual: 0, message: (e as Error).message };
    }
    if (ccw.code === CCW_CMD.TIC) {
      if (previousTic || ccw.flags !== 0 || ccw.count !== 0 || (ccw.cda & 7) !== 0) {
        return { kind: 'program-check', cpa: at + 8, residual: 0, message: 'invalid TIC' };
      }
      previousTic = true;
      at = ccw.cda;
      continue;
    }
    previousTic = false;
    const data = new DataArea(memory, ccw);
    try {
      const moved = execute(device, ccw, data);
      residual = ccw.count - moved;
    } catch (e) {
      if (e instanceof CommandReject) {
        device.sense.fill(0);
        device.sense[0] = SENSE0.COMMAND_REJECT;
        return { kind: 'unit-check', cpa: at + 8, residual: 0, message: e.message };
      }
      return { kind: 'program-check', cpa: at + 8, residual: 0, message: e instanceof Error ? e.message : String(e) };
    }
    if ((ccw.flags & CCW_FLAG.CC) === 0) return { kind: 'ok', cpa: at + 8, residual };
    at += 8;
  }
  return { kind: 'program-check', cpa: at + 8, residual: 0, message: `channel program longer than ${MAX_CCWS} CCWs` };
}

function execute(device: ChannelDevice, ccw: Ccw, data: DataArea): number {
  switch (ccw.code) {
    case CCW_CMD.NOOP:
      return 0;
    case CCW_CMD.SENSE: {
      if (ccw.checkLength && ccw.count !== SENSE_SIZE) throw new ProgramCheck(`SENSE count ${ccw.count}`);
      const len = Math.min(ccw.count, SENSE_SIZE);
      data.write(device.sense.subarray(0, len));
      device.sense.fill(0);
      return len;
    }
    case CCW_CMD.SENSE_ID: {
      const len = Math.min(ccw.count, SENSE_ID_SIZE);
      const id = new Uint8Array(len);
      id.set(device.senseId.subarray(0, Math.min(len, device.senseId.length)));
      // 0xff only when bytes 0-3 fit (as QEMU).
      if (len < 4 && len > 0) id[0] = 0;
      data.write(id);
      return len;
    }
    default:
      return device.command(ccw, data);
  }
}
