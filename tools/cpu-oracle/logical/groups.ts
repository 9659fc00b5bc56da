// Case groups: one fixture file per group (test/cpu/fixtures/<group>.json).
import type { CaseSpec } from './case';
import { branchCases } from './cases-branch';
import { executeCases } from './cases-execute';
import { logicalCases } from './cases-logical';
import { shiftCases } from './cases-shift';

export const GROUPS: Readonly<Record<string, () => CaseSpec[]>> = {
  'logical-oracle': logicalCases,
  'shift-oracle': shiftCases,
  'branch-oracle': branchCases,
  'execute-oracle': executeCases,
};
