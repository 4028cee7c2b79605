// The site in two languages, as a reader meets it in headless Debian chromium (playwright-core,
// no browser download), from the offline copy opened from disk (file://):
//
// 1. The language switcher on a page read at a question goes to the same question in the
//    other language, and back.
// 2. On an English-only page (of a copy of the site without one translation), the switcher
//    says so in Spanish and offers the Spanish home page, which opens (no 404).
// 3. The English home page shows a notice in Spanish that leads to the Spanish pages.
// 4. A Spanish page is `lang="es"`, and its hreflang alternates name pages that exist.
// 5. A question moved to another Spanish page is found from the Spanish question map.
//
// Usage: node tests/browser/languages.mjs
// Env: SITEGEN (command to run sitegen; default `cargo run -q --release --` in the repository),
//      CHROMIUM (default /usr/bin/chromium).

import { execSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const sitegen = process.env.SITEGEN ? `"${resolve(repo, process.env.SITEGEN)}"` : 'cargo run -q --release --';

const out = join(mkdtempSync(join(tmpdir(), 'sitegen-languages-')), 'offline');
execSync(`${sitegen} build --offline --output "${out}"`, { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
const disk = pathToFileURL(out + '/').href;

// A copy of the site in which one page is in English only.
const copy = mkdtempSync(join(tmpdir(), 'sitegen-english-only-'));
for (const part of ['site.toml', 'content', 'themes']) cpSync(join(repo, part), join(copy, part), { recursive: true });
rmSync(join(copy, 'content/how-it-works/_index.es.md'));
const outEnglishOnly = join(copy, 'offline');
execSync(`${sitegen} --root "${copy}" build --offline --output "${outEnglishOnly}"`, { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
const englishOnly = pathToFileURL(outEnglishOnly + '/').href;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const failures = [];
const fail = (m) => failures.push(m);
const page = await browser.newPage();
page.on('pageerror', (e) => fail(`script error: ${e.message}`));

// 1. Same question across languages.
const question = 'what-are-the-serious-side-effects';
await page.goto(`${disk}side-effects/index.html#${question}`);
await page.click('nav.languages a[hreflang="es"]');
await page.waitForLoadState('load');
if (page.url() !== `${disk}es/side-effects/index.html#${question}`) fail(`switcher from an English answer went to ${page.url()}`);
if (await page.getAttribute('html', 'lang') !== 'es') fail('the Spanish page is not lang="es"');
if (!(await page.$(`#${question}`))) fail(`the Spanish page has no #${question}`);
// A question the reader moves to is carried too, and back to English.
await page.evaluate(() => { location.hash = 'can-ketamine-raise-my-blood-pressure'; });
await page.click('nav.languages a[hreflang="en"]');
await page.waitForLoadState('load');
if (page.url() !== `${disk}side-effects/index.html#can-ketamine-raise-my-blood-pressure`) fail(`switcher back to English went to ${page.url()}`);

// 2. An English-only page. Every page of the clinic site has its Spanish version, so this
// uses a copy of the site without the Spanish "how it works".
await page.goto(`${englishOnly}how-it-works/index.html`);
const switcher = await page.textContent('nav.languages');
if (!switcher.includes('todavía no está en español')) fail(`the switcher on an English-only page says: ${switcher.trim()}`);
await page.click('nav.languages a[hreflang="es"]');
await page.waitForLoadState('load');
if (page.url() !== `${englishOnly}es/index.html`) fail(`the switcher on an English-only page went to ${page.url()}`);
if (!(await page.title()).includes('ketamina')) fail(`the Spanish home did not open: ${await page.title()}`);

// 3. The Spanish notice on the English home.
await page.goto(`${disk}index.html`);
const notice = page.locator('.other-languages a[hreflang="es"]');
if (!(await notice.isVisible())) fail('the English home shows no visible Spanish notice');
else if (!(await notice.textContent()).includes('español')) fail('the notice on the English home is not in Spanish');

// 4. hreflang alternates of a Spanish page point at pages that exist.
await page.goto(`${disk}es/safety/index.html`);
const alternates = await page.$$eval('link[rel=alternate][hreflang]', (ls) => ls.map((l) => [l.hreflang, l.href]));
const langs = alternates.map(([l]) => l).sort().join(',');
if (langs !== 'en,es,x-default') fail(`es/safety alternates: ${langs}`);

// 5. A Spanish question opened at a page it is not on is found through es/anchors/.
await page.goto(`${disk}es/index.html#${question}`);
try {
  await page.waitForURL(`${disk}es/side-effects/index.html#${question}`, { timeout: 5000 });
} catch {
  fail(`a Spanish question opened from the Spanish home ended at ${page.url()}`);
}

await browser.close();
if (failures.length) {
  console.error(`languages: ${failures.length} problem(s):\n  - ` + failures.join('\n  - '));
  process.exit(1);
}
console.log('languages: the switcher keeps the question both ways and never leads to a 404; the English home has a Spanish notice; hreflang and the Spanish question map work from file://');
