// Oracle cases for floating-point register moves, loads and stores, GPR/FPR transfers,
// sign copies, and the FPC instructions (extract/set/load/store, set and signal, set
// rounding mode), including reserved FPC bits and invalid rounding modes.
import { encode, type Case } from './case';

const V = [0x3ff0_0000_0000_0000n, 0xfff8_0000_0000_0001n, 0x7ff0_0000_0000_0001n, 0x8000_0000_0000_0000n,
  0x0000_0000_0000_0001n, 0x4009_21fb_5444_2d18n];

function c(mn: string, fields: Record<string, number>, f: Record<number, bigint>, extra: Partial<Case> = {}): Case {
  return { mn, insn: encode(mn, fields), fpc: 0, cc: 1, f, r: {}, ...extra };
}

function moves(): Case[] {
  const out: Case[] = [];
  const mem = '0123456789abcdeffedcba98765432100011223344556677';
  for (const mn of ['le', 'ld']) out.push(c(mn, { R1: 4, B2: 10, D2: 8 }, {}, { mem: mem.padEnd(64, '0') }));
  for (const mn of ['ley', 'ldy']) out.push(c(mn, { R1: 4, B2: 10, D2: 4 }, {}, { mem: mem.padEnd(64, '0') }));
  for (const mn of ['ste', 'std', 'stey', 'stdy']) {
    for (const v of V.slice(0, 3)) out.push(c(mn, { R1: 9, B2: 10, D2: 8 }, { 9: v }));
  }
  for (const v of V) {
    out.push(c('ler', { R1: 4, R2: 1 }, { 1: v }), c('ldr', { R1: 4, R2: 1 }, { 1: v }));
    out.push(c('lxr', { R1: 4, R2: 1 }, { 1: v, 3: v ^ 0xffffn }));
    out.push(c('lgdr', { R1: 3, R2: 1 }, { 1: v }), c('ldgr', { R1: 4, R2: 7 }, {}, { r: { 7: v } }));
    for (const mn of ['lcdfr', 'lndfr', 'lpdfr']) out.push(c(mn, { R1: 4, R2: 1 }, { 1: v }));
    for (const s of [0n, 0x8000_0000_0000_0000n]) out.push(c('cpsdr', { R1: 4, R3: 8, R2: 1 }, { 1: v, 8: s | 0x1234n }));
  }
  out.push(c('lzer', { R1: 4 }, {}), c('lzdr', { R1: 4 }, {}), c('lzxr', { R1: 4 }, {}), c('lzxr', { R1: 6 }, {}));
  out.push(c('lxr', { R1: 2, R2: 1 }, {}), c('lxr', { R1: 4, R2: 7 }, {}));
  return out;
}

/** FPC values: ordinary, with each reserved bit, each BFP rounding mode, DFP modes. */
const FPC_VALUES = [0x0000_0000, 0xf800_0000, 0x00f8_0000, 0x0000_ff00, 0x0400_0000, 0x0004_0000, 0x0200_0000,
  0x0100_0000, 0x0002_0000, 0x0001_0000, 0x0000_0080, 0x0000_0040, 0x0000_0070, 0x0000_0008, 0x0000_0001,
  0x0000_0002, 0x0000_0003, 0x0000_0004, 0x0000_0005, 0x0000_0006, 0x0000_0007, 0x8844_0003, 0x4040_1201];

function fpcCases(): Case[] {
  const out: Case[] = [];
  out.push(c('efpc', { R1: 3 }, {}, { fpc: 0x8840_1203 }), c('efpc', { R1: 3 }, {}, { fpc: 0x0008_0007 }));
  out.push(c('stfpc', { B2: 10, D2: 4 }, {}, { fpc: 0xf8f8_0071 }));
  for (const v of FPC_VALUES) {
    out.push(c('sfpc', { R1: 5 }, {}, { fpc: 0x0808_0001, r: { 5: 0xffff_ffff_0000_0000n | BigInt(v) } }));
    out.push(c('lfpc', { B2: 10, D2: 8 }, {}, { fpc: 0x0808_0001, mem: ('0'.repeat(16) + v.toString(16).padStart(8, '0')).padEnd(64, '0') }));
  }
  // SET FPC AND SIGNAL: every pairing of an old flag with a new mask, plus reserved bits.
  const flags = [0x80, 0x40, 0x20, 0x10, 0x08, 0x28, 0x18, 0xf8, 0x00];
  for (const old of flags) {
    for (const mask of [0x00, 0x80, 0x40, 0x20, 0x10, 0x08, 0xf8, 0x30]) {
      const fpcOld = (old << 16) | 0x0000_1200;
      const v = (mask << 24) | 0x0000_0002;
      out.push(c('sfasr', { R1: 5 }, {}, { fpc: fpcOld, r: { 5: BigInt(v >>> 0) } }));
    }
  }
  for (const v of [0x0300_0000, 0x0000_0005, 0x0000_0080, 0x0008_0000 | 0x0800_0000]) {
    out.push(c('sfasr', { R1: 5 }, {}, { fpc: 0x0008_0000, r: { 5: BigInt(v >>> 0) } }));
    out.push(c('lfas', { B2: 10, D2: 0 }, {}, { fpc: 0x0008_0000, mem: v.toString(16).padStart(8, '0').padEnd(64, '0') }));
  }
  for (let m = 0; m < 8; m++) {
    for (const old of [0x0000_0000, 0xf8f8_0077, 0x0000_0007]) {
      out.push(c('srnm', { D2: m | 0x100 }, {}, { fpc: old }), c('srnmb', { D2: m | 0x100 }, {}, { fpc: old }));
      out.push(c('srnmt', { D2: m | 0x100 }, {}, { fpc: old }));
    }
  }
  return out;
}

export function fprCases(): Case[] {
  return [...moves(), ...fpcCases()];
}
