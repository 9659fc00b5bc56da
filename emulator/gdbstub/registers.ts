// The s390x register set as gdb sees it: one table (name, size, type, group, feature) that
// yields the target description XML (target-xml.ts) and the g/G/p/P register numbers, and
// big-endian reads and writes of each register in a Cpu. Numbering follows the table order:
// PSW mask/address, r0-r15, access registers, FPC and FPRs, vector halves (gdb's s390-vx
// split: v0l-v15l are the right halves of v0-v15 whose left halves are f0-f15; v16-v31
// whole), then control registers as a "system" group.
import type { Cpu } from '../cpu/cpu';
import { ProgramInterrupt } from '../cpu/interrupts';

/** Target-description feature names gdb's s390 support looks for (plus the CR one QEMU uses). */
export const FEATURE = {
  CORE: 'org.gnu.gdb.s390.core',
  ACR: 'org.gnu.gdb.s390.acr',
  FPR: 'org.gnu.gdb.s390.fpr',
  VX: 'org.gnu.gdb.s390.vx',
  CR: 'org.gnu.gdb.s390.cr',
} as const;

export type RegisterKind = 'pswm' | 'pswa' | 'gpr' | 'acr' | 'fpc' | 'fpr' | 'vlow' | 'vfull' | 'cr';

export interface RegisterInfo {
  readonly name: string;
  readonly bits: 32 | 64 | 128;
  readonly type: string;
  readonly group: string;
  readonly feature: string;
  readonly kind: RegisterKind;
  /** Register number within its kind (r5 → 5, v17 → 17). */
  readonly index: number;
}

function range(n: number, f: (i: number) => RegisterInfo): RegisterInfo[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

export const REGISTERS: readonly RegisterInfo[] = [
  { name: 'pswm', bits: 64, type: 'uint64', group: 'psw', feature: FEATURE.CORE, kind: 'pswm', index: 0 },
  { name: 'pswa', bits: 64, type: 'uint64', group: 'psw', feature: FEATURE.CORE, kind: 'pswa', index: 0 },
  ...range(16, (i) => ({ name: `r${i}`, bits: 64, type: 'uint64', group: 'general', feature: FEATURE.CORE, kind: 'gpr', index: i } as const)),
  ...range(16, (i) => ({ name: `acr${i}`, bits: 32, type: 'uint32', group: 'access', feature: FEATURE.ACR, kind: 'acr', index: i } as const)),
  { name: 'fpc', bits: 32, type: 'uint32', group: 'float', feature: FEATURE.FPR, kind: 'fpc', index: 0 },
  ...range(16, (i) => ({ name: `f${i}`, bits: 64, type: 'ieee_double', group: 'float', feature: FEATURE.FPR, kind: 'fpr', index: i } as const)),
  ...range(16, (i) => ({ name: `v${i}l`, bits: 64, type: 'uint64', group: 'vector', feature: FEATURE.VX, kind: 'vlow', index: i } as const)),
  ...range(16, (i) => ({ name: `v${i + 16}`, bits: 128, type: 'vec128', group: 'vector', feature: FEATURE.VX, kind: 'vfull', index: i + 16 } as const)),
  ...range(16, (i) => ({ name: `cr${i}`, bits: 64, type: 'uint64', group: 'system', feature: FEATURE.CR, kind: 'cr', index: i } as const)),
];

export const PC_REGNUM = 1;

/** The 32-bit words of register `r` in `cpu`, most significant first. */
export function readRegister(cpu: Cpu, r: RegisterInfo): number[] {
  const i = r.index;
  switch (r.kind) {
    case 'pswm': { const w = cpu.pswWords(); return [w[0], w[1]]; }
    case 'pswa': return [Math.floor(cpu.ia / 0x1_0000_0000) >>> 0, cpu.ia >>> 0];
    case 'gpr': return [cpu.gpr[2 * i], cpu.gpr[2 * i + 1]];
    case 'acr': return [cpu.ar[i]];
    case 'fpc': return [cpu.fpc];
    case 'fpr': return [cpu.vr[4 * i], cpu.vr[4 * i + 1]];
    case 'vlow': return [cpu.vr[4 * i + 2], cpu.vr[4 * i + 3]];
    case 'vfull': return [cpu.vr[4 * i], cpu.vr[4 * i + 1], cpu.vr[4 * i + 2], cpu.vr[4 * i + 3]];
    case 'cr': return [cpu.cr[2 * i], cpu.cr[2 * i + 1]];
  }
}

/** A value the register cannot take (an invalid PSW). */
export class RegisterError extends Error {
  override name = 'RegisterError';
}

/** Sets register `r` from its words (most significant first). */
export function writeRegister(cpu: Cpu, r: RegisterInfo, w: readonly number[]): void {
  const i = r.index;
  switch (r.kind) {
    case 'pswm': {
      const saved = { mask: cpu.pswMask, cc: cpu.cc, amode: cpu.amode, ia: cpu.ia };
      try {
        cpu.loadPsw(w[0], w[1], Math.floor(cpu.ia / 0x1_0000_0000) >>> 0, cpu.ia >>> 0);
      } catch (e) {
        if (!(e instanceof ProgramInterrupt)) throw e;
        cpu.pswMask = saved.mask; cpu.cc = saved.cc; cpu.amode = saved.amode; cpu.ia = saved.ia;
        throw new RegisterError('not a valid PSW mask');
      }
      return;
    }
    case 'pswa': cpu.ia = w[0] * 0x1_0000_0000 + w[1]; return;
    case 'gpr': cpu.gpr[2 * i] = w[0]; cpu.gpr[2 * i + 1] = w[1]; return;
    case 'acr': cpu.ar[i] = w[0]; return;
    case 'fpc': cpu.fpc = w[0]; return;
    case 'fpr': cpu.vr[4 * i] = w[0]; cpu.vr[4 * i + 1] = w[1]; return;
    case 'vlow': cpu.vr[4 * i + 2] = w[0]; cpu.vr[4 * i + 3] = w[1]; return;
    case 'vfull': for (let k = 0; k < 4; k++) cpu.vr[4 * i + k] = w[k]; return;
    case 'cr': cpu.cr[2 * i] = w[0]; cpu.cr[2 * i + 1] = w[1]; return;
  }
}

/** Register `r` as big-endian hex. */
export function registerHex(cpu: Cpu, r: RegisterInfo): string {
  return readRegister(cpu, r).map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

/** Parses big-endian hex of the register's size; undefined when the length or digits are wrong. */
export function parseRegisterHex(r: RegisterInfo, hex: string): number[] | undefined {
  if (hex.length !== r.bits / 4 || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const words: number[] = [];
  for (let k = 0; k < hex.length; k += 8) words.push(parseInt(hex.slice(k, k + 8), 16) >>> 0);
  return words;
}

/** Hex digits of the whole 'g' block. */
export const G_PACKET_LENGTH = REGISTERS.reduce((n, r) => n + r.bits / 4, 0);
