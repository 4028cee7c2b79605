// The search box as patients meet it, in headless Debian chromium (playwright-core), on the
// clinic site served over HTTP under its project path:
//
// 1. A page loads none of the search until the box is used; then only the engine, the
//    manifest and a few shards, never the whole index.
// 2. Results as you type: "preg" lists the pregnancy question first, with a snippet whose
//    matching words are marked; a typo ("nausia") finds what the word finds.
// 3. The count is announced in the box's live region; Down and Up move through the results
//    and back to the box; Escape clears and returns to the box; Enter pressed before typing
//    pauses opens the first result of what was typed.
// 4. No results offers the questions page and the clinic's phone, reachable with Down.
// 5. axe-core finds no serious or critical violation with results or "no results" open, at
//    390 and 1280 px, light and dark; at 320 px the open results do not scroll sideways.
// 6. Nothing moves when the box appears: while search.js is on its way, the box's place is
//    kept but empty (its input cannot be reached), and the page below is where it stays once
//    the box shows (a phone's width, where the box has a line of its own).
//
// Usage: node tests/browser/search.mjs
// Env: SITEGEN (command to run sitegen; default `cargo run -q --release --`),
//      CHROMIUM (default /usr/bin/chromium).

import { execSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const sitegenCmd = process.env.SITEGEN || 'cargo run -q --release --';

const work = mkdtempSync(join(tmpdir(), 'sitegen-search-'));
const out = join(work, 'site');
execSync(`${sitegenCmd} build --output "${out}"`, { cwd: repo, stdio: 'inherit' });

const base = '/clinic-site/';
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!path.startsWith(base)) return res.writeHead(404).end();
  let file = resolve(out, '.' + path.slice(base.length - 1));
  if (file !== out && !file.startsWith(out + sep)) return res.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const failures = [];
let current = '';
const fail = (message) => failures.push(`${current}: ${message}`);

const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = context.pages()[0] || (await context.newPage());
const requested = [];
page.on('request', (r) => requested.push(new URL(r.url()).pathname.slice(base.length)));
page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
page.on('pageerror', (e) => fail(`script error: ${e.message}`));
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const box = () => page.locator('#site-search-input');
const status = () => page.locator('#site-search-status').textContent();
const focused = () => page.evaluate(() => {
  const a = document.activeElement;
  return a.id || a.getAttribute('href') || a.tagName;
});

async function open(path, width = 1280, dark = false) {
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.goto(origin + base + path);
}

// Types `query` a key at a time and waits for its results (or "No results").
async function type(query) {
  await box().click();
  await box().press('Escape');
  await box().pressSequentially(query, { delay: 30 });
  await page.waitForFunction((q) => {
    const s = document.querySelector('#site-search-status').textContent;
    return /^\d+ results?/.test(s) || s.startsWith('No results for \u201c' + q.trim());
  }, query, { timeout: 5000 }).catch(() => fail(`no results shown for "${query}"`));
}

const results = () => page.evaluate(() => [...document.querySelectorAll('#site-search-results li')].map((li) => ({
  title: li.querySelector('a').textContent,
  href: li.querySelector('a').getAttribute('href'),
  marks: [...li.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
})));

async function axe(label) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} [${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}]`));
  for (const v of violations) fail(`axe (${label}) ${v}`);
}

// ---------- 1. nothing of the search until the box is used ----------
current = 'first load';
await open('side-effects/');
await page.waitForLoadState('networkidle');
const before = requested.filter((p) => /search/.test(p));
if (before.join() !== 'search.js') fail(`a page loads ${before.join(', ')} before the box is used`);

// ---------- 2. as you type, typos, snippets ----------
current = 'as you type';
requested.length = 0;
await type('preg');
let found = await results();
if (!found[0] || found[0].href !== '../safety/#can-i-have-ketamine-if-i-am-pregnant-or-breastfeeding') {
  fail(`"preg" lists first ${JSON.stringify(found[0])}`);
}
if (!found.some((r) => r.marks.some((m) => m.startsWith('pregnan')))) fail('no snippet marks the matching word');
const shards = readFileSync(join(out, 'search-index.js'), 'utf8').match(/"terms":\[([^\]]*)\]/)[1].split(',').length;
const termFiles = requested.filter((p) => /^search\/t\d+\.js/.test(p)).length;
if (!requested.includes('search-language.js') || !requested.includes('search-engine.js') || !requested.some((p) => p.startsWith('search-index.js'))) {
  fail(`the language, the engine and manifest were not loaded: ${requested.join(', ')}`);
}
if (termFiles >= shards) fail(`a query loaded all ${shards} term shards`);
if (!requested.includes('search-stem-en.js') || requested.some((p) => p.startsWith('search-stem-es'))) {
  fail(`an English page loads the English stemmer only: ${requested.join(', ')}`);
}

current = 'a typo';
await type('nausia');
found = await results();
if (!found.length || !found.some((r) => r.marks.includes('nausea'))) fail(`"nausia" does not find nausea: ${JSON.stringify(found)}`);

// ---------- 3. live region and keyboard ----------
current = 'keyboard';
await type('side effects');
const live = await page.evaluate(() => {
  const s = document.querySelector('#site-search-status');
  return { role: s.getAttribute('role'), live: s.getAttribute('aria-live'), text: s.textContent };
});
if (live.role !== 'status' || live.live !== 'polite' || !/^\d+ results/.test(live.text)) fail(`live region: ${JSON.stringify(live)}`);
found = await results();
await box().press('ArrowDown');
if ((await focused()) !== found[0]?.href) fail(`Down from the box focuses ${await focused()}`);
await page.keyboard.press('ArrowDown');
if ((await focused()) !== found[1]?.href) fail(`Down again focuses ${await focused()}`);
await page.keyboard.press('ArrowUp');
await page.keyboard.press('ArrowUp');
if ((await focused()) !== 'site-search-input') fail(`Up from the first result focuses ${await focused()}`);
await page.keyboard.press('ArrowDown');
await page.keyboard.press('Escape');
const cleared = await page.evaluate(() => ({
  value: document.querySelector('#site-search-input').value,
  results: document.querySelectorAll('#site-search-results li').length,
  status: document.querySelector('#site-search-status').textContent,
}));
if (cleared.value || cleared.results || cleared.status) fail(`Escape leaves ${JSON.stringify(cleared)}`);
if ((await focused()) !== 'site-search-input') fail(`Escape focuses ${await focused()}`);

current = 'Enter before the pause';
await box().press('Escape');
await box().pressSequentially('driving', { delay: 10 });
await box().press('Enter');
await page.waitForURL(/what-to-expect\/#can-i-drive-home-afterwards$/, { timeout: 5000 })
  .catch(() => fail(`Enter right after typing opened ${page.url()}`));
await open('side-effects/');

// ---------- 4. no results ----------
current = 'no results';
await type('xylophone');
const offered = await page.evaluate(() => [...document.querySelectorAll('#site-search-status a')].map((a) => a.getAttribute('href')));
if (!offered.includes('../faq/')) fail(`"no results" does not offer the questions page: ${offered}`);
if (!offered.some((h) => h.startsWith('tel:+'))) fail(`"no results" does not offer the phone: ${offered}`);
if (!(await status()).startsWith('No results for \u201cxylophone\u201d')) fail(`status says "${await status()}"`);
await box().press('ArrowDown');
if ((await focused()) !== '../faq/') fail(`Down from the box focuses ${await focused()}, not the questions page`);

// ---------- 5. axe with the results open; 320 px ----------
for (const [width, dark] of [[1280, false], [390, false], [1280, true], [390, true]]) {
  current = `axe at ${width}px${dark ? ' dark' : ''}`;
  await open('what-to-expect/', width, dark);
  await type('can I drive');
  await axe('results');
  await type('xylophone');
  await axe('no results');
}
current = '320px';
await open('what-to-expect/', 320);
await type('side effects');
const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
if (overflow > 0) fail(`the open results scroll sideways by ${overflow}px`);

// ---------- 6. nothing moves when the box appears ----------
current = 'layout shift';
{
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/search.js', async (route) => { await held; await route.continue(); });
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(origin + base + 'safety/', { waitUntil: 'commit' });
  await page.waitForSelector('main');
  const measure = () => page.evaluate(() => {
    const input = document.querySelector('#site-search-input');
    return {
      top: document.querySelector('main').getBoundingClientRect().top,
      shown: !document.querySelector('.site-search').hidden,
      reachable: input.getClientRects().length > 0 && getComputedStyle(input).visibility === 'visible',
    };
  });
  const waiting = await measure();
  if (waiting.shown || waiting.reachable) fail('the box can be used before search.js has come');
  release();
  await page.waitForFunction(() => !document.querySelector('.site-search').hidden);
  const after = await measure();
  if (!after.reachable) fail('the box is shown but cannot be reached');
  if (after.top !== waiting.top) fail(`the page moved ${after.top - waiting.top}px when the box appeared`);
  await page.unroute('**/search.js');
}

await context.close();
server.close();
rmSync(work, { recursive: true, force: true });
if (failures.length) {
  console.error(failures.map((f) => `  ${f}`).join('\n'));
  console.error(`search: ${failures.length} problem${failures.length === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log('search: nothing loaded before use, results as you type, a typo forgiven, live count, arrows and Escape, no results offers help, axe clean at 390/1280 light/dark, no sideways scroll at 320 px, nothing moves when the box appears');
