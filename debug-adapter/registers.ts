// The target's register layout, learned from its target description (qXfer features,
// following xi:include as QEMU splits it into files), so register numbers never have to be
// assumed: Kuli's stub and QEMU's gdbstub number s390x registers differently.
import type { RspClient } from './rsp-client';

export interface RegisterSlot {
  readonly name: string;
  readonly regnum: number;
  readonly bits: number;
}

/** Register entries of a target description, numbered as gdb numbers them. */
export function parseRegisters(xmls: readonly string[]): RegisterSlot[] {
  const out: RegisterSlot[] = [];
  let next = 0;
  for (const xml of xmls) {
    for (const m of xml.matchAll(/<reg\s([^>]*)\/?>/g)) {
      const attr = (k: string): string | undefined => new RegExp(`\\b${k}="([^"]*)"`).exec(m[1])?.[1];
      const name = attr('name');
      const bits = Number(attr('bitsize'));
      if (name === undefined || !(bits > 0)) continue;
      const rn = attr('regnum');
      const regnum = rn !== undefined ? Number(rn) : next;
      next = regnum + 1;
      out.push({ name, regnum, bits });
    }
  }
  return out;
}

/** Reads target.xml and the files it includes, in document order. */
export async function readTargetRegisters(rsp: RspClient): Promise<RegisterSlot[]> {
  const main = await rsp.readXfer('features', 'target.xml');
  const docs: string[] = [];
  // Includes are expanded where they stand so the numbering follows document order.
  const parts = main.split(/(<xi:include\s+href="[^"]+"\s*\/>)/);
  for (const part of parts) {
    const inc = /href="([^"]+)"/.exec(part);
    if (part.startsWith('<xi:include') && inc !== null) docs.push(await rsp.readXfer('features', inc[1]));
    else docs.push(part);
  }
  return parseRegisters(docs);
}

/** DAP scopes: which registers each shows, by name pattern. */
export const REGISTER_GROUPS: readonly { readonly name: string; readonly match: RegExp }[] = [
  { name: 'General registers', match: /^r\d+$/ },
  { name: 'PSW', match: /^psw[ma]$/ },
  { name: 'Control registers', match: /^cr\d+$/ },
  { name: 'Floating point', match: /^(fpc|f\d+)$/ },
  { name: 'Access registers', match: /^acr\d+$/ },
];
