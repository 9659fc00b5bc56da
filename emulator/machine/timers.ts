// Time for the guest: the TOD clock (PoP "Time-of-Day Clock", bit 51 = 1 microsecond,
// epoch 1900-01-01) derived from the host clock, and each CPU's CPU timer and clock
// comparator. Interruption conditions are kept as host deadlines (milliseconds), so the
// run loop checks them with plain number comparisons.

/** The host's clocks, behind an interface so tests and workers can substitute them. */
export interface HostClock {
  /** Monotonic milliseconds (fractional), like performance.now(). */
  now(): number;
  /** Wall-clock milliseconds since 1970-01-01 UTC, like Date.now(). */
  wallMs(): number;
  /** Blocks the calling thread for up to `ms` milliseconds (idle vcpus). */
  sleep(ms: number): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export const HOST_CLOCK: HostClock = {
  now: () => performance.now(),
  wallMs: () => Date.now(),
  sleep: (ms) => { if (ms > 0) Atomics.wait(sleeper, 0, 0, ms); },
};

/** TOD-clock units (2^-12 microsecond) per millisecond. */
export const TOD_PER_MS = 4_096_000;
const TOD_PER_MS_BIG = 4_096_000n;
/** Seconds from the TOD epoch (1900-01-01) to the Unix epoch (1970-01-01). */
const EPOCH_1900_TO_1970_S = 2_208_988_800n;
const MASK64 = (1n << 64n) - 1n;

/** Milliseconds from now until `units` TOD units have passed, as a number. */
function unitsToMs(units: bigint): number {
  return Number(units) / TOD_PER_MS;
}

/** The machine's TOD clock, shared by all CPUs. */
export class TodClock {
  private readonly start: number;
  /** TOD value at host time `start`, including any SET CLOCK adjustment. */
  private base: bigint;
  private last = 0n;

  constructor(readonly host: HostClock = HOST_CLOCK) {
    this.start = host.now();
    this.base = (EPOCH_1900_TO_1970_S * 1000n + BigInt(Math.floor(host.wallMs()))) * TOD_PER_MS_BIG;
  }

  private raw(): bigint {
    return (this.base + BigInt(Math.floor((this.host.now() - this.start) * TOD_PER_MS))) & MASK64;
  }

  /**
   * TOD bits 0-63. Successive values are strictly increasing, as STORE CLOCK requires
   * (the clock never appears to stand still between two stores).
   */
  read(): bigint {
    let v = this.raw();
    if (v <= this.last) v = (this.last + 1n) & MASK64;
    this.last = v;
    return v;
  }

  /** SET CLOCK: the clock continues counting from `value`. */
  set(value: bigint): void {
    this.base += (value & MASK64) - this.raw();
    this.last = (value - 1n) & MASK64;
  }

  /** Host time (ms, HostClock.now scale) at which the clock reaches `tod`. */
  hostTimeOf(tod: bigint): number {
    const t = tod & MASK64;
    const raw = this.raw();
    // Unsigned: today's clock is above 2^63, so signed differences would wrap.
    return t <= raw ? this.host.now() - unitsToMs(raw - t) : this.host.now() + unitsToMs(t - raw);
  }
}

/** A CPU's CPU timer (a signed 64-bit count decremented in TOD units) and clock comparator. */
export class CpuClocks {
  private timerValue = 0n;
  private timerSetAt: number;
  private comparator = 0n;
  /** Host time at which the CPU timer becomes negative. */
  timerDeadline: number;
  /** Host time after which the TOD clock exceeds the clock comparator. */
  comparatorDeadline: number;

  constructor(private readonly tod: TodClock) {
    this.timerSetAt = tod.host.now();
    this.timerDeadline = this.timerSetAt;
    this.comparatorDeadline = -Infinity;
  }

  /** The CPU timer now (signed). */
  cpuTimer(): bigint {
    const elapsed = BigInt(Math.floor((this.tod.host.now() - this.timerSetAt) * TOD_PER_MS));
    return BigInt.asIntN(64, this.timerValue - elapsed);
  }

  setCpuTimer(value: bigint): void {
    this.timerValue = BigInt.asIntN(64, value);
    this.timerSetAt = this.tod.host.now();
    // Negative means the request is already pending; +1 unit: "less than zero".
    this.timerDeadline = this.timerSetAt + unitsToMs(this.timerValue + 1n);
  }

  clockComparator(): bigint {
    return this.comparator;
  }

  setClockComparator(value: bigint): void {
    this.comparator = value & MASK64;
    this.recomputeComparator();
  }

  /** Called after SET CLOCK moves the TOD clock. */
  recomputeComparator(): void {
    this.comparatorDeadline = this.tod.hostTimeOf(this.comparator);
  }

  /** CPU-timer interruption condition: the timer is negative. */
  timerPending(now: number): boolean {
    return now >= this.timerDeadline;
  }

  /** Clock-comparator interruption condition: TOD clock > comparator (unsigned). */
  comparatorPending(now: number): boolean {
    return now > this.comparatorDeadline;
  }

  /** Initial CPU reset: both registers zero. */
  reset(): void {
    this.setCpuTimer(0n);
    this.setClockComparator(0n);
  }
}
