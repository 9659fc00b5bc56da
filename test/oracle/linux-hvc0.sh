#!/usr/bin/env bash
# hvc0 session of the Linux virtio test: Debian's kernel booted with console=hvc0 last,
# so the initramfs's shell runs on virtio-console port 0 (hvc0) and every command and
# prompt crosses it both ways; first under QEMU (virtconsole on the -nographic mux, the
# reference), then under kuli (hvc0 on stdin/stdout). Commands and checks are
# virtio-checks/console.mjs's hvc0Session. Transcripts go to $KULI_CACHE/linux-hvc0/.
# Usage: test/oracle/linux-hvc0.sh [qemu|kuli...]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=test/oracle
eval "$(bash $here/virtio-initramfs.sh hvc0 drivers/char/virtio_console | sed -n 's/^\(vmlinuz\|initrd\)=/\1=/p')"
out="${KULI_CACHE:-$HOME/.cache/kuli}/linux-hvc0"
mkdir -p "$out"
node tools/build.mjs >/dev/null
exec node $here/linux-hvc0.mjs --out "$out" --kernel "$vmlinuz" --initrd "$initrd" -- "$@"
