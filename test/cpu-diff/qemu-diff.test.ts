// Whole-program differential test against QEMU: every committed cpu-diff kernel
// (test/guests/cpu-diff/elf) and self-checking program (test/guests/programs/elf) runs
// in-process on a Kuli Machine, and its console must equal what qemu-system-s390x printed
// (the committed *.qemu.txt, recorded by test/oracle/qemu-diff.sh). One test per kernel
// (the whole output), and for the kernels one test per instruction, whose failure names
// each case and field: "alfi 7 (alfi %r1,4294967295 at 0x12f3c): r1 got ... expected ...".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleOne } from '../../emulator/isa/disassembler';
import { Machine, type RunResult } from '../../emulator/machine/machine';
import { caseInstructions, parseCaseLine, type CaseInstruction, type CaseLine } from '../../tools/diff-oracle/kernel-files';

const KERNELS = 'test/guests/cpu-diff/elf';
const PROGRAMS = 'test/guests/programs/elf';
/** Far above what any of these guests executes (a few million instructions each). */
const INSTRUCTION_LIMIT = 2_000_000_000;

interface GuestRun {
  readonly lines: string[];
  readonly result: RunResult;
}

function runGuest(path: string): GuestRun {
  let text = '';
  const machine = new Machine({ memory: 128 << 20, console: (s) => { text += s; } });
  machine.loadKernel(new Uint8Array(readFileSync(path)), path);
  const result = machine.run(INSTRUCTION_LIMIT);
  return { lines: splitLines(text), result };
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function goldenLines(path: string): string[] {
  return splitLines(readFileSync(path, 'utf8'));
}

function elfNames(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.elf')).map((f) => f.slice(0, -4)).sort();
}

function describeStop(run: GuestRun): string {
  const r = run.result;
  return `${r.reason}${r.message ? `: ${r.message}` : ''} after ${r.instructions} instructions`;
}

/** First differing line of two outputs, for the per-guest verdict. */
function firstDifference(got: readonly string[], expected: readonly string[]): string | undefined {
  for (let i = 0; i < Math.max(got.length, expected.length); i++) {
    if (got[i] !== expected[i]) {
      return `line ${i + 1}: got ${got[i] === undefined ? '(nothing)' : JSON.stringify(got[i])}, `
        + `expected ${expected[i] === undefined ? '(nothing)' : JSON.stringify(expected[i])}`;
    }
  }
  return undefined;
}

/** Field-by-field differences of one case line. */
function fieldDifferences(got: CaseLine, expected: CaseLine): string[] {
  const out: string[] = [];
  const keys = [...new Set([...expected.fields.keys(), ...got.fields.keys()])];
  for (const k of keys) {
    const g = got.fields.get(k);
    const e = expected.fields.get(k);
    if (g === e) continue;
    // Registers and storage doublewords are printed only when they changed (or are operands).
    const state = /^([rf]\d+|m[0-9a-f]{3})$/.test(k);
    if (g === undefined) out.push(state ? `${k} unchanged, expected ${e}` : `no ${k}, expected ${k}=${e}`);
    else if (e === undefined) out.push(state ? `${k} changed to ${g}, expected unchanged` : `${k}=${g} not expected`);
    else out.push(`${k} got ${g} expected ${e}`);
  }
  return out;
}

function caseTitle(line: CaseLine, insn: CaseInstruction | undefined): string {
  if (!insn) return `${line.mnemonic} ${line.index}`;
  const d = disassembleOne(insn.bytes.subarray(0, insn.length), 0, BigInt(insn.address));
  const text = `${d.mnemonic}${d.operands ? ' ' + d.operands : ''}`;
  return `${line.mnemonic} ${line.index} (${text} at 0x${insn.address.toString(16)})`;
}

describe('cpu-diff kernels vs QEMU', () => {
  for (const name of elfNames(KERNELS)) {
    describe(name, () => {
      const elfPath = join(KERNELS, `${name}.elf`);
      const golden = goldenLines(join(KERNELS, `${name}.qemu.txt`));
      const goldenCases = golden.map(parseCaseLine).filter((c): c is CaseLine => c !== undefined);
      let run: GuestRun | undefined;
      let insns: CaseInstruction[] | undefined;
      const get = (): { run: GuestRun; insns: CaseInstruction[] } => {
        run ??= runGuest(elfPath);
        insns ??= caseInstructions(new Uint8Array(readFileSync(elfPath)));
        return { run, insns };
      };

      it('prints what QEMU printed and stops cleanly', () => {
        const { run: r } = get();
        const diff = firstDifference(r.lines, golden);
        expect(diff === undefined ? r.result.reason : `${diff}; guest ${describeStop(r)}`).toBe('stopped');
      });

      const mnemonics = [...new Set(goldenCases.map((c) => c.mnemonic))];
      for (const mnemonic of mnemonics) {
        it(mnemonic, () => {
          const { run: r, insns: code } = get();
          const gotCases = r.lines.map(parseCaseLine).filter((c): c is CaseLine => c !== undefined);
          const problems: string[] = [];
          goldenCases.forEach((expected, id) => {
            if (expected.mnemonic !== mnemonic) return;
            const title = caseTitle(expected, code[id]);
            const got = gotCases[id];
            if (!got) {
              problems.push(`${title}: not reached (guest ${describeStop(r)}; last line ${JSON.stringify(r.lines.at(-1) ?? '')})`);
            } else if (got.mnemonic !== expected.mnemonic || got.index !== expected.index) {
              problems.push(`${title}: output out of step, got case "${got.mnemonic} ${got.index}"`);
            } else {
              const diffs = fieldDifferences(got, expected);
              if (diffs.length) problems.push(`${title}: ${diffs.join(', ')}`);
            }
          });
          expect(problems).toEqual([]);
        });
      }
    });
  }
});

describe('self-checking programs vs QEMU', () => {
  for (const name of elfNames(PROGRAMS)) {
    it(name, () => {
      const r = runGuest(join(PROGRAMS, `${name}.elf`));
      const golden = goldenLines(join(PROGRAMS, `${name}.qemu.txt`));
      const diff = firstDifference(r.lines, golden);
      expect(diff === undefined ? r.result.reason : `${diff}; guest ${describeStop(r)}`).toBe('stopped');
    });
  }
});
