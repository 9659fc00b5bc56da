// Guest memory as the debugger sees it: by default logical addresses through the selected
// vcpu's current DAT (the PSW's address space), or real addresses (prefixed, no DAT) when
// the monitor switches it. Translation here never raises interruptions or sets reference
// bits; an untranslatable page ends the access.
import type { Cpu } from '../cpu/cpu';
import { AS_MODE, SPACE, type Space } from '../mmu/mmu';
import { Translation } from '../mmu/dat';
import { PSW } from '../cpu/state';

export type MemoryMode = 'virtual' | 'real';

const PAGE = 4096;

/** The address space the PSW's DAT and AS bits select for operand accesses. */
export function currentSpace(cpu: Cpu): Space {
  if ((cpu.pswMask & PSW.DAT) === 0) return SPACE.REAL;
  const as = (cpu.pswMask & PSW.AS_MASK) >>> PSW.AS_SHIFT;
  return as === AS_MODE.SECONDARY ? SPACE.SECONDARY : as === AS_MODE.HOME ? SPACE.HOME : SPACE.PRIMARY;
}

/** Result of a debugger translation: absolute address, or the interruption code that would occur. */
export interface DebugTranslation {
  readonly real?: number;
  readonly absolute?: number;
  readonly code: number;
}

export function translateForDebugger(cpu: Cpu, address: number, mode: MemoryMode): DebugTranslation {
  if (!Number.isSafeInteger(address) || address < 0) return { code: -1 };
  let real = address;
  if (mode === 'virtual') {
    const space = currentSpace(cpu);
    if (space !== SPACE.REAL) {
      const t = new Translation();
      const code = cpu.mmu.translateOnly(address, space, t);
      if (code !== 0) return { code };
      real = t.frame + (address % PAGE);
    }
  }
  const absolute = cpu.absolute(real);
  if (absolute >= cpu.storage.size) return { real, code: -1 };
  return { real, absolute, code: 0 };
}

/** Reads up to `length` bytes; stops early at the first byte that cannot be reached. */
export function readMemory(cpu: Cpu, address: number, length: number, mode: MemoryMode): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const a = address + done;
    const t = translateForDebugger(cpu, a, mode);
    if (t.absolute === undefined) break;
    const n = Math.min(length - done, PAGE - (a % PAGE), cpu.storage.size - t.absolute);
    out.set(cpu.storage.bytes.subarray(t.absolute, t.absolute + n), done);
    done += n;
  }
  return out.subarray(0, done);
}

/** Writes all of `data` or nothing (every page is translated first). */
export function writeMemory(cpus: readonly Cpu[], cpu: Cpu, address: number, data: Uint8Array, mode: MemoryMode): boolean {
  const pieces: [number, number, number][] = [];
  let done = 0;
  while (done < data.length) {
    const a = address + done;
    const t = translateForDebugger(cpu, a, mode);
    if (t.absolute === undefined) return false;
    const n = Math.min(data.length - done, PAGE - (a % PAGE), cpu.storage.size - t.absolute);
    pieces.push([t.absolute, done, n]);
    done += n;
  }
  for (const [abs, from, n] of pieces) {
    cpu.storage.bytes.set(data.subarray(from, from + n), abs);
    // Decoded and compiled code of every vcpu that covers the bytes is dropped.
    for (const c of cpus) c.invalidateRange(abs, n);
  }
  return true;
}
