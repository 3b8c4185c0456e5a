// Dojo's learning progress, kept in this browser only: no server, no account.
// A classic script (no modules), so it works opened from file:// too; loaded
// with `defer` on the pages that need it. Builds every text with textContent
// and createElement, never innerHTML. Without localStorage (private mode, or
// it throws) everything still works for the visit and .storage-note says so.
//
// Storage: one JSON value under "dojo:<handbook id>:progress", the same shape
// as the export file: {"format":"dojo-progress","version":1,"handbook":id,
// "steps":{"<source path>":{"done":"YYYY-MM-DD","hash":"<16 hex>"}},
// "practice":{"<kata source path>":[{"date":"YYYY-MM-DD","note":"..."}]}};
// the home page's chosen role under "dojo:<handbook id>:role".
//
// Hooks (stable, for themes and browser tests):
//   meta[name="dojo-handbook"]           the handbook id
//   .step-done[data-step][data-hash]     a "done" checkbox (path steps; .step-self on a step's page)
//   .updated-since, .mark-reviewed       shown in a .step when its page changed since it was ticked
//   .learn-path[data-path]               a path: its [data-step] items (data-title, data-href),
//                                        .progress-box, progress.path-progress, .progress-count,
//                                        a.next-step, .path-complete
//   [data-svg-step]                      a step of the path picture; gets .svg-done
//   #role-picker, .role-picker, .role-paths[data-role]   the home page's role picker
//   .practice-log[data-kata], #practice-form, #practice-note, #practice-log-button,
//   #practice-count, #practice-streak, #practice-entries, #practice-export (a CSV link made here)
//   .progress-tools, #progress-export, #progress-import, #progress-status   JSON export and import
//   [data-former]                        on a [data-step] or .practice-log: a JSON list of the
//                                        source paths the page had before it moved
//   .storage-note                        shown when progress cannot be kept
//   .print-button[data-print]            prints with body.print-card or body.print-storyboard
(function () {
  "use strict";

  var FORMAT = "dojo-progress";
  var VERSION = 1;
  var meta = document.querySelector('meta[name="dojo-handbook"]');
  var handbook = (meta && meta.getAttribute("content")) || "handbook";
  var PROGRESS_KEY = "dojo:" + handbook + ":progress";
  var ROLE_KEY = "dojo:" + handbook + ":role";
  var store = openStorage();
  var state = load();

  // ---- storage -------------------------------------------------------------

  function openStorage() {
    try {
      var s = window.localStorage;
      s.setItem("dojo:probe", "1");
      s.removeItem("dojo:probe");
      return s;
    } catch (e) {
      return null;
    }
  }

  function read(key) {
    if (!store) return null;
    try { return store.getItem(key); } catch (e) { return null; }
  }

  function write(key, value) {
    if (!store) return;
    try {
      if (value === null) store.removeItem(key); else store.setItem(key, value);
    } catch (e) {
      store = null; // full or revoked: carry on in memory
      showStorageNote();
    }
  }

  function emptyState() {
    return { format: FORMAT, version: VERSION, handbook: handbook, steps: {}, practice: {} };
  }

  function load() {
    var fresh = emptyState();
    var text = read(PROGRESS_KEY);
    if (!text) return fresh;
    try {
      merge(fresh, JSON.parse(text));
    } catch (e) { /* unreadable: start again */ }
    return fresh;
  }

  function save() {
    write(PROGRESS_KEY, JSON.stringify(state));
  }

  function showStorageNote() {
    each(".storage-note", function (note) { note.hidden = false; });
  }

  // ---- helpers -------------------------------------------------------------

  function each(selector, f, root) {
    var found = (root || document).querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) f(found[i]);
  }

  function byId(id) { return document.getElementById(id); }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  // A local calendar date as YYYY-MM-DD.
  function isoDate(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function today() { return isoDate(new Date()); }

  function isDate(s) { return typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s); }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // Merge a progress value (stored or imported) into `into`: a step keeps
  // its latest completion, practice entries are united without repeats.
  function merge(into, data) {
    var steps = data && typeof data.steps === "object" && data.steps ? data.steps : {};
    Object.keys(steps).forEach(function (key) {
      var s = steps[key];
      if (!s || !isDate(s.done)) return;
      var have = into.steps[key];
      if (!have || have.done < s.done) {
        into.steps[key] = { done: s.done, hash: typeof s.hash === "string" ? s.hash : "" };
      }
    });
    var practice = data && typeof data.practice === "object" && data.practice ? data.practice : {};
    Object.keys(practice).forEach(function (kata) {
      if (!Array.isArray(practice[kata])) return;
      var list = into.practice[kata] || (into.practice[kata] = []);
      practice[kata].forEach(function (p) {
        if (!p || !isDate(p.date)) return;
        var note = typeof p.note === "string" ? p.note : "";
        var known = list.some(function (q) { return q.date === p.date && q.note === note; });
        if (!known) list.push({ date: p.date, note: note });
      });
      list.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    });
    return into;
  }

  // Offer `text` as a file download through a Blob link.
  function download(text, type, name) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  // ---- steps and paths -----------------------------------------------------

  // A page that moved (its old URL kept in `aliases`) keeps what was saved
  // under the source path it had: move those entries to the one it has now.
  function followMoves() {
    var moved = false;
    each("[data-former]", function (el) {
      var key = el.getAttribute("data-step") || el.getAttribute("data-kata");
      var kind = el.hasAttribute("data-step") ? "steps" : "practice";
      var former;
      try { former = JSON.parse(el.getAttribute("data-former")); } catch (e) { return; }
      if (!key || !Array.isArray(former)) return;
      former.forEach(function (old) {
        var saved = state[kind];
        if (old === key || !Object.prototype.hasOwnProperty.call(saved, old) || saved[key]) return;
        saved[key] = saved[old];
        delete saved[old];
        moved = true;
      });
    });
    if (moved) save();
  }

  function stepKey(el) { return el.getAttribute("data-step"); }

  function setupSteps() {
    each(".step-done", function (box) {
      box.hidden = false;
      var self = box.closest(".step-self");
      if (self) self.hidden = false;
      box.addEventListener("change", function () {
        if (box.checked) {
          state.steps[stepKey(box)] = { done: today(), hash: box.getAttribute("data-hash") || "" };
        } else {
          delete state.steps[stepKey(box)];
        }
        save();
        refresh();
      });
    });
    each(".mark-reviewed", function (button) {
      button.addEventListener("click", function () {
        var holder = button.closest(".step");
        var box = holder && holder.querySelector(".step-done");
        var entry = box && state.steps[stepKey(box)];
        if (!entry) return;
        entry.hash = box.getAttribute("data-hash") || "";
        save();
        refresh();
        box.focus();
      });
    });
  }

  function refreshSteps() {
    each(".step-done", function (box) {
      var entry = state.steps[stepKey(box)];
      box.checked = Boolean(entry);
      var holder = box.closest(".step");
      var note = holder && holder.querySelector(".updated-since");
      if (note) note.hidden = !(entry && entry.hash && entry.hash !== box.getAttribute("data-hash"));
    });
    each("[data-svg-step]", function (node) {
      node.classList.toggle("svg-done", Boolean(state.steps[node.getAttribute("data-svg-step")]));
    });
  }

  // A path's steps in order, each page once.
  function stepsOf(path) {
    var seen = {};
    var steps = [];
    each("[data-step]", function (el) {
      var key = stepKey(el);
      if (seen[key]) return;
      seen[key] = true;
      steps.push({ key: key, title: el.getAttribute("data-title") || key, href: el.getAttribute("data-href") });
    }, path);
    return steps;
  }

  function refreshPaths() {
    each(".learn-path", function (path) {
      var box = path.querySelector(".progress-box");
      if (!box) return;
      var steps = stepsOf(path);
      var left = steps.filter(function (s) { return !state.steps[s.key]; });
      var done = steps.length - left.length;
      box.hidden = steps.length === 0;
      var bar = box.querySelector(".path-progress");
      bar.max = Math.max(steps.length, 1);
      bar.value = done;
      box.querySelector(".progress-count").textContent = done + " of " + plural(steps.length, "step", "steps") + " done";
      var next = box.querySelector(".next-step");
      var upcoming = left[0];
      next.hidden = !(upcoming && upcoming.href);
      if (upcoming && upcoming.href) {
        next.href = upcoming.href;
        next.textContent = "Continue: " + upcoming.title;
      }
      box.querySelector(".path-complete").hidden = left.length > 0;
    });
  }

  // ---- the home page's role picker ----------------------------------------

  function setupRolePicker() {
    var select = byId("role-picker");
    if (!select) return;
    select.closest(".role-picker").hidden = false;
    var saved = read(ROLE_KEY);
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === saved; });
    if (saved && known) select.value = saved;
    var show = function () {
      each(".role-paths", function (d) { d.hidden = d.getAttribute("data-role") !== select.value; });
    };
    select.addEventListener("change", function () {
      write(ROLE_KEY, select.value || null);
      show();
    });
    show();
  }

  // ---- the kata practice log ----------------------------------------------

  function practiceLog() { return document.querySelector(".practice-log[data-kata]"); }

  function setupPractice() {
    var log = practiceLog();
    var form = byId("practice-form");
    if (!log || !form) return;
    var kata = log.getAttribute("data-kata");
    log.hidden = false;
    var link = document.createElement("a");
    link.id = "practice-export";
    link.className = "button-link";
    link.textContent = "Export as CSV";
    link.download = kata.replace(/\.md$/, "").replace(/[^A-Za-z0-9_-]+/g, "-") + "-practice.csv";
    form.querySelector(".practice-actions").appendChild(link);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var note = byId("practice-note");
      var list = state.practice[kata] || (state.practice[kata] = []);
      list.push({ date: today(), note: note.value.trim() });
      note.value = "";
      save();
      refresh();
    });
  }

  // Consecutive days with a practice, ending today, or yesterday while
  // today's practice is still to come.
  function streak(entries) {
    var days = {};
    entries.forEach(function (e) { days[e.date] = true; });
    var day = new Date();
    if (!days[isoDate(day)]) day.setDate(day.getDate() - 1);
    var n = 0;
    while (days[isoDate(day)]) {
      n += 1;
      day.setDate(day.getDate() - 1);
    }
    return n;
  }

  function csvField(text) {
    var safe = /^[=+\-@\t\r]/.test(text) ? "'" + text : text; // no formulas in spreadsheets
    return '"' + safe.replace(/"/g, '""') + '"';
  }

  function practiceCsv(entries) {
    var rows = ["date,note"];
    entries.forEach(function (e) { rows.push(csvField(e.date) + "," + csvField(e.note)); });
    return rows.join("\r\n") + "\r\n";
  }

  function refreshPractice() {
    var log = practiceLog();
    var link = byId("practice-export");
    if (!log || !link) return;
    var entries = state.practice[log.getAttribute("data-kata")] || [];
    byId("practice-count").textContent = entries.length ? plural(entries.length, "practice", "practices") + " logged" : "No practice logged yet";
    var days = streak(entries);
    byId("practice-streak").textContent = days ? days + "-day streak" : "no streak yet";
    var list = byId("practice-entries");
    while (list.firstChild) list.removeChild(list.firstChild);
    entries.slice().reverse().slice(0, 30).forEach(function (e) {
      var item = document.createElement("li");
      var when = document.createElement("time");
      when.dateTime = e.date;
      when.textContent = e.date;
      item.appendChild(when);
      if (e.note) item.appendChild(document.createTextNode(" " + e.note));
      list.appendChild(item);
    });
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([practiceCsv(entries)], { type: "text/csv" }));
    link.hidden = entries.length === 0;
  }

  // ---- export and import ---------------------------------------------------

  function say(text) {
    var status = byId("progress-status");
    if (status) status.textContent = text;
  }

  function counts(data) {
    var practices = 0;
    Object.keys(data.practice).forEach(function (k) { practices += data.practice[k].length; });
    return plural(Object.keys(data.steps).length, "step", "steps") + " and " + plural(practices, "practice", "practices");
  }

  function importText(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!data || data.format !== FORMAT) {
      say("That file is not a Dojo progress file.");
    } else if (data.version !== VERSION) {
      say("That file was made by another version of Dojo (version " + data.version + ") and cannot be read.");
    } else if (data.handbook !== handbook) {
      say("That file holds progress for another handbook (“" + data.handbook + "”).");
    } else {
      var imported = merge(emptyState(), data);
      merge(state, imported);
      save();
      refresh();
      say("Imported " + counts(imported) + ".");
    }
  }

  function setupTransfer() {
    var button = byId("progress-export");
    var input = byId("progress-import");
    if (!button || !input) return;
    button.closest(".progress-tools").hidden = false;
    button.addEventListener("click", function () {
      download(JSON.stringify(state, null, 2) + "\n", "application/json", handbook + "-progress.json");
      say("Exported " + counts(state) + ".");
    });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () { importText(String(reader.result)); input.value = ""; };
      reader.onerror = function () { say("That file could not be read."); };
      reader.readAsText(file);
    });
  }

  // ---- printing ------------------------------------------------------------

  function setupPrint() {
    each(".print-button[data-print]", function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var mode = "print-" + button.getAttribute("data-print");
        var body = document.body;
        var done = function () {
          body.classList.remove(mode);
          window.removeEventListener("afterprint", done);
        };
        body.classList.add(mode);
        window.addEventListener("afterprint", done);
        window.print();
      });
    });
  }

  function refresh() {
    refreshSteps();
    refreshPaths();
    refreshPractice();
  }

  // Another tab ticked something: show it here too.
  window.addEventListener("storage", function (event) {
    if (event.key !== PROGRESS_KEY) return;
    state = load();
    refresh();
  });

  if (!store) showStorageNote();
  followMoves();
  setupSteps();
  setupRolePicker();
  setupPractice();
  setupTransfer();
  setupPrint();
  refresh();
})();
