// UI test in real VS Code (code-server 4.100.3, driven by Debian's Chromium through
// playwright-core): installs the packaged kuli.vsix into a fresh extensions directory,
// opens a workspace with an s390x assembly file, and checks what a user sees: the Kuli
// activity-bar view with the demo guest, the grammar's colours, a hover on a mnemonic
// with the ISA table's description, a diagnostic on a bad line, completion of a
// mnemonic, a demo guest source opened from the view, and the demo guest started from
// its inline Start action with "Hello from Kuli" in its console terminal and the view
// showing it stopped with an instruction count, and the interactive echo guest answering
// a line typed in its terminal, then paused, resumed and stopped from the view's inline
// actions; then a guest made with "New Guest..." started from the view, a workspace guest
// definition (the dat/basic test guest) started, an invalid definition shown as such,
// the Devices and Statistics views with that guest's devices and counters, and the
// page-table view walking a virtual address through the guest's own tables, and the echo
// guest debugged from the view (stop in main, a breakpoint in its C source hit). Screenshots go to
// test-results/ui/. Prints one line per check and "N passed, M failed"; exits 1 on failure.
//
// Usage: node test/ui/run.mjs [--vsix FILE] [--cache DIR] [--keep]
// (test/ui/setup.sh installs code-server and playwright-core into the cache; the cache
// defaults to ${KULI_CACHE:-~/.cache/kuli}/ui.)
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
// A workspace guest definition (a guest that turns DAT on with its own page tables) and a broken one.
copyFileSync(join(repo, 'test/guests/dat/basic/basic.elf'), join(workspace, 'basic.elf'));
writeFileSync(join(workspace, 'dat-basic.kuli.json'), JSON.stringify({ name: 'dat-basic', kernel: 'basic.elf', memory: '64M' }, null, 2));
writeFileSync(join(workspace, 'broken.kuli.json'), JSON.stringify({ kernel: 'basic.elf', smp: 0 }, null, 2));
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
  // Generous: 8 engineers share 2 cores, and the workbench's first load is heavy.
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 180_000, waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 180_000 });
  check('workbench loads', true);

  // The Kuli container in the activity bar, its Guests view, the demo guest.
  const kuliIcon = page.locator('.activitybar .action-item a[aria-label^="Kuli"], .activitybar .action-item[aria-label^="Kuli"]').first();
  await kuliIcon.waitFor({ timeout: 120_000 });
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

  // "New Guest...": name, kernel (the bundled hello), memory and vcpus; the definition opens
  // in an editor and the guest joins the Guests view, where it starts like a demo.
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: 10_000 });
  await page.keyboard.type('Kuli: New Guest');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'New Guest' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  const quickTitle = page.locator('.quick-input-widget .quick-input-title');
  const step = async (title, type) => {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
    if (type !== undefined) {
      await page.keyboard.press('Control+A');
      await page.keyboard.type(type);
    }
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
  };
  await step('(1/4): name', 'ui-guest');
  await step('(2/4): kernel', 'hello');
  await step('(3/4): memory');
  await step('(4/4): vcpus', '1');
  await quickTitle.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  const defTab = page.locator('.tabs-container .tab', { hasText: 'ui-guest.json' });
  await defTab.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  check('New Guest writes .kuli/guests/ui-guest.json and opens it', (await defTab.count()) > 0);
  const editorText = (await page.locator('.monaco-editor .view-lines').last().innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  check('the definition names the hello kernel, memory and vcpus', /"kernel":/.test(editorText) && /hello\.elf/.test(editorText) && /"smp": 1/.test(editorText),
    editorText.replace(/\s+/g, ' ').slice(0, 200));
  await shot('09-new-guest');
  if (!(await guestRowOf('hello').isVisible().catch(() => false))) await kuliIcon.click();
  const wsRow = (name) => page.locator('.pane-body .monaco-list-row', { hasText: new RegExp(`^${name}\\s*(workspace|starting|running|paused|stopped|crashed) ·`) }).first();
  await wsRow('ui-guest').waitFor({ timeout: 20_000 }).catch(() => undefined);
  check('the new guest is in the Guests view', await wsRow('ui-guest').isVisible().catch(() => false),
    JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts()));
  await wsRow('ui-guest').hover();
  await wsRow('ui-guest').locator('.action-label[aria-label="Start Guest"]').click({ timeout: 10_000 }).catch((e) => console.log(`  (start ui-guest: ${String(e).split('\n')[0]})`));
  const uiHello = page.locator('.terminal-wrapper .xterm-rows', { hasText: 'Hello from Kuli' });
  const uiTabs = page.locator('.terminal-tabs-entry, .single-terminal-tab, .panel .composite-title', { hasText: 'Kuli: ui-guest' });
  await uiTabs.first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  await uiHello.first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  check('the new guest boots: its own terminal shows "Hello from Kuli"', (await uiTabs.count()) > 0 && (await uiHello.count()) > 0);

  // The workspace's definitions: dat-basic starts; broken.kuli.json is shown with its problem.
  const broken = page.locator('.pane-body .monaco-list-row', { hasText: /^broken\s*invalid definition: "smp" must be at least 1/ });
  check('an invalid definition shows in the view with its problem', (await broken.count()) > 0,
    JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts()));
  await wsRow('dat-basic').hover();
  await wsRow('dat-basic').locator('.action-label[aria-label="Start Guest"]').click({ timeout: 10_000 }).catch((e) => console.log(`  (start dat-basic: ${String(e).split('\n')[0]})`));
  const datDone = page.locator('.pane-body .monaco-list-row', { hasText: /^dat-basic\s*stopped · [\d.]+[KMG]? instr/ });
  await datDone.first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  check('the dat-basic workspace guest runs to its end', (await datDone.count()) > 0,
    JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts()));
  await shot('10-workspace-guests');

  // Devices and Statistics views (collapsed by default): expand them and look.
  for (const title of ['Devices', 'Statistics']) {
    const header = page.locator('.pane-header', { hasText: new RegExp(`^${title}`) }).first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  }
  const sclpRow = page.locator('.pane-body .monaco-list-row', { hasText: /^SCLP console/ });
  await sclpRow.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  check('the Devices view lists each guest\'s SCLP console', (await sclpRow.count()) >= 2,
    JSON.stringify(await page.locator('.pane-body .monaco-list-row').allInnerTexts()));
  const interceptRow = page.locator('.pane-body .monaco-list-row', { hasText: /^Intercepts and interruptions/ });
  const servcRow = page.locator('.pane-body .monaco-list-row', { hasText: /^servc\s*\d/ });
  await servcRow.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  check('the Statistics view shows intercepts per reason', (await interceptRow.count()) > 0 && (await servcRow.count()) > 0);
  await shot('11-devices-statistics');
  // Give the Guests view its room back.
  for (const title of ['Devices', 'Statistics']) await page.locator('.pane-header', { hasText: new RegExp(`^${title}`) }).first().click();

  // The page-table view from the guest's inline action: walk V+0x123 of dat/basic.
  await wsRow('dat-basic').hover();
  await wsRow('dat-basic').locator('.action-label[aria-label="Show Page Tables"]').click({ timeout: 10_000 }).catch((e) => console.log(`  (page tables: ${String(e).split('\n')[0]})`));
  const web = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await web.locator('#address').waitFor({ timeout: 30_000 }).catch(() => undefined);
  check('the page-table view opens', await web.locator('#address').isVisible().catch(() => false));
  const selected = await web.locator('#guest option:checked').innerText().catch(() => '');
  check('it is opened on the guest it was asked for', /dat-basic/.test(selected), selected);
  await web.locator('#address').fill('40000123').catch(() => undefined);
  await web.locator('#walk').click().catch(() => undefined);
  await web.locator('#steps').waitFor({ timeout: 20_000 }).catch(() => undefined);
  const walkText = (await web.locator('#result').innerText().catch(() => '')).replace(/\s+/g, ' ');
  check('the DAT walk shows the segment- and page-table entries', /segment table 0x400/.test(walkText) && /page table 0x0/.test(walkText), walkText.slice(0, 300));
  check('the walk ends in a real and absolute address with a storage key and host backing',
    /Real address 0x[0-9a-f]*123/.test(walkText) && /Absolute address/.test(walkText) && /Storage key ACC/.test(walkText) && /Host backing resident/.test(walkText), walkText.slice(-300));
  await shot('12-page-table-walk');
  await web.locator('#address').fill('80000000').catch(() => undefined);
  await web.locator('#walk').click().catch(() => undefined);
  const asceType = web.locator('#result', { hasText: 'ASCE-type exception' });
  await asceType.waitFor({ timeout: 20_000 }).catch(() => undefined);
  check('an address beyond the segment-table ASCE is an ASCE-type exception', (await asceType.count()) > 0);
  await shot('13-page-table-exception');

  // Debug from the Guests view: the Debug action starts a kuli session that stops in the
  // echo guest's main; a breakpoint set in its C source (line 31, the prompt) is then hit.
  if (!(await guestRowOf('echo').isVisible().catch(() => false))) await kuliIcon.click();
  await guestRowOf('echo').hover();
  const debugAction = guestRowOf('echo').locator('.action-label[aria-label="Debug Guest"]');
  check('the guest has an inline Debug action', (await debugAction.count()) === 1);
  await debugAction.click({ timeout: 10_000 }).catch((e) => console.log(`  (debug: ${String(e).split('\n')[0]})`));
  const toolbar = page.locator('.debug-toolbar');
  await toolbar.waitFor({ timeout: 60_000 }).catch(() => undefined);
  const stackRows = page.locator('.debug-call-stack .monaco-list-row');
  const frame = page.locator('.debug-call-stack .monaco-list-row', { hasText: /main/ });
  await frame.first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  check('Debug Guest stops in main with the call stack shown', (await toolbar.isVisible().catch(() => false)) && (await frame.count()) > 0,
    (await stackRows.allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ').slice(0, 200));
  await shot('14-debug-main');
  // A breakpoint on line 31 of main.c (printf of the prompt): open the source from the
  // Guests view, go to the line, F9, continue.
  await kuliIcon.click();
  const echoSource = page.locator('.pane-body .monaco-list-row', { hasText: /^main\.c\s*source/ }).first();
  await echoSource.waitFor({ timeout: 10_000 }).catch(() => undefined);
  await echoSource.click().catch((e) => console.log(`  (open main.c: ${String(e).split('\n')[0]})`));
  const mainTab = page.locator('.tabs-container .tab', { hasText: 'main.c' });
  await mainTab.first().waitFor({ timeout: 20_000 }).catch(() => undefined);
  check('the echo guest\'s main.c opens from the view', (await mainTab.count()) > 0);
  await page.waitForTimeout(1000);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click().catch(() => undefined);
  await page.keyboard.press('Control+G');
  await page.keyboard.type('31');
  await page.keyboard.press('Enter');
  await page.keyboard.press('F9');
  const bpGlyph = page.locator('.codicon-debug-breakpoint, .codicon-debug-breakpoint-unverified');
  await bpGlyph.first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(1000);
  await page.keyboard.press('F5');
  await page.keyboard.press('Control+Shift+D'); // back to Run and Debug: the call stack
  const at31 = page.locator('.debug-call-stack .monaco-list-row', { hasText: /main\.c\s*31/ });
  await at31.first().waitFor({ timeout: 60_000 }).catch(() => undefined);
  check('a breakpoint set in the C source is hit (main.c line 31)', (await at31.count()) > 0,
    (await stackRows.allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ').slice(0, 200));
  await shot('15-debug-breakpoint');
  await page.keyboard.press('Shift+F5');
  await toolbar.waitFor({ state: 'hidden', timeout: 30_000 }).catch(() => undefined);
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
