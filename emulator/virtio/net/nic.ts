// The `--nic` option: `none`, or `SWITCH[,mac=52:54:00:xx:xx:xx][,link=up|down]`, and the
// factory that joins the named switch and builds the virtio-net device on it.
import { randomBytes } from 'node:crypto';
import { MacError, parseMac, randomMac } from './backend';
import { VirtioNet } from './device';
import { joinSwitch, SWITCH_NAME, type JoinedSwitch, type JoinOptions } from './named-switch';

export type NicSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'switch'; readonly name: string; readonly mac?: Uint8Array; readonly linkUp: boolean };

export class NicSpecError extends Error {
  override name = 'NicSpecError';
}

export function parseNicSpec(text: string): NicSpec {
  const [name, ...props] = text.split(',');
  if (name === 'none') {
    if (props.length > 0) throw new NicSpecError(`--nic none takes no properties, got '${props.join(',')}'`);
    return { kind: 'none' };
  }
  if (!SWITCH_NAME.test(name)) throw new NicSpecError(`--nic: '${name}' is not a switch name (letters, digits, '.', '_', '-'; at most 64) or 'none'`);
  let mac: Uint8Array | undefined;
  let linkUp = true;
  for (const p of props) {
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    const value = eq < 0 ? '' : p.slice(eq + 1);
    if (key === 'mac') {
      try {
        mac = parseMac(value);
      } catch (e) {
        if (e instanceof MacError) throw new NicSpecError(`--nic ${name}: mac: ${e.message}`);
        throw e;
      }
    } else if (key === 'link' && (value === 'up' || value === 'down')) {
      linkUp = value === 'up';
    } else {
      throw new NicSpecError(`--nic ${name}: unknown property '${p}' (known: mac=52:54:00:12:34:56, link=up|down)`);
    }
  }
  return { kind: 'switch', name, mac, linkUp };
}

export interface Nic {
  readonly device: VirtioNet;
  readonly joined: JoinedSwitch;
  close(): void;
}

/** Joins the switch of `spec` and builds the NIC; a random 52:54:00 MAC unless one is given. */
export async function createNic(spec: Extract<NicSpec, { kind: 'switch' }>, options: JoinOptions = {}): Promise<Nic> {
  const joined = await joinSwitch(spec.name, options);
  const device = new VirtioNet({ mac: spec.mac ?? randomMac((n) => randomBytes(n)), backend: joined.backend });
  if (!spec.linkUp) device.setLink(false);
  return { device, joined, close: () => { device.close(); joined.close(); } };
}
