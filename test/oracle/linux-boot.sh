#!/usr/bin/env bash
# Linux boot test: Debian's stock s390x kernel with a busybox initramfs, booted to an
# interactive shell by `kuli run` (512M/2 CPUs, then 4 CPUs, then 2G; 64 CPUs/1G only
# when named, it takes long), driven through the console (uname, /proc/cpuinfo,
# /sys/bus/virtio, MemTotal, shell loops) and powered off with `poweroff -f`, which must
# end kuli with exit status 0. QEMU boots the same initramfs first as the reference.
# Transcripts go to $KULI_CACHE/linux-boot/. BOOT_TIMEOUT (seconds) overrides the wait
# for the shell (600; 5400 for 64 CPUs).
# Usage: test/oracle/linux-boot.sh [variant-name...]   (default: all but kuli-smp64)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=test/oracle

eval "$(bash $here/linux-initramfs.sh | sed -n 's/^\(vmlinuz\|initrd\)=/\1=/p')"
out="${KULI_CACHE:-$HOME/.cache/kuli}/linux-boot"

node tools/build.mjs >/dev/null  # the kuli the sources describe now

status=0
session() { # session NAME CPUS MEMORY_MIB REFERENCE-JSON -- COMMAND...  (env BOOT_TIMEOUT: seconds)
  local name=$1 cpus=$2 mib=$3 ref=$4
  shift 5
  local json="$out/$name.json"
  echo "--- $name: $*"
  node $here/linux-console.mjs --out "$out/$name.log" --boot-timeout "${BOOT_TIMEOUT:-600}" -- "$@" > "$json" || true
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(`boot to shell ${(r.bootMs/1000).toFixed(1)} s, exit after ${(r.exitMs/1000).toFixed(1)} s`)' "$json"
  local refargs=()
  [[ -n $ref && -f $ref ]] && refargs=(--reference "$ref")
  if ! node $here/linux-boot-check.mjs "$json" --cpus "$cpus" --memory-mib "$mib" "${refargs[@]}"; then
    echo "--- $name FAILED; console transcript: $out/$name.log (last lines below)"
    tail -n 30 "$out/$name.log"
    status=1
  fi
}

wanted() { [[ $# -eq 0 ]] && return 0; local w; for w in "${selected[@]}"; do [[ $w == "$1" ]] && return 0; done; return 1; }
selected=("$@")
want() { [[ ${#selected[@]} -eq 0 ]] || wanted "$1"; }

kuli=(node bin/kuli.js run --kernel "$vmlinuz" --initrd "$initrd" --append "console=ttysclp0 quiet")
if want qemu && command -v qemu-system-s390x >/dev/null; then
  session qemu 2 512 "" -- qemu-system-s390x -M s390-ccw-virtio -m 512 -smp 2 -nographic -nic none \
    -kernel "$vmlinuz" -initrd "$initrd" -append "console=ttysclp0 quiet"
fi
want kuli-smp2-512M && session kuli-smp2-512M 2 512 "$out/qemu.json" -- "${kuli[@]}" --smp 2 --memory 512M
want kuli-smp4-512M && session kuli-smp4-512M 4 512 "$out/qemu.json" -- "${kuli[@]}" --smp 4 --memory 512M
want kuli-smp2-2G && session kuli-smp2-2G 2 2048 "$out/qemu.json" -- "${kuli[@]}" --smp 2 --memory 2G
# 64 vcpus share one host thread: by hand only (`linux-boot.sh qemu kuli-smp64`), with a long boot timeout.
wanted kuli-smp64 && BOOT_TIMEOUT=${BOOT_TIMEOUT:-5400} session kuli-smp64 64 1024 "$out/qemu.json" -- "${kuli[@]}" --smp 64 --memory 1G
exit $status
