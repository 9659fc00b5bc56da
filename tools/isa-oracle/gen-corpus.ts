// Records the instruction-table golden corpus from the oracle, GNU objdump: for every
// catalog entry a few encodings (operand bits all zero, all one, random), plus random
// byte strings, each disassembled by s390x-linux-gnu-objdump. Writes
// test/isa/fixtures/objdump-corpus.txt ("address<TAB>hexbytes<TAB>objdump text" per line).
// Usage: node tools/run-ts.mjs tools/isa-oracle/gen-corpus.ts [OBJDUMP]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG } from '../../emulator/isa/catalog';

const objdump = process.argv[2] ?? 's390x-linux-gnu-objdump';
const SLOT = 16;
const BASE = 0x10000;

/** Small deterministic PRNG (xorshift32) so the corpus is reproducible. */
let state = 0x4b554c49;
function rand8(): number {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state & 0xff;
}

const cases: Uint8Array[] = [];
for (const insn of CATALOG) {
  for (const fill of ['zero', 'ones', 'rand', 'rand', 'rand']) {
    const b = new Uint8Array(insn.length);
    for (let i = 0; i < insn.length; i++) {
      const free = ~insn.mask[i] & 0xff;
      const bits = fill === 'zero' ? 0 : fill === 'ones' ? 0xff : rand8();
      b[i] = insn.opcode[i] | (bits & free);
    }
    cases.push(b);
  }
}
for (let n = 0; n < 12000; n++) {
  const b = new Uint8Array(6);
  for (let i = 0; i < 6; i++) b[i] = rand8();
  const len = ((b[0] >> 6) + 3) & ~1;
  cases.push(b.subarray(0, len));
}

const image = new Uint8Array(cases.length * SLOT);
for (let i = 0; i < cases.length; i++) {
  const at = i * SLOT;
  for (let j = 0; j < SLOT; j += 2) { image[at + j] = 0x07; image[at + j + 1] = 0x07; }
  image.set(cases[i], at);
}
const dir = mkdtempSync(join(tmpdir(), 'kuli-corpus-'));
const bin = join(dir, 'corpus.bin');
writeFileSync(bin, image);
const out = execFileSync(objdump, ['-D', '-z', '--no-show-raw-insn', '-b', 'binary', '-m', 's390:64-bit',
  `--adjust-vma=0x${BASE.toString(16)}`, bin], { maxBuffer: 1 << 30 }).toString();

const byAddress = new Map<number, string>();
for (const line of out.split('\n')) {
  const m = /^\s*([0-9a-f]+):\t(.*)$/.exec(line);
  if (m) byAddress.set(parseInt(m[1], 16), m[2]);
}
const lines: string[] = [];
let missing = 0;
for (let i = 0; i < cases.length; i++) {
  const text = byAddress.get(BASE + i * SLOT);
  if (text === undefined) { missing++; continue; }
  lines.push(`${(BASE + i * SLOT).toString(16)}\t${Buffer.from(cases[i]).toString('hex')}\t${text}`);
}
writeFileSync('test/isa/fixtures/objdump-corpus.txt', lines.join('\n') + '\n');
console.log(`${lines.length} cases recorded (${missing} lost to desynchronisation) from ${objdump}`);
