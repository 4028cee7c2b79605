// Links that never break, as a reader meets them in headless Debian chromium (playwright-core,
// no browser download):
//
// 1. A question moved to another page: opening the old page with the question's #fragment
//    lands on the answer at its new URL, over HTTP under a GitHub Pages project path and from
//    file:// (the offline copy).
// 2. A renamed question: opening a page with its old id (`{#new was=old}`) lands on the answer.
// 3. An alias (an old URL of a page) forwards its ?query and #fragment to the page.
// 4. A fragment the page has loads nothing more (no question map is fetched).
//
// The clinic site is copied to a temporary folder and changed there: one question gets an
// old id and one page an alias.
//
// Usage: node tests/browser/links.mjs
// Env: SITEGEN (command to run sitegen; default `cargo run -q --release --` in the repository),
//      CHROMIUM (default /usr/bin/chromium).

import { execSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const sitegen = process.env.SITEGEN ? resolve(repo, process.env.SITEGEN) : null;

// A copy of the clinic site with a renamed question and an alias.
const work = mkdtempSync(join(tmpdir(), 'sitegen-links-'));
const site = join(work, 'site');
for (const part of ['content', 'themes', 'site.toml']) cpSync(join(repo, part), join(site, part), { recursive: true });
const edit = (file, from, to) => {
  const path = join(site, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
};
// The driving question, wherever it lives, gets an old id.
const driving = execSync(`grep -rl "^### Can I drive home afterwards?" content`, { cwd: site }).toString().trim().split('\n')[0];
edit(driving, '### Can I drive home afterwards?', '### Can I drive home afterwards? {#can-i-drive-home-afterwards was=driving-after-a-session}');
const drivingUrl = driving.replace(/^content\//, '').replace(/(_index|index)?\.md$/, '').replace(/\/?$/, '/');
edit('content/side-effects.md', '+++\n', '+++\naliases = ["old-side-effects/"]\n');

const run = (args) => {
  const cmd = sitegen ? `"${sitegen}" --root "${site}" ${args}` : `cargo run -q --release -- --root "${site}" ${args}`;
  execSync(cmd, { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
};
const base = '/clinic-site/';
run(`build --base-url https://example.org${base} --output "${join(work, 'public')}"`);
run(`build --offline --output "${join(work, 'offline')}"`);

// A static server for the build under the project path.
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith(base)) { res.writeHead(404); res.end(); return; }
  let file = join(work, 'public', decodeURIComponent(url.pathname.slice(base.length)));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const http = `http://127.0.0.1:${server.address().port}${base}`;
const disk = pathToFileURL(join(work, 'offline') + '/').href;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const failures = [];
const page = await browser.newPage();
const requested = [];
page.on('request', (r) => requested.push(r.url()));
page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));

// Opens `from` and waits for the reader to land on `want` (a URL) with `id` present.
async function lands(label, from, want, id) {
  requested.length = 0;
  await page.goto(from);
  try {
    await page.waitForURL(want, { timeout: 5000 });
  } catch {
    failures.push(`${label}: opened ${from}, ended at ${page.url()}, wanted ${want}`);
    return;
  }
  const found = await page.evaluate((i) => !!document.getElementById(i), id);
  if (!found) failures.push(`${label}: ${page.url()} has no element #${id}`);
}

const id = 'is-ketamine-addictive';
const idPage = execSync(`grep -rl "^### Is ketamine addictive?" content`, { cwd: site }).toString().trim().split('\n')[0];
const idUrl = idPage.replace(/^content\//, '').replace(/(_index|index)?\.md$/, '').replace(/\/?$/, '/');
for (const [where, root, index] of [['HTTP under a project path', http, ''], ['file://', disk, 'index.html']]) {
  await lands(`${where}: a question found from the wrong page`, `${root}effects/${index}#${id}`, `${root}${idUrl}${index}#${id}`, id);
  await lands(`${where}: a renamed question`, `${root}${index}#driving-after-a-session`, `${root}${drivingUrl}${index}#can-i-drive-home-afterwards`, 'can-i-drive-home-afterwards');
  await lands(`${where}: an alias keeps its query and fragment`, `${root}old-side-effects/${index}?from=email#what-are-the-serious-side-effects`,
    `${root}side-effects/${index}?from=email#what-are-the-serious-side-effects`, 'what-are-the-serious-side-effects');
  // A fragment the page has: nothing more is loaded.
  requested.length = 0;
  await page.goto(`${root}${idUrl}${index}#${id}`);
  await page.waitForTimeout(300);
  if (requested.some((u) => u.includes('/anchors/'))) failures.push(`${where}: the question map was loaded for a fragment the page has`);
}

await browser.close();
server.close();
if (failures.length) {
  console.error(`links: ${failures.length} problem(s):\n  - ` + failures.join('\n  - '));
  process.exit(1);
}
console.log('links: moved and renamed questions, aliases with a query and fragment: all land, over HTTP under /clinic-site/ and from file://');
