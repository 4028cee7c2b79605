// Search benchmark: what a search costs a patient, measured in headless Debian chromium.
//
// For the clinic site (in English and in Spanish) and for synthetic sites of 1,000, 10,000 and 100,000 pages
// (bench/gen_site.py; the 100,000-page site takes a few minutes to generate and build, and is
// kept in $BENCH_DIR between runs), it builds the site (release binary) and reports the time
// the search index took to build (the `(search)` stage of SITEGEN_TIMINGS). Then, for each
// typical query, from file:// and over HTTP (a local server that gzips as GitHub Pages does),
// in a fresh browser profile: opens a topic page, types the query a key at a time (100 ms
// apart), and reports
//   - bytes: every search file the browser loaded (search.js, search-engine.js, search-ui.js,
//     the manifest and shards), gzipped (-9) as a server would send them; over HTTP, the
//     bytes the browser actually received, headers included;
//   - ms: from the last keystroke to the results of the whole query on screen.
// Budgets (issue 15): at 10,000 pages <= 150 KB and <= 300 ms; at 100,000 pages <= 300 KB;
// the clinic site no more than the engine and single index it loaded before (15.5 KB).
//
// Usage: node bench/search.mjs [sizes...]   (default: 1000 10000 100000; 0 = clinic only)
// Env: BENCH_DIR (default /tmp/sitegen-bench), CHROMIUM (default /usr/bin/chromium),
//      SITEGEN (default target/release/sitegen, built if missing).

import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(repo, 'tests/browser/package.json'))('playwright-core');
const work = process.env.BENCH_DIR || '/tmp/sitegen-bench';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1000, 10000, 100000];
let sitegen = process.env.SITEGEN || join(repo, 'target/release/sitegen');
if (!process.env.SITEGEN) execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: repo, stdio: 'inherit' });
mkdirSync(work, { recursive: true });

const SYNTHETIC = ['blood pressure check', 'calm quiet room', 'side effect sleep', 'nurse dose plan', 'blood presure check'];
const CLINIC = ['can I drive home', 'side effects', 'blood pressure medicine', 'pregnant'];
const CLINIC_ES = ['puedo manejar a casa', 'efectos secundarios', 'presion arterial medicina', 'embarazada'];

// Builds `root` into `out`; returns the whole build's and the index's time (ms).
function build(root, out) {
  const run = spawnSync(sitegen, ['--root', root, 'build', '--output', out], {
    env: { ...process.env, SITEGEN_TIMINGS: '1' }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`build of ${root} failed:\n${run.stderr.slice(-2000)}`);
  const stage = (name) => Number((run.stderr.match(new RegExp(`timing: \\(${name}\\)\\s+(\\d+) ms`)) || [])[1]);
  const total = Number((run.stdout.match(/in (\d+) ms/) || [])[1]);
  return { total, search: stage('search'), postings: stage('postings'), files: stage('search files') };
}

// A tiny server for `dir`, gzipping every response (as GitHub Pages does).
function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((req, res) => {
    let file = resolve(dir, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (file !== dir && !file.startsWith(dir + sep)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    const body = gzipSync(readFileSync(file), { level: 9 });
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'content-encoding': 'gzip' });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const isSearchFile = (path) => /(^|\/)(search[^/]*\.js|search\/[^/]+\.js)$/.test(path);

// Types `query` into the search box of `url` in a fresh profile; returns bytes, requests, ms.
async function measure(url, dir, query) {
  const profile = mkdtempSync(join(tmpdir(), 'sitegen-search-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = context.pages()[0] || (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  let received = 0;
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId);
    if (u && isSearchFile(new URL(u).pathname)) received += e.encodedDataLength;
  });
  const files = new Set();
  page.on('request', (r) => {
    const path = decodeURIComponent(new URL(r.url()).pathname);
    if (isSearchFile(path)) files.add(path);
  });
  await page.goto(url);
  await page.evaluate(() => {
    const input = document.querySelector('#site-search-input');
    const status = document.querySelector('#site-search-status');
    window.bench = { lastKey: 0, shown: 0 };
    input.addEventListener('input', () => { window.bench.lastKey = performance.now(); window.bench.shown = 0; });
    new MutationObserver(() => {
      if (/\d+ results?|No results|\d+ resultados?|No hay resultados/.test(status.textContent)) window.bench.shown = performance.now();
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#site-search-input').focus();
  await page.keyboard.type(query, { delay: 100 });
  await page.waitForFunction(() => window.bench.shown > window.bench.lastKey, null, { timeout: 30000 });
  const timing = await page.evaluate(() => window.bench.shown - window.bench.lastKey);
  const status = await page.locator('#site-search-status').textContent();
  await page.waitForTimeout(200);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  const root = url.startsWith('file:') ? '' : new URL(url).origin;
  let gz = 0;
  for (const path of files) {
    const file = root ? join(dir, path) : path;
    gz += gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return { query, gz, received, requests: files.size, ms: timing, status };
}

const kb = (n) => (n / 1024).toFixed(1).padStart(7);
async function report(name, dir, page, queries) {
  const server = await serve(dir);
  const http = `http://127.0.0.1:${server.address().port}/${page}`;
  const file = pathToFileURL(join(dir, page)).href;
  for (const query of queries) {
    const disk = await measure(file, dir, query);
    const net = await measure(http, dir, query);
    console.log(`${name.padEnd(13)} ${JSON.stringify(query).padEnd(24)} file:// ${kb(disk.gz)} KB gz ${String(disk.requests).padStart(3)} files ${disk.ms.toFixed(0).padStart(5)} ms` +
      `   http ${kb(net.received)} KB received ${net.ms.toFixed(0).padStart(5)} ms   ${disk.status}`);
  }
  server.close();
}

console.log('site          query                    from disk: search files gzipped, ms after the last key;  over HTTP (gzip): bytes received, ms');
{
  const out = join(work, 'clinic');
  const t = build(repo, out);
  console.log(`clinic        index built in ${t.search} ms (postings ${t.postings} ms, files ${t.files} ms) of a ${t.total} ms build`);
  await report('clinic', out, 'side-effects/index.html', CLINIC);
  await report('clinic (es)', out, 'es/side-effects/index.html', CLINIC_ES);
}
for (const n of sizes.filter((n) => n > 0)) {
  const root = join(work, `search-${n}`);
  if (!existsSync(join(root, 'site.toml'))) execFileSync('python3', [join(repo, 'bench/gen_site.py'), String(n), root], { stdio: 'ignore' });
  // A kept site gets this checkout's theme (its search scripts are what is measured).
  rmSync(join(root, 'themes'), { recursive: true, force: true });
  cpSync(join(repo, 'themes'), join(root, 'themes'), { recursive: true });
  const out = join(root, 'public');
  const t = build(root, out);
  console.log(`${String(n).padEnd(13)} index built in ${t.search} ms (postings ${t.postings} ms, files ${t.files} ms) of a ${t.total} ms build`);
  await report(`${n} pages`, out, 'g00/s000/p00042/index.html', SYNTHETIC);
}
