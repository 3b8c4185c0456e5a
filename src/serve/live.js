// Reloads the page when `dojo serve` rebuilds the handbook and the page
// shows something new. `dojo serve` adds this file to every page it sends;
// it is never published. After each build the page is asked for again and
// reloaded only if its fingerprint (its HTML, the error overlay over it,
// the files it loads) changed, so a save reloads the pages it touches, not
// every open tab.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var PAGE = /<meta name="dojo-page" content="([0-9a-f]+)">/;
  var meta = document.querySelector('meta[name="dojo-build"]');
  var shown = meta ? meta.getAttribute("content") : null;
  var page = document.querySelector('meta[name="dojo-page"]');
  var mine = page ? page.getAttribute("content") : null;
  var events = new EventSource("/_dojo/live");

  function reload() {
    events.close();
    window.location.reload();
  }

  events.addEventListener("build", function (event) {
    if (shown === null) {
      shown = event.data;
      return;
    }
    if (event.data === shown) {
      return;
    }
    var build = event.data;
    if (mine === null || !window.fetch) {
      reload();
      return;
    }
    window
      .fetch(window.location.href, { cache: "no-store" })
      .then(function (response) {
        return response.text();
      })
      .then(function (text) {
        var found = PAGE.exec(text);
        if (!found || found[1] !== mine) {
          reload();
        } else {
          shown = build;
        }
      })
      .catch(reload);
  });
})();
