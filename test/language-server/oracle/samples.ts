// Well-formed sample operands for each operand of a layout, for the gas oracles: registers
// of the right class (even ones for pairs), small immediates, `.` for relative targets,
// D(X,B)-style storage operands.

/** Top-level operands of a layout syntax (commas inside D(X,B) groups do not split). */
export function topLevel(syntax: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of syntax) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function register(field: string): string {
  const kind = /:(\w+)/.exec(field)?.[1];
  const role = field.replace(/[:@|=].*$/, '').replace(/\d+$/, '');
  if (kind === 'f' || kind === 'fp') return '%f0';
  if (kind === 'a') return '%a1';
  if (kind === 'c') return '%c1';
  if (kind === 'gp') return '%r2';
  if (kind === 'u' || kind === 's' || role === 'I' || role === 'M') return '1';
  if (role === 'V') return '%v1';
  if (role === 'RI') return '.'; // the instruction itself: in range of every relative field
  if (role === 'L') return '4';
  return '%r2';
}

/** A well-formed sample of one top-level operand. */
export function sample(operand: string): string {
  const m = /^(D\d)[^(]*\((.*)\)$/.exec(operand);
  if (!m) return register(operand);
  const inner = m[2].split(',').map((f) => (/^B/.test(f) ? '%r3' : /^X/.test(f) ? '%r1' : register(f)));
  return `8(${inner.join(',')})`;
}

