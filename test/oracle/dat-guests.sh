#!/usr/bin/env bash
# Re-records the DAT and storage-key test guests on their oracles and fails if the
# results differ from the committed ones: the QEMU console goldens of test/guests/dat/
# {basic,regions,spaces} (record-goldens.mjs) and Hercules' result table of
# test/guests/dat/keys (key-controlled protection and EDAT-1, which QEMU 7.2 lacks).
# Then replays them through the Machine API.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v s390x-linux-gnu-gcc >/dev/null || ! command -v qemu-system-s390x >/dev/null || ! command -v hercules >/dev/null; then
  apt-get update
  apt-get install -y gcc-s390x-linux-gnu binutils-s390x-linux-gnu qemu-system-misc hercules
fi

node test/guests/record-goldens.mjs "dat "
node test/guests/dat/keys/record-hercules.mjs
# Only the oracle answers count: rebuilt ELFs differ in gcc's temporary object names
# (symbol table), so a fresh clone's rebuild is never byte-identical.
files=(test/guests/dat ':(exclude)*.elf' ':(exclude)*.bin')
if [[ ${DAT_UPDATE:-0} != 1 ]] && ! git diff --exit-code --stat -- "${files[@]}"; then
  echo "dat-guests: the oracles now answer differently (see git diff; DAT_UPDATE=1 accepts the new files)" >&2
  exit 1
fi
npx vitest run test/machine/guests.test.ts test/mmu/keys-guest.test.ts
