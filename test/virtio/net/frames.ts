// Ethernet frames for virtio-net tests.
export const BROADCAST = 'ff:ff:ff:ff:ff:ff';

export function mac(text: string): Uint8Array {
  return Uint8Array.from(text.split(':'), (h) => parseInt(h, 16));
}

/** A frame from `src` to `dst` with ethertype 0x88b5 (local experimental) and `payload` bytes of `fill`. */
export function frame(dst: string, src: string, payload = 46, fill = 0xab): Uint8Array {
  const f = new Uint8Array(14 + payload).fill(fill);
  f.set(mac(dst), 0);
  f.set(mac(src), 6);
  f[12] = 0x88;
  f[13] = 0xb5;
  return f;
}
