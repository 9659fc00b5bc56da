// The integer-arithmetic domain of the general instructions, gathered for the handler
// registry: loads and stores (integer-load), address arithmetic, count branches and
// multiple loads/stores (integer-address), add/subtract/complement (integer-add),
// compares (integer-compare), multiply/divide (integer-muldiv) and the interlocked
// updates (integer-atomic). Shared CC and 64-bit helpers are in integer-ops.
import type { HandlerTable } from './decoded';
import { ADD_HANDLERS } from './integer-add';
import { ADDRESS_HANDLERS } from './integer-address';
import { ATOMIC_HANDLERS } from './integer-atomic';
import { COMPARE_HANDLERS } from './integer-compare';
import { LOAD_HANDLERS } from './integer-load';
import { MULDIV_HANDLERS } from './integer-muldiv';
import { allowInBlocks } from './jit';

export const INTEGER_HANDLERS: HandlerTable = {
  ...LOAD_HANDLERS,
  ...ADDRESS_HANDLERS,
  ...ADD_HANDLERS,
  ...COMPARE_HANDLERS,
  ...MULDIV_HANDLERS,
  ...ATOMIC_HANDLERS,
};

// Problem-state instructions (no PSW change but the CC): allowed in compiled blocks.
allowInBlocks(Object.values(INTEGER_HANDLERS));
