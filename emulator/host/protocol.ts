// The typed message protocol between the VS Code extension (or any client) and the host
// worker: requests flow client -> worker, events flow worker -> client. Every message
// names its guest, so one worker can host several guests. Both sides validate what they
// receive with the guards below: a message crossing a thread boundary is untrusted data.
// Tools (Devices/Statistics views, page-table view) ask with a requestId and get one
// answer event carrying it (inspection.ts holds the payload types).
import { isDeviceInfo, isGuestStatistics, isPageWalk, WALK_SPACES, type DeviceInfo, type GuestStatistics, type PageWalk, type WalkSpace } from './inspection';

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
  /** Initial ramdisk path (Linux images). */
  readonly initrdPath?: string;
  /** Kernel command line. */
  readonly cmdline?: string;
  /** virtio-blk disks, in order. */
  readonly disks?: readonly DiskRequest[];
  /** virtio-net interfaces, in order. */
  readonly nics?: readonly NicRequest[];
  /**
   * Debug the guest: a gdb stub of its own listens on 127.0.0.1 on a free port (reported
   * by a 'gdb' event) and the guest waits at its first instruction until the debugger
   * continues it, as `kuli run --gdb` does.
   */
  readonly gdb?: boolean;
}
export interface DiskRequest { readonly path: string; readonly readOnly: boolean }
export interface NicRequest { readonly switch: string; readonly mac?: string }
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
/** Asks for the guest's devices and statistics: answered by an InspectionEvent. */
export interface InspectRequest {
  readonly type: 'inspect';
  readonly guestId: string;
  readonly requestId: number;
}
/** Asks for the DAT walk of `address` on vcpu `vcpu`: answered by a TranslationEvent. */
export interface TranslateRequest {
  readonly type: 'translate';
  readonly guestId: string;
  readonly requestId: number;
  readonly vcpu: number;
  readonly space: WalkSpace;
  /** For space 'asce': the ASCE in hex. */
  readonly asce?: string;
  /** Virtual address in hex. */
  readonly address: string;
}
export type HostRequest = StartRequest | ControlRequest | ConsoleInputRequest | InspectRequest | TranslateRequest;

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
export interface InspectionEvent {
  readonly type: 'inspection';
  readonly guestId: string;
  readonly requestId: number;
  readonly devices: readonly DeviceInfo[];
  readonly statistics: GuestStatistics;
}
export interface TranslationEvent {
  readonly type: 'translation';
  readonly guestId: string;
  readonly requestId: number;
  readonly walk: PageWalk;
}
/** A tool request that could not be answered (unknown guest, bad address): words for the user. */
export interface RequestFailedEvent {
  readonly type: 'request-failed';
  readonly guestId: string;
  readonly requestId: number;
  readonly message: string;
}
export interface GdbEvent {
  readonly type: 'gdb';
  readonly guestId: string;
  /** The loopback TCP port of the guest's gdb stub. */
  readonly port: number;
}
export type HostEvent = ConsoleEvent | StateEvent | StatsEvent | InspectionEvent | TranslationEvent | RequestFailedEvent | GdbEvent;
/** Requests that ask something of a guest instead of changing it. */
export type ToolRequest = InspectRequest | TranslateRequest;

type Fields = Record<string, unknown>;

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null;
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

function isRequestId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

const isHex = (v: unknown): v is string => typeof v === 'string' && /^(0x)?[0-9a-f]{1,16}$/i.test(v);
const isOptionalText = (v: unknown): boolean => v === undefined || typeof v === 'string';

/** True if `v` is a well-formed HostRequest. */
export function isHostRequest(v: unknown): v is HostRequest {
  if (!isObject(v) || !isId(v.guestId)) return false;
  switch (v.type) {
    case 'start':
      return typeof v.kernelPath === 'string' && v.kernelPath.length > 0
        && typeof v.memory === 'number' && Number.isInteger(v.memory) && v.memory > 0
        && (v.smp === undefined || (typeof v.smp === 'number' && Number.isInteger(v.smp) && v.smp > 0))
        && isOptionalText(v.initrdPath) && isOptionalText(v.cmdline)
        && (v.disks === undefined || (Array.isArray(v.disks) && v.disks.every((d: unknown) => isObject(d) && isId(d.path) && typeof d.readOnly === 'boolean')))
        && (v.nics === undefined || (Array.isArray(v.nics) && v.nics.every((n: unknown) => isObject(n) && isId(n.switch) && isOptionalText(n.mac))))
        && (v.gdb === undefined || typeof v.gdb === 'boolean');
    case 'pause':
    case 'resume':
    case 'stop':
      return true;
    case 'console-input':
      return typeof v.data === 'string';
    case 'inspect':
      return isRequestId(v.requestId);
    case 'translate':
      return isRequestId(v.requestId) && typeof v.vcpu === 'number' && Number.isInteger(v.vcpu) && v.vcpu >= 0
        && (WALK_SPACES as readonly unknown[]).includes(v.space) && isHex(v.address)
        && (v.space !== 'asce' || isHex(v.asce));
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
    case 'inspection':
      return isRequestId(v.requestId) && Array.isArray(v.devices) && v.devices.every(isDeviceInfo) && isGuestStatistics(v.statistics);
    case 'translation':
      return isRequestId(v.requestId) && isPageWalk(v.walk);
    case 'request-failed':
      return isRequestId(v.requestId) && typeof v.message === 'string';
    case 'gdb':
      return typeof v.port === 'number' && Number.isInteger(v.port) && v.port > 0 && v.port < 65536;
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
    // Tools look at any guest the host knows, also after it stopped.
    case 'inspect':
    case 'translate': return state !== undefined;
  }
}
