// Site search engine (no DOM), loaded by search.js on first use: reads the sharded index of
// src/render/search/ (see its docs), loading only the shards a query needs. stemEnglish() ports
// Snowball English (Porter2), as sitegen's rust-stemmers; tests/search.rs checks they agree.
(function () {
  "use strict";

  var STOP_WORDS = ("a an and are as at be but by for from has have he her his if in into is it its " +
    "me my of on or our she so than that the their them then there these they this to was we were " +
    "which with you your").split(" ");

  // ---- Snowball English (Porter2)
  var VOWELS = "aeiouy";
  function isVowel(c) { return c !== undefined && VOWELS.indexOf(c) >= 0; }
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes"
  };
  var AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  var STEP2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"],
    ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"],
    ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function endsWith(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function longest(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = typeof list[i] === "string" ? list[i] : list[i][0];
      if (endsWith(w, s) && (best === null || s.length > best.length)) best = s;
    }
    return best;
  }
  // A short syllable ends at `end` (exclusive).
  function shortSyllable(w, end) {
    var a = w[end - 3], b = w[end - 2], c = w[end - 1];
    if (end >= 3 && !isVowel(a) && isVowel(b) && !isVowel(c) && "wxY".indexOf(c) < 0) return true;
    return end === 2 && isVowel(b) && !isVowel(c);
  }
  function hasVowel(w, end) {
    for (var i = 0; i < end; i++) if (isVowel(w[i])) return true;
    return false;
  }

  function stemEnglish(word) {
    if (EXCEPTIONS.hasOwnProperty(word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    var w = word.charAt(0) === "'" ? word.slice(1) : word;
    // Prelude: y that acts as a consonant becomes Y.
    var chars = w.split("");
    if (chars[0] === "y") chars[0] = "Y";
    for (var i = 1; i < chars.length; i++) {
      if (chars[i] === "y" && isVowel(chars[i - 1])) chars[i] = "Y";
    }
    w = chars.join("");
    // Regions R1 and R2.
    function after(from) {
      var i = from;
      while (i < w.length && !isVowel(w[i])) i++;
      while (i < w.length && isVowel(w[i])) i++;
      return i < w.length ? i + 1 : w.length;
    }
    var p1, m = /^(gener|commun|arsen)/.exec(w);
    p1 = m ? m[1].length : after(0);
    var p2 = after(p1);
    // Step 0 and 1a.
    var s = longest(w, ["'s'", "'s", "'"]);
    if (s) w = w.slice(0, w.length - s.length);
    s = longest(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s === "sses") w = w.slice(0, -2);
    else if (s === "ied" || s === "ies") w = w.slice(0, -3) + (w.length - 3 >= 2 ? "i" : "ie");
    else if (s === "s" && hasVowel(w, w.length - 2)) w = w.slice(0, -1);
    if (AFTER_1A.indexOf(w) >= 0) return w;
    // Step 1b.
    s = longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (s === "eed" || s === "eedly") {
      if (w.length - s.length >= p1) w = w.slice(0, w.length - s.length) + "ee";
    } else if (s && hasVowel(w, w.length - s.length)) {
      w = w.slice(0, w.length - s.length);
      if (endsWith(w, "at") || endsWith(w, "bl") || endsWith(w, "iz")) w += "e";
      else if (DOUBLES.indexOf(w.slice(-2)) >= 0) w = w.slice(0, -1);
      else if (w.length === p1 && shortSyllable(w, w.length)) w += "e";
    }
    // Step 1c.
    var last = w[w.length - 1];
    if ((last === "y" || last === "Y") && w.length > 2 && !isVowel(w[w.length - 2])) {
      w = w.slice(0, -1) + "i";
    }
    // Step 2.
    s = longest(w, STEP2);
    if (s && w.length - s.length >= p1) {
      var stem = w.slice(0, w.length - s.length);
      var to = STEP2.filter(function (p) { return p[0] === s; })[0][1];
      if (s === "ogi") { if (endsWith(stem, "l")) w = stem + to; }
      else if (s === "li") { if ("cdeghkmnrt".indexOf(stem[stem.length - 1]) >= 0 && stem.length) w = stem; }
      else w = stem + to;
    }
    // Step 3.
    s = longest(w, STEP3);
    if (s && w.length - s.length >= p1) {
      var to3 = STEP3.filter(function (p) { return p[0] === s; })[0][1];
      if (s !== "ative" || w.length - s.length >= p2) w = w.slice(0, w.length - s.length) + to3;
    }
    // Step 4.
    s = longest(w, STEP4);
    if (s && w.length - s.length >= p2) {
      var before = w[w.length - s.length - 1];
      if (s !== "ion" || before === "s" || before === "t") w = w.slice(0, w.length - s.length);
    }
    // Step 5.
    last = w[w.length - 1];
    if (last === "e") {
      var at = w.length - 1;
      if (at >= p2 || (at >= p1 && !shortSyllable(w, at))) w = w.slice(0, -1);
    } else if (last === "l" && w.length - 1 >= p2 && w[w.length - 2] === "l") {
      w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  }

  // ---- Words, as src/render/search/words.rs splits them
  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}'\u2019]+/u)
      .map(function (w) { return w.replace(/['\u2019]/g, ""); })
      .filter(function (w) { return Array.from(w).length > 1 && STOP_WORDS.indexOf(w) < 0; });
  }

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
    return Object.keys(found).filter(function (s) { return s !== except; })
      .map(function (s) { return { stem: s, entry: found[s], n: documents(found[s]), w: w }; })
      .sort(function (a, b) { return b.n - a.n || (a.stem < b.stem ? -1 : 1); })
      .slice(0, limit);
  }

  // The stems of every spelling one typo away from `word`, keeping its first letter.
  function typos(word) {
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
      if (s !== word && STOP_WORDS.indexOf(s) < 0) stems[stemEnglish(s)] = 1;
    }
    delete stems[stemEnglish(word)];
    return Object.keys(stems);
  }

  // What a word matches: its stem (weight 1); if last, the stems it begins (0.5); if neither
  // exists and it has five letters or more, the stems one typo away (0.5).
  function candidates(source, word, last) {
    var stem = stemEnglish(word);
    var asks = [source.entries([stem])];
    if (last && word.length >= 3) asks.push(source.range(word));
    return Promise.all(asks).then(function (found) {
      var out = best(found[0], 1, 1);
      if (found[1]) out = out.concat(best(found[1], COMPLETIONS, 0.5, stem));
      if (out.length || !/^[a-z]+$/.test(word) || word.length < TYPO_LETTERS) return out;
      return source.entries(typos(word)).then(function (near) { return best(near, COMPLETIONS, 0.5); });
    });
  }

  // Resolves to {docs, stems}: the documents holding every word (a last word under three
  // letters that matches nothing is not typed yet), by score (per word its best field: title
  // 10, heading 4, text 1; summed), then number (questions first); and the stems matched.
  function search(source, query) {
    var tokens = words(query);
    return Promise.all(tokens.map(function (word, i) {
      return candidates(source, word, i === tokens.length - 1);
    })).then(function (lists) {
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

  // ---- `text` as [piece, marked] pairs, words whose stem is in `stems` marked, cut to about
  // `length` characters around the first.
  function snippet(text, stems, length) {
    var parts = [], first = -1, re = /[\p{L}\p{N}'\u2019]+/gu, m, at = 0;
    while ((m = re.exec(text))) {
      var word = m[0].toLowerCase().replace(/['\u2019]/g, "");
      if (stems[stemEnglish(word)] && STOP_WORDS.indexOf(word) < 0 && Array.from(word).length > 1) {
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
    stemEnglish: stemEnglish, words: words, eachPosting: eachPosting, shardedSource: shardedSource,
    receive: receive, search: search, snippet: snippet
  };
  if (typeof window !== "undefined") {
    window.sitegenSearchEngine = engine;
    window.sitegenSearchShard = receive;
  }
  if (typeof module !== "undefined" && module.exports) module.exports = engine;
})();
