// sitegen serve: the editor's desk's filters (overdue reviews, pages with findings, a
// language). They hide rows and findings without reloading; the desk is complete without
// this script. The choice is kept for the tab (sessionStorage), so it survives the desk
// updating itself after a save, and so does the keyboard's place among the filters.
(function () {
  "use strict";
  var key = "sitegen-desk-filters";

  function form() { return document.getElementById("desk-filters"); }

  function saved() {
    try { return JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }

  function current(f) {
    return {
      overdue: f.elements.overdue.checked,
      findings: f.elements.findings.checked,
      language: f.elements.language.value
    };
  }

  function shows(el, choice) {
    if (choice.overdue && el.getAttribute("data-overdue") !== "true") return false;
    if (choice.findings && el.getAttribute("data-findings") !== "true") return false;
    if (choice.language && el.getAttribute("data-lang") !== choice.language) return false;
    return true;
  }

  function apply() {
    var f = form();
    if (!f) return;
    var choice = current(f);
    sessionStorage.setItem(key, JSON.stringify(choice));
    var counts = { rows: 0, rowsShown: 0, items: 0, itemsShown: 0 };
    var rows = document.querySelectorAll(".desk-pages tbody tr");
    for (var i = 0; i < rows.length; i++) {
      var show = shows(rows[i], choice);
      rows[i].hidden = !show;
      counts.rows++;
      if (show) counts.rowsShown++;
    }
    var items = document.querySelectorAll("#findings .desk-finding");
    for (var j = 0; j < items.length; j++) {
      var showItem = shows(items[j], choice);
      items[j].hidden = !showItem;
      counts.items++;
      if (showItem) counts.itemsShown++;
    }
    var out = document.getElementById("desk-shown");
    if (out) {
      out.textContent = "Showing " + counts.rowsShown + " of " + counts.rows + " pages and " +
        counts.itemsShown + " of " + counts.items + " findings.";
    }
  }

  // The filter control that has the keyboard's focus, by name: an update swaps in a new form,
  // and the editor's focus moves to the same control in it rather than being lost.
  var focused = null;
  document.addEventListener("focusin", function (event) {
    var t = event.target;
    focused = t && t.form && t.form.id === "desk-filters" ? t.name : null;
  });

  // Sets up the form of the desk shown now (again after live reload swaps in a new one).
  function init() {
    var f = form();
    if (!f || f.getAttribute("data-ready") === "true") return;
    f.setAttribute("data-ready", "true");
    var choice = saved();
    f.elements.overdue.checked = !!choice.overdue;
    f.elements.findings.checked = !!choice.findings;
    if (choice.language) f.elements.language.value = choice.language;
    f.addEventListener("change", apply);
    f.addEventListener("submit", function (event) { event.preventDefault(); });
    f.hidden = false;
    apply();
    var lost = !document.activeElement || document.activeElement === document.body;
    if (focused && lost && f.elements[focused]) f.elements[focused].focus();
  }

  init();
  new MutationObserver(init).observe(document.body, { childList: true });
})();
