// Guest definitions in the workspace (*.kuli.json, .kuli/guests/*.json): parsed and
// checked against the contributed schema (media/guest-definition.schema.json), paths
// resolved against the file, defaults applied. No VS Code import: unit-tested, and the
// "New guest..." command writes what this reads (newDefinitionText).
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import schemaJson from '../../media/guest-definition.schema.json';
import type { DemoGuest } from './demo-guests';
import { memoryBytes } from './guest-status';
import { checkSchema, type SchemaNode } from './schema-check';

export const GUEST_DEFINITION_SCHEMA = schemaJson as unknown as SchemaNode;
/** Where definitions are found (globs for findFiles and file watchers, which match absolute paths). */
export const DEFINITION_GLOBS = ['**/*.kuli.json', '**/.kuli/guests/*.json'] as const;
/** Where "New guest..." writes. */
export const NEW_DEFINITION_DIR = '.kuli/guests';

export interface DiskSpec { readonly path: string; readonly readOnly: boolean }
export interface NicSpec { readonly switch: string; readonly mac?: string }

/** A workspace guest ready to start (all paths absolute). */
export interface WorkspaceGuest extends DemoGuest {
  readonly definition: string;
  readonly initrd?: string;
  readonly cmdline?: string;
  readonly smp: number;
  readonly disks: readonly DiskSpec[];
  readonly nics: readonly NicSpec[];
  readonly consoles: readonly string[];
}

/** A definition file that could not be used, with every reason in words. */
export interface InvalidDefinition {
  readonly definition: string;
  readonly name: string;
  readonly problems: readonly string[];
}

export type DefinitionResult = { readonly ok: true; readonly guest: WorkspaceGuest } | { readonly ok: false; readonly invalid: InvalidDefinition };

/** Defaults the user's settings supply (kuli.guests.defaultMemory / defaultSmp). */
export interface DefinitionDefaults {
  readonly memory: string;
  readonly smp: number;
}

interface RawDefinition {
  name?: string; description?: string; kernel: string; initrd?: string; cmdline?: string; smp?: number; memory?: string;
  disks?: { path: string; readOnly?: boolean }[]; nics?: { switch: string; mac?: string }[]; consoles?: string[];
}

/** "hello.kuli.json" and ".kuli/guests/hello.json" both name the guest "hello". */
export function definitionName(file: string): string {
  return basename(file).replace(/\.kuli\.json$/i, '').replace(/\.json$/i, '');
}

function expand(p: string, file: string, workspaceFolder: string | undefined): string {
  const s = workspaceFolder !== undefined ? p.replace(/\$\{workspaceFolder\}/g, workspaceFolder) : p;
  return isAbsolute(s) ? s : resolve(dirname(file), s);
}

/**
 * Parses the definition in `text` (from `file`). `exists` checks the files it names: a
 * missing kernel is a problem at once rather than a crash at start.
 */
export function parseDefinition(text: string, file: string, defaults: DefinitionDefaults, exists: (path: string) => boolean,
  workspaceFolder?: string): DefinitionResult {
  const fallbackName = definitionName(file);
  const fail = (problems: string[]): DefinitionResult => ({ ok: false, invalid: { definition: file, name: fallbackName, problems } });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail([`not valid JSON: ${(e as Error).message}`]);
  }
  const problems = checkSchema(value, GUEST_DEFINITION_SCHEMA);
  if (problems.length > 0) return fail(problems);
  const raw = value as RawDefinition;
  const kernel = expand(raw.kernel, file, workspaceFolder);
  const initrd = raw.initrd !== undefined ? expand(raw.initrd, file, workspaceFolder) : undefined;
  const disks = (raw.disks ?? []).map((d) => ({ path: expand(d.path, file, workspaceFolder), readOnly: d.readOnly ?? false }));
  for (const [what, p] of [['kernel', kernel], ['initrd', initrd], ...disks.map((d) => ['disk', d.path])] as const) {
    if (p !== undefined && !exists(p)) problems.push(`${what} ${p} does not exist`);
  }
  const memory = raw.memory ?? defaults.memory;
  try {
    memoryBytes(memory);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length > 0) return fail(problems);
  const name = raw.name ?? fallbackName;
  return {
    ok: true,
    guest: {
      id: `ws:${file}`,
      name,
      description: raw.description ?? `Workspace guest (${basename(file)})`,
      kernel,
      sources: [],
      memory,
      definition: file,
      initrd,
      cmdline: raw.cmdline,
      smp: raw.smp ?? defaults.smp,
      disks,
      nics: (raw.nics ?? []).map((n) => (n.mac !== undefined ? { switch: n.switch, mac: n.mac } : { switch: n.switch })),
      consoles: raw.consoles ?? ['sclp'],
    },
  };
}

export interface NewGuestAnswers {
  readonly name: string;
  readonly kernel: string;
  readonly memory: string;
  readonly smp: number;
  readonly cmdline?: string;
}

/** The file "New guest..." writes: `.kuli/guests/<name>.json` text (with the schema link for editors). */
export function newDefinitionText(a: NewGuestAnswers): string {
  const def: Record<string, unknown> = { name: a.name, kernel: a.kernel, memory: a.memory, smp: a.smp };
  if (a.cmdline) def.cmdline = a.cmdline;
  def.disks = [];
  def.nics = [];
  return `${JSON.stringify(def, null, 2)}\n`;
}

/** A guest name that is also a safe file name. */
export function validGuestName(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) return 'Use letters, digits, ".", "_" and "-" (up to 64), starting with a letter or digit.';
  return undefined;
}

/** Path of a new definition for `name` under the workspace folder. */
export function newDefinitionPath(workspaceFolder: string, name: string): string {
  return join(workspaceFolder, NEW_DEFINITION_DIR, `${name}.json`);
}
