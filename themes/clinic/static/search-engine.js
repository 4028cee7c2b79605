// Site search engine (no DOM), loaded by search.js on first use after search-language.js
// (words, stop words, folding): reads the sharded index of src/render/search/ (see its
// docs), loading only the shards a query needs and the stemmer of the index's language
// (search-stem-<code>.js), and ranks what they hold.
(function () {
  "use strict";

  var L = typeof window !== "undefined" && window.sitegenSearchLanguage ? window.sitegenSearchLanguage
    : require("./search-language.js");
  var fold = L.fold, keys = L.keys, language = L.language, isStop = L.isStop, words = L.words;

  // ---- Postings, as src/render/search/encoding.rs writes them
  var DIGIT = new Int8Array(128).fill(-1);
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) {
    DIGIT[c.charCodeAt(0)] = i;
  });
  // Calls f(document, fields) for each document of a postings list.
  function eachPosting(text, f) {
    var doc = -1, value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)];
      if (!(digit >= 0)) continue;
      value = value * 32 + (digit & 31);
      if (digit < 32) {
        doc += Math.floor(value / 4);
        f(doc, value % 4);
        value = 0;
      }
    }
  }
  // How many documents a term shard's entry holds: postings, or [file, count].
  function documents(entry) {
    if (typeof entry !== "string") return entry[1];
    var n = 0;
    for (var i = 0; i < entry.length; i++) if (DIGIT[entry.charCodeAt(i)] < 32) n++;
    return n;
  }

  // ---- The index: a source gives the entries of stems, of the stems a prefix begins, their
  // postings, and documents' records. This one loads shards with load(name, version), which
  // resolves once the script ran (tests search the whole index through another source).
  // Maps keyed by words have no prototype ("constructor" is a word).
  function dict() { return Object.create(null); }
  var received = dict();
  function receive(name, data) { received[name] = data; }

  function shardedSource(load) {
    var pending = dict();
    function get(name, version) {
      if (!pending[name]) {
        pending[name] = load(name, version).then(function () {
          if (!(name in received)) throw new Error("search: " + name + " did not load");
          return received[name];
        }, function (e) { delete pending[name]; throw e; });
      }
      return pending[name];
    }
    var manifest = get("index");
    manifest.catch(function () {});
    // The term shard whose range holds `stem`.
    function shardOf(m, stem) {
      var lo = 0, hi = m.terms.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (m.terms[mid] <= stem) lo = mid; else hi = mid - 1;
      }
      return lo;
    }
    // Term shard `i` (on a small site, the only one, in the manifest).
    function shard(m, i) {
      return m.t ? Promise.resolve(m.t) : get("t" + i, m.v);
    }
    return {
      manifest: manifest,
      // The stemmer of language `code` (search-stem-<code>.js).
      stemmer: function (code) { return get("stem-" + code); },
      entries: function (stems) {
        return manifest.then(function (m) {
          return Promise.all(stems.map(function (s) { return shard(m, shardOf(m, s)); }));
        }).then(function (loaded) {
          var out = dict();
          stems.forEach(function (s, i) {
            if (Object.prototype.hasOwnProperty.call(loaded[i], s)) out[s] = loaded[i][s];
          });
          return out;
        });
      },
      range: function (prefix) {
        return manifest.then(function (m) {
          var wanted = [];
          for (var i = shardOf(m, prefix); i <= shardOf(m, prefix + "\uffff"); i++) wanted.push(shard(m, i));
          return Promise.all(wanted);
        }).then(function (loaded) {
          var out = dict();
          loaded.forEach(function (shard) {
            for (var stem in shard) if (stem.lastIndexOf(prefix, 0) === 0) out[stem] = shard[stem];
          });
          return out;
        });
      },
      postings: function (entry) {
        if (typeof entry === "string") return Promise.resolve(entry);
        return manifest.then(function (m) { return get("p" + entry[0], m.v); });
      },
      records: function (docs) {
        return manifest.then(function (m) {
          return Promise.all(docs.map(function (d) {
            return get("d" + Math.floor(d / m.block), m.v).then(function (shard) { return shard[d % m.block]; });
          }));
        });
      }
    };
  }

  // ---- Searching
  var WEIGHT = [1, 10, 4, 10];
  var COMPLETIONS = 5;
  var TYPO_LETTERS = 5;
  var LETTERS = "abcdefghijklmnopqrstuvwxyz";

  // The `limit` entries in most documents (then by stem), with weight `w`.
  function best(found, limit, w, except) {
    return Object.keys(found).filter(function (s) { return !except || except.indexOf(s) < 0; })
      .map(function (s) { return { stem: s, entry: found[s], n: documents(found[s]), w: w }; })
      .sort(function (a, b) { return b.n - a.n || (a.stem < b.stem ? -1 : 1); })
      .slice(0, limit);
  }

  // The keys of every spelling one typo away from `word` (folded), keeping its first letter.
  function typos(lang, word) {
    var spellings = dict();
    for (var i = 1; i <= word.length; i++) {
      var head = word.slice(0, i), tail = word.slice(i);
      if (tail) spellings[head + tail.slice(1)] = 1;
      if (tail.length > 1) spellings[head + tail[1] + tail[0] + tail.slice(2)] = 1;
      for (var c = 0; c < LETTERS.length; c++) {
        spellings[head + LETTERS[c] + tail] = 1;
        if (tail) spellings[head + LETTERS[c] + tail.slice(1)] = 1;
      }
    }
    var stems = dict();
    for (var s in spellings) {
      if (s !== word && !isStop(lang, s)) stems[lang.stem(s)] = 1;
    }
    delete stems[lang.stem(word)];
    return Object.keys(stems);
  }

  // What a word matches: its keys (weight 1); if last, the stems its folded spelling begins
  // (0.5); if none exists and it has five letters or more, the stems one typo away (0.5).
  function candidates(source, lang, word, last) {
    var own = keys(lang, word), folded = fold(word);
    var asks = [source.entries(own)];
    if (last && folded.length >= 3) asks.push(source.range(folded));
    return Promise.all(asks).then(function (found) {
      var out = best(found[0], own.length, 1);
      if (found[1]) out = out.concat(best(found[1], COMPLETIONS, 0.5, own));
      if (out.length || !/^[a-z]+$/.test(folded) || folded.length < TYPO_LETTERS) return out;
      return source.entries(typos(lang, folded)).then(function (near) { return best(near, COMPLETIONS, 0.5); });
    });
  }

  // Resolves to {docs, stems}: the documents holding every word (a last word under three
  // letters that matches nothing is not typed yet), by score (per word its best field: title
  // 10, heading 4, text 1; summed), then number (questions first); and the stems matched.
  function search(source, query) {
    var tokens;
    return source.manifest.then(function (m) {
      var lang = language(m.lang);
      return lang.stem ? lang : source.stemmer(lang.code).then(function (stem) { lang.stem = stem; return lang; });
    }).then(function (lang) {
      tokens = words(query, lang);
      return Promise.all(tokens.map(function (word, i) {
        return candidates(source, lang, word, i === tokens.length - 1);
      }));
    }).then(function (lists) {
      var last = tokens.length - 1;
      if (last > 0 && !lists[last].length && tokens[last].length < 3 && !/[\s\p{P}]$/u.test(query)) {
        lists.pop();
      }
      if (!lists.length || lists.some(function (l) { return !l.length; })) return { docs: [], stems: dict() };
      var all = [].concat.apply([], lists);
      return Promise.all([source.manifest].concat(all.map(function (c) { return source.postings(c.entry); })))
        .then(function (loaded) {
          var n = loaded[0].docs, total = new Float64Array(n), matched = new Uint8Array(n);
          var score = new Float64Array(n), seen = new Int32Array(n), stems = dict(), k = 1;
          lists.forEach(function (list, t) {
            var touched = [];
            list.forEach(function (c) {
              stems[c.stem] = 1;
              eachPosting(loaded[k++], function (d, fields) {
                var s = WEIGHT[fields] * c.w;
                if (seen[d] !== t + 1) { seen[d] = t + 1; score[d] = s; touched.push(d); }
                else if (s > score[d]) score[d] = s;
              });
            });
            touched.forEach(function (d) {
              if (matched[d] === t) { matched[d] = t + 1; total[d] += score[d]; }
            });
          });
          var docs = [];
          for (var d = 0; d < n; d++) if (matched[d] === lists.length) docs.push(d);
          docs.sort(function (a, b) { return total[b] - total[a] || a - b; });
          return { docs: docs, stems: stems };
        });
    });
  }

  // ---- `text` as [piece, marked] pairs, words with a key in `stems` marked (in the language
  // of code `lang`), cut to about `length` characters around the first.
  function snippet(text, stems, length, lang) {
    var parts = [], first = -1, re = /[\p{L}\p{N}'\u2019]+/gu, m, at = 0;
    lang = language(lang);
    while ((m = re.exec(text))) {
      var word = m[0].toLowerCase().replace(/['\u2019]/g, "");
      if (Array.from(word).length > 1 && !isStop(lang, word) &&
        keys(lang, word).some(function (k) { return stems[k]; })) {
        if (first < 0) first = m.index;
        parts.push([text.slice(at, m.index), false], [m[0], true]);
        at = m.index + m[0].length;
      }
    }
    parts.push([text.slice(at), false]);
    var start = text.length > length && first > length / 3 ? text.lastIndexOf(" ", first - length / 4) + 1 : 0;
    var end = start + length >= text.length ? text.length : text.lastIndexOf(" ", start + length);
    if (end <= start) end = Math.min(text.length, start + length);
    var out = [], pos = 0;
    parts.forEach(function (p) {
      var from = Math.max(start, pos), to = Math.min(end, pos + p[0].length);
      if (to > from) out.push([p[0].slice(from - pos, to - pos), p[1]]);
      pos += p[0].length;
    });
    if (start > 0) out.unshift(["\u2026", false]);
    if (end < text.length) out.push(["\u2026", false]);
    return out;
  }

  var engine = {
    fold: fold, keys: keys, language: language,
    words: words, eachPosting: eachPosting, shardedSource: shardedSource,
    receive: receive, search: search, snippet: snippet
  };
  if (typeof window !== "undefined") {
    window.sitegenSearchEngine = engine;
    window.sitegenSearchShard = receive;
  }
  if (typeof module !== "undefined" && module.exports) module.exports = engine;
})();
