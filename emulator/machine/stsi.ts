// STORE SYSTEM INFORMATION: the configuration levels (1 basic machine, 2 logical
// partition, 3 virtual machine) and their system-information blocks (SYSIB 1.1.1, 1.2.1,
// 1.2.2, 2.2.1, 2.2.2, 3.2.2), with Kuli's identity in them. Field offsets follow the
// PoP ("STORE SYSTEM INFORMATION") and what QEMU stores (test/guests/probe).
import { ASCII_TO_EBCDIC } from './ebcdic';

/** The level this machine reports with function code 0: a virtual machine. */
export const CURRENT_LEVEL = 3;
const SYSIB_SIZE = 4096;

export const IDENTITY = {
  manufacturer: 'KULI',
  /** Machine type reported in SYSIB 1.1.1 and by STIDP: a z196 (2817). */
  type: '2817',
  typeNumber: 0x2817,
  model: 'KULI',
  sequence: 'KULI',
  plant: 'KULI',
  lparName: 'KULI',
  vmName: 'KULIVM',
  /** Linux recognises a KVM host by "KVM" at the start (then picks the VT220 console, as under QEMU). */
  controlProgram: 'KVM/KULI',
  /** Capability rating reported for every level (QEMU reports 1000 too). */
  capability: 1000,
} as const;

function ebcdic(block: Uint8Array, at: number, text: string, width: number): void {
  for (let i = 0; i < width; i++) block[at + i] = ASCII_TO_EBCDIC[i < text.length ? text.charCodeAt(i) : 0x20];
}

/**
 * The SYSIB for function code `fc` and selectors `sel1`.`sel2`, or undefined when the
 * combination is not provided (condition code 3).
 */
export function systemInformationBlock(fc: number, sel1: number, sel2: number, cpuCount: number): Uint8Array | undefined {
  if (fc < 1 || fc > CURRENT_LEVEL) return undefined;
  const key = `${fc}.${sel1}.${sel2}`;
  const b = new Uint8Array(SYSIB_SIZE);
  const v = new DataView(b.buffer);
  switch (key) {
    case '1.1.1':
      ebcdic(b, 0x20, IDENTITY.manufacturer, 16);
      ebcdic(b, 0x30, IDENTITY.type, 4);
      ebcdic(b, 0x40, IDENTITY.model, 16);
      ebcdic(b, 0x50, IDENTITY.sequence, 16);
      ebcdic(b, 0x60, IDENTITY.plant, 4);
      return b;
    case '1.2.1':
    case '2.2.1':
      ebcdic(b, 0x50, IDENTITY.sequence, 16);
      ebcdic(b, 0x60, IDENTITY.plant, 4);
      return b;
    case '1.2.2':
      v.setUint32(0x20, IDENTITY.capability);
      v.setUint16(0x24, cpuCount);
      v.setUint16(0x26, cpuCount);
      return b;
    case '2.2.2':
      b[0x23] = 0x80; // dedicated CPUs
      v.setUint16(0x24, cpuCount);
      v.setUint16(0x26, cpuCount);
      ebcdic(b, 0x2c, IDENTITY.lparName, 8);
      v.setUint32(0x34, IDENTITY.capability);
      return b;
    case '3.2.2':
      b[0x1f] = 1; // one virtual-machine description
      v.setUint16(0x24, cpuCount);
      v.setUint16(0x26, cpuCount);
      ebcdic(b, 0x2c, IDENTITY.vmName, 8);
      v.setUint32(0x34, IDENTITY.capability);
      ebcdic(b, 0x38, IDENTITY.controlProgram, 16);
      return b;
    default:
      return undefined;
  }
}

/**
 * The CPU ID STIDP stores: version code 0 (as under a hypervisor), the CPU address in
 * the identification number, the machine type and format 0.
 */
export function cpuId(cpuAddress: number): [number, number] {
  return [cpuAddress & 0xff, (IDENTITY.typeNumber << 16) >>> 0];
}
