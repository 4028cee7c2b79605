// The page's one script: the search box (loads search-language.js, search-engine.js and
// search-ui.js on first use), moved questions (an unknown #fragment is looked up in
// anchors/<letter>.js) and the language switcher's links (they carry the question the reader
// is on). The first two load <script>s, which work from file:// too. See README "Search" and
// "Links".
(function () {
  "use strict";

  // Shows the box; on first use loads the search (search-language.js, search-engine.js, then
  // search-ui.js, which takes the box over), so a page that is only read loads none of it.
  function setup(box) {
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[role=status]");
    if (!input || !status) return;
    var engine = box.getAttribute("data-engine");
    var requested = false;
    box.hidden = false;

    // The words it says are in the language's index, which search-ui.js loads: until then
    // the box is busy, and if the search cannot load, it goes away.
    function load() {
      if (requested) return;
      requested = true;
      status.setAttribute("aria-busy", "true");
      ["search-language.js", engine, "search-ui.js"].forEach(function (src, i) {
        var script = document.createElement("script");
        script.src = i === 1 ? src : engine.replace(/[^/]*$/, src);
        script.async = false;
        script.onerror = function () { box.hidden = true; };
        if (i === 2) script.onload = function () { status.removeAttribute("aria-busy"); window.sitegenSearchUi(box, pathHref); };
        document.head.appendChild(script);
      });
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", load);
  }

  function pathHref(root, offline, path) {
    if (offline) {
      var hash = path.indexOf("#");
      var file = hash < 0 ? path : path.slice(0, hash);
      if (file === "" || file.slice(-1) === "/") file += "index.html";
      path = file + (hash < 0 ? "" : path.slice(hash));
    }
    return root + path;
  }

  function findMovedQuestion(box) {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id || document.getElementById(id)) return;
    var root = box.getAttribute("data-root") || "";
    var langRoot = box.getAttribute("data-lang-root") || root;
    var offline = box.getAttribute("data-offline") === "true";
    var first = id.charAt(0).toLowerCase();
    var shard = /^[a-z0-9]$/.test(first) ? first : "_";
    var script = document.createElement("script");
    script.src = langRoot + "anchors/" + shard + ".js";
    script.onload = function () {
      var target = (window.sitegenAnchors || {})[id];
      if (target) location.replace(pathHref(root, offline, target));
    };
    document.head.appendChild(script);
  }

  // The language switcher's link to this page in another language carries the question the
  // reader is on (a translated question keeps its id).
  function keepQuestionInLanguageLinks() {
    var links = document.querySelectorAll("a[data-keep-question]");
    for (var i = 0; i < links.length; i++) {
      var base = links[i].getAttribute("href").split("#")[0];
      links[i].setAttribute("href", base + location.hash);
    }
  }

  if (typeof document !== "undefined") {
    keepQuestionInLanguageLinks();
    window.addEventListener("hashchange", keepQuestionInLanguageLinks);
    var boxes = document.querySelectorAll(".site-search[data-index]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
    if (boxes.length) {
      findMovedQuestion(boxes[0]);
      window.addEventListener("hashchange", function () { findMovedQuestion(boxes[0]); });
    }
  }
})();
