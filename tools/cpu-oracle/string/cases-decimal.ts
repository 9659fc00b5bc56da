// Oracle cases: decimal instructions.
import type { Oracle, OracleCase } from './case';

export const DECIMAL_CASES: [Oracle, OracleCase][] = [];
