// The extension's settings (contributes.configuration in package.json), read fresh on
// each use so a change applies without a reload, with the manifest's defaults as fallbacks.
import * as vscode from 'vscode';

export interface KuliSettings {
  /** Memory for guest definitions that name none, and the first choice in "New guest...". */
  readonly defaultMemory: string;
  readonly defaultSmp: number;
  /** Show a guest's console terminal when it starts. */
  readonly revealConsoleOnStart: boolean;
  /** How often the Devices and Statistics views ask the host while visible, in ms. */
  readonly refreshIntervalMs: number;
}

export function settings(): KuliSettings {
  const c = vscode.workspace.getConfiguration('kuli');
  const smp = c.get<number>('guests.defaultSmp', 1);
  const memory = c.get<string>('guests.defaultMemory', '128M');
  return {
    defaultMemory: /^[1-9][0-9]*[MmGg]?$/.test(memory) ? memory : '128M',
    defaultSmp: Number.isInteger(smp) && smp >= 1 && smp <= 64 ? smp : 1,
    revealConsoleOnStart: c.get<boolean>('console.revealOnStart', true),
    refreshIntervalMs: Math.max(250, c.get<number>('views.refreshInterval', 1000)),
  };
}
