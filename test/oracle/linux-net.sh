#!/usr/bin/env bash
# Two Linux guests on one switch ping each other (linux-net.mjs): QEMU+QEMU as the reference,
# then a kuli guest hosting switch NAME with a QEMU guest connected to it, then two kuli
# guests. Not in run-all.sh: two kuli boots at once take 10+ minutes on a 2-core machine.
# Usage: test/oracle/linux-net.sh [qemu-qemu|kuli-qemu|kuli-kuli ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=test/oracle
eval "$(bash $here/fetch-debian.sh | sed -n 's/^\(busybox\|vmlinuz\|modules\)=/\1=/p')"
out="${KULI_CACHE:-$HOME/.cache/kuli}/linux-net"
mkdir -p "$out"

# The initramfs: busybox, and virtio_net with its dependencies loaded by /init.
initrd="$out/initrd.gz"
if [[ ! -f $initrd || $busybox -nt $initrd || $0 -nt $initrd ]]; then
  tree=$(mktemp -d)
  mkdir -p "$tree/bin" "$tree/proc" "$tree/sys" "$tree/dev" "$tree/tmp" "$tree/lib/modules"
  cp "$busybox" "$tree/bin/busybox"
  for m in net/core/failover.ko drivers/net/net_failover.ko drivers/net/virtio_net.ko; do
    cp "$modules/kernel/$m" "$tree/lib/modules/"
  done
  cat > "$tree/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
for m in failover net_failover virtio_net; do insmod /lib/modules/$m.ko; done
ifconfig lo 127.0.0.1 up
echo KULI-INIT-READY
exec setsid cttyhack sh
INIT
  chmod +x "$tree/init"
  (cd "$tree" && find . | cpio -o -H newc --quiet | gzip -9) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"
  rm -rf "$tree"
fi

node tools/build.mjs >/dev/null
variants=("$@")
[[ ${#variants[@]} -gt 0 ]] || variants=(qemu-qemu kuli-qemu kuli-kuli)
status=0
for v in "${variants[@]}"; do
  echo "--- $v"
  start=$(date +%s)
  node $here/linux-net.mjs --variant "$v" --out "$out" --kernel "$vmlinuz" --initrd "$initrd" > "$out/$v.json" || true
  echo "    $(( $(date +%s) - start )) s"
  if ! node $here/linux-net-check.mjs "$out/$v.json"; then
    echo "--- $v FAILED; transcripts: $out/$v-a.log, $out/$v-b.log"
    status=1
  fi
done
exit $status
