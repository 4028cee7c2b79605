// The search box's results (loaded by search.js after search-engine.js): searches when typing
// pauses, lists results with snippets, matching words marked, says how many in the live
// region, offers the questions page and phone when nothing matches, in the words of the
// page's language (the manifest's "words"). Down and Up move through
// the results, Enter opens the first (of what was typed, even before the pause), Escape clears.
(function () {
  "use strict";

  var MAX_RESULTS = 10;
  var SNIPPET = 160;
  // A pause in typing (ms) that searches: fast typing loads nothing for the letters on the way.
  var PAUSE = 80;

  // say(key, values): the manifest's words for `key` in the site's language, each {name}
  // replaced by values[name].
  function words(manifest) {
    return function (key, values) {
      return ((manifest.words || {})[key] || "").replace(/\{(\w+)\}/g, function (all, name) {
        return values && name in values ? String(values[name]) : all;
      });
    };
  }

  function attach(box, pathHref) {
    var engine = window.sitegenSearchEngine;
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[role=status]");
    var list = box.querySelector("ul");
    var root = box.getAttribute("data-root") || "";
    var offline = box.getAttribute("data-offline") === "true";
    var index = box.getAttribute("data-index");
    // Over HTTP the manifest is never cached, and names the shards' version, so a cache never
    // mixes two builds.
    var fresh = location.protocol !== "file:";
    var folder = index.replace(/[^/]*$/, "") + "search/";
    // The stemmers are theme scripts, beside the engine.
    var scripts = (box.getAttribute("data-engine") || "").replace(/[^/]*$/, "");
    var source = engine.shardedSource(function (name, version) {
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = name === "index" ? index + (fresh ? "?t=" + Date.now() : "")
          : /^stem-/.test(name) ? scripts + "search-" + name + ".js"
          : folder + name + ".js" + (fresh ? "?v=" + version : "");
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    });
    // The last search started, the pause, the query shown, and whether Enter awaits results.
    var latest = 0, timer = 0, shownFor = null, openFirst = false;

    function href(path) {
      return pathHref(root, offline, path);
    }

    function text(tag, className, content) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (content) node.textContent = content;
      return node;
    }

    function marked(parent, pieces) {
      pieces.forEach(function (piece) {
        parent.appendChild(piece[1] ? text("mark", "", piece[0]) : document.createTextNode(piece[0]));
      });
      return parent;
    }

    function show(query, found, records, manifest) {
      list.textContent = "";
      status.textContent = "";
      records.forEach(function (record) {
        var item = document.createElement("li");
        var link = marked(text("a"), engine.snippet(record[0], found.stems, record[0].length, manifest.lang));
        link.href = href(record[1]);
        item.appendChild(link);
        var question = record.length === 4;
        var snippet = engine.snippet(question ? record[3] : record[2], found.stems, SNIPPET, manifest.lang);
        if (snippet.length) item.appendChild(marked(text("span", "search-snippet"), snippet));
        if (question) item.appendChild(text("span", "search-note", record[2]));
        list.appendChild(item);
      });
      var n = found.docs.length, say = words(manifest);
      if (openFirst && n) list.querySelector("a").click();
      openFirst = false;
      if (n) {
        status.textContent = n === 1 ? say("result_one") :
          say(n > MAX_RESULTS ? "results_shown" : "results", { n: n, shown: MAX_RESULTS });
        return;
      }
      status.appendChild(document.createTextNode(say("no_results", { query: query }) + " "));
      if (manifest.hub) {
        var hub = text("a", "", say("all_questions"));
        hub.href = href(manifest.hub[1]);
        status.appendChild(hub);
        status.appendChild(document.createTextNode(manifest.phone ? " " + say("or_call") + " " : "."));
      } else if (manifest.phone) {
        status.appendChild(document.createTextNode(say("call") + " "));
      }
      if (manifest.phone) {
        var phone = text("a", "", manifest.phone);
        phone.href = "tel:" + manifest.phone.replace(/[^\d+]/g, "");
        status.appendChild(phone);
        status.appendChild(document.createTextNode("."));
      }
    }

    function run() {
      clearTimeout(timer);
      timer = 0;
      var query = input.value, mine = ++latest;
      if (!query.trim()) { clear(true); return; }
      engine.search(source, query).then(function (found) {
        return Promise.all([source.records(found.docs.slice(0, MAX_RESULTS)), source.manifest])
          .then(function (loaded) {
            if (mine !== latest) return;
            shownFor = query;
            show(query.trim(), found, loaded[0], loaded[1]);
          });
      }).catch(function () {
        if (mine !== latest) return;
        // Without the manifest there are no words to say it with: the box goes away.
        source.manifest.then(function (m) { status.textContent = words(m)("unavailable"); },
          function () { box.hidden = true; });
      });
    }

    function clear(keepValue) {
      latest++;
      clearTimeout(timer);
      timer = 0;
      shownFor = null;
      openFirst = false;
      if (!keepValue) input.value = "";
      list.textContent = "";
      status.textContent = "";
    }

    // The links to move through: the results, or what "no results" offers.
    function links() {
      return Array.prototype.slice.call(box.querySelectorAll("ul a, [role=status] a"));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, PAUSE);
    });
    input.addEventListener("keydown", function (event) {
      var first = links()[0];
      if (event.key === "Escape") { clear(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && first) { first.focus(); event.preventDefault(); }
      else if (event.key === "Enter" && shownFor === input.value && list.querySelector("a")) {
        list.querySelector("a").click();
        event.preventDefault();
      } else if (event.key === "Enter" && input.value.trim()) { openFirst = true; run(); event.preventDefault(); }
    });
    box.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(event.target);
      if (at < 0) return;
      if (event.key === "Escape") { clear(); input.focus(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && at + 1 < all.length) { all[at + 1].focus(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { (at === 0 ? input : all[at - 1]).focus(); event.preventDefault(); }
    });
    list.addEventListener("click", function () { setTimeout(clear, 0); });
    if (input.value.trim()) run();
  }

  window.sitegenSearchUi = attach;
})();
