// Builds small big-endian ELF64 s390 executables in memory for machine and loader tests.

export interface Seg {
  paddr: number;
  data: number[] | Uint8Array;
  /** Memory size; defaults to the data length. */
  memsz?: number;
  /** p_type; default PT_LOAD. */
  type?: number;
}

/** A big-endian ELF64 s390 executable with the given segments (file layout: headers, then data). */
export function elf(entry: number, segs: Seg[], machine = 22): Uint8Array {
  const ehdr = 64;
  const phdr = 56;
  let offset = ehdr + phdr * segs.length;
  const parts: { off: number; data: Uint8Array }[] = [];
  const out = new Uint8Array(offset + segs.reduce((n, s) => n + s.data.length, 0));
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 2, 1]);
  v.setUint16(16, 2); // ET_EXEC
  v.setUint16(18, machine);
  v.setUint32(20, 1);
  v.setBigUint64(24, BigInt(entry));
  v.setBigUint64(32, BigInt(ehdr));
  v.setUint16(52, ehdr);
  v.setUint16(54, phdr);
  v.setUint16(56, segs.length);
  v.setUint16(58, 64);
  segs.forEach((s, i) => {
    const at = ehdr + i * phdr;
    const data = Uint8Array.from(s.data);
    v.setUint32(at, s.type ?? 1);
    v.setUint32(at + 4, 7);
    v.setBigUint64(at + 8, BigInt(offset));
    v.setBigUint64(at + 16, BigInt(s.paddr));
    v.setBigUint64(at + 24, BigInt(s.paddr));
    v.setBigUint64(at + 32, BigInt(data.length));
    v.setBigUint64(at + 40, BigInt(s.memsz ?? data.length));
    parts.push({ off: offset, data });
    offset += data.length;
  });
  for (const p of parts) out.set(p.data, p.off);
  return out;
}

