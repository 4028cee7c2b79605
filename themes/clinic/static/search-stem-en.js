// Snowball English (Porter2), written from the published algorithm; tests/search.rs
// checks it stems as sitegen's rust-stemmers does. search-engine.js loads it when the index's
// "lang" is "en" (a script calling sitegenSearchShard, as the index's files do); in node
// it is a module.
(function () {
  "use strict";
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

  if (typeof module !== "undefined" && module.exports) module.exports = stemEnglish;
  else sitegenSearchShard("stem-en", stemEnglish);
})();
