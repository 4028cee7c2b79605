// Site search engine, loaded by search.js on first use together with search-index.js (written
// by sitegen's src/render/search.rs). Queries are split, filtered and stemmed exactly as the
// index was: stemEnglish() is a port of the published Snowball English (Porter2) algorithm,
// which sitegen applies with the rust-stemmers crate; tests/publish.rs checks both agree.
(function () {
  "use strict";

  var STOP_WORDS = ("a an and are as at be but by for from has have he her his if in into is it its " +
    "me my of on or our she so than that the their them then there these they this to was we were " +
    "which with you your").split(" ");

  // ---- Snowball English (Porter2) ------------------------------------------------------
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

  // ---- Words, as src/render/search.rs splits them ---------------------------------------
  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}'\u2019]+/u)
      .map(function (w) { return w.replace(/['\u2019]/g, ""); })
      .filter(function (w) { return Array.from(w).length > 1 && STOP_WORDS.indexOf(w) < 0; });
  }

  // ---- Searching the index ---------------------------------------------------------------
  // Postings: base-32 numbers, digits 0-9A-V end a number, W-Za-z-_ continue it; each number
  // is (gap from the previous document << 2) | fields (1: title, 2: heading or description).
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  function postings(text) {
    var out = [], doc = 0, value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGITS.indexOf(text.charAt(i));
      if (digit < 0) continue;
      value = value * 32 + (digit & 31);
      if (digit < 32) {
        doc += Math.floor(value / 4);
        out.push([doc - 1, value % 4]);
        value = 0;
      }
    }
    return out;
  }

  // A document as {title, path, note}: a question names its page by number.
  function resolve(index, d) {
    var doc = index.docs[d];
    if (typeof doc[2] === "number") {
      var page = index.docs[doc[2]];
      return { title: doc[0], path: page[1] + doc[1], note: page[0] };
    }
    return { title: doc[0], path: doc[1], note: doc[2] };
  }
  var WEIGHT = [1, 10, 4, 10];

  // Documents matching every query word (the last may be a prefix still being typed), best first.
  function search(index, query) {
    var tokens = words(query);
    if (!tokens.length) return [];
    var scores = null;
    tokens.forEach(function (token, n) {
      var stems = {};
      stems[stemEnglish(token)] = 1;
      if (n === tokens.length - 1 && token.length >= 3) {
        for (var term in index.terms) if (term.lastIndexOf(token, 0) === 0) stems[term] = 0.5;
      }
      var found = {};
      Object.keys(stems).forEach(function (term) {
        var list = index.terms[term];
        if (!list) return;
        postings(list).forEach(function (p) {
          var score = WEIGHT[p[1]] * stems[term];
          if (!(found[p[0]] >= score)) found[p[0]] = score;
        });
      });
      if (scores === null) scores = found;
      else {
        var both = {};
        for (var d in scores) if (d in found) both[d] = scores[d] + found[d];
        scores = both;
      }
    });
    return Object.keys(scores).map(Number)
      .sort(function (a, b) { return scores[b] - scores[a] || a - b; })
      .map(function (d) { return resolve(index, d); });
  }

  var engine = { stemEnglish: stemEnglish, words: words, search: search };
  if (typeof window !== "undefined") window.sitegenSearchEngine = engine;
  if (typeof module !== "undefined" && module.exports) module.exports = engine;
})();
