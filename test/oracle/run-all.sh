#!/usr/bin/env bash
# Runs every oracle suite (each installs what it needs): disassembler vs objdump on
# Debian binaries, then the suites other issues add (QEMU differential, boot, gdb, UI).
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
run() {
  echo "=== oracle: $1"
  local t0=$SECONDS
  if bash "${@:2}"; then echo "=== ok: $1 ($((SECONDS - t0)) s)"; else echo "=== FAILED: $1"; status=1; fi
}
run "disassembler vs objdump (Debian busybox + kernel modules)" test/oracle/disasm-debian.sh
for suite in test/oracle/qemu-diff.sh; do
  [[ -f $suite ]] && run "$(basename "$suite" .sh)" "$suite"
done
run "DAT and storage-key guests vs QEMU and Hercules" test/oracle/dat-guests.sh
run "gdb-multiarch against the kuli gdb stub and QEMU's gdbstub (same answers)" test/oracle/gdb.sh
run "gdb-multiarch backtraces (CFI unwinding) on kuli and QEMU vs the adapter's goldens" test/oracle/gdb-unwind.sh
# 4 CPUs and 2G boot in about 2 minutes each since the JIT chains blocks with DAT on (on a
# loaded machine before that they timed out). kuli-smp64 stays a by-hand variant: it brought
# 44 of 64 CPUs up in 22 minutes, before the speed-up.
run "Debian's s390x kernel boots a busybox shell (QEMU reference; kuli 2 CPUs/512M, 4 CPUs/512M, 2 CPUs/2G)" test/oracle/linux-boot.sh qemu kuli-smp2-512M kuli-smp4-512M kuli-smp2-2G
# One boot with every device (test/oracle/virtio-checks/<device>.mjs), QEMU's with the same.
run "Linux virtio devices over virtio-ccw as under QEMU (/sys/bus/virtio, interruption path, per-device checks)" test/oracle/linux-virtio.sh rng blk console net balloon
run "assembly language server vs GNU as (cases, operand counts, .machine levels)" test/oracle/lsp-gas.sh
run "extension UI in code-server (install .vsix, Kuli view, hover, diagnostics)" test/oracle/ui.sh
exit $status
