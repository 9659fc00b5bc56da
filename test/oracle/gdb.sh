#!/usr/bin/env bash
# Real gdb-multiarch against the kuli gdb stub and against QEMU's gdbstub on the same -g
# test guest (test/guests/debug): the same batch scripts must print the same answers
# (breakpoint hits and registers, backtraces, stepi/step/next, x/8i, a watchpoint's old
# and new values, memory, thread switch on --smp 2, detach), and memory read through the
# guest's own page tables with DAT on (test/guests/dat/basic), Ctrl-C of a spinning guest. Lines that only name the
# stub differently (QEMU announces multiprocess thread ids "1.N" and "process 1") are
# normalised. Then kuli-only checks: monitor commands and --gdb-nowait.
# Needs gdb-multiarch and qemu-system-s390x; installs the Debian packages if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v gdb-multiarch >/dev/null || ! command -v qemu-system-s390x >/dev/null; then
  apt-get update
  apt-get install -y gdb-multiarch qemu-system-misc
fi
node tools/build.mjs
ELF=test/guests/debug/debug.elf
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$((20000 + $$ % 20000))

cat >"$WORK/one.gdb" <<'EOF'
set pagination off
set confirm off
set width 0
break add_step
continue
info registers
info registers f0 f2 fpc acr0 v0 v16
bt
stepi
info registers pswa
x/8i $pc
step
info registers pswa
next
x/2gx &counter
watch counter
continue
continue
delete
break main.c:69
continue
print total
print counter
x/4wx &counter
info registers pswm
detach
EOF

cat >"$WORK/two.gdb" <<'EOF'
set pagination off
set confirm off
set width 0
break cpu1_work
continue
print $_thread
bt 2
info registers r2 pswa
thread 1
print $_thread
thread 2
print $_thread
stepi
info registers pswa
print cpu1_spins
delete
detach
EOF

cat >"$WORK/dat.gdb" <<'EOF'
set pagination off
set confirm off
set width 0
break report
continue
info registers pswm cr0 cr1
x/8xb 0x40000000
x/2gx 0x40000010
x/2gx 0x11000
bt 1
x/4xb 0x40001000
EOF

# Ctrl-C: the guest spins on a branch to itself until gdb interrupts it.
cat >"$WORK/interrupt.gdb" <<'EOF'
set pagination off
set confirm off
set {int}0x10000 = 0xa7f40000
continue
info registers pswa
x/i $pc
detach
EOF

wait_port() {
  for _ in $(seq 100); do
    ss -ltnH "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  echo "gdb.sh: nothing listens on port $1" >&2
  return 1
}

# session NAME SMP SCRIPT [ELF [SIGINT_AFTER]]: one gdb batch run against kuli and one
# against QEMU; with SIGINT_AFTER, gdb gets a SIGINT (Ctrl-C) after that many seconds.
session() {
  local name=$1 smp=$2 script=$3 ELF=${4:-$ELF} gdb=(timeout 120)
  [[ -n ${5:-} ]] && gdb=(timeout -s INT "$5")
  PORT=$((PORT + 1))
  node bin/kuli.js run --quiet --gdb "$PORT" --smp "$smp" --kernel "$ELF" >"$WORK/$name.kuli.console" 2>&1 &
  PIDS+=($!)
  wait_port "$PORT"
  "${gdb[@]}" gdb-multiarch -nx -q -batch -ex "target remote 127.0.0.1:$PORT" -x "$script" "$ELF" >"$WORK/$name.kuli.txt" 2>&1 || true
  PORT=$((PORT + 1))
  timeout 120 qemu-system-s390x -M s390-ccw-virtio -nographic -m 128 -smp "$smp" -kernel "$ELF" \
    -gdb "tcp:127.0.0.1:$PORT" -S </dev/null >"$WORK/$name.qemu.console" 2>&1 &
  PIDS+=($!)
  wait_port "$PORT"
  "${gdb[@]}" gdb-multiarch -nx -q -batch -ex "target remote 127.0.0.1:$PORT" -x "$script" "$ELF" >"$WORK/$name.qemu.txt" 2>&1 || true
  # QEMU also describes the guarded-storage registers (a facility kuli does not offer).
  sed -i -e 's/Thread 1\.\([0-9]\+\)/Thread \1/g' -e 's/(process 1)/(Remote target)/' -e '/^gs[a-z_]* \+0x/d' "$WORK/$name.qemu.txt"
  # Where vcpu 0 is when vcpu 1 hits its breakpoint depends on timing: drop that frame.
  sed -i -e '/^\[Switching to thread 1 /{n;N;d}' "$WORK/$name.qemu.txt" "$WORK/$name.kuli.txt"
  if diff -u "$WORK/$name.qemu.txt" "$WORK/$name.kuli.txt"; then
    echo "gdb.sh: $name: kuli and QEMU answer alike ($(wc -l <"$WORK/$name.kuli.txt") lines)"
  else
    echo "gdb.sh: $name: kuli differs from QEMU (diff above: - QEMU, + kuli)" >&2
    status=1
  fi
}

status=0
session one 1 "$WORK/one.gdb"
# Sanity: the answers are the ones the guest's source implies, not two equal failures.
grep -q 'Breakpoint 1, add_step (x=x@entry=1, y=y@entry=3) at main.c:44' "$WORK/one.kuli.txt" || { echo "gdb.sh: one: no breakpoint hit" >&2; status=1; }
grep -q 'New value = 3' "$WORK/one.kuli.txt" || { echo "gdb.sh: one: no watchpoint hit" >&2; status=1; }
grep -q '^\$1 = 105' "$WORK/one.kuli.txt" || { echo "gdb.sh: one: wrong total" >&2; status=1; }
session two 2 "$WORK/two.gdb"
grep -q 'Thread 2 hit Breakpoint 1, cpu1_work' "$WORK/two.kuli.txt" || { echo "gdb.sh: two: vcpu 1 did not stop in cpu1_work" >&2; status=1; }

session interrupt 1 "$WORK/interrupt.gdb" "$ELF" 3
grep -q 'Program received signal SIGINT' "$WORK/interrupt.kuli.txt" || { echo "gdb.sh: interrupt: no SIGINT stop" >&2; status=1; }
session dat 1 "$WORK/dat.gdb" test/guests/dat/basic/basic.elf
grep -q '^0x40000010:.0x0000000000000055' "$WORK/dat.kuli.txt" || { echo "gdb.sh: dat: no store seen through DAT" >&2; status=1; }
grep -q 'Cannot access memory at address 0x40001000' "$WORK/dat.kuli.txt" || { echo "gdb.sh: dat: invalid page readable" >&2; status=1; }

# Kuli only: monitor commands through gdb.
PORT=$((PORT + 1))
node bin/kuli.js run --quiet --gdb "$PORT" --kernel "$ELF" >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$PORT"
timeout 60 gdb-multiarch -nx -q -batch -ex "target remote 127.0.0.1:$PORT" \
  -ex 'monitor help' -ex 'monitor translate 0x14010' -ex 'monitor walk 0x14010' -ex 'monitor vcpus' \
  -ex 'monitor memory real' -ex 'x/gx 0x14010' -ex 'monitor stats' -ex 'info registers v0 v16 cr0 acr0 fpc' \
  -ex 'kill' "$ELF" >"$WORK/monitor.txt" 2>&1 || true
for want in 'translate ADDR' '0x14010 -> real 0x14010 -> absolute 0x14010' 'DAT is off' 'vcpu 0: operating' \
  'memory access is now real' 'vcpu 0: 0 instructions' 'v16            {v4_float' 'cr0            0xe0' 'acr0           0x0'; do
  grep -qF "$want" "$WORK/monitor.txt" || { echo "gdb.sh: monitor: missing '$want'" >&2; cat "$WORK/monitor.txt" >&2; status=1; }
done

# --gdb-nowait: the guest runs to its end with nobody attached.
PORT=$((PORT + 1))
if timeout 60 node bin/kuli.js run --quiet --gdb "$PORT" --gdb-nowait --kernel "$ELF" | grep -q 'EXIT: STATUS=0'; then
  echo "gdb.sh: --gdb-nowait runs the guest at once"
else
  echo "gdb.sh: --gdb-nowait did not run the guest to its end" >&2
  status=1
fi
exit $status
