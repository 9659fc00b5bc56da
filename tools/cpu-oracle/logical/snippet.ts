// Builds the machine code the oracle runner executes for one case: a prologue that saves
// the caller's registers, sets CC/program mask and addressing mode and loads all sixteen
// registers; the instruction under test; 16-byte landing pads (fall-through and branch
// targets) that record which path was taken; and an epilogue that stores the registers
// and the PSW (EPSW) and returns. Only PC-relative stores/loads are used so no register
// is needed as a base.
import {
  COMMON, ENTRY, REGION, OUT_IPM, OUT_PATH, OUT_PSW0, OUT_PSW1, OUT_REGS, PAD_SIZE, SLOT_CCPM, SLOT_IN, SLOT_SAVE, TEST_AT,
} from './layout';

class Asm {
  readonly bytes: number[] = [];
  constructor(readonly at: number) {}
  get here(): number { return this.at + this.bytes.length; }
  raw(...b: number[]): this { this.bytes.push(...b.map((x) => x & 0xff)); return this; }
  private rel32(target: number): number[] {
    const d = (target - this.here) / 2;
    if (!Number.isInteger(d)) throw new Error('odd relative target');
    return [d >>> 24, d >>> 16, d >>> 8, d];
  }
  stgrl(r: number, target: number): this { return this.raw(0xc4, (r << 4) | 0xb, ...this.rel32(target)); }
  lgrl(r: number, target: number): this { return this.raw(0xc4, (r << 4) | 0x8, ...this.rel32(target)); }
  brcl(target: number): this { return this.raw(0xc0, 0xf4, ...this.rel32(target)); }
  lghi(r: number, v: number): this { return this.raw(0xa7, (r << 4) | 9, v >> 8, v); }
  spm(r: number): this { return this.raw(0x04, r << 4); }
  sam(mode: 24 | 31 | 64): this { return this.raw(0x01, mode === 24 ? 0x0c : mode === 31 ? 0x0d : 0x0e); }
  ipm(r1: number): this { return this.raw(0xb2, 0x22, 0, r1 << 4); }
  epsw(r1: number, r2: number): this { return this.raw(0xb9, 0x8d, 0, (r1 << 4) | r2); }
  br(r: number): this { return this.raw(0x07, 0xf0 | r); }
  hex(): string { return Buffer.from(this.bytes).toString('hex'); }
}

export interface SnippetInput {
  insn: string;
  regs: bigint[];
  cc: number;
  pm: number;
  amode: 24 | 31 | 64;
  /** Landing pads (fall-through and branch targets); each records its own address. */
  pads: number[];
  mem: Record<number, string>;
}

function w(addr: number, hex: string): string {
  return `W ${addr.toString(16)} ${hex}`;
}

function u64hex(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

/** Writes commands (W lines) that set up one case; the caller appends X and D lines. */
export function snippetCommands(c: SnippetInput): string[] {
  const out: string[] = [];
  const pro = new Asm(ENTRY);
  for (let r = 6; r <= 15; r++) pro.stgrl(r, SLOT_SAVE + 8 * (r - 6));
  pro.lgrl(1, SLOT_CCPM).spm(1);
  if (c.amode !== 64) pro.sam(c.amode);
  for (let r = 0; r <= 15; r++) pro.lgrl(r, SLOT_IN + 8 * r);
  pro.brcl(TEST_AT);
  out.push(w(ENTRY, pro.hex()));

  const epi = new Asm(COMMON);
  epi.stgrl(1, OUT_PATH).stgrl(0, OUT_REGS);
  for (let r = 2; r <= 15; r++) epi.stgrl(r, OUT_REGS + 8 * r);
  epi.ipm(0).stgrl(0, OUT_IPM).epsw(0, 1).stgrl(0, OUT_PSW0).stgrl(1, OUT_PSW1).sam(64);
  for (let r = 6; r <= 15; r++) epi.lgrl(r, SLOT_SAVE + 8 * (r - 6));
  epi.br(14);
  out.push(w(COMMON, epi.hex()));

  out.push(w(SLOT_IN, c.regs.map(u64hex).join('')));
  const ccpm = ((c.cc & 3) << 28) | ((c.pm & 15) << 24);
  out.push(w(SLOT_CCPM, u64hex(BigInt(ccpm >>> 0))));
  for (const at of c.pads) {
    // The path id is the pad's own offset, so a stale pad from an earlier case still
    // reports where control really went.
    const pad = new Asm(at).stgrl(1, OUT_REGS + 8).lghi(1, at - REGION);
    pad.brcl(COMMON);
    if (pad.bytes.length > PAD_SIZE) throw new Error('pad too long');
    out.push(w(at, pad.hex()));
  }
  out.push(w(TEST_AT, c.insn));
  for (const [addr, hex] of Object.entries(c.mem)) out.push(w(Number(addr), hex));
  return out;
}
