// The search's languages (no DOM), loaded by search.js before search-engine.js: the words of a
// text as src/render/search/words.rs splits them, each language's stop words, accent folding,
// and stemEnglish() and stemSpanish(), ports of Snowball English (Porter2) and Spanish as
// sitegen's rust-stemmers has them; the index's "lang" picks one (see
// src/render/search/language.rs). tests/search.rs checks they agree over the clinic's words.
(function () {
  "use strict";
  // Stop words (accents folded), as src/render/search/language.rs has them.
  var STOP_EN = ("a an and are as at be but by for from has have he her his if in into is it its " +
    "me my of on or our she so than that the their them then there these they this to was we were " +
    "which with you your").split(" ");
  var STOP_ES = ("al algo alguna algunas alguno algunos ante aqui asi cada como con cual cuales cuando " +
    "cuanta cuantas cuanto cuantos de del desde donde el ella ellas ellos en entre era es esa esas ese " +
    "eso esos esta estan estas este esto estos fue ha han hay la las le les lo los mas me mi mis muy nos " +
    "otra otras otro otros para pero por porque que quien se sea ser si sin sobre son su sus tambien te " +
    "tu tus un una unas uno unos usted ustedes ya yo").split(" ");

  // ---- Accents folded: the letters of FOLD_FROM become those of FOLD_TO at the same place.
  var FOLD_FROM = "\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f9\u00fa\u00fb\u00fc\u00fd\u00ff" +
    "\u0101\u0103\u0105\u0107\u0109\u010b\u010d\u010f\u0113\u0115\u0117\u0119\u011b\u011d\u011f\u0121\u0123\u0125\u0129\u012b\u012d\u012f\u0135\u0137\u013a\u013c\u013e\u0144\u0146\u0148\u014d\u014f\u0151\u0155\u0157\u0159\u015b\u015d\u015f\u0161\u0163\u0165\u0169\u016b\u016d\u016f\u0171\u0173\u0175\u0177\u017a\u017c\u017e";
  var FOLD_TO = "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzz";
  function fold(w) {
    if (!/[^\x00-\x7f]/.test(w)) return w;
    var out = "";
    for (var i = 0; i < w.length; i++) {
      var at = FOLD_FROM.indexOf(w[i]);
      out += at < 0 ? w[i] : FOLD_TO[at];
    }
    return out;
  }

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

  // ---- Snowball Spanish
  var ES_VOWELS = "aeiou\u00e1\u00e9\u00ed\u00f3\u00fa\u00fc";
  function esVowel(c) { return c !== undefined && ES_VOWELS.indexOf(c) >= 0; }
  // Each list of endings with what to do (see stemSpanish): steps 0, 1, 2a, 2b and 3.
  function list(text) { return text.split(" "); }
  var ES_PRONOUNS = list("me se sela selo selas selos la le lo las les los nos");
  var ES_BEFORE_PRONOUN = list("i\u00e9ndo \u00e1ndo \u00e1r \u00e9r \u00edr ando iendo ar er ir yendo");
  var ES_STEP1 = [
    list("anza anzas ico ica icos icas ismo ismos able ables ible ibles ista istas oso osa osos osas " +
      "amiento amientos imiento imientos"),
    list("adora ador aci\u00f3n adoras adores aciones ante antes ancia ancias"),
    list("log\u00eda log\u00edas"), list("uci\u00f3n uciones"), list("encia encias"), ["amente"], ["mente"],
    list("idad idades"), list("iva ivo ivas ivos")
  ];
  var ES_Y_VERB = list("ya ye yan yen yeron yendo yo y\u00f3 yas yes yais yamos");
  var ES_GU_VERB = list("en es \u00e9is emos");
  var ES_VERB = list("ar\u00edan ar\u00edas ar\u00e1n ar\u00e1s ar\u00edais ar\u00eda ar\u00e9is ar\u00edamos aremos ar\u00e1 ar\u00e9 " +
    "er\u00edan er\u00edas er\u00e1n er\u00e1s er\u00edais er\u00eda er\u00e9is er\u00edamos eremos er\u00e1 er\u00e9 " +
    "ir\u00edan ir\u00edas ir\u00e1n ir\u00e1s ir\u00edais ir\u00eda ir\u00e9is ir\u00edamos iremos ir\u00e1 ir\u00e9 " +
    "aba ada ida \u00eda ara iera ad ed id ase iese aste iste an aban \u00edan aran ieran asen iesen aron ieron " +
    "ado ido ando iendo i\u00f3 ar er ir as abas adas idas \u00edas aras ieras ases ieses \u00eds \u00e1is abais " +
    "\u00edais arais ierais aseis ieseis asteis isteis ados idos amos \u00e1bamos \u00edamos imos \u00e1ramos " +
    "i\u00e9ramos i\u00e9semos \u00e1semos").concat(ES_GU_VERB);
  var ES_RESIDUAL = list("os a o \u00e1 \u00ed \u00f3 e \u00e9");
  var ACUTE = { "\u00e1": "a", "\u00e9": "e", "\u00ed": "i", "\u00f3": "o", "\u00fa": "u" };

  function stemSpanish(word) {
    var w = word, n = w.length;
    // Regions: RV (from pV), R1 and R2, found once on the word as given.
    function past(from, vowel) {
      for (var i = from; i < n; i++) if (esVowel(w[i]) === vowel) return i + 1;
      return -1;
    }
    var pV = n, p1 = n, p2 = n, at;
    if (n >= 2 && esVowel(w[0])) {
      at = past(2, !esVowel(w[1]));
      if (at >= 0) pV = at;
    } else if (n >= 2) {
      at = esVowel(w[1]) ? (n >= 3 ? 3 : -1) : past(2, true);
      if (at >= 0) pV = at;
    }
    at = past(0, true);
    if (at >= 0 && (at = past(at, false)) >= 0) {
      p1 = at;
      at = past(p1, true);
      if (at >= 0 && (at = past(at, false)) >= 0) p2 = at;
    }
    // The longest ending of `endings` that w has starting at or after `from`, or "".
    function ending(endings, from) {
      var best = "";
      for (var i = 0; i < endings.length; i++) {
        var e = endings[i];
        if (e.length > best.length && w.length - e.length >= (from || 0) && endsWith(w, e)) best = e;
      }
      return best;
    }
    function start(e) { return w.length - e.length; }
    function cut(e) { w = w.slice(0, start(e)); }
    // Step 0: a pronoun after a verb form in RV ("diciéndole", "tomarla").
    var p = ending(ES_PRONOUNS);
    if (p) {
      cut(p);
      var v = ending(ES_BEFORE_PRONOUN);
      if (!v || start(v) < pV || (v === "yendo" && w[start(v) - 1] !== "u")) w += p;
      else w = w.slice(0, start(v)) + v.replace(/[\u00e1\u00e9\u00ed]/, function (c) { return ACUTE[c]; });
    }
    // Step 1: standard suffixes; if none is removed, step 2a, then 2b: verb suffixes in RV.
    var e = "", group = -1;
    for (var g = 0; g < ES_STEP1.length; g++) {
      var found = ending(ES_STEP1[g]);
      if (found.length > e.length) { e = found; group = g; }
    }
    var done = false;
    function tryCut(suffix, from) {
      if (endsWith(w, suffix) && start(suffix) >= from) { cut(suffix); return true; }
      return false;
    }
    if (e && start(e) >= (group === 5 ? p1 : p2)) {
      done = true;
      if (group === 2) w = w.slice(0, start(e)) + "log";
      else if (group === 3) w = w.slice(0, start(e)) + "u";
      else if (group === 4) w = w.slice(0, start(e)) + "ente";
      else cut(e);
      if (group === 1) tryCut("ic", p2);
      if (group === 8) tryCut("at", p2);
      if (group === 5) {
        var x = ending(["iv", "os", "ic", "ad"]);
        if (x && tryCut(x, p2) && x === "iv") tryCut("at", p2);
      }
      if (group === 6) {
        var y = ending(["ante", "able", "ible"]);
        if (y) tryCut(y, p2);
      }
      if (group === 7) {
        var z = ending(["abil", "ic", "iv"]);
        if (z) tryCut(z, p2);
      }
    }
    if (!done) {
      var yv = ending(ES_Y_VERB, pV);
      if (yv && w[start(yv) - 1] === "u") { cut(yv); done = true; }
    }
    if (!done) {
      var verb = ending(ES_VERB, pV);
      if (verb) {
        var gu = ES_GU_VERB.indexOf(verb) >= 0 && w[start(verb) - 1] === "u" && w[start(verb) - 2] === "g";
        cut(verb);
        if (gu) w = w.slice(0, -1);
      }
    }
    // Step 3: a residual vowel in RV (and the u of "gue" after it).
    var r = ending(ES_RESIDUAL);
    if (r && start(r) >= pV) {
      cut(r);
      if ((r === "e" || r === "\u00e9") && w[w.length - 1] === "u" && w.length - 1 >= pV && w[w.length - 2] === "g") {
        w = w.slice(0, -1);
      }
    }
    return w.replace(/[\u00e1\u00e9\u00ed\u00f3\u00fa]/g, function (c) { return ACUTE[c]; });
  }

  // ---- The languages an index may name: stemmer and stop words. A word's keys are its stem
  // with accents folded and, if that differs, the stem of the word folded (see
  // src/render/search/language.rs).
  var LANGUAGES = { en: { stem: stemEnglish, stop: STOP_EN }, es: { stem: stemSpanish, stop: STOP_ES } };
  function language(code) { return LANGUAGES[code] || LANGUAGES.en; }
  function keys(lang, word) {
    var first = fold(lang.stem(word)), folded = fold(word);
    if (folded === word) return [first];
    var second = lang.stem(folded);
    return second === first ? [first] : [first, second];
  }
  function isStop(lang, word) { return lang.stop.indexOf(fold(word)) >= 0; }

  // ---- Words, as src/render/search/words.rs splits them, without `lang`'s stop words
  function words(text, lang) {
    return text.toLowerCase().split(/[^\p{L}\p{N}'\u2019]+/u)
      .map(function (w) { return w.replace(/['\u2019]/g, ""); })
      .filter(function (w) { return Array.from(w).length > 1 && !isStop(lang, w); });
  }

  var api = {
    stemEnglish: stemEnglish, stemSpanish: stemSpanish, fold: fold, keys: keys, language: language,
    isStop: isStop, words: words
  };
  if (typeof window !== "undefined") window.sitegenSearchLanguage = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();
