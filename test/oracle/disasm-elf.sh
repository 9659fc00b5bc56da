#!/usr/bin/env bash
# Differential test of `kuli disasm` against s390x-linux-gnu-objdump -d --no-show-raw-insn
# on real Debian s390x ELF files (busybox-static, every kernel module) and the fixtures.
# Usage: test/oracle/disasm-elf.sh [MAX_MODULES]   (default: all modules)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
max=${1:-0}

command -v s390x-linux-gnu-objdump >/dev/null || {
  echo "disasm-elf: installing binutils-s390x-linux-gnu" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y binutils-s390x-linux-gnu >&2
  else sudo apt-get install -y binutils-s390x-linux-gnu >&2; fi
}
eval "$("$here/fetch-debian.sh" | sed 's/^/export /')"
(cd "$repo" && node tools/build.mjs)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kuli="node $repo/bin/kuli.js"

files=("$busybox")
for f in "$repo"/test/guests/*/*.elf "$repo"/test/elf/fixtures/*.elf "$repo"/test/elf/fixtures/*.o; do files+=("$f"); done
mapfile -t modules < <(find "$modules" -name '*.ko' | sort)
if (( max > 0 )); then modules=("${modules[@]:0:max}"); fi
files+=("${modules[@]}")

# Both tools print the path as given, so each pair runs from the file's directory.
compare() {
  local f=$1 dir base
  dir=$(dirname "$f"); base=$(basename "$f")
  if cmp -s <(cd "$dir" && s390x-linux-gnu-objdump -d --no-show-raw-insn "$base" 2>/dev/null) \
            <(cd "$dir" && $kuli disasm "$base" 2>&1); then
    echo "PASS $f"
  else
    echo "FAIL $f"
  fi
}
export -f compare; export kuli
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} bash -c 'compare "$1"' _ {} > "$work/results"
pass=$(grep -c '^PASS' "$work/results" || true)
fail=$(grep -c '^FAIL' "$work/results" || true)
grep '^FAIL' "$work/results" | head -20 || true
echo "disasm-elf: $pass identical, $fail different (of ${#files[@]} files)"
(( fail == 0 ))
