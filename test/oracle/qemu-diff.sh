#!/usr/bin/env bash
# Regenerates the whole-program differential suite against QEMU (CI's oracle stage):
#  1. cpu-diff kernels: generate sources from the ISA table (tools/diff-oracle), build,
#     run each on qemu-system-s390x and record its console as elf/<kernel>.qemu.txt;
#     instructions QEMU does not implement are dropped and the kernels regenerated;
#  2. self-checking C programs (test/guests/programs): build the z10/z196/z13 variants
#     and record QEMU's console the same way;
#  3. print the suite's instruction coverage, and fail if the regenerated ELFs or QEMU
#     output differ from the committed ones (QEMU_DIFF_UPDATE=1 keeps the new files).
# Needs the s390x cross toolchain and QEMU; installs the Debian packages if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v s390x-linux-gnu-gcc >/dev/null || ! command -v qemu-system-s390x >/dev/null; then
  apt-get update
  apt-get install -y gcc-s390x-linux-gnu binutils-s390x-linux-gnu qemu-system-misc
fi
JOBS=$(nproc)

# run_qemu ELF OUT: the guest console of one kernel run (QEMU exits when the guest
# stops); at most 4 MB of it, so a guest gone astray cannot fill the disk.
run_qemu() {
  set -o pipefail
  timeout 300 qemu-system-s390x -M s390-ccw-virtio -nographic -m 128 -kernel "$1" </dev/null 2>&1 |
    head -c 4000000 >"$2" || {
    echo "qemu-diff: $1 did not stop cleanly" >&2
    return 1
  }
}
export -f run_qemu

record_dir() {
  rm -f "$1"/*.qemu.txt
  find "$1" -name '*.elf' -print0 | sort -z |
    xargs -0 -P "$JOBS" -I{} bash -c 'run_qemu "$1" "${1%.elf}.qemu.txt"' _ {}
}

CPU_DIFF=test/guests/cpu-diff
for pass in 1 2 3 4; do
  node tools/run-ts.mjs tools/diff-oracle/gen-kernels.ts
  make -s -C "$CPU_DIFF" clean
  make -s -C "$CPU_DIFF" -j"$JOBS"
  record_dir "$CPU_DIFF/elf"
  status=0
  node tools/run-ts.mjs tools/diff-oracle/analyze.ts unsupported || status=$?
  [ "$status" -eq 0 ] && break
  [ "$status" -eq 1 ] || exit "$status"
  [ "$pass" -lt 4 ] || { echo "qemu-diff: unsupported-instruction list did not settle" >&2; exit 1; }
done

PROGRAMS=test/guests/programs
make -s -C "$PROGRAMS" clean
make -s -C "$PROGRAMS" -j"$JOBS"
record_dir "$PROGRAMS/elf"
for out in "$PROGRAMS"/elf/*.qemu.txt; do
  tail -n 1 "$out" | grep -q '^EXIT: STATUS=0$' || { echo "qemu-diff: $out does not end with EXIT: STATUS=0" >&2; exit 1; }
done

node tools/run-ts.mjs tools/diff-oracle/analyze.ts coverage

if [ "${QEMU_DIFF_UPDATE:-0}" != 1 ] && command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
  changed=$(git status --porcelain -- "$CPU_DIFF/elf" "$PROGRAMS/elf" tools/diff-oracle/qemu-unsupported.txt)
  if [ -n "$changed" ]; then
    echo "$changed"
    echo "qemu-diff: regenerated goldens differ from the committed ones (QEMU_DIFF_UPDATE=1 to accept)" >&2
    exit 1
  fi
fi
