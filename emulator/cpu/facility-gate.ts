// Instructions that exist only with a facility the CPU model may not install: on a CPU
// without the facility they are unassigned opcodes, so they raise an operation
// exception -- the behaviour the STFLE facility list promises. One table maps each
// facility to its instructions; `gatedHandlers` turns it into handlers, wrapping an
// implementation when there is one (so turning the facility bit on enables it). Listed:
// facilities nobody implements (transactional execution, guarded storage, CPACF, sort,
// DEFLATE, NNPA, activity instrumentation). Domains that implement instructions of an
// uninstalled facility wrap their handlers in `requireFacility` themselves.
import type { Cpu } from './cpu';
import type { Decoded, Handler, HandlerTable } from './decoded';
import { GuestHalt, PGM, ProgramInterrupt } from './interrupts';
import { hasFacility } from '../machine/facilities';

export interface FacilityGate {
  /** Facility bit (PoP "Facility Indications"), as STFLE reports it. */
  readonly bit: number;
  readonly name: string;
  /** Base mnemonics of the instructions the facility provides. */
  readonly mnemonics: readonly string[];
}

/** Facility bits of the gated facilities. */
export const GATED_FACILITY = {
  MESSAGE_SECURITY_ASSIST: 17,
  CONSTRAINED_TRANSACTIONAL_EXECUTION: 50,
  MESSAGE_SECURITY_ASSIST_5: 57,
  TRANSACTIONAL_EXECUTION: 73,
  MESSAGE_SECURITY_ASSIST_3: 76,
  MESSAGE_SECURITY_ASSIST_4: 77,
  GUARDED_STORAGE: 133,
  MESSAGE_SECURITY_ASSIST_8: 146,
  ENHANCED_SORT: 150,
  DEFLATE_CONVERSION: 151,
  MESSAGE_SECURITY_ASSIST_9: 155,
  NEURAL_NETWORK_PROCESSING_ASSIST: 165,
  PROCESSOR_ACTIVITY_INSTRUMENTATION: 196,
} as const;

export const FACILITY_GATES: readonly FacilityGate[] = [
  { bit: GATED_FACILITY.TRANSACTIONAL_EXECUTION, name: 'transactional-execution facility',
    mnemonics: ['tbegin', 'tend', 'tabort', 'etnd', 'ntstg'] },
  { bit: GATED_FACILITY.CONSTRAINED_TRANSACTIONAL_EXECUTION, name: 'constrained-transactional-execution facility',
    mnemonics: ['tbeginc'] },
  { bit: GATED_FACILITY.GUARDED_STORAGE, name: 'guarded-storage facility', mnemonics: ['lgg', 'llgfsg', 'lgsc', 'stgsc'] },
  { bit: GATED_FACILITY.MESSAGE_SECURITY_ASSIST, name: 'message-security assist', mnemonics: ['km', 'kmc', 'kimd', 'klmd', 'kmac'] },
  { bit: GATED_FACILITY.MESSAGE_SECURITY_ASSIST_3, name: 'message-security-assist extension 3', mnemonics: ['pckmo'] },
  { bit: GATED_FACILITY.MESSAGE_SECURITY_ASSIST_4, name: 'message-security-assist extension 4', mnemonics: ['kmf', 'kmo', 'kmctr', 'pcc'] },
  { bit: GATED_FACILITY.MESSAGE_SECURITY_ASSIST_5, name: 'message-security-assist extension 5', mnemonics: ['ppno'] },
  { bit: GATED_FACILITY.MESSAGE_SECURITY_ASSIST_8, name: 'message-security-assist extension 8', mnemonics: ['kma'] },
  { bit: GATED_FACILITY.MESSAGE_SECURITY_ASSIST_9, name: 'message-security-assist extension 9', mnemonics: ['kdsa'] },
  { bit: GATED_FACILITY.ENHANCED_SORT, name: 'enhanced-sort facility', mnemonics: ['sortl'] },
  { bit: GATED_FACILITY.DEFLATE_CONVERSION, name: 'DEFLATE-conversion facility', mnemonics: ['dfltcc'] },
  { bit: GATED_FACILITY.NEURAL_NETWORK_PROCESSING_ASSIST, name: 'neural-network-processing-assist facility', mnemonics: ['nnpa'] },
  { bit: GATED_FACILITY.PROCESSOR_ACTIVITY_INSTRUMENTATION, name: 'processor-activity-instrumentation facility', mnemonics: ['qpaci'] },
];

/** Whether a facility bit is installed. */
export type FacilityCheck = (bit: number) => boolean;

const notImplemented = (name: string): Handler => (cpu: Cpu, d: Decoded) => {
  throw new GuestHalt(`${d.mnemonic} (${name}) is not implemented (at ${cpu.ia.toString(16)})`);
};

/**
 * `impl` behind facility `bit`: an operation exception while the facility is not
 * installed (checked at each execution, so the facility list may change at run time).
 */
export function requireFacility(bit: number, impl: Handler, installed: FacilityCheck = hasFacility): Handler {
  return (cpu, d) => {
    if (!installed(bit)) throw new ProgramInterrupt(PGM.OPERATION);
    impl(cpu, d);
  };
}

/**
 * A handler for every instruction of `gates`: the implementation in `impl` (if any)
 * behind its facility bit; without one, an installed facility stops the guest with
 * "not implemented" rather than pretending the instruction does not exist.
 */
export function gatedHandlers(impl: HandlerTable = {}, gates: readonly FacilityGate[] = FACILITY_GATES,
  installed: FacilityCheck = hasFacility): HandlerTable {
  const out: Record<string, Handler> = {};
  for (const g of gates) {
    for (const m of g.mnemonics) out[m] = requireFacility(g.bit, impl[m] ?? notImplemented(g.name), installed);
  }
  return out;
}

/** The gated instructions of the CPU model (none of them is implemented). */
export const FACILITY_GATED_HANDLERS: HandlerTable = gatedHandlers();
