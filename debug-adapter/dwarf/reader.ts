// Byte-level reading shared by the DWARF readers (line table, .debug_info, CFI): a
// big-endian cursor with LEB128 and C strings, section views and the error type.
import type { ElfFile } from '../../emulator/elf/elf';

export class DwarfError extends Error {
  override name = 'DwarfError';
}

export class Cursor {
  constructor(readonly v: DataView, public pos: number) {}
  u8(): number { return this.v.getUint8(this.pos++); }
  s8(): number { return this.v.getInt8(this.pos++); }
  u16(): number { const x = this.v.getUint16(this.pos); this.pos += 2; return x; }
  u24(): number { const x = (this.v.getUint16(this.pos) << 8) | this.v.getUint8(this.pos + 2); this.pos += 3; return x; }
  u32(): number { const x = this.v.getUint32(this.pos); this.pos += 4; return x; }
  s32(): number { const x = this.v.getInt32(this.pos); this.pos += 4; return x; }
  u64(): number { const x = Number(this.v.getBigUint64(this.pos)); this.pos += 8; return x; }
  s64(): number { const x = Number(this.v.getBigInt64(this.pos)); this.pos += 8; return x; }
  /** An unsigned value of `size` bytes (addresses: 4 or 8). */
  sized(size: number): number {
    switch (size) {
      case 1: return this.u8();
      case 2: return this.u16();
      case 4: return this.u32();
      case 8: return this.u64();
      default: throw new DwarfError(`unsupported value size ${size}`);
    }
  }
  uleb(): number {
    let result = 0; let mul = 1;
    for (;;) { const b = this.u8(); result += (b & 0x7f) * mul; mul *= 128; if ((b & 0x80) === 0) return result; }
  }
  sleb(): number {
    let result = 0; let mul = 1; let b: number;
    do { b = this.u8(); result += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
    return (b & 0x40) !== 0 ? result - mul : result;
  }
  cstr(): string {
    const start = this.pos;
    while (this.v.getUint8(this.pos) !== 0) this.pos++;
    const s = new TextDecoder().decode(new Uint8Array(this.v.buffer, this.v.byteOffset + start, this.pos - start));
    this.pos++;
    return s;
  }
}

export function sectionView(elf: ElfFile, name: string): DataView | undefined {
  const s = elf.sectionByName(name);
  if (s === undefined) return undefined;
  const b = elf.contents(s);
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function stringAt(v: DataView | undefined, off: number): string {
  if (v === undefined) throw new DwarfError(`string offset ${off} but no string section`);
  if (off >= v.byteLength) throw new DwarfError(`string offset ${off} past its section`);
  return new Cursor(v, off).cstr();
}
