// Register names as GNU as writes them on s390x (%r0-%r15, %f0-%f15, %v0-%v31,
// %a0-%a15, %c0-%c15) and what each is for: architected roles from the Principles of
// Operation and the conventions of the s390x ELF ABI, for hovers and completion.
import type { OperandKind } from '../../emulator/isa/operands';

export type RegisterClass = 'r' | 'f' | 'v' | 'a' | 'c';

export interface RegisterName {
  readonly cls: RegisterClass;
  readonly number: number;
}

const COUNT: Readonly<Record<RegisterClass, number>> = { r: 16, f: 16, v: 32, a: 16, c: 16 };

const CLASS_NAME: Readonly<Record<RegisterClass, string>> = {
  r: 'General register', f: 'Floating-point register', v: 'Vector register', a: 'Access register', c: 'Control register',
};

/** s390x ELF ABI roles of the general registers. */
const GPR_ROLE: Readonly<Record<number, string>> = {
  0: 'Volatile. As a base or index register, 0 means "no register".',
  1: 'Volatile.',
  2: 'First argument and return value (volatile).',
  3: 'Second argument (volatile).',
  4: 'Third argument (volatile).',
  5: 'Fourth argument (volatile).',
  6: 'Fifth argument (callee-saved).',
  12: 'Callee-saved; GOT pointer in position-dependent code that needs one.',
  13: 'Callee-saved; literal pool pointer by convention.',
  14: 'Return address (set by brasl/basr).',
  15: 'Stack pointer; the caller provides a 160-byte register save area.',
};

const FPR_ROLE: Readonly<Record<number, string>> = {
  0: 'First floating-point argument and return value (volatile).',
  2: 'Second floating-point argument (volatile).',
  4: 'Third floating-point argument (volatile).',
  6: 'Fourth floating-point argument (volatile).',
};

const CR_ROLE: Readonly<Record<number, string>> = {
  0: 'Interruption subclass masks and facility controls.',
  1: 'Primary address-space control element (ASCE).',
  6: 'I/O-interruption subclass mask.',
  7: 'Secondary ASCE.',
  13: 'Home ASCE.',
  14: 'Machine-check handling controls.',
};

/** Parses `%r15`, `%f0`, `%v31`... (case-insensitive, as gas reads them). */
export function parseRegister(text: string): RegisterName | undefined {
  const m = /^%([rfvac])(\d{1,2})$/i.exec(text);
  if (!m) return undefined;
  const cls = m[1].toLowerCase() as RegisterClass;
  const number = Number(m[2]);
  return number < COUNT[cls] ? { cls, number } : undefined;
}

export function describeRegister(reg: RegisterName): string {
  const head = `${CLASS_NAME[reg.cls]} ${reg.number}`;
  let role: string | undefined;
  if (reg.cls === 'r') role = GPR_ROLE[reg.number] ?? (reg.number >= 7 ? 'Callee-saved.' : undefined);
  else if (reg.cls === 'f') role = FPR_ROLE[reg.number] ?? (reg.number >= 8 ? 'Callee-saved (its high 64 bits; the rest of the vector register is volatile).' : 'Volatile.');
  else if (reg.cls === 'v') role = reg.number < 16 ? `Bits 0-63 overlay floating-point register ${reg.number}.` : undefined;
  else if (reg.cls === 'c') role = CR_ROLE[reg.number];
  else if (reg.cls === 'a') role = reg.number <= 1 ? 'Thread pointer (access registers 0 and 1 hold its high and low halves).' : undefined;
  return role ? `${head}. ${role}` : `${head}.`;
}

/** Every register name, `%r0` ... `%c15`. */
export function allRegisters(): RegisterName[] {
  const out: RegisterName[] = [];
  for (const cls of ['r', 'f', 'v', 'a', 'c'] as const) {
    for (let n = 0; n < COUNT[cls]; n++) out.push({ cls, number: n });
  }
  return out;
}

export function registerText(reg: RegisterName): string {
  return `%${reg.cls}${reg.number}`;
}

/** The register class an operand field wants, if it is a register operand. */
export function registerClassFor(kind: OperandKind): RegisterClass | undefined {
  switch (kind) {
    case 'gpr': case 'gpr-pair': case 'index': case 'base': return 'r';
    case 'fpr': case 'fpr-pair': return 'f';
    case 'vr': case 'vindex': return 'v';
    case 'ar': return 'a';
    case 'cr': return 'c';
    default: return undefined;
  }
}
