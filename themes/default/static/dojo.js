// Dojo's page behaviour: the narrow-screen menu and the dark-mode toggle.
// Progressive: without JavaScript the sidebar is simply always shown.
(function () {
  "use strict";
  var root = document.documentElement;

  function currentTheme() {
    var set = root.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function setupThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.hidden = false;
    var sync = function () { button.setAttribute("aria-pressed", String(currentTheme() === "dark")); };
    sync();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("dojo-theme", next); } catch (e) { /* not kept */ }
      sync();
    });
  }

  function setupMenu() {
    var button = document.querySelector(".menu-button");
    var sidebar = document.getElementById("sidebar");
    if (!button || !sidebar) return;
    button.hidden = false;
    var close = function () { sidebar.classList.remove("open"); button.setAttribute("aria-expanded", "false"); };
    button.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      button.setAttribute("aria-expanded", String(open));
      if (open) { var first = sidebar.querySelector("a"); if (first) first.focus(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && sidebar.classList.contains("open")) { close(); button.focus(); }
    });
  }

  // The current section's page list folds away, for long sections.
  function setupSectionToggle() {
    var button = document.querySelector(".nav-toggle");
    var list = document.getElementById("nav-pages");
    if (!button || !list) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      list.hidden = !open;
    });
  }

  setupThemeToggle();
  setupMenu();
  setupSectionToggle();
})();
