// Encodes instruction texts with GNU as (an encoder independent of our ISA table): the
// lines are assembled in order and split by the length code in each first byte.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of each distinct assembler line (`.byte` lines give raw encodings). */
export function assemble(lines: string[], work: string): Map<string, Uint8Array> {
  const src = join(work, 'insns.s');
  writeFileSync(src, `\t.text\n${lines.map((l) => `\t${l}\n`).join('')}`);
  execFileSync('s390x-linux-gnu-as', ['-march=z16', '-o', join(work, 'insns.o'), src]);
  execFileSync('s390x-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(work, 'insns.o'), join(work, 'insns.bin')]);
  const bin = readFileSync(join(work, 'insns.bin'));
  const out = new Map<string, Uint8Array>();
  let at = 0;
  for (const l of lines) {
    const len = ((bin[at] >> 6) + 3) & ~1;
    out.set(l, new Uint8Array(bin.subarray(at, at + len)));
    at += len;
  }
  // The section may be padded to its alignment.
  if (at > bin.length || bin.subarray(at).some((b) => b !== 0x07 && b !== 0)) {
    throw new Error(`instruction lengths do not add up: ${at} of ${bin.length}`);
  }
  return out;
}
