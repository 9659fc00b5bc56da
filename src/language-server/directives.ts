// The GNU as directives most s390x sources use, with a one-line meaning, for directive
// completion and hovers. Not a validity list: the server never flags a directive it does
// not know, since gas has many more (and targets and macros add their own).

export interface DirectiveInfo {
  readonly name: string;
  readonly syntax: string;
  readonly description: string;
}

function d(name: string, syntax: string, description: string): DirectiveInfo {
  return { name, syntax, description };
}

export const DIRECTIVES: readonly DirectiveInfo[] = [
  d('.text', '.text [subsection]', 'Assemble into the text (code) section.'),
  d('.data', '.data [subsection]', 'Assemble into the data section.'),
  d('.bss', '.bss', 'Assemble into the zero-initialised bss section.'),
  d('.section', '.section name[,"flags"[,@type]]', 'Assemble into the named section.'),
  d('.previous', '.previous', 'Return to the section in use before the last .section.'),
  d('.pushsection', '.pushsection name[,"flags"[,@type]]', 'Switch section, remembering the current one on a stack.'),
  d('.popsection', '.popsection', 'Return to the section saved by .pushsection.'),
  d('.globl', '.globl symbol[,symbol...]', 'Make the symbols visible to the linker.'),
  d('.global', '.global symbol[,symbol...]', 'Make the symbols visible to the linker.'),
  d('.local', '.local symbol[,symbol...]', 'Make the symbols local to this object file.'),
  d('.weak', '.weak symbol[,symbol...]', 'Make the symbols weak: another definition may override them.'),
  d('.hidden', '.hidden symbol[,symbol...]', 'Give the symbols hidden visibility.'),
  d('.type', '.type symbol,@function|@object', 'Set the ELF symbol type.'),
  d('.size', '.size symbol,expression', 'Set the ELF symbol size, usually `.-symbol`.'),
  d('.set', '.set symbol,expression', 'Give a symbol a value (may be redefined).'),
  d('.equ', '.equ symbol,expression', 'Give a symbol a value (same as .set).'),
  d('.equiv', '.equiv symbol,expression', 'Give a symbol a value; an error if it is already defined.'),
  d('.comm', '.comm symbol,size[,alignment]', 'Declare a common symbol.'),
  d('.lcomm', '.lcomm symbol,size', 'Reserve local zero-initialised storage.'),
  d('.byte', '.byte expression[,...]', 'Emit 1-byte values.'),
  d('.short', '.short expression[,...]', 'Emit 2-byte values (big-endian).'),
  d('.long', '.long expression[,...]', 'Emit 4-byte values (big-endian).'),
  d('.quad', '.quad expression[,...]', 'Emit 8-byte values (big-endian).'),
  d('.ascii', '.ascii "string"[,...]', 'Emit the string without a terminating zero.'),
  d('.asciz', '.asciz "string"[,...]', 'Emit the string with a terminating zero.'),
  d('.string', '.string "string"[,...]', 'Emit the string with a terminating zero.'),
  d('.skip', '.skip size[,fill]', 'Reserve size bytes (filled with fill, default 0).'),
  d('.space', '.space size[,fill]', 'Reserve size bytes (filled with fill, default 0).'),
  d('.fill', '.fill repeat[,size[,value]]', 'Emit repeat copies of a size-byte value.'),
  d('.align', '.align alignment[,fill[,max]]', 'Align to a byte boundary (on s390x the argument is in bytes).'),
  d('.balign', '.balign bytes[,fill[,max]]', 'Align to a multiple of bytes.'),
  d('.p2align', '.p2align power[,fill[,max]]', 'Align to a multiple of 2^power bytes.'),
  d('.org', '.org offset[,fill]', 'Advance the location counter to offset in the section.'),
  d('.file', '.file [number] "name"', 'Name the source file (debug information).'),
  d('.loc', '.loc file line [column]', 'Record a source line for the following code (DWARF line table).'),
  d('.ident', '.ident "string"', 'Put an identification string into the .comment section.'),
  d('.macro', '.macro name [arg[=default],...]', 'Define a macro, up to .endm; arguments are referred to as \\arg.'),
  d('.endm', '.endm', 'End a macro definition.'),
  d('.exitm', '.exitm', 'Leave the current macro expansion.'),
  d('.purgem', '.purgem name', 'Undefine a macro.'),
  d('.rept', '.rept count', 'Repeat the lines up to .endr count times.'),
  d('.irp', '.irp symbol,value[,...]', 'Repeat the lines up to .endr for each value, as \\symbol.'),
  d('.irpc', '.irpc symbol,characters', 'Repeat the lines up to .endr for each character, as \\symbol.'),
  d('.endr', '.endr', 'End a .rept, .irp or .irpc block.'),
  d('.if', '.if expression', 'Assemble the following lines if expression is non-zero.'),
  d('.ifdef', '.ifdef symbol', 'Assemble the following lines if symbol is defined.'),
  d('.ifndef', '.ifndef symbol', 'Assemble the following lines if symbol is not defined.'),
  d('.else', '.else', 'Alternative branch of an .if.'),
  d('.endif', '.endif', 'End an .if block.'),
  d('.include', '.include "file"', 'Assemble another file at this point.'),
  d('.insn', '.insn format,opcode,operands...', 'Emit an instruction by format and opcode (s390 specific).'),
  d('.machine', '.machine name[+feature...]|push|pop', 'Select the CPU level whose instructions are accepted (s390 specific).'),
  d('.machinemode', '.machinemode esa|zarch|push|pop', 'Select ESA/390 or z/Architecture mode (s390 specific).'),
  d('.cfi_startproc', '.cfi_startproc', 'Start call-frame information for a function.'),
  d('.cfi_endproc', '.cfi_endproc', 'End call-frame information for a function.'),
  d('.cfi_offset', '.cfi_offset register,offset', 'A register is saved at offset from the CFA.'),
  d('.cfi_def_cfa_offset', '.cfi_def_cfa_offset offset', 'The CFA is now offset from the current CFA register.'),
  d('.end', '.end', 'End of the assembly file.'),
];

const BY_NAME = new Map(DIRECTIVES.map((x) => [x.name, x]));

export function lookupDirective(name: string): DirectiveInfo | undefined {
  return BY_NAME.get(name.toLowerCase());
}
