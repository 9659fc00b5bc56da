// SIGNAL PROCESSOR orders between the machine's CPUs (PoP "Signal Processor"), with the
// condition codes and status bits QEMU's s390-ccw-virtio machine gives for them. All CPUs
// run on one thread here, so an order takes effect before SIGP completes.
import type { Vcpu } from './vcpu';

/** SIGP order codes (second-operand address bits 56-63). */
export const SIGP_ORDER = {
  SENSE: 0x01,
  EXTERNAL_CALL: 0x02,
  EMERGENCY_SIGNAL: 0x03,
  START: 0x04,
  STOP: 0x05,
  RESTART: 0x06,
  STOP_AND_STORE_STATUS: 0x09,
  INITIAL_CPU_RESET: 0x0b,
  CPU_RESET: 0x0c,
  SET_PREFIX: 0x0d,
  STORE_STATUS_AT_ADDRESS: 0x0e,
  SET_ARCHITECTURE: 0x12,
  CONDITIONAL_EMERGENCY_SIGNAL: 0x13,
  SENSE_RUNNING_STATUS: 0x15,
} as const;

/** Status bits stored in R1 bits 32-63 with condition code 1. */
export const SIGP_STATUS = {
  EQUIPMENT_CHECK: 0x8000_0000,
  NOT_RUNNING: 0x0000_0400,
  INCORRECT_STATE: 0x0000_0200,
  INVALID_PARAMETER: 0x0000_0100,
  EXTERNAL_CALL_PENDING: 0x0000_0080,
  STOPPED: 0x0000_0040,
  OPERATOR_INTERVENING: 0x0000_0020,
  CHECK_STOP: 0x0000_0010,
  INOPERATIVE: 0x0000_0004,
  INVALID_ORDER: 0x0000_0002,
  RECEIVER_CHECK: 0x0000_0001,
} as const;

export const SIGP_CC = {
  ACCEPTED: 0,
  STATUS_STORED: 1,
  BUSY: 2,
  NOT_OPERATIONAL: 3,
} as const;

/** A SIGP outcome: condition code, and the status for condition code 1. */
export interface SigpResult {
  readonly cc: number;
  readonly status: number;
}

/** What the orders need from the machine. */
export interface SigpHost {
  readonly vcpus: readonly Vcpu[];
  readonly memory: number;
  readonly view: DataView;
  /** Called after a store into guest storage (invalidates decoded code). */
  written(abs: number, len: number): void;
  /**
   * Whether `v` is running on a host CPU right now (sense running status). Without this,
   * every CPU that is not stopped counts as running.
   */
  isRunning?(v: Vcpu): boolean;
}

const ACCEPTED: SigpResult = { cc: SIGP_CC.ACCEPTED, status: 0 };
const NOT_OPERATIONAL: SigpResult = { cc: SIGP_CC.NOT_OPERATIONAL, status: 0 };
/** Valid bits of a prefix value (bits 33-50 of the parameter). */
const PREFIX_MASK = 0x7fff_e000;
/** Store-status-at-address: the area is 512-byte aligned (bits 55-63 ignored). */
const STATUS_AREA_ALIGN = 512;
const STATUS_AREA_SIZE = 0x200;
/** Store status at the default area starts at absolute 0x1200. */
const DEFAULT_STATUS_AREA = 0x1200;

function status(bits: number): SigpResult {
  return { cc: SIGP_CC.STATUS_STORED, status: bits };
}

/**
 * Performs `order` from `source` to the CPU with address `target`; `parameter` is the
 * 64-bit parameter register as a number (used by set prefix and store status).
 */
export function signalProcessor(host: SigpHost, source: Vcpu, order: number, target: number, parameter: number): SigpResult {
  const t = host.vcpus.find((v) => v.address === target);
  if (t === undefined) return NOT_OPERATIONAL;
  switch (order) {
    case SIGP_ORDER.SENSE: {
      let bits = 0;
      if (t.stopped) bits |= SIGP_STATUS.STOPPED;
      if (t.externalCallFrom >= 0) bits |= SIGP_STATUS.EXTERNAL_CALL_PENDING;
      return bits === 0 ? ACCEPTED : status(bits);
    }
    case SIGP_ORDER.EXTERNAL_CALL:
      if (t.externalCallFrom >= 0) return status(SIGP_STATUS.EXTERNAL_CALL_PENDING);
      t.externalCallFrom = source.address;
      return ACCEPTED;
    case SIGP_ORDER.EMERGENCY_SIGNAL:
    case SIGP_ORDER.CONDITIONAL_EMERGENCY_SIGNAL:
      t.emergencyFrom.add(source.address);
      return ACCEPTED;
    case SIGP_ORDER.START:
      t.cpu.stopped = false;
      return ACCEPTED;
    case SIGP_ORDER.STOP:
      t.cpu.stopped = true;
      return ACCEPTED;
    case SIGP_ORDER.STOP_AND_STORE_STATUS:
      t.cpu.stopped = true;
      storeStatus(host, t, DEFAULT_STATUS_AREA, true);
      return ACCEPTED;
    case SIGP_ORDER.RESTART:
      // Taken when the target next runs (for the issuing CPU: after this SIGP).
      t.restartPending = true;
      t.cpu.stopped = false;
      return ACCEPTED;
    case SIGP_ORDER.INITIAL_CPU_RESET:
      t.initialCpuReset();
      return ACCEPTED;
    case SIGP_ORDER.CPU_RESET:
      t.cpuReset();
      return ACCEPTED;
    case SIGP_ORDER.SET_PREFIX: {
      if (!t.stopped) return status(SIGP_STATUS.INCORRECT_STATE);
      const prefix = (parameter % 0x1_0000_0000) & PREFIX_MASK;
      if (prefix + 0x2000 > host.memory) return status(SIGP_STATUS.INVALID_PARAMETER);
      t.cpu.prefix = prefix >>> 0;
      return ACCEPTED;
    }
    case SIGP_ORDER.STORE_STATUS_AT_ADDRESS: {
      if (!t.stopped) return status(SIGP_STATUS.INCORRECT_STATE);
      const at = parameter - (parameter % STATUS_AREA_ALIGN);
      if (at + STATUS_AREA_SIZE > host.memory) return status(SIGP_STATUS.INVALID_PARAMETER);
      storeStatus(host, t, at, false);
      return ACCEPTED;
    }
    case SIGP_ORDER.SET_ARCHITECTURE: {
      // With CZAM the CPUs are always in z/Architecture mode and the order is rejected.
      const othersStopped = host.vcpus.every((v) => v === source || v.stopped);
      return status(othersStopped ? SIGP_STATUS.INVALID_PARAMETER : SIGP_STATUS.INCORRECT_STATE);
    }
    case SIGP_ORDER.SENSE_RUNNING_STATUS:
      return t.stopped || !(host.isRunning?.(t) ?? true) ? status(SIGP_STATUS.NOT_RUNNING) : ACCEPTED;
    default:
      return status(SIGP_STATUS.INVALID_ORDER);
  }
}

function storeStatus(host: SigpHost, t: Vcpu, at: number, defaultArea: boolean): void {
  t.storeStatus(host.view, at, defaultArea);
  host.written(at, STATUS_AREA_SIZE);
  if (defaultArea) host.written(0, 0x100);
}
