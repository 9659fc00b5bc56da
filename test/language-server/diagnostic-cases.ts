// Diagnostic cases: small assembly sources and the lines GNU as rejects for the two
// reasons the server checks (unknown mnemonic, operand count). The server must flag
// exactly these lines; oracle/verify-cases.ts checks each case against gas itself.
export interface DiagnosticCase {
  readonly name: string;
  readonly source: string;
  /** 1-based lines that gas rejects and the server flags, with the diagnostic code. */
  readonly errors: readonly { line: number; code: 'unknown-mnemonic' | 'operand-count' | 'machine-level' }[];
  /** 1-based lines gas rejects that the server knowingly leaves alone (it cannot be sure). */
  readonly unflagged?: readonly number[];
  /** Preprocessed (.S): gas sees it after cpp. */
  readonly cpp?: boolean;
}

export const DIAGNOSTIC_CASES: readonly DiagnosticCase[] = [
  { name: 'valid basics', source: '\tlarl\t%r1,x\nx:\tlr\t%r1,%r2\n\tbr\t%r14\n', errors: [] },
  { name: 'unknown mnemonic', source: '\tlrr\t%r1,%r2\n', errors: [{ line: 1, code: 'unknown-mnemonic' }] },
  { name: 'mnemonics are case-insensitive', source: '\tLARL\t%r1,x\nx:\tLr %r1,%r2\n', errors: [] },
  { name: 'too few operands', source: '\tlr\t%r1\n', errors: [{ line: 1, code: 'operand-count' }] },
  { name: 'too many operands', source: '\tlr\t%r1,%r2,%r3\n', errors: [{ line: 1, code: 'operand-count' }] },
  { name: 'empty operand counts', source: '\tlr\t%r1,\n', errors: [{ line: 1, code: 'operand-count' }] },
  { name: 'D(X,B) is one operand', source: '\tl\t%r1,8(%r2,%r3)\n\tmvc\t0(8,%r1),0(%r2)\n', errors: [] },
  { name: 'optional operands', source: '\tvl\t%v1,0(%r1)\n\tvl\t%v1,0(%r1),3\n\tnopr\n\tnop\t0\n\tefpc\t%r1\n', errors: [] },
  { name: 'comments', source: '\tlr\t%r1,%r2 # , %r3\n\tlr\t%r1,%r2 /* , %r3 */\n/* lrr %r1\n  still a comment */\n', errors: [] },
  { name: 'statements separated by ;', source: '\tlr\t%r1,%r2; ar %r1,%r2 ; xyz %r1\n', errors: [{ line: 1, code: 'unknown-mnemonic' }] },
  { name: 'labels and local labels', source: 'a: b:\tlr\t%r1,%r2\n1:\tj\t1b\n\tj\t2f\n2:\n.Lx :\tbr\t%r14\n', errors: [] },
  { name: 'assignments and directives', source: 'x = 3\ny == 4\n\t.set z, x+y\n\tlhi\t%r1,z\n\t.long 1,2,3\n\t.ascii "a;b#c,d"\n', errors: [] },
  { name: 'strings keep comment characters', source: '\t.asciz "# not a comment"; lr %r1\n', errors: [{ line: 1, code: 'operand-count' }] },
  { name: '.insn is a directive', source: '\t.insn rre,0xb2200000,%r2,%r3\n', errors: [] },
  {
    name: 'macros (case-insensitive) and their bodies',
    source: '\t.macro LOADPAIR a,b\n\tlr \\a,\\b\n\tlr \\b,\\a\n\t.endm\n\tloadpair %r1,%r2\n\tLOADPAIR %r3,%r4\n',
    errors: [],
  },
  { name: '.rept body', source: '\t.rept 2\n\tnopr %r7\n\t.endr\n\t.irp r,1,2\n\tlr %r\\r,%r0\n\t.endr\n', errors: [] },
  {
    name: 'cpp defines and conditionals', cpp: true,
    source: '#define REGS %r1,%r2\n#define SAVE stmg %r6,%r15,48(%r15)\n#define OFF(x) (8*(x))\n\tlr REGS\n\tSAVE\n\tl %r1,OFF(2)(%r15)\n#if 0\n\tbogus %r1\n#endif\n\tlr %r1,%r2 // a C++ comment\n',
    errors: [],
  },
  { name: 'cpp: unknown after defines', cpp: true, source: '#define X 1\n\tlhi %r1,X\n\tbogus %r1\n', errors: [{ line: 3, code: 'unknown-mnemonic' }] },
  {
    name: '.machine selects the CPU level', source: '\t.machine z10\n\tlarl %r1,0f\n\tvl %v1,0(%r1)\n\tlochie %r1,5\n\tVL %v1\n0:\n',
    errors: [{ line: 3, code: 'machine-level' }, { line: 4, code: 'machine-level' }, { line: 5, code: 'machine-level' }],
  },
  {
    name: '.machine push/pop and quoted names',
    source: '\t.machine "z9-109"\n\t.machine push\n\t.machine "z13"\n\tvzero %v1\n\t.machine pop\n\tvzero %v1\n\t.machine arch14\n\tvzero %v2\n',
    errors: [{ line: 6, code: 'machine-level' }],
  },
  {
    name: '.machine in a conditional or with extensions is not followed',
    source: '\t.if 1\n\t.machine z10\n\t.endif\n\tvzero %v1\n\t.machine z10+vx\n\tvzero %v1\n',
    errors: [], unflagged: [4],
  },
  {
    name: 'gas conditionals: skipped and unknown branches are not checked',
    source: '\t.if 0\n\tbogus\n\tlr %r1\n\t.else\n\tlr %r1\n\t.endif\n\t.ifdef foo\n\tbogus2\n\t.else\n\tlr %r2,%r3\n\t.endif\n\t.if 1\n\tbogus3\n\t.endif\n',
    errors: [{ line: 5, code: 'operand-count' }, { line: 13, code: 'unknown-mnemonic' }],
  },
  { name: 'nothing after .end is read', source: '\tlr %r1,%r2\n\t.end\n\tbogus\n', errors: [] },
  { name: 'extended mnemonics', source: '\tjne 0f\n\tjgnh 0f\n\tbner %r14\n\tlocgrnhe %r1,%r2\n\tcijnl %r1,5,0f\n0:\n', errors: [] },
];
