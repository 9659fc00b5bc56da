#!/usr/bin/env node
// Builds the storage-key guest and records what Hercules (a PoP-faithful emulator with
// key-controlled protection and EDAT-1, which QEMU 7.2 lacks) stores in its result
// table: `node test/guests/dat/keys/record-hercules.mjs`. Writes keys.hercules.json;
// test/mmu/keys-guest.test.ts replays keys.elf through the Machine API against it.
// Needs gcc-s390x-linux-gnu and hercules.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = 0x80000;
const RECORD = 32;
const MAX_RECORDS = 128;

execFileSync('make', ['-C', here], { stdio: 'inherit' });
const work = mkdtempSync(join(tmpdir(), 'kuli-keys-hercules-'));
writeFileSync(join(work, 'keys.bin'), readFileSync(join(here, 'keys.bin')));
writeFileSync(join(work, 'run.ins'), 'keys.bin 0x00000000\n');
writeFileSync(join(work, 'hercules.cnf'), 'ARCHMODE z/Arch\nMAINSIZE 8\nNUMCPU 1\nCNSLPORT 127.0.0.1:0\nPANRATE 50\n000C 3505 /dev/null eof\n');
const dump = join(work, 'dump.bin');
const first = RESULTS - 8, last = RESULTS + RECORD * MAX_RECORDS - 1;
writeFileSync(join(work, 'hercules.rc'), `ipl ${join(work, 'run.ins')}\npause 3\nsavecore ${dump} ${first.toString(16)} ${last.toString(16)}\nquit\n`);
execFileSync('hercules', ['-d', '-f', join(work, 'hercules.cnf')], {
  cwd: work, env: { ...process.env, HERCULES_RC: join(work, 'hercules.rc') }, stdio: ['ignore', 'ignore', 'ignore'], timeout: 60_000,
});
const mem = readFileSync(dump);
const count = mem.readUInt32BE(0);
if (count === 0 || count > MAX_RECORDS) throw new Error(`the guest did not finish on Hercules (${count} records)`);
const records = [];
for (let i = 0; i < count; i++) {
  const r = mem.subarray(8 + RECORD * i, 8 + RECORD * (i + 1));
  records.push({
    id: r.readUInt32BE(0), code: r.readUInt16BE(4), ilc: r.readUInt16BE(6), cc: r.readUInt32BE(8), pswoff: r.readInt32BE(12),
    teid: r.readBigUInt64BE(16).toString(16), value: r.readBigUInt64BE(24).toString(16),
  });
}
const banner = spawnSync('hercules', ['--version'], { encoding: 'utf8', timeout: 30_000 });
const version = /Hercules Version [\d.]+/.exec(`${banner.stdout}${banner.stderr}`)?.[0] ?? 'Hercules';
writeFileSync(join(here, 'keys.hercules.json'), `{"comment": ${JSON.stringify(`Result table of keys.elf on ${version} (record-hercules.mjs); do not edit.`)},\n`
  + `"records": [\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`);
process.stdout.write(`keys: ${records.length} records from ${version}\n`);
