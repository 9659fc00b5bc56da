// An interruption that SIGP or SERVC makes pending for the issuing CPU is taken after the
// instruction completed: the old PSW points past it and carries its condition code.
// (Taken inside the instruction, the old PSW kept the previous condition code, and Linux
// retried a SIGP that had succeeded: a second restart stopped a freshly started CPU.)
import { describe, expect, test } from 'vitest';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import { Machine } from '../../emulator/machine/machine';
import { setReg } from '../cpu/harness';
import { elf } from './elf-builder';

const MIB = 0x10_0000;
const CODE = 0x10000;
const DATA = 0x11000;

const code = [
  'eb002000002f', // lctlg %c0,%c0,0(%r2): emergency-signal subclass on
  'ad012200', //     stosm 0x200(%r2),1: external interruptions on
  'a7480001 1244', // lhi %r4,1; ltr %r4,%r4: condition code 2
  'a7390000', //     lghi %r3,0
  'ae630003', //     sigp %r6,%r3,3: emergency signal to itself, condition code 0
  'a7f40000', //     j . (the interruption comes first)
  'ae630005', //     0x1001c: sigp %r6,%r3,5 (stop itself), the external handler
].join('');
const HANDLER = 0x1001c;

describe('interruptions made pending by the instruction itself', () => {
  test('SIGP emergency signal to itself: old PSW past the SIGP, with its condition code', () => {
    const m = new Machine({ memory: 2 * MIB, console: () => {} });
    const bytes = new Uint8Array(0x2000);
    bytes.set(Buffer.from(code.replace(/\s+/g, ''), 'hex'));
    new DataView(bytes.buffer).setUint32(DATA - CODE + 4, 0x40e0); // CR0
    m.loadKernel(elf(CODE, [{ paddr: CODE, data: bytes }]), 'test.elf');
    const lc = new DataView(m.storage.bytes.buffer);
    lc.setUint32(LOWCORE.EXTERNAL_NEW_PSW, 0x0000_0001);
    lc.setUint32(LOWCORE.EXTERNAL_NEW_PSW + 4, 0x8000_0000);
    lc.setUint32(LOWCORE.EXTERNAL_NEW_PSW + 12, HANDLER);
    setReg(m.vcpus[0].cpu, 2, BigInt(DATA));
    expect(m.run(100).reason).toBe('stopped');
    expect(lc.getUint16(LOWCORE.EXT_INT_CODE)).toBe(0x1201);
    const oldPsw = lc.getUint32(LOWCORE.EXTERNAL_OLD_PSW);
    expect((oldPsw >>> 12) & 3).toBe(0);
    expect(lc.getUint32(LOWCORE.EXTERNAL_OLD_PSW + 12)).toBe(CODE + 0x18);
  });
});
