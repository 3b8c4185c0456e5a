// Runs before the page paints: applies the reader's saved colour scheme so
// the wrong theme never flashes. Loaded render-blocking, kept tiny.
(function () {
  try {
    var saved = localStorage.getItem("dojo-theme");
    if (saved === "dark" || saved === "light") {
      document.documentElement.setAttribute("data-theme", saved);
    }
  } catch (e) { /* storage unavailable: follow the system setting */ }
  document.documentElement.classList.add("js");
})();
