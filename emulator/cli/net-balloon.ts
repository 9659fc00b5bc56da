// `kuli run` options --nic, --balloon and --balloon-target: builds the virtio-net device on
// its switch and the virtio-balloon device and plugs them into the machine over virtio-ccw.
import { attachVirtioCcw } from '../virtio/ccw/attach';
import type { Machine } from '../machine/machine';
import { BalloonOptionError, parseBalloonTarget } from '../virtio/balloon/options';
import { VirtioBalloon } from '../virtio/balloon/device';
import { createNic, NicSpecError, parseNicSpec, type Nic } from '../virtio/net/nic';
import { SwitchNameError } from '../virtio/net/named-switch';
import { formatMac } from '../virtio/net/backend';
import { LinkError } from '../virtio/net/socket-link';
import { CliError, type OptionSpec, type ParsedArgs } from './args';

export const NET_BALLOON_OPTIONS: readonly OptionSpec[] = [
  { name: 'nic', type: 'string', value: 'SWITCH[,mac=MAC][,link=down]|none', description: 'virtio network device on switch SWITCH; kuli processes naming the same switch share one Ethernet segment' },
  { name: 'balloon', type: 'boolean', description: 'virtio memory balloon (statistics, free page reporting, deflate on OOM)' },
  { name: 'balloon-target', type: 'string', value: 'SIZE', description: 'with a balloon: memory to leave the guest, e.g. 256M (the balloon inflates by the rest)' },
];

export interface NetBalloon {
  readonly nic?: Nic;
  readonly balloon?: VirtioBalloon;
  close(): void;
}

function first(args: ParsedArgs, name: string): string | number | boolean | undefined {
  return args.options.get(name)?.[0];
}

/** Builds and attaches what the options ask for; throws CliError with one line on a bad option or link. */
export async function setupNetBalloon(machine: Machine, args: ParsedArgs, memory: number, log?: (line: string) => void): Promise<NetBalloon> {
  const nicText = first(args, 'nic');
  const targetText = first(args, 'balloon-target');
  let target: number | undefined;
  let nic: Nic | undefined;
  let balloon: VirtioBalloon | undefined;
  try {
    if (typeof targetText === 'string') target = parseBalloonTarget(targetText, memory);
    const spec = typeof nicText === 'string' ? parseNicSpec(nicText) : { kind: 'none' as const };
    if (spec.kind === 'switch') {
      nic = await createNic(spec, { log });
      const n = nic;
      attachVirtioCcw(machine, n.device);
      // Frames may arrive from the switch while every vcpu waits.
      machine.addWakeSource(() => n.device.linkUp);
      log?.(`nic ${formatMac(n.device.mac)} on switch ${spec.name} (${n.joined.role === 'host' ? `hosting it on 127.0.0.1:${n.joined.listener?.port ?? 0}` : 'joined'})`);
    }
  } catch (e) {
    nic?.close();
    if (e instanceof NicSpecError || e instanceof SwitchNameError || e instanceof LinkError || e instanceof BalloonOptionError) throw new CliError(e.message);
    throw e;
  }
  if (args.options.has('balloon') || target !== undefined) {
    balloon = new VirtioBalloon({ memorySize: memory, target });
    attachVirtioCcw(machine, balloon);
  }
  return {
    nic,
    balloon,
    close: () => {
      nic?.close();
      balloon?.close();
    },
  };
}
