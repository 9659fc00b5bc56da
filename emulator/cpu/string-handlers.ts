// The string, translate, decimal and Unicode domain's handler tables as one entry for
// the registry (handlers.ts).
import type { HandlerTable } from './decoded';
import { DECIMAL_HANDLERS } from './decimal';
import { DECIMAL_EDIT_HANDLERS } from './decimal-edit';
import { STRING_HANDLERS } from './string';
import { STRING_LONG_HANDLERS } from './string-long';
import { STRING_SEARCH_HANDLERS } from './string-search';
import { TRANSLATE_HANDLERS } from './translate';
import { UNICODE_HANDLERS } from './unicode';
import { allowInBlocks } from './jit';

export const STRING_DOMAIN_HANDLERS: HandlerTable = {
  ...STRING_HANDLERS, ...STRING_LONG_HANDLERS, ...STRING_SEARCH_HANDLERS, ...TRANSLATE_HANDLERS,
  ...DECIMAL_HANDLERS, ...DECIMAL_EDIT_HANDLERS, ...UNICODE_HANDLERS,
};

// Problem-state instructions (no PSW change but the CC): allowed in compiled blocks.
allowInBlocks(Object.values(STRING_DOMAIN_HANDLERS));
