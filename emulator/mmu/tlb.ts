// The software TLB of one vcpu: a direct-mapped array keyed by logical page number, each
// entry tagged with the ASCE it was formed with and the DAT bit and PSW key of the access
// (so changing CR1/CR7/CR13 or the PSW key needs no purge), holding the absolute frame
// and the accesses already checked (fetch, store, execute). The vcpus of one guest share
// a TlbDomain so that IPTE, IDTE, CSP and key changes reach every TLB.
import type { GuestStorage } from './storage';

export const TLB_BITS = 12;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;
/** Page-index bits (44-51) of a page number: the slots IPTE has to look at. */
const PAGE_INDEX_MASK = 0xff;
const PAGE_INDEX_COUNT = 256;

/** Accesses an entry already allows. */
export const PERM = { READ: 1, WRITE: 2, EXEC: 4 } as const;

export class Tlb {
  /** Logical page number (address / 4096), -1 when the slot is empty. */
  readonly page = new Float64Array(TLB_SIZE).fill(-1);
  /** ASCE bits 0-31 and 32-63 the entry was formed with (0 for DAT-off entries). */
  readonly asceHi = new Uint32Array(TLB_SIZE);
  readonly asceLo = new Uint32Array(TLB_SIZE);
  /** PSW DAT bit and PSW key (or the explicit access key) of the entry, as PSW bits 0-31. */
  readonly ctx = new Int32Array(TLB_SIZE);
  /** Absolute address of the 4K frame. */
  readonly frame = new Float64Array(TLB_SIZE);
  readonly perm = new Uint8Array(TLB_SIZE);
  /**
   * The hit path of compiled code (jit-templates.ts): the page number of slot i when
   * its entry allows reads (fastRead) or stores (fastWrite) of operands in the context
   * Mmu.fastContext last checked, else -1; fastFrame[i] is then frame[i]. Any change
   * of slot i (set, purge) clears them, so they never outlive the entry they copy.
   */
  readonly fastRead = new Int32Array(TLB_SIZE).fill(-1);
  readonly fastWrite = new Int32Array(TLB_SIZE).fill(-1);
  readonly fastFrame = new Float64Array(TLB_SIZE);
  /** Counters for the host's statistics. */
  fills = 0;
  purges = 0;

  set(page: number, ctx: number, asceHi: number, asceLo: number, frame: number, perm: number): void {
    const i = page & TLB_MASK;
    this.page[i] = page;
    this.ctx[i] = ctx;
    this.asceHi[i] = asceHi;
    this.asceLo[i] = asceLo;
    this.frame[i] = frame;
    this.perm[i] = perm;
    this.fastRead[i] = -1;
    this.fastWrite[i] = -1;
    this.fills++;
  }

  purgeAll(): void {
    this.page.fill(-1);
    this.clearFast();
    this.purges++;
  }

  /** Empties the hit path of compiled code (the context it was formed in changed). */
  clearFast(): void {
    this.fastRead.fill(-1);
    this.fastWrite.fill(-1);
  }

  /**
   * Drops entries whose page index (address bits 44-51) is in [first, first+count), the
   * only ones IPTE can have invalidated. Entries of other address spaces with that page
   * index go too, which the architecture allows.
   */
  purgePageIndex(first: number, count: number): void {
    if (count >= PAGE_INDEX_COUNT) {
      this.purgeAll();
      return;
    }
    for (let k = 0; k < count; k++) {
      const px = (first + k) & PAGE_INDEX_MASK;
      for (let i = px; i < TLB_SIZE; i += PAGE_INDEX_COUNT) {
        this.page[i] = -1;
        this.fastRead[i] = -1;
        this.fastWrite[i] = -1;
      }
    }
    this.purges++;
  }
}

/** The TLBs and storage-key state of one guest's configuration. */
export class TlbDomain {
  readonly tlbs = new Set<Tlb>();
  /**
   * Reference and change bits are recorded once the guest has used a storage-key
   * instruction (as QEMU does); before that, keys stay as set and accesses stay cheap.
   */
  keyTracking = false;
  /** Keys of a configuration without a machine (bare test CPUs). */
  ownKeys: Uint8Array | undefined;

  purgeAll(except?: Tlb): void {
    for (const t of this.tlbs) if (t !== except) t.purgeAll();
  }

  purgePageIndex(first: number, count: number): void {
    for (const t of this.tlbs) t.purgePageIndex(first, count);
  }

  /** Starts recording reference and change bits: entries formed without doing so go. */
  trackKeys(): void {
    if (this.keyTracking) return;
    this.keyTracking = true;
    this.purgeAll();
  }
}

const domains = new WeakMap<GuestStorage, TlbDomain>();

/** The domain of every CPU on this guest storage. */
export function domainOf(storage: GuestStorage): TlbDomain {
  let d = domains.get(storage);
  if (d === undefined) {
    d = new TlbDomain();
    domains.set(storage, d);
  }
  return d;
}
