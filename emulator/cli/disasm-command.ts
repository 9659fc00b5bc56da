// `kuli disasm FILE.elf`: objdump-compatible listing of the executable sections.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ElfError } from '../elf/elf';
import { CliError } from './args';
import { registerCommand } from './commands';
import { disassembleElfListing } from './disasm';

registerCommand({
  name: 'disasm',
  usage: 'kuli disasm FILE.elf',
  summary: 'disassemble the executable sections of an s390x ELF file, as objdump -d prints them',
  options: [],
  run(args, io) {
    if (args.positional.length !== 1) throw new CliError('kuli disasm needs exactly one ELF file (kuli disasm FILE.elf)');
    const file = args.positional[0];
    let data: Uint8Array;
    try {
      data = readFileSync(file);
    } catch (e) {
      throw new CliError(`cannot read '${file}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    try {
      io.stdout(disassembleElfListing(file, data));
    } catch (e) {
      if (e instanceof ElfError) throw new CliError(`${basename(file)}: ${e.message}`);
      throw e;
    }
    return 0;
  },
});
