// One oracle case for a floating-point instruction (inputs only) and the helpers that
// place format values in registers and storage, plus machine-code encoding of an
// instruction from the ISA catalog with given field values.
import { CATALOG } from '../../../emulator/isa/catalog';
import { hex, type Fmt } from './values';

export interface Case {
  /** Mnemonic as written in the case (may be an extended/alias form such as ledbr). */
  readonly mn: string;
  readonly insn: string;
  readonly fpc: number;
  readonly cc: number;
  /** FPR inputs as 64-bit patterns; the others hold sentinels. */
  readonly f: Record<number, bigint>;
  /** GPR inputs (r0-r9); the others hold sentinels. r10 addresses the 32-byte buffer. */
  readonly r: Record<number, bigint>;
  /** The 32-byte storage buffer, hex; omitted means zeros. */
  readonly mem?: string;
  /**
   * Machine code the oracle runs instead of `insn`: an equivalent sequence, for instructions
   * that qemu-s390x 7.2 gets wrong. Changes to the `scratch` FPRs it uses are not recorded.
   */
  readonly oracle?: string;
  readonly scratch?: readonly number[];
}

/** Sentinel contents of FPRs and GPRs a case does not set (shared with the replay test). */
export const fprSentinel = (n: number): bigint => 0x5ee0_0000_0000_0000n | (BigInt(n) << 40n) | BigInt(n);
export const gprSentinel = (n: number): bigint => 0x0123_4567_89ab_cd00n | BigInt(n);

/** Puts a value of format f in FPR n (short: left word, the right word keeps a marker). */
export function place(f: Fmt, n: number, v: bigint, into: Record<number, bigint>): void {
  if (f.bits === 32) into[n] = (v << 32n) | 0x0bad_cafen;
  else if (f.bits === 64) into[n] = v;
  else { into[n] = v >> 64n; into[n + 2] = v & 0xffff_ffff_ffff_ffffn; }
}

/** Storage image with a short or long value at offset 0. */
export function memWith(f: Fmt, v: bigint): string {
  return hex(v, f.bits / 4).padEnd(64, '0');
}

const byMnemonic = new Map(CATALOG.map((i) => [i.mnemonic, i]));

/** Machine code of `mn` with the given field values (R1, R2, M3, D2, ...; others zero). */
export function encode(mn: string, fields: Record<string, number>): string {
  const insn = byMnemonic.get(mn);
  if (!insn) throw new Error(`no instruction ${mn}`);
  const bytes = Uint8Array.from(insn.opcode.subarray(0, insn.length));
  const set = (at: number, bits: number, value: number): void => {
    for (let i = 0; i < bits; i++) {
      const bit = at + i;
      const on = Math.floor(value / 2 ** (bits - 1 - i)) % 2 === 1;
      if (on) bytes[bit >> 3] |= 0x80 >> (bit & 7);
    }
  };
  for (const fl of insn.format.fields) {
    const v = fields[fl.name];
    if (v === undefined) continue;
    if (fl.bits === 20) set(fl.at, 20, ((v & 0xfff) << 8) | ((v >> 12) & 0xff));
    else set(fl.at, fl.bits, v);
  }
  for (const k of Object.keys(fields)) {
    if (!insn.format.fields.some((fl) => fl.name === k)) throw new Error(`${mn} has no field ${k}`);
  }
  return Buffer.from(bytes).toString('hex');
}
