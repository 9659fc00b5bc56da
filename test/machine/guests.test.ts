// The committed system test guests (test/guests/*) run in-process through the Machine
// API with the options of each run in test/guests/goldens.json; their console output
// must equal what QEMU printed for the same run (recorded by record-goldens.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Machine } from '../../emulator/machine/machine';

const GUESTS = join(__dirname, '..', 'guests');
const MIB = 0x10_0000;
/** Enough for every guest; a run that needs more is broken. */
const INSTRUCTION_LIMIT = 100_000_000;

interface GuestRun {
  name: string;
  kernel: string;
  golden: string;
  smp?: number;
  memoryMiB?: number;
  append?: string;
  initrd?: string;
  /** File whose bytes arrive as console input (QEMU: on its stdin). */
  input?: string;
  console?: 'line-mode';
  /** QEMU's -nic (record-goldens.mjs); Kuli has no NIC unless asked. */
  nic?: string;
}

const { runs } = JSON.parse(readFileSync(join(GUESTS, 'goldens.json'), 'utf8')) as { runs: GuestRun[] };

/** Runs a guest; the console output as a binary string (one char per byte). */
export function runGuest(run: GuestRun): { output: string; reason: string; message?: string } {
  let output = '';
  let input = run.input === undefined ? undefined : readFileSync(join(GUESTS, run.input)).toString('latin1');
  const machine = new Machine({
    memory: (run.memoryMiB ?? 128) * MIB,
    smp: run.smp ?? 1,
    console: (t) => { output += t; },
    // Only runs with input have a source: a guest waiting for input that never comes
    // then ends as a wait with no interruption possible instead of idling forever.
    consoleInput: run.input === undefined ? undefined : () => {
      const text = input;
      input = undefined;
      return text;
    },
    lineModeConsole: run.console === 'line-mode',
  });
  machine.loadKernel(readFileSync(join(GUESTS, run.kernel)), run.kernel, {
    cmdline: run.append,
    initrd: run.initrd === undefined ? undefined : readFileSync(join(GUESTS, run.initrd)),
  });
  const r = machine.run(INSTRUCTION_LIMIT);
  return { output, reason: r.reason, message: r.message };
}

describe('system test guests print what QEMU prints', () => {
  test.for(runs)('$name', (run, ctx) => {
    const golden = readFileSync(join(GUESTS, run.golden)).toString('latin1');
    const r = runGuest(run);
    // Instructions of other domains may not be implemented yet: then the comparison
    // would only measure their absence, so the run is reported as skipped.
    const missing = /^unsupported instruction (\S+)/.exec(r.message ?? '');
    if (r.reason === 'error' && missing) {
      ctx.skip(`needs ${missing[1]}, not implemented yet (${r.message ?? ''})`);
      return;
    }
    expect({ reason: r.reason, message: r.message }).toEqual({ reason: 'stopped', message: undefined });
    expect(r.output).toBe(golden);
  });
});
