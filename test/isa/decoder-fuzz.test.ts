// Fuzzes the decoder and disassembler with random bytes: every input decodes (known or
// unknown) without throwing, lengths are 2/4/6, and the fallback text is well formed.
import { describe, expect, it } from 'vitest';
import { instructionLength, lookup } from '../../emulator/isa/decoder';
import { disassembleOne } from '../../emulator/isa/disassembler';
import { Cpu } from '../../emulator/cpu/cpu';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s & 0xff;
  };
}

describe('decoder fuzz', () => {
  it('decodes 200k random byte strings without failure', () => {
    const next = rng(0x5eed);
    const buf = new Uint8Array(6);
    let known = 0;
    const failures: string[] = [];
    for (let n = 0; n < 200_000; n++) {
      for (let i = 0; i < 6; i++) buf[i] = next();
      const hex = (): string => Buffer.from(buf).toString('hex');
      const len = instructionLength(buf[0]);
      if (len !== 2 && len !== 4 && len !== 6) failures.push(`${hex()}: length ${len}`);
      const insn = lookup(buf, 0);
      if (insn) {
        known++;
        if (insn.length !== len) failures.push(`${hex()}: table length ${insn.length} != ${len}`);
        if (n % 16 === 0 && Cpu.decode(buf.slice()).length !== len) failures.push(`${hex()}: execution decode length`);
      }
      const text = disassembleOne(buf, 0, 0x1000n);
      if (text.mnemonic.length === 0) failures.push(`${hex()}: empty mnemonic`);
      if (!(text.length === len || (text.mnemonic === '.long' && text.length === 4))) failures.push(`${hex()}: consumed ${text.length}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // A good share of random bytes are valid instructions, and a good share are not.
    expect(known).toBeGreaterThan(20_000);
    expect(known).toBeLessThan(190_000);
  });

  it('handles truncated input at the end of a section', () => {
    for (const bytes of [[0xe3], [0xe3, 0x00, 0x00], [0xa7, 0xf4, 0x00], [0x07]]) {
      const b = Uint8Array.from(bytes);
      const t = disassembleOne(b, 0, 0n);
      expect(t.length).toBe(b.length === 3 ? 3 : b.length);
      expect(t.mnemonic).toBe(b.length === 2 ? '.short' : '.byte');
    }
  });
});
