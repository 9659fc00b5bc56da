// Storage keys and key-controlled protection (PoP "Storage Key", "Key-Controlled
// Protection"): one key byte per 4K frame of absolute storage (ACC, F, R, C), the fetch
// and store checks against an access key with the fetch- and storage-protection
// overrides of CR0, and where a CPU's keys live (the machine's array, or a private one for
// a CPU without a machine).
import type { Cpu } from '../cpu/cpu';
import { domainOf } from './tlb';

/** Key byte layout (as ISKE returns it in bits 56-63): ACC(4) F R C 0. */
export const STORAGE_KEY = {
  ACC_SHIFT: 4,
  FETCH_PROTECTION: 0x08,
  REFERENCE: 0x04,
  CHANGE: 0x02,
  /** The seven key bits (bit 63 is always zero). */
  MASK: 0xfe,
} as const;

export const FRAME_SHIFT = 12;
/** CR0 bits 32-63 (cr[1]) that bear on protection. */
export const CR0 = {
  LOW_ADDRESS_PROTECTION: 0x1000_0000,
  SECONDARY_SPACE: 0x0400_0000,
  FETCH_PROTECTION_OVERRIDE: 0x0200_0000,
  STORAGE_PROTECTION_OVERRIDE: 0x0100_0000,
  /** CR0 bit 40: enhanced-DAT enablement (EDAT-1, and EDAT-2 with it). */
  EDAT: 0x0080_0000,
  /** CR0 bit 43: instruction-execution-protection enablement. */
  IEP: 0x0010_0000,
} as const;
/** The access-control value that the storage-protection override opens to every key. */
const OVERRIDE_KEY = 9;
/** Fetch-protection override covers effective addresses 0-2047. */
const FETCH_OVERRIDE_LIMIT = 2048;

/** Low-address protection covers effective addresses 0-511 and 4096-4607. */
export function isLowAddress(logical: number): boolean {
  return logical < 0x2000 && (logical & 0xee00) === 0;
}

/** The storage-key array of the CPU's configuration (one byte per 4K frame). */
export function keysOf(cpu: Cpu): Uint8Array {
  const m = cpu.machine;
  if (m !== undefined) return m.storageKeys;
  const d = domainOf(cpu.storage);
  d.ownKeys ??= new Uint8Array(cpu.storage.size >>> FRAME_SHIFT);
  return d.ownKeys;
}

/**
 * May `accessKey` store into a frame with access-control bits `acc`? Key 0 matches every
 * frame; the storage-protection override (CR0 bit 39) opens frames with ACC 9.
 */
export function storeAllowed(accessKey: number, acc: number, cr0: number): boolean {
  return accessKey === 0 || accessKey === acc || (acc === OVERRIDE_KEY && (cr0 & CR0.STORAGE_PROTECTION_OVERRIDE) !== 0);
}

/**
 * May `accessKey` fetch from a frame with `acc` and fetch-protection bit `fetchProtect`?
 * The fetch-protection override (CR0 bit 38) opens effective addresses 0-2047 outside
 * private spaces.
 */
export function fetchAllowed(accessKey: number, acc: number, fetchProtect: boolean, cr0: number, logical: number,
  privateSpace: boolean): boolean {
  if (!fetchProtect || storeAllowed(accessKey, acc, cr0)) return true;
  return logical < FETCH_OVERRIDE_LIMIT && !privateSpace && (cr0 & CR0.FETCH_PROTECTION_OVERRIDE) !== 0;
}
