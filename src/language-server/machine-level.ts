// Follows the `.machine` directives of a file to know, at each statement, which CPU level
// GNU as assembles for. Only certain knowledge counts: before any `.machine` (the level
// comes from -march) and after one that is conditional (`.if`, `#if`, a macro body) or
// names extensions that add instructions, the level is unknown and nothing is checked.
import { CPU_LEVELS } from '../../emulator/isa/catalog';
import type { CpuLevel } from '../../emulator/isa/table';
import type { Statement } from './parser';

/** gas `.machine` names (case-sensitive, as gas reads them) and the CPU level each selects. */
const MACHINE_NAMES: Readonly<Record<string, CpuLevel>> = {
  'g5': 'g5', 'arch3': 'g5', 'g6': 'g6', 'z900': 'z900', 'arch5': 'z900', 'z990': 'z990', 'arch6': 'z990',
  'z9-109': 'z9-109', 'z9-ec': 'z9-ec', 'arch7': 'z9-ec', 'z10': 'z10', 'arch8': 'z10', 'z196': 'z196', 'arch9': 'z196',
  'zEC12': 'zEC12', 'arch10': 'zEC12', 'z13': 'z13', 'arch11': 'z13', 'z14': 'arch12', 'arch12': 'arch12',
  'z15': 'arch13', 'arch13': 'arch13', 'z16': 'arch14', 'arch14': 'arch14',
};

export interface MachineState {
  /** Index in CPU_LEVELS, or undefined when unknown. */
  readonly level: number | undefined;
  /** The `.machine` statement that set it (for messages). */
  readonly from?: Statement;
}

const UNKNOWN: MachineState = { level: undefined };

/** The level a `.machine` operand selects: a level, 'any' (all, or added extensions), or undefined for a bad name. */
function selected(operand: string): number | 'any' | undefined {
  const [name, ...extensions] = operand.replace(/^"|"$/g, '').split('+');
  if (name === 'all') return 'any';
  const level = MACHINE_NAMES[name];
  if (level === undefined) return undefined;
  // +novx/+nohtm only remove instructions; anything else may add some.
  if (extensions.some((e) => !e.startsWith('no'))) return 'any';
  return CPU_LEVELS.indexOf(level);
}

/** The machine state in effect at each statement (same order as the statements). */
export function machineStates(statements: readonly Statement[]): MachineState[] {
  const out: MachineState[] = [];
  const stack: MachineState[] = [];
  let state = UNKNOWN;
  let ifDepth = 0;
  for (const st of statements) {
    out.push(state);
    if (st.kind !== 'directive' || !st.name) continue;
    const directive = st.name.text.toLowerCase();
    if (/^\.if/.test(directive)) ifDepth++;
    else if (directive === '.endif' && ifDepth > 0) ifDepth--;
    if (directive !== '.machine') continue;
    const operand = st.operandText?.text ?? '';
    if (st.inMacroBody || st.cppConditional || ifDepth > 0) {
      state = UNKNOWN; // assembled or not, and when: we cannot tell
    } else if (operand === 'push') {
      stack.push(state);
    } else if (operand === 'pop') {
      state = stack.pop() ?? UNKNOWN;
    } else {
      const level = selected(operand);
      state = typeof level === 'number' ? { level, from: st } : UNKNOWN;
    }
  }
  return out;
}

/** The user-facing name of a CPU level (machine names, as `.machine` takes them). */
export function levelName(index: number): string {
  const level = CPU_LEVELS[index];
  const alias: Partial<Record<CpuLevel, string>> = { arch12: 'z14', arch13: 'z15', arch14: 'z16' };
  return alias[level] ?? level;
}
