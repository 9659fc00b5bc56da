#!/usr/bin/env bash
# Fetches Debian bookworm's s390x busybox-static and current linux-image into a cache
# directory (reused when present) so oracle tests have a real kernel and userland.
set -euo pipefail

cache="${KULI_CACHE:-$HOME/.cache/kuli}/debian"
mkdir -p "$cache"

# Each package is unpacked into its own directory; a marker file records that the
# unpack completed, so an interrupted run is redone instead of half-reused.
unpack() { # unpack PKG DIR
  local pkg=$1 dir=$2
  if [[ -f "$dir/.complete" ]]; then return 0; fi
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$cache" && apt-get download "$pkg" >&2)
  local deb
  deb=$(ls -t "$cache"/"${pkg%%:*}"_*_s390x.deb | head -n1)
  dpkg-deb -x "$deb" "$dir"
  touch "$dir/.complete"
}

sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

need_apt=0
[[ -f "$cache/busybox/.complete" && -f "$cache/linux/.complete" ]] || need_apt=1
if (( need_apt )); then
  if ! dpkg --print-foreign-architectures | grep -qx s390x; then
    sudo_if_needed dpkg --add-architecture s390x
  fi
  sudo_if_needed apt-get update -qq >&2
  img=$(apt-cache depends linux-image-s390x:s390x | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [[ -n "$img" ]] || { echo "fetch-debian: cannot resolve linux-image-s390x:s390x" >&2; exit 1; }
  unpack busybox-static:s390x "$cache/busybox"
  unpack "$img" "$cache/linux"
fi

busybox="$cache/busybox/bin/busybox"
vmlinuz=$(ls "$cache"/linux/boot/vmlinuz-* | head -n1)
modules=$(ls -d "$cache"/linux/lib/modules/* | head -n1)
[[ -x "$busybox" && -f "$vmlinuz" && -d "$modules" ]] || {
  echo "fetch-debian: unpacked packages are incomplete under $cache" >&2; exit 1; }
echo "busybox=$busybox"
echo "vmlinuz=$vmlinuz"
echo "modules=$modules"
