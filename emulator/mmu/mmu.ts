// The MMU of one vcpu: every logical storage access goes logical → (DAT) real →
// (prefixing) absolute through here, with low-address, DAT, instruction-execution and
// key-controlled protection, reference and change recording, and the TLB (tlb.ts) that
// makes a repeated access one lookup. Exceptions carry the translation-exception
// identification (PoP "Translation-Exception Identification", with the fetch/store
// indication of the access-exception-fetch/store-indication facility and ESOP-1 bits).
import type { Cpu } from '../cpu/cpu';
import { AccessException, PGM, ProgramInterrupt } from '../cpu/interrupts';
import { PSW } from '../cpu/state';
import { hasFacility } from '../machine/facilities';
import { ASCE, Translation, walk, type DatControls } from './dat';
import { CR0, fetchAllowed, isLowAddress, keysOf, STORAGE_KEY, storeAllowed } from './keys';
import { domainOf, PERM, Tlb, TLB_MASK, type TlbDomain } from './tlb';

/** Address spaces by the control register holding their ASCE; REAL is DAT off. */
export const SPACE = { REAL: 0, PRIMARY: 1, SECONDARY: 7, HOME: 13 } as const;
export type Space = typeof SPACE[keyof typeof SPACE];
/** PSW bits 16-17 (address-space control). */
export const AS_MODE = { PRIMARY: 0, ACCESS_REGISTER: 1, SECONDARY: 2, HOME: 3 } as const;
/**
 * The space of operand accesses and of instruction fetches by PSW AS mode. Access-register
 * mode uses the primary space (ALET 0, the only one Linux uses).
 */
const DATA_SPACE = Uint8Array.of(SPACE.PRIMARY, SPACE.PRIMARY, SPACE.SECONDARY, SPACE.HOME);
const FETCH_SPACE = Uint8Array.of(SPACE.PRIMARY, SPACE.PRIMARY, SPACE.PRIMARY, SPACE.HOME);

/** Translation-exception identification, bits 32-63. */
export const TEID = {
  PAGE: 0xffff_f000,
  FETCH: 0x800,
  STORE: 0x400,
  /** ESOP-1 bits 56 and 61: low-address, DAT and instruction-execution protection. */
  LOW_ADDRESS: 0x80,
  DAT_PROTECTION: 0x04,
  EXECUTE_PROTECTION: 0x84,
} as const;
/** TEID bits 62-63 by space. */
const SPACE_ID: Record<Space, number> = { 0: 0, 1: 0, 7: 2, 13: 3 };

export const ACCESS = { READ: 0, WRITE: 1, FETCH: 2 } as const;
export type Access = typeof ACCESS[keyof typeof ACCESS];

const TWO32 = 0x1_0000_0000;
const PAGE = 4096;
const PREFIX_AREA = 0x2000;
/** The TLB tag of an access: PSW DAT bit and key. */
const CTX_MASK = PSW.DAT | PSW.KEY_MASK;
const NEED = Uint8Array.of(PERM.READ, PERM.WRITE, PERM.EXEC);

/**
 * Optional DAT functions (enhanced-DAT 1 and 2, instruction-execution protection): this
 * MMU implements all three; each acts when the CPU model reports its facility and the
 * guest enables it in CR0.
 */
const FACILITY_BIT = { EDAT1: 8, EDAT2: 78, IEP: 130 } as const;

export class Mmu {
  readonly tlb = new Tlb();
  readonly domain: TlbDomain;
  /** Optional DAT functions installed; tests may switch them. */
  readonly installed: DatControls = {
    edat1: hasFacility(FACILITY_BIT.EDAT1),
    edat2: hasFacility(FACILITY_BIT.EDAT2),
    iep: hasFacility(FACILITY_BIT.IEP),
  };
  /** The ones enabled by CR0 right now. */
  private readonly active: DatControls = { edat1: false, edat2: false, iep: false };
  /** Prefix and CR0 bits 32-63 the TLB contents assume. */
  private prefix = -1;
  private cr0 = -1;
  private readonly scratch = new Translation();

  constructor(private readonly cpu: Cpu) {
    this.domain = domainOf(cpu.storage);
    this.domain.tlbs.add(this.tlb);
  }

  /**
   * Absolute address of a CPU access to `logical` (the access stays inside one page).
   * Kept small so the engine inlines it into every storage access: a TLB hit for the
   * current context returns at once; everything else goes to accessMiss.
   */
  access(logical: number, write: boolean, fetch: boolean): number {
    const cpu = this.cpu;
    const m = cpu.pswMask;
    if (logical < TWO32 && cpu.prefix === this.prefix && cpu.cr[1] === this.cr0) {
      const page = logical >>> 12;
      const i = page & TLB_MASK;
      const t = this.tlb;
      if (t.page[i] === page && t.ctx[i] === (m & CTX_MASK)
        && (t.perm[i] & (fetch ? PERM.EXEC : write ? PERM.WRITE : PERM.READ)) !== 0) {
        if ((m & PSW.DAT) === 0) return t.frame[i] + (logical & 0xfff);
        const c = 2 * (fetch ? FETCH_SPACE : DATA_SPACE)[(m & PSW.AS_MASK) >>> PSW.AS_SHIFT];
        if (t.asceLo[i] === cpu.cr[c + 1] && t.asceHi[i] === cpu.cr[c]) return t.frame[i] + (logical & 0xfff);
      }
    }
    return this.accessMiss(logical, write, fetch);
  }

  /** PSW bits, prefix, CR0 and operand ASCE the fast arrays of the TLB were formed under. */
  private fastMask = -1;
  private fastPrefix = -1;
  private fastCr0 = -1;
  private fastAsceHi = -1;
  private fastAsceLo = -1;

  /**
   * Called before compiled code runs: keeps the TLB's fast arrays (the operand hit path
   * of compiled blocks) only while the operand-access context they were formed in holds.
   * Compiled blocks change none of it, so one check per entry into compiled code does.
   */
  fastContext(): void {
    const cpu = this.cpu;
    const m = cpu.pswMask & (CTX_MASK | PSW.AS_MASK);
    const c = (m & PSW.DAT) === 0 ? -1 : 2 * DATA_SPACE[(m & PSW.AS_MASK) >>> PSW.AS_SHIFT];
    const ah = c < 0 ? 0 : cpu.cr[c], al = c < 0 ? 0 : cpu.cr[c + 1];
    if (m !== this.fastMask || cpu.prefix !== this.fastPrefix || cpu.cr[1] !== this.fastCr0 || ah !== this.fastAsceHi || al !== this.fastAsceLo) {
      this.tlb.clearFast();
      this.fastMask = m;
      this.fastPrefix = cpu.prefix;
      this.fastCr0 = cpu.cr[1];
      this.fastAsceHi = ah;
      this.fastAsceLo = al;
    }
  }

  /**
   * After an operand access to `logical` by compiled code succeeded: copies the TLB entry
   * that now maps it to the fast arrays if it holds for the current context.
   */
  noteFast(logical: number): void {
    this.fastContext();
    const cpu = this.cpu;
    if (logical >= TWO32 || cpu.prefix !== this.prefix || cpu.cr[1] !== this.cr0) return;
    const page = logical >>> 12;
    const i = page & TLB_MASK;
    const t = this.tlb;
    const m = cpu.pswMask;
    if (t.page[i] !== page || t.ctx[i] !== (m & CTX_MASK)) return;
    if ((m & PSW.DAT) !== 0) {
      const c = 2 * DATA_SPACE[(m & PSW.AS_MASK) >>> PSW.AS_SHIFT];
      if (t.asceLo[i] !== cpu.cr[c + 1] || t.asceHi[i] !== cpu.cr[c]) return;
    }
    t.fastFrame[i] = t.frame[i];
    t.fastRead[i] = (t.perm[i] & PERM.READ) !== 0 ? page : -1;
    t.fastWrite[i] = (t.perm[i] & PERM.WRITE) !== 0 ? page : -1;
  }

  /** The rest of access(): resynchronisation, addresses above 4 GiB, TLB fills. */
  private accessMiss(logical: number, write: boolean, fetch: boolean): number {
    const cpu = this.cpu;
    if (cpu.prefix !== this.prefix || cpu.cr[1] !== this.cr0) this.resync();
    const m = cpu.pswMask;
    const page = logical < TWO32 ? logical >>> 12 : Math.floor(logical / PAGE);
    const i = page & TLB_MASK;
    const t = this.tlb;
    if (t.page[i] === page && t.ctx[i] === (m & CTX_MASK) && (t.perm[i] & (fetch ? PERM.EXEC : write ? PERM.WRITE : PERM.READ)) !== 0) {
      if ((m & PSW.DAT) === 0) return t.frame[i] + (logical & 0xfff);
      const c = 2 * (fetch ? FETCH_SPACE : DATA_SPACE)[(m & PSW.AS_MASK) >>> PSW.AS_SHIFT];
      if (t.asceLo[i] === cpu.cr[c + 1] && t.asceHi[i] === cpu.cr[c]) return t.frame[i] + (logical & 0xfff);
    }
    const space: Space = (m & PSW.DAT) === 0 ? SPACE.REAL
      : ((fetch ? FETCH_SPACE : DATA_SPACE)[(m & PSW.AS_MASK) >>> PSW.AS_SHIFT] as Space);
    return this.fill(logical, space, fetch ? ACCESS.FETCH : write ? ACCESS.WRITE : ACCESS.READ, (m & PSW.KEY_MASK) >>> PSW.KEY_SHIFT);
  }

  /**
   * Absolute address of an access to `logical` in an explicitly named space with an
   * explicit access key (MVCP, MVCS, MVCOS, MVCSK, MVCDK, LURA...).
   */
  accessIn(logical: number, space: Space, kind: Access, key: number): number {
    const cpu = this.cpu;
    if (cpu.prefix !== this.prefix || cpu.cr[1] !== this.cr0) this.resync();
    const page = logical < TWO32 ? logical >>> 12 : Math.floor(logical / PAGE);
    const i = page & TLB_MASK;
    const t = this.tlb;
    const ctx = (space === SPACE.REAL ? 0 : PSW.DAT) | (key << PSW.KEY_SHIFT);
    if (t.page[i] === page && t.ctx[i] === ctx && (t.perm[i] & NEED[kind]) !== 0
      && (space === SPACE.REAL || (t.asceLo[i] === cpu.cr[2 * space + 1] && t.asceHi[i] === cpu.cr[2 * space]))) {
      return t.frame[i] + (logical & 0xfff);
    }
    return this.fill(logical, space, kind, key);
  }

  /** Translates without protection checks or side effects (LRA, TPROT, LPTEA, debuggers). */
  translateOnly(logical: number, space: Space, out: Translation = this.scratch): number {
    if (this.cpu.cr[1] !== this.cr0) this.resync();
    if (space === SPACE.REAL) {
      out.frame = logical - (logical % PAGE);
      out.protect = false;
      out.noExec = false;
      out.accfValid = false;
      return 0;
    }
    const cpu = this.cpu;
    return walk(cpu.mem, cpu.storage.size, cpu.cr[2 * space], cpu.cr[2 * space + 1],
      logical < TWO32 ? 0 : Math.floor(logical / TWO32), logical >>> 0, this.active, out);
  }

  /** The translation exception identification bits 32-63 for `logical` in `space`. */
  teidLo(logical: number, space: Space, kind: Access): number {
    return ((logical & TEID.PAGE) | (kind === ACCESS.WRITE ? TEID.STORE : TEID.FETCH) | SPACE_ID[space]) >>> 0;
  }

  /** The TLB miss: the full translation and protection checks, then a new entry. */
  private fill(logical: number, space: Space, kind: Access, key: number): number {
    const cpu = this.cpu;
    const addrHi = logical < TWO32 ? 0 : Math.floor(logical / TWO32);
    const addrLo = logical >>> 0;
    const cr0 = cpu.cr[1];
    const asceHi = space === SPACE.REAL ? 0 : cpu.cr[2 * space];
    const asceLo = space === SPACE.REAL ? 0 : cpu.cr[2 * space + 1];
    const privateSpace = (asceLo & ASCE.PRIVATE) !== 0;
    const lap = (cr0 & CR0.LOW_ADDRESS_PROTECTION) !== 0 && !privateSpace;
    const fetch = kind === ACCESS.FETCH;
    const teid = this.teidLo(logical, space, kind);
    // Low-address protection is checked on the effective address, before translation.
    if (kind === ACCESS.WRITE && lap && isLowAddress(logical)) {
      throw new AccessException(PGM.PROTECTION, false, addrHi, teid | TEID.LOW_ADDRESS);
    }
    const tr = this.scratch;
    let real: number;
    if (space === SPACE.REAL) {
      real = logical - (logical % PAGE);
      tr.protect = false;
      tr.noExec = false;
    } else {
      const code = walk(cpu.mem, cpu.storage.size, asceHi, asceLo, addrHi, addrLo, this.active, tr);
      if (code === PGM.ADDRESSING) throw new ProgramInterrupt(PGM.ADDRESSING);
      // Translation exceptions nullify; a translation-specification exception suppresses.
      if (code !== 0) throw new AccessException(code, code !== PGM.TRANSLATION_SPECIFICATION, addrHi, teid, fetch);
      if (kind === ACCESS.WRITE && tr.protect) {
        throw new AccessException(PGM.PROTECTION, false, addrHi, teid | TEID.DAT_PROTECTION);
      }
      if (fetch && tr.noExec) throw new AccessException(PGM.PROTECTION, false, addrHi, teid | TEID.EXECUTE_PROTECTION, true);
      real = tr.frame;
    }
    const abs = this.absoluteFrame(real);
    if (abs + PAGE > cpu.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);

    // Key-controlled protection against the storage key of the frame. The ACC and F bits of
    // an EDAT large-frame entry (AV one) are not used for it, as on Hercules and QEMU.
    const keys = keysOf(cpu);
    const f = abs / PAGE;
    const skey = keys[f];
    const acc = skey >>> STORAGE_KEY.ACC_SHIFT;
    const fp = (skey & STORAGE_KEY.FETCH_PROTECTION) !== 0;
    const canStore = storeAllowed(key, acc, cr0);
    const canFetch = fetchAllowed(key, acc, fp, cr0, logical, privateSpace);
    if (kind === ACCESS.WRITE ? !canStore : !canFetch) throw new AccessException(PGM.PROTECTION, false, addrHi, teid, fetch);

    let perm = 0;
    // A fetch allowed only by the fetch-protection override holds for half a page: no entry.
    if (canFetch && (!fp || canStore)) perm |= tr.noExec ? PERM.READ : PERM.READ | PERM.EXEC;
    // Stores to pages with low-address-protected bytes always take this path.
    if (canStore && !tr.protect && !(lap && addrHi === 0 && addrLo < PREFIX_AREA)) perm |= PERM.WRITE;
    if (this.domain.keyTracking) {
      const nk = skey | STORAGE_KEY.REFERENCE | (kind === ACCESS.WRITE ? STORAGE_KEY.CHANGE : 0);
      if (nk !== skey) keys[f] = nk;
      // Until the change bit is on, stores come back here to set it.
      if ((nk & STORAGE_KEY.CHANGE) === 0) perm &= ~PERM.WRITE;
    }
    const page = logical < TWO32 ? logical >>> 12 : Math.floor(logical / PAGE);
    this.tlb.set(page, (space === SPACE.REAL ? 0 : PSW.DAT) | (key << PSW.KEY_SHIFT), asceHi, asceLo, abs, perm);
    return abs + (logical & 0xfff);
  }

  /** Prefixing of a page-aligned real address. */
  private absoluteFrame(real: number): number {
    const p = this.cpu.prefix;
    if (real < PREFIX_AREA) return real + p;
    if (real >= p && real < p + PREFIX_AREA) return real - p;
    return real;
  }

  /** A new prefix or CR0 changes what entries mean: start over. */
  private resync(): void {
    const cpu = this.cpu;
    this.prefix = cpu.prefix;
    this.cr0 = cpu.cr[1];
    const edat = (this.cr0 & CR0.EDAT) !== 0;
    this.active.edat1 = this.installed.edat1 && edat;
    this.active.edat2 = this.installed.edat2 && this.active.edat1;
    this.active.iep = this.installed.iep && (this.cr0 & CR0.IEP) !== 0;
    this.tlb.purgeAll();
  }

  /** Forces a resync on the next access (after tests change `installed`). */
  invalidateControls(): void {
    this.cr0 = -1;
  }
}
