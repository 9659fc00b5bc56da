// The demo guests bundled with the extension (media/demo-guests.json): loaded and
// validated here, without VS Code, so tests and a future webview can use the same model.
// Files are looked up under guests/ (installed extension) or test/guests/ (repository).
import { join } from 'node:path';
import type { GuestState } from '../../emulator/host/protocol';
import type { InvalidDefinition, WorkspaceGuest } from './guest-definitions';
import { statusDescription, statusTooltip, type GuestStatus } from './guest-status';

export interface DemoGuest {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Absolute paths, resolved against the extension root. */
  readonly kernel: string;
  readonly sources: readonly string[];
  readonly memory: string;
}

/** What the loader needs from the file system. */
export interface GuestFiles {
  readText(path: string): string | undefined;
  exists(path: string): boolean;
}

export class DemoGuestError extends Error {
  override readonly name = 'DemoGuestError';
}

/** Where a guest's directory may sit under the extension root, in order. */
export const GUEST_ROOTS = ['guests', 'test/guests'] as const;

interface RawGuest {
  id?: unknown; name?: unknown; description?: unknown; dir?: unknown; kernel?: unknown; sources?: unknown; memory?: unknown;
}

function str(v: unknown, what: string, id: string): string {
  if (typeof v !== 'string' || v === '') throw new DemoGuestError(`Demo guest ${id}: "${what}" must be a non-empty string.`);
  return v;
}

/**
 * Reads media/demo-guests.json under `root`. Guests whose kernel is missing are left
 * out (a development checkout without built guests still shows the others).
 */
export function loadDemoGuests(root: string, files: GuestFiles): DemoGuest[] {
  const manifestPath = join(root, 'media', 'demo-guests.json');
  const text = files.readText(manifestPath);
  if (text === undefined) throw new DemoGuestError(`The demo guest list ${manifestPath} is missing; reinstall the extension.`);
  let parsed: { guests?: unknown };
  try {
    parsed = JSON.parse(text) as { guests?: unknown };
  } catch (e) {
    throw new DemoGuestError(`The demo guest list ${manifestPath} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed.guests)) throw new DemoGuestError(`The demo guest list ${manifestPath} has no "guests" array.`);
  const out: DemoGuest[] = [];
  for (const raw of parsed.guests as RawGuest[]) {
    const id = typeof raw.id === 'string' ? raw.id : '?';
    const dirName = str(raw.dir, 'dir', id);
    const dir = GUEST_ROOTS.map((r) => join(root, r, dirName)).find((d) => files.exists(join(d, str(raw.kernel, 'kernel', id))));
    if (!dir) continue;
    const sources = Array.isArray(raw.sources) ? raw.sources.map((s) => join(dir, str(s, 'sources[]', id))) : [];
    out.push({
      id: str(raw.id, 'id', id),
      name: str(raw.name, 'name', id),
      description: typeof raw.description === 'string' ? raw.description : '',
      kernel: join(dir, str(raw.kernel, 'kernel', id)),
      sources: sources.filter((s) => files.exists(s)),
      memory: typeof raw.memory === 'string' ? raw.memory : '128M',
    });
  }
  return out;
}

/** A node of the Guests tree, independent of VS Code's TreeItem. */
export interface GuestNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip: string;
  /**
   * For `when` clauses in menus: kuli.demoGuest (never started), kuli.demoGuest.<state>
   * once the host runs it, kuli.guestFile.
   */
  readonly contextValue: 'kuli.demoGuest' | `kuli.demoGuest.${GuestState}` | 'kuli.guestFile' | 'kuli.invalidGuest';
  readonly icon: 'vm' | 'vm-running' | 'debug-pause' | 'error' | 'file-binary' | 'file-code';
  /** For guest nodes: the guest the host knows it by. */
  readonly guestId?: string;
  /** For file nodes: the file to open on click. */
  readonly path?: string;
  readonly children?: readonly GuestNode[];
}

const STATE_ICONS: Record<GuestState, GuestNode['icon']> = {
  starting: 'vm-running', running: 'vm-running', paused: 'debug-pause', stopped: 'vm', crashed: 'error',
};

export function guestNodes(guests: readonly DemoGuest[], statuses: ReadonlyMap<string, GuestStatus> = new Map()): GuestNode[] {
  return guests.map((g) => {
    const status = statuses.get(g.id);
    return guestNode(g, status);
  });
}

/**
 * Workspace guests (guest definitions) after the demos: each like a demo guest with its
 * definition file as a child; an invalid definition is one error node that names every
 * problem and opens the file.
 */
export function workspaceNodes(guests: readonly WorkspaceGuest[], invalid: readonly InvalidDefinition[],
  statuses: ReadonlyMap<string, GuestStatus> = new Map()): GuestNode[] {
  return [
    ...guests.map((g) => guestNode(g, statuses.get(g.id), g)),
    ...invalid.map((d): GuestNode => ({
      id: `invalid:${d.definition}`,
      label: d.name,
      description: `invalid definition: ${d.problems[0]}${d.problems.length > 1 ? ` (+${d.problems.length - 1})` : ''}`,
      tooltip: `${d.definition} cannot be started:\n- ${d.problems.join('\n- ')}\n\nClick to open and fix it.`,
      contextValue: 'kuli.invalidGuest',
      icon: 'error',
      path: d.definition,
    })),
  ];
}

function guestNode(g: DemoGuest, status: GuestStatus | undefined, ws?: WorkspaceGuest): GuestNode {
  const why = status ? `\n\n${statusTooltip(status)}` : '';
  const summary = statusDescription(status, g.memory);
  const extra = ws ? [
    ws.smp > 1 ? `vcpus: ${ws.smp}` : '', ws.initrd ? `initrd: ${ws.initrd}` : '', ws.cmdline ? `cmdline: ${ws.cmdline}` : '',
    ws.disks.length ? `disks: ${ws.disks.map((d) => d.path).join(', ')}` : '', ws.nics.length ? `nics: ${ws.nics.map((n) => n.switch).join(', ')}` : '',
  ].filter((l) => l !== '').map((l) => `\n${l}`).join('') : '';
  return {
    id: `guest:${g.id}`,
    guestId: g.id,
    label: g.name,
    description: ws && status === undefined ? summary.replace(/^demo/, ws.smp > 1 ? `${ws.smp} vcpus` : 'workspace') : summary,
    tooltip: `${g.description}\n\nKernel: ${g.kernel}${extra}${why}`,
    contextValue: status ? `kuli.demoGuest.${status.state}` : 'kuli.demoGuest',
    icon: status ? STATE_ICONS[status.state] : 'vm',
    children: [
      ...(ws ? [{ id: `guest:${g.id}:definition`, label: basename(ws.definition), description: 'definition', tooltip: ws.definition, contextValue: 'kuli.guestFile', icon: 'file-code', path: ws.definition } satisfies GuestNode] : []),
      { id: `guest:${g.id}:kernel`, label: basename(g.kernel), description: 'kernel', tooltip: g.kernel, contextValue: 'kuli.guestFile', icon: 'file-binary', path: g.kernel },
      ...g.sources.map((s): GuestNode => ({
        id: `guest:${g.id}:src:${basename(s)}`, label: basename(s), description: 'source', tooltip: s, contextValue: 'kuli.guestFile', icon: 'file-code', path: s,
      })),
    ],
  };
}

function basename(p: string): string {
  return p.replace(/^.*[\\/]/, '');
}
