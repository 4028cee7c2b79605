// Runs queries through the theme's search engine in node, as the browser runs them: from the
// shards of a built site, loaded file by file as the engine asks for them; and, given the
// whole index in one piece (sitegen::render::search::single, as JSON), from that too.
//
// Usage: node search.cjs <built site> <queries.json> [whole-index.json]
// Prints {"sharded": [result...], "whole": [result...], "loaded": [files...]}, a result per
// query: {"docs": [document numbers, best first], "top": [records of the first ten],
// "stems": [stems that matched]}; "loaded" names every file the sharded searches loaded.
"use strict";
const fs = require("fs");
const path = require("path");
const engine = require("../../themes/clinic/static/search-engine.js");

const [site, queriesFile, wholeFile] = process.argv.slice(2);
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
global.sitegenSearchShard = engine.receive;

const loaded = [];
const sharded = engine.shardedSource((name) => {
  loaded.push(name);
  const file = name === "index" ? path.join(site, "search-index.js") : path.join(site, "search", name + ".js");
  return new Promise((resolve, reject) => {
    fs.readFile(file, "utf8", (error, text) => {
      if (error) return reject(error);
      new Function(text)();
      resolve();
    });
  });
});

// The whole index as a source: the same questions a search asks the shards.
function wholeSource(index) {
  const own = (s) => Object.prototype.hasOwnProperty.call(index.terms, s);
  const dict = () => Object.create(null);
  return {
    manifest: Promise.resolve({ docs: index.docs.length, questions: index.questions, lang: index.lang }),
    stemmer: (code) => Promise.resolve(require(`../../themes/clinic/static/search-stem-${code}.js`)),
    entries: (stems) => {
      const out = dict();
      for (const s of stems) if (own(s)) out[s] = index.terms[s];
      return Promise.resolve(out);
    },
    range: (prefix) => {
      const out = dict();
      for (const s of Object.keys(index.terms)) if (s.startsWith(prefix)) out[s] = index.terms[s];
      return Promise.resolve(out);
    },
    postings: (entry) => Promise.resolve(entry),
    records: (docs) => Promise.resolve(docs.map((d) => index.docs[d])),
  };
}

async function run(source) {
  const out = [];
  for (const query of queries) {
    const found = await engine.search(source, query);
    const top = await source.records(found.docs.slice(0, 10));
    out.push({ docs: found.docs, top, stems: Object.keys(found.stems).sort() });
  }
  return out;
}

(async () => {
  const result = { sharded: await run(sharded), loaded };
  if (wholeFile) result.whole = await run(wholeSource(JSON.parse(fs.readFileSync(wholeFile, "utf8"))));
  process.stdout.write(JSON.stringify(result));
})().catch((e) => { console.error(e); process.exit(1); });
