// `kuli run --transport ccw|s390-virtio`: the transport that carries the --disk and
// --console-port devices (hvc0 included). ccw is QEMU's s390-ccw-virtio layout; s390-virtio
// is the 2008 design's device page above guest memory (emulator/virtio/s390), for guests
// that drive it (test/guests/virtio-s390); Linux dropped its driver in 4.8.
import type { Machine } from '../machine/machine';
import { attachVirtioCcw } from '../virtio/ccw/attach';
import type { VirtioDevice } from '../virtio/device';
import { attachS390Virtio, s390VirtioWindow, S390VirtioError } from '../virtio/s390';
import { CliError, type OptionSpec, type ParsedArgs } from './args';

export type TransportName = 'ccw' | 's390-virtio';
const TRANSPORTS: readonly TransportName[] = ['ccw', 's390-virtio'];

/**
 * The window the console gets on s390-virtio before its ports are open: the seed's 512
 * device pages (S390_DEVICE_PAGES) hold a console at the 64-queue limit with room to spare.
 */
const CONSOLE_WINDOW = 512 * 4096;

export const TRANSPORT_OPTION: OptionSpec = {
  name: 'transport', type: 'string', value: TRANSPORTS.join('|'),
  description: 'virtio transport of the --disk and --console-port devices: ccw (default, as QEMU s390-ccw-virtio) or s390-virtio (the 2008 device page above guest memory, diagnose 0x500 subcodes 0-2)',
};

export function parseTransport(args: ParsedArgs): TransportName {
  const text = args.options.get(TRANSPORT_OPTION.name)?.[0];
  if (text === undefined) return 'ccw';
  const t = TRANSPORTS.find((x) => x === text);
  if (t === undefined) throw new CliError(`--transport: '${String(text)}' is not a transport; use ${TRANSPORTS.join(' or ')}`);
  return t;
}

/** Bytes the machine maps above guest memory for `transport` (MachineOptions.deviceWindow). */
export function deviceWindowFor(transport: TransportName, disks: readonly VirtioDevice[]): number {
  return transport === 's390-virtio' ? CONSOLE_WINDOW + s390VirtioWindow(disks) : 0;
}

/** Plugs `devices` in over `transport`, in order; CliError for what the transport cannot take. */
export function plugDevices(machine: Machine, transport: TransportName, devices: readonly VirtioDevice[]): void {
  if (transport === 'ccw') {
    for (const d of devices) attachVirtioCcw(machine, d);
    return;
  }
  try {
    attachS390Virtio(machine, devices);
  } catch (e) {
    if (e instanceof S390VirtioError) throw new CliError(`--transport s390-virtio: ${e.message}`);
    throw e;
  }
}
