// Snowball Spanish, written from the published algorithm; tests/search.rs
// checks it stems as sitegen's rust-stemmers does. search-engine.js loads it when the index's
// "lang" is "es" (a script calling sitegenSearchShard, as the index's files do); in node
// it is a module.
(function () {
  "use strict";
  function endsWith(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
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

  if (typeof module !== "undefined" && module.exports) module.exports = stemSpanish;
  else sitegenSearchShard("stem-es", stemSpanish);
})();
