// Address-space instructions (PoP chapter 10): setting and inspecting the PSW address-
// space control (SAC, SACF, IAC), the ASNs (EPAR, ESAR, EPAIR, ESAIR, SSAR, SSAIR), and
// moves between spaces or keys (MVCP, MVCS, MVCSK, MVCDK, MVCOS: Linux's uaccess).
// Access-register mode translates through the primary space (ALET 0); ASN translation
// (SSAR to another space) is not implemented.
import { hasFacility } from '../machine/facilities';
import { ASCE } from '../mmu/dat';
import { CR0 } from '../mmu/keys';
import { ACCESS, SPACE, type Space } from '../mmu/mmu';
import type { Cpu } from './cpu';
import { asMode, datOn, extractionAuthorized, keyAuthorized, operandSpace, pswKey } from './dat-common';
import type { Handler, HandlerTable } from './decoded';
import { AccessException, PGM, ProgramInterrupt } from './interrupts';
import { PSW } from './state';

/** PSW AS values (bits 16-17) and the SAC/IAC mode numbers, which order them differently. */
const AS = { PRIMARY: 0, ACCESS_REGISTER: 1, SECONDARY: 2, HOME: 3 } as const;
const MODE_TO_AS = [AS.PRIMARY, AS.SECONDARY, AS.ACCESS_REGISTER, AS.HOME];
const AS_TO_MODE = [0, 2, 1, 3];
/** CR14 bit 44: ASN-translation control. */
const CR14_ASN_TRANSLATION = 0x0008_0000;
/** EPAIR, ESAIR and SSAIR come with the ASN-and-LX-reuse facility. */
const ASN_LX_REUSE_FACILITY = 6;
/** TEID bit 32 of a space-switch event: the space-switch-event control of the ASCE. */
const SPACE_SWITCH_FLAG = 0x8000_0000;
const MVCP_MAX = 256;
const MVCOS_MAX = 4096;
const TWO32 = 0x1_0000_0000;
const PAGE = 4096;

function secondarySpaceControl(cpu: Cpu): void {
  if ((cpu.cr[1] & CR0.SECONDARY_SPACE) === 0) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
}

function setAs(cpu: Cpu, as: number): void {
  cpu.pswMask = ((cpu.pswMask & ~PSW.AS_MASK) | (as << PSW.AS_SHIFT)) >>> 0;
}

/** SAC / SACF D2(B2): address-space mode from bits 52-55 of the second-operand address. */
function setAddressSpaceControl(fast: boolean): Handler {
  return (cpu, d) => {
    const mode = (cpu.ea(0, d.b2, d.d2) >>> 8) & 0xf;
    datOn(cpu);
    secondarySpaceControl(cpu);
    if (mode === 3 && cpu.problemState) throw new ProgramInterrupt(PGM.PRIVILEGED_OPERATION);
    if (mode > 3) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const old = asMode(cpu);
    const as = MODE_TO_AS[mode];
    setAs(cpu, as);
    // SAC (not SACF) into or out of home-space mode can be a space-switch event.
    if (fast || (old === AS.HOME) === (as === AS.HOME)) return;
    const primaryEvent = (cpu.cr[3] & ASCE.SPACE_SWITCH) !== 0;
    const homeEvent = (cpu.cr[27] & ASCE.SPACE_SWITCH) !== 0;
    if (!primaryEvent && !homeEvent) return;
    const teid = as === AS.HOME ? (cpu.cr[9] & 0xffff) | (primaryEvent ? SPACE_SWITCH_FLAG : 0) : homeEvent ? SPACE_SWITCH_FLAG : 0;
    throw new AccessException(PGM.SPACE_SWITCH, false, 0, teid >>> 0);
  };
}

const iac: Handler = (cpu, d) => {
  datOn(cpu);
  extractionAuthorized(cpu);
  const mode = AS_TO_MODE[asMode(cpu)];
  cpu.setR32(d.r1, ((cpu.r32(d.r1) & 0xffff_00ff) | (mode << 8)) >>> 0);
  cpu.cc = mode;
};

/** EPAR/ESAR (ASN into bits 48-63) and EPAIR/ESAIR (with the ASTE instance number). */
function withInstanceFacility(withInstance: boolean): void {
  if (withInstance && !hasFacility(ASN_LX_REUSE_FACILITY)) throw new ProgramInterrupt(PGM.OPERATION);
}

function extractAsn(crPair: number, withInstance: boolean): Handler {
  return (cpu, d) => {
    withInstanceFacility(withInstance);
    datOn(cpu);
    extractionAuthorized(cpu);
    const asn = cpu.cr[crPair + 1] & 0xffff;
    if (withInstance) cpu.setR64(d.r1, cpu.cr[crPair], asn);
    else cpu.setR32(d.r1, asn);
  };
}

/** SSAR/SSAIR: only to the current primary space (SSAR-cp). */
function setSecondaryAsn(withInstance: boolean): Handler {
  return (cpu, d) => {
    withInstanceFacility(withInstance);
    datOn(cpu);
    if ((cpu.cr[29] & CR14_ASN_TRANSLATION) === 0) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
    const pasn = cpu.cr[9] & 0xffff;
    if ((cpu.r32(d.r1) & 0xffff) !== pasn) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
    cpu.cr[7] = ((cpu.cr[7] & 0xffff_0000) | pasn) >>> 0;
    if (withInstance) cpu.cr[6] = cpu.cr[8];
    cpu.cr[14] = cpu.cr[2];
    cpu.cr[15] = cpu.cr[3];
  };
}

/** Translates the first byte of every page of [addr, addr+len). */
function checkPages(cpu: Cpu, addr: number, len: number, space: Space, kind: typeof ACCESS.READ | typeof ACCESS.WRITE, key: number): void {
  for (let off = 0; off < len;) {
    const a = addr + off;
    cpu.mmu.accessIn(cpu.wrap(a), space, kind, key);
    off = a - (a % PAGE) + PAGE - addr;
  }
}

/**
 * Copies `len` bytes, left to right one byte at a time as MVC does, from `src` in
 * `srcSpace` with `srcKey` to `dst` in `dstSpace` with `dstKey`. Every page of both
 * operands is checked first, so an access exception leaves storage unchanged.
 */
function copyBetween(cpu: Cpu, dst: number, dstSpace: Space, dstKey: number, src: number, srcSpace: Space, srcKey: number, len: number): void {
  const mmu = cpu.mmu;
  checkPages(cpu, src, len, srcSpace, ACCESS.READ, srcKey);
  checkPages(cpu, dst, len, dstSpace, ACCESS.WRITE, dstKey);
  const b = cpu.storage.bytes;
  let s = src, t = dst, left = len;
  while (left > 0) {
    const n = Math.min(left, 0x1000 - (s & 0xfff), 0x1000 - (t & 0xfff));
    const sa = mmu.accessIn(s, srcSpace, ACCESS.READ, srcKey);
    const ta = mmu.accessIn(t, dstSpace, ACCESS.WRITE, dstKey);
    for (let k = 0; k < n; k++) b[ta + k] = b[sa + k];
    cpu.noteWrite(ta, n);
    s = cpu.wrap(s + n);
    t = cpu.wrap(t + n);
    left -= n;
  }
}

/** MVCP / MVCS D1(R1,B1),D2(B2),R3: up to 256 bytes between the primary and secondary spaces. */
function moveBetweenSpaces(toPrimary: boolean): Handler {
  return (cpu, d) => {
    datOn(cpu);
    secondarySpaceControl(cpu);
    const as = asMode(cpu);
    if (as === AS.HOME || as === AS.ACCESS_REGISTER) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
    const key = (cpu.r32(d.r3) >>> 4) & 0xf;
    keyAuthorized(cpu, key);
    const trueLength = cpu.r32(d.r1);
    const len = Math.min(trueLength, MVCP_MAX);
    const dst = cpu.ea(0, d.b1, d.d1);
    const src = cpu.ea(0, d.b2, d.d2);
    // The secondary-space operand is accessed with the key from R3, the other with the PSW key.
    if (len > 0) {
      if (toPrimary) copyBetween(cpu, dst, SPACE.PRIMARY, pswKey(cpu), src, SPACE.SECONDARY, key, len);
      else copyBetween(cpu, dst, SPACE.SECONDARY, key, src, SPACE.PRIMARY, pswKey(cpu), len);
    }
    cpu.cc = trueLength > MVCP_MAX ? 3 : 0;
  };
}

/** MVCSK / MVCDK D1(B1),D2(B2): GR0 bits 56-63 length-1, GR1 bits 56-59 the other key. */
function moveWithKey(sourceKey: boolean): Handler {
  return (cpu, d) => {
    const key = (cpu.r32(1) >>> 4) & 0xf;
    keyAuthorized(cpu, key);
    const len = (cpu.r32(0) & 0xff) + 1;
    const space = (cpu.pswMask & PSW.DAT) === 0 ? SPACE.REAL : operandSpace(cpu);
    const dst = cpu.ea(0, d.b1, d.d1);
    const src = cpu.ea(0, d.b2, d.d2);
    if (sourceKey) copyBetween(cpu, dst, space, pswKey(cpu), src, space, key, len);
    else copyBetween(cpu, dst, space, key, src, space, pswKey(cpu), len);
  };
}

const OAC = { KEY_SHIFT: 12, AS_SHIFT: 6, KEY_VALID: 0x2, AS_VALID: 0x1 } as const;

function spaceOfAs(cpu: Cpu, as: number): Space {
  if (as === AS.SECONDARY) {
    secondarySpaceControl(cpu);
    return SPACE.SECONDARY;
  }
  return as === AS.HOME ? SPACE.HOME : SPACE.PRIMARY;
}

/**
 * MVCOS D1(B1),D2(B2),R3: moves up to 4096 bytes (cc 3 when R3 asks for more), each
 * operand in the space and with the key its operand-access control in GR0 names
 * (OAC1 bits 32-47 for the first operand, OAC2 bits 48-63 for the second).
 */
const mvcos: Handler = (cpu, d) => {
  datOn(cpu);
  const r0 = cpu.r32(0);
  const psAs = asMode(cpu);
  const ctl = (oac: number): [Space, number] => {
    const as = (oac & OAC.AS_VALID) !== 0 ? (oac >>> OAC.AS_SHIFT) & 3 : psAs;
    if ((oac & OAC.AS_VALID) !== 0 && as === AS.HOME && cpu.problemState) throw new ProgramInterrupt(PGM.SPECIAL_OPERATION);
    const key = (oac & OAC.KEY_VALID) !== 0 ? (oac >>> OAC.KEY_SHIFT) & 0xf : pswKey(cpu);
    return [spaceOfAs(cpu, as), key];
  };
  const [dstSpace, dstKey] = ctl(r0 >>> 16);
  const [srcSpace, srcKey] = ctl(r0 & 0xffff);
  keyAuthorized(cpu, dstKey);
  keyAuthorized(cpu, srcKey);
  const trueLength = cpu.amode === 64 ? cpu.rHi(d.r3) * TWO32 + cpu.r32(d.r3) : cpu.r32(d.r3);
  const len = Math.min(trueLength, MVCOS_MAX);
  if (len > 0) copyBetween(cpu, cpu.ea(0, d.b1, d.d1), dstSpace, dstKey, cpu.ea(0, d.b2, d.d2), srcSpace, srcKey, len);
  cpu.cc = trueLength > MVCOS_MAX ? 3 : 0;
};

export const datSpaceHandlers: HandlerTable = {
  sac: setAddressSpaceControl(false),
  sacf: setAddressSpaceControl(true),
  iac,
  epar: extractAsn(8, false),
  esar: extractAsn(6, false),
  epair: extractAsn(8, true),
  esair: extractAsn(6, true),
  ssar: setSecondaryAsn(false),
  ssair: setSecondaryAsn(true),
  mvcp: moveBetweenSpaces(true),
  mvcs: moveBetweenSpaces(false),
  mvcsk: moveWithKey(true),
  mvcdk: moveWithKey(false),
  mvcos,
};
