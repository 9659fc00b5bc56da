// Draws media/icon.png, the extension's 128x128 marketplace icon: a processor chip
// (rounded square with pins) carrying a "K". Plain PNG encoder (zlib), 4x4 supersampling.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const S = 4; // samples per pixel and axis

function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Distance from point to segment, for the strokes of the K. */
function segDist(x, y, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

const PIN = [252, 186, 3];
const BODY = [31, 58, 95];
const EDGE = [64, 120, 180];
const INK = [255, 255, 255];

function colourAt(x, y) {
  // The K: a vertical stem and two arms.
  const k = Math.min(segDist(x, y, 48, 38, 48, 90), segDist(x, y, 50, 66, 82, 38), segDist(x, y, 58, 60, 84, 90));
  if (inRoundRect(x, y, 24, 24, 104, 104, 12)) {
    if (k <= 7) return INK;
    return inRoundRect(x, y, 28, 28, 100, 100, 9) ? BODY : EDGE;
  }
  // Pins on all four sides.
  for (let i = 0; i < 5; i++) {
    const c = 36 + i * 14;
    if ((Math.abs(x - c) <= 3.5 && ((y >= 8 && y < 24) || (y > 104 && y <= 120)))
      || (Math.abs(y - c) <= 3.5 && ((x >= 8 && x < 24) || (x > 104 && x <= 120)))) return PIN;
  }
  return undefined;
}

const raw = Buffer.alloc(N * (1 + N * 4));
for (let py = 0; py < N; py++) {
  raw[py * (1 + N * 4)] = 0; // filter: none
  for (let px = 0; px < N; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < S; sy++) {
      for (let sx = 0; sx < S; sx++) {
        const c = colourAt(px + (sx + 0.5) / S, py + (sy + 0.5) / S);
        if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
      }
    }
    const o = py * (1 + N * 4) + 1 + px * 4;
    if (a) { raw[o] = r / a; raw[o + 1] = g / a; raw[o + 2] = b / a; }
    raw[o + 3] = Math.round((255 * a) / (S * S));
  }
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
