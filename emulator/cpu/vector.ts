// The vector domain's handler table (z/Architecture vector facility, vector-enhancements
// facilities 1 and 2): loads/stores, permutes, integer, multiply, bit, string and
// floating-point instructions, each behind the CR0 vector-enablement check, registered as
// one entry in handlers.ts. LCBB uses no vector register and needs no enablement.
import type { HandlerTable } from './decoded';
import { VECTOR_BITS_HANDLERS } from './vector-bits';
import { allowInBlocks } from './jit';
import { vecTable } from './vector-common';
import { VECTOR_FP_ARITH_HANDLERS } from './vector-fp';
import { fastArith, fastCompare, fastFma } from './vector-fp-fast';
import { VECTOR_FP_MISC_HANDLERS } from './vector-fp-misc';
import { VECTOR_INT_HANDLERS } from './vector-int';
import { VECTOR_LOAD_HANDLERS, lcbb } from './vector-load';
import { VECTOR_MUL_HANDLERS } from './vector-mul';
import { VECTOR_PERM_HANDLERS } from './vector-perm';
import { VECTOR_STRING_HANDLERS } from './vector-string';

/** The exact vector BFP handlers (the fast ones below fall back to them; tests compare the two). */
export const VECTOR_FP_SLOW: HandlerTable = { ...VECTOR_FP_ARITH_HANDLERS, ...VECTOR_FP_MISC_HANDLERS };

const VECTOR_FP_FAST: HandlerTable = {
  vfa: fastArith('a', VECTOR_FP_SLOW.vfa), vfs: fastArith('s', VECTOR_FP_SLOW.vfs),
  vfm: fastArith('m', VECTOR_FP_SLOW.vfm), vfd: fastArith('d', VECTOR_FP_SLOW.vfd),
  vfce: fastCompare('e', VECTOR_FP_SLOW.vfce), vfch: fastCompare('h', VECTOR_FP_SLOW.vfch),
  vfche: fastCompare('he', VECTOR_FP_SLOW.vfche),
  vfma: fastFma('ma', VECTOR_FP_SLOW.vfma), vfms: fastFma('ms', VECTOR_FP_SLOW.vfms),
  vfnma: fastFma('nma', VECTOR_FP_SLOW.vfnma), vfnms: fastFma('nms', VECTOR_FP_SLOW.vfnms),
};

export const VECTOR_HANDLERS: HandlerTable = {
  lcbb,
  ...vecTable({
    ...VECTOR_LOAD_HANDLERS,
    ...VECTOR_PERM_HANDLERS,
    ...VECTOR_INT_HANDLERS,
    ...VECTOR_MUL_HANDLERS,
    ...VECTOR_BITS_HANDLERS,
    ...VECTOR_STRING_HANDLERS,
    ...VECTOR_FP_SLOW,
    ...VECTOR_FP_FAST,
  }),
};

// Problem-state instructions that change the PSW only in its CC: they may sit in compiled
// blocks (the enablement check runs inside each handler, so a later CR0 change still counts).
allowInBlocks(Object.values(VECTOR_HANDLERS));
