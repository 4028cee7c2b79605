// The offline copy, as a reviewer meets it: unzipped and opened from disk (file://) in
// headless Debian chromium (playwright-core, no browser download).
//
// 1. Builds the clinic site with `sitegen build --offline` into a fresh temporary folder.
// 2. Opens file:///.../index.html and follows every internal link of every page it reaches:
//    each must open an HTML page of the copy (never a folder listing), with its stylesheet
//    loaded, every #fragment present on the target page, no request leaving file:// and no
//    failed request or console error (CSP violations included).
// 3. Searches from file://, from the home page and from a topic page: the results name the
//    question, Enter opens the question's anchor, Escape clears the results, and a word form
//    that is not in the text ("driving") finds the question that says "drive". From Spanish
//    pages, the Spanish index: "efecto secundario" and "nauseas" (no accent) find the Spanish
//    side-effects answers, and "no results" speaks Spanish and offers the Spanish FAQ hub.
//
// Usage: node tests/browser/offline.mjs
// Env: SITEGEN (command to run sitegen; default `cargo run -q --release --`),
//      CHROMIUM (default /usr/bin/chromium).

import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const sitegenCmd = process.env.SITEGEN || 'cargo run -q --release --';

const work = mkdtempSync(join(tmpdir(), 'sitegen-offline-'));
const out = join(work, 'clinic-offline');
execSync(`${sitegenCmd} build --offline --output "${out}"`, { cwd: repo, stdio: 'inherit' });
const rootUrl = pathToFileURL(out + '/').href;

const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);
const short = (url) => url.replace(rootUrl, '');

const profile = join(work, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = context.pages()[0] || (await context.newPage());
let current = '';
page.on('request', (r) => {
  if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) fail(current, `request to ${r.url()}`);
});
// The next navigation cancels requests still in flight (the favicon is fetched after
// `load`); such an abort is only a failure when the file is not in the copy.
page.on('requestfailed', (r) => {
  const error = r.failure()?.errorText || '';
  const url = r.url();
  if (error === 'net::ERR_ABORTED' && url.startsWith('file://') && existsSync(fileURLToPath(url.split('#')[0]))) return;
  fail(current, `failed to load ${short(url)}: ${error}`);
});
page.on('console', (m) => { if (m.type() === 'error') fail(current, `console error: ${m.text()}`); });
page.on('pageerror', (e) => fail(current, `script error: ${e.message}`));

// ---------- 1. every link of every page ----------
const visited = new Map(); // file URL without fragment -> ids on the page
const fragmentsWanted = []; // [from, url, id]
const queue = [rootUrl + 'index.html'];
while (queue.length) {
  const url = queue.shift();
  if (visited.has(url)) continue;
  current = short(url);
  const localPath = fileURLToPath(url);
  if (!existsSync(localPath) || statSync(localPath).isDirectory()) {
    fail(current, 'link leads to a folder or a missing file, not a page');
    visited.set(url, new Set());
    continue;
  }
  await page.goto(url);
  const info = await page.evaluate(() => ({
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    stylesheets: [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => ({ href: l.href, loaded: !!l.sheet })),
    refresh: document.querySelector('meta[http-equiv=refresh]')?.content || '',
    title: document.title,
  }));
  visited.set(url, new Set(info.ids));
  if (!info.title) fail(current, 'page has no title');
  if (!info.refresh) {
    if (!info.stylesheets.length) fail(current, 'no stylesheet');
    for (const s of info.stylesheets) if (!s.loaded) fail(current, `stylesheet ${short(s.href)} did not load`);
  }
  const links = info.links.slice();
  if (info.refresh) links.push(new URL(info.refresh.replace(/^\d+;\s*url=/i, ''), url).href);
  for (const link of links) {
    if (!link.startsWith(rootUrl)) {
      if (link.startsWith('file://')) fail(current, `link leaves the copy: ${link}`);
      continue;
    }
    const [target, fragment] = link.split('#');
    if (!visited.has(target)) queue.push(target);
    if (fragment) fragmentsWanted.push([current, target, decodeURIComponent(fragment)]);
  }
}
for (const [from, target, id] of fragmentsWanted) {
  if (!visited.get(target)?.has(id)) fail(from, `#${id} is not on ${short(target)}`);
}
const pagesChecked = visited.size;

// ---------- 2. search from file:// ----------
async function search(fromPath, query) {
  current = `search "${query}" on ${fromPath}`;
  await page.goto(rootUrl + fromPath);
  const box = page.locator('#site-search-input');
  if (!(await box.isVisible())) { fail(current, 'search box not visible'); return null; }
  await box.focus();
  await box.fill(query);
  try {
    await page.waitForSelector('#site-search-results li a', { timeout: 5000 });
  } catch {
    fail(current, `no results (status: ${await page.locator('#site-search-status').textContent()})`);
    return null;
  }
  return page.evaluate(() => ({
    status: document.querySelector('#site-search-status').textContent,
    results: [...document.querySelectorAll('#site-search-results a')].map((a) => ({ text: a.textContent, href: a.href })),
  }));
}

for (const from of ['index.html', 'safety/index.html']) {
  const found = await search(from, 'driving');
  if (!found) continue;
  if (!/^\d+ results?/.test(found.status)) fail(current, `status says "${found.status}"`);
  const first = found.results[0];
  if (first.text !== 'Can I drive home afterwards?') fail(current, `first result is "${first.text}"`);
  const expected = rootUrl + 'what-to-expect/index.html#can-i-drive-home-afterwards';
  if (first.href !== expected) fail(current, `first result links to ${first.href}`);
  // Keyboard: Enter opens the first result at its anchor.
  await page.locator('#site-search-input').press('Enter');
  await page.waitForURL(expected, { timeout: 5000 }).catch(() => fail(current, `Enter did not open ${short(expected)} (at ${short(page.url())})`));
  await page.waitForFunction(() => {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const top = target?.getBoundingClientRect().top;
    return top !== undefined && top >= -1 && top <= window.innerHeight;
  }, null, { timeout: 3000 }).catch(() => {});
  const landed = await page.evaluate(() => {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return null;
    const box = target.getBoundingClientRect();
    return { top: box.top, height: window.innerHeight };
  });
  if (!landed) fail(current, 'the question anchor is not on the page');
  else if (landed.top < -1 || landed.top > landed.height) fail(current, `the question is not scrolled into view (${JSON.stringify(landed)})`);
}
{
  const found = await search('index.html', 'side effects');
  if (found && !found.results.slice(0, 3).some((r) => r.href.startsWith(rootUrl + 'side-effects/index.html'))) {
    fail(current, `side effects page not in the first results: ${found.results.map((r) => short(r.href)).join(', ')}`);
  }
  await page.locator('#site-search-input').press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.closest('#site-search-results') !== null);
  if (!focused) fail(current, 'ArrowDown does not move to the first result');
  await page.keyboard.press('Escape');
  const after = await page.evaluate(() => ({
    results: document.querySelectorAll('#site-search-results li').length,
    value: document.querySelector('#site-search-input').value,
    focus: document.activeElement?.id,
  }));
  if (after.results || after.value) fail(current, 'Escape does not clear the search');
  if (after.focus !== 'site-search-input') fail(current, 'Escape does not return to the search box');
}
{
  current = 'search with no match';
  await page.goto(rootUrl + 'index.html');
  await page.locator('#site-search-input').fill('xylophone');
  await page.waitForFunction(() => document.querySelector('#site-search-status').textContent.trim() !== '' &&
    !/Loading/.test(document.querySelector('#site-search-status').textContent), null, { timeout: 5000 })
    .catch(() => fail(current, 'the status never says anything'));
  const status = await page.locator('#site-search-status').textContent();
  if (!/^No results/.test(status)) fail(current, `status says "${status}"`);
  if (await page.locator('#site-search-results li').count()) fail(current, 'results for a word that is nowhere');
}

{
  // Spanish, from a Spanish page: the Spanish index (es/search-index.js), Spanish stems and
  // no accents needed ("efecto secundario" finds "efectos secundarios"), Spanish words.
  const loadedIndexes = [];
  const onRequest = (r) => { if (/search-(index|stem-..)\.js/.test(r.url())) loadedIndexes.push(r.url().replace(rootUrl, '')); };
  page.on('request', onRequest);
  const found = await search('es/side-effects/index.html', 'efecto secundario');
  if (found) {
    if (!/^\d+ resultados/.test(found.status)) fail(current, `status says "${found.status}"`);
    const first = found.results[0];
    const expected = rootUrl + 'es/side-effects/index.html#what-side-effects-are-most-common';
    if (first.href !== expected) fail(current, `first result links to ${first.href}`);
    const marks = await page.evaluate(() => [...document.querySelectorAll('#site-search-results mark')].map((m) => m.textContent.toLowerCase()));
    if (!marks.includes('efectos')) fail(current, `snippet marks ${JSON.stringify(marks)}, not "efectos"`);
    await page.locator('#site-search-input').press('Enter');
    await page.waitForURL(expected, { timeout: 5000 }).catch(() => fail(current, `Enter did not open ${short(expected)} (at ${short(page.url())})`));
  }
  const nausea = await search('es/index.html', 'nauseas');
  if (nausea && !nausea.results.some((r) => r.href.startsWith(rootUrl + 'es/side-effects/index.html'))) {
    fail(current, `no Spanish side-effects result: ${nausea.results.map((r) => short(r.href)).join(', ')}`);
  }
  current = 'Spanish search with no match';
  await page.goto(rootUrl + 'es/index.html');
  await page.locator('#site-search-input').fill('xilófono');
  await page.waitForFunction(() => document.querySelector('#site-search-status').textContent.trim() !== '', null, { timeout: 5000 })
    .catch(() => fail(current, 'the status never says anything'));
  const status = await page.evaluate(() => ({
    text: document.querySelector('#site-search-status').textContent,
    links: [...document.querySelectorAll('#site-search-status a')].map((a) => a.href),
  }));
  if (!status.text.startsWith('No hay resultados para «xilófono».')) fail(current, `status says "${status.text}"`);
  if (!/Ver todas las preguntas o llame al/.test(status.text)) fail(current, `status offers "${status.text}"`);
  if (status.links[0] !== rootUrl + 'es/faq/index.html') fail(current, `the hub link is ${status.links[0]}`);
  page.off('request', onRequest);
  const indexes = loadedIndexes.filter((u) => u.includes('search-index'));
  const stemmers = loadedIndexes.filter((u) => u.includes('search-stem'));
  if (!indexes.length || indexes.some((u) => !u.startsWith('es/'))) fail(current, `a Spanish page loaded ${indexes.join(', ')}`);
  if (!stemmers.length || stemmers.some((u) => u !== 'search-stem-es.js')) fail(current, `a Spanish page loaded the stemmers ${stemmers.join(', ')}`);
}

await context.close();
rmSync(work, { recursive: true, force: true });
console.log(`offline: ${pagesChecked} pages opened from file://, ${fragmentsWanted.length} #fragments checked, search checked from 2 depths and in Spanish`);
if (failures.length) {
  console.error(failures.map((f) => `  ${f}`).join('\n'));
  console.error(`offline: ${failures.length} problem${failures.length === 1 ? '' : 's'}`);
  process.exit(1);
}
