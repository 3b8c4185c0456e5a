//! Search in a real browser, as `search.js` runs it: the header box (focused
//! with `/` or Ctrl-K, typed into word by word, arrow keys and Enter), its
//! dropdown (kind badges, excerpts with `<mark>`, facet chips, deep links to a
//! heading), the `/search/?q=` page, typos, markup in queries and content
//! shown as text, a `--portable` build opened from `file://`, and axe-core.
//!
//! Each test builds the example handbook with a few pages of its own (a
//! checklist under a heading, two pages tagged `night-shift`, and a page
//! whose title, heading and tag hold an `<img onerror>` payload). Over HTTP
//! the site is served under `default-src 'self'` (but for the XSS test,
//! where an injected handler should be free to run and be caught), and each
//! test ends without a console error or a CSP report.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;

use super::a11y::{applied_scheme, describe, save_scheme, serious_violations};
use super::driver::Browser;
use super::server::{Csp, Server};
use super::{axe_or_skip, run};
use crate::support::{copy_example, dojo, stderr};

const WARM_TRANSFER: &str = "playbooks/warm-transfer/";
const WARM_TRANSFER_TITLE: &str = "Make a warm transfer";

const HANDOVER: &str = "service-chain/night-shift-handover/";
const CALLBACKS: &str = "playbooks/night-shift-callbacks/";
/// The heading of the handover page that only `overflow` and `logbook` are under.
const CHECKLIST_HEADING: &str = "The lighthouse checklist";
const CHECKLIST_ID: &str = "the-lighthouse-checklist";

const PAYLOAD: &str = "<img src=x onerror=alert(1)>";
const PAYLOAD_PAGE: &str = "service-chain/quokka-escalation/";

/// Pages added to the example handbook: (file under `content/`, text).
const PAGES: [(&str, &str); 3] = [
    (
        "service-chain/night-shift-handover.md",
        r#"+++
title = "Night shift handover"
summary = "What the evening team passes on to the night team"
tags = ["night-shift", "service-chain"]
+++

The evening team hands over to the night team at ten.

## Before you leave

Close every open chat and note what each customer is waiting for.

## The lighthouse checklist

Walk the lighthouse checklist: drain the overflow queue, confirm the
callback list and sign the logbook.
"#,
    ),
    (
        "playbooks/night-shift-callbacks.md",
        r#"+++
title = "Return night shift callbacks"
summary = "Call back the customers the night team promised a call"
tags = ["night-shift", "customer"]
+++

Every customer promised a callback at handover gets one before nine.
"#,
    ),
    (
        "service-chain/quokka-escalation.md",
        r#"+++
title = "Escalate <img src=x onerror=alert(1)> safely"
summary = "Quokka drills for a payload in a title"
tags = ["<img src=x onerror=alert(1)>", "quokka"]
+++

Quokka drills keep escalations calm.

## Ladder \<img src=x onerror=alert(1)> quokka

Climb the ladder one rung at a time.
"#,
    ),
];

#[test]
fn the_header_box_finds_a_page_and_opens_it_with_the_keyboard() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(handbook.site(), "/", Csp::Strict);
        let url = |path: &str| server.url(path);
        open(&b, &url("about/")).await;

        // `/` and Ctrl-K both focus the box without typing into it.
        press(&b, &['/']).await;
        assert_eq!(focused(&b).await, "search-input", "after /");
        b.eval("document.activeElement.blur()", vec![]).await;
        assert_eq!(focused(&b).await, "", "blurred");
        press(&b, &[Key::Control.into(), 'k']).await;
        assert_eq!(focused(&b).await, "search-input", "after Ctrl-K");
        assert_eq!(input_value(&b).await, "", "the shortcut is not typed");

        // Word by word, the playbook stays first, badged, its excerpt marked.
        type_into(&b, "#search-input", "warm").await;
        let first = &dropdown(&b, "warm").await.results[0];
        assert_eq!(first.href, url(WARM_TRANSFER), "first for `warm`");
        type_into(&b, "#search-input", " transfer").await;
        let shown = dropdown(&b, "warm transfer").await;
        let first = &shown.results[0];
        assert_eq!(first.href, url(WARM_TRANSFER), "first for `warm transfer`");
        assert_eq!(first.title, WARM_TRANSFER_TITLE);
        assert_eq!(first.kind, "playbook", "the kind badge");
        assert!(!first.marks.is_empty(), "no <mark> in {first:?}");
        for mark in &first.marks {
            let word = mark.to_lowercase();
            assert!(
                word.starts_with("warm") || word.starts_with("transfer"),
                "<mark>{mark}</mark> is not a query word: {first:?}"
            );
        }

        // Down selects the first result; Enter opens it.
        type_into(&b, "#search-input", &Key::Down.to_string()).await;
        let active = "return [document.getElementById('search-input')
                          .getAttribute('aria-activedescendant'),
                      document.querySelector('.search-result.active a')?.href]";
        let active = b.eval(active, vec![]).await;
        assert_eq!(active, json!(["search-option-0", url(WARM_TRANSFER)]));
        type_into(&b, "#search-input", &Key::Enter.to_string()).await;
        wait_for_url(&b, &url(WARM_TRANSFER)).await;
        assert_eq!(h1(&b).await, WARM_TRANSFER_TITLE);

        assert_clean(&b, &server).await;
    });
}

#[test]
fn facet_chips_narrow_the_results_to_a_kind_and_a_tag() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(handbook.site(), "/", Csp::Strict);
        let url = |path: &str| server.url(path);
        open(&b, &url("")).await;
        type_into(&b, "#search-input", "shift").await;
        let all = dropdown(&b, "shift").await;
        assert!(
            all.results.iter().any(|r| r.kind != "playbook"),
            "`shift` should find more than playbooks: {all:#?}"
        );
        // Whether the dropdown stayed open after each click on a chip.
        let mut closed = Vec::new();

        // Kind: only playbooks, among them the night shift callbacks.
        click_chip(&b, "playbook").await;
        let playbooks = after_chip(&b, "shift", &["playbook"], &mut closed).await;
        let kinds: Vec<&str> = playbooks.results.iter().map(|r| r.kind.as_str()).collect();
        assert!(
            kinds.iter().all(|k| *k == "playbook"),
            "kinds {kinds:?} under the playbook chip"
        );
        assert!(playbooks.hrefs().contains(&url(CALLBACKS)));

        // Kind and tag: the one night-shift playbook.
        click_chip(&b, "night-shift").await;
        let both = after_chip(&b, "shift", &["night-shift", "playbook"], &mut closed).await;
        assert_eq!(both.hrefs(), [url(CALLBACKS)]);

        // The kind chip again turns its filter off: both night-shift pages.
        click_chip(&b, "playbook").await;
        let tagged = after_chip(&b, "shift", &["night-shift"], &mut closed).await;
        let mut hrefs = tagged.hrefs();
        hrefs.sort();
        assert_eq!(hrefs, [url(CALLBACKS), url(HANDOVER)]);

        assert_clean(&b, &server).await;
        assert_eq!(
            closed,
            Vec::<String>::new(),
            "the dropdown closed when a chip was clicked"
        );
    });
}

/// The dropdown's results after a click on a chip: once `pressed` are the
/// chips on. If the click closed the dropdown, note it in `closed` and
/// open it again as a reader would, by clicking into the search box.
async fn after_chip(b: &Browser, q: &str, pressed: &[&str], closed: &mut Vec<String>) -> Results {
    let results = dropdown_with(b, q, pressed).await;
    if results.hidden {
        closed.push(format!("with {pressed:?} on"));
        b.eval("document.activeElement.blur()", vec![]).await;
        b.find("#search-input").await.click().await.unwrap();
        let open = "return !document.getElementById('search-dropdown').hidden";
        assert_eq!(b.eval(open, vec![]).await, true, "reopened");
    }
    results
}

#[test]
fn words_under_one_heading_deep_link_to_it() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(handbook.site(), "/", Csp::Strict);
        let url = |path: &str| server.url(path);
        open(&b, &url("")).await;
        type_into(&b, "#search-input", "overflow logbook").await;
        let shown = dropdown(&b, "overflow logbook").await;
        let first = &shown.results[0];
        let deep = format!("{}#{CHECKLIST_ID}", url(HANDOVER));
        assert_eq!(
            first.href, deep,
            "`overflow logbook` are only under the heading {CHECKLIST_HEADING:?}: {first:#?}"
        );
        assert_eq!(
            first.place,
            format!("The service chain \u{203a} {CHECKLIST_HEADING}")
        );

        b.find(".search-result a").await.click().await.unwrap();
        wait_for_url(&b, &deep).await;
        let landed = "const el = document.getElementById(arguments[0]);
            return [location.hash, el && el.tagName, el && el.textContent.trim()]";
        let landed = b.eval(landed, vec![json!(CHECKLIST_ID)]).await;
        assert_eq!(
            landed,
            json!([format!("#{CHECKLIST_ID}"), "H2", CHECKLIST_HEADING])
        );

        assert_clean(&b, &server).await;
    });
}

#[test]
fn the_search_page_shows_the_results_of_its_query() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(handbook.site(), "/", Csp::Strict);
        let url = |path: &str| server.url(path);
        open(&b, &url("search/?q=warm%20transfer")).await;
        let shown = search_page(&b, "warm transfer").await;
        assert!(
            shown
                .status
                .ends_with(" results for \u{201c}warm transfer\u{201d}"),
            "status {:?}",
            shown.status
        );
        assert!(shown.results.len() > 1, "{shown:#?}");
        let first = &shown.results[0];
        assert_eq!(first.href, url(WARM_TRANSFER));
        assert_eq!(first.title, WARM_TRANSFER_TITLE);
        assert_eq!(first.kind, "playbook");
        assert!(!first.marks.is_empty(), "no <mark> in {first:?}");
        let value = "return document.getElementById('search-page-input').value";
        assert_eq!(b.eval(value, vec![]).await, "warm transfer");

        b.click_to(".search-results .search-result a", &url(WARM_TRANSFER))
            .await;
        assert_eq!(h1(&b).await, WARM_TRANSFER_TITLE);

        assert_clean(&b, &server).await;
    });
}

#[test]
fn markup_in_queries_titles_headings_and_tags_is_shown_as_text() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        // No CSP: an injected handler would run, and be caught.
        let server = Server::start(handbook.site(), "/", Csp::Off);
        let url = |path: &str| server.url(path);
        open(&b, &url("")).await;
        catch_dialogs(&b).await;
        let images = count(&b, "img").await;

        let query = format!("quokka {PAYLOAD}");
        type_into(&b, "#search-input", &query).await;
        let shown = dropdown(&b, &query).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(count(&b, "#search-dropdown img").await, 0);
        assert_eq!(count(&b, "img").await, images, "images in the page");
        assert_eq!(dialogs(&b).await, Vec::<String>::new());
        let first = &shown.results[0];
        assert_eq!(first.href, url(PAYLOAD_PAGE));
        assert_eq!(first.title, format!("Escalate {PAYLOAD} safely"));
        assert!(
            shown.chips.contains(&format!("{PAYLOAD} 1")),
            "no chip for the tag {PAYLOAD}: {:?}",
            shown.chips
        );
        let all = "return document.querySelector('#search-dropdown .search-all').textContent";
        let all = b.eval(all, vec![]).await;
        assert_eq!(all, format!("All results for \u{201c}{query}\u{201d}"));

        // The search page reads the payload from its URL.
        let q = url::form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>();
        open(&b, &url(&format!("search/?q={q}"))).await;
        let page = search_page(&b, &query).await;
        catch_dialogs(&b).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(count(&b, "#search-page img").await, 0);
        assert_eq!(dialogs(&b).await, Vec::<String>::new());
        assert!(page.status.contains(&query), "status {:?}", page.status);
        assert_eq!(page.results[0].title, format!("Escalate {PAYLOAD} safely"));

        // Words only under the heading: its text in the result's place.
        open(&b, &url("")).await;
        catch_dialogs(&b).await;
        type_into(&b, "#search-input", "ladder rung").await;
        let shown = dropdown(&b, "ladder rung").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(count(&b, "#search-dropdown img").await, 0);
        assert_eq!(dialogs(&b).await, Vec::<String>::new());
        assert_clean(&b, &server).await;
        let first = &shown.results[0];
        assert_eq!(
            first.place,
            format!("The service chain \u{203a} Ladder {PAYLOAD} quokka"),
            "the heading should be shown, as text: {first:#?}"
        );
    });
}

#[test]
fn a_portable_build_searches_from_file_urls() {
    let handbook = Handbook::build(&["--portable"]);
    run(|b| async move {
        let url = |path: &str| file_url(&handbook.site().join(path).join("index.html"));
        open(&b, &url("about")).await;
        press(&b, &['/']).await;
        assert_eq!(focused(&b).await, "search-input", "after /");
        type_into(&b, "#search-input", "warm").await;
        dropdown(&b, "warm").await;
        type_into(&b, "#search-input", " transfer").await;
        let shown = dropdown(&b, "warm transfer").await;
        let first = &shown.results[0];
        assert_eq!(first.href, url(WARM_TRANSFER));
        assert_eq!(first.kind, "playbook");
        assert!(!first.marks.is_empty(), "no <mark> in {first:?}");
        let all = "return document.querySelector('#search-dropdown .search-all').href";
        let all = b.eval(all, vec![]).await;
        assert_eq!(all, format!("{}?q=warm%20transfer", url("search")));

        type_into(&b, "#search-input", &Key::Down.to_string()).await;
        type_into(&b, "#search-input", &Key::Enter.to_string()).await;
        wait_for_url(&b, &url(WARM_TRANSFER)).await;
        assert_eq!(h1(&b).await, WARM_TRANSFER_TITLE);

        // The search page, from disk too.
        open(&b, all.as_str().unwrap()).await;
        let page = search_page(&b, "warm transfer").await;
        assert_eq!(page.results[0].href, url(WARM_TRANSFER));
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    });
}

#[test]
fn a_title_word_with_two_letters_swapped_still_finds_the_page() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(handbook.site(), "/", Csp::Strict);
        let url = |path: &str| server.url(path);
        for (typo, page) in [
            ("trasnfer", WARM_TRANSFER),
            ("huddel", "playbooks/daily-huddle/"),
        ] {
            open(&b, &url("")).await;
            type_into(&b, "#search-input", typo).await;
            let shown = dropdown(&b, typo).await;
            assert_eq!(shown.results[0].href, url(page), "first for {typo:?}");
        }
        assert_clean(&b, &server).await;
    });
}

#[test]
fn the_search_page_and_the_open_dropdown_are_accessible() {
    let Some(axe) = axe_or_skip() else { return };
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(handbook.site(), "/", Csp::Strict);
        let url = |path: &str| server.url(path);
        let mut failures = Vec::new();
        for scheme in ["light", "dark"] {
            open(&b, &url("search/?q=coaching")).await;
            set_scheme(&b, scheme).await;
            search_page(&b, "coaching").await;
            for v in serious_violations(&b, &axe).await {
                failures.push(describe(&format!("search page, {scheme}"), &v));
            }

            open(&b, &url("playbooks/")).await;
            type_into(&b, "#search-input", "coaching").await;
            dropdown(&b, "coaching").await;
            type_into(&b, "#search-input", &Key::Down.to_string()).await;
            for v in serious_violations(&b, &axe).await {
                failures.push(describe(&format!("open dropdown, {scheme}"), &v));
            }
        }
        assert!(failures.is_empty(), "axe:\n{}", failures.join("\n"));
        assert_clean(&b, &server).await;
    });
}

/// The example handbook and the test's pages, built into a temporary folder.
struct Handbook {
    _dir: tempfile::TempDir,
    site: PathBuf,
}

impl Handbook {
    fn build(args: &[&str]) -> Handbook {
        let dir = copy_example();
        for (file, text) in PAGES {
            fs::write(dir.path().join("content").join(file), text).unwrap();
        }
        let mut all = vec!["build", "--out", "site"];
        all.extend_from_slice(args);
        let out = dojo(dir.path(), &all);
        assert!(out.status.success(), "dojo build failed:\n{}", stderr(&out));
        let site = dir.path().join("site");
        Handbook { _dir: dir, site }
    }

    fn site(&self) -> &Path {
        &self.site
    }
}

/// One result as the reader sees it.
#[derive(Debug, serde::Deserialize)]
struct Shown {
    href: String,
    title: String,
    kind: String,
    /// The section, and the heading when the result is a part of the page.
    place: String,
    /// The words the excerpt marks.
    marks: Vec<String>,
}

/// The dropdown or the search page, once it shows a query's results.
#[derive(Debug, serde::Deserialize)]
struct Results {
    results: Vec<Shown>,
    /// Every facet chip's text (`name count`), and the pressed ones' names.
    chips: Vec<String>,
    pressed: Vec<String>,
    /// The search page's status line.
    status: String,
    /// Whether the dropdown is closed.
    hidden: bool,
}

impl Results {
    fn hrefs(&self) -> Vec<String> {
        self.results.iter().map(|r| r.href.clone()).collect()
    }
}

/// Reads the results in `arguments[0]` (the dropdown or the search page)
/// once they are those of the query `arguments[1]`; else null.
const READ_RESULTS: &str = r#"
    const [where, q, dropdown] = arguments;
    const box = document.querySelector(where);
    if (!box) return null;
    const quoted = '\u201c' + q + '\u201d';
    if (dropdown) {
        const all = box.querySelector('.search-all');
        if (!all || all.textContent !== 'All results for ' + quoted) return null;
        // Still loading the cards of some results (typing has not paused).
        if (box.getAttribute('aria-busy') === 'true') return null;
    } else {
        const status = box.querySelector('.search-status');
        if (!status || !status.textContent.includes(quoted)) return null;
    }
    const text = (el, sel) => (el.querySelector(sel) || {}).textContent || '';
    const chips = Array.from(box.querySelectorAll('.search-chip'));
    return {
        results: Array.from(box.querySelectorAll('.search-result'), r => ({
            href: r.querySelector('a').href,
            title: text(r, '.search-title'),
            kind: text(r, '.search-kind'),
            place: text(r, '.search-where'),
            marks: Array.from(r.querySelectorAll('.search-excerpt mark'), m => m.textContent),
        })),
        chips: chips.map(c => c.textContent),
        pressed: chips.filter(c => c.getAttribute('aria-pressed') === 'true')
            .map(c => c.textContent.replace(/ \d+$/, '')).sort(),
        status: text(box, '.search-status'),
        hidden: box.hidden,
    };
"#;

/// The open dropdown once it shows the results of `q`.
async fn dropdown(b: &Browser, q: &str) -> Results {
    let results = dropdown_with(b, q, &[]).await;
    assert!(!results.hidden, "the dropdown of {q:?} is closed");
    results
}

/// The dropdown, open or closed, once it shows the results of `q` with the
/// chips `pressed` (names) on.
async fn dropdown_with(b: &Browser, q: &str, pressed: &[&str]) -> Results {
    let mut pressed: Vec<String> = pressed.iter().map(ToString::to_string).collect();
    pressed.sort();
    let what = format!("the dropdown's results for {q:?} with {pressed:?} on");
    let args = vec![json!("#search-dropdown"), json!(q), json!(true)];
    let results = wait_for(b, &what, "#search-dropdown", || async {
        let found = b.eval(READ_RESULTS, args.clone()).await;
        let results: Option<Results> = serde_json::from_value(found).unwrap();
        results.filter(|r| r.pressed == pressed)
    })
    .await;
    assert!(!results.results.is_empty(), "no results for {q:?}");
    results
}

/// The search page once it shows the results of `q`.
async fn search_page(b: &Browser, q: &str) -> Results {
    let what = format!("the search page's results for {q:?}");
    let args = vec![json!("#search-page"), json!(q), json!(false)];
    let results = wait_for(b, &what, "#search-page", || async {
        let found = b.eval(READ_RESULTS, args.clone()).await;
        serde_json::from_value::<Option<Results>>(found).unwrap()
    })
    .await;
    assert!(!results.results.is_empty(), "no results for {q:?}");
    results
}

/// Poll `probe` until it gives something; on time-out, fail with `what` and
/// the text of `shown` (the element that should have it).
async fn wait_for<T, F, Fut>(b: &Browser, what: &str, shown: &str, probe: F) -> T
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let script = "const el = document.querySelector(arguments[0]);
                return el ? (el.hidden ? '(hidden) ' : '') + el.textContent : '(none)'";
            let text = b.eval(script, vec![json!(shown)]).await;
            let errors = b.console_errors().await;
            panic!("no {what}; {shown} shows {text}; console errors: {errors:?}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Click the facet chip named `name`.
async fn click_chip(b: &Browser, name: &str) {
    let chips = b
        .client()
        .find_all(fantoccini::Locator::Css("#search-dropdown .search-chip"))
        .await
        .unwrap();
    let mut texts = Vec::new();
    for chip in chips {
        let text = chip.text().await.unwrap();
        if text.rsplit_once(' ').is_some_and(|(n, _)| n == name) {
            chip.click().await.unwrap();
            return;
        }
        texts.push(text);
    }
    panic!("no chip {name:?} among {texts:?}");
}

async fn open(b: &Browser, url: &str) {
    b.goto(url).await;
    b.wait_for_load().await;
}

/// Press `keys` together on whatever has the focus, as a keyboard does.
async fn press(b: &Browser, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".to_string());
    for &key in keys {
        actions = actions.then(KeyAction::Down { value: key });
    }
    for &key in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: key });
    }
    b.client().perform_actions(actions).await.unwrap();
}

async fn type_into(b: &Browser, selector: &str, text: &str) {
    b.find(selector).await.send_keys(text).await.unwrap();
}

/// The id of the focused element ("" for none, or the body).
async fn focused(b: &Browser) -> String {
    let id = "return document.activeElement ? document.activeElement.id : ''";
    b.eval(id, vec![]).await.as_str().unwrap().to_string()
}

async fn input_value(b: &Browser) -> String {
    let value = "return document.getElementById('search-input').value";
    b.eval(value, vec![]).await.as_str().unwrap().to_string()
}

async fn h1(b: &Browser) -> String {
    b.find("main h1").await.text().await.unwrap()
}

async fn count(b: &Browser, selector: &str) -> u64 {
    let script = "return document.querySelectorAll(arguments[0]).length";
    let n = b.eval(script, vec![json!(selector)]).await;
    n.as_u64().unwrap()
}

/// Wait until the browser is at `url` and the page has loaded.
async fn wait_for_url(b: &Browser, url: &str) {
    let start = Instant::now();
    loop {
        if b.url().await == url {
            break;
        }
        let at = b.url().await;
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "at {at}, not {url}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    b.wait_for_load().await;
}

/// Record `alert`, `confirm` and `print` calls instead of opening dialogs.
async fn catch_dialogs(b: &Browser) {
    let script = "window.__dialogs = window.__dialogs || [];
        for (const f of ['alert', 'confirm', 'prompt'])
            window[f] = m => { window.__dialogs.push(f + '(' + m + ')'); };";
    b.eval(script, vec![]).await;
}

/// The dialogs the page asked for, caught or still open.
async fn dialogs(b: &Browser) -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(text) = b.client().get_alert_text().await {
        found.push(format!("open dialog: {text}"));
    }
    let caught = b.eval("return window.__dialogs || []", vec![]).await;
    found.extend(serde_json::from_value::<Vec<String>>(caught).unwrap());
    found
}

/// No console error and no CSP report so far.
async fn assert_clean(b: &Browser, server: &Server) {
    // Reports are posted after the violation, so give them a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(b.console_errors().await, Vec::<String>::new());
    assert_eq!(server.csp_reports(), Vec::<String>::new(), "CSP reports");
}

/// Save the colour scheme as the theme toggle does, and reload.
async fn set_scheme(b: &Browser, scheme: &str) {
    save_scheme(b, scheme).await;
    b.eval("location.reload()", vec![]).await;
    b.wait_for_load().await;
    assert_eq!(applied_scheme(b).await, scheme);
}

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}
