#!/usr/bin/env bash
# Oracle: `kuli disasm` against GNU objdump on Debian's s390x busybox, every module of the
# s390x kernel package (fetched by fetch-debian.sh), the test guests and the ELF fixtures.
# Prints whole-output equality per file and the share of identical instruction lines;
# fails on any difference. Installs binutils-s390x-linux-gnu when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v s390x-linux-gnu-objdump >/dev/null || bash tools/setup/apt-deps.sh
paths=$(bash test/oracle/fetch-debian.sh)
busybox=$(sed -n 's/^busybox=//p' <<<"$paths")
moddir=$(sed -n 's/^modules=//p' <<<"$paths")
mapfile -t modules < <(find "$moddir" -name '*.ko' | sort)
fixtures=(test/guests/*/*.elf test/elf/fixtures/*.elf test/elf/fixtures/*.o)
echo "disasm oracle: busybox, ${#modules[@]} kernel modules, ${#fixtures[@]} guests/fixtures"
node tools/run-ts.mjs tools/isa-oracle/compare-elf.ts "$busybox" "${modules[@]}" "${fixtures[@]}"
