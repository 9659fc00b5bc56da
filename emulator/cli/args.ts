// Command-line parsing for `kuli`: declared options per command, clear errors with a hint
// for unknown or malformed flags (never a stack trace).

export class CliError extends Error {}

export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'number';
  readonly repeatable?: boolean;
  readonly value?: string;
  readonly description: string;
}

export interface ParsedArgs {
  readonly options: Map<string, (string | number | boolean)[]>;
  readonly positional: string[];
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
}

/** The closest known name, if it is close enough to be a likely typo. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(word, k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const options = new Map<string, (string | number | boolean)[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new CliError(`unknown option '${arg}' for 'kuli ${command}' (options are spelled --name; see kuli ${command} --help)`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      const hint = suggest(name, specs.map((s) => s.name));
      throw new CliError(`unknown option '--${name}' for 'kuli ${command}'${hint ? `; did you mean '--${hint}'?` : ''} (see kuli ${command} --help)`);
    }
    let value: string | number | boolean;
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new CliError(`option '--${name}' takes no value`);
      value = true;
    } else {
      const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (raw === undefined) throw new CliError(`option '--${name}' needs a value (${spec.value ?? spec.type})`);
      if (spec.type === 'number') {
        if (!/^\d+$/.test(raw)) throw new CliError(`option '--${name}' needs a whole number, got '${raw}'`);
        value = Number(raw);
      } else {
        value = raw;
      }
    }
    const list = options.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new CliError(`option '--${name}' given more than once`);
    list.push(value);
    options.set(name, list);
  }
  return { options, positional };
}

export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => [`--${s.name}${s.type === 'boolean' ? '' : ` ${s.value ?? s.type.toUpperCase()}`}`, s.description]);
  const w = Math.max(...rows.map((r) => r[0].length), 0);
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`).join('\n');
}
