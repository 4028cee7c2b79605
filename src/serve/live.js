// sitegen serve: updates this tab after each rebuild without losing its place, and shows
// build errors over the last good page. `sitegen serve` adds it to pages; `sitegen build`
// never does.
//
// After a rebuild the page is fetched again. When only its <main> changed (the usual case
// while writing), the new <main> replaces the old one in place: no reload, the scroll
// position and the page's own scripts (search) stay as they are. When anything else changed
// (title, menu, styles), the tab reloads and the scroll position is restored from
// sessionStorage.
//
// Every page also gets a badge linking to the editor's desk (/__sitegen/) with the latest
// check's counts; the desk itself updates in place when a new check is done.
(function () {
  "use strict";
  var script = document.currentScript;
  var servedBuild = script ? script.getAttribute("data-build") : null;
  var scrollKey = "sitegen-scroll:" + location.pathname;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var y = parseInt(saved, 10) || 0;
    var restore = function () { window.scrollTo(0, y); };
    restore();
    window.addEventListener("load", restore);
  }

  function ensureStyles() {
    if (document.getElementById("sitegen-overlay-css")) return;
    var link = document.createElement("link");
    link.id = "sitegen-overlay-css";
    link.rel = "stylesheet";
    link.href = "/__sitegen/overlay.css";
    document.head.appendChild(link);
  }

  function hideErrors() {
    var old = document.getElementById("sitegen-overlay");
    if (old) old.remove();
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function showErrors(errors) {
    ensureStyles();
    hideErrors();
    var box = element("section", "sitegen-overlay");
    box.id = "sitegen-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build errors");
    var title = errors.length === 1 ? "1 problem" : errors.length + " problems";
    box.appendChild(element("h2", "sitegen-overlay-title",
      "The site did not build: " + title + ". Showing the last good version."));
    var list = element("ol", "sitegen-overlay-list");
    errors.forEach(function (error) {
      var item = element("li", "sitegen-overlay-error");
      item.appendChild(element("code", "sitegen-overlay-location", error.location));
      item.appendChild(element("p", "sitegen-overlay-message", error.message));
      if (error.help) item.appendChild(element("p", "sitegen-overlay-help", "help: " + error.help));
      item.appendChild(element("pre", "sitegen-overlay-text", error.text));
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = element("button", "sitegen-overlay-close", "Hide");
    close.type = "button";
    close.addEventListener("click", hideErrors);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  // The link to the editor's desk, in a corner of every page but the desk.
  function showBadge(desk) {
    if (document.querySelector("[data-sitegen-desk]")) return;
    ensureStyles();
    var badge = document.getElementById("sitegen-badge");
    if (!badge) {
      badge = element("aside", "sitegen-badge");
      badge.id = "sitegen-badge";
      badge.setAttribute("aria-label", "sitegen preview");
      var link = element("a", "sitegen-badge-link");
      link.href = "/__sitegen/";
      badge.appendChild(link);
      document.body.appendChild(badge);
    }
    var text = "Editor's desk";
    if (desk) {
      text += ": " + desk.errors + (desk.errors === 1 ? " error, " : " errors, ") +
        desk.warnings + (desk.warnings === 1 ? " warning" : " warnings");
    }
    badge.firstChild.textContent = text;
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    events.close();
    location.reload();
  }

  // Everything of a page but its <main>, the structured data and this script: when it is the
  // same before and after a rebuild, swapping <main> shows exactly what a reload would.
  function frame(doc) {
    var copy = doc.documentElement.cloneNode(true);
    var drop = copy.querySelectorAll("main, script[type='application/ld+json'], script[src='/__sitegen/live.js'], #sitegen-overlay, #sitegen-overlay-css");
    for (var i = 0; i < drop.length; i++) drop[i].remove();
    return copy.outerHTML;
  }

  function fetchPage() {
    return fetch(location.href, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.text();
    }).then(function (html) {
      return new DOMParser().parseFromString(html, "text/html");
    });
  }

  var shownFrame = null;
  fetchPage().then(function (doc) {
    var build = doc.querySelector("script[src='/__sitegen/live.js']");
    if (build && build.getAttribute("data-build") === servedBuild) shownFrame = frame(doc);
  }).catch(function () {});

  var updating = false;
  function update(build) {
    var main = document.querySelector("main");
    if (!main || shownFrame === null || updating) return reload();
    updating = true;
    fetchPage().then(function (doc) {
      updating = false;
      var newMain = doc.querySelector("main");
      if (!newMain || frame(doc) !== shownFrame) return reload();
      var y = window.scrollY;
      main.replaceWith(document.adoptNode(newMain));
      window.scrollTo(0, y);
      servedBuild = String(build);
    }).catch(function () {
      updating = false;
      reload();
    });
  }

  var events = new EventSource("/__sitegen/events");
  events.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    showBadge(state.desk);
    var desk = document.querySelector("[data-sitegen-desk]");
    if (desk) {
      // The desk lists the errors itself: it is fetched again when anything it shows changed.
      var stale = String(state.build) !== servedBuild ||
        String(state.errors.length) !== desk.getAttribute("data-sitegen-errors") ||
        (state.desk && String(state.desk.number) !== desk.getAttribute("data-sitegen-desk"));
      if (stale) update(state.build);
      return;
    }
    if (state.errors.length > 0) {
      showErrors(state.errors);
      return;
    }
    hideErrors();
    if (servedBuild !== null && String(state.build) !== servedBuild) update(state.build);
  });
})();
