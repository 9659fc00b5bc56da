// One debugger connection: turns packets into replies (gdb manual "Packets", "General
// Query Packets", "Stop Reply Packets"). Replies that wait for the guest (c, s, vCont)
// are sent from the target's stop event. Every malformed request gets an error reply.
import type { Machine } from '../machine/machine';
import { monitorCommand, vcpuState, type MonitorContext } from './monitor';
import { readMemory, writeMemory, type MemoryMode } from './memory';
import { bytesToHex, decodeRle, hexToBytes, latin1, MAX_PACKET, toLatin1, escapeBinary, unescapeBinary } from './packets';
import { parseRegisterHex, REGISTERS, RegisterError, registerHex, writeRegister } from './registers';
import { FEATURE_DOCUMENTS } from './target-xml';
import { DebugTarget, type StopEvent, type VcpuAction, type WatchKind } from './target';

/** Error replies (errno-like numbers, as gdbserver uses). */
const ERR = { INVALID: 'E01', NO_THREAD: 'E02', FAULT: 'E14', UNSUPPORTED: 'E16', RANGE: 'E22' } as const;

/** Longest m read: the hex reply must fit PacketSize. */
const MAX_READ = (MAX_PACKET - 16) / 2;

export interface SessionOutput {
  /** Sends one reply body (framed by the server). */
  send(body: Uint8Array): void;
  /** The debugger detached or killed the guest. */
  end(how: 'detach' | 'kill'): void;
}

function hexNumber(s: string | undefined): number | undefined {
  if (s === undefined || !/^[0-9a-fA-F]{1,16}$/.test(s)) return undefined;
  const n = Number.parseInt(s, 16);
  return Number.isSafeInteger(n) ? n : undefined;
}

export class GdbSession implements MonitorContext {
  memoryMode: MemoryMode = 'virtual';
  noAck = false;
  /** Thread ids are vcpu address + 1 (gdb reserves 0 and -1). */
  private gThread = 0;
  private cThread = 0;
  /** A resume is outstanding: the next stop event is its reply. */
  private waiting = false;

  constructor(readonly target: DebugTarget, private readonly out: SessionOutput) {
    target.onStop = (e) => {
      if (!this.waiting) return;
      this.waiting = false;
      if (e.kind === 'signal') this.gThread = this.cThread = e.vcpu;
      this.reply(this.stopReply(e));
    };
  }

  get machine(): Machine { return this.target.machine; }
  get cpu(): Machine['vcpus'][number]['cpu'] { return this.target.vcpus[this.gThread].cpu; }

  private reply(text: string): void {
    this.out.send(latin1(text));
  }

  /** Text for the debugger's console (an O packet). */
  console(text: string): void {
    this.reply(`O${bytesToHex(latin1(text))}`);
  }

  /** The 0x03 byte. */
  interrupt(): void {
    this.target.interrupt(this.cThread);
  }

  stopReply(e: StopEvent): string {
    if (e.kind === 'exited') return `W${(e.status & 0xff).toString(16).padStart(2, '0')}`;
    const sig = e.signal.toString(16).padStart(2, '0');
    const watch = e.watch ? `${e.watch.kind}:${e.watch.address.toString(16)};` : '';
    return `T${sig}${watch}thread:${(e.vcpu + 1).toString(16)};`;
  }

  /** Handles one packet body (checksum already verified). */
  handle(raw: Uint8Array): void {
    try {
      const r = this.dispatch(raw);
      if (r !== undefined) this.reply(r);
    } catch (e) {
      // A bug or a hostile packet must never take the host down.
      this.reply(ERR.INVALID);
      if (!(e instanceof Error)) throw e;
    }
  }

  private dispatch(raw: Uint8Array): string | undefined {
    if (raw.length === 0) return '';
    // X carries binary data: no run-length expansion there.
    if (raw[0] === 0x58) return this.writeBinary(raw);
    const body = decodeRle(raw);
    if (body === undefined) return ERR.INVALID;
    const p = toLatin1(body);
    switch (p[0]) {
      case '?': return this.stopReply(this.target.lastStop);
      case 'g': return REGISTERS.map((r) => registerHex(this.cpu, r)).join('');
      case 'G': return this.writeAll(p.slice(1));
      case 'p': return this.readOne(p.slice(1));
      case 'P': return this.writeOne(p.slice(1));
      case 'm': return this.readMem(p.slice(1));
      case 'M': return this.writeMem(p.slice(1));
      case 'c': case 's': return this.resumeSimple(p[0], p.slice(1));
      case 'C': case 'S': return this.resumeSimple(p[0] === 'C' ? 'c' : 's', p.slice(1).split(';')[1] ?? '');
      case 'H': return this.setThread(p.slice(1));
      case 'T': return this.threadAlive(p.slice(1));
      case 'Z': case 'z': return this.breakpoint(p[0] === 'Z', p.slice(1));
      case 'D': this.detach(); return undefined;
      case 'k': this.out.end('kill'); return undefined;
      case 'q': return this.query(p.slice(1));
      case 'Q': return p === 'QStartNoAckMode' ? this.startNoAck() : '';
      case 'v': return this.vPacket(p.slice(1));
      default: return '';
    }
  }

  private startNoAck(): string {
    this.noAck = true;
    return 'OK';
  }

  private detach(): void {
    this.reply('OK');
    this.target.detach();
    this.out.end('detach');
  }

  // ---- registers --------------------------------------------------------------------------

  private readOne(arg: string): string {
    const n = hexNumber(arg);
    if (n === undefined || n >= REGISTERS.length) return ERR.INVALID;
    return registerHex(this.cpu, REGISTERS[n]);
  }

  private writeOne(arg: string): string {
    const [num, value] = arg.split('=');
    const n = hexNumber(num);
    if (n === undefined || n >= REGISTERS.length || value === undefined) return ERR.INVALID;
    const words = parseRegisterHex(REGISTERS[n], value);
    if (words === undefined) return ERR.INVALID;
    return this.setRegister(n, words);
  }

  private setRegister(n: number, words: number[]): string {
    try {
      writeRegister(this.cpu, REGISTERS[n], words);
    } catch (e) {
      if (e instanceof RegisterError) return ERR.INVALID;
      throw e;
    }
    return 'OK';
  }

  private writeAll(hex: string): string {
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) return ERR.INVALID;
    let at = 0;
    for (let n = 0; n < REGISTERS.length && at < hex.length; n++) {
      const r = REGISTERS[n];
      const words = parseRegisterHex(r, hex.slice(at, at + r.bits / 4));
      if (words === undefined) return ERR.INVALID;
      // gdb sends the PSW mask it read; an unchanged one is skipped so a partial G works.
      if (n !== 0 || registerHex(this.cpu, r) !== hex.slice(at, at + r.bits / 4).toLowerCase()) {
        const ok = this.setRegister(n, words);
        if (ok !== 'OK') return ok;
      }
      at += r.bits / 4;
    }
    return 'OK';
  }

  // ---- memory -------------------------------------------------------------------------------

  private addrLen(arg: string): [number, number] | undefined {
    const m = /^([0-9a-fA-F]{1,16}),([0-9a-fA-F]{1,8})$/.exec(arg);
    if (!m) return undefined;
    const a = hexNumber(m[1]);
    const n = hexNumber(m[2]);
    return a === undefined || n === undefined ? undefined : [a, n];
  }

  private readMem(arg: string): string {
    const al = this.addrLen(arg);
    if (al === undefined) return ERR.INVALID;
    const data = readMemory(this.cpu, al[0], Math.min(al[1], MAX_READ), this.memoryMode);
    if (data.length === 0 && al[1] > 0) return ERR.FAULT;
    return bytesToHex(data);
  }

  private writeMem(arg: string): string {
    const colon = arg.indexOf(':');
    const al = this.addrLen(colon < 0 ? arg : arg.slice(0, colon));
    if (al === undefined || colon < 0) return ERR.INVALID;
    const data = hexToBytes(arg.slice(colon + 1));
    if (data === undefined || data.length !== al[1]) return ERR.INVALID;
    return this.store(al[0], data);
  }

  private writeBinary(raw: Uint8Array): string {
    const colon = raw.indexOf(0x3a);
    if (colon < 0) return ERR.INVALID;
    const al = this.addrLen(toLatin1(raw.subarray(1, colon)));
    const data = unescapeBinary(raw.subarray(colon + 1));
    if (al === undefined || data === undefined || data.length !== al[1]) return ERR.INVALID;
    return this.store(al[0], data);
  }

  private store(address: number, data: Uint8Array): string {
    if (data.length === 0) return 'OK';
    const cpus = this.target.vcpus.map((v) => v.cpu);
    return writeMemory(cpus, this.cpu, address, data, this.memoryMode) ? 'OK' : ERR.FAULT;
  }

  // ---- breakpoints and watchpoints ----------------------------------------------------------

  private breakpoint(insert: boolean, arg: string): string {
    const m = /^([0-4]),([0-9a-fA-F]{1,16}),([0-9a-fA-F]{1,8})(;.*)?$/.exec(arg);
    if (!m) return ERR.INVALID;
    const type = Number(m[1]);
    const address = hexNumber(m[2]);
    const length = hexNumber(m[3]);
    if (address === undefined || length === undefined) return ERR.INVALID;
    if (type <= 1) {
      // Software and hardware breakpoints alike: the emulator checks the address.
      if (insert) this.target.breakpoints.add(address);
      else this.target.breakpoints.delete(address);
      return 'OK';
    }
    if (length === 0 || length > 0x1000) return ERR.RANGE;
    const kind: WatchKind = type === 2 ? 'watch' : type === 3 ? 'rwatch' : 'awatch';
    if (insert) this.target.addWatch({ kind, address, length });
    else this.target.removeWatch({ kind, address, length });
    return 'OK';
  }

  // ---- threads and execution ----------------------------------------------------------------

  /** Thread id text → vcpu index; -1 for "all"/"any" (0 or -1), undefined if invalid. */
  private thread(text: string): number | undefined {
    if (text === '-1' || text === '0') return -1;
    const n = hexNumber(text);
    if (n === undefined || n < 1 || n > this.target.vcpus.length) return undefined;
    return n - 1;
  }

  private setThread(arg: string): string {
    const which = arg[0];
    const t = this.thread(arg.slice(1));
    if ((which !== 'g' && which !== 'c') || t === undefined) return ERR.INVALID;
    if (which === 'g') this.gThread = t < 0 ? this.gThread : t;
    else this.cThread = t < 0 ? this.cThread : t;
    return 'OK';
  }

  private threadAlive(arg: string): string {
    const t = this.thread(arg);
    return t === undefined || t < 0 ? ERR.NO_THREAD : 'OK';
  }

  private resumeSimple(how: 'c' | 's', addrText: string): string | undefined {
    if (addrText !== '') {
      const a = hexNumber(addrText);
      if (a === undefined) return ERR.INVALID;
      this.target.vcpus[this.cThread].cpu.ia = a;
    }
    const actions: VcpuAction[] = this.target.vcpus.map((_, i) => how === 'c' ? 'continue' : i === this.cThread ? 'step' : 'hold');
    this.startResume(actions);
    return undefined;
  }

  private startResume(actions: VcpuAction[]): void {
    this.waiting = true;
    this.target.resume(actions);
  }

  /**
   * vCont: the leftmost action that names a thread applies to it. When any thread steps,
   * the others stay stopped (a step of one vcpu never lets the rest run).
   */
  private vCont(arg: string): string | undefined {
    const n = this.target.vcpus.length;
    const actions: (VcpuAction | undefined)[] = new Array(n).fill(undefined);
    for (const part of arg.split(';').slice(1)) {
      const m = /^([cCsSt])([0-9a-fA-F]{2})?(?::(-?[0-9a-fA-F]+))?$/.exec(part);
      if (!m) return ERR.INVALID;
      const act: VcpuAction = m[1] === 'c' || m[1] === 'C' ? 'continue' : m[1] === 's' || m[1] === 'S' ? 'step' : 'hold';
      const t = m[3] === undefined ? -1 : this.thread(m[3]);
      if (t === undefined) return ERR.INVALID;
      for (let i = 0; i < n; i++) if (actions[i] === undefined && (t < 0 || t === i)) actions[i] = act;
    }
    const stepping = actions.includes('step');
    const final = actions.map((a) => a === undefined ? 'hold' : stepping && a === 'continue' ? 'hold' : a);
    if (!final.some((a) => a !== 'hold')) return 'OK';
    const stepper = final.indexOf('step');
    if (stepper >= 0) this.cThread = stepper;
    this.startResume(final);
    return undefined;
  }

  private vPacket(p: string): string | undefined {
    if (p === 'Cont?') return 'vCont;c;C;s;S;t';
    if (p.startsWith('Cont;')) return this.vCont(p);
    if (p === 'MustReplyEmpty') return '';
    if (p.startsWith('Kill')) {
      this.reply('OK');
      this.out.end('kill');
      return undefined;
    }
    return '';
  }

  // ---- queries ------------------------------------------------------------------------------

  private query(q: string): string {
    const name = q.split(/[:,;]/)[0];
    switch (name) {
      case 'Supported': return `PacketSize=${MAX_PACKET.toString(16)};qXfer:features:read+;vContSupported+;QStartNoAckMode+`;
      case 'Attached': return '1';
      case 'Offsets': return 'Text=0;Data=0;Bss=0';
      case 'C': return `QC${(this.gThread + 1).toString(16)}`;
      case 'fThreadInfo': return `m${this.target.vcpus.map((v) => (v.address + 1).toString(16)).join(',')}`;
      case 'sThreadInfo': return 'l';
      case 'ThreadExtraInfo': {
        const t = this.thread(q.slice(name.length + 1));
        if (t === undefined || t < 0) return ERR.NO_THREAD;
        const v = this.target.vcpus[t];
        return bytesToHex(latin1(`vcpu ${v.address}, ${vcpuState(v)}`));
      }
      case 'Xfer': return this.xfer(q);
      case 'Rcmd': return this.monitor(q.slice(name.length + 1));
      case 'Symbol': return 'OK';
      case 'TStatus': return '';
      default: return '';
    }
  }

  private xfer(q: string): string {
    const m = /^Xfer:features:read:([^:]+):([0-9a-fA-F]{1,8}),([0-9a-fA-F]{1,8})$/.exec(q);
    if (!m) return q.startsWith('Xfer:features:read:') ? ERR.INVALID : '';
    const doc = FEATURE_DOCUMENTS.get(m[1]);
    if (doc === undefined) return ERR.INVALID;
    const offset = Number.parseInt(m[2], 16);
    const length = Math.min(Number.parseInt(m[3], 16), MAX_PACKET / 2);
    if (offset > doc.length) return ERR.RANGE;
    const chunk = doc.slice(offset, offset + length);
    const more = offset + length < doc.length;
    return (more ? 'm' : 'l') + toLatin1(escapeBinary(latin1(chunk)));
  }

  private monitor(hex: string): string {
    const bytes = hexToBytes(hex);
    if (bytes === undefined) return ERR.INVALID;
    const lines = monitorCommand(this, toLatin1(bytes));
    const text = lines.map((l) => `${l}\n`).join('');
    // Console output packets carry the text; the final reply is OK.
    for (let i = 0; i < text.length; i += 1024) this.console(text.slice(i, i + 1024));
    return 'OK';
  }
}
