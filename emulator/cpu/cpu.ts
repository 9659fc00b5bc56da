// One virtual CPU: registers, storage access with address translation and prefixing,
// the fetch-decode-execute loop with its decode cache, and PSW swapping for
// interruptions. Instruction semantics live in the domain modules (handlers.ts).
import { Mmu } from '../mmu/mmu';
import { GuestStorage } from '../mmu/storage';
import { Decoded, decodeFields, lookupBase, type Handler } from './decoded';
import { HANDLERS } from './handlers';
import { compileBlock, endsBlock, isCompilable, MAX_BLOCK, type Block } from './jit';
import { AccessException, GuestHalt, LOWCORE, PGM, ProgramInterrupt } from './interrupts';
import { perNoteStore, perStep } from './per';
import type { ChannelSubsystemPort } from './io-instructions';
import { CpuRegisters, PSW, PSW_BA, type AddressingMode } from './state';

/** Raised for an instruction the table knows but this emulator does not implement yet. */
export class UnsupportedInstruction extends GuestHalt {}

const PAGE_SHIFT = 12;
/** Control registers holding the primary and home ASCE (instruction fetches use one of them). */
const PRIMARY_SPACE_CR = 1;
const HOME_SPACE_CR = 13;
/** Executions of a block head before it is compiled. */
const JIT_THRESHOLD = 16;
/** Hotness marker of a head that cannot start a block (first instruction not compilable). */
const NEVER_COMPILE = 255;
/** CR0 bit 45, AFP-register control (bit 13 of the low word). */
export const CR0_AFP = 0x0004_0000;

export class Cpu extends CpuRegisters {
  readonly storage: GuestStorage;
  readonly mem: DataView;
  /** Address of the instruction after the current one; branches overwrite it. */
  nia = 0;
  /** The instruction being executed (for ILC and error messages). */
  current: Decoded | undefined;
  /** Instructions executed. */
  icount = 0;
  /** Stopped (SIGP stop, not started yet): the run loop does nothing. */
  stopped = false;
  /** Hook called by SERVC, SIGP, DIAG... installed by the machine. */
  machine: MachineHooks | undefined;
  /** DAT, prefixing, protection and the TLB of this CPU (emulator/mmu). */
  readonly mmu: Mmu;

  /**
   * Decode cache: for each absolute 4K page holding executed code, its decoded
   * instructions by halfword slot. `codePages` flags those pages so a store can tell
   * cheaply whether it must drop cached decodes.
   */
  private readonly pageDecodes: ((Decoded | undefined)[] | undefined)[] = [];
  /** Shared by the vcpus of one storage: a page flagged here holds code some vcpu decoded. */
  readonly codePages: Uint8Array;
  private readonly sharing: CodeSharing;

  constructor(storage: GuestStorage, cpuAddress = 0) {
    super();
    this.storage = storage;
    this.mem = storage.view;
    this.cpuAddress = cpuAddress;
    this.sharing = codeSharingOf(storage);
    this.sharing.cpus.push(this);
    this.codePages = this.sharing.pages;
    this.mmu = new Mmu(this);
  }

  // ---- general registers -------------------------------------------------------------

  /** Bits 32-63 of general register n, unsigned. */
  r32(n: number): number { return this.gpr[2 * n + 1]; }
  setR32(n: number, v: number): void { this.gpr[2 * n + 1] = v; }
  rHi(n: number): number { return this.gpr[2 * n]; }
  setR64(n: number, hi: number, lo: number): void { this.gpr[2 * n] = hi; this.gpr[2 * n + 1] = lo; }
  /** General register n as a JS number when it is known to fit (addresses, counts). */
  r64Number(n: number): number { return this.gpr[2 * n] * 0x1_0000_0000 + this.gpr[2 * n + 1]; }

  // ---- PSW ---------------------------------------------------------------------------

  get problemState(): boolean { return (this.pswMask & PSW.PROBLEM) !== 0; }
  get programMask(): number { return (this.pswMask & PSW.PROGMASK_MASK) >>> PSW.PROGMASK_SHIFT; }

  /** Sets the addressing mode from PSW bits 31 (EA) and 32 (BA). */
  setAddressingMode(ea: boolean, ba: boolean): void {
    if (ea && !ba) throw new ProgramInterrupt(PGM.SPECIFICATION);
    this.amode = ea ? 64 : ba ? 31 : 24;
    this.pswMask = (this.pswMask & ~PSW.EA) | (ea ? PSW.EA : 0);
  }

  /** The PSW as four words (bits 0-31, 32-63, 64-95, 96-127). */
  pswWords(address = this.ia): [number, number, number, number] {
    const w0 = (this.pswMask | (this.cc << PSW.CC_SHIFT)) >>> 0;
    const w1 = this.amode !== 24 ? PSW_BA : 0;
    return [w0, w1, Math.floor(address / 0x1_0000_0000) >>> 0, address >>> 0];
  }

  /** Loads a 16-byte z/Architecture PSW given as four words. */
  loadPsw(w0: number, w1: number, w2: number, w3: number): void {
    this.pswMask = w0 & ~(3 << PSW.CC_SHIFT);
    this.cc = (w0 >>> PSW.CC_SHIFT) & 3;
    const ea = (w0 & PSW.EA) !== 0;
    const ba = (w1 & PSW_BA) !== 0;
    this.amode = ea ? 64 : ba ? 31 : 24;
    this.ia = w2 * 0x1_0000_0000 + w3;
    // Invalid combinations are recognised when the PSW is used (early specification).
    if ((ea && !ba) || (w1 & 0x7fff_ffff) !== 0 || (w0 & 0xb800_0000 & ~PSW.PER) !== 0 || (w0 & 0x0008_0000) !== 0) {
      throw new ProgramInterrupt(PGM.SPECIFICATION);
    }
  }

  // ---- addresses -------------------------------------------------------------------

  /** Wraps an address to the current addressing mode. */
  wrap(addr: number): number {
    if (this.amode === 64) return addr;
    return addr % 0x1_0000_0000 & (this.amode === 31 ? 0x7fff_ffff : 0x00ff_ffff);
  }

  /** Effective address D(X,B): base and index of 0 mean no register. */
  ea(x: number, b: number, d: number): number {
    if (this.amode === 64) {
      let hi = 0;
      let lo = d;
      if (b !== 0) { hi += this.gpr[2 * b]; lo += this.gpr[2 * b + 1]; }
      if (x !== 0) { hi += this.gpr[2 * x]; lo += this.gpr[2 * x + 1]; }
      if (hi === 0 && lo >= 0 && lo <= 0xffff_ffff) return lo;
      // lo may be negative (negative long displacement) or carry past 32 bits.
      const carry = Math.floor(lo / 0x1_0000_0000);
      hi = (hi + carry) >>> 0;
      lo = lo - carry * 0x1_0000_0000;
      return hi * 0x1_0000_0000 + lo;
    }
    let a = d;
    if (b !== 0) a += this.gpr[2 * b + 1];
    if (x !== 0) a += this.gpr[2 * x + 1];
    return (a >>> 0) & (this.amode === 31 ? 0x7fff_ffff : 0x00ff_ffff);
  }

  /** Real address → absolute address (prefixing). */
  absolute(real: number): number {
    const p = this.prefix;
    if (real < 0x2000) return real + p;
    if (real >= p && real < p + 0x2000) return real - p;
    return real;
  }

  /** Logical → absolute for an access of `_len` bytes that does not cross a page. */
  translate(logical: number, len: number, write: boolean, fetch = false): number {
    if (write && this.perStoreWatch) perNoteStore(this, logical, len);
    return this.mmu.access(logical, write, fetch);
  }

  /** PER (per.ts): storage-alteration events are armed for the current instruction. */
  perStoreWatch = false;
  /** PER: the current instruction stored into the CR10..CR11 range. */
  perStoreHit = false;
  /** PER: pending PER code (high byte) and ATMID (low byte) for the current instruction, or 0. */
  perCode = 0;
  /** PER: address of the instruction that caused the pending event. */
  perAddress = 0;

  // ---- storage access (logical addresses) -------------------------------------------

  read8(addr: number): number { return this.mem.getUint8(this.translate(addr, 1, false)); }

  read16(addr: number): number {
    if ((addr & 0xfff) <= 0xffe) return this.mem.getUint16(this.translate(addr, 2, false));
    return (this.read8(addr) << 8) | this.read8(this.wrap(addr + 1));
  }

  read32(addr: number): number {
    if ((addr & 0xfff) <= 0xffc) return this.mem.getUint32(this.translate(addr, 4, false));
    return ((this.read16(addr) << 16) | this.read16(this.wrap(addr + 2))) >>> 0;
  }

  /** Reads a doubleword into `this.hi` / `this.lo`. */
  read64(addr: number): void {
    if ((addr & 0xfff) <= 0xff8) {
      const a = this.translate(addr, 8, false);
      this.hi = this.mem.getUint32(a);
      this.lo = this.mem.getUint32(a + 4);
    } else {
      const h = this.read32(addr);
      this.lo = this.read32(this.wrap(addr + 4));
      this.hi = h;
    }
  }
  // Operand accesses of compiled code that missed the TLB's fast arrays: the full access,
  // then the entry it used goes to the fast arrays (Mmu.noteFast).
  jitRead8(addr: number): number { const v = this.read8(addr); this.mmu.noteFast(addr); return v; }
  jitRead16(addr: number): number { const v = this.read16(addr); this.mmu.noteFast(addr); return v; }
  jitRead32(addr: number): number { const v = this.read32(addr); this.mmu.noteFast(addr); return v; }
  jitRead64(addr: number): void { this.read64(addr); this.mmu.noteFast(addr); }
  jitWrite8(addr: number, v: number): void { this.write8(addr, v); this.mmu.noteFast(addr); }
  jitWrite16(addr: number, v: number): void { this.write16(addr, v); this.mmu.noteFast(addr); }
  jitWrite32(addr: number, v: number): void { this.write32(addr, v); this.mmu.noteFast(addr); }
  jitWrite64(addr: number, hi: number, lo: number): void { this.write64(addr, hi, lo); this.mmu.noteFast(addr); }

  /** Result registers of read64 and other two-word helpers. */
  hi = 0;
  lo = 0;

  write8(addr: number, v: number): void {
    const a = this.translate(addr, 1, true);
    this.mem.setUint8(a, v);
    this.noteWrite(a, 1);
  }

  write16(addr: number, v: number): void {
    if ((addr & 0xfff) <= 0xffe) {
      const a = this.translate(addr, 2, true);
      this.mem.setUint16(a, v);
      this.noteWrite(a, 2);
    } else {
      this.checkWritable(addr, 2);
      this.write8(addr, v >>> 8);
      this.write8(this.wrap(addr + 1), v);
    }
  }

  write32(addr: number, v: number): void {
    if ((addr & 0xfff) <= 0xffc) {
      const a = this.translate(addr, 4, true);
      this.mem.setUint32(a, v);
      this.noteWrite(a, 4);
    } else {
      this.checkWritable(addr, 4);
      this.write16(addr, v >>> 16);
      this.write16(this.wrap(addr + 2), v);
    }
  }

  write64(addr: number, hi: number, lo: number): void {
    if ((addr & 0xfff) <= 0xff8) {
      const a = this.translate(addr, 8, true);
      this.mem.setUint32(a, hi);
      this.mem.setUint32(a + 4, lo);
      this.noteWrite(a, 8);
    } else {
      this.checkWritable(addr, 8);
      this.write32(addr, hi);
      this.write32(this.wrap(addr + 4), lo);
    }
  }

  /**
   * Checks that every byte of [addr, addr+len) can be stored to before a multi-part
   * store begins, so an access exception leaves storage unchanged.
   */
  checkWritable(addr: number, len: number): void {
    this.translate(addr, 1, true);
    if (len > 1) this.translate(this.wrap(addr + len - 1), 1, true);
  }

  /** Checks that [addr, addr+len) can be fetched (any length; used by SS instructions). */
  checkReadable(addr: number, len: number): void {
    this.translate(addr, 1, false);
    if (len > 1) this.translate(this.wrap(addr + len - 1), 1, false);
  }

  /** Real-address storage accesses (lowcore, interruption handling): prefixed, no DAT. */
  readReal32(real: number): number {
    const a = this.absolute(real);
    if (a + 4 > this.storage.size) throw new GuestHalt(`real address ${real.toString(16)} is outside guest memory`);
    return this.mem.getUint32(a);
  }
  writeReal32(real: number, v: number): void {
    const a = this.absolute(real);
    if (a + 4 > this.storage.size) throw new GuestHalt(`real address ${real.toString(16)} is outside guest memory`);
    this.mem.setUint32(a, v);
    this.noteWrite(a, 4);
  }
  writeReal16(real: number, v: number): void {
    const a = this.absolute(real);
    this.mem.setUint16(a, v);
    this.noteWrite(a, 2);
  }
  writeReal8(real: number, v: number): void {
    const a = this.absolute(real);
    this.mem.setUint8(a, v);
    this.noteWrite(a, 1);
  }

  // ---- decode cache --------------------------------------------------------------------

  /**
   * Drops cached decodes of instructions that overlap a store to [abs, abs+len), in every
   * vcpu of this storage: code one vcpu patches (Linux jump labels, alternatives, ftrace)
   * may be cached by the others.
   */
  noteWrite(abs: number, len: number): void {
    if (this.codePages[abs >>> PAGE_SHIFT] !== 0 || this.codePages[(abs + len - 1) >>> PAGE_SHIFT] !== 0) {
      const cpus = this.sharing.cpus;
      for (let i = 0; i < cpus.length; i++) cpus[i].invalidateCode(abs, len);
    }
  }

  /** Called by devices after they write guest storage (DMA). */
  invalidateRange(abs: number, len: number): void {
    this.noteWrite(abs, len);
  }

  private invalidateCode(abs: number, len: number): void {
    this.invalidateBlocks(abs, len);
    if (len > 256) {
      for (let p = abs >>> PAGE_SHIFT; p <= (abs + len - 1) >>> PAGE_SHIFT; p++) {
        this.pageDecodes[p] = undefined;
        this.codePages[p] = 0;
      }
      return;
    }
    // An instruction starting up to 4 bytes before the store may overlap it.
    for (let a = Math.max(0, abs - 4) & ~1; a < abs + len; a += 2) {
      const slots = this.pageDecodes[a >>> PAGE_SHIFT];
      if (slots !== undefined) slots[(a & 0xfff) >>> 1] = undefined;
    }
  }

  /** Decodes bytes (6, zero padded) into an executable record. */
  static decode(bytes: Uint8Array): Decoded {
    const insn = lookupBase(bytes);
    if (!insn) return new Decoded(operationException, undefined, bytes);
    const handler: Handler = HANDLERS[insn.mnemonic] ?? unsupported;
    const d = new Decoded(handler, insn, bytes);
    decodeFields(d, insn);
    return d;
  }

  /** Drops compiled blocks overlapping [abs, abs+len) (blocks never cross a page). */
  private invalidateBlocks(abs: number, len: number): void {
    for (let p = abs >>> PAGE_SHIFT; p <= (abs + len - 1) >>> PAGE_SHIFT; p++) {
      const list = this.pageBlockList[p];
      if (list === undefined) continue;
      for (let i = list.length - 1; i >= 0; i--) {
        const b = list[i];
        if (b.absStart < abs + len && b.absEnd > abs) {
          this.pageBlocks[p]![(b.absStart & 0xfff) >>> 1] = undefined;
          b.valid = false;
          list.splice(i, 1);
          this.jitStop = true;
        }
      }
    }
  }

  /** Fetches and decodes the instruction at the current PSW address. */
  fetch(): Decoded {
    const ia = this.ia;
    if ((ia & 1) !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const abs = this.translate(ia, 2, false, true);
    const slots = this.pageDecodes[abs >>> PAGE_SHIFT];
    if (slots !== undefined) {
      const cached = slots[(abs & 0xfff) >>> 1];
      if (cached !== undefined) return cached;
    }
    return this.fetchSlow(ia, abs);
  }

  private fetchSlow(ia: number, abs: number): Decoded {
    const first = this.mem.getUint8(abs);
    const len = ((first >> 6) + 3) & ~1;
    const bytes = new Uint8Array(6);
    if ((ia & 0xfff) <= 0x1000 - len) {
      if (abs + len > this.storage.size) throw new ProgramInterrupt(PGM.ADDRESSING);
      bytes.set(this.storage.bytes.subarray(abs, abs + len));
    } else {
      for (let i = 0; i < len; i++) bytes[i] = this.mem.getUint8(this.translate(this.wrap(ia + i), 1, false, true));
    }
    const d = Cpu.decode(bytes);
    // Only page-contained instructions are cached (others depend on two translations).
    if ((abs & 0xfff) <= 0x1000 - len) {
      const page = abs >>> PAGE_SHIFT;
      let slots = this.pageDecodes[page];
      if (slots === undefined) {
        slots = new Array<Decoded | undefined>(2048).fill(undefined);
        this.pageDecodes[page] = slots;
      }
      slots[(abs & 0xfff) >>> 1] = d;
      this.codePages[page] = 1;
    }
    return d;
  }

  // ---- execution ------------------------------------------------------------------------

  /** Executes one instruction (or takes the program interruption it raises). */
  step(): void {
    try {
      this.execOne();
    } catch (e) {
      if (!(e instanceof ProgramInterrupt)) throw e;
      // Counted like run(): the instruction ended, in an interruption.
      this.icount++;
      this.programInterrupt(e);
    }
  }

  /**
   * Set by the machine from inside an instruction (diagnose yield, SIGP to another vcpu):
   * run() returns after the instruction, so the vcpus sharing this thread can go next.
   */
  yieldRequested = false;

  /** Executes up to `n` instructions; stops early when the CPU stops, waits or yields. */
  run(n: number): number {
    const start = this.icount;
    this.yieldRequested = false;
    while (this.icount - start < n && !this.stopped && (this.pswMask & PSW.WAIT) === 0 && !this.yieldRequested) {
      try {
        while (this.icount - start < n) {
          // PER (PSW bit 1) checks every instruction: no compiled blocks then.
          if (this.jitEnabled && (this.pswMask & PSW.PER) === 0) this.runBlockOrOne(start + n);
          else this.execOne();
          if (this.stopped || (this.pswMask & PSW.WAIT) !== 0 || this.yieldRequested) break;
        }
      } catch (e) {
        const b = this.runningBlock;
        this.runningBlock = undefined;
        this.lastBlock = undefined;
        // Instructions of the block completed before the one that faulted.
        if (b !== undefined && this.current !== undefined) this.icount += Math.max(0, b.decoded.indexOf(this.current));
        if (!(e instanceof ProgramInterrupt)) throw e;
        this.icount++;
        this.programInterrupt(e);
      }
    }
    return this.icount - start;
  }

  /** Runs the compiled block at the PSW address, compiling it once it is hot; else one instruction. */
  private runBlockOrOne(budgetEnd: number): void {
    const ia = this.ia;
    if ((ia & 1) === 0) {
      this.current = undefined;
      const abs = this.translate(ia, 2, false, true);
      const page = abs >>> PAGE_SHIFT;
      const slot = (abs & 0xfff) >>> 1;
      const blocks = this.pageBlocks[page];
      if (blocks !== undefined) {
        const b = blocks[slot];
        if (b !== undefined && b.ia === ia && b.amode === this.amode) {
          this.linkFromLast(b);
          this.runBlock(b, budgetEnd);
          return;
        }
      }
      let hot = this.pageHotness[page];
      if (hot === undefined) {
        hot = new Uint8Array(2048);
        this.pageHotness[page] = hot;
      }
      const h = hot[slot];
      if (h !== NEVER_COMPILE && (hot[slot] = h + 1) >= JIT_THRESHOLD) {
        const b = this.compileAt(ia, abs);
        if (b !== undefined) {
          this.linkFromLast(b);
          this.runBlock(b, budgetEnd);
          return;
        }
        hot[slot] = NEVER_COMPILE;
      }
    }
    this.lastBlock = undefined;
    this.execOne();
  }

  /**
   * Number of the translation context instruction addresses are fetched in: PSW DAT, AS
   * and key bits, prefix, CR0, the ASCE of the instruction space and the TLB purges. While
   * it holds, an instruction address maps to the same absolute address (a changed page
   * table takes effect through a purge), so a block found once for an address stays the
   * block for that address.
   */
  private translationEpoch(): number {
    const m = this.pswMask & (PSW.DAT | PSW.AS_MASK | PSW.KEY_MASK);
    const c = (m & PSW.DAT) === 0 ? -1 : (m & PSW.AS_MASK) === PSW.AS_MASK ? 2 * HOME_SPACE_CR : 2 * PRIMARY_SPACE_CR;
    const ah = c < 0 ? 0 : this.cr[c], al = c < 0 ? 0 : this.cr[c + 1];
    const purges = this.mmu.tlb.purges;
    const e = this.epochState;
    if (m !== e[0] || this.prefix !== e[1] || this.cr[1] !== e[2] || ah !== e[3] || al !== e[4] || purges !== e[5]) {
      e[0] = m; e[1] = this.prefix; e[2] = this.cr[1]; e[3] = ah; e[4] = al; e[5] = purges;
      this.epoch++;
    }
    return this.epoch;
  }
  private epoch = 0;
  /** The context translationEpoch last numbered. */
  private readonly epochState = new Float64Array(6).fill(-1);

  /** Remembers `b` as the successor of the block that just exited to its address. */
  private linkFromLast(b: Block): void {
    const last = this.lastBlock;
    if (last !== undefined) {
      const epoch = this.translationEpoch();
      if (last.successorEpoch !== epoch) {
        last.successor = last.successor2 = undefined;
        last.successorIa = last.successor2Ia = -1;
        last.successorEpoch = epoch;
      }
      // Two links: a block usually exits to a branch target or falls through.
      last.successor2 = last.successor;
      last.successor2Ia = last.successorIa;
      last.successor = b;
      last.successorIa = b.ia;
    }
  }

  /**
   * Runs block `b`, then follows cached successor links while the instruction budget
   * lasts: in the same translation context (translationEpoch; compiled code cannot change
   * it), a successor found once for an exit address is the block for that address again
   * (stores into code clear `valid`).
   */
  private runBlock(b: Block, budgetEnd: number): void {
    this.jitStop = false;
    this.jitBudget = budgetEnd;
    this.mmu.fastContext();
    const epoch = this.translationEpoch();
    // A PSW change (a trap instruction) ends the chain: the next lookup re-checks the context.
    const mask = this.pswMask;
    this.runningBlock = b;
    b.run(this);
    while (!this.jitStop && this.icount < budgetEnd && this.pswMask === mask) {
      const ia = this.ia;
      const succ = b.successorIa === ia ? b.successor : b.successor2Ia === ia ? b.successor2 : undefined;
      if (succ === undefined || b.successorEpoch !== epoch || !succ.valid || succ.amode !== this.amode) break;
      b = succ;
      this.runningBlock = b;
      b.run(this);
    }
    this.runningBlock = undefined;
    this.lastBlock = this.jitStop ? undefined : b;
  }

  /** Compiles the straight-line code at `ia` (absolute `abs`) into a block, if any. */
  private compileAt(ia: number, abs: number): Block | undefined {
    const ds: Decoded[] = [];
    let a = ia;
    let x = abs;
    while (ds.length < MAX_BLOCK) {
      const len = ((this.mem.getUint8(x) >> 6) + 3) & ~1;
      if ((x & 0xfff) + len > 0x1000) break;
      this.ia = a;
      const d = this.fetch();
      if (!isCompilable(d)) break;
      ds.push(d);
      if (endsBlock(d)) break;
      a = this.wrap(a + len);
      x += len;
      if ((x & 0xfff) === 0 || a !== x - abs + ia) break;
    }
    this.ia = ia;
    if (ds.length === 0) return undefined;
    const block = compileBlock(ds, ia, this.amode, abs, (v) => this.wrap(v));
    const page = abs >>> PAGE_SHIFT;
    let slots = this.pageBlocks[page];
    if (slots === undefined) {
      slots = new Array<Block | undefined>(2048).fill(undefined);
      this.pageBlocks[page] = slots;
    }
    const old = slots[(abs & 0xfff) >>> 1];
    slots[(abs & 0xfff) >>> 1] = block;
    const list = this.pageBlockList[page] ?? (this.pageBlockList[page] = []);
    if (old !== undefined) {
      list.splice(list.indexOf(old), 1);
      old.valid = false;
    }
    list.push(block);
    this.blocksCompiled++;
    return block;
  }

  /** Whether hot code runs as compiled blocks (off: pure interpretation, e.g. for tracing). */
  jitEnabled = true;
  /** icount a block that loops back to its start may run up to (see compileBlock). */
  jitBudget = 0;
  /** Set when a store overwrote compiled code: the running block stops after the instruction. */
  jitStop = false;
  blocksCompiled = 0;
  private runningBlock: Block | undefined;
  /** The block that ran last, while the next lookup may link it to its successor. */
  private lastBlock: Block | undefined;
  private readonly pageBlocks: ((Block | undefined)[] | undefined)[] = [];
  private readonly pageHotness: (Uint8Array | undefined)[] = [];
  /** The blocks of each page, for invalidation by stores. */
  private readonly pageBlockList: (Block[] | undefined)[] = [];

  private execOne(): void {
    if ((this.pswMask & PSW.PER) !== 0) {
      perStep(this);
      return;
    }
    this.current = undefined;
    const d = this.fetch();
    this.current = d;
    this.nia = this.wrap(this.ia + d.length);
    d.exec(this, d);
    this.ia = this.nia;
    this.icount++;
  }

  /** Instruction-length code of the current instruction (1, 2 or 3). */
  get ilc(): number { return this.current ? this.current.length >> 1 : 0; }

  /**
   * Debug aid (kuli run --trace-interrupts): told of every interruption as its PSW swap
   * begins, with the old-PSW location that names the class and the old PSW address.
   */
  interruptObserver: ((cpu: Cpu, oldAt: number, oldAddress: number) => void) | undefined;

  /** Stores the current PSW at real `oldAt` and loads the one at `newAt`. */
  swapPsw(oldAt: number, newAt: number, oldAddress: number): void {
    this.interruptObserver?.(this, oldAt, oldAddress);
    const w = this.pswWords(oldAddress);
    for (let i = 0; i < 4; i++) this.writeReal32(oldAt + 4 * i, w[i]);
    const n0 = this.readReal32(newAt);
    const n1 = this.readReal32(newAt + 4);
    const n2 = this.readReal32(newAt + 8);
    const n3 = this.readReal32(newAt + 12);
    try {
      this.loadPsw(n0, n1, n2, n3);
    } catch (e) {
      if (e instanceof ProgramInterrupt) throw new GuestHalt(`invalid new PSW at ${newAt.toString(16)}: ${[n0, n1, n2, n3].map((x) => x.toString(16).padStart(8, '0')).join(' ')}`);
      throw e;
    }
  }

  /** Performs a program interruption for `e` raised by the current instruction. */
  programInterrupt(e: ProgramInterrupt): void {
    // An access exception on instruction fetch has no instruction: like QEMU, report 2 bytes
    // and, unless nullifying, step past them (Linux rewinds protection exceptions by the ILC).
    const fetchFault = !this.current && (e instanceof AccessException || e.code === PGM.ADDRESSING);
    const ilc = this.current ? this.current.length >> 1 : fetchFault ? 1 : 0;
    const old = e.nullify ? this.ia : this.current ? this.nia : fetchFault ? this.wrap(this.ia + 2) : this.ia;
    this.writeReal16(LOWCORE.PGM_ILC, ilc << 1);
    // A PER event of this instruction is reported with the exception (code 0x80 ORed in).
    this.writeReal16(LOWCORE.PGM_CODE, this.perCode !== 0 ? e.code | PGM.PER_EVENT : e.code);
    if (this.perCode !== 0) {
      this.writeReal16(LOWCORE.PER_CODE, this.perCode);
      this.writeReal32(LOWCORE.PER_ADDRESS, Math.floor(this.perAddress / 0x1_0000_0000) >>> 0);
      this.writeReal32(LOWCORE.PER_ADDRESS + 4, this.perAddress >>> 0);
      this.perCode = 0;
    }
    if (e instanceof AccessException) {
      this.writeReal32(LOWCORE.TRANS_EXC_CODE, e.teidHi);
      this.writeReal32(LOWCORE.TRANS_EXC_CODE + 4, e.teidLo);
    }
    if (e.dxc !== undefined) {
      this.writeReal32(LOWCORE.DATA_EXC_CODE, e.dxc);
      if ((this.cr[1] & CR0_AFP) !== 0) this.fpc = ((this.fpc & ~0xff00) | (e.dxc << 8)) >>> 0;
    }
    this.programInterrupts++;
    if (this.programInterrupts > 1_000_000 && this.programInterrupts > this.icount) {
      throw new GuestHalt('program-interruption loop: the program new PSW keeps faulting');
    }
    this.swapPsw(LOWCORE.PROGRAM_OLD_PSW, LOWCORE.PROGRAM_NEW_PSW, old);
    this.lastProgramInterrupt = e.code;
  }
  programInterrupts = 0;
  lastProgramInterrupt = 0;
}

/** Operations the CPU delegates to the machine (SCLP, SIGP, diagnose, clocks). */
export interface MachineHooks {
  /** SERVC: returns the condition code. */
  serviceCall(cpu: Cpu, command: number, sccbAddress: number): number;
  /** SIGP: returns the condition code; stores the status in register `statusReg`. */
  signalProcessor(cpu: Cpu, order: number, target: number, parameter: number, statusReg: number): number;
  diagnose(cpu: Cpu, code: number, r1: number, r3: number): void;
  /** TOD clock bits 0-63; successive values increase. */
  todClock(): bigint;
  setTodClock(value: bigint): void;
  /** The CPU timer, clock comparator and TOD programmable register of `cpu`. */
  timing(cpu: Cpu): CpuTiming;
  /** STSI function code `fc` (1-3): the 4K block to store, or undefined (cc 3). */
  systemInformation(fc: number, sel1: number, sel2: number): Uint8Array | undefined;
  /** Storage key per 4K frame of absolute storage (ACC, F, R, C in bits 0-6). */
  readonly storageKeys: Uint8Array;
  /** The channel subsystem the I/O instructions address (absent: operation exception). */
  readonly io?: ChannelSubsystemPort;
  /**
   * Called by an instruction that may have enabled a pending interruption (PSW mask,
   * CR0, clock comparator, CPU timer): takes it now, after the instruction.
   */
  checkInterrupts(cpu: Cpu): void;
}

/** Per-CPU clock registers kept by the machine. */
export interface CpuTiming {
  cpuTimer(): bigint;
  setCpuTimer(value: bigint): void;
  clockComparator(): bigint;
  setClockComparator(value: bigint): void;
  todProgrammable: number;
}

/** The vcpus on one guest storage and the code-page flags they share. */
interface CodeSharing {
  readonly cpus: Cpu[];
  readonly pages: Uint8Array;
}

const codeSharing = new WeakMap<GuestStorage, CodeSharing>();

function codeSharingOf(storage: GuestStorage): CodeSharing {
  let s = codeSharing.get(storage);
  if (s === undefined) {
    s = { cpus: [], pages: new Uint8Array(storage.size >>> PAGE_SHIFT) };
    codeSharing.set(storage, s);
  }
  return s;
}

const operationException: Handler = () => {
  throw new ProgramInterrupt(PGM.OPERATION);
};

const unsupported: Handler = (cpu, d) => {
  const hex = Array.from(d.bytes.subarray(0, d.length), (b) => b.toString(16).padStart(2, '0')).join('');
  throw new UnsupportedInstruction(`unsupported instruction ${d.mnemonic} (${hex}) at ${cpu.ia.toString(16)}`);
};

export type { AddressingMode };
