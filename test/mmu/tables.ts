// Test helper: builds DAT tables in a CPU's storage (region-first down to page tables,
// full-length tables with every entry invalid until mapped) and runs code with DAT on.
import { Cpu } from '../../emulator/cpu/cpu';
import { LOWCORE } from '../../emulator/cpu/interrupts';
import { PSW, PSW_BA } from '../../emulator/cpu/state';
import { ASCE, PAGE_ENTRY, REGION_ENTRY, SEGMENT_ENTRY, TABLE_TYPE } from '../../emulator/mmu/dat';
import { GuestStorage } from '../../emulator/mmu/storage';

export const MB = 0x10_0000;
/** Code runs at this address, mapped 1:1 in every address space a test builds. */
export const CODE = 0x1_0000;
/** Program new PSW: disabled wait (DAT off) here, so the run stops after a program interruption. */
export const PGM_WAIT = 0x2_0000;
/** Tables are allocated from here upward. */
const TABLES_AT = 0x40_0000;

const TWO32 = 2 ** 32;
const REGION_TABLE_BYTES = 2048 * 8;
const PAGE_TABLE_BYTES = 256 * 8;

export interface MapOptions {
  protect?: boolean;
  noExec?: boolean;
}

/** Bits 0-31 and 32-63 of a 64-bit number that JS represents exactly. */
export function halves(v: number): [number, number] {
  return [Math.floor(v / TWO32) >>> 0, v >>> 0];
}

export class Tables {
  private next = TABLES_AT;
  readonly asceHi: number;
  readonly asceLo: number;
  private readonly top: number;

  /** An address space whose ASCE designates a table of type `type` (TABLE_TYPE), TL 3. */
  constructor(readonly cpu: Cpu, readonly type: number, extraAsceBits = 0, start?: number) {
    if (start !== undefined) this.next = start;
    this.top = type === TABLE_TYPE.SEGMENT ? this.table(REGION_TABLE_BYTES, SEGMENT_ENTRY.INVALID) : this.table(REGION_TABLE_BYTES, REGION_ENTRY.INVALID | (type << 2));
    const [hi, lo] = halves(this.top);
    this.asceHi = hi;
    this.asceLo = (lo | (type << ASCE.DT_SHIFT) | 3 | extraAsceBits) >>> 0;
  }

  /** Next free table address (tests that build a second space continue from it). */
  get end(): number { return this.next; }

  private table(bytes: number, invalidEntry: number): number {
    const at = this.next;
    this.next += Math.max(bytes, 4096);
    for (let i = 0; i < bytes; i += 8) this.write(at + i, 0, invalidEntry);
    return at;
  }

  write(at: number, hi: number, lo: number): void {
    this.cpu.mem.setUint32(at, hi >>> 0);
    this.cpu.mem.setUint32(at + 4, lo >>> 0);
  }

  read(at: number): [number, number] {
    return [this.cpu.mem.getUint32(at), this.cpu.mem.getUint32(at + 4)];
  }

  private static index(v: number, level: number): number {
    const [hi, lo] = halves(v);
    switch (level) {
      case TABLE_TYPE.REGION_FIRST: return hi >>> 21;
      case TABLE_TYPE.REGION_SECOND: return (hi >>> 10) & 0x7ff;
      case TABLE_TYPE.REGION_THIRD: return ((hi & 0x3ff) << 1) | (lo >>> 31);
      default: return (lo >>> 20) & 0x7ff;
    }
  }

  /** Address of the entry for `v` in the table of `level`, creating lower tables as needed. */
  entryAddress(v: number, level: number): number {
    let table = this.top;
    for (let l = this.type; l > level; l--) {
      const at = table + Tables.index(v, l) * 8;
      let [hi, lo] = this.read(at);
      if ((lo & REGION_ENTRY.INVALID) !== 0) {
        const sub = l - 1 === TABLE_TYPE.SEGMENT ? this.table(REGION_TABLE_BYTES, SEGMENT_ENTRY.INVALID)
          : this.table(REGION_TABLE_BYTES, REGION_ENTRY.INVALID | ((l - 1) << 2));
        [hi, lo] = halves(sub);
        lo = (lo | (l << 2) | 3) >>> 0;
        this.write(at, hi, lo);
      }
      table = hi * TWO32 + ((lo & REGION_ENTRY.ORIGIN) >>> 0);
    }
    return table + Tables.index(v, level) * 8;
  }

  /** Address of the page-table entry for `v`, creating the page table if needed. */
  pteAddress(v: number): number {
    const ste = this.entryAddress(v, TABLE_TYPE.SEGMENT);
    let [hi, lo] = this.read(ste);
    if ((lo & SEGMENT_ENTRY.INVALID) !== 0) {
      const pt = this.table(PAGE_TABLE_BYTES, PAGE_ENTRY.INVALID);
      [hi, lo] = halves(pt);
      this.write(ste, hi, lo);
    }
    return hi * TWO32 + ((lo & SEGMENT_ENTRY.PTO) >>> 0) + ((halves(v)[1] >>> 12) & 0xff) * 8;
  }

  /** Maps the 4K page of `v` to real frame `real`. */
  map(v: number, real: number, o: MapOptions = {}): this {
    const [hi, lo] = halves(real);
    this.write(this.pteAddress(v), hi, (lo & PAGE_ENTRY.PFRA) | (o.protect ? PAGE_ENTRY.PROTECT : 0) | (o.noExec ? PAGE_ENTRY.IEP : 0));
    return this;
  }

  /** Maps the 1M segment of `v` as an EDAT-1 frame at `real`; `extra` adds STE bits. */
  map1m(v: number, real: number, extra = 0): this {
    const [hi, lo] = halves(real);
    this.write(this.entryAddress(v, TABLE_TYPE.SEGMENT), hi, ((lo & SEGMENT_ENTRY.SFAA) | SEGMENT_ENTRY.FORMAT | extra) >>> 0);
    return this;
  }

  /** Maps the 2G region of `v` as an EDAT-2 region-third frame at `real`. */
  map2g(v: number, real: number, extra = 0): this {
    const [hi, lo] = halves(real);
    this.write(this.entryAddress(v, TABLE_TYPE.REGION_THIRD), hi,
      ((lo & REGION_ENTRY.RFAA) | REGION_ENTRY.FORMAT | (TABLE_TYPE.REGION_THIRD << 2) | extra) >>> 0);
    return this;
  }

  /** ORs `set` into and clears `clear` from the entry at `at`. */
  patch(at: number, set: number, clear = 0): this {
    const [hi, lo] = this.read(at);
    this.write(at, hi, ((lo & ~clear) | set) >>> 0);
    return this;
  }

  /** Loads this ASCE into control register `cr` (1, 7 or 13). */
  load(cr: number): this {
    this.cpu.cr[2 * cr] = this.asceHi;
    this.cpu.cr[2 * cr + 1] = this.asceLo;
    return this;
  }
}

export function newDatCpu(memory = 16 * MB): Cpu {
  const cpu = new Cpu(new GuestStorage(memory));
  const w = [PSW.WAIT | PSW.EA, PSW_BA, 0, PGM_WAIT];
  w.forEach((v, i) => cpu.mem.setUint32(LOWCORE.PROGRAM_NEW_PSW + 4 * i, v >>> 0));
  return cpu;
}

export interface RunOptions {
  /** PSW AS mode (bits 16-17). */
  as?: number;
  dat?: boolean;
  key?: number;
  problem?: boolean;
  /** Number of instructions to execute (stops early at a program interruption). */
  count?: number;
}

export interface RunResult {
  pgm: number;
  /** ILC field (bytes), old PSW address and TEID after a program interruption. */
  ilc: number;
  oldPsw: number;
  teid: bigint;
}

/** Places `hex` at CODE (real), then runs it with DAT and the given PSW. */
export function runCode(cpu: Cpu, hex: string, o: RunOptions = {}): RunResult {
  const code = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  cpu.storage.bytes.set(code, CODE);
  cpu.invalidateRange(CODE, code.length);
  cpu.mem.setUint16(LOWCORE.PGM_CODE, 0);
  const mask = PSW.EA | ((o.dat ?? true) ? PSW.DAT : 0) | ((o.as ?? 0) << PSW.AS_SHIFT) | ((o.key ?? 0) << PSW.KEY_SHIFT)
    | (o.problem ? PSW.PROBLEM : 0);
  cpu.loadPsw(mask >>> 0, PSW_BA, 0, CODE);
  const before = cpu.programInterrupts;
  for (let i = 0; i < (o.count ?? 1); i++) {
    cpu.step();
    if (cpu.programInterrupts !== before) break;
  }
  const taken = cpu.programInterrupts !== before;
  const v = cpu.mem;
  return {
    pgm: taken ? v.getUint16(LOWCORE.PGM_CODE) : 0,
    ilc: taken ? v.getUint16(LOWCORE.PGM_ILC) : 0,
    oldPsw: taken ? v.getUint32(LOWCORE.PROGRAM_OLD_PSW + 12) : 0,
    teid: (BigInt(v.getUint32(LOWCORE.TRANS_EXC_CODE)) << 32n) | BigInt(v.getUint32(LOWCORE.TRANS_EXC_CODE + 4)),
  };
}

export function setReg(cpu: Cpu, n: number, v: number | bigint): void {
  const u = BigInt.asUintN(64, BigInt(v));
  cpu.setR64(n, Number(u >> 32n), Number(u & 0xffff_ffffn));
}

export function reg(cpu: Cpu, n: number): bigint {
  return (BigInt(cpu.rHi(n)) << 32n) | BigInt(cpu.r32(n));
}
