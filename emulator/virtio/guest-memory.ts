// GuestMemory (device.ts) over a machine's guest storage: bounded live views of RAM and
// the host-write notification that drops decoded code in the written range.
import type { GuestStorage } from '../mmu/storage';
import { VirtioError, type GuestMemory } from './device';

export function guestMemory(storage: GuestStorage, written: (addr: number, len: number) => void): GuestMemory {
  const bytes = storage.bytes;
  return {
    size: storage.size,
    view(addr: number, len: number): Uint8Array {
      if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(len) || addr < 0 || len < 0 || addr + len > storage.size) {
        throw new VirtioError(`guest address 0x${Number.isFinite(addr) ? addr.toString(16) : '?'} (+${len}) lies outside guest memory`);
      }
      return bytes.subarray(addr, addr + len);
    },
    written,
  };
}

/** The GuestMemory of a Machine (its storage and host-write notification). */
export function machineMemory(machine: { readonly storage: GuestStorage; written(abs: number, len: number): void }): GuestMemory {
  return guestMemory(machine.storage, (a, l) => machine.written(a, l));
}
