// DWARF .debug_info reader for what a debugger's stack needs: every function (subprogram)
// with its name and address ranges, and the inlined calls inside it (with the call's file
// and line), from DWARF 4 and 5 units as gcc 12 emits them for s390x (low_pc/high_pc,
// DW_AT_ranges in .debug_ranges or .debug_rnglists, strx/addrx indexes). Types, variables
// and locations are skipped by form. 32-bit DWARF, big-endian only.
import type { ElfFile } from '../../emulator/elf/elf';
import { Cursor, DwarfError, sectionView, stringAt } from './reader';

/** A half-open address range [low, high). */
export interface AddressRange {
  readonly low: number;
  readonly high: number;
}

/** An inlined call: the inlined function's name, where it was called from, what is inside. */
export interface InlinedCall {
  readonly name: string;
  readonly ranges: readonly AddressRange[];
  /** Index into the unit's line-table file list, and the line of the call. */
  readonly callFile: number;
  readonly callLine: number;
  readonly inlined: readonly InlinedCall[];
}

export interface DwarfFunction {
  readonly name: string;
  /** Entry address: low_pc, else the lowest range start. */
  readonly entry: number;
  readonly ranges: readonly AddressRange[];
  readonly inlined: readonly InlinedCall[];
  /** The unit's .debug_line offset (DW_AT_stmt_list), to resolve callFile. */
  readonly lineUnit: number | undefined;
}

/** Tags, attributes and forms used here (DWARF 5 sections 7.5.3-7.5.6, 7.25). */
const TAG = { compileUnit: 0x11, partialUnit: 0x3c, subprogram: 0x2e, inlinedSubroutine: 0x1d } as const;
const AT = { name: 0x03, stmtList: 0x10, lowPc: 0x11, highPc: 0x12, inline: 0x20, abstractOrigin: 0x31, declaration: 0x3c,
  specification: 0x47, ranges: 0x55, callFile: 0x58, callLine: 0x59, linkageName: 0x6e,
  strOffsetsBase: 0x72, addrBase: 0x73, rnglistsBase: 0x74 } as const;
const FORM = { addr: 0x01, block2: 0x03, block4: 0x04, data2: 0x05, data4: 0x06, data8: 0x07, string: 0x08, block: 0x09,
  block1: 0x0a, data1: 0x0b, flag: 0x0c, sdata: 0x0d, strp: 0x0e, udata: 0x0f, refAddr: 0x10, ref1: 0x11, ref2: 0x12,
  ref4: 0x13, ref8: 0x14, refUdata: 0x15, indirect: 0x16, secOffset: 0x17, exprloc: 0x18, flagPresent: 0x19, strx: 0x1a,
  addrx: 0x1b, refSup4: 0x1c, strpSup: 0x1d, data16: 0x1e, lineStrp: 0x1f, refSig8: 0x20, implicitConst: 0x21,
  loclistx: 0x22, rnglistx: 0x23, refSup8: 0x24, strx1: 0x25, strx2: 0x26, strx3: 0x27, strx4: 0x28,
  addrx1: 0x29, addrx2: 0x2a, addrx3: 0x2b, addrx4: 0x2c, gnuRefAlt: 0x1f20, gnuStrpAlt: 0x1f21 } as const;
/** Unit types of DWARF 5 headers (7.5.1). */
const UT = { skeleton: 0x04, splitCompile: 0x05, type: 0x02, splitType: 0x06 } as const;
/** Range list entry kinds of .debug_rnglists (7.25). */
const RLE = { endOfList: 0, baseAddressx: 1, startxEndx: 2, startxLength: 3, offsetPair: 4, baseAddress: 5, startEnd: 6, startLength: 7 } as const;

interface AttrSpec { readonly at: number; readonly form: number; readonly implicit: number }
interface Abbrev { readonly tag: number; readonly children: boolean; readonly attrs: readonly AttrSpec[] }

/** An attribute value as read: numbers (constants, offsets, addresses, indexes) or text. */
type Value = { readonly form: number; readonly n: number; readonly s?: string };

interface Sections {
  readonly str?: DataView; readonly lineStr?: DataView; readonly strOffsets?: DataView; readonly addr?: DataView;
  readonly ranges?: DataView; readonly rnglists?: DataView;
}

function readAbbrevs(v: DataView, offset: number): Map<number, Abbrev> {
  const out = new Map<number, Abbrev>();
  const c = new Cursor(v, offset);
  for (;;) {
    const code = c.uleb();
    if (code === 0) return out;
    const tag = c.uleb();
    const children = c.u8() !== 0;
    const attrs: AttrSpec[] = [];
    for (;;) {
      const at = c.uleb(); const form = c.uleb();
      if (at === 0 && form === 0) break;
      attrs.push({ at, form, implicit: form === FORM.implicitConst ? c.sleb() : 0 });
    }
    out.set(code, { tag, children, attrs });
  }
}

/** One unit's decoding context. */
interface Unit {
  readonly offset: number;
  readonly version: number;
  readonly addressSize: number;
  strOffsetsBase: number;
  addrBase: number;
  rnglistsBase: number;
  base: number;
}

function readValue(c: Cursor, form: number, implicit: number, u: Unit, s: Sections): Value {
  switch (form) {
    case FORM.addr: return { form, n: c.sized(u.addressSize) };
    case FORM.data1: case FORM.ref1: case FORM.flag: case FORM.strx1: case FORM.addrx1: return { form, n: c.u8() };
    case FORM.data2: case FORM.ref2: case FORM.strx2: case FORM.addrx2: return { form, n: c.u16() };
    case FORM.strx3: case FORM.addrx3: return { form, n: c.u24() };
    case FORM.data4: case FORM.ref4: case FORM.strx4: case FORM.addrx4: case FORM.refSup4: return { form, n: c.u32() };
    case FORM.data8: case FORM.ref8: case FORM.refSig8: case FORM.refSup8: return { form, n: c.u64() };
    case FORM.sdata: return { form, n: c.sleb() };
    case FORM.udata: case FORM.refUdata: case FORM.strx: case FORM.addrx: case FORM.loclistx: case FORM.rnglistx:
      return { form, n: c.uleb() };
    case FORM.string: { const t = c.cstr(); return { form, n: 0, s: t }; }
    case FORM.strp: return { form, n: 0, s: stringAt(s.str, c.u32()) };
    case FORM.lineStrp: return { form, n: 0, s: stringAt(s.lineStr, c.u32()) };
    case FORM.refAddr: return { form, n: u.version <= 2 ? c.sized(u.addressSize) : c.u32() };
    case FORM.secOffset: case FORM.strpSup: case FORM.gnuRefAlt: case FORM.gnuStrpAlt: return { form, n: c.u32() };
    case FORM.flagPresent: return { form, n: 1 };
    case FORM.implicitConst: return { form, n: implicit };
    case FORM.data16: c.pos += 16; return { form, n: 0 };
    // Lengths are read into a local first: `c.pos += c.u8()` would add to the stale pos.
    case FORM.block1: { const n = c.u8(); c.pos += n; return { form, n: 0 }; }
    case FORM.block2: { const n = c.u16(); c.pos += n; return { form, n: 0 }; }
    case FORM.block4: { const n = c.u32(); c.pos += n; return { form, n: 0 }; }
    case FORM.block: case FORM.exprloc: { const n = c.uleb(); c.pos += n; return { form, n: 0 }; }
    case FORM.indirect: return readValue(c, c.uleb(), implicit, u, s);
    default: throw new DwarfError(`unsupported attribute form 0x${form.toString(16)} in .debug_info`);
  }
}

/** Skips one attribute value without building it: most DIEs (types, variables) are only passed over. */
function skipValue(c: Cursor, form: number, u: Unit): void {
  switch (form) {
    case FORM.flagPresent: case FORM.implicitConst: return;
    case FORM.data1: case FORM.ref1: case FORM.flag: case FORM.strx1: case FORM.addrx1: c.pos += 1; return;
    case FORM.data2: case FORM.ref2: case FORM.strx2: case FORM.addrx2: c.pos += 2; return;
    case FORM.strx3: case FORM.addrx3: c.pos += 3; return;
    case FORM.data4: case FORM.ref4: case FORM.strx4: case FORM.addrx4: case FORM.refSup4: case FORM.strp: case FORM.lineStrp:
    case FORM.secOffset: case FORM.strpSup: case FORM.gnuRefAlt: case FORM.gnuStrpAlt: c.pos += 4; return;
    case FORM.data8: case FORM.ref8: case FORM.refSig8: case FORM.refSup8: c.pos += 8; return;
    case FORM.data16: c.pos += 16; return;
    case FORM.addr: c.pos += u.addressSize; return;
    case FORM.refAddr: c.pos += u.version <= 2 ? u.addressSize : 4; return;
    case FORM.sdata: case FORM.udata: case FORM.refUdata: case FORM.strx: case FORM.addrx: case FORM.loclistx: case FORM.rnglistx:
      while ((c.u8() & 0x80) !== 0) { /* LEB128 continuation bytes */ }
      return;
    case FORM.string: while (c.u8() !== 0) { /* up to the terminating NUL */ } return;
    case FORM.block1: { const n = c.u8(); c.pos += n; return; }
    case FORM.block2: { const n = c.u16(); c.pos += n; return; }
    case FORM.block4: { const n = c.u32(); c.pos += n; return; }
    case FORM.block: case FORM.exprloc: { const n = c.uleb(); c.pos += n; return; }
    case FORM.indirect: skipValue(c, c.uleb(), u); return;
    default: throw new DwarfError(`unsupported attribute form 0x${form.toString(16)} in .debug_info`);
  }
}

const STRX_FORMS: readonly number[] = [FORM.strx, FORM.strx1, FORM.strx2, FORM.strx3, FORM.strx4];
const ADDRX_FORMS: readonly number[] = [FORM.addrx, FORM.addrx1, FORM.addrx2, FORM.addrx3, FORM.addrx4];
const CONSTANT_FORMS: readonly number[] = [FORM.data1, FORM.data2, FORM.data4, FORM.data8, FORM.sdata, FORM.udata, FORM.implicitConst];

function text(v: Value | undefined, u: Unit, s: Sections): string | undefined {
  if (v === undefined) return undefined;
  if (v.s !== undefined) return v.s;
  if (STRX_FORMS.includes(v.form) && s.strOffsets !== undefined) {
    return stringAt(s.str, s.strOffsets.getUint32(u.strOffsetsBase + 4 * v.n));
  }
  return undefined;
}

function address(v: Value, u: Unit, s: Sections): number {
  if (ADDRX_FORMS.includes(v.form)) {
    if (s.addr === undefined) throw new DwarfError('DW_FORM_addrx without .debug_addr');
    return new Cursor(s.addr, u.addrBase + v.n * u.addressSize).sized(u.addressSize);
  }
  return v.n;
}

/** Ranges of a DW_AT_ranges value: .debug_rnglists (DWARF 5) or .debug_ranges (DWARF 4). */
function rangeList(v: Value, u: Unit, s: Sections): AddressRange[] {
  const out: AddressRange[] = [];
  const push = (low: number, high: number): void => { if (high > low) out.push({ low, high }); };
  if (u.version >= 5) {
    const l = s.rnglists;
    if (l === undefined) throw new DwarfError('DW_AT_ranges without .debug_rnglists');
    const off = v.form === FORM.rnglistx ? u.rnglistsBase + l.getUint32(u.rnglistsBase + 4 * v.n) : v.n;
    const c = new Cursor(l, off);
    const addrx = (i: number): number => address({ form: FORM.addrx, n: i }, u, s);
    let base = u.base;
    for (;;) {
      const kind = c.u8();
      switch (kind) {
        case RLE.endOfList: return out;
        case RLE.baseAddressx: base = addrx(c.uleb()); break;
        case RLE.startxEndx: { const a = addrx(c.uleb()); push(a, addrx(c.uleb())); break; }
        case RLE.startxLength: { const a = addrx(c.uleb()); push(a, a + c.uleb()); break; }
        case RLE.offsetPair: { const a = base + c.uleb(); push(a, base + c.uleb()); break; }
        case RLE.baseAddress: base = c.sized(u.addressSize); break;
        case RLE.startEnd: { const a = c.sized(u.addressSize); push(a, c.sized(u.addressSize)); break; }
        case RLE.startLength: { const a = c.sized(u.addressSize); push(a, a + c.uleb()); break; }
        default: throw new DwarfError(`unknown range list entry ${kind}`);
      }
    }
  }
  const r = s.ranges;
  if (r === undefined) throw new DwarfError('DW_AT_ranges without .debug_ranges');
  const c = new Cursor(r, v.n);
  const all = u.addressSize === 8 ? 2 ** 64 - 1 : 0xffff_ffff;
  let base = u.base;
  for (;;) {
    const a = c.sized(u.addressSize); const b = c.sized(u.addressSize);
    if (a === 0 && b === 0) return out;
    if (a === all) base = b; // base address selection entry
    else push(base + a, base + b);
  }
}

/** A DIE as far as this reader cares. */
interface Die {
  readonly tag: number;
  name?: string;
  origin?: number;
  ranges: AddressRange[];
  low?: number;
  callFile: number;
  callLine: number;
  readonly children: Die[];
}

/** Reads every unit's subprograms (with code) and their inlined calls. */
export function readFunctions(elf: ElfFile): DwarfFunction[] {
  const info = sectionView(elf, '.debug_info');
  const abbrevSection = sectionView(elf, '.debug_abbrev');
  if (info === undefined || abbrevSection === undefined) return [];
  const s: Sections = {
    str: sectionView(elf, '.debug_str'), lineStr: sectionView(elf, '.debug_line_str'),
    strOffsets: sectionView(elf, '.debug_str_offsets'), addr: sectionView(elf, '.debug_addr'),
    ranges: sectionView(elf, '.debug_ranges'), rnglists: sectionView(elf, '.debug_rnglists'),
  };
  /** Names of DIEs by section offset (for abstract_origin / specification chains). */
  const names = new Map<number, { name?: string; origin?: number }>();
  const functions: { die: Die; lineUnit: number | undefined }[] = [];
  let off = 0;
  while (off + 4 <= info.byteLength) {
    const c = new Cursor(info, off);
    const length = c.u32();
    if (length >= 0xffff_fff0) throw new DwarfError('64-bit DWARF is not supported');
    const end = c.pos + length;
    const version = c.u16();
    if (version < 2 || version > 5) throw new DwarfError(`DWARF version ${version} in .debug_info is not supported`);
    let unitType = 1; let addressSize: number; let abbrevOffset: number;
    if (version >= 5) {
      unitType = c.u8(); addressSize = c.u8(); abbrevOffset = c.u32();
      if (unitType === UT.skeleton || unitType === UT.splitCompile) c.pos += 8;
      if (unitType === UT.type || unitType === UT.splitType) c.pos += 12;
    } else {
      abbrevOffset = c.u32(); addressSize = c.u8();
    }
    const u: Unit = { offset: off, version, addressSize, strOffsetsBase: 8, addrBase: 8, rnglistsBase: 12, base: 0 };
    const abbrevs = readAbbrevs(abbrevSection, abbrevOffset);
    let lineUnit: number | undefined;
    const stack: Die[] = [];
    while (c.pos < end) {
      const dieOffset = c.pos;
      const code = c.uleb();
      if (code === 0) { stack.pop(); continue; }
      const ab = abbrevs.get(code);
      if (ab === undefined) throw new DwarfError(`unknown abbreviation ${code} at .debug_info+0x${dieOffset.toString(16)}`);
      const parent = stack[stack.length - 1];
      const wanted = ab.tag === TAG.compileUnit || ab.tag === TAG.partialUnit || ab.tag === TAG.subprogram || ab.tag === TAG.inlinedSubroutine;
      if (!wanted) {
        for (const a of ab.attrs) skipValue(c, a.form, u);
        if (ab.children) stack.push(parent ?? { tag: ab.tag, ranges: [], callFile: 0, callLine: 0, children: [] });
        continue;
      }
      const values = new Map<number, Value>();
      for (const a of ab.attrs) values.set(a.at, readValue(c, a.form, a.implicit, u, s));
      const die: Die = { tag: ab.tag, ranges: [], callFile: 0, callLine: 0, children: [] };
      if (ab.tag === TAG.compileUnit || ab.tag === TAG.partialUnit) {
        // The bases first: other attributes of this very DIE may be indexes.
        u.strOffsetsBase = values.get(AT.strOffsetsBase)?.n ?? u.strOffsetsBase;
        u.addrBase = values.get(AT.addrBase)?.n ?? u.addrBase;
        u.rnglistsBase = values.get(AT.rnglistsBase)?.n ?? u.rnglistsBase;
        const low = values.get(AT.lowPc);
        u.base = low === undefined ? 0 : address(low, u, s);
        lineUnit = values.get(AT.stmtList)?.n;
      } else if (ab.tag === TAG.subprogram || ab.tag === TAG.inlinedSubroutine) {
        const ref = values.get(AT.abstractOrigin) ?? values.get(AT.specification);
        const local = (v: Value): number => (v.form === FORM.refAddr ? v.n : u.offset + v.n);
        const entry = { name: text(values.get(AT.name), u, s) ?? text(values.get(AT.linkageName), u, s),
          origin: ref === undefined || ref.form === FORM.gnuRefAlt ? undefined : local(ref) };
        names.set(dieOffset, entry);
        die.name = entry.name; die.origin = entry.origin;
        const low = values.get(AT.lowPc); const high = values.get(AT.highPc); const ranges = values.get(AT.ranges);
        if (low !== undefined) {
          die.low = address(low, u, s);
          if (high !== undefined) {
            const h = CONSTANT_FORMS.includes(high.form) ? die.low + high.n : address(high, u, s);
            if (h > die.low) die.ranges.push({ low: die.low, high: h });
          }
        }
        if (ranges !== undefined) die.ranges.push(...rangeList(ranges, u, s));
        die.callFile = values.get(AT.callFile)?.n ?? 0;
        die.callLine = values.get(AT.callLine)?.n ?? 0;
        if (ab.tag === TAG.subprogram && die.ranges.length > 0) functions.push({ die, lineUnit });
        else if (ab.tag === TAG.inlinedSubroutine) parent?.children.push(die);
      }
      if (ab.children) {
        // Inlined calls nest through lexical blocks: they attach to the nearest subprogram
        // or inlined call above them.
        const tracked = ab.tag === TAG.subprogram || ab.tag === TAG.inlinedSubroutine;
        stack.push(tracked ? die : parent ?? die);
      }
    }
    off = end;
  }
  const nameOf = (d: { name?: string; origin?: number }): string => {
    let cur: { name?: string; origin?: number } | undefined = d;
    for (let hops = 0; cur !== undefined && hops < 8; hops++) {
      if (cur.name !== undefined) return cur.name;
      cur = cur.origin === undefined ? undefined : names.get(cur.origin);
    }
    return '??';
  };
  const inlined = (d: Die): InlinedCall[] => d.children.filter((k) => k.ranges.length > 0).map((k) => ({
    name: nameOf(k), ranges: k.ranges, callFile: k.callFile, callLine: k.callLine, inlined: inlined(k),
  }));
  return functions.map(({ die, lineUnit }) => ({
    name: nameOf(die), entry: die.low ?? Math.min(...die.ranges.map((r) => r.low)), ranges: die.ranges, inlined: inlined(die), lineUnit,
  }));
}
