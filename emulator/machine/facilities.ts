// The facility list Kuli's CPU model reports through STFLE/STFL: a z196-level machine
// limited to what the emulator implements. Every architected bit is named (PoP "Facility
// Indications"); `installed` marks the ones we report, and the reason says which code
// provides them, so a facility is switched on only together with its instructions.

export interface Facility {
  readonly bit: number;
  readonly name: string;
  readonly installed: boolean;
  /** Why it is (not) installed: the implementing domain, or what is missing. */
  readonly note?: string;
}

function f(bit: number, name: string, installed = false, note?: string): Facility {
  return { bit, name, installed, note };
}

/**
 * Named facility bits. Installed: the z/Architecture base, the facilities that gcc
 * -march=z10/z196/z13 code and Linux's architecture-level check rely on (bits 0, 1, 18,
 * 21, 25, 27, 32-35; 45 for z196; 53 and 129 for z13), and the optional ones whose
 * instructions the CPU and MMU implement. Not installed: crypto (CPACF), DFP, HFP
 * multiply-add, transactional execution, vector packed decimal, CPU measurement.
 */
export const FACILITIES: readonly Facility[] = [
  f(0, 'N3 instructions', true, 'general'),
  f(1, 'z/Architecture architectural mode installed', true),
  f(2, 'z/Architecture architectural mode active', true),
  f(3, 'DAT-enhancement facility 1', true, 'mmu: IDTE, CSPG (dat-ops.ts)'),
  f(4, 'IDTE selective clearing when segment table invalidated', true, 'mmu: IDTE clears more than required, never less'),
  f(5, 'IDTE selective clearing when region table invalidated', true, 'mmu: IDTE clears more than required, never less'),
  f(6, 'ASN-and-LX-reuse facility'),
  f(7, 'store-facility-list-extended facility', true, 'control'),
  f(8, 'enhanced-DAT facility 1', true, 'mmu: 1M frames, PFMF, SSKE multiple-block'),
  f(9, 'sense-running-status facility', true, 'SIGP'),
  f(10, 'conditional-SSKE facility'),
  f(11, 'configuration-topology facility'),
  f(12, 'query-AP-configuration-information facility'),
  f(13, 'IPTE-range facility'),
  f(14, 'nonquiescing key-setting facility'),
  f(15, 'AP-facilities-test facility'),
  f(16, 'extended-translation facility 2', true, 'string: CLCLU, MVCLU, TROO/TROT/TRTO/TRTT'),
  f(17, 'message-security assist', false, 'no CPACF'),
  f(18, 'long-displacement facility', true, 'general'),
  f(19, 'long-displacement facility has high performance', true),
  f(20, 'HFP-multiply-and-add/subtract facility'),
  f(21, 'extended-immediate facility', true, 'general'),
  f(22, 'extended-translation facility 3', true, 'string: CU14/CU24/CU41/CU42, TRTR, SRSTU'),
  f(23, 'HFP-unnormalized-extension facility'),
  f(24, 'ETF2-enhancement facility', true, 'string (ETF2 enhancements)'),
  f(25, 'store-clock-fast facility', true, 'control'),
  f(26, 'parsing-enhancement facility', true, 'string: TRTE, TRTRE'),
  f(27, 'move-with-optional-specifications facility', true, 'MVCOS; required by Linux'),
  f(28, 'TOD-clock-steering facility', false, 'no PTFF'),
  f(30, 'ETF3-enhancement facility', true, 'string (ETF3 enhancements)'),
  f(31, 'extract-CPU-time facility', true, 'control: ECTG'),
  f(32, 'compare-and-swap-and-store facility', true, 'general'),
  f(33, 'compare-and-swap-and-store facility 2', true, 'general'),
  f(34, 'general-instructions-extension facility', true, 'general (z10)'),
  f(35, 'execute-extensions facility', true, 'general: EXRL'),
  f(36, 'enhanced-monitor facility'),
  f(37, 'floating-point-extension facility', true, 'bfp (z196 conversions and rounding modes)'),
  f(38, 'order-preserving-compression facility'),
  f(40, 'load-program-parameter facility'),
  f(41, 'floating-point-support-enhancement facilities', true, 'fpr: LDGR/LGDR, sign handling'),
  f(42, 'DFP (decimal-floating-point) facility', false, 'no DFP'),
  f(43, 'DFP has high performance'),
  f(44, 'PFPO instruction'),
  f(45, 'distinct-operands, fast-BCR-serialization, high-word, interlocked-access 1, load/store-on-condition 1, population-count facilities', true, 'general (z196)'),
  f(47, 'CMPSC-enhancement facility'),
  f(48, 'DFP-zoned-conversion facility'),
  f(49, 'execution-hint, load-and-trap, miscellaneous-instruction-extensions, processor-assist facilities', true, 'general (zEC12): execution hints, load-and-trap, RISBGN, PPA'),
  f(50, 'constrained-transactional-execution facility'),
  f(51, 'local-TLB-clearing facility'),
  f(52, 'interlocked-access facility 2', true, 'vcpus run one at a time, so NI/OI/XI are interlocked'),
  f(53, 'load/store-on-condition facility 2, load-and-zero-rightmost-byte facility', true, 'general (z13): LOCHI/LOCFH..., LZRG/LLZRGF'),
  f(54, 'entropy-encoding-compression facility'),
  f(57, 'message-security-assist extension 5'),
  f(58, 'miscellaneous-instruction-extensions facility 2', true, 'general (arch12)'),
  f(59, 'semaphore-assist facility'),
  f(60, 'time-slice-instrumentation facility'),
  f(61, 'miscellaneous-instruction-extensions facility 3', true, 'general (arch13)'),
  f(64, 'runtime-instrumentation facility'),
  f(66, 'reset-reference-bits-multiple facility', true, 'mmu: RRBM'),
  f(67, 'CPU-measurement counter facility'),
  f(68, 'CPU-measurement sampling facility'),
  f(69, 'z/PCI facility'),
  f(71, 'general-purpose-adapter-event-notification facility'),
  f(72, 'general-purpose-adapter-interruption-suppression facility'),
  f(73, 'transactional-execution facility'),
  f(74, 'store-hypervisor-information facility'),
  f(75, 'access-exception-fetch/store-indication facility', true, 'mmu: TEID fetch/store indication'),
  f(76, 'message-security-assist extension 3'),
  f(77, 'message-security-assist extension 4'),
  f(78, 'enhanced-DAT facility 2', false, 'mmu has 2G frames, but CRDTE is not implemented'),
  f(80, 'DFP-packed-conversion facility'),
  f(81, 'PPA-in-order facility'),
  f(82, 'branch-prediction-blocking facility'),
  f(129, 'vector facility for z/Architecture', true, 'vector (z13)'),
  f(130, 'instruction-execution-protection facility', true, 'mmu: instruction-execution protection'),
  f(131, 'side-effect-access facility, enhanced-suppression-on-protection facility 2'),
  f(133, 'guarded-storage facility'),
  f(134, 'vector-packed-decimal facility'),
  f(135, 'vector-enhancements facility 1', true, 'vector (arch12)'),
  f(138, 'configuration-z/Architecture-architectural-mode (CZAM) facility', true, 'no ESA/390 mode: SIGP set-architecture is rejected'),
  f(139, 'multiple-epoch facility'),
  f(142, 'store-CPU-counter-multiple facility'),
  f(144, 'test-pending-external-interruption facility'),
  f(145, 'insert-reference-bits-multiple facility'),
  f(146, 'message-security-assist extension 8'),
  f(147, 'ESSA-enhancement (no translate) facility'),
  f(148, 'vector-enhancements facility 2', true, 'vector (arch13)'),
  f(149, 'move-page-and-set-key facility'),
  f(150, 'enhanced-sort facility'),
  f(151, 'DEFLATE-conversion facility'),
  f(152, 'vector-packed-decimal-enhancement facility 1'),
  f(155, 'message-security-assist extension 9'),
  f(156, 'etoken facility'),
];

/** Facility bit numbers by role, for code that tests a facility. */
export const FACILITY = {
  STFLE: 7,
  SENSE_RUNNING_STATUS: 9,
  STORE_CLOCK_FAST: 25,
  EXTRACT_CPU_TIME: 31,
  CZAM: 138,
} as const;

/** The facility list as STFLE stores it: big-endian bit numbering, whole doublewords. */
export function facilityListBytes(facilities: readonly Facility[] = FACILITIES): Uint8Array {
  let highest = 0;
  for (const x of facilities) if (x.installed) highest = Math.max(highest, x.bit);
  const bytes = new Uint8Array((Math.floor(highest / 64) + 1) * 8);
  for (const x of facilities) if (x.installed) bytes[x.bit >> 3] |= 0x80 >> (x.bit & 7);
  return bytes;
}

/** True when `bit` is reported as installed. */
export function hasFacility(bit: number, list: Uint8Array = FACILITY_LIST): boolean {
  return (bit >> 3) < list.length && (list[bit >> 3] & (0x80 >> (bit & 7))) !== 0;
}

/** The list this CPU model reports. */
export const FACILITY_LIST: Uint8Array = facilityListBytes();
