// Dojo search: the runtime (tokenizer, Porter2 stemmer, index loader,
// ranking) and the UI (header search box, results dropdown, /search/ page).
// Index files are classic scripts under _dojo/search/ that call
// dojoSearch.register({...}); they are loaded by inserting <script>
// elements, so search works over http(s) and from file:// alike.
// The tokenizer and stemmer match src/search/tokenize.rs (see
// tests/search_vectors/). Everything is rendered with textContent and
// createElement, never innerHTML.
(function (G) {
  "use strict";

  // ---- Snowball English (Porter2) stemmer ----------------------------
  var EXC1 = {skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky",
    news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"};
  var EXC2 = /^(inning|outing|canning|herring|earring|proceed|exceed|succeed)$/;
  var S2 = {tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize",
    ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al",
    alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive",
    biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: ""};
  var S3 = {tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic",
    ful: "", ness: "", ative: ""};
  var S4 = "al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion".split(" ");
  var S2K = Object.keys(S2), S3K = Object.keys(S3);

  function isV(c) { return "aeiouy".indexOf(c) >= 0; }
  // Whether a short syllable ends at index i (exclusive).
  function shortAt(w, i) {
    if (i >= 3 && !isV(w[i - 3]) && isV(w[i - 2]) && !isV(w[i - 1]) && "wxY".indexOf(w[i - 1]) < 0) return true;
    return i === 2 && isV(w[0]) && !isV(w[1]);
  }
  // Start of the region after the first non-vowel following a vowel at or after `from`.
  function region(w, from) {
    for (var i = from + 1; i < w.length; i++) if (!isV(w[i]) && isV(w[i - 1])) return i + 1;
    return w.length;
  }
  // The longest suffix of w in list, or "".
  function suffix(w, list) {
    var best = "";
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (s.length > best.length && w.slice(-s.length) === s) best = s;
    }
    return best;
  }
  function step1a(w) {
    w = w.slice(0, w.length - suffix(w, ["'", "'s", "'s'"]).length);
    var s = suffix(w, ["sses", "ied", "ies", "s", "us", "ss"]), n = w.length - s.length;
    if (s === "sses") return w.slice(0, n) + "ss";
    if (s === "ied" || s === "ies") return w.slice(0, n) + (n >= 2 ? "i" : "ie");
    if (s === "s" && /[aeiouy]/.test(w.slice(0, n - 1))) return w.slice(0, n);
    return w;
  }
  function step1b(w, p1) {
    var s = suffix(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]), n = w.length - s.length;
    if (s === "eed" || s === "eedly") return n >= p1 ? w.slice(0, n) + "ee" : w;
    if (!s || !/[aeiouy]/.test(w.slice(0, n))) return w;
    w = w.slice(0, n);
    if (/(at|bl|iz)$/.test(w)) return w + "e";
    if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) return w.slice(0, -1);
    return n === p1 && shortAt(w, n) ? w + "e" : w;
  }
  function step2(w, p1) {
    var s = suffix(w, S2K), n = w.length - s.length;
    if (!s || n < p1 || (s === "ogi" && w[n - 1] !== "l")) return w;
    if (s === "li" && "cdeghkmnrt".indexOf(w[n - 1]) < 0) return w;
    return w.slice(0, n) + S2[s];
  }
  function step3(w, p1, p2) {
    var s = suffix(w, S3K), n = w.length - s.length;
    if (!s || n < p1 || (s === "ative" && n < p2)) return w;
    return w.slice(0, n) + S3[s];
  }
  function step4(w, p2) {
    var s = suffix(w, S4), n = w.length - s.length;
    if (!s || n < p2 || (s === "ion" && "st".indexOf(w[n - 1]) < 0)) return w;
    return w.slice(0, n);
  }
  function step5(w, p1, p2) {
    var n = w.length - 1;
    if (w[n] === "e" && (n >= p2 || (n >= p1 && !shortAt(w, n)))) return w.slice(0, n);
    if (w[n] === "l" && n >= p2 && w[n - 1] === "l") return w.slice(0, n);
    return w;
  }
  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXC1, word)) return EXC1[word];
    if (word.length < 3) return word;
    var w = (word[0] === "'" ? word.slice(1) : word).replace(/^y/, "Y").replace(/([aeiouy])y/g, "$1Y");
    var m = /^(gener|commun|arsen)/.exec(w), p1 = m ? m[0].length : region(w, 0), p2 = region(w, p1);
    w = step1a(w);
    if (!EXC2.test(w)) {
      w = step1b(w, p1).replace(/(.[^aeiouy])[yY]$/, "$1i");
      w = step5(step4(step3(step2(w, p1), p1, p2), p2), p1, p2);
    }
    return w.replace(/Y/g, "y");
  }

  // ---- Tokenizer (same rules as tokenize.rs) -------------------------
  var STOP = " a an and are as at be but by for from if in into is it its of on or that the this to was with ";
  var RUN = "[\\p{Alphabetic}\\p{N}_'\u2019]+";
  var LOWER = /\p{Lowercase}/u, UPPER = /\p{Uppercase}/u;

  function lower(s) { return s.toLowerCase().replace(/\u2019/g, "'"); }
  function termOf(w) { return /^[a-z']+$/.test(w) ? stem(w) : w; }
  function identifierParts(s) {
    var parts = [];
    s.split("_").forEach(function (piece) {
      if (!piece) return;
      var c = Array.from(piece), from = 0;
      for (var k = 1; k < c.length; k++) {
        var a = c[k - 1], b = c[k], next = c[k + 1];
        if ((LOWER.test(a) && UPPER.test(b)) || (UPPER.test(a) && UPPER.test(b) && next !== undefined && LOWER.test(next))) {
          parts.push(c.slice(from, k).join(""));
          from = k;
        }
      }
      parts.push(c.slice(from).join(""));
    });
    return parts;
  }
  function keep(w, at, f) {
    var n = Array.from(w).length;
    if (n >= 2 && n <= 40 && STOP.indexOf(" " + w + " ") < 0) f(w, at);
  }
  // Call f(word, offset) for each word of one run; `whole` skips identifier parts (queries).
  function emitRun(run, at, f, whole) {
    var s = run.replace(/^[_'\u2019]+/, "");
    at += run.length - s.length;
    s = s.replace(/[_'\u2019]+$/, "");
    if (!s) return;
    if (/^[a-z]+$/.test(s)) return keep(s, at, f);
    var parts = identifierParts(s);
    keep(lower(s), at, f);
    if (parts.length > 1 && !whole) parts.forEach(function (p) { keep(lower(p), at, f); });
  }
  function eachRun(text, f) {
    var re = new RegExp(RUN, "gu"), m;
    while ((m = re.exec(text))) f(m[0], m.index);
  }
  function tokenize(text) {
    var out = [];
    eachRun(text, function (run, at) { emitRun(run, at, function (w) { out.push(termOf(w)); }); });
    return out;
  }

  // ---- Index files ----------------------------------------------------
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", VAL = {};
  for (var d = 0; d < 64; d++) VAL[DIGITS[d]] = d;
  function Reader(s) { this.s = s; this.i = 0; }
  Reader.prototype.v = function () {
    var v = 0, mul = 1, x;
    while ((x = VAL[this.s[this.i++]]) >= 32) { v += (x - 32) * mul; mul *= 32; }
    return v + x * mul;
  };
  Reader.prototype.f2 = function () { var s = this.s, i = (this.i += 2); return VAL[s[i - 2]] * 64 + VAL[s[i - 1]]; };

  // A term's postings: [{d: page, s: score, m: slot mask, t: in title}], in page order.
  function decodePostings(s) {
    var r = new Reader(s), n = r.v(), doc = 0, out = [];
    for (var i = 0; i < n; i++) {
      doc += r.v();
      var q = r.f2(), m = r.v();
      out.push({d: doc, s: Math.exp(q / 256) - 1, q: q, m: Math.floor(m / 2), t: m % 2});
    }
    return out;
  }

  var files = {}, waiting = {}, manifest = null;
  var STALE = "stale";
  function register(data) {
    if (!data || !data.f) return;
    files[data.f] = data;
    if (waiting[data.f]) waiting[data.f](data);
  }
  function pathOf(id) {
    if (id === "manifest") return "manifest.js";
    var k = id.split("/");
    return k[0] + "/" + Math.floor(k[1] / 500) + "/" + k[1] + ".js";
  }
  // Insert a <script> for an index file (api.loader can be replaced, e.g. by tests).
  function scriptLoader(id, done, fail) {
    var doc = G.document, s = doc.createElement("script"), file = /^file:/.test(api.root);
    s.src = api.root + "_dojo/search/" + pathOf(id) + (manifest && !file ? "?v=" + manifest.b : "");
    s.async = true;
    s.onload = done;
    s.onerror = fail;
    (doc.head || doc.documentElement).appendChild(s);
  }
  var loads = {};
  function load(id) {
    if (loads[id]) return loads[id];
    var p = loads[id] = new Promise(function (ok, fail) {
      function check(data) {
        if (!data) return fail(STALE);
        if (manifest ? data.b !== manifest.b : data.v !== 1) return fail(STALE);
        ok(data);
      }
      waiting[id] = check;
      api.loader(id, function () { check(files[id]); }, function () { fail(STALE); });
    });
    p.catch(function () { delete loads[id]; delete files[id]; });
    return p;
  }
  function ensureManifest() {
    if (manifest) return Promise.resolve(manifest);
    return load("manifest").then(function (m) { manifest = m; return m; });
  }
  // Index of the range (in sorted `starts`) holding `term`.
  function rangeOf(starts, term) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  // The shard that would hold a term (its range may not have it).
  function shardId(term) { return "t/" + rangeOf(manifest.t, term); }
  // The shards holding terms in [lo, hi]: their ranges overlap it.
  function shardsBetween(lo, hi) {
    var out = [];
    for (var i = rangeOf(manifest.t, lo); i < manifest.t.length && manifest.t[i] <= hi; i++) {
      if (manifest.e[i] >= lo) out.push("t/" + i);
    }
    return out;
  }
  function prefixShards(p) { return shardsBetween(p, p + "\uffff"); }
  // All loaded entries of a shard, decoded lazily: {term: {df, card, list}}.
  function shardTerms(id) {
    var f = files[id];
    if (!f) return null;
    if (!f.terms) {
      var r = new Reader(f.c);
      f.terms = {};
      f.t.forEach(function (t, i) { f.terms[t] = {term: t, df: f.d[i], card: r.v(), raw: f.p[i], top: f.k[i]}; });
    }
    return f.terms;
  }
  function termEntry(term) {
    var e = (shardTerms(shardId(term)) || {})[term];
    if (e && !e.list) e.list = decodePostings(e.raw);
    return e;
  }

  // ---- Query ------------------------------------------------------------
  // Words of a query: {w: lowercased word, t: term, prefix: still being typed}.
  function parseQuery(q) {
    var words = [];
    eachRun(q, function (run, at) {
      emitRun(run, at, function (w) {
        words.push({w: w, t: termOf(w), end: at + run.length});
      }, true);
    });
    var last = words[words.length - 1];
    if (last && last.end === q.length && /[\p{Alphabetic}\p{N}]$/u.test(q)) last.prefix = true;
    return words;
  }
  function shardsFor(word) {
    // A word being typed loads the shard where it would sort (its completions
    // start there) once it has 3 letters; other shards of its range only if loaded.
    var ids = shardsBetween(word.t, word.t);
    if (word.prefix) ids = word.w.length >= 3 ? ids.concat(prefixShards(word.w).slice(0, 1)) : [];
    return ids;
  }
  // Candidate terms of a word: [{e: entry, k: weight}].
  function candidates(word) {
    var out = [], seen = {}, exact = termEntry(word.t);
    function add(e, k) { if (e && !seen[e.term]) { seen[e.term] = 1; if (!e.list) e.list = decodePostings(e.raw); out.push({e: e, k: k, w: word}); } }
    add(exact, 1);
    if (!word.prefix) return out;
    completions(word.w).slice(0, 8).forEach(function (e) { add(e, 0.95); });
    // A word typed past its stem ("acknowledgi"): the stem itself.
    for (var cut = 1; cut <= 3 && !out.length && word.w.length - cut >= 3; cut++) add(termEntry(word.w.slice(0, -cut)), 0.9);
    return out;
  }
  // Loaded terms starting with p, most frequent first.
  function completions(p) {
    var out = [];
    prefixShards(p).forEach(function (id) {
      var terms = shardTerms(id);
      for (var t in terms) if (t.lastIndexOf(p, 0) === 0) out.push(terms[t]);
    });
    return out.sort(function (a, b) { return b.df - a.df; });
  }

  // Optimal string alignment distance (Damerau with adjacent swaps), capped.
  function osa(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = [], prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var c = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  // Lexicon chunks holding terms that start with `first` (none when the manifest has it all).
  function lexiconIds(first) {
    if (manifest.xl !== undefined) return [];
    var a = rangeOf(manifest.x, first), b = rangeOf(manifest.x, first + "\uffff"), out = [];
    for (var i = a; i <= b; i++) out.push("x/" + i);
    return out;
  }
  function lexicon(first) {
    if (manifest.xl !== undefined) return manifest.words || (manifest.words = manifest.xl.split(" "));
    var out = [];
    lexiconIds(first).forEach(function (id) { if (files[id]) out = out.concat(files[id].t.split(" ")); });
    return out;
  }
  function maxEdits(n) { return n > 7 ? 2 : n > 3 ? 1 : 0; }
  // Edits from a word to the beginning of term t (a word being typed), or
  // from the beginning of the word to t when t is a stem of 5+ letters
  // ("measur" for "meaurable"), within the shorter part's own budget.
  function partDist(w, t, prefix) {
    var best = 99, l, d, m = maxEdits(w.length), mt = maxEdits(t.length);
    for (l = w.length - 1; prefix && l <= w.length + 1; l++) {
      if ((d = osa(w, t.slice(0, l), m)) <= m) best = Math.min(best, d);
    }
    for (l = t.length - 1; t.length >= 5 && l <= t.length + 1; l++) {
      if (l < w.length && w.length - l <= 4 && (d = osa(w.slice(0, l), t, mt)) <= mt) best = Math.min(best, d);
    }
    return best;
  }
  // Terms within the word's typo budget, first letter right: [{term, dist}].
  function typoTerms(word) {
    var max = maxEdits(Array.from(word.w).length), out = [];
    lexicon(word.w[0]).forEach(function (t) {
      if (t[0] !== word.w[0] || t === word.t) return;
      var dist = Math.min(osa(word.t, t, max), osa(word.w, t, max));
      if (dist > max) dist = partDist(word.w, t, word.prefix);
      if (dist <= max) out.push({term: t, dist: dist});
    });
    var n = word.t.length;
    return out.sort(function (a, b) {
      return a.dist - b.dist || Math.abs(a.term.length - n) - Math.abs(b.term.length - n) || (a.term < b.term ? -1 : 1);
    }).slice(0, 6);
  }

  // Per word, each page's best score: {page: {s, m, c: candidate}}.
  function wordScores(cands) {
    var best = {};
    cands.forEach(function (c) {
      c.e.list.forEach(function (p) {
        var s = p.s * c.k, b = best[p.d];
        if (!b || s > b.s) best[p.d] = {s: s, m: p.m, c: c};
      });
    });
    return best;
  }
  // AND of all words first (a bonus when they meet in one section), then OR with a penalty.
  function rank(perWord) {
    var maps = perWord.map(wordScores), n = maps.length, all = {}, out = [];
    maps.forEach(function (m) { for (var d in m) all[d] = 1; });
    for (var d in all) {
      var s = 0, mask = -1, hits = 0, via = [];
      for (var i = 0; i < n; i++) {
        var h = maps[i][d];
        if (h) { s += h.s; mask &= h.m; hits++; via.push(h.c); }
      }
      if (hits === n && n > 1 && mask) s *= 1.25;
      if (hits < n) s *= 0.5 * hits / n;
      out.push({doc: +d, score: s, all: hits === n, mask: hits === n ? mask : 0, via: via});
    }
    out.sort(function (a, b) { return (b.all - a.all) || (b.score - a.score) || (a.doc - b.doc); });
    return out;
  }

  // Where a term's card for a page is: {id, i} or null.
  function cardOf(e, doc) {
    if (!e.cards) {
      var order = e.list.slice().sort(function (a, b) { return (b.q - a.q) || (a.d - b.d); });
      e.cards = {};
      var j = 0;
      order.forEach(function (p, r) { if (r < manifest.C || p.t) e.cards[p.d] = j++; });
    }
    var k = e.cards[doc];
    if (k === undefined) return null;
    return {id: "c/" + (e.card + Math.floor(k / manifest.P)), i: k % manifest.P, term: e.term, top: e.top[k]};
  }
  // Load the cards of the results (fewest files: loaded ones first, then the
  // file covering most results), then attach each result's card.
  function attachCards(results) {
    attachLoaded(results);
    var need = results.filter(function (r) { return !r.card; });
    var options = need.map(function (r) {
      var o = r.via.map(function (c) {
        var at = cardOf(c.e, r.doc);
        if (at) at.w = c.w.prefix ? 2 : 3;
        return at;
      }).filter(Boolean);
      o.push({id: "d/" + Math.floor(r.doc / manifest.D), page: true});
      return o;
    });
    var chosen = [], left = need.map(function (r, i) { return i; });
    while (left.length) {
      var count = {};
      left.forEach(function (i) { options[i].forEach(function (o) { count[o.id] = (count[o.id] || 0) + (files[o.id] ? 1000 : o.page ? 1 : o.w); }); });
      var pick = Object.keys(count).sort(function (a, b) { return count[b] - count[a] || (a < b ? -1 : 1); })[0];
      chosen.push(pick);
      left = left.filter(function (i) { return !options[i].some(function (o) { return o.id === pick; }); });
    }
    return Promise.all(chosen.map(load)).then(function () {
      attachLoaded(need);
      need.forEach(function (r) {
        var f = !r.card && files["d/" + Math.floor(r.doc / manifest.D)];
        if (f) r.card = f.d[r.doc % manifest.D];
      });
      return results;
    });
  }
  // Attach cards already at hand (no request): of the words' cards, one
  // whose section holds all the words (the deep link), else the first.
  function attachLoaded(results) {
    results.forEach(function (r) {
      var first = null;
      r.via.some(function (c) {
        var o = cardOf(c.e, r.doc), f = o && files[o.id];
        var card = o && (o.top || (f && f.t[o.term] && f.t[o.term][o.i]));
        if (card && !first) first = card;
        return card && (r.mask & (1 << Math.min(card[10], 31))) && (first = card);
      });
      r.card = first;
    });
  }
  function toResult(r) {
    var c = r.card, url = api.root + c[1] + (/^file:/.test(api.root) && /(^|\/)$/.test(c[1]) ? "index.html" : "");
    return {url: url + (c[8] ? "#" + c[8] : ""), title: c[2], kind: c[3], section: c[4], roles: c[5],
      tags: c[6], heading: c[7], excerpt: c[9], score: r.score, all: r.all};
  }
  // Counts per facet value. Each facet counts the results the other
  // facets' filters keep, so a chip's count is what clicking it shows.
  function facets(results, filters) {
    var f = {kind: {}, role: {}, tag: {}};
    function but(name) { var o = {}; for (var k in filters) if (k !== name) o[k] = filters[k]; return o; }
    var others = {kind: but("kind"), role: but("role"), tag: but("tag")};
    function add(name, x) { f[name][x] = (f[name][x] || 0) + 1; }
    results.forEach(function (r) {
      if (matches(r, others.kind)) add("kind", r.kind);
      if (matches(r, others.role)) r.roles.forEach(function (x) { add("role", x); });
      if (matches(r, others.tag)) r.tags.forEach(function (x) { add("tag", x); });
    });
    return f;
  }
  function matches(r, filters) {
    return (!filters.kind || r.kind === filters.kind) && (!filters.role || r.roles.indexOf(filters.role) >= 0) &&
      (!filters.tag || r.tags.indexOf(filters.tag) >= 0);
  }

  // Search: resolves to {status: "ok"|"empty"|"updating", results, total, facets, terms}.
  function search(q, opts) {
    opts = opts || {};
    var words = parseQuery(q || ""), limit = opts.limit || 5, filters = opts.filters || {};
    var filtering = filters.kind || filters.role || filters.tag;
    if (!words.length) return Promise.resolve({status: "empty", results: [], total: 0, facets: facets([], {}), terms: []});
    return ensureManifest().then(function () {
      return Promise.all(words.map(function (w) { return Promise.all(shardsFor(w).map(load)); }));
    }).then(function () {
      var perWord = words.map(candidates), ranked = rank(perWord);
      if (ranked.filter(function (r) { return r.all; }).length >= 5) return [perWord, ranked];
      return addTypos(words, perWord).then(function () { return [perWord, rank(perWord)]; });
    }).then(function (pr) {
      var ranked = pr[1], top = ranked.slice(0, filtering ? 40 : limit), rest = ranked.slice(top.length, 100);
      // `cards: "loaded"` (while typing): only the cards at hand, no request.
      var cards = opts.cards === "loaded" ? Promise.resolve(attachLoaded(top)) : attachCards(top);
      return cards.then(function () {
        // Without all its cards, show the results up to the first without
        // one: what the full search will show begins the same way.
        var missing = 0;
        while (missing < top.length && top[missing].card) missing++;
        var complete = missing === top.length;
        attachLoaded(rest);
        var all = top.concat(rest).filter(function (r) { return r.card; }).map(toResult);
        var kept = (complete ? all : all.slice(0, missing)).filter(function (r) { return matches(r, filters); });
        var terms = {};
        pr[0].forEach(function (cs) { cs.forEach(function (c) { terms[c.e.term] = 1; }); });
        return {status: ranked.length ? "ok" : "none", results: kept.slice(0, limit), complete: complete,
          total: filtering ? kept.length : ranked.length, facets: facets(all, filters), terms: Object.keys(terms), words: words};
      });
    }).catch(function (e) {
      if (e !== STALE) throw e;
      return {status: "updating", results: [], total: 0, facets: facets([], {}), terms: []};
    });
  }
  // Add terms one typo away (two for long words) to the words of 4+ letters.
  function addTypos(words, perWord) {
    var eligible = words.filter(function (w, i) {
      var df = 0;
      perWord[i].forEach(function (c) { df += c.e.df; });
      return Array.from(w.w).length >= 4 && df < 5;
    });
    var lex = [];
    eligible.forEach(function (w) { lex = lex.concat(lexiconIds(w.w[0])); });
    return Promise.all(lex.map(load)).then(function () {
      // Look-alikes in the shards already loaded, plus one more shard a word:
      // the one holding its closest look-alike.
      var found = eligible.map(typoTerms), shards = [];
      found.forEach(function (ts) {
        var id = ts.map(function (t) { return shardId(t.term); }).filter(function (id) { return !files[id]; })[0];
        if (id && shards.indexOf(id) < 0) shards.push(id);
      });
      return Promise.all(shards.map(load)).then(function () {
        // The likeliest meant words are the common ones: drop rare look-alikes.
        eligible.forEach(function (w, i) {
          var cands = perWord[words.indexOf(w)], top = 0;
          var es = found[i].map(function (t) { var e = termEntry(t.term); if (e) top = Math.max(top, e.df); return e; });
          found[i].forEach(function (t, j) {
            var e = es[j];
            if (e && e.df * 20 >= top && !cands.some(function (c) { return c.e === e; })) cands.push({e: e, k: t.dist > 1 ? 0.4 : 0.6, w: w});
          });
        });
      });
    });
  }

  // Whether a word of text matches the query's terms (for <mark>).
  function marks(run, terms) {
    var hit = false;
    emitRun(run, 0, function (w) { if (terms[termOf(w)]) hit = true; });
    return hit;
  }
  // Fill el with text, matched words wrapped in created <mark> elements.
  function highlight(el, text, terms) {
    var doc = G.document, at = 0;
    eachRun(text, function (run, i) {
      if (!marks(run, terms)) return;
      el.appendChild(doc.createTextNode(text.slice(at, i)));
      var m = doc.createElement("mark");
      m.textContent = run;
      el.appendChild(m);
      at = i + run.length;
    });
    el.appendChild(doc.createTextNode(text.slice(at)));
  }

  var api = G.dojoSearch = {
    register: register, search: search, stem: stem, tokenize: tokenize, termOf: termOf,
    parseQuery: parseQuery, osa: osa, highlight: highlight, ensureManifest: ensureManifest,
    loader: scriptLoader, root: ""
  };
  api.root = findRoot();

  function findRoot() {
    var doc = G.document;
    if (!doc) return "";
    var script = doc.currentScript, at = doc.documentElement.getAttribute("data-dojo-root");
    if (script && script.getAttribute("data-dojo-root") !== null) at = script.getAttribute("data-dojo-root");
    if (at !== null) return new URL(at || "./", doc.baseURI).href.replace(/\/?$/, "/");
    return script && script.src ? script.src.replace(/_dojo\/search\.js(\?.*)?$/, "") : "";
  }

  if (G.document && G.addEventListener) {
    if (G.document.readyState === "loading") G.document.addEventListener("DOMContentLoaded", setupUI);
    else setupUI();
  }

  // ---- UI -----------------------------------------------------------------
  // Typing that stops this long counts as a pause (keys come faster at 40
  // words a minute and up): the search box then loads the result cards it
  // left out while the words were being typed.
  var PAUSE_MS = 300;
  function el(tag, cls, text) {
    var e = G.document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function setupUI() {
    var input = G.document.getElementById("search-input");
    if (input) attachBox(input);
    var page = G.document.getElementById("search-page");
    if (page) attachPage(page, input);
  }

  function searchPageUrl(q) {
    var file = /^file:/.test(api.root);
    return api.root + "search/" + (file ? "index.html" : "") + "?q=" + encodeURIComponent(q);
  }

  function attachBox(input) {
    // A combobox: the results are the options of a listbox, each option a
    // link (so it opens like one), and focus stays in the box.
    var box = el("div", "search-dropdown"), active = -1, items = [], seq = 0, filters = {}, timer, cardTimer;
    box.id = "search-dropdown";
    box.hidden = true;
    input.disabled = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", "search-listbox");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-autocomplete", "list");
    if (/coming soon/i.test(input.placeholder)) input.placeholder = "Search (press /)";
    input.parentNode.appendChild(box);

    function show(open) { box.hidden = !open; input.setAttribute("aria-expanded", String(open)); }
    function setActive(i) {
      if (items[active]) {
        items[active].classList.remove("active");
        items[active].firstChild.setAttribute("aria-selected", "false");
      }
      active = i;
      if (items[i]) {
        items[i].classList.add("active");
        items[i].firstChild.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[i].firstChild.id);
        items[i].scrollIntoView({block: "nearest"});
      } else input.removeAttribute("aria-activedescendant");
    }
    // While typing, results show with the cards already loaded; the cards
    // still missing are fetched once typing pauses, so the files for words
    // half typed are never asked for.
    function run(full) {
      var q = input.value, mine = ++seq;
      clearTimeout(cardTimer);
      if (!q.trim()) { box.removeAttribute("aria-busy"); show(false); return; }
      search(q, {limit: 6, filters: filters, facets: true, cards: full ? "all" : "loaded"}).then(function (res) {
        if (mine !== seq) return;
        var was = full ? active : -1;
        render(res, q);
        if (was >= 0 && was < items.length) setActive(was);
        if (res.complete === false) {
          box.setAttribute("aria-busy", "true");
          cardTimer = setTimeout(function () { run(true); }, PAUSE_MS);
        } else box.removeAttribute("aria-busy");
      }, function () { if (mine === seq) { renderStatus(box, "Search failed."); show(true); } });
    }
    function render(res, q) {
      box.textContent = "";
      items = [];
      active = -1;
      if (res.status === "updating") renderStatus(box, "The search index is updating. Reload the page in a moment.");
      else {
        box.appendChild(chips(res, filters, function () { run(true); }));
        if (!res.results.length) renderStatus(box, res.complete !== false ? "No results for \u201c" + q + "\u201d." : "Searching\u2026");
        var list = el("ul", "search-results");
        list.id = "search-listbox";
        res.results.forEach(function (r, i) {
          var item = resultItem(r, res.terms, "li", true), link = item.firstChild;
          item.setAttribute("role", "none");
          link.id = "search-option-" + i;
          link.setAttribute("role", "option");
          link.setAttribute("aria-selected", "false");
          list.appendChild(item);
          items.push(item);
        });
        if (items.length) {
          list.setAttribute("role", "listbox");
          list.setAttribute("aria-label", "Results");
        }
        box.appendChild(list);
        var all = el("a", "search-all", "All results for \u201c" + q + "\u201d");
        all.href = searchPageUrl(q);
        box.appendChild(all);
      }
      show(true);
    }
    input.addEventListener("focus", function () { ensureManifest().catch(function () {}); if (input.value.trim() && box.childNodes.length) show(true); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      clearTimeout(cardTimer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!items.length) return;
        e.preventDefault();
        var n = items.length;
        setActive(e.key === "ArrowDown" ? (active + 1) % n : (active + n - 1) % n);
      } else if (e.key === "Enter") {
        e.preventDefault();
        var link = items[active] && items[active].querySelector("a");
        G.location.href = link ? link.href : searchPageUrl(input.value);
      } else if (e.key === "Escape") {
        show(false);
        setActive(-1);
      }
    });
    G.document.addEventListener("click", function (e) {
      // The path as it was when the click began: a chip's click may have
      // redrawn the dropdown (and removed the chip) by the time it gets here.
      var path = e.composedPath ? e.composedPath() : [e.target];
      if (path.indexOf(box) < 0 && e.target !== input) show(false);
    });
    G.document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  function renderStatus(parent, text) {
    var p = el("p", "search-status", text);
    p.setAttribute("role", "status");
    parent.appendChild(p);
  }

  // One result: title (linked), kind badge, section and heading, excerpt;
  // all inside the link when it is an option of the dropdown.
  function resultItem(r, termList, tag, option) {
    var terms = {}, item = el(tag, "search-result"), a = el("a"), title = el("span", "search-title");
    termList.forEach(function (t) { terms[t] = 1; });
    a.href = r.url;
    highlight(title, r.title, terms);
    a.appendChild(title);
    a.appendChild(el("span", "search-kind", r.kind));
    item.appendChild(a);
    var into = option ? a : item;
    into.appendChild(el("span", "search-where", r.section + (r.heading ? " \u203a " + r.heading : "")));
    var p = el(option ? "span" : "p", "search-excerpt");
    highlight(p, r.excerpt, terms);
    into.appendChild(p);
    return item;
  }

  // Facet chips (kind, role, tag) with counts; clicking one toggles the filter.
  function chips(res, filters, changed) {
    var wrap = el("div", "search-facets");
    [["kind", "Kind"], ["role", "Role"], ["tag", "Tag"]].forEach(function (f) {
      var counts = res.facets[f[0]], names = Object.keys(counts);
      if (!names.length) return;
      // The chip that is on, then values the query names, then the most common.
      var rankOf = function (name) {
        if (filters[f[0]] === name) return 2;
        return tokenize(name.toLowerCase()).some(function (t) { return res.terms.indexOf(t) >= 0; }) ? 1 : 0;
      };
      names.sort(function (a, b) { return rankOf(b) - rankOf(a) || counts[b] - counts[a] || (a < b ? -1 : 1); });
      var group = el("div", "search-facet");
      group.appendChild(el("span", "search-facet-name", f[1]));
      names.slice(0, 8).forEach(function (name) {
        var on = filters[f[0]] === name, b = el("button", "search-chip" + (on ? " on" : ""), name + " " + counts[name]);
        b.type = "button";
        b.setAttribute("aria-pressed", String(on));
        b.addEventListener("mousedown", function (e) { e.preventDefault(); });
        b.addEventListener("click", function () {
          if (on) delete filters[f[0]]; else filters[f[0]] = name;
          changed();
        });
        group.appendChild(b);
      });
      wrap.appendChild(group);
    });
    return wrap;
  }

  // The /search/ page: reads ?q=, shows results, facets and "more".
  function attachPage(page, headerInput) {
    var q = new URLSearchParams(G.location.search).get("q") || "", filters = {}, limit = 20;
    var input = G.document.getElementById("search-page-input") || headerInput;
    if (input) input.value = q;
    var form = input && input.form;
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); go(input.value); });
    function go(text) {
      q = text;
      limit = 20;
      if (G.history && G.history.replaceState) G.history.replaceState(null, "", "?q=" + encodeURIComponent(q));
      run();
    }
    function run() {
      page.textContent = "";
      if (!q.trim()) return renderStatus(page, "Type what you are looking for.");
      renderStatus(page, "Searching\u2026");
      search(q, {limit: limit, filters: filters, facets: true}).then(function (res) {
        page.textContent = "";
        if (res.status === "updating") return renderStatus(page, "The search index is updating. Reload the page in a moment.");
        renderStatus(page, res.total ? res.total + (res.total === 1 ? " result" : " results") + " for \u201c" + q + "\u201d" : "No results for \u201c" + q + "\u201d.");
        page.appendChild(chips(res, filters, run));
        var list = el("ol", "search-results");
        res.results.forEach(function (r) { list.appendChild(resultItem(r, res.terms, "li")); });
        page.appendChild(list);
        if (res.total > res.results.length && res.results.length === limit) {
          var more = el("button", "search-more", "Show more results");
          more.type = "button";
          more.addEventListener("click", function () { limit += 20; run(); });
          page.appendChild(more);
        }
      });
    }
    run();
  }
})(this);
