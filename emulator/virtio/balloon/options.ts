// The balloon target as the user writes it: `--balloon-target 256M` leaves the guest 256 MiB
// (as QEMU's monitor command `balloon 256`); the balloon takes the rest.
export class BalloonOptionError extends Error {
  override name = 'BalloonOptionError';
}

const UNITS: Readonly<Record<string, number>> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** Parses 256M, 1G, 1048576K or 512 (MiB, as --memory) into bytes, at most `memory`. */
export function parseBalloonTarget(text: string, memory: number): number {
  const m = /^(\d+)([KMGT]?)(i?B)?$/i.exec(text.trim());
  if (!m) throw new BalloonOptionError(`--balloon-target: '${text}' is not a size; use a number with an optional K, M, G or T suffix, e.g. 256M`);
  const bytes = Number(m[1]) * (m[2] === '' ? UNITS.M : UNITS[m[2].toUpperCase()]);
  if (bytes > memory) throw new BalloonOptionError(`--balloon-target: ${text} is more than the guest's ${memory / UNITS.M} MiB`);
  return bytes;
}
