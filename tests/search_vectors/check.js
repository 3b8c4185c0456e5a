// Checks the JavaScript side of Dojo's search against the shared vectors:
// loads themes/default/static/search.js in a vm context (as a browser would
// run it, minus the page) and compares its stemmer and tokenizer with
// vectors.json, which the Rust side is checked against too.
//
//   node tests/search_vectors/check.js              check the vectors
//   node tests/search_vectors/check.js INDEX QUERY  print the results of
//       QUERY on the index files in INDEX (used by the Rust tests)
//   node tests/search_vectors/check.js INDEX QUERY --typed  type QUERY one
//       key at a time as the search box does (cards at hand only), then
//       search once more as after a pause; print the files asked for while
//       typing, whether every keystroke had its cards, and the last results
//
// Plain node 20, no dependencies. Exit code 1 when a check fails.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const runtimeFile = path.join(__dirname, "../../themes/default/static/search.js");

function runtime() {
  const context = vm.createContext({URL, Promise, setTimeout, console});
  vm.runInContext(fs.readFileSync(runtimeFile, "utf8"), context, {filename: "search.js"});
  return {api: context.dojoSearch, context};
}

function checkVectors() {
  const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "vectors.json"), "utf8"));
  const {api} = runtime();
  let passed = 0;
  const failures = [];
  for (const [word, want] of vectors.stems) {
    const got = api.stem(word);
    if (got === want) passed++; else failures.push(`stem(${JSON.stringify(word)}) = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
  for (const {text, tokens} of vectors.tokens) {
    const got = JSON.stringify(Array.from(api.tokenize(text)));
    if (got === JSON.stringify(tokens)) passed++; else failures.push(`tokenize(${JSON.stringify(text)}) = ${got}, want ${JSON.stringify(tokens)}`);
  }
  failures.slice(0, 20).forEach((f) => console.log("FAIL " + f));
  console.log(`${passed} passed, ${failures.length} failed`);
  process.exitCode = failures.length ? 1 : 0;
}

// Query an index folder with the real runtime; index files are read from
// disk and run in the same context, as <script> elements would be.
async function query(dir, q, typed) {
  const {api, context} = runtime();
  const requests = [];
  api.loader = (id, done, fail) => {
    requests.push(id);
    const [kind, n] = id.split("/");
    const file = id === "manifest" ? "manifest.js" : `${kind}/${Math.floor(n / 500)}/${n}.js`;
    setImmediate(() => {
      let text;
      try { text = fs.readFileSync(path.join(dir, file), "utf8"); } catch (e) { return fail(); }
      vm.runInContext(text, context, {filename: file});
      done();
    });
  };
  let typing = null, complete = true;
  if (typed) {
    for (let i = 1; i <= q.length; i++) {
      const res = await api.search(q.slice(0, i), {limit: 10, cards: "loaded"});
      complete = complete && res.complete !== false;
    }
    typing = requests.slice();
  }
  const res = await api.search(q, {limit: 10});
  const out = {status: res.status, total: res.total, results: res.results.map((r) => ({
    url: r.url, title: r.title, kind: r.kind, section: r.section, heading: r.heading, excerpt: r.excerpt}))};
  if (typed) Object.assign(out, {typing, complete_while_typing: complete, requests});
  console.log(JSON.stringify(out));
}

const args = process.argv.slice(2);
if (args.length >= 2) query(args[0], args[1], args[2] === "--typed").catch((e) => { console.error(e); process.exitCode = 1; });
else checkVectors();
