#!/usr/bin/env bash
# Installs the Debian packages the oracle suites use (per shared/RECIPES.md), skipping
# the work when they are already present. Needs root (or sudo).
set -euo pipefail
pkgs=(gcc-s390x-linux-gnu binutils-s390x-linux-gnu qemu-system-misc qemu-user gdb-multiarch cpio)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! dpkg --print-foreign-architectures | grep -qx s390x; then
  as_root dpkg --add-architecture s390x
  updated=0
else
  updated=1
fi
if (( ${#missing[@]} )); then
  echo "installing: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
elif (( updated == 0 )); then
  as_root apt-get update -qq
fi
echo "apt packages present: ${pkgs[*]}"
