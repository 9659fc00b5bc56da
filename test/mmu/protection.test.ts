// Low-address protection and key-controlled protection (PoP "Protection"), with DAT off
// and on, the CR0 overrides, and reference/change recording.
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../emulator/cpu/cpu';
import { ASCE, TABLE_TYPE } from '../../emulator/mmu/dat';
import { CR0, keysOf, STORAGE_KEY } from '../../emulator/mmu/keys';
import { CODE, newDatCpu, runCode, setReg, Tables } from './tables';

const LG = 'e31020000004'; // lg %r1,0(%r2)
const STG = 'e31020000024'; // stg %r1,0(%r2)
const PROT = 0x04;

function setKey(cpu: Cpu, abs: number, acc: number, fetchProtect = false): void {
  keysOf(cpu)[abs >>> 12] = (acc << STORAGE_KEY.ACC_SHIFT) | (fetchProtect ? STORAGE_KEY.FETCH_PROTECTION : 0);
}

describe('low-address protection', () => {
  const cases: { name: string; addr: number; protectedStore: boolean }[] = [
    { name: 'location 0', addr: 0, protectedStore: true },
    { name: 'location 0x1f8', addr: 0x1f8, protectedStore: true },
    { name: 'location 0x200', addr: 0x200, protectedStore: false },
    { name: 'location 0x1000', addr: 0x1000, protectedStore: true },
    { name: 'location 0x11f8', addr: 0x11f8, protectedStore: true },
    { name: 'location 0x1200', addr: 0x1200, protectedStore: false },
    { name: 'location 0x2000', addr: 0x2000, protectedStore: false },
  ];
  for (const c of cases) {
    it(`DAT off: ${c.name}`, () => {
      const cpu = newDatCpu();
      cpu.cr[1] |= CR0.LOW_ADDRESS_PROTECTION;
      setReg(cpu, 2, c.addr);
      const r = runCode(cpu, STG, { dat: false });
      expect(r.pgm).toBe(c.protectedStore ? PROT : 0);
      if (c.protectedStore) {
        expect(r.teid).toBe(BigInt(c.addr & ~0xfff) | 0x400n | 0x80n);
        expect(r.oldPsw).toBe(CODE + 6);
      }
      // Fetches are never low-address protected.
      expect(runCode(cpu, LG, { dat: false }).pgm).toBe(0);
    });
  }

  it('applies to effective addresses under DAT, not in private spaces', () => {
    const cpu = newDatCpu();
    const t = new Tables(cpu, TABLE_TYPE.SEGMENT).map(CODE, CODE).map(0, 0x80_0000).map(0x1000, 0x80_1000).load(1);
    cpu.cr[1] |= CR0.LOW_ADDRESS_PROTECTION;
    setReg(cpu, 2, 0x100);
    expect(runCode(cpu, STG).pgm).toBe(PROT);
    cpu.cr[3] |= ASCE.PRIVATE;
    expect(runCode(cpu, STG).pgm).toBe(0);
    expect(cpu.mem.getBigUint64(0x80_0100)).toBe(0n);
    t.load(1);
    // A low real address reached from a high effective address is not protected.
    t.map(0x0050_0000, 0);
    setReg(cpu, 2, 0x0050_0100);
    expect(runCode(cpu, STG).pgm).toBe(0);
  });
});

describe('key-controlled protection', () => {
  const F = 0x50_0000;
  const cases: { name: string; psw: number; acc: number; fp?: boolean; cr0?: number; addr?: number; load: boolean; store: boolean }[] = [
    { name: 'key 0 may do anything', psw: 0, acc: 3, fp: true, load: true, store: true },
    { name: 'matching key', psw: 3, acc: 3, fp: true, load: true, store: true },
    { name: 'other key, not fetch protected', psw: 2, acc: 3, load: true, store: false },
    { name: 'other key, fetch protected', psw: 2, acc: 3, fp: true, load: false, store: false },
    { name: 'storage-protection override opens ACC 9', psw: 2, acc: 9, fp: true, cr0: CR0.STORAGE_PROTECTION_OVERRIDE, load: true, store: true },
    { name: 'no override without CR0 bit 39', psw: 2, acc: 9, fp: true, load: false, store: false },
    { name: 'fetch-protection override below 2048', psw: 2, acc: 3, fp: true, cr0: CR0.FETCH_PROTECTION_OVERRIDE, addr: 0x7f8, load: true, store: false },
    { name: 'fetch-protection override stops at 2048', psw: 2, acc: 3, fp: true, cr0: CR0.FETCH_PROTECTION_OVERRIDE, addr: 0x800, load: false, store: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cpu = newDatCpu();
      const addr = c.addr ?? F + 0x10;
      setKey(cpu, addr, c.acc, c.fp);
      cpu.cr[1] |= c.cr0 ?? 0;
      setReg(cpu, 2, addr);
      const load = runCode(cpu, LG, { dat: false, key: c.psw });
      expect(load.pgm).toBe(c.load ? 0 : PROT);
      if (!c.load) expect(load.teid).toBe(BigInt(addr & ~0xfff) | 0x800n);
      const store = runCode(cpu, STG, { dat: false, key: c.psw });
      expect(store.pgm).toBe(c.store ? 0 : PROT);
      if (!c.store) {
        expect(store.teid).toBe(BigInt(addr & ~0xfff) | 0x400n);
        expect(store.oldPsw).toBe(CODE + 6);
      }
    });
  }

  it('applies to the absolute frame under DAT', () => {
    const cpu = newDatCpu();
    new Tables(cpu, TABLE_TYPE.SEGMENT).map(CODE, CODE).map(0x0012_3000, F).load(1);
    setKey(cpu, F, 4);
    setReg(cpu, 2, 0x0012_3008);
    expect(runCode(cpu, STG, { key: 5 }).pgm).toBe(PROT);
    expect(runCode(cpu, STG, { key: 4 }).pgm).toBe(0);
  });

  it('instruction fetch is subject to fetch protection', () => {
    const cpu = newDatCpu();
    setKey(cpu, CODE, 7, true);
    expect(runCode(cpu, LG, { dat: false, key: 6 }).pgm).toBe(PROT);
    expect(runCode(cpu, LG, { dat: false, key: 7 }).pgm).toBe(0);
  });
});

describe('reference and change bits', () => {
  it('are recorded once key tracking is on, the change bit on the first store', () => {
    const cpu = newDatCpu();
    const F = 0x50_0000;
    const keys = keysOf(cpu);
    setReg(cpu, 2, F);
    runCode(cpu, STG, { dat: false });
    expect(keys[F >>> 12]).toBe(0);
    cpu.mmu.domain.trackKeys();
    runCode(cpu, LG, { dat: false });
    expect(keys[F >>> 12]).toBe(STORAGE_KEY.REFERENCE);
    keys[F >>> 12] = 0;
    cpu.mmu.domain.purgeAll();
    runCode(cpu, LG, { dat: false });
    runCode(cpu, STG, { dat: false });
    expect(keys[F >>> 12]).toBe(STORAGE_KEY.REFERENCE | STORAGE_KEY.CHANGE);
    // Code fetches reference the code frame.
    expect(keys[CODE >>> 12] & STORAGE_KEY.REFERENCE).toBe(STORAGE_KEY.REFERENCE);
  });
});
