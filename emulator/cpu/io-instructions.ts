// The I/O instructions (PoP "I/O Instructions"; ordering of checks as QEMU's
// s390-ccw-virtio machine does them): privileged, the subchannel identifier in GR1,
// operands in storage reached through DAT. The CPU side only checks operands and moves
// SCHIBs, ORBs, IRBs and CHSC blocks between guest storage and the channel subsystem,
// which sits behind ChannelSubsystemPort (emulator/io).
import type { Cpu } from './cpu';
import { privileged } from './control-common';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { LOWCORE, PGM, ProgramInterrupt } from './interrupts';

/** A subchannel named by a GR1 subchannel-identification word. */
export interface SubchannelId {
  /** Channel-subsystem image; 0 unless `m` (the multiple-CSS bit) is set. */
  readonly cssid: number;
  /** MCSS-E form: the CSS id was given explicitly. */
  readonly m: boolean;
  readonly ssid: number;
  readonly number: number;
}

/** A pending I/O interruption: the three words of the I/O-interruption code. */
export interface IoInterruption {
  /** Subchannel-identification word (lowcore 0xb8). */
  readonly sid: number;
  /** Interruption parameter (lowcore 0xbc). */
  readonly parameter: number;
  /** Interruption-identification word (lowcore 0xc0): ISC in bits 2-4, adapter bit 0. */
  readonly word: number;
}

/** The IRB TEST SUBCHANNEL stores, and the condition code. */
export interface TestResult {
  readonly cc: number;
  readonly irb: Uint8Array;
}

/**
 * What the I/O instructions need from the channel subsystem. Condition codes are as the
 * instruction sets them; an invalid SCHIB or ORB throws ProgramInterrupt(OPERAND).
 */
export interface ChannelSubsystemPort {
  /** STSCH: the 52-byte SCHIB, or undefined for condition code 3. */
  storeSubchannel(id: SubchannelId): Uint8Array | undefined;
  modifySubchannel(id: SubchannelId, schib: Uint8Array): number;
  startSubchannel(id: SubchannelId, orb: Uint8Array): number;
  /** TSCH: undefined for condition code 3. */
  testSubchannel(id: SubchannelId): TestResult | undefined;
  clearSubchannel(id: SubchannelId): number;
  haltSubchannel(id: SubchannelId): number;
  cancelSubchannel(id: SubchannelId): number;
  resumeSubchannel(id: SubchannelId): number;
  /** TPI: takes the next pending I/O interruption of an ISC in `iscMask` (bit 0x80 = ISC 0). */
  takeIoInterruption(iscMask: number): IoInterruption | undefined;
  /** STCRW: the next channel report word, or undefined (zeros stored, condition code 1). */
  takeChannelReport(): number | undefined;
  /** Puts a CRW back at the head of the queue (the store of STCRW failed). */
  requeueChannelReport(crw: number): void;
  /** CHSC: the response block for the request block `request` (its length as declared). */
  channelSubsystemCall(request: Uint8Array): Uint8Array;
  /** RCHP: condition code, or undefined for an invalid CSS id (operand exception). */
  resetChannelPath(cssid: number, chpid: number): number | undefined;
  /** SCHM: measurement-block key, update and address (when `update`), dct. */
  setChannelMonitor(key: number, update: boolean, dct: boolean, origin: number): void;
}

/** Sizes of the operands in storage. */
export const IO_BLOCK = {
  SCHIB: 52,
  ORB: 12,
  CRW: 4,
  /** TPI with a nonzero address stores the first two words of the interruption code. */
  TPI_CODE: 8,
  CHSC_AREA: 4096,
} as const;

/** GR1 subchannel-identification word: bits of its low 32 bits. */
const SID = {
  CSSID_SHIFT: 24,
  M: 0x0008_0000,
  SSID_SHIFT: 17,
  ONE: 0x0001_0000,
  NUMBER: 0x0000_ffff,
} as const;
/** CHSC request lengths: at least 16, at most 4088, a multiple of 8. */
const CHSC_MIN_REQUEST = 16;
const CHSC_MAX_REQUEST = 4088;
/** CR6 bits 32-39: the I/O-interruption subclass mask. */
const CR6_ISC_SHIFT = 24;
/** SCHM GR1: reserved bits, key, update and dct; GR2 alignment with update. */
const SCHM_RESERVED = 0x0fff_fffc;
const SCHM_ORIGIN_ALIGN = 32;
/** RCHP GR1: reserved bits. */
const RCHP_RESERVED = 0xff00_ff00;
/** SAL GR1: bit 32 and bits 48-63 must be zero. */
const SAL_RESERVED = 0x8000_ffff;

function port(cpu: Cpu): ChannelSubsystemPort {
  const io = cpu.machine?.io;
  // A CPU without a channel subsystem (a bare test CPU) has no I/O instructions.
  if (io === undefined) throw new ProgramInterrupt(PGM.OPERATION);
  return io;
}

/** Decodes GR1 as a subchannel-identification word, or undefined when it is invalid. */
export function decodeSubchannelId(word: number): SubchannelId | undefined {
  if ((word & SID.ONE) === 0) return undefined;
  const m = (word & SID.M) !== 0;
  const cssid = word >>> SID.CSSID_SHIFT;
  if (!m && cssid !== 0) return undefined;
  return { cssid, m, ssid: (word >>> SID.SSID_SHIFT) & 3, number: word & SID.NUMBER };
}

function subchannelId(cpu: Cpu): SubchannelId {
  const id = decodeSubchannelId(cpu.r32(1));
  if (id === undefined) throw new ProgramInterrupt(PGM.OPERAND);
  return id;
}

/** The word-aligned second-operand address D2(B2). */
function operandAddress(cpu: Cpu, d: Decoded): number {
  const a = cpu.ea(0, d.b2, d.d2);
  if (a % 4 !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  return a;
}

function readBlock(cpu: Cpu, addr: number, len: number): Uint8Array {
  cpu.checkReadable(addr, len);
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = cpu.read8(cpu.wrap(addr + i));
  return b;
}

function writeBlock(cpu: Cpu, addr: number, data: Uint8Array): void {
  cpu.checkWritable(addr, data.length);
  for (let i = 0; i < data.length; i++) cpu.write8(cpu.wrap(addr + i), data[i]);
}

/** Subchannel instructions without a storage operand: CSCH, HSCH, XSCH, RSCH. */
function control(op: (io: ChannelSubsystemPort, id: SubchannelId) => number): Handler {
  return (cpu) => {
    privileged(cpu);
    const io = port(cpu);
    cpu.cc = op(io, subchannelId(cpu));
  };
}

const stsch: Handler = (cpu, d) => {
  privileged(cpu);
  const io = port(cpu);
  const a = operandAddress(cpu, d);
  // Access exceptions come before the operand exception and condition code 3.
  cpu.checkWritable(a, IO_BLOCK.SCHIB);
  const schib = io.storeSubchannel(subchannelId(cpu));
  if (schib === undefined) {
    cpu.cc = 3;
    return;
  }
  writeBlock(cpu, a, schib);
  cpu.cc = 0;
};

const msch: Handler = (cpu, d) => {
  privileged(cpu);
  const io = port(cpu);
  const schib = readBlock(cpu, operandAddress(cpu, d), IO_BLOCK.SCHIB);
  cpu.cc = io.modifySubchannel(subchannelId(cpu), schib);
};

const ssch: Handler = (cpu, d) => {
  privileged(cpu);
  const io = port(cpu);
  const orb = readBlock(cpu, operandAddress(cpu, d), IO_BLOCK.ORB);
  cpu.cc = io.startSubchannel(subchannelId(cpu), orb);
};

const tsch: Handler = (cpu, d) => {
  privileged(cpu);
  const io = port(cpu);
  const id = subchannelId(cpu);
  const a = operandAddress(cpu, d);
  const r = io.testSubchannel(id);
  if (r === undefined) {
    cpu.checkWritable(a, 64);
    cpu.cc = 3;
    return;
  }
  writeBlock(cpu, a, r.irb);
  cpu.cc = r.cc;
};

const tpi: Handler = (cpu, d) => {
  privileged(cpu);
  const io = port(cpu);
  const a = operandAddress(cpu, d);
  if (a !== 0) cpu.checkWritable(a, IO_BLOCK.TPI_CODE);
  const irq = io.takeIoInterruption((cpu.cr[13] >>> CR6_ISC_SHIFT) & 0xff);
  if (irq === undefined) {
    cpu.cc = 0;
    return;
  }
  if (a !== 0) {
    cpu.write32(a, irq.sid);
    cpu.write32(cpu.wrap(a + 4), irq.parameter);
  } else {
    // Zero address: all three words go to the lowcore (real, no protection).
    cpu.writeReal32(LOWCORE.SUBCHANNEL_ID, irq.sid);
    cpu.writeReal32(LOWCORE.IO_INT_PARM, irq.parameter);
    cpu.writeReal32(LOWCORE.IO_INT_WORD, irq.word);
  }
  cpu.cc = 1;
};

const stcrw: Handler = (cpu, d) => {
  privileged(cpu);
  const io = port(cpu);
  const a = operandAddress(cpu, d);
  cpu.checkWritable(a, IO_BLOCK.CRW);
  const crw = io.takeChannelReport();
  try {
    cpu.write32(a, crw ?? 0);
  } catch (e) {
    // STCRW is suppressed on an access exception: the report stays pending.
    if (crw !== undefined) io.requeueChannelReport(crw);
    throw e;
  }
  cpu.cc = crw === undefined ? 1 : 0;
};

const rchp: Handler = (cpu) => {
  privileged(cpu);
  const io = port(cpu);
  const gr1 = cpu.r32(1);
  if ((gr1 & RCHP_RESERVED) !== 0) throw new ProgramInterrupt(PGM.OPERAND);
  const cc = io.resetChannelPath((gr1 >>> 16) & 0xff, gr1 & 0xff);
  if (cc === undefined) throw new ProgramInterrupt(PGM.OPERAND);
  cpu.cc = cc;
};

const schm: Handler = (cpu) => {
  privileged(cpu);
  const io = port(cpu);
  const gr1 = cpu.r32(1);
  if ((gr1 & SCHM_RESERVED) !== 0) throw new ProgramInterrupt(PGM.OPERAND);
  const update = (gr1 & 2) !== 0;
  const origin = cpu.r64Number(2);
  if (update && origin % SCHM_ORIGIN_ALIGN !== 0) throw new ProgramInterrupt(PGM.OPERAND);
  io.setChannelMonitor(gr1 >>> 28, update, (gr1 & 1) !== 0, update ? origin : 0);
};

/** SAL: address-limit checking is not provided, so the instruction only checks GR1. */
const sal: Handler = (cpu) => {
  privileged(cpu);
  port(cpu);
  if ((cpu.r32(1) & SAL_RESERVED) !== 0) throw new ProgramInterrupt(PGM.OPERAND);
};

/** STCPS: no channel-path status is kept; nothing is stored (as QEMU). */
const stcps: Handler = (cpu, d) => {
  privileged(cpu);
  port(cpu);
  cpu.ea(0, d.b2, d.d2);
};

/** SIGA: no QDIO adapters, so the target is not operational. */
const siga: Handler = (cpu) => {
  privileged(cpu);
  port(cpu);
  cpu.cc = 3;
};

/**
 * CHSC R1 (RRE, opcode B25F; objdump does not list it): the request block at the
 * page-aligned address in R1, the response stored right after the request.
 */
export function chsc(cpu: Cpu, d: Decoded): void {
  privileged(cpu);
  const io = port(cpu);
  const r1 = d.bytes[3] >> 4;
  const a = cpu.wrap(cpu.r64Number(r1));
  if (a % IO_BLOCK.CHSC_AREA !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
  const len = (cpu.read8(a) << 8) | cpu.read8(cpu.wrap(a + 1));
  if (len < CHSC_MIN_REQUEST || len > CHSC_MAX_REQUEST || len % 8 !== 0) throw new ProgramInterrupt(PGM.OPERAND);
  const response = io.channelSubsystemCall(readBlock(cpu, a, len));
  writeBlock(cpu, cpu.wrap(a + len), response.subarray(0, IO_BLOCK.CHSC_AREA - len));
  cpu.cc = 0;
}

export const IO_HANDLERS: HandlerTable = {
  stsch, msch, ssch, tsch, tpi, stcrw, rchp, schm, sal, stcps, siga,
  csch: control((io, id) => io.clearSubchannel(id)),
  hsch: control((io, id) => io.haltSubchannel(id)),
  xsch: control((io, id) => io.cancelSubchannel(id)),
  rsch: control((io, id) => io.resumeSubchannel(id)),
};
