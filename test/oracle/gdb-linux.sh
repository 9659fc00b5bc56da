#!/usr/bin/env bash
# gdb-multiarch breaks in Debian's kernel at start_kernel under `kuli run --gdb` and under
# QEMU's gdbstub (-S), with the kernel's symbols from Debian's linux-image-*-dbg (its
# vmlinux; the System.map in linux-image is a placeholder). The compressed image's
# decompressor copies the kernel into place before it runs, and "nokaslr" keeps it at its
# link address, so a breakpoint at the vmlinux address of start_kernel is hit once the
# real kernel runs. Both stops must show the same PSW, stack pointer, control register 1
# and backtrace (start_kernel <- startup_continue; gdb's own unwinder, which finds no
# caller beyond head64.S, so `bt 2`); then gdb kills the guest. Control register 0 is
# printed, not compared: its facility-enabling bits follow each CPU model (kuli offers
# EDAT-1, CR0 bit 40, which QEMU 7.2's TCG model lacks). Prints how long each
# took to get there: kuli checks breakpoints instruction by instruction in its
# interpreter, so the decompressor runs without compiled blocks (minutes, not seconds).
# Not in CI: it downloads the 433 MB -dbg package once (into $KULI_CACHE/dbg).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=test/oracle
cache="${KULI_CACHE:-$HOME/.cache/kuli}"

if ! command -v gdb-multiarch >/dev/null || ! command -v qemu-system-s390x >/dev/null; then
  apt-get update
  apt-get install -y gdb-multiarch qemu-system-misc
fi
eval "$(bash $here/linux-initramfs.sh | sed -n 's/^\(vmlinuz\|initrd\)=/\1=/p')"
release=$(basename "$vmlinuz"); release=${release#vmlinuz-}
vmlinux="$cache/dbg/usr/lib/debug/boot/vmlinux-$release"
if [[ ! -f $vmlinux ]]; then
  mkdir -p "$cache/dbg"
  (cd "$cache/dbg" && apt-get download "linux-image-$release-dbg:s390x")
  deb=$(ls -t "$cache"/dbg/linux-image-"$release"-dbg_*_s390x.deb | head -n1)
  (cd "$cache/dbg" && dpkg-deb --fsys-tarfile "$deb" | tar x --wildcards "./usr/lib/debug/boot/vmlinux-$release")
  rm -f "$deb"
fi
addr=$(s390x-linux-gnu-nm "$vmlinux" | awk '$3 == "start_kernel" {print "0x" $1}' | head -n1)
[[ -n $addr ]] || { echo "gdb-linux.sh: no start_kernel in $vmlinux" >&2; exit 1; }
addr=$(printf '0x%x' "$addr")  # as gdb prints it
echo "gdb-linux.sh: start_kernel at $addr ($vmlinux)"
node tools/build.mjs >/dev/null

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$((20000 + ($$ * 13) % 20000))
APPEND="console=ttysclp0 quiet nokaslr"

cat >"$WORK/start_kernel.gdb" <<GDB
set pagination off
set confirm off
set width 0
set print frame-arguments none
break *$addr
continue
info registers pswa pswm r15
info registers cr0 cr1
bt 2
kill
GDB

wait_port() {
  for _ in $(seq 200); do
    ss -ltnH "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  echo "gdb-linux.sh: nothing listens on port $1" >&2
  return 1
}

run() { # run NAME COMMAND...: the guest waits for gdb on $PORT
  local name=$1; shift
  PORT=$((PORT + 1))
  "$@" >"$WORK/$name.console" 2>&1 &
  PIDS+=($!)
  wait_port "$PORT"
  local t0=$SECONDS
  timeout "${GDB_TIMEOUT:-1800}" gdb-multiarch -nx -q -batch -ex "target remote 127.0.0.1:$PORT" \
    -x "$WORK/start_kernel.gdb" "$vmlinux" >"$WORK/$name.raw" 2>&1 || true
  echo "gdb-linux.sh: $name reached start_kernel in $((SECONDS - t0)) s"
  # The answers: registers, frames, control registers (gdb's own chatter dropped).
  grep -E '^(pswa|pswm|r15|cr1) |^#[0-9]|^Breakpoint 1, ' "$WORK/$name.raw" >"$WORK/$name.txt" || true
  grep -E '^cr0 ' "$WORK/$name.raw" | sed "s/^/$name: /" || true
}

run qemu qemu-system-s390x -M s390-ccw-virtio -m 512 -smp 2 -nographic -nic none -kernel "$vmlinuz" -initrd "$initrd" \
  -append "$APPEND" -gdb "tcp:127.0.0.1:$((PORT + 1))" -S
run kuli node bin/kuli.js run --quiet --gdb "$((PORT + 1))" --smp 2 --memory 512M --kernel "$vmlinuz" --initrd "$initrd" \
  --append "$APPEND"
status=0
cat "$WORK/kuli.txt"
if ! grep -q "^pswa *$addr " "$WORK/qemu.txt"; then
  echo "gdb-linux.sh: QEMU did not stop at start_kernel:" >&2; cat "$WORK/qemu.raw" >&2; status=1
fi
if diff -u "$WORK/qemu.txt" "$WORK/kuli.txt"; then
  echo "gdb-linux.sh: kuli and QEMU stop at start_kernel alike ($(wc -l <"$WORK/kuli.txt") lines)"
else
  echo "gdb-linux.sh: kuli differs from QEMU (- QEMU, + kuli); kuli's gdb session:" >&2; cat "$WORK/kuli.raw" >&2; status=1
fi
exit $status
