#!/usr/bin/env bash
# Backtraces from real gdb-multiarch (which unwinds by the CFI in the ELF) on the unwinder
# test guest (test/guests/unwind) under QEMU's gdbstub, recorded as the golden data of
# test/debug-adapter/unwind.test.ts: per stop, the pc and every frame gdb prints (pc,
# function, file:line). The same script against `kuli run --gdb` must answer alike, so the
# golden does not depend on which stub served it. Breakpoints: function entries (r14
# live, nothing saved), mid-prologue (saved, frame not yet allocated), an epilogue
# (registers reloaded), a line after a variable-length array (CFA on r11), a leaf reached
# through a function pointer from an inlined function, and printf's number formatter.
# Both ELFs: unwind.elf (DWARF 5, .debug_frame) and unwind-eh.elf (DWARF 4, .eh_frame).
# Usage: gdb-unwind.sh [--record]   (--record rewrites the goldens)
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v gdb-multiarch >/dev/null || ! command -v qemu-system-s390x >/dev/null; then
  apt-get update
  apt-get install -y gdb-multiarch qemu-system-misc
fi
node tools/build.mjs
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -n ${KEEP:-} ]] || rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$((20000 + ($$ * 7) % 20000))
GOLDEN=test/debug-adapter/golden

wait_port() {
  for _ in $(seq 100); do
    ss -ltnH "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  echo "gdb-unwind.sh: nothing listens on port $1" >&2
  return 1
}

# The gdb script for one ELF: breakpoints by address, then stop after stop with bt.
script() {
  local elf=$1 epilogue
  # big's last instruction (its return branch), after the epilogue reloaded r12-r15.
  epilogue=$(s390x-linux-gnu-objdump -d "$elf" | awk '/<big>:/{f=1;next} f&&/^$/{f=0} f{a=$1} END{sub(":","",a); print a}')
  cat <<GDB
set pagination off
set confirm off
set width 0
set print frame-arguments none
set print address on
break *leaf
break *big
break *big+6
break *0x$epilogue
break main.c:44
break *put_number
GDB
  for _ in $(seq 14); do printf 'continue\nbt\n'; done
  printf 'kill\n'
}

# run NAME ELF STUB: the gdb session's breakpoints ("break ADDR"), then per stop a "stop"
# line and its frames ("frame PC FUNC FILE:LINE", PC "-" where gdb shows none).
run() {
  local name=$1 elf=$2 stub=$3
  PORT=$((PORT + 1))
  if [[ $stub == qemu ]]; then
    timeout 120 qemu-system-s390x -M s390-ccw-virtio -nographic -m 128 -kernel "$elf" \
      -gdb "tcp:127.0.0.1:$PORT" -S </dev/null >/dev/null 2>&1 &
  else
    node bin/kuli.js run --quiet --gdb "$PORT" --kernel "$elf" >/dev/null 2>&1 &
  fi
  PIDS+=($!)
  wait_port "$PORT"
  script "$elf" >"$WORK/$name.gdb"
  timeout 120 gdb-multiarch -nx -q -batch -ex "target remote 127.0.0.1:$PORT" -x "$WORK/$name.gdb" "$elf" \
    >"$WORK/$name.$stub.raw" 2>&1 || true
  # Frame lines: "#N  [0xPC in ]FUNC (...) at FILE:LINE" (no address: a frame at the start
  # of a line, frame 0 at a breakpoint, or an inlined call). Addresses are the pc gdb shows.
  awk '
    /^#[0-9]+ / {
      pc = "-"; fn = ""; loc = "-"
      if (match($0, /0x[0-9a-f]+ in /)) { pc = substr($0, RSTART, RLENGTH - 4); sub(/^0x0*/, "0x", pc) }
      line = $0; sub(/^#[0-9]+ +(0x[0-9a-f]+ in )?/, "", line)
      fn = line; sub(/ .*/, "", fn)
      if (match(line, / at [^ ]+:[0-9]+$/)) loc = substr(line, RSTART + 4)
      print "frame " pc " " fn " " loc
      next
    }
    /^Breakpoint [0-9]+ at 0x[0-9a-f]+/ { a = $4; sub(/:$/, "", a); print "break " a; next }
    /^(Breakpoint|Temporary breakpoint) [0-9]+, / { print "stop" }
  ' "$WORK/$name.$stub.raw" >"$WORK/$name.$stub.txt"
}

status=0
for elf in unwind unwind-eh; do
  run "$elf" "test/guests/unwind/$elf.elf" qemu
  run "$elf" "test/guests/unwind/$elf.elf" kuli
  if ! grep -q '^frame - leaf main.c:12$\|^frame 0x[0-9a-f]* leaf' "$WORK/$elf.qemu.txt"; then
    echo "gdb-unwind.sh: $elf: gdb never stopped in leaf" >&2; cat "$WORK/$elf.qemu.raw" >&2; status=1
  fi
  if diff -u "$WORK/$elf.qemu.txt" "$WORK/$elf.kuli.txt"; then
    echo "gdb-unwind.sh: $elf: $(grep -c '^stop' "$WORK/$elf.qemu.txt") stops, $(grep -c '^frame' "$WORK/$elf.qemu.txt") frames; kuli and QEMU alike"
  else
    echo "gdb-unwind.sh: $elf: kuli differs from QEMU (- QEMU, + kuli)" >&2; status=1
  fi
  if [[ ${1:-} == --record ]]; then
    cp "$WORK/$elf.qemu.txt" "$GOLDEN/$elf.bt.txt"
  elif ! diff -u "$GOLDEN/$elf.bt.txt" "$WORK/$elf.qemu.txt"; then
    echo "gdb-unwind.sh: $elf: gdb's backtraces differ from the committed golden (rebuilt ELF? use --record)" >&2; status=1
  fi
done
exit $status
