#!/bin/sh
# Records QEMU's answers to the bad channel programs (the golden of
# test/virtio/ccw/hostile-guest.test.ts). Needs s390x-linux-gnu-gcc and qemu-system-s390x.
set -e
cd "$(dirname "$0")"
make
timeout 20 qemu-system-s390x -M s390-ccw-virtio -m 128 -nographic -nic none -device virtio-rng-ccw \
  -kernel virtio-ccw-hostile.elf </dev/null > virtio-ccw-hostile.golden.txt
