// Oracle case description for the general-instruction tests (tools/cpu-oracle/general),
// shared with the replay test (test/cpu/general-oracle.ts). A case is one instruction
// run by the string oracle's runner (tools/cpu-oracle/string/runner.c) on qemu-s390x or
// Hercules; a case that also sets or reports access registers, floating-point registers,
// the FPC or control register 8 runs its instruction inside a small code block (see
// block.ts) that loads and stores those registers around it (FPRs, FPC and CR8 need the
// supervisor state: Hercules only).
import type { OracleCase, OracleResult, Oracle } from '../string/case';

export interface GeneralCase extends OracleCase {
  /** Access registers before (all sixteen); reported after when the case completes. */
  ar?: number[];
  /** Floating-point registers before: register → 64-bit pattern; these are reported after. */
  f?: Record<number, bigint>;
  /** FPC before (Hercules only: set from lowcore); reported after. */
  fpc?: number;
  /** Control register 8 (monitor masks) before (Hercules only: supervisor state). */
  cr8?: bigint;
}

export interface GeneralResult extends OracleResult {
  /** Access registers after, 8 hex digits each (completed cases with `ar`). */
  ar?: string[];
  /** Floating-point registers after, 16 hex digits each (cases with `f`). */
  f?: Record<string, string>;
  fpc?: number;
  /** Instruction-length code and old-PSW address minus the instruction's (Hercules). */
  ilc?: number;
  pswoff?: number;
}

/** A recorded case as stored in test/cpu/fixtures/general-*.json. */
export interface GeneralFixture extends Omit<GeneralCase, 'r' | 'f' | 'cr8'> {
  r?: Record<string, string>;
  f?: Record<string, string>;
  cr8?: string;
  oracle: Oracle;
  expect: GeneralResult;
}

export const Q: Oracle = 'qemu-s390x';
export const H: Oracle = 'hercules';
/** A case list: each case with the oracle that records it. */
export type Cases = [Oracle, GeneralCase][];

/** True when the case needs the register-loading code block around its instruction. */
export function needsBlock(c: GeneralCase): boolean {
  return c.ar !== undefined || c.f !== undefined || c.fpc !== undefined || c.cr8 !== undefined;
}
