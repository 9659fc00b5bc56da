#!/usr/bin/env bash
# Linux virtio boot test: Debian's kernel with its virtio modules (virtio_ccw is built in;
# virtio_blk, virtio_net + net_failover + failover, virtio_console, virtio-rng and
# virtio_balloon are loaded by the initramfs's /init) boots ONCE under QEMU
# (-M s390-ccw-virtio, the reference) and ONCE under kuli with the same devices. The
# devices come from test/oracle/virtio-checks/<device>.mjs (kuliArgs, qemuArgs, commands,
# check): every module there is used unless device names are given. linux-virtio.mjs
# compares the guest's /sys/bus/virtio view with QEMU's and runs each device's check on
# both. Transcripts and JSON go to $KULI_CACHE/linux-virtio/.
# Usage: test/oracle/linux-virtio.sh [device...]      e.g. linux-virtio.sh rng blk
set -euo pipefail
cd "$(dirname "$0")/../.."
here=test/oracle
out="${KULI_CACHE:-$HOME/.cache/kuli}/linux-virtio"
mkdir -p "$out"

# Modules in dependency order; rng-core (hw_random) and virtio_ccw are built into the kernel.
mods=(net/core/failover drivers/net/net_failover drivers/net/virtio_net drivers/block/virtio_blk
  drivers/char/virtio_console drivers/char/hw_random/virtio-rng drivers/virtio/virtio_balloon)
eval "$(bash $here/virtio-initramfs.sh all-devices "${mods[@]}" | sed -n 's/^\(vmlinuz\|initrd\)=/\1=/p')"

node tools/build.mjs >/dev/null  # the kuli the sources describe now
exec node $here/linux-virtio.mjs --out "$out" --kernel "$vmlinuz" --initrd "$initrd" -- "$@"
