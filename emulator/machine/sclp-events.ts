// SCLP event types and the event masks exchanged by "write event mask": bit n-1 of a
// big-endian mask stands for event type n. Masks longer than 4 bytes carry only zeros
// for the types this machine knows (all below 33), so they are kept as 32-bit numbers.

/** Event types (SCLP event-buffer header byte 2). */
export const EVENT_TYPE = {
  OPERATOR_COMMAND: 0x01,
  MESSAGE: 0x02,
  CONFIG_MGT_DATA: 0x04,
  PRIORITY_MESSAGE_COMMAND: 0x09,
  VT220: 0x1a,
  SIGNAL_QUIESCE: 0x1d,
} as const;

/** The mask bit of an event type (types 1-32). */
export function eventMaskBit(type: number): number {
  return (0x8000_0000 >>> (type - 1)) >>> 0;
}

/** The guest's masks from its last "write event mask". */
export class EventMasks {
  /** Event types the guest wants to receive (the SCLP may send them). */
  cpReceive = 0;
  /** Event types the guest will send. */
  cpSend = 0;
  /** Mask length in bytes the guest used last (4 until it says otherwise). */
  length = 4;

  /** Reads a mask of `len` bytes at `at`: its first four bytes, zero padded. */
  readMask(s: Uint8Array, at: number, len: number): number {
    this.length = len;
    let m = 0;
    for (let i = 0; i < 4; i++) m = (m << 8) | (i < len ? s[at + i] : 0);
    return m >>> 0;
  }

  /** Writes `value` as a mask of `len` bytes (zeros after the first four). */
  writeMask(s: Uint8Array, at: number, len: number, value: number): void {
    for (let i = 0; i < len; i++) s[at + i] = i < 4 ? (value >>> (24 - 8 * i)) & 0xff : 0;
  }
}
