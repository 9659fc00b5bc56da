#!/usr/bin/env python3
# Records QEMU's console output for the mcck guest (mcck.golden.txt): boots it under
# qemu-system-s390x with a monitor socket and, once the guest waits for a channel report,
# hot-plugs a virtio-rng-ccw device, which queues a CRW and a machine check.
# Usage: python3 record.py  (needs qemu-system-s390x; `make` builds mcck.elf first)
import os, socket, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
sock = os.path.join(tempfile.mkdtemp(), 'mon.sock')
qemu = subprocess.Popen(
    ['qemu-system-s390x', '-M', 's390-ccw-virtio', '-m', '128', '-nographic', '-nic', 'none',
     '-monitor', f'unix:{sock},server=on,wait=off', '-kernel', os.path.join(here, 'mcck.elf')],
    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
out = b''
deadline = time.time() + 20
os.set_blocking(qemu.stdout.fileno(), False)
plugged = False
while time.time() < deadline and b'EXIT: STATUS=' not in out:
    chunk = qemu.stdout.read()
    if chunk:
        out += chunk
    elif qemu.poll() is not None:
        break
    if not plugged and b'waiting for a channel report' in out:
        time.sleep(0.2)
        mon = socket.socket(socket.AF_UNIX)
        mon.connect(sock)
        mon.sendall(b'device_add virtio-rng-ccw,id=rng0\n')
        plugged = True
    time.sleep(0.05)
qemu.kill()
qemu.wait()
if b'EXIT: STATUS=' not in out:
    sys.exit(f'QEMU did not finish; output so far:\n{out.decode(errors="replace")}')
with open(os.path.join(here, 'mcck.golden.txt'), 'wb') as f:
    f.write(out)
sys.stdout.write(out.decode())
