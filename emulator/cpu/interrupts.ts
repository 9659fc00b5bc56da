// Interruption codes and the lowcore (prefix area) locations the CPU uses when it swaps
// PSWs (PoP "Interruptions", "Assigned Storage Locations"; z/Architecture layout).

/** Program-interruption codes. */
export const PGM = {
  OPERATION: 0x01,
  PRIVILEGED_OPERATION: 0x02,
  EXECUTE: 0x03,
  PROTECTION: 0x04,
  ADDRESSING: 0x05,
  SPECIFICATION: 0x06,
  DATA: 0x07,
  FIXED_POINT_OVERFLOW: 0x08,
  FIXED_POINT_DIVIDE: 0x09,
  DECIMAL_OVERFLOW: 0x0a,
  DECIMAL_DIVIDE: 0x0b,
  HFP_EXPONENT_OVERFLOW: 0x0c,
  HFP_EXPONENT_UNDERFLOW: 0x0d,
  HFP_SIGNIFICANCE: 0x0e,
  HFP_DIVIDE: 0x0f,
  SEGMENT_TRANSLATION: 0x10,
  PAGE_TRANSLATION: 0x11,
  TRANSLATION_SPECIFICATION: 0x12,
  SPECIAL_OPERATION: 0x13,
  OPERAND: 0x15,
  TRACE_TABLE: 0x16,
  VECTOR_PROCESSING: 0x1b,
  SPACE_SWITCH: 0x1c,
  HFP_SQUARE_ROOT: 0x1d,
  ASCE_TYPE: 0x38,
  REGION_FIRST_TRANSLATION: 0x39,
  REGION_SECOND_TRANSLATION: 0x3a,
  REGION_THIRD_TRANSLATION: 0x3b,
  MONITOR_EVENT: 0x40,
  PER_EVENT: 0x80,
} as const;

/** Real (prefix-relative) lowcore offsets, z/Architecture. */
export const LOWCORE = {
  EXT_PARAMS: 0x80,
  EXT_CPU_ADDR: 0x84,
  EXT_INT_CODE: 0x86,
  SVC_ILC: 0x88,
  SVC_CODE: 0x8a,
  PGM_ILC: 0x8c,
  PGM_CODE: 0x8e,
  DATA_EXC_CODE: 0x90,
  MON_CLASS_NR: 0x94,
  PER_CODE: 0x96,
  PER_ADDRESS: 0x98,
  EXC_ACCESS_ID: 0xa0,
  PER_ACCESS_ID: 0xa1,
  OP_ACCESS_ID: 0xa2,
  AR_MODE_ID: 0xa3,
  TRANS_EXC_CODE: 0xa8,
  MONITOR_CODE: 0xb0,
  SUBCHANNEL_ID: 0xb8,
  IO_INT_PARM: 0xbc,
  IO_INT_WORD: 0xc0,
  STFL_FAC_LIST: 0xc8,
  MCCK_INT_CODE: 0xe8,
  RESTART_OLD_PSW: 0x120,
  EXTERNAL_OLD_PSW: 0x130,
  SVC_OLD_PSW: 0x140,
  PROGRAM_OLD_PSW: 0x150,
  MCCK_OLD_PSW: 0x160,
  IO_OLD_PSW: 0x170,
  RESTART_NEW_PSW: 0x1a0,
  EXTERNAL_NEW_PSW: 0x1b0,
  SVC_NEW_PSW: 0x1c0,
  PROGRAM_NEW_PSW: 0x1d0,
  MCCK_NEW_PSW: 0x1e0,
  IO_NEW_PSW: 0x1f0,
  /** Store-status save areas (absolute addresses 0x1200..). */
  FPR_SAVE: 0x1200,
  GPR_SAVE: 0x1280,
  PSW_SAVE: 0x1300,
  PREFIX_SAVE: 0x1318,
  FPC_SAVE: 0x131c,
  TOD_PROG_SAVE: 0x1324,
  CPU_TIMER_SAVE: 0x1328,
  CLOCK_COMP_SAVE: 0x1330,
  AR_SAVE: 0x1340,
  CR_SAVE: 0x1380,
} as const;

/**
 * A program exception raised while executing an instruction. Thrown by handlers and
 * caught by the run loop, which performs the program interruption. `nullify` leaves the
 * old PSW pointing at the instruction itself (translation exceptions); otherwise it points
 * past the instruction (suppression, completion, termination).
 */
export class ProgramInterrupt {
  /**
   * `dxc`: the data-exception code of a data exception, stored at real location 147 (the
   * word at LOWCORE.DATA_EXC_CODE) and, when CR0 AFP-register control is on, in FPC byte 2.
   */
  constructor(readonly code: number, readonly nullify = false, readonly dxc?: number) {}
}

/**
 * An access exception (translation, protection, translation specification) with its
 * translation-exception identification, stored at real locations 168-175 (LOWCORE.
 * TRANS_EXC_CODE) as two words. `fetch`: raised by instruction fetch, where no
 * instruction length is known yet.
 */
export class AccessException extends ProgramInterrupt {
  constructor(code: number, nullify: boolean, readonly teidHi: number, readonly teidLo: number, readonly fetch = false) {
    super(code, nullify);
  }
}

/** A host-side error that stops the guest with a message (never a guest-visible event). */
export class GuestHalt extends Error {}
