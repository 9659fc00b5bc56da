// The remaining general (problem-state) instructions, gathered for the handler registry:
// small ones without a better home (general-misc), access registers, PERFORM LOCKED
// OPERATION, COMPARE AND FORM CODEWORD / UPDATE TREE, TRANSLATE AND TEST [REVERSE]
// EXTENDED, BFP DIVIDE TO INTEGER, and the instructions of facilities the CPU model does
// not install (facility-gate).
import type { HandlerTable } from './decoded';
import { ACCESS_REGISTER_HANDLERS } from './access-registers';
import { BFP_DIVIDE_INTEGER_HANDLERS } from './bfp-divide-integer';
import { FACILITY_GATED_HANDLERS } from './facility-gate';
import { GENERAL_MISC_HANDLERS } from './general-misc';
import { allowInBlocks } from './jit';
import { PLO_HANDLERS } from './plo';
import { SORT_HANDLERS } from './sort-instructions';
import { TRANSLATE_EXTENDED_HANDLERS } from './translate-extended';

/** Problem-state handlers that change no PSW field but the CC: fine inside compiled blocks. */
const PROBLEM_STATE: HandlerTable = {
  ...GENERAL_MISC_HANDLERS,
  ...ACCESS_REGISTER_HANDLERS,
  ...PLO_HANDLERS,
  ...SORT_HANDLERS,
  ...TRANSLATE_EXTENDED_HANDLERS,
  ...BFP_DIVIDE_INTEGER_HANDLERS,
};
try {
  allowInBlocks(Object.values(PROBLEM_STATE));
} catch {
  // Reached through an import cycle while jit.ts is still being evaluated: register once
  // the module graph has finished (blocks just end before these instructions until then).
  queueMicrotask(() => allowInBlocks(Object.values(PROBLEM_STATE)));
}

export const GENERAL_DOMAIN_HANDLERS: HandlerTable = {
  ...PROBLEM_STATE,
  ...FACILITY_GATED_HANDLERS,
};
