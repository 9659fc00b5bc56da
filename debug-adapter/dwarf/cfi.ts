// Call frame information (DWARF 5 chapter 6.4): parses .debug_frame and .eh_frame (CIEs
// and FDEs, the pointer encodings gcc and ld use in .eh_frame) and runs an FDE's CFA
// program up to a pc, giving the unwind row there: how to compute the CFA and where each
// register of the caller was saved. The DW_CFA_* operations gcc emits are all handled;
// DWARF expressions are not evaluated (the row is then marked unusable).
import type { ElfFile } from '../../emulator/elf/elf';
import { Cursor, DwarfError, sectionView } from './reader';

/** How to recover one register of the caller (DWARF 5 section 6.4.1). */
export type RegisterRule =
  | { readonly kind: 'undefined' }
  | { readonly kind: 'same' }
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'valOffset'; readonly offset: number }
  | { readonly kind: 'register'; readonly reg: number }
  | { readonly kind: 'expression' };

export interface UnwindRow {
  /** CFA = register + offset; undefined when the CFA is a DWARF expression. */
  readonly cfa: { readonly reg: number; readonly offset: number } | undefined;
  readonly rules: ReadonlyMap<number, RegisterRule>;
  readonly returnColumn: number;
}

interface Cie {
  readonly codeAlign: number;
  readonly dataAlign: number;
  readonly returnColumn: number;
  readonly initial: Uint8Array;
  readonly pointerEncoding: number;
  readonly augmented: boolean;
  readonly addressSize: number;
}

export interface Fde {
  readonly low: number;
  readonly high: number;
  readonly cie: Cie;
  readonly program: Uint8Array;
}

/** Call frame instructions (DWARF 5 section 7.24): high two bits, then the low-six-bit ops. */
const CFA_HIGH = { advanceLoc: 1, offset: 2, restore: 3 } as const;
const CFA = { nop: 0x00, setLoc: 0x01, advanceLoc1: 0x02, advanceLoc2: 0x03, advanceLoc4: 0x04, offsetExtended: 0x05,
  restoreExtended: 0x06, undefined: 0x07, sameValue: 0x08, register: 0x09, rememberState: 0x0a, restoreState: 0x0b,
  defCfa: 0x0c, defCfaRegister: 0x0d, defCfaOffset: 0x0e, defCfaExpression: 0x0f, expression: 0x10,
  offsetExtendedSf: 0x11, defCfaSf: 0x12, defCfaOffsetSf: 0x13, valOffset: 0x14, valOffsetSf: 0x15,
  valExpression: 0x16, gnuArgsSize: 0x2e, gnuNegativeOffsetExtended: 0x2f } as const;
/** .eh_frame pointer encodings (LSB Core, "DWARF Exception Header Encoding"). */
const PE = { absptr: 0x00, uleb128: 0x01, udata2: 0x02, udata4: 0x03, udata8: 0x04, sleb128: 0x09, sdata2: 0x0a,
  sdata4: 0x0b, sdata8: 0x0c, pcrel: 0x10, omit: 0xff } as const;

function readEncoded(c: Cursor, enc: number, sectionAddress: number, addressSize: number): number {
  const at = sectionAddress + c.pos;
  let v: number;
  switch (enc & 0x0f) {
    case PE.absptr: v = c.sized(addressSize); break;
    case PE.uleb128: v = c.uleb(); break;
    case PE.udata2: v = c.u16(); break;
    case PE.udata4: v = c.u32(); break;
    case PE.udata8: v = c.u64(); break;
    case PE.sleb128: v = c.sleb(); break;
    case PE.sdata2: v = (c.u16() << 16) >> 16; break;
    case PE.sdata4: v = c.s32(); break;
    case PE.sdata8: v = c.s64(); break;
    default: throw new DwarfError(`unsupported .eh_frame pointer encoding 0x${enc.toString(16)}`);
  }
  if ((enc & 0x70) === PE.pcrel) v += at;
  return v;
}

/** Parses one frame section; `eh` selects the .eh_frame flavour (CIE id 0, relative CIE pointers). */
function parseSection(v: DataView, eh: boolean, sectionAddress: number, out: Fde[]): void {
  const cies = new Map<number, Cie>();
  const cieAt = (off: number): Cie => {
    const known = cies.get(off);
    if (known !== undefined) return known;
    const c = new Cursor(v, off);
    const length = c.u32();
    if (length >= 0xffff_fff0) throw new DwarfError('64-bit DWARF call frame information is not supported');
    const end = c.pos + length;
    c.pos += 4; // CIE id
    const version = c.u8();
    const aug = c.cstr();
    let addressSize = 8;
    if (!eh && version >= 4) { addressSize = c.u8(); c.u8(); }
    const codeAlign = c.uleb();
    const dataAlign = c.sleb();
    const returnColumn = version === 1 ? c.u8() : c.uleb();
    let pointerEncoding: number = PE.absptr;
    const augmented = aug.startsWith('z');
    if (augmented) {
      const len = c.uleb();
      const dataEnd = c.pos + len;
      for (const ch of aug.slice(1)) {
        if (ch === 'R') pointerEncoding = c.u8();
        else if (ch === 'L') c.u8();
        else if (ch === 'P') { const e = c.u8(); readEncoded(c, e & 0x7f, sectionAddress, addressSize); }
        else if (ch !== 'S') break; // unknown: the length lets us skip the rest
      }
      c.pos = dataEnd;
    } else if (aug !== '') {
      throw new DwarfError(`unknown CIE augmentation "${aug}"`);
    }
    const cie: Cie = { codeAlign, dataAlign, returnColumn, pointerEncoding, augmented, addressSize,
      initial: new Uint8Array(v.buffer, v.byteOffset + c.pos, end - c.pos) };
    cies.set(off, cie);
    return cie;
  };
  let off = 0;
  while (off + 4 <= v.byteLength) {
    const c = new Cursor(v, off);
    const length = c.u32();
    if (length === 0) { off += 4; if (eh) break; continue; } // .eh_frame terminator
    if (length >= 0xffff_fff0) throw new DwarfError('64-bit DWARF call frame information is not supported');
    const end = c.pos + length;
    const idPos = c.pos;
    const id = c.u32();
    const isCie = eh ? id === 0 : id === 0xffff_ffff;
    if (!isCie) {
      const cie = cieAt(eh ? idPos - id : id);
      const low = eh ? readEncoded(c, cie.pointerEncoding, sectionAddress, cie.addressSize) : c.sized(cie.addressSize);
      const range = eh ? readEncoded(c, cie.pointerEncoding & 0x0f, sectionAddress, cie.addressSize) : c.sized(cie.addressSize);
      if (cie.augmented) { const n = c.uleb(); c.pos += n; }
      if (range > 0) out.push({ low, high: low + range, cie, program: new Uint8Array(v.buffer, v.byteOffset + c.pos, end - c.pos) });
    }
    off = end;
  }
}

/** Every FDE of the file's .debug_frame and .eh_frame, sorted by address. */
export function readFrames(elf: ElfFile): Fde[] {
  const out: Fde[] = [];
  const debugFrame = sectionView(elf, '.debug_frame');
  if (debugFrame !== undefined) parseSection(debugFrame, false, 0, out);
  const ehSection = elf.sectionByName('.eh_frame');
  const ehFrame = sectionView(elf, '.eh_frame');
  if (ehSection !== undefined && ehFrame !== undefined) parseSection(ehFrame, true, Number(ehSection.addr), out);
  return out.sort((a, b) => a.low - b.low);
}

/** The FDE whose range holds `pc` (binary search over sorted FDEs). */
export function findFde(fdes: readonly Fde[], pc: number): Fde | undefined {
  let lo = 0; let hi = fdes.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (fdes[mid].low <= pc) lo = mid + 1; else hi = mid; }
  for (let i = lo - 1; i >= 0 && i >= lo - 4; i--) if (pc >= fdes[i].low && pc < fdes[i].high) return fdes[i];
  return undefined;
}

interface State { cfa: { reg: number; offset: number } | undefined; rules: Map<number, RegisterRule> }

/** Runs the CIE's initial instructions and the FDE's program up to (and including) `pc`. */
export function unwindRow(fde: Fde, pc: number): UnwindRow {
  const cie = fde.cie;
  let state: State = { cfa: undefined, rules: new Map() };
  let initial: Map<number, RegisterRule> = new Map();
  const saved: State[] = [];
  let loc = fde.low;
  const run = (bytes: Uint8Array, isInitial: boolean): boolean => {
    const c = new Cursor(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0);
    const advance = (delta: number): boolean => { loc += delta * cie.codeAlign; return loc <= pc; };
    while (c.pos < bytes.length) {
      const op = c.u8();
      const high = op >> 6; const low = op & 0x3f;
      if (high === CFA_HIGH.advanceLoc) { if (!advance(low)) return false; continue; }
      if (high === CFA_HIGH.offset) { state.rules.set(low, { kind: 'offset', offset: c.uleb() * cie.dataAlign }); continue; }
      if (high === CFA_HIGH.restore) { restore(low); continue; }
      switch (op) {
        case CFA.nop: break;
        case CFA.setLoc: loc = c.sized(cie.addressSize); if (loc > pc) return false; break;
        case CFA.advanceLoc1: if (!advance(c.u8())) return false; break;
        case CFA.advanceLoc2: if (!advance(c.u16())) return false; break;
        case CFA.advanceLoc4: if (!advance(c.u32())) return false; break;
        case CFA.offsetExtended: { const r = c.uleb(); state.rules.set(r, { kind: 'offset', offset: c.uleb() * cie.dataAlign }); break; }
        case CFA.offsetExtendedSf: { const r = c.uleb(); state.rules.set(r, { kind: 'offset', offset: c.sleb() * cie.dataAlign }); break; }
        case CFA.gnuNegativeOffsetExtended: { const r = c.uleb(); state.rules.set(r, { kind: 'offset', offset: -c.uleb() * cie.dataAlign }); break; }
        case CFA.valOffset: { const r = c.uleb(); state.rules.set(r, { kind: 'valOffset', offset: c.uleb() * cie.dataAlign }); break; }
        case CFA.valOffsetSf: { const r = c.uleb(); state.rules.set(r, { kind: 'valOffset', offset: c.sleb() * cie.dataAlign }); break; }
        case CFA.restoreExtended: restore(c.uleb()); break;
        case CFA.undefined: state.rules.set(c.uleb(), { kind: 'undefined' }); break;
        case CFA.sameValue: state.rules.set(c.uleb(), { kind: 'same' }); break;
        case CFA.register: { const r = c.uleb(); state.rules.set(r, { kind: 'register', reg: c.uleb() }); break; }
        case CFA.rememberState: saved.push({ cfa: state.cfa && { ...state.cfa }, rules: new Map(state.rules) }); break;
        case CFA.restoreState: {
          // The remembered row includes the CFA rule, as GNU unwinders keep it.
          const s = saved.pop();
          if (s !== undefined) state = { cfa: s.cfa, rules: s.rules };
          break;
        }
        case CFA.defCfa: { const reg = c.uleb(); state.cfa = { reg, offset: c.uleb() }; break; }
        case CFA.defCfaSf: { const reg = c.uleb(); state.cfa = { reg, offset: c.sleb() * cie.dataAlign }; break; }
        case CFA.defCfaRegister: state.cfa = { reg: c.uleb(), offset: state.cfa?.offset ?? 0 }; break;
        case CFA.defCfaOffset: if (state.cfa !== undefined) state.cfa = { reg: state.cfa.reg, offset: c.uleb() }; else c.uleb(); break;
        case CFA.defCfaOffsetSf: { const o = c.sleb() * cie.dataAlign; if (state.cfa !== undefined) state.cfa = { reg: state.cfa.reg, offset: o }; break; }
        case CFA.defCfaExpression: { const n = c.uleb(); c.pos += n; state.cfa = undefined; break; }
        case CFA.expression: case CFA.valExpression: {
          const r = c.uleb(); const n = c.uleb(); c.pos += n;
          state.rules.set(r, { kind: 'expression' });
          break;
        }
        case CFA.gnuArgsSize: c.uleb(); break;
        default: throw new DwarfError(`unknown call frame instruction 0x${op.toString(16)}`);
      }
    }
    if (isInitial) initial = new Map(state.rules);
    return true;
  };
  const restore = (reg: number): void => {
    const r = initial.get(reg);
    if (r === undefined) state.rules.delete(reg); else state.rules.set(reg, r);
  };
  run(cie.initial, true);
  run(fde.program, false);
  return { cfa: state.cfa, rules: state.rules, returnColumn: cie.returnColumn };
}
