// Oracle cases: unicode instructions.
import type { Oracle, OracleCase } from './case';

export const UNICODE_CASES: [Oracle, OracleCase][] = [];
