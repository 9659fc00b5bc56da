// The channel subsystem's bookkeeping with fake subchannels: visibility by subchannel set
// and image, "no more subchannels" past the last one, I/O interruptions by ISC, channel
// reports. (The device-less configuration is checked against QEMU by test/guests/css.)
import { describe, expect, it } from 'vitest';
import type { SubchannelId, TestResult } from '../../emulator/cpu/io-instructions';
import { ChannelSubsystem, CSS_LIMITS } from '../../emulator/io/css';
import type { Subchannel } from '../../emulator/io/subchannel';
import { subchannelWord } from '../../emulator/io/subchannel';

class FakeSubchannel implements Subchannel {
  readonly cssid: number = CSS_LIMITS.VIRTUAL_CSSID;
  constructor(readonly ssid: number, readonly number: number) {}
  store(): Uint8Array { return Uint8Array.of(this.ssid, this.number >> 8, this.number & 0xff); }
  modify(): number { return 0; }
  start(): number { return 0; }
  test(): TestResult { return { cc: 1, irb: new Uint8Array(64) }; }
  clear(): number { return 0; }
  halt(): number { return 1; }
  cancel(): number { return 2; }
  resume(): number { return 0; }
}

const id = (ssid: number, number: number, cssid = 0, m = false): SubchannelId => ({ cssid, m, ssid, number });

describe('channel subsystem', () => {
  const css = new ChannelSubsystem();
  css.attach(new FakeSubchannel(0, 0));
  css.attach(new FakeSubchannel(0, 5));
  css.attach(new FakeSubchannel(1, 0));
  const cases: { name: string; sid: SubchannelId; mss?: boolean; expected: number[] | 'cc3' }[] = [
    { name: 'first subchannel', sid: id(0, 0), expected: [0, 0, 0] },
    { name: 'gap below the last: empty SCHIB', sid: id(0, 3), expected: new Array<number>(52).fill(0) },
    { name: 'past the last: no more subchannels', sid: id(0, 6), expected: 'cc3' },
    { name: 'explicit virtual CSS id', sid: id(0, 5, CSS_LIMITS.VIRTUAL_CSSID, true), expected: [0, 0, 5] },
    { name: 'image 0 does not exist', sid: id(0, 0, 0, true), expected: 'cc3' },
    { name: 'set 1 before MSS is enabled', sid: id(1, 0), expected: 'cc3' },
    { name: 'set 1 after MSS is enabled', sid: id(1, 0), mss: true, expected: [1, 0, 0] },
    { name: 'set 2 with nothing attached', sid: id(2, 0), mss: true, expected: 'cc3' },
  ];
  for (const c of cases) {
    it(`STSCH: ${c.name}`, () => {
      if (c.mss) css.enableMultipleSubchannelSets();
      const r = css.storeSubchannel(c.sid);
      if (c.expected === 'cc3') expect(r).toBeUndefined();
      else expect(Array.from(r ?? [])).toEqual(c.expected);
    });
  }
  it('the control functions reach the subchannel, absent ones give cc 3', () => {
    expect([css.haltSubchannel(id(0, 0)), css.cancelSubchannel(id(0, 0)), css.clearSubchannel(id(0, 9))]).toEqual([1, 2, 3]);
  });
  it('rejects a second subchannel at the same id', () => {
    expect(() => css.attach(new FakeSubchannel(0, 5))).toThrow(/already in use/);
  });
});

describe('I/O interruptions and channel reports', () => {
  const isc = (n: number): number => (n << 27) >>> 0;
  it('are taken lowest enabled ISC first, FIFO within an ISC', () => {
    const css = new ChannelSubsystem();
    let wakeups = 0;
    css.onInterruption = () => { wakeups++; };
    const sid = subchannelWord(0, 0, 1, false);
    css.raiseInterruption({ sid, parameter: 1, word: isc(3) });
    css.raiseInterruption({ sid, parameter: 2, word: isc(1) });
    css.raiseInterruption({ sid, parameter: 3, word: isc(3) });
    expect(wakeups).toBe(3);
    expect(css.interruptionPending(0x80)).toBe(false);
    expect(css.takeIoInterruption(0x10)?.parameter).toBe(1);
    expect(css.takeIoInterruption(0xff)?.parameter).toBe(2);
    expect(css.takeIoInterruption(0xff)?.parameter).toBe(3);
    expect(css.takeIoInterruption(0xff)).toBeUndefined();
  });
  it('withdraws a subchannel interruption', () => {
    const css = new ChannelSubsystem();
    css.raiseInterruption({ sid: 0x10001, parameter: 7, word: isc(2) });
    css.withdrawInterruption(0x10001);
    expect(css.anyInterruptionPending).toBe(false);
  });
  it('channel report words come out in order, a requeued one first', () => {
    const css = new ChannelSubsystem();
    css.reports.push(0x44020001);
    css.reports.push(0x44020002);
    const first = css.takeChannelReport() as number;
    css.requeueChannelReport(first);
    expect([css.takeChannelReport(), css.takeChannelReport(), css.takeChannelReport()]).toEqual([0x44020001, 0x44020002, undefined]);
  });
  it('the subchannel word has the one bit, the set and the number', () => {
    expect(subchannelWord(0, 2, 0x1234, false)).toBe(0x0005_1234);
    expect(subchannelWord(0xfe, 0, 1, true)).toBe(0xfe09_0001);
  });
});

describe('detach (device unplug)', () => {
  it('removes the subchannel, its pending interruption, and lowers "no more subchannels"', () => {
    const css = new ChannelSubsystem();
    const a = new FakeSubchannel(0, 0);
    const b = new FakeSubchannel(0, 1);
    css.attach(a);
    css.attach(b);
    css.raiseInterruption({ sid: subchannelWord(0xfe, 0, 1, false), parameter: 1, word: 3 << 27 });
    css.raiseInterruption({ sid: subchannelWord(0xfe, 0, 0, false), parameter: 2, word: 3 << 27 });
    css.detach(b);
    expect(css.storeSubchannel(id(0, 1))).toBeUndefined();
    expect(css.storeSubchannel(id(0, 0))).toBeDefined();
    expect(css.dequeue(0xff)?.parameter).toBe(2);
    expect(css.dequeue(0xff)).toBeUndefined();
    css.detach(a);
    expect(css.storeSubchannel(id(0, 0))).toBeUndefined();
    css.attach(new FakeSubchannel(0, 1));
    expect(css.storeSubchannel(id(0, 0))).toEqual(new Uint8Array(52));
  });
});
