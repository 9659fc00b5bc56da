#!/usr/bin/env bash
# A busybox initramfs that loads the given kernel modules (paths under the Debian
# kernel's modules tree, without .ko, in dependency order) before the marker and shell of
# the Linux tests (linux-console.mjs). Prints vmlinuz=PATH and initrd=PATH; the image is
# rebuilt only when the module list, busybox or this script changes.
# Usage: test/oracle/virtio-initramfs.sh NAME MODULE...   e.g. blk drivers/block/virtio_blk
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eval "$(bash "$here/fetch-debian.sh" | sed -n 's/^\(busybox\|vmlinuz\|modules\)=/\1=/p')"
name=$1
shift
out="${KULI_CACHE:-$HOME/.cache/kuli}/virtio-initramfs"
mkdir -p "$out"
initrd="$out/$name.gz"
list="$out/$name.modules"
if [[ ! -f $initrd || $busybox -nt $initrd || $0 -nt $initrd || "$(cat "$list" 2>/dev/null)" != "$*" ]]; then
  tree=$(mktemp -d)
  mkdir -p "$tree/bin" "$tree/proc" "$tree/sys" "$tree/dev" "$tree/tmp" "$tree/lib/modules"
  cp "$busybox" "$tree/bin/busybox"
  names=()
  for m in "$@"; do cp "$modules/kernel/$m.ko" "$tree/lib/modules/"; names+=("${m##*/}"); done
  cat > "$tree/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
for m in ${names[*]}; do insmod /lib/modules/\$m.ko || echo "KULI-INSMOD-FAILED \$m"; done
echo KULI-INIT-READY
exec setsid cttyhack sh
INIT
  chmod +x "$tree/init"
  (cd "$tree" && find . | cpio -o -H newc --quiet | gzip -9) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
  echo "$*" > "$list"
  rm -rf "$tree"
fi
echo "vmlinuz=$vmlinuz"
echo "initrd=$initrd"
