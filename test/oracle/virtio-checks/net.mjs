// virtio-net check for the Linux virtio boot test: one NIC with a fixed MAC (kuli: on a
// switch of its own; QEMU: virtio-net-ccw without a peer, its offloads and control queue
// switched off so it offers what kuli offers: MAC, STATUS, MRG_RXBUF, so the /sys/bus/virtio
// feature strings compare). eth0 appears with that MAC, bound to virtio_net, and comes up
// with carrier; `ip link` and `ifconfig` show it as under QEMU.
// Module shape (see linux-virtio.sh): kuliArgs(dir), qemuArgs(dir), commands,
// check(outputs, { dir, target }) -> list of problems ([] = pass).
export const MAC = '52:54:00:12:34:56';
const QEMU_FEATURES_OFF = ['csum', 'guest_csum', 'gso', 'guest_tso4', 'guest_tso6', 'guest_ecn', 'guest_ufo', 'guest_announce',
  'host_tso4', 'host_tso6', 'host_ecn', 'host_ufo', 'ctrl_vq', 'ctrl_rx', 'ctrl_vlan', 'ctrl_rx_extra', 'ctrl_mac_addr', 'ctrl_guest_offloads', 'mq'];

export function kuliArgs() {
  return ['--nic', `virtio-check-${process.pid},mac=${MAC}`];
}

export function qemuArgs() {
  return ['-device', ['virtio-net-ccw', `mac=${MAC}`, ...QEMU_FEATURES_OFF.map((f) => `${f}=off`)].join(',')];
}

export const commands = [
  'cat /sys/class/net/eth0/address',
  'basename $(readlink /sys/class/net/eth0/device/driver)',
  'ip link set eth0 up; sleep 2; cat /sys/class/net/eth0/operstate /sys/class/net/eth0/carrier',
  'ip link show eth0',
  'ifconfig eth0 | head -n 1',
];

export function check(outputs) {
  const problems = [];
  const [address, driver, state, link, ifconfig] = outputs.map((o) => o ?? '');
  if (address.trim() !== MAC) problems.push(`eth0 address is ${JSON.stringify(address)}, not ${MAC}`);
  if (driver.trim() !== 'virtio_net') problems.push(`eth0 is bound to ${JSON.stringify(driver)}, not virtio_net`);
  if (state.trim().split(/\s+/).join(' ') !== 'up 1') problems.push(`eth0 operstate/carrier: ${JSON.stringify(state)}, not "up 1"`);
  if (!/<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 /.test(link) || !link.includes(`link/ether ${MAC} brd ff:ff:ff:ff:ff:ff`)) {
    problems.push(`ip link show eth0: ${JSON.stringify(link)}`);
  }
  if (!ifconfig.includes(`HWaddr ${MAC.toUpperCase()}`)) problems.push(`ifconfig eth0: ${JSON.stringify(ifconfig)}`);
  return problems;
}
