#!/bin/sh
# Records the oracle for the DWARF line-table reader: binutils' decoded line table of the
# -g test guest. Re-run after rebuilding test/guests/debug/debug.elf.
set -e
cd "$(dirname "$0")"
s390x-linux-gnu-objdump --dwarf=decodedline ../guests/debug/debug.elf > golden/debug.decodedline.txt
