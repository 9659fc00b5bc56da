// Entry point of the `kuli` command: dispatches to subcommands, prints help and version,
// and turns every expected failure into one line on stderr and a non-zero exit status.
import { CliError, formatOptions, parseArgs, suggest } from './args';
import { COMMANDS, type CommandIo } from './commands';
import './disasm-command';
import './run-command';

declare const KULI_VERSION: string | undefined;
const VERSION = typeof KULI_VERSION === 'string' ? KULI_VERSION : '0.0.0-dev';

function mainHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'kuli: an s390x (z/Architecture) KVM-like host',
    '',
    'Usage: kuli COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'kuli COMMAND --help shows the options of a command; kuli --version prints the version.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(mainHelp());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`kuli ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  try {
    if (!command) {
      const hint = suggest(first, COMMANDS.map((c) => c.name));
      throw new CliError(first.startsWith('-')
        ? `unknown option '${first}' (try kuli --help)`
        : `unknown command '${first}'${hint ? `; did you mean '${hint}'?` : ''} (try kuli --help)`);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n${command.options.length ? `\nOptions:\n${formatOptions(command.options)}\n` : ''}`);
      return 0;
    }
    return await command.run(parseArgs(rest, command.options, command.name), io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`kuli: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Runs the command line of this process (called by bin/kuli.js). */
export function cliMain(): void {
  const io: CommandIo = {
    stdout: (t) => { process.stdout.write(t); },
    stderr: (t) => { process.stderr.write(t); },
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    process.stderr.write(`kuli: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.KULI_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
    process.exitCode = 70;
  });
}
