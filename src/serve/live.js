// sitegen serve: reloads this tab after each rebuild, keeping the scroll position, and shows
// build errors over the last good page. `sitegen serve` adds it to pages; `sitegen build`
// never does.
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

  var events = new EventSource("/__sitegen/events");
  events.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length > 0) {
      showErrors(state.errors);
      return;
    }
    hideErrors();
    if (servedBuild !== null && String(state.build) !== servedBuild) {
      sessionStorage.setItem(scrollKey, String(window.scrollY));
      events.close();
      location.reload();
    }
  });
})();
