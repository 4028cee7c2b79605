// Edit-to-reload latency of `sitegen serve`: the time from saving a page's markdown to the
// open browser tab (headless Debian chromium) showing the change, over several edits; then
// fifty parallel clients fetching pages at once.
//
// Usage:
//   node bench/serve_latency.mjs                                   # the clinic site, safety/_index.md
//   node bench/serve_latency.mjs /tmp/bench-10k s050/p05000.md     # python3 bench/gen_site.py 10000 /tmp/bench-10k
// Env: SITEGEN (default target/release/sitegen), CHROMIUM (default /usr/bin/chromium),
//      ROUNDS (default 10).
// The site is copied to a temporary folder first; the original is never edited.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { chromium } = createRequire(join(repo, 'tests/browser/package.json'))('playwright-core');

const source = resolve(process.argv[2] || repo);
const pageRel = process.argv[3] || 'safety/_index.md';
const rounds = Number(process.env.ROUNDS || 10);
const sitegen = process.env.SITEGEN || join(repo, 'target/release/sitegen');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const work = mkdtempSync(join(tmpdir(), 'sitegen-latency-'));
const site = join(work, 'site');
for (const part of ['content', 'themes', 'static', 'templates', 'site.toml']) {
  if (existsSync(join(source, part))) cpSync(join(source, part), join(site, part), { recursive: true });
}
const urlPath = '/' + pageRel.replace(/(_index)?\.md$/, '').replace(/\/?$/, '/').replace(/^\/$/, '');

const server = spawn(sitegen, ['--root', site, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let terminal = '';
server.stdout.on('data', (d) => { terminal += d; });
server.stderr.on('data', () => {});
let base = null;
for (const deadline = Date.now() + 600000; !base && Date.now() < deadline; await sleep(20)) {
  base = terminal.match(/Serving (http:\/\/[^ ]+)\//)?.[1] ?? null;
}
if (!base) throw new Error(`server did not start:\n${terminal}`);
console.log(terminal.split('\n')[0]);

const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = context.pages()[0] || (await context.newPage());
await page.goto(base + urlPath);
const file = join(site, 'content', pageRel);
const original = readFileSync(file, 'utf8');
const times = [];
for (let i = 0; i < rounds; i++) {
  const marker = `latency-marker-${i}-${Date.now()}`;
  await sleep(300);
  const saved = performance.now();
  writeFileSync(file, `${original.trimEnd()}\n\n${marker}\n`);
  for (;;) {
    try {
      if (await page.evaluate((m) => document.body && document.body.innerText.includes(m), marker)) break;
    } catch { /* reloading */ }
    await sleep(2);
    if (performance.now() - saved > 60000) throw new Error('the change never showed');
  }
  times.push(performance.now() - saved);
}
// The browser's own floor: a reload with nothing changed.
const reloads = [];
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  await page.reload({ waitUntil: 'load' });
  reloads.push(performance.now() - t);
}
reloads.sort((a, b) => a - b);
await context.close();
times.sort((a, b) => a - b);
console.log(`a plain reload of the page in chromium: median ${reloads[rounds >> 1].toFixed(0)} ms`);
const rebuilt = terminal.split('\n').filter((l) => l.startsWith('Rebuilt'));
console.log(`edit -> browser shows it, ${rounds} edits: median ${times[rounds >> 1].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[rounds - 1].toFixed(0)} ms`);
console.log(`server's own rebuild lines: ${rebuilt.slice(-3).join(' | ')}`);

// Fifty parallel clients.
const started = performance.now();
const paths = [urlPath, '/', '/404-nowhere/', '/style.css'];
const results = await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(base + paths[i % paths.length], { signal: AbortSignal.timeout(20000) })
  .then(async (r) => { await r.arrayBuffer(); return r.status; }, (e) => String(e))));
const errors = results.filter((s, i) => s !== (paths[i % paths.length] === '/404-nowhere/' ? 404 : 200));
console.log(`50 parallel requests: ${errors.length} errors in ${(performance.now() - started).toFixed(0)} ms${errors.length ? ': ' + errors.join(', ') : ''}`);

server.kill('SIGINT');
rmSync(work, { recursive: true, force: true });
