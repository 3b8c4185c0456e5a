// Reloads the page when `dojo serve` rebuilds the handbook. `dojo serve`
// adds this file to every page it sends; it is never published.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var meta = document.querySelector('meta[name="dojo-build"]');
  var shown = meta ? meta.getAttribute("content") : null;
  var events = new EventSource("/_dojo/live");
  events.addEventListener("build", function (event) {
    if (shown === null) {
      shown = event.data;
    } else if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  });
})();
