// Replays queries against a built search index with the real runtime
// (themes/default/static/search.js) under node: each query is typed one
// character at a time into a fresh, cold runtime, as the search box does at
// a normal typing pace (keys under 300 ms apart): every keystroke runs a
// search with the result cards at hand (`cards: "loaded"`), and the pause
// after the last one a search that loads the missing cards. Every index
// file the runtime asks for is recorded. Prints one JSON line per query:
// {q, want, files: [requested files in order], top: [first five URLs], rank}.
//
// usage: node simulate.js INDEX_DIR QUERIES.json [--field q|clean]
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [indexDir, queriesFile, , fieldArg] = process.argv.slice(2);
const field = fieldArg || "q";
const runtimePath = path.join(__dirname, "../../themes/default/static/search.js");
const runtime = new vm.Script(fs.readFileSync(runtimePath, "utf8"), {filename: "search.js"});

function pathOf(id) {
  if (id === "manifest") return "manifest.js";
  const [kind, n] = id.split("/");
  return `${kind}/${Math.floor(n / 500)}/${n}.js`;
}

// A cold runtime whose loader reads index files from disk, asynchronously
// like a <script> element, and records each request.
function coldRuntime(requests) {
  const context = vm.createContext({URL, Promise, setTimeout, console});
  runtime.runInContext(context);
  const api = context.dojoSearch;
  api.loader = (id, done, fail) => {
    const file = pathOf(id);
    requests.push(file);
    setImmediate(() => {
      let text;
      try { text = fs.readFileSync(path.join(indexDir, file), "utf8"); } catch (e) { return fail(); }
      vm.runInContext(text, context, {filename: file});
      done();
    });
  };
  return api;
}

async function typeQuery(q) {
  const requests = [];
  const api = coldRuntime(requests);
  await api.ensureManifest();
  for (let i = 1; i <= q.length; i++) {
    await api.search(q.slice(0, i), {limit: 5, facets: true, cards: "loaded"});
  }
  const res = await api.search(q, {limit: 5, facets: true});
  return {requests, res};
}

async function main() {
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  for (const item of queries) {
    const q = item[field];
    const {requests, res} = await typeQuery(q);
    const top = res.results.map((r) => "/" + r.url.replace(/#.*$/, ""));
    const rank = top.indexOf(item.want);
    const withExcerpt = res.results.filter((r) => r.excerpt).length;
    process.stdout.write(JSON.stringify({q, want: item.want, files: requests, top, rank, status: res.status, excerpts: withExcerpt}) + "\n");
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
