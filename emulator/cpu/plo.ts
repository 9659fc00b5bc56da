// PERFORM LOCKED OPERATION (PoP "General Instructions"): compare-and-load, compare-and-
// swap, double compare-and-swap and compare-and-swap with one, two or three additional
// stores, each on 32-bit register, 64-bit register, 64-bit and 128-bit parameter-list
// operands (function codes 0-23 in GR0 bits 56-63; bit 55 only tests whether a code is
// installed). GR1 holds the program lock token, which names the lock PLO serializes on;
// with one vcpu per instruction at a time the whole operation is the locked section.
// Values are BigInts: PLO is rare and mostly 64/128-bit, so clarity wins over speed.
import type { Cpu } from './cpu';
import type { Decoded, HandlerTable } from './decoded';
import { PGM, ProgramInterrupt } from './interrupts';

/** GR0 bits 32-63: bits 32-54 must be zero; bit 55 = test; bits 56-63 = function code. */
const GR0_RESERVED = 0xffff_fe00;
const GR0_TEST = 0x100;
const FUNCTION_CODES = 24;

/** The four operand forms of each operation (function code & 3). */
const enum Form { Reg32 = 0, List64 = 1, Reg64 = 2, List128 = 3 }
/** The six operations (function code >> 2). */
const enum Op { CompareAndLoad, CompareAndSwap, DoubleCompareAndSwap, Store1, Store2, Store3 }

/** Parameter list: 16-byte slots; a value sits right-aligned in its slot. */
const SLOT = 16;
const PL_OP1_COMPARE = 0, PL_OP1_REPLACE = 1, PL_OP3_COMPARE = 2, PL_OP3 = 3;
/** Slots of the additional stores: value slot, then the slot holding its address. */
const PL_STORES: readonly (readonly [number, number])[] = [[3, 4], [5, 6], [7, 8]];
/** The operand address in a slot: bytes 8-15 (bytes 4-7 hold an ALET for AR mode). */
const PL_ADDRESS_AT = 8;

function spec(): never {
  throw new ProgramInterrupt(PGM.SPECIFICATION);
}
function aligned(a: number, size: number): number {
  if (a % size !== 0) spec();
  return a;
}
function even(r: number): void {
  if ((r & 1) !== 0) spec();
}

function readValue(cpu: Cpu, a: number, size: number): bigint {
  let v = 0n;
  for (let i = 0; i < size; i += 4) v = (v << 32n) | BigInt(cpu.read32(cpu.wrap(a + i)));
  return v;
}
function writeValue(cpu: Cpu, a: number, size: number, v: bigint): void {
  for (let i = size - 4; i >= 0; i -= 4, v >>= 32n) cpu.write32(cpu.wrap(a + i), Number(v & 0xffff_ffffn));
}

function readReg(cpu: Cpu, r: number, size: number): bigint {
  const lo = BigInt(cpu.gpr[2 * r + 1]);
  return size === 4 ? lo : (BigInt(cpu.gpr[2 * r]) << 32n) | lo;
}
function writeReg(cpu: Cpu, r: number, size: number, v: bigint): void {
  cpu.gpr[2 * r + 1] = Number(v & 0xffff_ffffn);
  if (size === 8) cpu.gpr[2 * r] = Number((v >> 32n) & 0xffff_ffffn);
}

/** One executing PLO: its operand size, addresses and the parameter-list accessors. */
class Locked {
  readonly size: number;
  readonly list: boolean;
  constructor(readonly cpu: Cpu, readonly d: Decoded, readonly form: Form, readonly op2: number, readonly op4: number) {
    this.size = form === Form.Reg32 ? 4 : form === Form.List128 ? 16 : 8;
    this.list = form === Form.List64 || form === Form.List128;
  }
  slotAt(slot: number): number { return this.cpu.wrap(this.op4 + SLOT * slot + SLOT - this.size); }
  slot(slot: number): bigint { return readValue(this.cpu, this.slotAt(slot), this.size); }
  setSlot(slot: number, v: bigint): void { writeValue(this.cpu, this.slotAt(slot), this.size, v); }
  /** An operand address from the parameter list, wrapped to the addressing mode and aligned. */
  address(slot: number): number {
    const cpu = this.cpu, a = cpu.wrap(this.op4 + SLOT * slot + PL_ADDRESS_AT);
    const hi = cpu.read32(a), lo = cpu.read32(cpu.wrap(a + 4));
    return aligned(cpu.wrap(cpu.amode === 64 ? hi * 0x1_0000_0000 + lo : lo), this.size);
  }
  /** The first-operand comparison value: R1, or the list's slot 0. */
  compare1(): bigint { return this.list ? this.slot(PL_OP1_COMPARE) : readReg(this.cpu, this.d.r1, this.size); }
  /** On inequality the second operand replaces the first-operand comparison value. */
  setCompare1(v: bigint): void {
    if (this.list) this.setSlot(PL_OP1_COMPARE, v);
    else writeReg(this.cpu, this.d.r1, this.size, v);
  }
  /** The first-operand replacement value: R1+1, or the list's slot 1. */
  replace1(): bigint { return this.list ? this.slot(PL_OP1_REPLACE) : readReg(this.cpu, this.d.r1 + 1, this.size); }
}

function compareAndLoad(p: Locked, v2: bigint): number {
  const { cpu, d, size } = p;
  if (v2 !== p.compare1()) { p.setCompare1(v2); return 1; }
  if (p.list) p.setSlot(PL_OP3_COMPARE, readValue(cpu, p.address(PL_STORES[0][1]), size));
  else writeReg(cpu, d.r3, size, readValue(cpu, p.op4, size));
  return 0;
}

function compareAndSwap(p: Locked, v2: bigint): number {
  if (v2 !== p.compare1()) { p.setCompare1(v2); return 1; }
  writeValue(p.cpu, p.op2, p.size, p.replace1());
  return 0;
}

function doubleCompareAndSwap(p: Locked, v2: bigint): number {
  const { cpu, d, size } = p;
  if (v2 !== p.compare1()) { p.setCompare1(v2); return 1; }
  const a4 = p.list ? p.address(PL_STORES[0][1]) : p.op4;
  const v4 = readValue(cpu, a4, size);
  const c3 = p.list ? p.slot(PL_OP3_COMPARE) : readReg(cpu, d.r3, size);
  if (v4 !== c3) {
    if (p.list) p.setSlot(PL_OP3_COMPARE, v4);
    else writeReg(cpu, d.r3, size, v4);
    return 2;
  }
  const r3 = p.list ? p.slot(PL_OP3) : readReg(cpu, d.r3 + 1, size);
  const r1 = p.replace1();
  cpu.checkWritable(p.op2, size);
  writeValue(cpu, a4, size, r3);
  writeValue(cpu, p.op2, size, r1);
  return 0;
}

/** Compare and swap with `n` additional stores (1: CSST, 2: CSDST, 3: CSTST). */
function compareAndSwapAndStore(p: Locked, v2: bigint, n: number): number {
  const { cpu, d, size } = p;
  if (v2 !== p.compare1()) { p.setCompare1(v2); return 1; }
  const r1 = p.replace1();
  // CSST on registers stores R3 at the fourth operand; otherwise values and addresses
  // come from the parameter list.
  const registerStore = n === 1 && !p.list;
  const values: bigint[] = [], addresses: number[] = [];
  for (let i = 0; i < n; i++) {
    values.push(registerStore ? readReg(cpu, d.r3, size) : p.slot(PL_STORES[i][0]));
    addresses.push(registerStore ? p.op4 : p.address(PL_STORES[i][1]));
  }
  cpu.checkWritable(p.op2, size);
  for (const a of addresses) cpu.checkWritable(a, size);
  for (let i = 0; i < n; i++) writeValue(cpu, addresses[i], size, values[i]);
  writeValue(cpu, p.op2, size, r1);
  return 0;
}

function performLockedOperation(cpu: Cpu, d: Decoded): void {
  const gr0 = cpu.gpr[1];
  if ((gr0 & GR0_RESERVED) !== 0) spec();
  const fc = gr0 & 0xff;
  if ((gr0 & GR0_TEST) !== 0) {
    cpu.cc = fc < FUNCTION_CODES ? 0 : 3;
    return;
  }
  if (fc >= FUNCTION_CODES) spec();
  const form = (fc & 3) as Form, op = (fc >> 2) as Op;
  const regs = form === Form.Reg32 || form === Form.Reg64;
  // Register forms that use R1+1 (and R3+1) need even registers.
  if (regs && op !== Op.CompareAndLoad) even(d.r1);
  if (regs && op === Op.DoubleCompareAndSwap) even(d.r3);
  const size = form === Form.Reg32 ? 4 : form === Form.List128 ? 16 : 8;
  const op2 = aligned(cpu.ea(0, d.b2, d.d2), size);
  // The fourth-operand address is an operand (register forms of CL, CS, DCS, CSST) or
  // the parameter list (doubleword aligned; word aligned for 32-bit CSDST/CSTST).
  const listAlign = regs && (op === Op.CompareAndLoad || op === Op.DoubleCompareAndSwap || op === Op.Store1) ? size
    : form === Form.Reg32 ? 4 : 8;
  const op4 = op === Op.CompareAndSwap && regs ? cpu.ea(0, d.b4, d.d4) : aligned(cpu.ea(0, d.b4, d.d4), listAlign);
  const p = new Locked(cpu, d, form, op2, op4);
  const v2 = readValue(cpu, op2, size); // ATOMIC: the operation runs under the PLO lock
  switch (op) {
    case Op.CompareAndLoad: cpu.cc = compareAndLoad(p, v2); break;
    case Op.CompareAndSwap: cpu.cc = compareAndSwap(p, v2); break;
    case Op.DoubleCompareAndSwap: cpu.cc = doubleCompareAndSwap(p, v2); break;
    default: cpu.cc = compareAndSwapAndStore(p, v2, op - Op.Store1 + 1);
  }
}

export const PLO_HANDLERS: HandlerTable = { plo: performLockedOperation };
