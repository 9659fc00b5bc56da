// Checks the JSON of linux-net.mjs: both guests saw their MAC, brought eth0 up and got
// 3 of 3 echo replies from the other. `node linux-net-check.mjs RESULT.json`; exits 1 on failure.
import { readFileSync } from 'node:fs';

const guests = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failed = 0;
function check(name, ok, detail = '') {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? `: ${detail}` : ''}\n`);
  if (!ok) failed++;
}
for (const g of guests) {
  const [mac = '', up = '', , ping = '', counters = ''] = g.outputs ?? [];
  const who = `guest ${g.guest.name}`;
  check(`${who} booted and ran every command`, g.ok === true, g.error);
  check(`${who}: eth0 has MAC ${g.guest.mac}`, mac.trim() === g.guest.mac, JSON.stringify(mac));
  check(`${who}: eth0 is up with carrier`, up.trim().split(/\s+/).join(' ') === 'up 1', JSON.stringify(up));
  check(`${who}: 3 of 3 echo replies`, /3 packets transmitted, 3 packets received, 0% packet loss/.test(ping), JSON.stringify(ping));
  const rtt = /round-trip min\/avg\/max = [\d.]+\/([\d.]+)\//.exec(ping);
  if (rtt) process.stdout.write(`     ${who}: average round trip ${rtt[1]} ms, boot to shell ${(g.bootMs / 1000).toFixed(1)} s\n`);
  const [rx = 0, tx = 0] = counters.trim().split(/\s+/).map(Number);
  check(`${who}: packet counters moved`, rx >= 3 && tx >= 3, JSON.stringify(counters));
  check(`${who}: poweroff ends with status 0`, g.exitCode === 0, String(g.exitCode));
}
process.exit(failed === 0 ? 0 : 1);
