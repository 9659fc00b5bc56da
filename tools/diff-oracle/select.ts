// Which instructions of the ISA table the differential suite exercises, how their
// operands are treated (storage, address used as a value, branch target) and which
// kernel group each belongs to. Everything not listed here is derived from the table:
// one entry per base mnemonic (the one the CPU dispatches on), up to a CPU level.
import { CATALOG, CPU_LEVELS, type Instruction } from '../../emulator/isa/catalog';
import { lookupBase } from '../../emulator/cpu/decoded';
import type { CpuLevel } from '../../emulator/isa/table';
import { fpOperandTypes, type OperandType } from './bfp-types';

/** Left out, by reason. Privileged, I/O and machine-dependent results are no oracle data. */
const EXCLUDED: Readonly<Record<string, string>> = Object.fromEntries([
  ['privileged or system control',
    'bakr bsa bsg cfc csch csp cspg diag epar epair ereg eregg esar esair esea esta hsch iac idte ipk ipte iske ivsk ' +
    'lasp lctl lctlg lpsw lpswe lra lrag lray lura lurag msch msta mvcdk mvck mvcp mvcs mvcsk mvpg mvcos palb pc pgin ' +
    'pgout pr pt pti ptlb ptff pfmf ptf rchp rp rrbe rrbm rsch sac sacf sal schm sck sckc sckpf sie siga sigp spka ' +
    'spt spx ssar ssair ssch sske ssm stap stctl stctg stidp stnsm stosm stpt stpx stsch stura sturg svc tar ' +
    'tb tpi tprot trace tracg tsch upt xsch lptea crdte ecctr epctr ecpga lcctl lpctl lsctl qctri qsi scctr spctr ' +
    'lpp strag trap2 trap4 servc stcps stcrw'],
  ['model or time dependent', 'stck stckc stcke stckf stfl stfle stsi ecag ectg'],
  ['transactional execution', 'tbegin tbeginc tend tabort etnd'],
  ['crypto and compression', 'km kmc kimd klmd kmac kmf kmo kmctr pcc pckmo ppno cmpsc'],
  ['changes the addressing mode through a register (control would be lost)', 'bsm bassm'],
  ['CPU-determined amounts or complex operands (left to the CPU unit oracles)',
    'cuse tre trte trtre troo trot trto trtt cu12 cu14 cu21 cu24 cu41 cu42 cutfu cuutf plo csst ppa bprp'],
  ['QEMU 7.2 ends them with CC 3 (CPU-determined) where the operands are exhausted', 'mvcle clcle mvclu clclu'],
  ['DFP / HFP support not in the suite', 'lfas sfasr pfpo'],
  // Known departures of QEMU 7.2 from the PoP (cross-checked with Hercules by the CPU
  // string/decimal work): its answers would be wrong goldens.
  ['QEMU 7.2 departs from the PoP (PKA/PKU drop a character, UNPK loses digits)', 'pka pku unpk'],
  ['QEMU 7.2 departs from the PoP (STMH stores zeros)', 'stmh'],
  ['QEMU 7.2 departs from the PoP (reads the first operand in the result format)', 'mdeb mdebr mxdb mxdbr'],
  ['QEMU 7.2 departs from the PoP (VECTOR CHECKSUM sums the wrong words)', 'vcksm'],
].flatMap(([reason, list]) => list.split(' ').map((m) => [m, reason])));

/** Address-as-value operands: the second-operand address is a shift count, mask or code. */
const ADDRESS_IS_VALUE = /^(srnmb?|tc[edx]b|mc|vlgv|vlvg|vesl|vesra|vesrl|verll)$/;
const SHIFT_DESCRIPTION = /^(shift|rotate left single)/;

/** Branches whose target is a register or D(X,B): the target register (r13) holds the label. */
const BRANCH_VIA_ADDRESS = new Set(['bcr', 'balr', 'basr', 'bctr', 'bctgr', 'bc', 'bal', 'bas', 'bct', 'bctg', 'bxh',
  'bxle', 'bxhg', 'bxleg', 'crb', 'cgrb', 'clrb', 'clgrb', 'cib', 'cgib', 'clib', 'clgib']);

export type StorageMode = 'mem' | 'value' | 'target';

export interface InsnSpec {
  readonly insn: Instruction;
  readonly mnemonic: string;
  readonly group: string;
  /** Floating-point operand formats (fp group only). */
  readonly fp?: readonly OperandType[];
  readonly storage: StorageMode;
  /** PC-relative operand: branch target, or a storage operand in the MEM area. */
  readonly relative?: 'branch' | 'data';
  /** The instruction may branch: print whether it did. */
  readonly branch: boolean;
  /** Register-form branch: its R2 names the target register. */
  readonly targetRegister: boolean;
  /** EXECUTE: the target register / PC-relative operand names the execute target. */
  readonly execute: boolean;
  /** Registers the instruction uses implicitly (never chosen as operands). */
  readonly implicit: readonly number[];
  /** Register fields that name an even/odd pair although the table's layout says 'R'. */
  readonly pairFields: readonly string[];
  /** Vector facility instruction (vector kernels: V0-V31 loaded and printed). */
  readonly vector: boolean;
}

/** Vector-facility instructions on general registers only: they go with the integer ones. */
const GENERAL_IN_VECTOR_FACILITY: ReadonlySet<string> = new Set(['lcbb']);

const PAIR_FIELDS: Readonly<Record<string, readonly string[]>> = {
  mvcl: ['R1', 'R2'], clcl: ['R1', 'R2'], cksm: ['R2'],
};

/** Implicit register operands (PoP): string search/move/compare terminate on r0's byte. */
const IMPLICIT: Readonly<Record<string, readonly number[]>> = {
  srst: [0], srstu: [0], mvst: [0], clst: [0], trt: [1, 2], trtr: [1, 2],
};

function hasKind(insn: Instruction, kinds: readonly string[]): boolean {
  return insn.operands.some((o) => kinds.includes(o.kind));
}

function groupOf(insn: Instruction, fp: boolean, branch: boolean): string {
  const d = insn.row.description.toLowerCase();
  const m = insn.mnemonic;
  if (fp) return 'bfp';
  if (branch) return 'branch';
  if (SHIFT_DESCRIPTION.test(d) || /^r[inox]sb/.test(m)) return 'shift';
  if (/^(and|or|exclusive or|xor|test under mask|insert immediate|population count|find leftmost|load and (and|or|exclusive or))/.test(d)
    || /^(n|o|x)(i|iy|ihh|ihl|ilh|ill|ihf|ilf)$/.test(m)) return 'logical';
  const f = insn.format.name;
  if (/^(SS|SSE|SSF|RSL)/.test(f) || /multiple|decimal|pack|translate|edit|compare and swap|test and set|pair|execute/.test(d)) {
    return 'storage';
  }
  return 'integer';
}

/**
 * The instructions of the given CPU levels in table order: one per base mnemonic (the
 * one the CPU dispatches on), or for the vector facility one per table row, since the
 * element-size mnemonics (vab, vfadb, wfcdb...) fix the M fields to valid values.
 */
export function selectInstructions(levels: readonly CpuLevel[], skip: ReadonlySet<string>, vector = false): InsnSpec[] {
  const seen = new Set<string>();
  const out: InsnSpec[] = [];
  for (const candidate of CATALOG) {
    if (candidate.extended || candidate.row.facility === 'transactional-execution') continue;
    const vectorRow = candidate.row.facility === 'vector' && !GENERAL_IN_VECTOR_FACILITY.has(candidate.mnemonic);
    if (vectorRow !== vector) continue;
    const padded = new Uint8Array(6);
    padded.set(candidate.opcode.subarray(0, candidate.length));
    const base = lookupBase(padded);
    const insn = vectorRow ? candidate : base;
    if (!insn || !base || seen.has(insn.mnemonic)) continue;
    seen.add(insn.mnemonic);
    const m = insn.mnemonic;
    if (!levels.includes(insn.row.level) || insn.row.esaOnly || EXCLUDED[m] || skip.has(m)) continue;
    if (EXCLUDED[base.mnemonic] || skip.has(base.mnemonic)) continue;
    if (hasKind(insn, ['ar', 'cr', 'vindex'])) continue;
    const isVector = vectorRow;
    const fpTypes = fpOperandTypes(m);
    if (hasKind(insn, ['fpr', 'fpr-pair']) && !fpTypes) continue;
    const rel = insn.operands.find((o) => o.kind === 'relative');
    if (rel && (rel.at % 8 !== 0 || (rel.bits !== 16 && rel.bits !== 32))) continue;
    const d = insn.row.description.toLowerCase();
    const dataRelative = rel !== undefined && /relative long/.test(d) && !/branch|execute/.test(d);
    const relative = rel === undefined ? undefined : dataRelative || m === 'bpp' || m === 'exrl' ? 'data' : 'branch';
    const branch = relative === 'branch' || BRANCH_VIA_ADDRESS.has(m);
    const execute = m === 'ex' || m === 'exrl';
    const storage: StorageMode = BRANCH_VIA_ADDRESS.has(m) || execute ? 'target'
      : ADDRESS_IS_VALUE.test(m) || SHIFT_DESCRIPTION.test(d) ? 'value' : 'mem';
    out.push({
      insn, mnemonic: m, group: isVector ? 'vector' : groupOf(insn, fpTypes !== undefined, branch), fp: fpTypes, storage,
      relative, branch, vector: isVector,
      targetRegister: ['bcr', 'balr', 'basr', 'bctr', 'bctgr'].includes(m), execute, implicit: IMPLICIT[m] ?? [],
      pairFields: PAIR_FIELDS[m] ?? [],
    });
  }
  return out;
}

/** CPU levels from the first up to and including `last`. */
export function levelsThrough(last: CpuLevel): CpuLevel[] {
  return CPU_LEVELS.slice(0, CPU_LEVELS.indexOf(last) + 1);
}

/** CPU levels after `after` up to and including `last`. */
export function levelsBetween(after: CpuLevel, last: CpuLevel): CpuLevel[] {
  return CPU_LEVELS.slice(CPU_LEVELS.indexOf(after) + 1, CPU_LEVELS.indexOf(last) + 1);
}
