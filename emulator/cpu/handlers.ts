// The instruction handler registry: every domain module's handlers by base mnemonic.
// Instructions in the ISA table without a handler stop the guest with a clear
// "unsupported instruction" message.
import type { HandlerTable } from './decoded';
import { FLOATING_POINT_HANDLERS } from './bfp';
import { CONTROL_HANDLERS } from './control';
import { DAT_HANDLERS } from './dat-ops';
import { GENERAL_DOMAIN_HANDLERS } from './general-domain';
import { INTEGER_HANDLERS } from './integer';
import { IO_HANDLERS } from './io-instructions';
import { LOGICAL_DOMAIN_HANDLERS } from './logical-handlers';
import { STRING_DOMAIN_HANDLERS } from './string-handlers';
import { VECTOR_HANDLERS } from './vector';

const TABLES: HandlerTable[] = [
  CONTROL_HANDLERS,
  DAT_HANDLERS,
  FLOATING_POINT_HANDLERS,
  GENERAL_DOMAIN_HANDLERS,
  INTEGER_HANDLERS,
  IO_HANDLERS,
  LOGICAL_DOMAIN_HANDLERS,
  STRING_DOMAIN_HANDLERS,
  VECTOR_HANDLERS,
];

export const HANDLERS: Readonly<Record<string, import('./decoded').Handler>> = Object.assign({}, ...TABLES);
