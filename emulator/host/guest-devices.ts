// The virtio devices a guest definition asks for, attached over virtio-ccw before the
// guest starts: disks (virtio-blk on image files) at once, network interfaces
// (virtio-net on a named Kuli switch) once the switch is joined. Failures are one line for
// the user (the device models' own option errors).
import type { Machine } from '../machine/machine';
import { openDisk } from '../virtio/blk/disk-option';
import { attachVirtioCcw } from '../virtio/ccw/attach';
import { createNic, parseNicSpec, type Nic } from '../virtio/net/nic';
import type { DiskRequest, NicRequest } from './protocol';

export interface GuestDevices {
  /** Resolves when every device is attached (network interfaces join their switch first). */
  readonly ready: Promise<void>;
  /** Releases image files and switch connections. */
  close(): void;
}

/** Attaches `disks` now and `nics` when their switches are joined. Throws (one line) for a bad disk. */
export function attachGuestDevices(machine: Machine, disks: readonly DiskRequest[], nics: readonly NicRequest[]): GuestDevices {
  const closers: (() => void)[] = [];
  let closed = false;
  const close = () => {
    closed = true;
    for (const c of closers.splice(0)) c();
  };
  try {
    for (const d of disks) {
      const blk = openDisk({ file: d.path, readOnly: d.readOnly, sector: 512 });
      closers.push(() => blk.close());
      attachVirtioCcw(machine, blk);
    }
  } catch (e) {
    close();
    throw e;
  }
  const specs = nics.map((n) => parseNicSpec(n.mac !== undefined ? `${n.switch},mac=${n.mac}` : n.switch));
  const ready = (async () => {
    for (const spec of specs) {
      if (spec.kind !== 'switch') continue;
      const nic: Nic = await createNic(spec);
      if (closed) {
        nic.close();
        return;
      }
      closers.push(() => nic.close());
      attachVirtioCcw(machine, nic.device);
    }
  })();
  return { ready, close };
}
