// The floating-point domain's handler table: FPR moves, FPC instructions, BFP arithmetic
// and conversions (and the HFP basics), registered as one entry in handlers.ts.
import type { HandlerTable } from './decoded';
import { BFP_ARITH_HANDLERS } from './bfp-arith';
import { BFP_CONVERT_HANDLERS } from './bfp-convert';
import { BFP_FPC_HANDLERS } from './bfp-fpc';
import { FPR_HANDLERS } from './fpr';
import { HFP_HANDLERS } from './hfp';
import { allowInBlocks } from './jit';

export const FLOATING_POINT_HANDLERS: HandlerTable = {
  ...FPR_HANDLERS,
  ...BFP_FPC_HANDLERS,
  ...BFP_ARITH_HANDLERS,
  ...BFP_CONVERT_HANDLERS,
  ...HFP_HANDLERS,
};

// Problem-state instructions (no PSW change but the CC): allowed in compiled blocks.
allowInBlocks(Object.values(FLOATING_POINT_HANDLERS));
