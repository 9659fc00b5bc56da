// The typed message protocol between the VS Code extension (or any client) and the host
// worker: requests flow client -> worker, events flow worker -> client. Every message
// names its guest, so one worker can host several guests. Both sides validate what they
// receive with the guards below: a message crossing a thread boundary is untrusted data.

/** The lifecycle of a guest as the client shows it. */
export const GUEST_STATES = ['starting', 'running', 'paused', 'stopped', 'crashed'] as const;
export type GuestState = (typeof GUEST_STATES)[number];

export interface StartRequest {
  readonly type: 'start';
  readonly guestId: string;
  /** Path of the kernel (ELF or s390 Linux image) the worker reads. */
  readonly kernelPath: string;
  /** Guest memory in bytes, a multiple of 1 MiB. */
  readonly memory: number;
  readonly smp?: number;
}
export interface ControlRequest {
  readonly type: 'pause' | 'resume' | 'stop';
  readonly guestId: string;
}
export interface ConsoleInputRequest {
  readonly type: 'console-input';
  readonly guestId: string;
  /** Text typed by the user (UTF-8 encoded into guest bytes by the worker). */
  readonly data: string;
}
export type HostRequest = StartRequest | ControlRequest | ConsoleInputRequest;

export interface ConsoleEvent {
  readonly type: 'console';
  readonly guestId: string;
  /** Guest console output, already decoded from UTF-8. */
  readonly data: string;
}
export interface StateEvent {
  readonly type: 'state';
  readonly guestId: string;
  readonly state: GuestState;
  /** For 'crashed' (and a stop with a reason): what happened, in words for the user. */
  readonly message?: string;
}
export interface StatsEvent {
  readonly type: 'stats';
  readonly guestId: string;
  /** Guest instructions executed since start. */
  readonly instructions: number;
  /** Milliseconds the guest has been running (pauses excluded). */
  readonly uptimeMs: number;
}
export type HostEvent = ConsoleEvent | StateEvent | StatsEvent;

type Fields = Record<string, unknown>;

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null;
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

/** True if `v` is a well-formed HostRequest. */
export function isHostRequest(v: unknown): v is HostRequest {
  if (!isObject(v) || !isId(v.guestId)) return false;
  switch (v.type) {
    case 'start':
      return typeof v.kernelPath === 'string' && v.kernelPath.length > 0
        && typeof v.memory === 'number' && Number.isInteger(v.memory) && v.memory > 0
        && (v.smp === undefined || (typeof v.smp === 'number' && Number.isInteger(v.smp) && v.smp > 0));
    case 'pause':
    case 'resume':
    case 'stop':
      return true;
    case 'console-input':
      return typeof v.data === 'string';
    default:
      return false;
  }
}

/** True if `v` is a well-formed HostEvent. */
export function isHostEvent(v: unknown): v is HostEvent {
  if (!isObject(v) || !isId(v.guestId)) return false;
  switch (v.type) {
    case 'console':
      return typeof v.data === 'string';
    case 'state':
      return (GUEST_STATES as readonly unknown[]).includes(v.state) && (v.message === undefined || typeof v.message === 'string');
    case 'stats':
      return typeof v.instructions === 'number' && v.instructions >= 0 && typeof v.uptimeMs === 'number' && v.uptimeMs >= 0;
    default:
      return false;
  }
}

/** The requests each state accepts besides console input; anything else is ignored. */
export function acceptsRequest(state: GuestState | undefined, type: HostRequest['type']): boolean {
  switch (type) {
    case 'start': return state === undefined || state === 'stopped' || state === 'crashed';
    case 'pause': return state === 'running';
    case 'resume': return state === 'paused';
    case 'stop': return state === 'running' || state === 'paused' || state === 'starting';
    case 'console-input': return state === 'running' || state === 'paused';
  }
}
