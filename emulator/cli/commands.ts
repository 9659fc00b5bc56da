// The `kuli` subcommands. Each command declares its options and a run function that
// returns the process exit status; commands register themselves in COMMANDS.
import type { OptionSpec, ParsedArgs } from './args';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  run(args: ParsedArgs, io: CommandIo): Promise<number> | number;
}

export const COMMANDS: Command[] = [];

export function registerCommand(c: Command): void {
  COMMANDS.push(c);
}
