// The search's languages (no DOM), loaded by search.js before search-engine.js: the words of a
// text as src/render/search/words.rs splits them, each language's stop words, accent folding
// and a word's keys, as src/render/search/language.rs has them. The index's "lang" picks the
// language; its stemmer is in search-stem-<code>.js, loaded only for it.
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

  // ---- The languages an index may name: stemmer and stop words. A word's keys are its stem
  // with accents folded and, if that differs, the stem of the word folded (see
  // src/render/search/language.rs).
  // A language's stemmer is in search-stem-<code>.js: the engine loads it (`stem` is set
  // then); node requires it here.
  var LANGUAGES = { en: { code: "en", stop: STOP_EN }, es: { code: "es", stop: STOP_ES } };
  function language(code) {
    var lang = LANGUAGES[code] || LANGUAGES.en;
    if (!lang.stem && typeof module !== "undefined" && module.exports) lang.stem = require("./search-stem-" + lang.code + ".js");
    return lang;
  }
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

  var api = { fold: fold, keys: keys, language: language, isStop: isStop, words: words };
  if (typeof window !== "undefined") window.sitegenSearchLanguage = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();
