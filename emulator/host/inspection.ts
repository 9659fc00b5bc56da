// What the host tells tools about a guest: its devices with their counters, its
// statistics (intercepts, I/O instructions, diagnoses, per-vcpu time and state, memory),
// and the explained DAT walk of one virtual address. Plain data, safe to post between
// threads (64-bit values as hex strings), with guards for the receiving side.

/** One device of a guest, as the Devices view lists it. */
export interface DeviceInfo {
  readonly id: string;
  readonly kind: 'sclp' | 'subchannel' | 'virtio';
  readonly label: string;
  /** One line: device number, type, state. */
  readonly detail: string;
  /** Counters by name (requests, bytes, notifications...). */
  readonly stats: Readonly<Record<string, number>>;
}

export interface VcpuInfo {
  readonly address: number;
  readonly state: 'running' | 'waiting' | 'stopped';
  readonly instructions: number;
  /** The CPU timer, signed, in microseconds (it only runs while the vcpu runs). */
  readonly cpuTimerUs: number;
  /** PSW address, hex. */
  readonly psw: string;
}

export interface GuestStatistics {
  /** Interruptions and intercepts by reason (Machine.counters, like kvm_stat). */
  readonly intercepts: Readonly<Record<string, number>>;
  /** Channel-subsystem instructions (css.stats). */
  readonly io: Readonly<Record<string, number>>;
  /** Diagnose calls by code ("0x44"). */
  readonly diagnose: Readonly<Record<string, number>>;
  readonly vcpus: readonly VcpuInfo[];
  /** Host milliseconds spent running the guest's slices, and of those idling (every vcpu waiting). */
  readonly time: { readonly runMs: number; readonly idleMs: number };
  readonly memory: {
    readonly bytes: number;
    /** 4K frames holding a non-zero byte (touched); -1 when the guest is too large to scan each time. */
    readonly nonZeroPages: number;
    /** 4K frames whose storage key has the reference / change bit (the guest may reset them). */
    readonly referencedPages: number;
    readonly changedPages: number;
    /** 1 once reference/change bits are recorded (the guest used storage-key instructions), else 0. */
    readonly keyTracking: number;
  };
}

/** Address spaces a walk can use: the ASCE from CR1/CR7/CR13, or one typed in. */
export const WALK_SPACES = ['primary', 'secondary', 'home', 'asce'] as const;
export type WalkSpace = (typeof WALK_SPACES)[number];

export interface WalkStep {
  /** "region-first table" ... "page table". */
  readonly table: string;
  readonly index: number;
  /** Absolute address of the entry, hex. */
  readonly entryAddress: string;
  /** The 64-bit entry, 16 hex digits; undefined when the walk stopped before reading it. */
  readonly raw?: string;
  readonly invalid: boolean;
  readonly protect: boolean;
  /** Other decoded bits in words: "TT=2", "FC=1 (1M frame)", "TF=0 TL=3". */
  readonly notes: readonly string[];
  /** Where the entry leads: the next table's origin or the frame, hex. */
  readonly next?: string;
}

export interface PageWalk {
  readonly vcpu: number;
  readonly space: WalkSpace;
  readonly asce: string;
  /** The ASCE decoded: designation type, table length, flags. */
  readonly asceNotes: readonly string[];
  readonly address: string;
  readonly steps: readonly WalkStep[];
  /** 0 when the address translates, else the program-interruption code and its name. */
  readonly code: number;
  readonly exception?: string;
  readonly real?: string;
  readonly absolute?: string;
  readonly frameSize?: number;
  readonly protect: boolean;
  readonly noExec: boolean;
  /** Storage key of the absolute frame: ACC, F, R, C. */
  readonly storageKey?: {
    readonly acc: number; readonly fetch: boolean; readonly referenced: boolean; readonly changed: boolean;
    /** False until the guest uses storage-key instructions: R and C are not recorded before. */
    readonly tracked: boolean;
  };
  /** Where the host keeps the frame. */
  readonly backing?: string;
}

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null;
const isCounts = (v: unknown): boolean => isObject(v) && Object.values(v).every((n) => typeof n === 'number');

export function isDeviceInfo(v: unknown): v is DeviceInfo {
  return isObject(v) && typeof v.id === 'string' && (v.kind === 'sclp' || v.kind === 'subchannel' || v.kind === 'virtio')
    && typeof v.label === 'string' && typeof v.detail === 'string' && isCounts(v.stats);
}

export function isGuestStatistics(v: unknown): v is GuestStatistics {
  return isObject(v) && isCounts(v.intercepts) && isCounts(v.io) && isCounts(v.diagnose) && Array.isArray(v.vcpus)
    && isObject(v.time) && isCounts(v.time) && isObject(v.memory) && isCounts(v.memory);
}

export function isPageWalk(v: unknown): v is PageWalk {
  return isObject(v) && typeof v.vcpu === 'number' && (WALK_SPACES as readonly unknown[]).includes(v.space)
    && typeof v.asce === 'string' && typeof v.address === 'string' && Array.isArray(v.steps) && typeof v.code === 'number';
}
