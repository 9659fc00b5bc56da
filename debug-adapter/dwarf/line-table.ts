// DWARF .debug_line reader (versions 2-5, as gcc 12 and gas emit them for s390x): runs each
// unit's line-number program and yields its rows (address, file path, line, is_stmt), so
// the adapter can map source lines to addresses and back. 32-bit DWARF, big-endian only.
import type { ElfFile } from '../../emulator/elf/elf';
import { Cursor, DwarfError, sectionView, stringAt } from './reader';

export { DwarfError };

/** One row of a line table; `end` marks the address just past a sequence. */
export interface LineRow {
  readonly address: number;
  /** File path as recorded (directory joined with the file name). */
  readonly file: string;
  readonly line: number;
  readonly isStmt: boolean;
  readonly end: boolean;
}

/** DWARF standard opcodes (DWARF 5 section 6.2.5.2). */
const LNS = { copy: 1, advancePc: 2, advanceLine: 3, setFile: 4, setColumn: 5, negateStmt: 6, setBasicBlock: 7,
  constAddPc: 8, fixedAdvancePc: 9, setPrologueEnd: 10, setEpilogueBegin: 11, setIsa: 12 } as const;
/** Extended opcodes (6.2.5.3). */
const LNE = { endSequence: 1, setAddress: 2, defineFile: 3, setDiscriminator: 4 } as const;
/** Line-table entry content types and the forms gcc uses for them (6.2.4.1, 7.5.6). */
const LNCT = { path: 1, directoryIndex: 2 } as const;
const FORM = { block: 0x09, block1: 0x0a, data1: 0x0b, data2: 0x05, data4: 0x06, data8: 0x07, data16: 0x1e,
  string: 0x08, strp: 0x0e, lineStrp: 0x1f, udata: 0x0f, sdata: 0x0d, strx: 0x1a, strx1: 0x25 } as const;

function join(dir: string, file: string): string {
  if (file.startsWith('/') || dir === '') return file;
  return dir.endsWith('/') ? dir + file : `${dir}/${file}`;
}

/** Reads one attribute value of a DWARF 5 entry format: strings as text, numbers as numbers. */
function readForm(c: Cursor, form: number, str: DataView | undefined, lineStr: DataView | undefined): string | number {
  switch (form) {
    case FORM.string: return c.cstr();
    case FORM.lineStrp: return stringAt(lineStr, c.u32());
    case FORM.strp: return stringAt(str, c.u32());
    case FORM.udata: return c.uleb();
    case FORM.sdata: return c.sleb();
    case FORM.data1: return c.u8();
    case FORM.data2: return c.u16();
    case FORM.data4: return c.u32();
    case FORM.data8: return c.u64();
    case FORM.data16: c.pos += 16; return 0;
    case FORM.block: { const n = c.uleb(); c.pos += n; return 0; }
    case FORM.block1: { const n = c.u8(); c.pos += n; return 0; }
    default: throw new DwarfError(`unsupported form 0x${form.toString(16)} in a line table header`);
  }
}

function readEntries(c: Cursor, str: DataView | undefined, lineStr: DataView | undefined): { path: string; dir: number }[] {
  const formatCount = c.u8();
  const format: [number, number][] = [];
  for (let i = 0; i < formatCount; i++) format.push([c.uleb(), c.uleb()]);
  const count = c.uleb();
  const out: { path: string; dir: number }[] = [];
  for (let i = 0; i < count; i++) {
    let path = ''; let dir = 0;
    for (const [type, form] of format) {
      const v = readForm(c, form, str, lineStr);
      if (type === LNCT.path) path = String(v);
      else if (type === LNCT.directoryIndex) dir = Number(v);
    }
    out.push({ path, dir });
  }
  return out;
}

/**
 * Every row of every line-number program in the file's .debug_line, in section order.
 * `filesByUnit` receives each unit's file names by the unit's offset (DW_AT_stmt_list),
 * which DW_AT_call_file indexes.
 */
export function readLineTable(elf: ElfFile, filesByUnit?: Map<number, string[]>): LineRow[] {
  const v = sectionView(elf, '.debug_line');
  if (v === undefined) return [];
  const str = sectionView(elf, '.debug_str');
  const lineStr = sectionView(elf, '.debug_line_str');
  const rows: LineRow[] = [];
  let off = 0;
  while (off + 4 <= v.byteLength) {
    const c = new Cursor(v, off);
    const unitLength = c.u32();
    if (unitLength >= 0xfffffff0) throw new DwarfError('64-bit DWARF line tables are not supported');
    const end = c.pos + unitLength;
    const version = c.u16();
    if (version < 2 || version > 5) throw new DwarfError(`DWARF line table version ${version} is not supported`);
    let addressSize = 8;
    if (version >= 5) { addressSize = c.u8(); c.u8(); }
    const headerLength = c.u32();
    const programStart = c.pos + headerLength;
    const minInsn = c.u8();
    if (version >= 4) c.u8(); // maximum_operations_per_instruction: 1 on s390x (no VLIW)
    const defaultStmt = c.u8() !== 0;
    const lineBase = c.s8();
    const lineRange = c.u8();
    const opcodeBase = c.u8();
    const argCounts = [0];
    for (let i = 1; i < opcodeBase; i++) argCounts.push(c.u8());
    let dirs: string[]; let files: { path: string; dir: number }[];
    if (version >= 5) {
      dirs = readEntries(c, str, lineStr).map((e) => e.path);
      files = readEntries(c, str, lineStr);
    } else {
      // Before DWARF 5 the compilation directory is implicit entry 0 and files count from 1.
      dirs = [''];
      for (let d = c.cstr(); d !== ''; d = c.cstr()) dirs.push(d);
      files = [{ path: '', dir: 0 }];
      for (let f = c.cstr(); f !== ''; f = c.cstr()) { const dir = c.uleb(); c.uleb(); c.uleb(); files.push({ path: f, dir }); }
    }
    const fileName = (i: number): string => {
      const f = files[i];
      return f === undefined ? `<file ${i}>` : join(dirs[f.dir] ?? '', f.path);
    };
    filesByUnit?.set(off, files.map((_, i) => fileName(i)));
    c.pos = programStart;
    let address = 0; let file = 1; let line = 1; let isStmt = defaultStmt;
    const reset = (): void => { address = 0; file = 1; line = 1; isStmt = defaultStmt; };
    const emit = (endSeq: boolean): void => { rows.push({ address, file: fileName(file), line, isStmt, end: endSeq }); };
    while (c.pos < end) {
      const op = c.u8();
      if (op >= opcodeBase) {
        const adj = op - opcodeBase;
        address += Math.floor(adj / lineRange) * minInsn;
        line += lineBase + (adj % lineRange);
        emit(false);
        continue;
      }
      switch (op) {
        case 0: {
          const len = c.uleb();
          const next = c.pos + len;
          const sub = c.u8();
          if (sub === LNE.endSequence) { emit(true); reset(); }
          else if (sub === LNE.setAddress) address = addressSize === 8 ? c.u64() : c.u32();
          else if (sub === LNE.defineFile) { files.push({ path: c.cstr(), dir: c.uleb() }); }
          c.pos = next; // setDiscriminator and unknown extended opcodes are skipped by length
          break;
        }
        case LNS.copy: emit(false); break;
        case LNS.advancePc: address += c.uleb() * minInsn; break;
        case LNS.advanceLine: line += c.sleb(); break;
        case LNS.setFile: file = c.uleb(); break;
        case LNS.negateStmt: isStmt = !isStmt; break;
        case LNS.constAddPc: address += Math.floor((255 - opcodeBase) / lineRange) * minInsn; break;
        case LNS.fixedAdvancePc: address += c.u16(); break;
        default: for (let i = 0; i < (argCounts[op] ?? 0); i++) c.uleb(); // column, isa, markers
      }
    }
    off = end;
  }
  return rows;
}
