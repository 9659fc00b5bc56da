// UI test in real VS Code (code-server 4.100.3, driven by Debian's Chromium through
// playwright-core): installs the packaged kuli.vsix into a fresh extensions directory,
// opens a workspace with an s390x assembly file, and checks what a user sees: the Kuli
// activity-bar view with the demo guest, the grammar's colours, a hover on a mnemonic
// with the ISA table's description, a diagnostic on a bad line, completion of a
// mnemonic, a demo guest source opened from the view, and the demo guest started from
// its inline Start action with "Hello from Kuli" in its console terminal and the view
// showing it stopped with an instruction count, and the interactive echo guest answering
// a line typed in its terminal, then paused, resumed and stopped from the view's inline
// actions. Screenshots go to
// test-results/ui/. Prints one line per check and "N passed, M failed"; exits 1 on failure.
//
// Usage: node test/ui/run.mjs [--vsix FILE] [--cache DIR] [--keep]
// (test/ui/setup.sh installs code-server and playwright-core into the cache; the cache
// defaults to ${KULI_CACHE:-~/.cache/kuli}/ui.)
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const cache = arg('--cache') ?? join(process.env.KULI_CACHE ?? join(homedir(), '.cache/kuli'), 'ui');
const keep = process.argv.includes('--keep');
const results = join(repo, 'test-results/ui');
mkdirSync(results, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'kuli-ui-'));
const vsix = arg('--vsix') ?? join(work, 'kuli.vsix');
if (!arg('--vsix')) execFileSync(process.execPath, [join(repo, 'tools/package.mjs'), '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });

const codeServer = join(cache, 'node_modules/.bin/code-server');
const { chromium } = createRequire(join(cache, 'package.json'))('playwright-core');

// A fresh profile: extensions, user data, config, and a workspace with one assembly file.
const extensions = join(work, 'extensions');
const userData = join(work, 'user-data');
const workspace = join(work, 'workspace');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(workspace, { recursive: true });
writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'editor.hover.delay': 150,
  // The DOM renderer keeps the terminal's text readable by the test (no GPU here anyway).
  'terminal.integrated.gpuAcceleration': 'off',
  'editor.quickSuggestions': { other: true, comments: false, strings: false },
}, null, 2));
const DEMO = [
  '# Demo for the Kuli UI test',
  '\t.text',
  '\t.globl\tmain',
  '\t.type\tmain,@function',
  'main:',
  '\tlarl\t%r1,message',
  '\tlghi\t%r2,42',
  '\tlr\t%r3',
  '\tbr\t%r14',
  'message:',
  '\t.asciz\t"hello"',
  '',
].join('\n');
writeFileSync(join(workspace, 'demo.s'), DEMO);
const env = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), XDG_DATA_HOME: join(work, 'data') };

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const install = execFileSync(codeServer, ['--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', vsix],
  { env, encoding: 'utf8' });
check('vsix installs into code-server', /successfully installed/.test(install), install.trim().split('\n').pop());

const port = await freePort();
const server = spawn(codeServer, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
  '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, workspace],
{ env, stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stdout.on('data', (d) => { serverLog += d; });
server.stderr.on('data', (d) => { serverLog += d; });

async function waitForServer() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not start:\n${serverLog}`);
}

let browser;
try {
  await waitForServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const shot = (name) => page.screenshot({ path: join(results, `${name}.png`) });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  check('workbench loads', true);

  // The Kuli container in the activity bar, its Guests view, the demo guest.
  const kuliIcon = page.locator('.activitybar .action-item a[aria-label^="Kuli"], .activitybar .action-item[aria-label^="Kuli"]').first();
  await kuliIcon.waitFor({ timeout: 30_000 });
  check('Kuli is in the activity bar', true);
  await kuliIcon.click();
  const guestRow = page.locator('.monaco-list-row[aria-label*="hello"]').first();
  await guestRow.waitFor({ timeout: 30_000 }).catch(() => undefined);
  const rows = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
  check('Guests view lists the demo guest with its files', rows.some((r) => r.includes('hello')) && rows.some((r) => r.includes('hello.elf'))
    && rows.some((r) => r.includes('start.S')), JSON.stringify(rows));
  await shot('01-kuli-view');

  // Open the workspace's demo.s through Quick Open.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 10_000 });
  await page.keyboard.type('demo.s');
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20_000 });
  const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
  await mode.waitFor({ timeout: 10_000 }).catch(() => undefined);
  const modeText = (await mode.innerText().catch(() => '')).trim();
  check('demo.s opens as s390x Assembly', /s390x Assembly/.test(modeText), modeText);

  // Highlighting: the grammar colours the mnemonic differently from the register.
  const larl = page.locator('.view-line span span', { hasText: /^larl$/ }).first();
  await larl.waitFor({ timeout: 10_000 });
  const colours = await page.evaluate(() => {
    const spans = [...document.querySelectorAll('.view-line span span')];
    const colour = (test) => { const s = spans.find((x) => test(x.textContent.replace(/\u00a0/g, ' '))); return s ? getComputedStyle(s).color : ''; };
    return { mnemonic: colour((t) => t === 'larl'), register: colour((t) => t === '%r1'), comment: colour((t) => t.startsWith('# Demo')) };
  });
  check('grammar colours mnemonics, registers and comments apart',
    Object.values(colours).every((c) => c !== '') && new Set(Object.values(colours)).size === 3, JSON.stringify(colours));

  // Diagnostics: the language server flags `lr %r3` (one operand short).
  const squiggle = page.locator('.squiggly-error');
  await squiggle.first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  check('language server reports the operand-count error', (await squiggle.count()) === 1, `${await squiggle.count()} error squiggle(s)`);

  // Hover on the mnemonic.
  await larl.hover();
  const hoverBox = page.locator('.monaco-hover-content', { hasText: 'load address relative long' });
  await hoverBox.first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  const hoverText = (await page.locator('.monaco-hover-content').allInnerTexts()).join('\n');
  check('hover on larl shows the ISA description, syntax and format',
    /load address relative long/.test(hoverText) && /larl R1,RI2/.test(hoverText) && /RIL-b/.test(hoverText), hoverText.replace(/\s+/g, ' ').slice(0, 200));
  await shot('02-hover-larl');
  await page.keyboard.press('Escape');

  // Completion: type a new statement and ask for suggestions.
  await page.locator('.view-line', { hasText: 'br' }).last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('lgf');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget .monaco-list-row');
  await suggest.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  const suggestions = await suggest.allInnerTexts();
  check('completion offers mnemonics with their syntax', suggestions.some((s) => /lgfr\s*R1,R2/.test(s)), suggestions.slice(0, 5).join(' | ').replace(/\s+/g, ' '));
  await shot('03-completion');
  await page.keyboard.press('Escape');

  // Open a demo guest's source from the Kuli view.
  const sourceRow = page.locator('.pane-body .monaco-list-row', { hasText: 'start.S' }).first();
  // Clicking the container's icon while it is shown would close the side bar.
  if (!(await sourceRow.isVisible().catch(() => false))) await kuliIcon.click();
  await sourceRow.click();
  const tab = page.locator('.tabs-container .tab', { hasText: 'start.S' });
  await tab.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  check('a demo guest source opens from the view', (await tab.count()) > 0);
  await page.waitForTimeout(1500);
  await shot('04-guest-source');

  // Start the demo guest from its inline action: the host worker runs it, its console
  // opens as a terminal named after the guest, and the view shows its state.
  const guestRowOf = (name) => page.locator('.pane-body .monaco-list-row',
    { hasText: new RegExp(`^${name}\\s*(demo|starting|running|paused|stopped|crashed) ·`) }).first();
  const helloRow = guestRowOf('hello');
  if (!(await helloRow.isVisible().catch(() => false))) await kuliIcon.click();
  await helloRow.hover();
  const startAction = helloRow.locator('.action-label[aria-label="Start Guest"]');
  await startAction.waitFor({ timeout: 10_000 }).catch(() => undefined);
  check('the demo guest has an inline Start action', (await startAction.count()) === 1);
  await startAction.click();
  const terminalRows = page.locator('.terminal-wrapper .xterm-rows');
  const hello = page.locator('.terminal-wrapper .xterm-rows', { hasText: 'Hello from Kuli' });
  await hello.first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  const terminalText = (await terminalRows.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  check('the guest console terminal shows "Hello from Kuli"', /Hello from Kuli/.test(terminalText) && /EXIT: STATUS=0/.test(terminalText),
    terminalText.replace(/\s+/g, ' ').trim().slice(0, 200));
  const tabs = (await page.locator('.terminal-tabs-entry, .single-terminal-tab, .panel .composite-title').allInnerTexts()).join(' | ');
  check('the terminal is named after the guest', /Kuli: hello/.test(tabs), tabs.replace(/\s+/g, ' ').slice(0, 200));
  const stoppedRow = page.locator('.pane-body .monaco-list-row', { hasText: /stopped · [\d.]+[KMG]? instr/ });
  await stoppedRow.first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  const guestRows = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
  check('the Guests view shows the guest stopped with its instruction count', (await stoppedRow.count()) > 0, JSON.stringify(guestRows));
  await shot('05-guest-console');

  // The echo guest: type a line in its terminal, see the answer; pause, resume, stop.
  const echoRow = guestRowOf('echo');
  await echoRow.hover();
  await echoRow.locator('.action-label[aria-label="Start Guest"]').click();
  const prompt = page.locator('.terminal-wrapper .xterm-rows', { hasText: 'type a line' });
  await prompt.first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  check('the echo guest prompts in its terminal', (await prompt.count()) > 0);
  await page.locator('.terminal-wrapper .xterm', { has: prompt }).first().click().catch(() => undefined);
  await page.keyboard.type('hi from the UI');
  await page.keyboard.press('Enter');
  const answer = page.locator('.terminal-wrapper .xterm-rows', { hasText: 'line 1: hi from the UI' });
  await answer.first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  const echoText = (await page.locator('.terminal-wrapper .xterm-rows', { has: prompt }).allInnerTexts().catch(() => [])).join('\n');
  check('a line typed in the terminal reaches the guest and is answered', (await answer.count()) > 0,
    echoText.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200));
  const rowState = async (state) => {
    const row = page.locator('.pane-body .monaco-list-row', { hasText: new RegExp(`^echo\\s*${state} ·`) });
    await row.first().waitFor({ timeout: 15_000 }).catch(() => undefined);
    return (await row.count()) > 0;
  };
  check('the Guests view shows echo running', await rowState('running'), JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts()));
  await shot('06-echo-running');
  for (const [action, state] of [['Pause Guest', 'paused'], ['Resume Guest', 'running'], ['Stop Guest', 'stopped']]) {
    await echoRow.hover();
    const button = echoRow.locator(`.action-label[aria-label="${action}"]`);
    await button.click({ timeout: 10_000 }).catch((e) => console.log(`  (click ${action}: ${String(e).split("\n")[0]})`));
    check(`${action} from the view: echo ${state}`, await rowState(state), JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts()));
    if (state === 'paused') await shot('07-echo-paused');
  }
  const stoppedNote = page.locator('.terminal-wrapper .xterm-rows', { hasText: 'guest stopped: stopped by the user' });
  await stoppedNote.first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  check('the terminal says the guest was stopped', (await stoppedNote.count()) > 0);
  await shot('08-echo-stopped');
} catch (e) {
  check('UI run completed', false, String(e?.stack ?? e));
  console.log(serverLog.split('\n').slice(-30).join('\n'));
} finally {
  await browser?.close().catch(() => undefined);
  server.kill('SIGTERM');
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
console.log(`screenshots: ${results}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
