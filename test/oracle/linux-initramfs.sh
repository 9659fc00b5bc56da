#!/usr/bin/env bash
# Builds (once) the busybox initramfs of the Linux boot test and benchmark from Debian's
# busybox-static (fetch-debian.sh) and prints `vmlinuz=PATH` and `initrd=PATH`. Its /init
# mounts proc, sys and dev, prints the marker KULI-INIT-READY that the console driver
# (linux-console.mjs) waits for, and runs a shell on the console (setsid + cttyhack give
# it a controlling terminal, so job control and ^C work as for a user).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eval "$(bash "$here/fetch-debian.sh" | sed -n 's/^\(busybox\|vmlinuz\)=/\1=/p')"
out="${KULI_CACHE:-$HOME/.cache/kuli}/linux-boot"
mkdir -p "$out"
initrd="$out/initrd.gz"
if [[ ! -f $initrd || $busybox -nt $initrd || $0 -nt $initrd ]]; then
  tree=$(mktemp -d)
  mkdir -p "$tree/bin" "$tree/proc" "$tree/sys" "$tree/dev" "$tree/tmp"
  cp "$busybox" "$tree/bin/busybox"
  cat > "$tree/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo KULI-INIT-READY
exec setsid cttyhack sh
INIT
  chmod +x "$tree/init"
  (cd "$tree" && find . | cpio -o -H newc --quiet | gzip -9) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
  rm -rf "$tree"
fi
echo "vmlinuz=$vmlinuz"
echo "initrd=$initrd"
