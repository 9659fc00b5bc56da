// GDB remote serial protocol framing (gdb manual "Overview" of the remote protocol):
// `$data#cc` packets with a modulo-256 checksum, `}`-escaping of binary data, run-length
// encoding, `+`/`-` acknowledgements and the out-of-band 0x03 interrupt byte. Pure
// functions and a byte-stream parser; nothing here touches sockets or the machine.

/** Bytes with a meaning in the framing. */
export const RSP = {
  START: 0x24, // '$'
  END: 0x23, // '#'
  ESCAPE: 0x7d, // '}'
  ESCAPE_XOR: 0x20,
  RLE: 0x2a, // '*'
  ACK: 0x2b, // '+'
  NACK: 0x2d, // '-'
  INTERRUPT: 0x03,
  /** A run-length count n is sent as the character n + 29. */
  RLE_BIAS: 29,
} as const;

/** Largest packet body we accept (and announce as PacketSize); longer input is dropped. */
export const MAX_PACKET = 0x4000;

export function checksum(data: Uint8Array): number {
  let sum = 0;
  for (const b of data) sum = (sum + b) & 0xff;
  return sum;
}

/**
 * Frames a reply body as `$body#cc`. The body goes as given: gdb undoes `}` escapes only
 * where binary data is expected (qXfer), so callers escape those bodies themselves.
 */
export function frame(body: Uint8Array): Uint8Array {
  const esc = body;
  const out = new Uint8Array(esc.length + 4);
  out[0] = RSP.START;
  out.set(esc, 1);
  out[esc.length + 1] = RSP.END;
  const cs = hex2(checksum(esc));
  out[esc.length + 2] = cs.charCodeAt(0);
  out[esc.length + 3] = cs.charCodeAt(1);
  return out;
}

export function frameText(body: string): Uint8Array {
  return frame(latin1(body));
}

function needsEscape(b: number): boolean {
  return b === RSP.START || b === RSP.END || b === RSP.ESCAPE || b === RSP.RLE;
}

export function escapeBinary(data: Uint8Array): Uint8Array {
  let n = 0;
  for (const b of data) n += needsEscape(b) ? 2 : 1;
  if (n === data.length) return data;
  const out = new Uint8Array(n);
  let j = 0;
  for (const b of data) {
    if (needsEscape(b)) {
      out[j++] = RSP.ESCAPE;
      out[j++] = b ^ RSP.ESCAPE_XOR;
    } else {
      out[j++] = b;
    }
  }
  return out;
}

/** Undoes `}` escaping (binary data of X and vFile packets). Undefined for a dangling `}`. */
export function unescapeBinary(data: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(data.length);
  let j = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === RSP.ESCAPE) {
      if (++i >= data.length) return undefined;
      out[j++] = data[i] ^ RSP.ESCAPE_XOR;
    } else {
      out[j++] = data[i];
    }
  }
  return out.subarray(0, j);
}

/**
 * Expands run-length encoding: `X*n` repeats X (n - 29) more times. Undefined when a `*`
 * has no preceding character or count. Applied to text bodies only, never to X data.
 */
export function decodeRle(data: Uint8Array): Uint8Array | undefined {
  if (!data.includes(RSP.RLE)) return data;
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b !== RSP.RLE) {
      out.push(b);
      continue;
    }
    if (out.length === 0 || i + 1 >= data.length) return undefined;
    const count = data[++i] - RSP.RLE_BIAS;
    if (count < 0 || count > MAX_PACKET) return undefined;
    const last = out[out.length - 1];
    for (let k = 0; k < count; k++) out.push(last);
  }
  return Uint8Array.from(out);
}

/**
 * Run-length encodes printable text. Runs of 4 or more become `X*c`; a count whose
 * character would be `#` or `$` (6, 7) is shortened, as the protocol forbids them.
 */
export function encodeRle(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let run = 1;
    while (i + run < text.length && text[i + run] === c && run < 98) run++;
    if (run < 4) {
      out += c.repeat(run);
      i += run;
      continue;
    }
    let extra = run - 1;
    if (extra === 6 || extra === 7) extra = 5;
    out += `${c}*${String.fromCharCode(extra + RSP.RLE_BIAS)}`;
    i += extra + 1;
  }
  return out;
}

export function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

export function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function toLatin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x2000) s += String.fromCharCode(...b.subarray(i, i + 0x2000));
  return s;
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += hex2(x);
  return s;
}

/** Hex text to bytes; undefined for odd length or a non-hex digit. */
export function hexToBytes(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** What the parser found in the byte stream. */
export type RspEvent =
  | { readonly kind: 'packet'; readonly data: Uint8Array }
  | { readonly kind: 'bad-checksum' }
  | { readonly kind: 'ack' }
  | { readonly kind: 'nack' }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'overflow' };

/**
 * Incremental parser of the stream a debugger sends: packets (body still escaped, RLE
 * expanded by the caller as needed), acks, and 0x03 outside packets. Garbage between
 * packets is skipped; an over-long packet is reported once and dropped.
 */
export class PacketParser {
  private state: 'idle' | 'body' | 'cs1' | 'cs2' = 'idle';
  private body: number[] = [];
  private cs = 0;
  /** Running sum of every body byte (kept even past MAX_PACKET). */
  private sum = 0;
  private overflow = false;

  feed(chunk: Uint8Array): RspEvent[] {
    const events: RspEvent[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case 'idle':
          if (b === RSP.START) { this.state = 'body'; this.body = []; this.sum = 0; this.overflow = false; }
          else if (b === RSP.ACK) events.push({ kind: 'ack' });
          else if (b === RSP.NACK) events.push({ kind: 'nack' });
          else if (b === RSP.INTERRUPT) events.push({ kind: 'interrupt' });
          break;
        case 'body':
          if (b === RSP.END) this.state = 'cs1';
          else if (b === RSP.START) { this.body = []; this.sum = 0; this.overflow = false; }
          else {
            this.sum = (this.sum + b) & 0xff;
            if (this.body.length < MAX_PACKET) this.body.push(b);
            else this.overflow = true;
          }
          break;
        case 'cs1':
          this.cs = hexDigit(b) << 4;
          this.state = hexDigit(b) < 0 ? 'idle' : 'cs2';
          if (this.state === 'idle') events.push({ kind: 'bad-checksum' });
          break;
        case 'cs2': {
          this.state = 'idle';
          const data = Uint8Array.from(this.body);
          this.body = [];
          if (hexDigit(b) < 0 || (this.cs | hexDigit(b)) !== this.sum) events.push({ kind: 'bad-checksum' });
          else if (this.overflow) events.push({ kind: 'overflow' });
          else events.push({ kind: 'packet', data });
          break;
        }
      }
    }
    return events;
  }
}

function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}
