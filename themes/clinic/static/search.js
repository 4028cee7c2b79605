// The page's one script: the search box (loads search-engine.js and search-index.js on first
// use), moved questions (an unknown #fragment is looked up in anchors/<letter>.js) and the
// language switcher's links (they carry the question the reader is on). The first two
// load <script>s, which work from file:// too. See README "Search" and "Links".
(function () {
  "use strict";

  var MAX_RESULTS = 10;

  function setup(box) {
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[role=status]");
    var list = box.querySelector("ul");
    if (!input || !status || !list) return;
    var root = box.getAttribute("data-root") || "";
    var offline = box.getAttribute("data-offline") === "true";
    var requested = false;
    box.hidden = false;

    function href(path) {
      return pathHref(root, offline, path);
    }

    function load() {
      if (requested) return;
      requested = true;
      var sources = [box.getAttribute("data-engine"), box.getAttribute("data-index")];
      (function next() {
        var src = sources.shift();
        if (!src) { run(); return; }
        var script = document.createElement("script");
        script.src = src;
        script.onload = next;
        script.onerror = function () { status.textContent = "Search is not available right now."; };
        document.head.appendChild(script);
      })();
    }

    function run() {
      var index = window.sitegenSearchIndex, engine = window.sitegenSearchEngine;
      var query = input.value.trim();
      list.textContent = "";
      if (!query) { status.textContent = ""; return; }
      if (!index || !engine) { status.textContent = "Loading search\u2026"; load(); return; }
      var results = engine.search(index, query);
      results.slice(0, MAX_RESULTS).forEach(function (doc) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = href(doc.path);
        link.textContent = doc.title;
        item.appendChild(link);
        if (doc.note) {
          var note = document.createElement("span");
          note.className = "search-note";
          note.textContent = doc.note;
          item.appendChild(note);
        }
        list.appendChild(item);
      });
      var n = results.length;
      status.textContent = n === 0 ? "No results for \u201c" + query + "\u201d" :
        n + (n === 1 ? " result" : " results") + (n > MAX_RESULTS ? ", showing the first " + MAX_RESULTS : "");
    }

    function clear() {
      input.value = "";
      list.textContent = "";
      status.textContent = "";
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (event) {
      var first = list.querySelector("a");
      if (event.key === "Escape") { clear(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && first) { first.focus(); event.preventDefault(); }
      else if (event.key === "Enter" && first) { first.click(); event.preventDefault(); }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { clear(); input.focus(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && at >= 0 && at + 1 < links.length) { links[at + 1].focus(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && at >= 0) { (at === 0 ? input : links[at - 1]).focus(); event.preventDefault(); }
    });
    list.addEventListener("click", function () { setTimeout(clear, 0); });
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
