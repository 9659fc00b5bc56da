// What a subchannel provides to the channel subsystem: its identity and the subchannel
// functions behind the I/O instructions. An implementation keeps the SCHIB (PMCW, SCSW,
// measurement-block address) and runs the channel program of its device; when it becomes
// status pending it raises an I/O interruption through ChannelSubsystem.raiseInterruption.
import type { TestResult } from '../cpu/io-instructions';

export interface Subchannel {
  readonly cssid: number;
  readonly ssid: number;
  readonly number: number;
  /** STSCH: the current 52-byte SCHIB. */
  store(): Uint8Array;
  /** MSCH with an already checked SCHIB: condition code. */
  modify(schib: Uint8Array): number;
  /** SSCH with the 12-byte ORB: condition code (invalid ORBs throw an operand exception). */
  start(orb: Uint8Array): number;
  /** TSCH: condition code 0 (status was pending) or 1, and the IRB. */
  test(): TestResult;
  clear(): number;
  halt(): number;
  cancel(): number;
  resume(): number;
}

/** The subchannel-identification word the I/O interruption code and TPI carry. */
export function subchannelWord(cssid: number, ssid: number, number: number, m: boolean): number {
  return ((m ? (cssid << 24) | 0x0008_0000 : 0) | (ssid << 17) | 0x0001_0000 | number) >>> 0;
}
