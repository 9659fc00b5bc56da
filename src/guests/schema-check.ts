// A small JSON-schema checker for the subset our contributed schemas use (type, required,
// properties, additionalProperties: false, items, enum, pattern, minimum/maximum,
// minLength/maxLength). The guest-definition schema in media/ is the single source:
// VS Code validates the editor with it, the extension validates files with it here.

export interface SchemaNode {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly default?: unknown;
  readonly description?: string;
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Problems of `value` against `schema`, each "path: what is wrong" (empty when valid). */
export function checkSchema(value: unknown, schema: SchemaNode, path = ''): string[] {
  const at = path === '' ? 'the definition' : `"${path}"`;
  const t = typeOf(value);
  if (schema.type !== undefined && t !== schema.type && !(schema.type === 'number' && t === 'integer')) {
    return [`${at} must be ${schema.type === 'integer' ? 'a whole number' : schema.type === 'object' ? 'an object' : schema.type === 'array' ? 'an array' : `a ${schema.type}`}, not ${t === 'object' || t === 'array' ? `an ${t}` : JSON.stringify(value)}`];
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return [`${at} must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`];
  }
  const out: string[] = [];
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${at} must not be empty`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at} is longer than ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) out.push(`${at} ${JSON.stringify(value)} is not valid${schema.description ? ` (${schema.description})` : ''}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at} must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at} must be at most ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((v, i) => out.push(...checkSchema(v, schema.items as SchemaNode, `${path}[${i}]`)));
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`"${path === '' ? r : `${path}.${r}`}" is missing`);
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k];
      const p = path === '' ? k : `${path}.${k}`;
      if (sub === undefined) {
        if (schema.additionalProperties === false) out.push(`"${p}" is not a known setting`);
        continue;
      }
      out.push(...checkSchema(v, sub, p));
    }
  }
  return out;
}
