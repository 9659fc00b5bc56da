// Block compiler: straight-line runs of hot guest code become one JS function that calls
// each instruction's handler with its decoded record, without the per-instruction fetch,
// translation and cache lookup of the interpreter. Only problem-state domains are
// compiled (their handlers cannot change the PSW other than by branching); a block ends
// at a branch taken, at the first instruction of another domain, or at the page end.
import type { Cpu } from './cpu';
import type { Decoded, Handler } from './decoded';
import { TEMPLATE_HELPERS, TEMPLATES } from './jit-templates';

/**
 * Handlers whose instructions may sit inside a compiled block. Each problem-state domain
 * registers its table with allowInBlocks when its module loads; this module imports no
 * handler module, so the registration order cannot hit an uninitialised set.
 */
const COMPILABLE = new Set<Handler>();

/** Lets a domain's instructions into compiled blocks: they change no PSW field but the CC. */
export function allowInBlocks(handlers: Iterable<Handler>): void {
  for (const h of handlers) COMPILABLE.add(h);
}

/** Longest block, in instructions (bounds compile time and the interrupt latency). */
const MAX_BLOCK = 64;

export type BlockFn = (cpu: Cpu) => void;

export interface Block {
  /** Logical address and addressing mode the block was compiled for. */
  readonly ia: number;
  readonly amode: number;
  /** Absolute byte range covered, for invalidation. */
  readonly absStart: number;
  readonly absEnd: number;
  readonly length: number;
  /** The instructions, in order (to count those completed before an interruption). */
  readonly decoded: readonly Decoded[];
  readonly run: BlockFn;
  /** False once stores overwrote the code or the block was replaced. */
  valid: boolean;
  /** Cached link to the block that followed last time (see Cpu.runBlock). */
  successor: Block | undefined;
  successorIa: number;
  successor2: Block | undefined;
  successor2Ia: number;
  /** Cpu translation epoch the links were made under. */
  successorEpoch: number;
}

export function isCompilable(d: Decoded): boolean {
  return COMPILABLE.has(d.exec);
}

/** Branches taken whatever the CC when their mask is 15; RR forms branch only when R2 is not 0. */
const MASKED = new Set(['brc', 'brcl', 'bc', 'bcr']);
const ALWAYS = new Set(['bras', 'brasl', 'bas']);
const ALWAYS_RR = new Set(['basr', 'bsm', 'bassm']);

/** Whether no instruction after `d` runs in the same pass: an unconditional branch ends a block. */
export function endsBlock(d: Decoded): boolean {
  const m = d.insn?.mnemonic;
  if (m === undefined) return false;
  if (MASKED.has(m)) return d.m1 === 15 && (m !== 'bcr' || d.r2 !== 0);
  return ALWAYS.has(m) || (ALWAYS_RR.has(m) && d.r2 !== 0);
}

/**
 * Compiles the decoded instructions `ds` (consecutive, starting at logical `ia`) into a
 * block. Handler calls set ia/current/nia as the interpreter would (handlers read them for
 * relative addressing, ILC and interruptions). Inline templates do not: they note their
 * index in the local `k` before anything that can raise an interruption, and the block's
 * catch sets ia/current/nia from the side tables for that index before rethrowing. A
 * branch back to the block's first instruction loops inside the function while the run
 * loop's instruction budget (cpu.jitBudget) lasts.
 */
export function compileBlock(ds: readonly Decoded[], ia: number, amode: number, absStart: number,
  wrap: (a: number) => number): Block {
  const lines: string[] = [];
  const ias: number[] = [];
  const nias: number[] = [];
  let addr = ia;
  let bytes = 0;
  let loops = false;
  for (let i = 0; i < ds.length; i++) {
    const d = ds[i];
    const next = wrap(addr + d.length);
    ias.push(addr);
    nias.push(next);
    const template = amode === 64 && d.insn ? TEMPLATES[d.insn.mnemonic] : undefined;
    const emitted = template?.({ d, ia: addr, next, index: i, start: ia });
    if (emitted !== undefined) {
      if (emitted.faults) lines.push(`k = ${i};`);
      if (emitted.code.includes('continue block;')) loops = true;
      lines.push(emitted.code);
      if (emitted.stores) lines.push(`if (cpu.jitStop) { cpu.icount += ${i + 1}; cpu.ia = ${next}; return; }`);
    } else {
      lines.push(
        `k = ${i}; cpu.ia = ${addr}; cpu.current = D[${i}]; cpu.nia = ${next};`,
        `H${i}(cpu, D[${i}]);`,
        `if (cpu.nia !== ${next} || cpu.jitStop) { cpu.icount += ${i + 1}; cpu.ia = cpu.nia; return; }`,
      );
    }
    addr = next;
    bytes += d.length;
  }
  lines.push(`cpu.icount += ${ds.length}; cpu.ia = ${addr}; return;`);
  const body = loops ? `block: for (;;) {\n${lines.join('\n')}\n}` : lines.join('\n');
  const helperNames = Object.keys(TEMPLATE_HELPERS);
  const params = ds.map((_, i) => `H${i}`);
  const source = `return function block(cpu) {
const g = cpu.gpr; let k = -1;${/\b(FR|FW)\[/.test(body) ? '\nconst M = cpu.mem, T = cpu.mmu.tlb, FR = T.fastRead, FW = T.fastWrite, FF = T.fastFrame, CP = cpu.codePages;' : ''}
try {
${body}
} catch (e) {
  if (k >= 0) { cpu.ia = IA[k]; cpu.current = D[k]; cpu.nia = NIA[k]; }
  throw e;
}
};`;
  const factory = new Function('D', 'IA', 'NIA', ...helperNames, ...params, source) as
    (d: readonly Decoded[], ...rest: unknown[]) => BlockFn;
  return {
    ia, amode, absStart, absEnd: absStart + bytes, length: ds.length, decoded: ds,
    run: factory(ds, ias, nias, ...Object.values(TEMPLATE_HELPERS), ...ds.map((d) => d.exec)),
    valid: true, successor: undefined, successorIa: -1, successor2: undefined, successor2Ia: -1, successorEpoch: -1,
  };
}

export { MAX_BLOCK };
