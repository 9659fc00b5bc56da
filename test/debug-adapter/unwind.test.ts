// Stack traces against gdb's: the unwinder test guest (test/guests/unwind) runs in-process
// under the gdb stub, the Runtime stops at the breakpoints gdb-multiarch used and, stop
// after stop, its frames (function, file:line and pc, inlined calls included) must equal
// gdb's `bt` recorded by test/oracle/gdb-unwind.sh. Both CFI forms: .debug_frame (DWARF 5)
// and .eh_frame (DWARF 4). Then the DWARF readers against binutils' view of the same
// files, the fallback without CFI, and malformed sections.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { AttachBackend } from '../../debug-adapter/backends';
import { findFde, readFrames, unwindRow } from '../../debug-adapter/dwarf/cfi';
import { readFunctions } from '../../debug-adapter/dwarf/info';
import { Program } from '../../debug-adapter/program';
import { Runtime, type RuntimeEvent } from '../../debug-adapter/runtime';
import { parseElf } from '../../emulator/elf/elf';
import { GdbServer, runWithStub, type StubRunResult } from '../../emulator/gdbstub/server';
import { Machine } from '../../emulator/machine/machine';

const DIR = join(__dirname, '..', 'guests', 'unwind');
const GOLDEN = join(__dirname, 'golden');

interface GdbFrame { readonly pc: string; readonly fn: string; readonly loc: string }
interface Golden { readonly breaks: number[]; readonly stops: GdbFrame[][] }

function golden(name: string): Golden {
  const breaks: number[] = [];
  const stops: GdbFrame[][] = [];
  for (const line of readFileSync(join(GOLDEN, `${name}.bt.txt`), 'utf8').trim().split('\n')) {
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'break') breaks.push(Number(a));
    else if (kind === 'stop') stops.push([]);
    else stops[stops.length - 1].push({ pc: a, fn: b, loc: c });
  }
  return { breaks, stops };
}

interface Rig { rt: Runtime; done: Promise<StubRunResult>; events: RuntimeEvent[] }
const rigs: Rig[] = [];

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.rt.terminate();
    await r.done;
  }
});

async function start(elf: string, program: Program): Promise<Rig> {
  const machine = new Machine({ memory: 128 * 2 ** 20, console: () => {} });
  machine.loadKernel(readFileSync(join(DIR, elf)), elf);
  const server = new GdbServer(machine, { port: 0, wait: true });
  const port = await server.listen();
  const done = runWithStub(machine, server, 100_000, 5);
  const rt = new Runtime(new AttachBackend('127.0.0.1', port), program);
  const events: RuntimeEvent[] = [];
  rt.on((e) => events.push(e));
  await rt.start();
  const r = { rt, done, events };
  rigs.push(r);
  return r;
}

/** A frame as the golden spells it: pc only where gdb printed one. */
function spell(f: { pc: number; name: string | undefined; line: { path: string; line: number } | undefined }, gdb: GdbFrame | undefined): string {
  const loc = f.line === undefined ? '-' : `${f.line.path.endsWith('/lib/' + basename(f.line.path)) ? '../lib/' : ''}${basename(f.line.path)}:${f.line.line}`;
  return `${gdb?.pc === '-' ? '-' : `0x${f.pc.toString(16)}`} ${f.name ?? '??'} ${loc}`;
}

describe.each([
  ['unwind.elf', 'unwind', '.debug_frame, DWARF 5'],
  ['unwind-eh.elf', 'unwind-eh', '.eh_frame, DWARF 4'],
])('%s (%s)', (elf, name) => {
  test('every backtrace at every stop equals gdb-multiarch', async () => {
    const g = golden(name);
    const program = Program.load(readFileSync(join(DIR, elf)), DIR);
    expect(program.dwarfProblems).toEqual([]);
    const { rt, events } = await start(elf, program);
    await rt.setBreakpoints('gdb', g.breaks);
    for (const [i, want] of g.stops.entries()) {
      await rt.continue();
      expect(events.at(-1), `stop ${i}`).toMatchObject({ kind: 'stopped', reason: 'breakpoint' });
      const frames = await rt.stackTrace(1);
      expect(g.breaks, `stop ${i} at a breakpoint`).toContain(frames[0].pc);
      const got = frames.map((f, j) => spell(f, want[j]));
      expect(got, `stop ${i}`).toEqual(want.map((f) => `${f.pc} ${f.fn} ${f.loc}`));
    }
  });
});

describe('DWARF readers against binutils', () => {
  test('functions and ranges of .debug_info match readelf (DWARF 5 and 4)', () => {
    for (const elf of ['unwind.elf', 'unwind-eh.elf']) {
      const fns = readFunctions(parseElf(readFileSync(join(DIR, elf))));
      const by = new Map(fns.map((f) => [f.name, f]));
      // s390x-linux-gnu-readelf --debug-dump=info: low_pc and high_pc (a length) per subprogram.
      expect(by.get('leaf')).toMatchObject({ entry: 0x11000, ranges: [{ low: 0x11000, high: 0x1102c }], inlined: [] });
      expect(by.get('main')).toMatchObject({ entry: 0x11148, ranges: [{ low: 0x11148, high: 0x11192 }] });
      expect(by.get('lib_start')).toMatchObject({ entry: 0x10000, ranges: [{ low: 0x10000, high: 0x1001e }] });
      // twice() inlined into middle: DW_AT_ranges as readelf --debug-dump=Ranges lists them
      // (.debug_rnglists in DWARF 5, .debug_ranges in 4), called at main.c:27.
      const twice = by.get('middle')?.inlined[0];
      expect(twice).toMatchObject({ name: 'twice', callFile: 1, callLine: 27 });
      expect(twice?.ranges).toEqual([{ low: 0x1103c, high: 0x11042 }, { low: 0x11048, high: 0x1104e }, { low: 0x11052, high: 0x11066 }, { low: 0x1106a, high: 0x1106c }]);
      // The out-of-line sclp_service_call names itself through DW_AT_abstract_origin.
      expect(by.get('sclp_service_call')?.entry).toBe(0x11c90);
      expect(fns).toHaveLength(29);
    }
  });

  test('CFI rows match readelf --debug-dump=frames (vla: CFA moves to r11; epilogue restores)', () => {
    for (const elf of ['unwind.elf', 'unwind-eh.elf']) {
      const fdes = readFrames(parseElf(readFileSync(join(DIR, elf))));
      const row = (pc: number): string => {
        const fde = findFde(fdes, pc);
        if (fde === undefined) return 'none';
        const r = unwindRow(fde, pc);
        const rules = [...r.rules].sort((a, b) => a[0] - b[0]).map(([reg, rule]) => `r${reg}:${rule.kind === 'offset' ? rule.offset : rule.kind}`);
        return `cfa=r${r.cfa?.reg}+${r.cfa?.offset} ${rules.join(' ')}`.trim();
      };
      const cases: [string, number, string][] = [
        ['leaf entry', 0x11000, 'cfa=r15+160'],
        ['vla before its save', 0x110d0, 'cfa=r15+160'],
        ['vla after stmg', 0x110de, 'cfa=r15+160 r11:-72 r12:-64 r13:-56 r14:-48 r15:-40'],
        ['vla after lay', 0x110e4, 'cfa=r15+320 r11:-72 r12:-64 r13:-56 r14:-48 r15:-40'],
        ['vla on r11', 0x110f4, 'cfa=r11+320 r11:-72 r12:-64 r13:-56 r14:-48 r15:-40'],
        ['vla epilogue', 0x11112, 'cfa=r15+160'],
        ['big body', 0x110b8, 'cfa=r15+8512 r12:-64 r13:-56 r14:-48 r15:-40'],
        ['start.S: no FDE', 0x10000, 'none'],
      ];
      for (const [what, pc, want] of cases) expect(row(pc), `${elf} ${what}`).toBe(want);
    }
  });

  test('a corrupt .debug_info or .debug_frame costs only that information', () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'unwind.elf')));
    const elf = parseElf(bytes);
    for (const section of ['.debug_info', '.debug_frame', '.debug_abbrev']) {
      const copy = bytes.slice();
      const s = parseElf(copy).sectionByName(section);
      if (s === undefined) throw new Error(`no ${section}`);
      copy.fill(0xff, Number(s.offset), Number(s.offset) + Math.min(64, Number(s.size)));
      const p = Program.load(copy, DIR);
      expect(p.dwarfProblems.length, section).toBeGreaterThan(0);
      // Line table and symbols still answer.
      expect(p.symbol('leaf')?.address).toBe(0x11000);
      expect(p.lineAt(0x11000)?.line).toBe(12);
    }
    expect(Program.load(bytes, DIR).functionAt(elf.header.entry === 0x10000n ? 0x10004 : 0)?.name).toBe('lib_start');
  });
});
