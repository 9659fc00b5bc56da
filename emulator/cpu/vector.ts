// The vector domain's handler table (z/Architecture vector facility, vector-enhancements
// facilities 1 and 2): loads/stores, permutes, integer, multiply, bit, string and
// floating-point instructions, each behind the CR0 vector-enablement check, registered as
// one entry in handlers.ts. LCBB uses no vector register and needs no enablement.
import type { HandlerTable } from './decoded';
import { VECTOR_BITS_HANDLERS } from './vector-bits';
import { vecTable } from './vector-common';
import { VECTOR_FP_ARITH_HANDLERS } from './vector-fp';
import { VECTOR_FP_MISC_HANDLERS } from './vector-fp-misc';
import { VECTOR_INT_HANDLERS } from './vector-int';
import { VECTOR_LOAD_HANDLERS, lcbb } from './vector-load';
import { VECTOR_MUL_HANDLERS } from './vector-mul';
import { VECTOR_PERM_HANDLERS } from './vector-perm';
import { VECTOR_STRING_HANDLERS } from './vector-string';

export const VECTOR_HANDLERS: HandlerTable = {
  lcbb,
  ...vecTable({
    ...VECTOR_LOAD_HANDLERS,
    ...VECTOR_PERM_HANDLERS,
    ...VECTOR_INT_HANDLERS,
    ...VECTOR_MUL_HANDLERS,
    ...VECTOR_BITS_HANDLERS,
    ...VECTOR_STRING_HANDLERS,
    ...VECTOR_FP_ARITH_HANDLERS,
    ...VECTOR_FP_MISC_HANDLERS,
  }),
};
