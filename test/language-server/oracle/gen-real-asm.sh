#!/usr/bin/env bash
# Regenerates test/language-server/fixtures/c/*.s: real gcc output (several -march
# levels and options) that the server must read without a single diagnostic. Each file
# is checked with gas first, so only assembly gas accepts is committed.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/c"
CC=${S390X_GCC:-s390x-linux-gnu-gcc}
rm -f ./*.s
for f in numeric memory; do
  for m in z10 z13 z15; do "$CC" -S -O2 -march=$m -o "$f-O2-$m.s" "$f.c"; done
done
# system.c uses vector instructions in inline assembly: z13 and later.
for m in z13 z15; do "$CC" -S -O2 -march=$m -o "system-O2-$m.s" system.c; done
"$CC" -S -O3 -fPIC -march=z14 -o memory-O3-pic-z14.s memory.c
# The debug info names the build directory: map it so the output does not depend on the checkout.
"$CC" -S -Os -g -fdebug-prefix-map="$PWD"=. -march=z196 -o numeric-Os-g-z196.s numeric.c
for s in ./*.s; do "$CC" -c -o /dev/null "$s"; done
ls ./*.s
# And one gas rejects: z13 instructions in inline assembly under gcc's `.machine "z10"`,
# with the errors gas reports (at C lines: gcc marks inline asm with line markers), for
# the .machine diagnostics.
"$CC" -S -O2 -march=z10 -o ../c-rejected/system-O2-z10.s system.c
(cd ../c-rejected && ! "$CC" -c -o /dev/null system-O2-z10.s 2> gas-errors.txt) || { echo "gas accepted system-O2-z10.s" >&2; exit 1; }
sed -i '/Assembler messages/d' ../c-rejected/gas-errors.txt
cat ../c-rejected/gas-errors.txt
