// Test helper: a driver's side of virtio-ccw without a CPU. Builds format-1 channel
// programs in guest memory, starts them through the channel subsystem as SSCH would, and
// collects the IRB with TSCH, so transport tests read like Linux's virtio_ccw driver.
import type { SubchannelId } from '../../../emulator/cpu/io-instructions';
import type { Machine } from '../../../emulator/machine/machine';

/** Where the test driver keeps its channel program, data and rings. */
export const AT = { ORB: 0x8000, CCW: 0x9000, DATA: 0xa000, DESC: 0x10000, AVAIL: 0x11000, USED: 0x12000, IND: 0x13000, SUMMARY: 0x13100, CONF_IND: 0x13200, BUF: 0x14000 } as const;
export const ISC = 3;

export interface Step {
  code: number;
  data?: number[];
  count?: number;
  flags?: number;
  cda?: number;
}

export interface Irb {
  cc: number;
  flags: number;
  ctrl: number;
  cpa: number;
  dstat: number;
  cstat: number;
  residual: number;
  sense0: number;
  /** The data area of each step after the program ran. */
  data: Uint8Array[];
}

export const sid = (number: number): SubchannelId => ({ cssid: 0, m: false, ssid: 0, number });

export class TestDriver {
  constructor(readonly machine: Machine, readonly number = 0) {}

  get dv(): DataView { return this.machine.storage.view; }
  get bytes(): Uint8Array { return this.machine.storage.bytes; }

  /** STSCH, set ENA, ISC and concurrent sense, MSCH (as Linux's cio_enable_subchannel). */
  enable(intparm = 0x1234): number {
    const schib = this.machine.css.storeSubchannel(sid(this.number));
    if (schib === undefined) throw new Error('no subchannel');
    const v = new DataView(schib.buffer);
    v.setUint32(0, intparm);
    v.setUint16(4, v.getUint16(4) | 0x0080 | (ISC << 11));
    v.setUint32(24, v.getUint32(24) | 1);
    return this.machine.css.modifySubchannel(sid(this.number), schib);
  }

  /** Runs a chained program; returns SSCH's cc and, if it started, the IRB. */
  run(steps: Step[], orbFlags = 0x0080): Irb {
    const dataAt: number[] = [];
    let d: number = AT.DATA;
    steps.forEach((s, i) => {
      const count = s.count ?? s.data?.length ?? 0;
      const cda = s.cda ?? d;
      if (s.cda === undefined) {
        this.bytes.fill(0, d, d + Math.max(count, 1) + 8);
        if (s.data) this.bytes.set(s.data, d);
        d += (Math.max(count, 1) + 15) & ~7;
      }
      dataAt.push(cda);
      const at = AT.CCW + 8 * i;
      this.bytes[at] = s.code;
      this.bytes[at + 1] = (s.flags ?? 0) | (i < steps.length - 1 ? 0x40 : 0);
      this.dv.setUint16(at + 2, count);
      this.dv.setUint32(at + 4, cda);
    });
    const orb = new Uint8Array(12);
    const o = new DataView(orb.buffer);
    o.setUint32(0, 0xcafe0000);
    o.setUint16(4, orbFlags);
    orb[6] = 0x80;
    o.setUint32(8, AT.CCW);
    const cc = this.machine.css.startSubchannel(sid(this.number), orb);
    return this.collect(cc, steps.map((s, i) => this.bytes.slice(dataAt[i], dataAt[i] + (s.count ?? s.data?.length ?? 0))));
  }

  collect(cc: number, data: Uint8Array[] = []): Irb {
    const t = this.machine.css.testSubchannel(sid(this.number));
    if (t === undefined) throw new Error('TSCH cc 3');
    const v = new DataView(t.irb.buffer);
    return {
      cc: cc !== 0 ? cc : t.cc, flags: v.getUint16(0), ctrl: v.getUint16(2), cpa: v.getUint32(4), dstat: t.irb[8], cstat: t.irb[9], residual: v.getUint16(10), sense0: t.irb[32], data,
    };
  }
}

/** Big-endian bytes of a number of `n` bytes. */
export function be(value: number, n: number): number[] {
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
  return out;
}
