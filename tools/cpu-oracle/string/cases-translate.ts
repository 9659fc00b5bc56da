// Oracle cases: translate instructions.
import type { Oracle, OracleCase } from './case';

export const TRANSLATE_CASES: [Oracle, OracleCase][] = [];
