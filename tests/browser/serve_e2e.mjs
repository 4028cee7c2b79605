// `sitegen serve` as an editor meets it, in headless Debian chromium (playwright-core, no
// browser download):
//
// 1. Copies the clinic site (whose base_url has a path, /clinic-site/) to a temporary folder
//    and starts `sitegen serve --port 0` on it.
// 2. Opens the safety page, scrolls down, and edits content/safety/_index.md: the page must show the
//    new text by itself (no reload from the test), at the same scroll position; the same
//    after a new title, which makes the tab reload rather than swap its <main>.
// 3. Follows a link of the page: links work in the preview.
// 4. Breaks the file's front matter: an overlay names content/safety/_index.md, the line and the
//    problem, over the last good page. Fixing the file clears it.
// 5. The editor's desk (/__sitegen/): the badge leads there; every page of both languages; a
//    Spanish page saved with an overdue review shows on it by itself; filters from the
//    keyboard; axe clean at 390 and 1280 px, light and dark.
// 6. No request may leave the preview's address; no console errors (CSP violations included).
//
// Usage: node tests/browser/serve_e2e.mjs
// Env: SITEGEN (command to run sitegen; default `cargo run -q --release --`),
//      CHROMIUM (default /usr/bin/chromium).

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const sitegenCmd = (process.env.SITEGEN || 'cargo run -q --release --').split(' ');
const WAIT_MS = 20000;

const work = mkdtempSync(join(tmpdir(), 'sitegen-serve-e2e-'));
const site = join(work, 'site');
for (const part of ['content', 'themes', 'static', 'templates', 'site.toml']) {
  if (existsSync(join(repo, part))) cpSync(join(repo, part), join(site, part), { recursive: true });
}

const failures = [];
const fail = (message) => failures.push(message);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Start the server and read its address from the terminal.
const server = spawn(sitegenCmd[0], [...sitegenCmd.slice(1), '--root', site, 'serve', '--port', '0'], {
  cwd: repo,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let terminal = '';
server.stdout.on('data', (d) => { terminal += d; });
server.stderr.on('data', (d) => { terminal += d; });
const baseUrl = await (async () => {
  const deadline = Date.now() + 120000;
  while (Date.now() < deadline) {
    const m = terminal.match(/Serving (http:\/\/[^ ]+\/)/);
    if (m) return m[1];
    if (server.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`sitegen serve did not start:\n${terminal}`);
})();

const profile = join(work, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Polls `check` (which may throw while the page navigates) until it returns true. */
async function waitFor(what, check) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    try {
      if (await check()) return true;
    } catch {
      // The page is reloading; try again.
    }
    await sleep(10);
  }
  fail(`timed out waiting for ${what}`);
  return false;
}

try {
  const page = context.pages()[0] || (await context.newPage());
  page.on('request', (r) => {
    if (!r.url().startsWith(baseUrl) && !r.url().startsWith('data:')) fail(`request to ${r.url()}`);
  });
  // Chromium asks every site for /favicon.ico by itself; the theme not having one is not a
  // preview problem.
  const ownRequest = (url) => !url.endsWith('/favicon.ico');
  page.on('console', (m) => {
    if (m.type() === 'error' && ownRequest(m.location().url || '')) fail(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) fail(`${r.status()} for ${r.url()}`); });

  const safetyFile = join(site, 'content', 'safety', '_index.md');
  const original = readFileSync(safetyFile, 'utf8');

  // 1. Open the page and scroll down.
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(baseUrl + 'safety/');
  const title = await page.locator('h1').first().innerText();
  await page.evaluate(() => window.scrollTo(0, 600));
  await sleep(100);
  const scrolled = await page.evaluate(() => window.scrollY);
  if (scrolled < 500) fail(`could not scroll the safety page (scrollY ${scrolled})`);

  // 2. Edit the markdown: the page updates by itself and keeps its place.
  const marker = `Preview marker ${Date.now()}`;
  const edited = original.trimEnd() + `\n\n${marker}: the preview shows this without a reload.\n`;
  const saved = Date.now();
  writeFileSync(safetyFile, edited);
  if (await waitFor('the edit to appear', () => page.evaluate((m) => document.body.innerText.includes(m), marker))) {
    console.log(`edit -> page shows it: ${Date.now() - saved} ms`);
  }
  await waitFor('the scroll position to come back', async () => Math.abs((await page.evaluate(() => window.scrollY)) - scrolled) < 5);
  const y = await page.evaluate(() => window.scrollY);
  if (Math.abs(y - scrolled) >= 5) fail(`scroll position not kept: was ${scrolled}, now ${y}`);

  // A new title changes the menu too, so the tab reloads; it still keeps its place.
  const retitled = edited.replace(/^title = "([^"]*)"/m, 'title = "$1 (edited)"');
  if (retitled === edited) fail('could not find the title line of content/safety/_index.md');
  writeFileSync(safetyFile, retitled);
  await waitFor('the new title', () => page.evaluate(() => document.title.includes('(edited)')));
  await waitFor('the scroll position after a reload', async () => Math.abs((await page.evaluate(() => window.scrollY)) - scrolled) < 5);
  const afterReload = await page.evaluate(() => window.scrollY);
  if (Math.abs(afterReload - scrolled) >= 5) fail(`scroll position not kept by the reload: was ${scrolled}, now ${afterReload}`);
  writeFileSync(safetyFile, edited);
  await waitFor('the old title', () => page.evaluate(() => !document.title.includes('(edited)')));

  // 3. Links work in the preview (the site's base_url has a path).
  const href = await page.locator('main a[href^="../"]').first().getAttribute('href');
  const response = await page.goto(new URL(href, page.url()).href);
  if (!response || response.status() !== 200) fail(`link ${href} from the safety page: ${response?.status()}`);
  await page.goto(baseUrl + 'safety/');

  // 4. Break the front matter: the overlay shows file, line and message over the last good page.
  writeFileSync(safetyFile, edited.replace('title =', 'titel ='));
  const overlay = page.locator('#sitegen-overlay');
  await waitFor('the error overlay', () => overlay.isVisible());
  const overlayText = (await overlay.isVisible()) ? await overlay.innerText() : '';
  if (!/content\/safety\/_index\.md:\d+/.test(overlayText)) fail(`overlay does not name the file and line: ${overlayText}`);
  if (!overlayText.includes('titel')) fail(`overlay does not say what is wrong: ${overlayText}`);
  if ((await page.locator('h1').first().innerText()) !== title) fail('the last good page is not shown under the overlay');
  if (!(await page.evaluate((m) => document.body.innerText.includes(m), marker))) fail('the overlay hides a page older than the last good build');

  // Fixing the file clears the overlay and shows the fixed page.
  const fixedMarker = `Fixed marker ${Date.now()}`;
  writeFileSync(safetyFile, edited.replace(marker, fixedMarker));
  await waitFor('the fixed page', () => page.evaluate((m) => document.body.innerText.includes(m), fixedMarker));
  if (await overlay.isVisible()) fail('the overlay stayed after the fix');

  // 5. The editor's desk: linked from every page's badge, every page of both languages, a
  // Spanish page saved with an overdue review shows on it by itself (filters kept), the
  // filters work from the keyboard, and axe finds nothing at 390 and 1280 px, light and dark.
  await page.goto(baseUrl + 'safety/');
  const badge = page.locator('#sitegen-badge a');
  await waitFor('the desk badge', () => badge.isVisible());
  await badge.click();
  await waitFor('the desk', () => page.evaluate(() => location.pathname === '/__sitegen/'));
  await waitFor('the first check on the desk', () => page.evaluate(() => document.querySelector('[data-sitegen-desk]')?.getAttribute('data-sitegen-desk') !== '0'));
  const rows = await page.evaluate(() => [...document.querySelectorAll('.desk-pages tbody tr')].map((r) => r.getAttribute('data-lang')));
  if (rows.filter((l) => l === 'en').length < 20 || rows.filter((l) => l === 'es').length < 10) fail(`the desk does not list every page of both languages: ${rows.join(' ')}`);
  const shown = () => page.evaluate(() => [...document.querySelectorAll('.desk-pages tbody tr')].filter((r) => !r.hidden).map((r) => r.querySelector('code').textContent));
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.name === 'overdue');
  }
  if (!reached) fail('the "overdue reviews" filter cannot be reached with Tab');
  await page.keyboard.press('Space');
  const spanishFile = join(site, 'content', 'safety', '_index.es.md');
  const spanish = readFileSync(spanishFile, 'utf8');
  const overdue = spanish.replace(/^last_reviewed = .*$/m, 'last_reviewed = 2024-01-10').replace(/^next_review = .*$/m, 'next_review = 2025-01-10');
  if (overdue === spanish) fail('could not find the review dates of content/safety/_index.es.md');
  const savedSpanish = Date.now();
  writeFileSync(spanishFile, overdue);
  if (await waitFor('the overdue Spanish page on the desk', async () => (await shown()).includes('content/safety/_index.es.md'))) {
    console.log(`save -> desk shows the overdue review: ${Date.now() - savedSpanish} ms`);
  }
  // The desk can update again (or reload) as the rest of the check finishes: wait until it
  // settles on the overdue page alone, then say what is wrong if it does not.
  const filterOn = () => page.locator('input[name=overdue]').isChecked();
  const alone = async () => (await filterOn()) && (await shown()).join(', ') === 'content/safety/_index.es.md';
  let settled = false;
  for (const deadline = Date.now() + WAIT_MS; !settled && Date.now() < deadline; await sleep(20)) {
    settled = await alone().catch(() => false);
  }
  if (!settled) {
    if (!(await filterOn())) fail('the desk lost its filter when it updated');
    else fail(`the overdue filter shows ${(await shown()).join(', ')}`);
  }
  await page.keyboard.press('Space');
  const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const width of [390, 1280]) {
    for (const dark of [false, true]) {
      await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
      await page.setViewportSize({ width, height: 800 });
      if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => (await window.axe.run(document, { rules: { 'target-size': { enabled: true } } })).violations.map((v) => `${v.impact} ${v.id}: ${v.help}`));
      for (const v of violations) fail(`desk axe at ${width}px${dark ? ' dark' : ''}: ${v}`);
      if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) fail(`the desk scrolls sideways at ${width}px`);
    }
  }
  writeFileSync(spanishFile, spanish);
} finally {
  await context.close();
  server.kill('SIGINT');
  rmSync(work, { recursive: true, force: true });
}

if (!terminal.includes('Rebuilt content/safety/_index.md in ')) fail(`the terminal did not report the rebuild:\n${terminal}`);
if (failures.length > 0) {
  console.error(`serve_e2e: ${failures.length} problem(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('serve_e2e: live reload, scroll position, links, the error overlay and the editor\'s desk work in chromium');
