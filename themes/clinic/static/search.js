// The header's search box. On first use it loads search-engine.js (query stemming and
// ranking) and search-index.js with <script> elements, which work on a server and from
// file://, so pages carry only this small file.
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
      if (offline) {
        var hash = path.indexOf("#");
        var file = hash < 0 ? path : path.slice(0, hash);
        var fragment = hash < 0 ? "" : path.slice(hash);
        if (file === "" || file.slice(-1) === "/") file += "index.html";
        path = file + fragment;
      }
      return root + path;
    }

    // The engine, then the index; each a <script>, as fetch() is refused from file://.
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
    // A result on the current page only moves the fragment: close the results.
    list.addEventListener("click", function () { setTimeout(clear, 0); });
  }

  if (typeof document !== "undefined") {
    var boxes = document.querySelectorAll(".site-search[data-index]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
  }
})();
