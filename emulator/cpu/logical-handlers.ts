// All handlers of the logical / shift / bit-manipulation / branch / execute domain in
// one table, so the shared registry (handlers.ts) needs a single entry for them.
import { BRANCH_HANDLERS } from './branch';
import { BRANCH_COMPARE_HANDLERS } from './branch-compare';
import { BRANCH_SELECT_HANDLERS } from './branch-select';
import type { HandlerTable } from './decoded';
import { EXECUTE_HANDLERS } from './execute';
import { LOGICAL_HANDLERS } from './logical';
import { LOGICAL_MASK_HANDLERS } from './logical-mask';
import { SHIFT_HANDLERS } from './shift';
import { SHIFT_ROTATE_HANDLERS } from './shift-rotate';
import { allowInBlocks } from './jit';

export const LOGICAL_DOMAIN_HANDLERS: HandlerTable = {
  ...LOGICAL_HANDLERS,
  ...LOGICAL_MASK_HANDLERS,
  ...SHIFT_HANDLERS,
  ...SHIFT_ROTATE_HANDLERS,
  ...BRANCH_HANDLERS,
  ...BRANCH_COMPARE_HANDLERS,
  ...BRANCH_SELECT_HANDLERS,
  ...EXECUTE_HANDLERS,
};

// Problem-state instructions (no PSW change but the CC): allowed in compiled blocks.
// EXECUTE runs an arbitrary target, so it stays out.
allowInBlocks(Object.values(LOGICAL_DOMAIN_HANDLERS).filter((h) => !Object.values(EXECUTE_HANDLERS).includes(h)));
