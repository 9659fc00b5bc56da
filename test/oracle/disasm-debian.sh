#!/usr/bin/env bash
# Oracle: `kuli disasm` against GNU objdump on Debian's s390x busybox and every module of
# the s390x kernel package (fetched by fetch-debian.sh), and regenerates nothing.
# Prints the share of identical instruction lines; fails on any difference.
set -euo pipefail
cd "$(dirname "$0")/../.."
paths=$(bash test/oracle/fetch-debian.sh)
busybox=$(sed -n 's/^busybox=//p' <<<"$paths")
moddir=$(sed -n 's/^modules=//p' <<<"$paths")
mapfile -t modules < <(find "$moddir" -name '*.ko' | sort)
echo "disasm oracle: busybox + ${#modules[@]} kernel modules"
node tools/run-ts.mjs tools/isa-oracle/compare-elf.ts "$busybox" "${modules[@]}"
