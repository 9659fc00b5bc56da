// Case groups: one fixture file per group (test/cpu/fixtures/<group>.json).
import type { CaseSpec } from './case';
import { logicalCases } from './cases-logical';

export const GROUPS: Readonly<Record<string, () => CaseSpec[]>> = {
  'logical-oracle': logicalCases,
};
