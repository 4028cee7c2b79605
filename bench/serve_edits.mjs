// Edit-to-served latency of `sitegen serve` for every kind of edit (issue 14), on a generated
// site (bench/gen_site.py, 10,000 pages by default), and of Hugo's `server` on the same pages
// in the same run when `hugo` is installed. For each kind: the median of 3 of the time from
// writing the file to the server answering with the new content (the page polled over HTTP
// until it shows the change, answers 200 for a new URL, or 404 for a deleted one).
//
// Usage:
//   node bench/serve_edits.mjs [pages]          # default 10000
// Env: SITEGEN (default target/release/sitegen), HUGO (default: hugo on PATH; HUGO=none skips
//      it), ROUNDS (default 3), TIMEOUT_MS (default 10000: an answer not seen by then is
//      reported as "stale" for Hugo, a failure for sitegen), KINDS (a comma-separated list of
//      the kinds to measure; default every kind).
// The sites are generated in a temporary folder, removed at the end.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pages = Number(process.argv[2] || 10000);
const rounds = Number(process.env.ROUNDS || 3);
const timeoutMs = Number(process.env.TIMEOUT_MS || 10000);
// KINDS="page title,weight" measures only these kinds.
const only = process.env.KINDS ? process.env.KINDS.split(',') : null;
const sitegen = process.env.SITEGEN || join(repo, 'target/release/sitegen');
const hugo = process.env.HUGO === 'none' ? null : (process.env.HUGO || (spawnSync('hugo', ['version']).status === 0 ? 'hugo' : null));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = mkdtempSync(join(tmpdir(), 'sitegen-edits-'));

// ---- the sites ----------------------------------------------------------------------------

function generate(dir, hugoSite) {
  execFileSync('python3', [join(repo, 'bench/gen_site.py'), String(pages), dir, ...(hugoSite ? ['--hugo'] : [])], { stdio: 'ignore' });
  // A folder of pages no other page links to (moving it breaks no link), and a picture beside
  // a page.
  const folder = join(dir, 'content/g00/bench');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '_index.md'), '+++\ntitle = "Bench folder"\ndescription = "Moved around."\n+++\n\nA folder.\n');
  for (const k of [1, 2]) {
    writeFileSync(join(folder, `b${k}.md`), `+++\ntitle = "Bench page ${k}"\ndescription = "In the folder."\n+++\n\nPage ${k}.\n`);
  }
  writeFileSync(join(dir, 'content/g00/s000/bench.png'), 'picture 0');
  if (hugoSite) {
    // A partial with the site's title, so partials and the configuration show on pages.
    const layouts = join(dir, 'layouts');
    mkdirSync(join(layouts, 'partials'), { recursive: true });
    writeFileSync(join(layouts, 'partials/footer.html'), '<footer>{{ .Site.Title }}</footer>\n');
    for (const name of ['single.html', 'list.html']) {
      const file = join(layouts, '_default', name);
      writeFileSync(file, readFileSync(file, 'utf8').replace('</main>', '</main>{{ partial "footer.html" . }}'));
    }
  }
}

/// Page i's file under content/ and its URL path.
const pageFile = (i) => `g${String(Math.floor(i / 1000)).padStart(2, '0')}/s${String(Math.floor(i / 100)).padStart(3, '0')}/p${String(i).padStart(5, '0')}.md`;
const pageUrl = (i) => '/' + pageFile(i).replace(/\.md$/, '/');
const sectionUrl = (i) => '/' + pageFile(i).replace(/p\d+\.md$/, '');

// ---- the edits ----------------------------------------------------------------------------

/// Each kind: for round r, what to write and how to know it is served. `check` is
/// 'change' (the page differs from before), 'contains' (it holds `marker`), 200 or 404.
function edits(tool) {
  const page = (r) => Math.floor(pages / 2) + 17 * r;
  const replaceIn = (site, rel, from, to) => {
    const file = join(site, rel);
    const text = readFileSync(file, 'utf8');
    if (!text.match(from)) throw new Error(`${rel} has no ${from}`);
    writeFileSync(file, text.replace(from, to));
  };
  const frontMatterLine = (site, rel, line) => replaceIn(site, rel, /\n\+\+\+\n/, `\n${line}\n+++\n`);
  const sitegenOnly = tool === 'sitegen';
  const config = tool === 'hugo' ? 'hugo.toml' : 'site.toml';
  const template = tool === 'hugo' ? 'layouts/_default/single.html' : 'themes/clinic/templates/page.html';
  const partial = tool === 'hugo' ? 'layouts/partials/footer.html' : 'themes/clinic/templates/partials/footer.html';
  return [
    { kind: 'page body', url: (r) => pageUrl(page(r)), check: 'contains',
      write: (s, r, m) => appendFileSync(join(s, 'content', pageFile(page(r))), `\n${m} in the body.\n`) },
    { kind: 'page title', url: (r) => pageUrl(page(r)), check: 'contains',
      write: (s, r, m) => replaceIn(s, 'content/' + pageFile(page(r)), /title = "[^"]*"/, `title = "${m}"`) },
    { kind: 'weight', url: (r) => sectionUrl(page(r)), check: 'change',
      write: (s, r) => replaceIn(s, 'content/' + pageFile(page(r)), /weight = -?\d+/, `weight = ${99990 + r}`) },
    sitegenOnly && { kind: 'tags', url: (r) => pageUrl(page(r)), check: 'change',
      write: (s, r, m) => replaceIn(s, 'content/' + pageFile(page(r)), /tags = \[[^\]]*\]/, `tags = ["${m}"]`) },
    sitegenOnly && { kind: 'related', url: (r) => pageUrl(page(r)), check: 'change',
      write: (s, r) => frontMatterLine(s, 'content/' + pageFile(page(r)), `related = ["@/${pageFile(10 + r)}"]`) },
    { kind: 'new page', url: (r) => `/g00/s000/new${r}/`, check: 200,
      write: (s, r) => writeFileSync(join(s, `content/g00/s000/new${r}.md`), `+++\ntitle = "New ${r}"\ndescription = "A new page."\n+++\n\nNew.\n`) },
    { kind: 'rename page', url: (r) => `/g00/s000/renamed${r}/`, check: 200,
      write: (s, r) => renameSync(join(s, `content/g00/s000/new${r}.md`), join(s, `content/g00/s000/renamed${r}.md`)) },
    { kind: 'delete page', url: (r) => `/g00/s000/renamed${r}/`, check: 404,
      write: (s, r) => unlinkSync(join(s, `content/g00/s000/renamed${r}.md`)) },
    { kind: 'move a folder', url: (r) => `/g00/s000/moved${r}/b1/`, check: 200,
      write: (s, r) => renameSync(join(s, r === 0 ? 'content/g00/bench' : `content/g00/s000/moved${r - 1}`), join(s, `content/g00/s000/moved${r}`)) },
    { kind: 'asset', url: () => '/g00/s000/bench.png', check: 'contains',
      write: (s, r, m) => writeFileSync(join(s, 'content/g00/s000/bench.png'), `picture ${m}`) },
    { kind: 'template', url: (r) => pageUrl(page(r)), check: 'contains',
      write: (s, r, m) => replaceIn(s, template, /<main[^>]*>|<article class="page"( data-bench="[^"]*")?/, (found) => `${found.split(' data-bench')[0].replace(/>$/, '')} data-bench="${m}"${found.startsWith('<main') ? '>' : ''}`) },
    { kind: 'partial', url: (r) => pageUrl(page(r)), check: 'contains',
      write: (s, r, m) => replaceIn(s, partial, /<footer[^>]*>/, (found) => `${found.split(' data-bench')[0].replace(/>$/, '')} data-bench="${m}">`) },
    { kind: 'site.toml / hugo.toml', url: (r) => pageUrl(page(r)), check: 'contains',
      write: (s, r, m) => replaceIn(s, config, /^title = "[^"]*"/m, `title = "${m}"`) },
  ].filter((edit) => edit && (!only || only.includes(edit.kind)));
}

// ---- the servers --------------------------------------------------------------------------

const children = [];

function start(tool, site) {
  const port = tool === 'hugo' ? 20000 + Math.floor(Math.random() * 20000) : 0;
  const args = tool === 'hugo'
    ? ['server', '--source', site, '--bind', '127.0.0.1', '--port', String(port), '--disableLiveReload']
    : ['--root', site, 'serve', '--port', '0'];
  const child = spawn(tool === 'hugo' ? hugo : sitegen, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const server = { child, out: '', base: null };
  const take = (d) => { server.out += d; };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return server;
}

async function ready(server, pattern) {
  for (const deadline = Date.now() + 600000; Date.now() < deadline; await sleep(50)) {
    const found = server.out.match(pattern);
    if (found) return found[1].replace('//localhost:', '//127.0.0.1:').replace(/\/$/, '');
    if (server.child.exitCode !== null) break;
  }
  throw new Error(`the server did not start:\n${server.out}`);
}

async function get(url) {
  try {
    const reply = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return { status: reply.status, text: await reply.text() };
  } catch (e) {
    return { status: 0, text: String(e) };
  }
}

const rebuiltLines = (server) => (server.out.match(/^(Rebuilt|Rebuild of) /gm) || []).length;

/// One edit: ms from writing to the new content served, or null if not within the time-out.
async function measure(tool, server, site, edit, r) {
  const url = server.base + edit.url(r);
  const marker = `bench-${tool}-${edit.kind.replace(/\W+/g, '-')}-${r}-${Date.now()}`;
  const before = await get(url);
  const lines = rebuiltLines(server);
  const saved = performance.now();
  edit.write(site, r, marker);
  let took = null;
  while (performance.now() - saved < timeoutMs) {
    const now = await get(url);
    const done = edit.check === 'contains' ? now.status === 200 && now.text.includes(marker)
      : edit.check === 'change' ? now.status === 200 && now.text !== before.text
        : now.status === edit.check;
    if (done) { took = performance.now() - saved; break; }
  }
  // Let the server finish with the edit (sitegen: its whole-site check) before the next one.
  if (tool === 'sitegen') {
    for (const deadline = Date.now() + 120000; rebuiltLines(server) === lines && Date.now() < deadline;) await sleep(20);
  }
  await sleep(tool === 'hugo' ? 1500 : 600);
  return took;
}

async function run(tool) {
  const site = join(work, tool);
  process.stderr.write(`generating ${pages} pages for ${tool}...\n`);
  generate(site, tool === 'hugo');
  const server = start(tool, site);
  const started = performance.now();
  server.base = await ready(server, tool === 'hugo' ? /Web Server is available at (http:\/\/\S+)/ : /Serving (http:\/\/\S+)/);
  process.stderr.write(`${tool} serving after ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  await sleep(3000);
  const results = {};
  for (const edit of edits(tool)) {
    const times = [];
    for (let r = 0; r < rounds; r++) times.push(await measure(tool, server, site, edit, r));
    results[edit.kind] = times;
    process.stderr.write(`${tool} ${edit.kind}: ${times.map((t) => (t === null ? 'none' : t.toFixed(0))).join(', ')} ms\n`);
  }
  server.child.kill('SIGINT');
  await sleep(500);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  return results;
}

const median = (times) => {
  if (times.some((t) => t === null)) return times.every((t) => t === null) ? 'never (stale)' : 'sometimes stale';
  const sorted = [...times].sort((a, b) => a - b);
  return `${Math.round(sorted[sorted.length >> 1]).toLocaleString('en-US')} ms`;
};

try {
  const tools = hugo ? ['sitegen', 'hugo'] : ['sitegen'];
  const all = {};
  for (const tool of tools) all[tool] = await run(tool);
  const kinds = Object.keys(all.sitegen);
  console.log(`\n${pages.toLocaleString('en-US')} pages, median of ${rounds}, saved -> new content served (over HTTP)\n`);
  console.log(`| edit | sitegen |${hugo ? ' Hugo `server` |' : ''}`);
  console.log(`|---|---|${hugo ? '---|' : ''}`);
  for (const kind of kinds) {
    const h = hugo ? ` ${all.hugo[kind] ? median(all.hugo[kind]) : 'n/a'} |` : '';
    console.log(`| ${kind} | ${median(all.sitegen[kind])} |${h}`);
  }
  if (hugo) console.log(`\nHugo: ${execFileSync(hugo, ['version']).toString().trim()}`);
  if (Object.values(all.sitegen).flat().some((t) => t === null)) process.exitCode = 1;
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
