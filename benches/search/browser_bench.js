// Cold known-item queries in headless Chromium against a site served by
// gzip_server.py, for Pagefind or Dojo. One browser; a new context (so empty
// caches) per query. Before each query the server's log is cleared, and it
// is read back as soon as the first five results show with their excerpts,
// so the log holds exactly what that query cost on the wire.
//
// Engines:
//   pagefind  from an empty page: import /pagefind/pagefind.js,
//             pagefind.search(q), then await data() of the first five
//             results (each loads its fragment, which holds the excerpt).
//   dojo      from an empty page: load /_dojo/search.js (the runtime every
//             Dojo page carries), dojoSearch.search(q, {limit: 5}): the
//             manifest, term shards and the five result cards.
//   dojo-page Dojo's own search page as shipped: /search/?q=..., waiting
//             until its result list (20 a page) shows with excerpts
//             (`.search-result .search-excerpt`).
//
// Prints one JSON line per query: {engine, field, q, want, top, rank,
// excerpts, total, ms, warm_ms (the same query again, once what it needs is
// loaded), requests: [{path, status, raw, wire, gzip}]}.
//
// usage: node browser_bench.js BASE_URL QUERIES.json ENGINE FIELD [LIMIT]
"use strict";
const fs = require("fs");
const path = require("path");
const http = require("http");

const [base, queriesFile, engine, field, limitArg] = process.argv.slice(2);
const npm = process.env.BENCH_NPM || path.join(__dirname, "../../target/npm/node_modules");
const {chromium} = require(path.join(npm, "playwright-core"));
const ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];
const TIMEOUT = 60000;

function get(url) {
  return new Promise((ok, fail) => {
    http.get(url, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => ok(body));
    }).on("error", fail);
  });
}

// Runs in the page. Returns {urls, excerpts, total}.
async function pagefindQuery(q) {
  const pf = await import("/pagefind/pagefind.js");
  const search = await pf.search(q);
  const top = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
  // The same query again, everything it needs loaded: the engine's own time.
  const t0 = performance.now();
  const again = await pf.search(q);
  await Promise.all(again.results.slice(0, 5).map((r) => r.data()));
  const warm = performance.now() - t0;
  return {urls: top.map((d) => d.url), excerpts: top.filter((d) => d.excerpt && d.excerpt.length).length,
    total: search.results.length, warm};
}

async function dojoQuery(q) {
  await new Promise((ok, fail) => {
    const s = document.createElement("script");
    s.src = "/_dojo/search.js";
    s.setAttribute("data-dojo-root", "/");
    s.onload = ok;
    s.onerror = () => fail(new Error("search.js did not load"));
    document.head.appendChild(s);
  });
  await window.dojoSearch.ensureManifest();
  const res = await window.dojoSearch.search(q, {limit: 5, facets: true});
  // The same query again, its shards loaded: the runtime's own time.
  const t0 = performance.now();
  await window.dojoSearch.search(q, {limit: 5, facets: true});
  const warm = performance.now() - t0;
  return {urls: res.results.map((r) => r.url), excerpts: res.results.filter((r) => r.excerpt).length,
    total: res.total, status: res.status, warm};
}

async function dojoPage(page, q) {
  await page.goto(base + "/search/?q=" + encodeURIComponent(q), {timeout: TIMEOUT});
  // The page renders its whole list at once, or a status without a list.
  await page.waitForFunction(() => {
    const box = document.getElementById("search-page");
    if (!box) return false;
    if (box.querySelector(".search-results")) return true;
    const st = box.querySelector(".search-status");
    return st && !/Searching/.test(st.textContent);
  }, null, {timeout: TIMEOUT, polling: "raf"});
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll("#search-page .search-result")).slice(0, 5);
    return {urls: items.map((li) => li.querySelector("a").href),
      excerpts: items.filter((li) => (li.querySelector(".search-excerpt") || {}).textContent).length,
      total: document.querySelectorAll("#search-page .search-result").length,
      status: (document.querySelector("#search-page .search-status") || {}).textContent};
  });
}

// "/section/slug/" from whatever URL form an engine gives.
function sitePath(u) {
  const p = new URL(u, base + "/").pathname.replace(/index\.html$/, "");
  return p.endsWith("/") ? p : p + "/";
}

async function main() {
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8")).slice(0, Number(limitArg) || undefined);
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true, args: ARGS});
  try {
    for (const item of queries) {
      const q = item[field];
      const context = await browser.newContext();
      const page = await context.newPage();
      let out, error = null, ms = 0;
      try {
        if (engine !== "dojo-page") await page.goto(base + "/__bench/blank.html", {timeout: TIMEOUT});
        await get(base + "/__bench/mark");
        const t0 = Date.now();
        if (engine === "pagefind") out = await page.evaluate(pagefindQuery, q);
        else if (engine === "dojo") out = await page.evaluate(dojoQuery, q);
        else if (engine === "dojo-page") out = await dojoPage(page, q);
        else throw new Error("unknown engine " + engine);
        ms = Date.now() - t0;
      } catch (e) {
        error = String(e && e.message || e).split("\n")[0];
        out = {urls: [], excerpts: 0, total: 0};
      }
      const requests = JSON.parse(await get(base + "/__bench/take"));
      await context.close();
      const top = out.urls.map(sitePath);
      process.stdout.write(JSON.stringify({engine, field, q, want: item.want, top, rank: top.indexOf(item.want),
        excerpts: out.excerpts, total: out.total, status: out.status, ms, warm_ms: out.warm, error, requests}) + "\n");
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
