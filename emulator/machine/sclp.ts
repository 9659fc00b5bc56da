// The service-call logical processor (SCLP) behind SERVC: read SCP/CPU info and the
// event facility (event masks, write/read event data) with the ASCII (VT220) console
// and, optionally, the line-mode operator console. Behaviour and response codes follow
// QEMU's s390-ccw-virtio machine as observed by test guests (test/guests/probe); the
// request completes at once and is signalled by a service-signal external interruption.
import { PGM, ProgramInterrupt } from '../cpu/interrupts';
import { EBCDIC_TO_ASCII } from './ebcdic';
import { EventMasks, EVENT_TYPE, eventMaskBit } from './sclp-events';

/** SCLP command words (the middle byte is ignored: CMD_CODE_MASK). */
export const SCLP_CMD = {
  READ_CPU_INFO: 0x0001_0001,
  READ_SCP_INFO: 0x0002_0001,
  READ_SCP_INFO_FORCED: 0x0012_0001,
  WRITE_EVENT_DATA: 0x0076_0005,
  READ_EVENT_DATA: 0x0077_0005,
  WRITE_EVENT_MASK: 0x0078_0005,
} as const;
const CMD_CODE_MASK = 0xffff_00ff;

/** SCCB response codes. */
export const SCLP_RC = {
  NORMAL_READ_COMPLETION: 0x0010,
  NORMAL_COMPLETION: 0x0020,
  SCCB_BOUNDARY_VIOLATION: 0x0100,
  INVALID_SCLP_COMMAND: 0x01f0,
  INSUFFICIENT_SCCB_LENGTH: 0x0300,
  INVALID_FUNCTION: 0x40f0,
  NO_EVENT_BUFFERS_STORED: 0x60f0,
  INVALID_SELECTION_MASK: 0x70f0,
  INCONSISTENT_LENGTHS: 0x72f0,
  EVENT_BUFFER_SYNTAX_ERROR: 0x73f0,
  INVALID_MASK_LENGTH: 0x74f0,
} as const;

const SCCB_SIZE = 4096;
const SCCB_HEADER = 8;
const EVENT_HEADER = 6;
/** Event-buffer flag: the SCLP accepted the buffer. */
const EVENT_BUFFER_ACCEPTED = 0x80;
/** Header control-mask byte 2 bit: the SCLP may shorten the SCCB to what it stored. */
const VARIABLE_LENGTH_RESPONSE = 0x80;
/** Read-event-data function codes. */
const UNCONDITIONAL_READ = 0x00;
const SELECTIVE_READ = 0x01;
const MAX_EVENT_MASK_LENGTH = 1021;
/** Read SCP info: fixed layout size, CPU entry size and where the entries start. */
const READ_INFO_SIZE = 144;
const CPU_ENTRY_SIZE = 16;
const READ_INFO_CPU_OFFSET = 128;
/** Storage increments are powers of two of at least 1 MiB, at most 1020 of them. */
const MAX_STORAGE_INCREMENTS = 1020;
/** Read SCP info facilities (bytes 48-55): CPU info available (48), I/O adapter reconfiguration (52). */
const SCLP_HAS_CPU_INFO = 0x0c00_0000;
const SCLP_HAS_IOA_RECONFIG = 0x4000_0000;
/** Maximum highest memory address as a power of two (read SCP info byte 99). */
const MHA_POW = 47;
/** EBCDIC blank: a loadparm that was never set. */
const EBCDIC_BLANK = 0x40;
/** Line-mode message: MDB header size, message-text object type and header size. */
const MDB_HEADER = 12;
/** VT220 input: the first data byte says what follows (0: an ASCII string). */
const VT220_ASCII_STRING = 0;
const MTO_TYPE = 4;
const MTO_HEADER = 10;

/** What the SCLP needs from the machine. */
export interface SclpHost {
  readonly memory: number;
  readonly cpuCount: number;
  /** Guest console output; a binary string (one char per byte). */
  console(text: string): void;
  /** Reads `len` bytes of guest absolute storage. */
  read(abs: number, len: number): Uint8Array;
  /** Writes guest absolute storage (invalidating decoded code there). */
  write(abs: number, data: Uint8Array): void;
  /** Raises (or adds to) the floating service-signal interruption with this parameter. */
  serviceSignal(parameter: number): void;
}

export interface SclpOptions {
  /** Offer the line-mode operator console (QEMU: -device sclplmconsole). Default off. */
  lineMode?: boolean;
}

export class Sclp {
  private readonly masks = new EventMasks();
  private readonly lineMode: boolean;
  /** Console input not yet read by the guest (binary string). */
  private input = '';
  /** Counters per command, like kvm_stat. */
  readonly stats = new Map<string, number>();

  constructor(private readonly host: SclpHost, options: SclpOptions = {}) {
    this.lineMode = options.lineMode ?? false;
  }

  /** Event types the SCLP accepts from the guest (write event data). */
  private get receiveMask(): number {
    let m = eventMaskBit(EVENT_TYPE.VT220);
    if (this.lineMode) m |= eventMaskBit(EVENT_TYPE.MESSAGE) | eventMaskBit(EVENT_TYPE.PRIORITY_MESSAGE_COMMAND);
    return m >>> 0;
  }

  /** Event types the SCLP can send to the guest (read event data). */
  private get sendMask(): number {
    let m = eventMaskBit(EVENT_TYPE.VT220) | eventMaskBit(EVENT_TYPE.SIGNAL_QUIESCE) | eventMaskBit(EVENT_TYPE.CONFIG_MGT_DATA);
    if (this.lineMode) m |= eventMaskBit(EVENT_TYPE.OPERATOR_COMMAND) | eventMaskBit(EVENT_TYPE.PRIORITY_MESSAGE_COMMAND);
    return m >>> 0;
  }

  /** True when an event the guest asked to receive is waiting. */
  get eventPending(): boolean {
    return this.input.length > 0 && (this.masks.cpReceive & eventMaskBit(EVENT_TYPE.VT220)) !== 0;
  }

  /** Console input arrived: buffered, and announced if the guest listens for it. */
  addInput(text: string): void {
    if (text.length === 0) return;
    this.input += text;
    if (this.eventPending) this.host.serviceSignal(1);
  }

  /**
   * SERVC with the SCCB at absolute address `sccb` (already prefixed) and `real` its
   * real address. Returns the condition code; program exceptions are thrown.
   */
  serviceCall(command: number, sccb: number, real: number, prefix: number): number {
    if (sccb + SCCB_HEADER > this.host.memory) throw new ProgramInterrupt(PGM.ADDRESSING);
    const page = Math.floor(real / 0x2000) * 0x2000;
    if (page === 0 || page === prefix || real % 8 !== 0 || real >= 0x8000_0000) {
      throw new ProgramInterrupt(PGM.SPECIFICATION);
    }
    const declared = this.view(this.host.read(sccb, SCCB_HEADER)).getUint16(0);
    if (declared < SCCB_HEADER) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const length = Math.min(declared, this.host.memory - sccb);
    const work = new Uint8Array(Math.max(length, SCCB_SIZE));
    work.set(this.host.read(sccb, length));
    const v = this.view(work);
    const code = (command & CMD_CODE_MASK) >>> 0;
    if ((sccb % SCCB_SIZE) + declared > SCCB_SIZE) {
      v.setUint16(6, SCLP_RC.SCCB_BOUNDARY_VIOLATION);
    } else {
      this.execute(code, work, v);
    }
    this.count(code);
    this.host.write(sccb, work.subarray(0, Math.min(v.getUint16(0), SCCB_SIZE, length)));
    this.host.serviceSignal(((sccb & ~3) | (this.eventPending ? 1 : 0)) >>> 0);
    return 0;
  }

  private count(code: number): void {
    const name = Object.entries(SCLP_CMD).find(([, c]) => c === code)?.[0] ?? `0x${code.toString(16)}`;
    this.stats.set(name, (this.stats.get(name) ?? 0) + 1);
  }

  private view(b: Uint8Array): DataView {
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private execute(code: number, s: Uint8Array, v: DataView): void {
    switch (code) {
      case SCLP_CMD.READ_SCP_INFO:
      case SCLP_CMD.READ_SCP_INFO_FORCED: return this.readScpInfo(s, v);
      case SCLP_CMD.READ_CPU_INFO: return this.readCpuInfo(v);
      case SCLP_CMD.WRITE_EVENT_MASK: return this.writeEventMask(s, v);
      case SCLP_CMD.WRITE_EVENT_DATA: return this.writeEventData(s, v);
      case SCLP_CMD.READ_EVENT_DATA: return this.readEventData(s, v);
      default: v.setUint16(6, SCLP_RC.INVALID_SCLP_COMMAND);
    }
  }

  /** Memory as storage increments: [increment size in MiB, number of increments]. */
  private increments(): [number, number] {
    let shift = 20;
    while (this.host.memory / 2 ** shift > MAX_STORAGE_INCREMENTS) shift++;
    return [2 ** (shift - 20), Math.floor(this.host.memory / 2 ** shift)];
  }

  private readScpInfo(s: Uint8Array, v: DataView): void {
    const n = this.host.cpuCount;
    if (v.getUint16(0) < READ_INFO_SIZE + n * CPU_ENTRY_SIZE) {
      v.setUint16(6, SCLP_RC.INSUFFICIENT_SCCB_LENGTH);
      return;
    }
    const [size, count] = this.increments();
    if (count < 0x1_0000) v.setUint16(8, count);
    else v.setBigUint64(104, BigInt(count));
    if (size <= 128) s[10] = size;
    else v.setUint32(100, size);
    v.setUint16(16, n);
    v.setUint16(18, READ_INFO_CPU_OFFSET);
    s.fill(EBCDIC_BLANK, 24, 32);
    v.setUint32(48, SCLP_HAS_CPU_INFO);
    v.setUint32(52, SCLP_HAS_IOA_RECONFIG);
    s[99] = MHA_POW;
    v.setUint16(120, n - 1);
    this.cpuEntries(s, READ_INFO_CPU_OFFSET);
    v.setUint16(6, SCLP_RC.NORMAL_READ_COMPLETION);
  }

  /** CPU entries: address, then all-zero features, type 0 (general CP). */
  private cpuEntries(s: Uint8Array, at: number): void {
    for (let i = 0; i < this.host.cpuCount; i++) {
      s.fill(0, at + i * CPU_ENTRY_SIZE, at + (i + 1) * CPU_ENTRY_SIZE);
      s[at + i * CPU_ENTRY_SIZE] = i;
    }
  }

  private readCpuInfo(v: DataView): void {
    const n = this.host.cpuCount;
    const first = 24;
    if (v.getUint16(0) < first + n * CPU_ENTRY_SIZE) {
      v.setUint16(6, SCLP_RC.INSUFFICIENT_SCCB_LENGTH);
      return;
    }
    v.setUint16(8, n);
    v.setUint16(10, first);
    v.setUint16(12, 0);
    v.setUint16(14, first + n * CPU_ENTRY_SIZE);
    this.cpuEntries(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), first);
    v.setUint16(6, SCLP_RC.NORMAL_READ_COMPLETION);
  }

  private writeEventMask(s: Uint8Array, v: DataView): void {
    const len = v.getUint16(10);
    if (len === 0 || len > MAX_EVENT_MASK_LENGTH) {
      v.setUint16(6, SCLP_RC.INVALID_MASK_LENGTH);
      return;
    }
    const at = 12;
    this.masks.cpReceive = this.masks.readMask(s, at, len);
    this.masks.cpSend = this.masks.readMask(s, at + len, len);
    this.masks.writeMask(s, at + 2 * len, len, this.receiveMask);
    this.masks.writeMask(s, at + 3 * len, len, this.sendMask);
    v.setUint16(6, SCLP_RC.NORMAL_COMPLETION);
  }

  private writeEventData(s: Uint8Array, v: DataView): void {
    if (s[2] !== 0) {
      v.setUint16(6, SCLP_RC.INVALID_FUNCTION);
      return;
    }
    const end = v.getUint16(0);
    // First a syntax check of the whole chain of event buffers, then execution.
    let at = SCCB_HEADER;
    while (at < end) {
      const elen = v.getUint16(at);
      if (elen < EVENT_HEADER || elen > end - at) {
        v.setUint16(6, SCLP_RC.EVENT_BUFFER_SYNTAX_ERROR);
        return;
      }
      at += elen;
    }
    let rc: number = SCLP_RC.NORMAL_COMPLETION;
    for (at = SCCB_HEADER; at < end; at += v.getUint16(at)) {
      if (rc !== SCLP_RC.NORMAL_COMPLETION) s[at + 3] &= ~EVENT_BUFFER_ACCEPTED;
      else rc = this.writeEvent(s, v, at);
    }
    v.setUint16(6, rc);
  }

  private writeEvent(s: Uint8Array, v: DataView, at: number): number {
    const elen = v.getUint16(at);
    const type = s[at + 2];
    if (type === EVENT_TYPE.VT220) {
      this.host.console(binaryString(s.subarray(at + EVENT_HEADER, at + elen)));
      s[at + 3] |= EVENT_BUFFER_ACCEPTED;
      return SCLP_RC.NORMAL_COMPLETION;
    }
    if (this.lineMode && (type === EVENT_TYPE.MESSAGE || type === EVENT_TYPE.PRIORITY_MESSAGE_COMMAND)) {
      return this.writeLineMode(s, v, at);
    }
    return SCLP_RC.INVALID_FUNCTION;
  }

  /** A message data block: each message-text object becomes a new console line. */
  private writeLineMode(s: Uint8Array, v: DataView, at: number): number {
    const mdb = at + EVENT_HEADER;
    const mdbLength = v.getUint16(mdb);
    if (mdbLength < MDB_HEADER) return SCLP_RC.INCONSISTENT_LENGTHS;
    const end = mdb + mdbLength;
    for (let o = mdb + MDB_HEADER; o < end; o += v.getUint16(o)) {
      const olen = v.getUint16(o);
      if (olen === 0 || olen > end - o) return SCLP_RC.INCONSISTENT_LENGTHS;
    }
    for (let o = mdb + MDB_HEADER; o < end; o += v.getUint16(o)) {
      if (v.getUint16(o + 2) !== MTO_TYPE) continue;
      let text = '\n';
      for (let i = o + MTO_HEADER; i < o + v.getUint16(o); i++) text += String.fromCharCode(EBCDIC_TO_ASCII[s[i]]);
      this.host.console(text);
    }
    s[at + 3] |= EVENT_BUFFER_ACCEPTED;
    return SCLP_RC.NORMAL_COMPLETION;
  }

  private readEventData(s: Uint8Array, v: DataView): void {
    if (v.getUint16(0) !== SCCB_SIZE) {
      v.setUint16(6, SCLP_RC.INSUFFICIENT_SCCB_LENGTH);
      return;
    }
    let mask: number;
    if (s[2] === UNCONDITIONAL_READ) {
      mask = this.masks.cpReceive;
    } else if (s[2] === SELECTIVE_READ) {
      mask = this.masks.readMask(s, SCCB_HEADER, this.masks.length);
      if (this.masks.cpReceive === 0 || (mask & ~this.masks.cpReceive) !== 0) {
        v.setUint16(6, SCLP_RC.INVALID_SELECTION_MASK);
        return;
      }
    } else {
      v.setUint16(6, SCLP_RC.INVALID_FUNCTION);
      return;
    }
    let at = SCCB_HEADER;
    v.setUint16(at, 0);
    let rc: number = SCLP_RC.NO_EVENT_BUFFERS_STORED;
    if ((mask & eventMaskBit(EVENT_TYPE.VT220)) !== 0 && this.input.length > 0) {
      // The data starts with a type byte: 0, an ASCII string follows.
      const room = SCCB_SIZE - at - EVENT_HEADER - 1;
      const take = this.input.slice(0, room);
      this.input = this.input.slice(take.length);
      v.setUint16(at, EVENT_HEADER + 1 + take.length);
      s[at + 2] = EVENT_TYPE.VT220;
      s[at + 3] |= EVENT_BUFFER_ACCEPTED;
      s[at + EVENT_HEADER] = VT220_ASCII_STRING;
      for (let i = 0; i < take.length; i++) s[at + EVENT_HEADER + 1 + i] = take.charCodeAt(i) & 0xff;
      at += EVENT_HEADER + 1 + take.length;
      rc = SCLP_RC.NORMAL_COMPLETION;
    }
    if ((s[5] & VARIABLE_LENGTH_RESPONSE) !== 0) {
      s[5] &= ~VARIABLE_LENGTH_RESPONSE;
      v.setUint16(0, at);
    }
    v.setUint16(6, rc);
  }
}

/** Bytes as a binary string (char code = byte), the console's text encoding. */
export function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return s;
}
