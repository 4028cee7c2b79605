// Checks the built site (public/) the way patients meet it.
//
// 1. The Nu HTML Checker (vnu-jar, on the machine's Java) over every HTML file: any error fails.
// 2. Every page in headless Debian chromium (playwright-core, no browser download), served from a
//    tiny local server that serves files from public/ only:
//    - axe-core at 390 px and 1280 px, light and dark: any serious or critical violation fails;
//    - exactly one h1 and no skipped heading levels;
//    - no horizontal overflow at 320 px;
//    - no request to any other host, no failed request, no console error (CSP violations included);
//    - the skip link is the first thing Tab reaches, shows on screen, and every focused control
//      shows a visible focus indicator;
//    - in print, navigation is hidden and the review block and disclaimer are kept;
//    - a topic page's HTML + CSS + JS is under the size budget (50 KB).
// Screenshots go to /tmp/sitegen-shots (or $SHOTS_DIR). Prints one summary line per page.
//
// Usage: node tests/browser/validate.mjs [public-dir]
// Env: CHROMIUM (default /usr/bin/chromium), SHOTS_DIR, PAGE_BUDGET_BYTES (default 51200).

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const publicDir = resolve(process.argv[2] || join(repo, 'public'));
const shotsDir = process.env.SHOTS_DIR || '/tmp/sitegen-shots';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const budget = Number(process.env.PAGE_BUDGET_BYTES || 50 * 1024);

const failures = new Set();
const fail = (page, message) => failures.add(`${page}: ${message}`);

if (!existsSync(join(publicDir, 'index.html'))) {
  console.error(`validate: ${publicDir}/index.html not found; build the site first (cargo run --release -- build)`);
  process.exit(2);
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

const htmlFiles = walk(publicDir).filter((f) => f.endsWith('.html')).sort();
const rel = (f) => relative(publicDir, f).split(sep).join('/');

// ---------- 1. Nu HTML Checker ----------
const vnuJar = join(here, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const vnuErrors = new Map(htmlFiles.map((f) => [rel(f), 0]));
{
  const run = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...htmlFiles], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) {
    console.error(`validate: could not run java for vnu: ${run.error.message}`);
    process.exit(2);
  }
  let report;
  try {
    report = JSON.parse(run.stderr || run.stdout || '{"messages":[]}');
  } catch {
    console.error(`validate: vnu output was not JSON:\n${run.stderr}\n${run.stdout}`);
    process.exit(2);
  }
  for (const m of report.messages) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    const file = m.url ? rel(fileURLToPath(m.url)) : '(vnu)';
    vnuErrors.set(file, (vnuErrors.get(file) || 0) + 1);
    fail(file, `vnu: ${m.message} (line ${m.lastLine ?? '?'}: ${(m.extract || '').trim().slice(0, 120)})`);
  }
}

// ---------- 2. Local server (files from public/ only) ----------
// Mounted at the site's base path (from the home page's canonical URL, e.g. /clinic-site/), as on
// GitHub Pages: relative links must work there, and 404.html's absolute links point there.
const canonical = /<link rel="canonical" href="([^"]+)"/.exec(readFileSync(join(publicDir, 'index.html'), 'utf8'));
const basePath = canonical ? new URL(canonical[1]).pathname.replace(/\/?$/, '/') : '/';
const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf',
  '.webp': 'image/webp', '.woff2': 'font/woff2',
};
const server = createServer((req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (!path.startsWith(basePath)) {
    res.writeHead(404).end();
    return;
  }
  path = '/' + path.slice(basePath.length);
  let file = resolve(publicDir, '.' + path);
  if (file !== publicDir && !file.startsWith(publicDir + sep)) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    const nf = join(publicDir, '404.html');
    res.writeHead(404, { 'content-type': types['.html'] });
    res.end(existsSync(nf) ? readFileSync(nf) : 'not found');
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------- 3. Browser checks ----------
const userData = mkdtempSync(join(tmpdir(), 'sitegen-chromium-'));
mkdirSync(shotsDir, { recursive: true });
const browser = await chromium.launchPersistentContext(userData, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1280, height: 900 },
});
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// Pages to open: every HTML page except alias redirects (they navigate away; vnu checks them).
const pages = htmlFiles
  .map(rel)
  .filter((p) => !/http-equiv="refresh"/i.test(readFileSync(join(publicDir, p), 'utf8')));
const urlOf = (p) => basePath + (p === '404.html' ? '404.html' : p.replace(/index\.html$/, ''));
const shotName = (p) => (p === 'index.html' ? 'home' : p.replace(/\/?index\.html$/, '').replace(/\.html$/, '').replace(/\//g, '-'));

async function open(tab, path, { width, dark = false }) {
  await tab.setViewportSize({ width, height: 900 });
  await tab.emulateMedia({ colorScheme: dark ? 'dark' : 'light', media: 'screen' });
  const res = await tab.goto(origin + urlOf(path), { waitUntil: 'load' });
  return res;
}

async function runAxe(tab) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) blocks an inline script tag.
  if (!(await tab.evaluate(() => typeof window.axe !== 'undefined'))) await tab.evaluate(axeSource);
  return tab.evaluate(async () => {
    const r = await window.axe.run(document, { rules: { 'target-size': { enabled: true } } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 4) }));
  });
}

const summary = [];
const notes = new Set();
for (const path of pages) {
  const tab = await browser.newPage();
  const offHost = [];
  const failed = [];
  const consoleErrors = [];
  await tab.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === origin || u.protocol === 'data:') return route.continue();
    offHost.push(route.request().url());
    return route.abort();
  });
  tab.on('response', (r) => {
    const expected404 = path === '404.html' && r.url() === origin + urlOf(path);
    if (r.status() >= 400 && !expected404) failed.push(`${r.status()} ${r.url()}`);
  });
  // Failed loads are reported from the responses above, with their URL.
  tab.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text()); });
  tab.on('pageerror', (e) => consoleErrors.push(String(e)));
  // What the first load fetches (document, stylesheets, scripts); later, lazily loaded files
  // (a search index fetched when someone searches) are listed apart.
  const fetched = new Set();
  const lazy = new Set();
  let firstLoadDone = false;
  tab.on('request', (r) => {
    if (!['document', 'stylesheet', 'script', 'fetch', 'xhr'].includes(r.resourceType()) || !r.url().startsWith(origin)) return;
    (firstLoadDone ? lazy : fetched).add(r.url().split('#')[0]);
  });

  const name = shotName(path);
  const counts = { serious: 0, critical: 0, other: 0 };
  for (const mode of [{ width: 1280 }, { width: 390 }, { width: 1280, dark: true }, { width: 390, dark: true }]) {
    await open(tab, path, mode);
    if (!firstLoadDone) {
      await tab.waitForLoadState('networkidle');
      firstLoadDone = true;
    }
    const violations = await runAxe(tab);
    for (const v of violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        counts[v.impact]++;
        fail(path, `axe ${v.impact} ${v.id} at ${mode.width}px${mode.dark ? ' dark' : ''}: ${v.help} [${v.nodes.join(' | ')}]`);
      } else {
        counts.other++;
        notes.add(`  note ${path}: axe ${v.impact} ${v.id}: ${v.help} [${v.nodes.join(' | ')}]`);
      }
    }
    const shot = join(shotsDir, `${name}-${mode.width}${mode.dark ? '-dark' : ''}`);
    await tab.screenshot({ path: `${shot}.png`, fullPage: true });
    await tab.screenshot({ path: `${shot}-top.png` });
  }

  // Headings: exactly one h1, no skipped levels (visible headings, document order).
  await open(tab, path, { width: 1280 });
  const headings = await tab.evaluate(() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter((h) => h.checkVisibility())
    .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim().slice(0, 60) })));
  const h1s = headings.filter((h) => h.level === 1).length;
  if (h1s !== 1) fail(path, `expected exactly one h1, found ${h1s}`);
  let prev = 0;
  for (const h of headings) {
    if (h.level > prev + 1) fail(path, `heading level skipped: h${h.level} "${h.text}" after h${prev}`);
    prev = h.level;
  }

  // Keyboard: the skip link comes first and is visible when focused; focus is always visible.
  await tab.keyboard.press('Tab');
  const skip = await tab.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, href: a.getAttribute('href'), onScreen: r.top >= 0 && r.bottom <= innerHeight && r.width > 0 };
  });
  if (!String(skip.cls).includes('skip-link') || !skip.onScreen) fail(path, `first Tab stop should be a visible skip link, got ${JSON.stringify(skip)}`);
  for (let i = 0; i < 12; i++) {
    const focus = await tab.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return null;
      const s = getComputedStyle(a);
      return { tag: a.tagName, text: (a.textContent || '').trim().slice(0, 40), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none' };
    });
    if (focus && !focus.outline && !focus.shadow) fail(path, `no visible focus indicator on ${focus.tag} "${focus.text}"`);
    await tab.keyboard.press('Tab');
  }
  // Following the skip link moves focus to main.
  await tab.goto(origin + urlOf(path));
  await tab.keyboard.press('Tab');
  await tab.keyboard.press('Enter');
  const afterSkip = await tab.evaluate(() => document.activeElement && document.activeElement.id);
  if (afterSkip !== 'main') fail(path, `skip link should move focus to #main, focus is on "${afterSkip}"`);

  // No horizontal overflow at 320 px.
  await open(tab, path, { width: 320 });
  const overflow = await tab.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > w + 1 && getComputedStyle(e).position !== 'fixed';
    }).slice(0, 3).map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''}`);
    return { scroll: document.documentElement.scrollWidth, width: w, wide };
  });
  if (overflow.scroll > overflow.width) fail(path, `horizontal overflow at 320px (${overflow.scroll}px wide): ${overflow.wide.join(', ')}`);
  // The small-screen menu opens without JavaScript of ours and shows every topic.
  const menu = await tab.evaluate(() => {
    const d = document.querySelector('.menu-small');
    if (!d) return null;
    d.querySelector('summary').click();
    const links = [...d.querySelectorAll('a')];
    return { links: links.length, visible: links.filter((a) => a.checkVisibility()).length };
  });
  if (menu && (menu.links === 0 || menu.visible !== menu.links)) fail(path, `small-screen menu does not show its links when opened: ${JSON.stringify(menu)}`);
  if (!menu && path !== '404.html') fail(path, 'no small-screen menu (.menu-small)');

  // Print: navigation out; review block and disclaimer in.
  await tab.setViewportSize({ width: 800, height: 1100 });
  await tab.emulateMedia({ media: 'print', colorScheme: 'light' });
  const print = await tab.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.checkVisibility());
    return {
      nav: shown('header nav a') || shown('.pager a') || shown('.toc a'),
      review: document.querySelector('.review') ? shown('.review') : null,
      disclaimer: shown('.footer-disclaimer'),
    };
  });
  if (print.nav) fail(path, 'navigation is still shown when printing');
  if (print.review === false) fail(path, 'the review block is hidden when printing');
  if (!print.disclaimer) fail(path, 'the disclaimer is hidden when printing');
  await tab.screenshot({ path: join(shotsDir, `${name}-print.png`), fullPage: true });

  // Size: the document and every stylesheet and script it loaded, as files on disk.
  const sizeOf = (u) => {
    const p = '/' + decodeURIComponent(new URL(u).pathname).slice(basePath.length);
    let f = resolve(publicDir, '.' + p);
    if (existsSync(f) && statSync(f).isDirectory()) f = join(f, 'index.html');
    return existsSync(f) ? statSync(f).size : 0;
  };
  let bytes = 0;
  const parts = [];
  for (const u of fetched) {
    const n = sizeOf(u);
    bytes += n;
    parts.push(`${new URL(u).pathname.split('/').filter(Boolean).pop() || 'index.html'} ${n}`);
  }
  let lazyBytes = 0;
  for (const u of lazy) if (!fetched.has(u)) lazyBytes += sizeOf(u);
  const isTopic = await tab.evaluate(() => !!document.querySelector('.pager'));
  if (isTopic && bytes > budget) fail(path, `topic page is ${bytes} bytes of HTML+CSS+JS (${parts.join(', ')}), over the ${budget} byte budget`);

  for (const u of offHost) fail(path, `request to another host: ${u}`);
  for (const f of failed) fail(path, `failed request: ${f}`);
  for (const e of consoleErrors) fail(path, `console error: ${e}`);

  summary.push(`${path.padEnd(28)} vnu errors ${vnuErrors.get(path) || 0}  axe serious ${counts.serious} critical ${counts.critical} (other ${counts.other})  h1 ${h1s}  headings ${headings.length}  html+css+js ${(bytes / 1024).toFixed(1)} KB${isTopic ? ' (topic)' : ''}${lazyBytes ? ` (+${(lazyBytes / 1024).toFixed(1)} KB on demand)` : ''}`);
  await tab.close();
}

await browser.close();
server.close();
rmSync(userData, { recursive: true, force: true });

for (const [file, n] of vnuErrors) if (!pages.includes(file)) summary.push(`${file.padEnd(28)} vnu errors ${n} (redirect page; not opened in the browser)`);
for (const n of notes) console.log(n);
console.log(summary.join('\n'));
console.log(`screenshots: ${shotsDir}`);
if (failures.size) {
  console.error(`\n${failures.size} problem(s):\n` + [...failures].map((f) => `  - ${f}`).join('\n'));
  process.exit(1);
}
console.log(`validate: ${htmlFiles.length} HTML files clean (vnu), ${pages.length} pages clean (axe, headings, keyboard, 320px, print, size)`);
