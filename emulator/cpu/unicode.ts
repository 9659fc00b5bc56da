// Unicode conversions between UTF-8, UTF-16 and UTF-32: CU12 (CUTFU), CU14, CU21
// (CUUTF), CU24, CU41, CU42. R1 and R2 designate even-odd pairs (address, length) of the
// destination and source. One execution converts everything it can: CC 0 source used up
// (a trailing partial character is left), 1 destination full, 2 invalid character.
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { regAddress, regLength, requireEven, setRegAddress, setRegLength } from './storage-ops';

/** M3 bit 3: well-formedness checking (ETF3 enhancement) for CU12, CU14, CU21, CU24. */
const M3_CHECK = 1;
const SHORT = -1;
const INVALID = -2;

/** Decoder result: code point (or SHORT / INVALID) and source bytes used. */
const dec = { cp: 0, n: 0 };

type Decoder = (cpu: Cpu, a: number, len: number, check: boolean) => void;

const isCont = (b: number): boolean => (b & 0xc0) === 0x80;

const fromUtf8: Decoder = (cpu, a, len, check) => {
  const b0 = cpu.read8(a);
  let n: number;
  let cp: number;
  if (b0 < 0x80) { dec.cp = b0; dec.n = 1; return; }
  if (b0 < 0xc0 || b0 >= 0xf8) { dec.cp = INVALID; return; }
  if (b0 < 0xe0) { n = 2; cp = b0 & 0x1f; } else if (b0 < 0xf0) { n = 3; cp = b0 & 0x0f; } else { n = 4; cp = b0 & 0x07; }
  if (len < n) { dec.cp = SHORT; return; }
  const b1 = cpu.read8(cpu.wrap(a + 1));
  for (let i = 1; i < n; i++) {
    const b = i === 1 ? b1 : cpu.read8(cpu.wrap(a + i));
    if (check && !isCont(b)) { dec.cp = INVALID; return; }
    cp = (cp << 6) | (b & 0x3f);
  }
  if (check) {
    const bad = (n === 2 && b0 < 0xc2)
      || (n === 3 && ((b0 === 0xe0 && b1 < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)))
      || (n === 4 && ((b0 === 0xf0 && b1 < 0x90) || cp > 0x10ffff));
    if (bad) { dec.cp = INVALID; return; }
  }
  dec.cp = cp; dec.n = n;
};

const fromUtf16: Decoder = (cpu, a, len, check) => {
  if (len < 2) { dec.cp = SHORT; return; }
  const w0 = cpu.read16(a);
  if (w0 < 0xd800 || w0 > 0xdbff) { dec.cp = w0; dec.n = 2; return; }
  if (len < 4) { dec.cp = SHORT; return; }
  const w1 = cpu.read16(cpu.wrap(a + 2));
  if (check && (w1 < 0xdc00 || w1 > 0xdfff)) { dec.cp = INVALID; return; }
  dec.cp = (((w0 & 0x3ff) << 10) | (w1 & 0x3ff)) + 0x10000;
  dec.n = 4;
};

const fromUtf32: Decoder = (cpu, a, len) => {
  if (len < 4) { dec.cp = SHORT; return; }
  const v = cpu.read32(a);
  // A high-surrogate value is invalid; low surrogates pass (as the oracle does).
  if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdbff)) { dec.cp = INVALID; return; }
  dec.cp = v; dec.n = 4;
};

/** Encoders: bytes needed for cp, and the store. */
interface Encoder { size(cp: number): number; put(cpu: Cpu, a: number, cp: number): void }

const toUtf8: Encoder = {
  size: (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4),
  put(cpu, a, cp) {
    const n = this.size(cp);
    if (n === 1) { cpu.write8(a, cp); return; }
    const lead = n === 2 ? 0xc0 : n === 3 ? 0xe0 : 0xf0;
    cpu.write8(a, lead | (cp >>> (6 * (n - 1))));
    for (let i = 1; i < n; i++) cpu.write8(cpu.wrap(a + i), 0x80 | ((cp >>> (6 * (n - 1 - i))) & 0x3f));
  },
};

const toUtf16: Encoder = {
  size: (cp) => (cp < 0x10000 ? 2 : 4),
  put(cpu, a, cp) {
    if (cp < 0x10000) { cpu.write16(a, cp); return; }
    const v = cp - 0x10000;
    cpu.write16(a, 0xd800 | (v >>> 10));
    cpu.write16(cpu.wrap(a + 2), 0xdc00 | (v & 0x3ff));
  },
};

const toUtf32: Encoder = { size: () => 4, put: (cpu, a, cp) => cpu.write32(a, cp) };

function convert(from: Decoder, to: Encoder): Handler {
  return (cpu: Cpu, d: Decoded) => {
    requireEven(d.r1, d.r2);
    const check = (d.m3 & M3_CHECK) !== 0;
    let dst = regAddress(cpu, d.r1), dlen = regLength(cpu, d.r1 + 1);
    let src = regAddress(cpu, d.r2), slen = regLength(cpu, d.r2 + 1);
    let cc = 0;
    try {
      while (slen > 0) {
        from(cpu, src, slen, check);
        if (dec.cp === SHORT) break;
        if (dec.cp === INVALID) { cc = 2; break; }
        const size = to.size(dec.cp);
        if (dlen < size) { cc = 1; break; }
        to.put(cpu, dst, dec.cp);
        dst = cpu.wrap(dst + size); dlen -= size;
        src = cpu.wrap(src + dec.n); slen -= dec.n;
      }
    } finally {
      setRegAddress(cpu, d.r1, dst); setRegLength(cpu, d.r1 + 1, dlen);
      setRegAddress(cpu, d.r2, src); setRegLength(cpu, d.r2 + 1, slen);
    }
    cpu.cc = cc;
  };
}

const cu12 = convert(fromUtf8, toUtf16);
const cu21 = convert(fromUtf16, toUtf8);

export const UNICODE_HANDLERS: HandlerTable = {
  cu12, cu14: convert(fromUtf8, toUtf32),
  cu21, cu24: convert(fromUtf16, toUtf32),
  cu41: convert(fromUtf32, toUtf8), cu42: convert(fromUtf32, toUtf16),
};
