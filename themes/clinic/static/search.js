// The page's one script: the search box (loads search-engine.js and search-ui.js on first
// use) and moved questions (an unknown #fragment is looked up in anchors/<letter>.js). Both
// load <script>s, which work from file:// too. See README "Search" and "Links".
(function () {
  "use strict";

  // Shows the box; on first use loads the search (search-engine.js, then search-ui.js, which
  // takes the box over), so a page that is only read loads none of it.
  function setup(box) {
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[role=status]");
    if (!input || !status) return;
    var engine = box.getAttribute("data-engine");
    var requested = false, ready = false;
    box.hidden = false;

    function load() {
      if (!ready && input.value.trim()) status.textContent = "Loading search\u2026";
      if (requested) return;
      requested = true;
      [engine, engine.replace(/[^/]*$/, "search-ui.js")].forEach(function (src, i) {
        var script = document.createElement("script");
        script.src = src;
        script.async = false;
        script.onerror = function () { status.textContent = "Search is not available right now."; };
        if (i) script.onload = function () { ready = true; window.sitegenSearchUi(box, pathHref); };
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
    var offline = box.getAttribute("data-offline") === "true";
    var first = id.charAt(0).toLowerCase();
    var shard = /^[a-z0-9]$/.test(first) ? first : "_";
    var script = document.createElement("script");
    script.src = root + "anchors/" + shard + ".js";
    script.onload = function () {
      var target = (window.sitegenAnchors || {})[id];
      if (target) location.replace(pathHref(root, offline, target));
    };
    document.head.appendChild(script);
  }

  if (typeof document !== "undefined") {
    var boxes = document.querySelectorAll(".site-search[data-index]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
    if (boxes.length) {
      findMovedQuestion(boxes[0]);
      window.addEventListener("hashchange", function () { findMovedQuestion(boxes[0]); });
    }
  }
})();
