// `monitor` commands (qRcmd): help, translate a virtual address, show its DAT table walk
// entry by entry, the machine's interruption/intercept counters, vcpu states, and the
// switch between virtual (current DAT) and real memory access for m/M/X.
import type { Cpu } from '../cpu/cpu';
import { PSW } from '../cpu/state';
import { ASCE, REGION_ENTRY, SEGMENT_ENTRY, PAGE_ENTRY, TABLE_TYPE } from '../mmu/dat';
import { SPACE } from '../mmu/mmu';
import type { Machine } from '../machine/machine';
import { currentSpace, translateForDebugger, type MemoryMode } from './memory';

export interface MonitorContext {
  readonly machine: Machine;
  /** The vcpu g/m/p address (Hg). */
  readonly cpu: Cpu;
  memoryMode: MemoryMode;
}

const HELP = [
  'kuli gdb stub monitor commands:',
  '  help                     this list',
  '  translate ADDR           virtual -> real -> absolute through the current DAT',
  '  walk ADDR                the DAT table walk for ADDR, entry by entry',
  '  stats                    interruption and intercept counters, instructions per vcpu',
  '  vcpus                    state and PSW of every vcpu',
  '  memory virtual|real      how m/M/X addresses are taken (now: %MODE%)',
];

const TWO32 = 0x1_0000_0000;

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function parseAddress(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0x)?[0-9a-f]{1,16}$/i.test(text)) return undefined;
  const n = Number.parseInt(text.replace(/^0x/i, ''), 16);
  return Number.isSafeInteger(n) ? n : undefined;
}

function u64(view: DataView, at: number): [number, number] {
  return [view.getUint32(at), view.getUint32(at + 4)];
}

function hex64(hi: number, lo: number): string {
  return `${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;
}

const LEVEL_NAME = ['segment', 'region-third', 'region-second', 'region-first'];

/** The walk for display: every table entry read, then the translation the MMU computes. */
function datWalk(ctx: MonitorContext, address: number): string[] {
  const cpu = ctx.cpu;
  const lines: string[] = [];
  if ((cpu.pswMask & PSW.DAT) === 0) lines.push('DAT is off in the PSW: the address is real; walking the primary space anyway');
  const space = (cpu.pswMask & PSW.DAT) === 0 ? SPACE.PRIMARY : currentSpace(cpu);
  const asceHi = cpu.cr[2 * space];
  const asceLo = cpu.cr[2 * space + 1];
  const dt = (asceLo & ASCE.DT) >>> ASCE.DT_SHIFT;
  lines.push(`ASCE (cr${space}) ${hex64(asceHi, asceLo)}: ${(asceLo & ASCE.REAL_SPACE) !== 0 ? 'real space' : `${LEVEL_NAME[dt]} table at ${hex(asceHi * TWO32 + ((asceLo & ASCE.ORIGIN) >>> 0))}`}`);
  if ((asceLo & ASCE.REAL_SPACE) === 0) {
    const hi = Math.floor(address / TWO32) >>> 0;
    const lo = address >>> 0;
    const idx = [(lo >>> 20) & 0x7ff, ((hi & 0x3ff) << 1) | (lo >>> 31), (hi >>> 10) & 0x7ff, hi >>> 21];
    const view = cpu.storage.view;
    let origin = asceHi * TWO32 + ((asceLo & ASCE.ORIGIN) >>> 0);
    let ok = true;
    for (let level = dt; level >= TABLE_TYPE.SEGMENT && ok; level--) {
      const at = origin + idx[level] * 8;
      if (at + 8 > cpu.storage.size) { lines.push(`${LEVEL_NAME[level]} entry ${idx[level]} at ${hex(at)}: outside guest storage`); ok = false; break; }
      const [eHi, eLo] = u64(view, at);
      const invalid = (eLo & (level === TABLE_TYPE.SEGMENT ? SEGMENT_ENTRY.INVALID : REGION_ENTRY.INVALID)) !== 0;
      lines.push(`${LEVEL_NAME[level]} entry ${idx[level]} at ${hex(at)}: ${hex64(eHi, eLo)}${invalid ? ' (invalid)' : ''}`);
      if (invalid) { ok = false; break; }
      const large = level === TABLE_TYPE.SEGMENT ? (eLo & SEGMENT_ENTRY.FORMAT) !== 0 : level === TABLE_TYPE.REGION_THIRD && (eLo & REGION_ENTRY.FORMAT) !== 0;
      if (large) { lines.push('  large frame (EDAT format control)'); ok = false; break; }
      origin = eHi * TWO32 + ((eLo & (level === TABLE_TYPE.SEGMENT ? SEGMENT_ENTRY.PTO : REGION_ENTRY.ORIGIN)) >>> 0);
      if (level === TABLE_TYPE.SEGMENT) {
        const pte = origin + ((lo >>> 12) & 0xff) * 8;
        if (pte + 8 > cpu.storage.size) { lines.push(`page entry at ${hex(pte)}: outside guest storage`); break; }
        const [pHi, pLo] = u64(view, pte);
        lines.push(`page entry ${(lo >>> 12) & 0xff} at ${hex(pte)}: ${hex64(pHi, pLo)}${(pLo & PAGE_ENTRY.INVALID) !== 0 ? ' (invalid)' : ''}${(pLo & PAGE_ENTRY.PROTECT) !== 0 ? ' (protected)' : ''}`);
      }
    }
  }
  lines.push(translateLine(ctx, address, 'virtual'));
  return lines;
}

function translateLine(ctx: MonitorContext, address: number, mode: MemoryMode): string {
  const t = translateForDebugger(ctx.cpu, address, mode);
  if (t.absolute !== undefined && t.real !== undefined) return `${hex(address)} -> real ${hex(t.real)} -> absolute ${hex(t.absolute)}`;
  if (t.code > 0) return `${hex(address)}: translation exception, program interruption code ${hex(t.code)}`;
  return `${hex(address)}: outside guest storage`;
}

function stats(ctx: MonitorContext): string[] {
  const lines = ctx.machine.vcpus.map((v) => `vcpu ${v.address}: ${v.cpu.icount} instructions, ${v.cpu.programInterrupts} program interruptions`);
  const counters = [...ctx.machine.counters].sort(([a], [b]) => a.localeCompare(b));
  if (counters.length === 0) lines.push('no interruptions or intercepts counted yet');
  for (const [name, n] of counters) lines.push(`${name.padEnd(16)} ${n}`);
  return lines;
}

export function vcpuState(v: Machine['vcpus'][number]): string {
  return v.stopped ? 'stopped' : v.disabledWait ? 'disabled wait' : v.waiting ? 'enabled wait' : 'operating';
}

function vcpus(ctx: MonitorContext): string[] {
  return ctx.machine.vcpus.map((v) => {
    const w = v.cpu.pswWords();
    return `vcpu ${v.address}: ${vcpuState(v)}, PSW ${hex64(w[0], w[1])} ${hex64(w[2], w[3])}, prefix ${hex(v.cpu.prefix)}`;
  });
}

/** Runs one monitor command; returns its output lines. */
export function monitorCommand(ctx: MonitorContext, text: string): string[] {
  const [cmd, ...args] = text.trim().split(/\s+/);
  switch (cmd) {
    case '':
    case 'help':
      return HELP.map((l) => l.replace('%MODE%', ctx.memoryMode));
    case 'translate':
    case 'walk': {
      const a = parseAddress(args[0]);
      if (a === undefined) return [`usage: ${cmd} ADDR (hex, e.g. 0x10000)`];
      return cmd === 'walk' ? datWalk(ctx, a) : [translateLine(ctx, a, 'virtual')];
    }
    case 'stats':
      return stats(ctx);
    case 'vcpus':
      return vcpus(ctx);
    case 'memory':
      if (args[0] === 'virtual' || args[0] === 'real') {
        ctx.memoryMode = args[0];
        return [`memory access is now ${args[0]}${args[0] === 'real' ? ' (prefixed, no DAT)' : ' (current DAT of the selected vcpu)'}`];
      }
      return [`memory access is ${ctx.memoryMode}; usage: memory virtual|real`];
    default:
      return [`unknown monitor command '${cmd}'; try 'monitor help'`];
  }
}
