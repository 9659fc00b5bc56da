// Bad channel programs from a freestanding guest (test/guests/virtio-ccw-hostile) against
// a virtio-rng-ccw device, case by case against QEMU's answers (the golden, recorded with
// test/guests/virtio-ccw-hostile/record.sh). Every case must leave the host running and
// the device answering SENSE ID. Cases where Kuli still answers differently from QEMU are
// marked `fails` with the difference: they start failing (and must be flipped) once the
// transport answers as QEMU does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Machine } from '../../../emulator/machine/machine';
import { attachVirtioCcw } from '../../../emulator/virtio/ccw/attach';
import { VirtioRng } from '../../../emulator/virtio/rng/device';

const DIR = join(__dirname, '../../guests/virtio-ccw-hostile');
const MIB = 0x10_0000;

/** Output blocks by case name: a "name: ..." line and the indented lines after it. */
function cases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('  ') && name !== '') out.set(name, `${out.get(name) ?? ''}\n${line}`);
    else if (line.includes(':')) {
      name = line.slice(0, line.indexOf(':'));
      out.set(name, line);
    }
  }
  return out;
}

let output = '';
const machine = new Machine({ memory: 128 * MIB, console: (t) => { output += t; } });
attachVirtioCcw(machine, new VirtioRng());
machine.loadKernel(readFileSync(join(DIR, 'virtio-ccw-hostile.elf')), 'virtio-ccw-hostile.elf');
const result = machine.run(50_000_000);
const golden = cases(readFileSync(join(DIR, 'virtio-ccw-hostile.golden.txt'), 'latin1'));
const ours = cases(output);

/** Known differences from QEMU 7.2 (what QEMU answers / what Kuli answers). */
const DIFFERS: Record<string, string> = {
  'read config with an odd idaw list address': 'QEMU residual count 0, Kuli 8 (the 8 bytes asked for, none moved: rng has no config)',
};

describe('bad CCWs from a guest against virtio-ccw (oracle: QEMU 7.2)', () => {
  test('the guest runs to its end: the host survived every case', () => {
    expect({ reason: result.reason, message: result.message }).toEqual({ reason: 'stopped', message: undefined });
    expect(output).toContain('EXIT: STATUS=0');
    expect(golden.size).toBeGreaterThan(20);
    expect([...ours.keys()]).toEqual([...golden.keys()]);
  });
  for (const [name, expected] of golden) {
    if (name === 'EXIT') continue;
    const why = DIFFERS[name];
    if (why === undefined) test(name, () => expect(ours.get(name)).toBe(expected));
    else test.fails(`${name} (known difference: ${why})`, () => expect(ours.get(name)).toBe(expected));
  }
});
