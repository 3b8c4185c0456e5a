//! Learning progress in a real browser, kept in `localStorage` by `learn.js`:
//! path steps ticked and kept across a reload, the "updated since you
//! completed it" note when a ticked page changes, the kata practice log and
//! its CSV, the home page's role picker, a browser that keeps nothing, and a
//! `--portable` build opened from `file://`. Each test builds the learning
//! fixture; over HTTP it is served under `default-src 'self'`, and each test
//! ends without a console error or a CSP report.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use super::driver::Browser;
use super::run;
use super::server::{Csp, Server};
use crate::support::{copy_tree, dojo, fixtures, stderr};

const PATH_PAGE: &str = "paths/service-agent-path/";
const BASICS_PAGE: &str = "paths/agent-basics/";
const KATA_PAGE: &str = "kata/five-questions/";
const PLAYBOOK_PAGE: &str = "playbooks/warm-transfer/";

/// The steps of the service agent path, in order, as `data-step` names them.
const WARM_TRANSFER: &str = "playbooks/warm-transfer.md";
const FIVE_QUESTIONS: &str = "kata/five-questions.md";
const CHECKLIST: &str = "checklist.md";
const FIRST_CONTACT: &str = "goals/first-contact.md";

/// The roles of the picker; the agent's page is also the one step of the
/// agent basics path.
const AGENT: &str = "roles/agent.md";
const TEAM_LEAD: &str = "roles/team-lead.md";

#[test]
fn ticked_steps_are_kept_across_a_reload() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(&handbook.site(), "/", Csp::Strict);
        let page = |path: &str| server.url(path);
        open(&b, &page(PATH_PAGE)).await;
        assert_eq!(
            path_progress(&b, ".learn-path").await,
            progress(
                0,
                4,
                Some((&page(PLAYBOOK_PAGE), "Warm transfers & <handoffs>"))
            ),
            "nothing ticked yet"
        );
        assert!(!shown(&b, ".storage-note").await, "storage works here");

        // Ticking the first and third steps leaves the second as the next.
        tick(&b, WARM_TRANSFER).await;
        tick(&b, CHECKLIST).await;
        reload(&b).await;
        let two_done = progress(
            2,
            4,
            Some((&page(KATA_PAGE), "The five coaching questions")),
        );
        let two_done = ticked(two_done, &[WARM_TRANSFER, CHECKLIST]);
        assert_eq!(path_progress(&b, ".learn-path").await, two_done);

        // The step's own page knows it is done.
        open(&b, &page(PLAYBOOK_PAGE)).await;
        assert!(shown(&b, ".step-self").await, "the playbook's own tick box");
        assert!(checked(&b, "#step-self").await, "ticked on the path page");

        open(&b, &page(PATH_PAGE)).await;
        tick(&b, FIVE_QUESTIONS).await;
        tick(&b, FIRST_CONTACT).await;
        reload(&b).await;
        let all = [WARM_TRANSFER, FIVE_QUESTIONS, CHECKLIST, FIRST_CONTACT];
        let mut complete = ticked(progress(4, 4, None), &all);
        complete["complete"] = json!(true);
        assert_eq!(path_progress(&b, ".learn-path").await, complete);

        // Unticking forgets the step.
        tick(&b, CHECKLIST).await;
        reload(&b).await;
        let three = progress(3, 4, Some((&page("checklist/"), "First-day checklist")));
        let three = ticked(three, &[WARM_TRANSFER, FIVE_QUESTIONS, FIRST_CONTACT]);
        assert_eq!(path_progress(&b, ".learn-path").await, three);

        assert_clean(&b, Some(&server)).await;
    });
}

#[test]
fn a_ticked_step_whose_page_changed_says_so_until_reviewed() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(&handbook.site(), "/", Csp::Strict);
        open(&b, &server.url(PATH_PAGE)).await;
        tick(&b, WARM_TRANSFER).await;
        tick(&b, CHECKLIST).await;
        let old_hash = step_hash(&b, WARM_TRANSFER).await;

        handbook.append_to_source(
            "content/playbooks/warm-transfer.md",
            "\nStay on the line until the colleague has the case.\n",
        );
        handbook.rebuild();
        reload(&b).await;
        assert_ne!(step_hash(&b, WARM_TRANSFER).await, old_hash, "data-hash");
        let state = path_progress(&b, ".learn-path").await;
        assert_eq!(state["ticked"], json!([WARM_TRANSFER, CHECKLIST]));
        assert_eq!(
            state["updated"],
            json!([WARM_TRANSFER]),
            "only the edited step"
        );

        open(&b, &server.url(PLAYBOOK_PAGE)).await;
        assert!(
            shown(&b, ".step-self .updated-since").await,
            "the edited page itself says it changed"
        );

        open(&b, &server.url(PATH_PAGE)).await;
        let step = format!(".step:has(.step-done[data-step=\"{WARM_TRANSFER}\"])");
        b.find(&format!("{step} .mark-reviewed"))
            .await
            .click()
            .await
            .unwrap();
        assert_eq!(path_progress(&b, ".learn-path").await["updated"], json!([]));
        let focused = "return document.activeElement.getAttribute('data-step')";
        assert_eq!(b.eval(focused, vec![]).await, WARM_TRANSFER, "focus");

        reload(&b).await;
        let state = path_progress(&b, ".learn-path").await;
        assert_eq!(state["updated"], json!([]), "reviewed is kept");
        assert_eq!(state["ticked"], json!([WARM_TRANSFER, CHECKLIST]));
        open(&b, &server.url(PLAYBOOK_PAGE)).await;
        assert!(!shown(&b, ".step-self .updated-since").await);

        assert_clean(&b, Some(&server)).await;
    });
}

#[test]
fn progress_and_practice_follow_a_page_that_moved() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(&handbook.site(), "/", Csp::Strict);
        open(&b, &server.url(PATH_PAGE)).await;
        tick(&b, CHECKLIST).await;
        tick(&b, WARM_TRANSFER).await;
        open(&b, &server.url(KATA_PAGE)).await;
        log_practice(&b, "Asked all five").await;
        assert_eq!(practice(&b).await[0], "1 practice logged");

        // Both pages get new files; their old URLs become aliases.
        handbook.move_source(
            "content/checklist.md",
            "content/first-day.md",
            "/checklist/",
        );
        handbook.move_source(
            "content/kata/five-questions.md",
            "content/kata/coaching-questions.md",
            "/kata/five-questions/",
        );
        let path = "content/paths/service-agent-path.md";
        handbook.replace_in_source(path, "\"checklist\"", "\"first-day\"");
        handbook.replace_in_source(path, "kata/five-questions", "kata/coaching-questions");
        handbook.rebuild();

        open(&b, &server.url(PATH_PAGE)).await;
        let state = path_progress(&b, ".learn-path").await;
        assert_eq!(state["ticked"], json!([WARM_TRANSFER, "first-day.md"]));
        open(&b, &server.url("kata/coaching-questions/")).await;
        let log = practice(&b).await;
        assert_eq!(log[0], "1 practice logged", "{log}");
        assert!(
            log[2][0].as_str().unwrap().contains("Asked all five"),
            "{log}"
        );
        assert_clean(&b, Some(&server)).await;
    });
}

#[test]
fn kata_practice_log_is_kept_and_exports_as_csv() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(&handbook.site(), "/", Csp::Strict);
        open(&b, &server.url(KATA_PAGE)).await;
        let today = today(&b).await;
        assert!(shown(&b, ".practice-log").await, "the log is shown");
        assert_eq!(
            practice(&b).await,
            json!(["No practice logged yet", "no streak yet", []])
        );
        assert!(
            !shown(&b, "#practice-export").await,
            "nothing to export yet"
        );

        log_practice(&b, r#"=cmd "quoted", with a comma"#).await;
        let note = b.find("#practice-note").await.prop("value").await.unwrap();
        assert_eq!(note.as_deref(), Some(""), "the note is cleared once logged");
        reload(&b).await;
        let entry = format!(r#"{today} =cmd "quoted", with a comma"#);
        let one = json!(["1 practice logged", "1-day streak", [entry]]);
        assert_eq!(practice(&b).await, one);

        assert!(shown(&b, "#practice-export").await, "export offered");
        let export = b.find("#practice-export").await;
        let name = "kata-five-questions-practice.csv";
        assert_eq!(
            export.attr("download").await.unwrap().as_deref(),
            Some(name)
        );
        let href = export.prop("href").await.unwrap().unwrap_or_default();
        assert!(href.starts_with("blob:"), "export link {href}");

        // A fetch of the blob: URL is refused by `default-src 'self'`
        // (connect-src), but the reader's way, a download, is not: save it.
        let downloads = tempfile::tempdir().unwrap();
        allow_downloads(&b, downloads.path()).await;
        export.click().await.unwrap();
        let csv = downloaded(&downloads.path().join(name)).await;
        let want = format!("date,note\r\n\"{today}\",\"'=cmd \"\"quoted\"\", with a comma\"\r\n");
        assert_eq!(csv, want, "header, quoting, and no formula");

        assert_clean(&b, Some(&server)).await;
    });
}

#[test]
fn role_picker_remembers_the_role_and_shows_its_paths_with_progress() {
    let handbook = Handbook::build(&[]);
    run(|b| async move {
        let server = Server::start(&handbook.site(), "/", Csp::Strict);
        open(&b, &server.url(BASICS_PAGE)).await;
        tick(&b, AGENT).await;

        open(&b, &server.url("")).await;
        assert!(shown(&b, "#role-picker").await, "picker shown");
        assert_eq!(role_state(&b).await, json!(["", []]), "no role yet");
        choose_role(&b, AGENT).await;
        assert_eq!(role_state(&b).await, json!([AGENT, [AGENT]]));

        reload(&b).await;
        assert_eq!(role_state(&b).await, json!([AGENT, [AGENT]]), "remembered");
        let card = |path: &str| {
            format!(".role-paths[data-role=\"{AGENT}\"] .learn-path[data-path=\"{path}\"]")
        };
        let mut basics = progress(1, 1, None);
        basics["complete"] = json!(true);
        assert_eq!(
            path_progress(&b, &card("paths/agent-basics.md")).await,
            basics
        );
        let first = (server.url(PLAYBOOK_PAGE), "Warm transfers & <handoffs>");
        let service = progress(0, 4, Some((&first.0, first.1)));
        assert_eq!(
            path_progress(&b, &card("paths/service-agent-path.md")).await,
            service
        );

        choose_role(&b, TEAM_LEAD).await;
        reload(&b).await;
        assert_eq!(role_state(&b).await, json!([TEAM_LEAD, [TEAM_LEAD]]));
        let lead = format!(".role-paths[data-role=\"{TEAM_LEAD}\"]");
        let text = b.find(&lead).await.text().await.unwrap();
        assert_eq!(text, "There is no learning path for Team lead yet.");

        choose_role(&b, "").await;
        reload(&b).await;
        assert_eq!(role_state(&b).await, json!(["", []]), "choice cleared");

        assert_clean(&b, Some(&server)).await;
    });
}

#[test]
fn pages_work_without_storage_and_say_progress_is_not_kept() {
    let handbook = Handbook::build(&[]);
    let site = handbook.site();
    fs::create_dir_all(site.join("_test")).unwrap();
    fs::write(site.join("_test/storage-denied.js"), STORAGE_DENIED).unwrap();
    fs::write(site.join("_test/storage-full.js"), STORAGE_FULL).unwrap();
    let path_denied = with_script(&site, PATH_PAGE, "storage-denied.js");
    let kata_denied = with_script(&site, KATA_PAGE, "storage-denied.js");
    let home_denied = with_script(&site, "", "storage-denied.js");
    let path_full = with_script(&site, PATH_PAGE, "storage-full.js");
    run(|b| async move {
        let server = Server::start(&handbook.site(), "/", Csp::Strict);

        // Reading localStorage throws, as with cookies blocked.
        open(&b, &server.url(&path_denied)).await;
        let denied =
            "return (() => { try { localStorage; return false } catch (e) { return true } })()";
        assert_eq!(
            b.eval(denied, vec![]).await,
            true,
            "the page cannot reach storage"
        );
        assert!(
            shown(&b, ".storage-note").await,
            "the note on the path page"
        );
        tick(&b, WARM_TRANSFER).await;
        let next = server.url(KATA_PAGE);
        let one = ticked(
            progress(1, 4, Some((&next, "The five coaching questions"))),
            &[WARM_TRANSFER],
        );
        assert_eq!(
            path_progress(&b, ".learn-path").await,
            one,
            "works for the visit"
        );
        reload(&b).await;
        let first = server.url(PLAYBOOK_PAGE);
        let none = progress(0, 4, Some((&first, "Warm transfers & <handoffs>")));
        assert_eq!(
            path_progress(&b, ".learn-path").await,
            none,
            "forgotten, as the note says"
        );

        open(&b, &server.url(&kata_denied)).await;
        assert!(
            shown(&b, ".storage-note").await,
            "the note on the kata page"
        );
        log_practice(&b, "In memory only").await;
        assert_eq!(practice(&b).await[0], "1 practice logged");

        open(&b, &server.url(&home_denied)).await;
        assert!(
            shown(&b, ".storage-note").await,
            "the note on the home page"
        );
        choose_role(&b, AGENT).await;
        assert_eq!(role_state(&b).await, json!([AGENT, [AGENT]]));

        // Storage that fails on the first write (full, or revoked meanwhile).
        open(&b, &server.url(&path_full)).await;
        assert!(
            !shown(&b, ".storage-note").await,
            "storage looked fine at first"
        );
        tick(&b, WARM_TRANSFER).await;
        assert!(
            shown(&b, ".storage-note").await,
            "the note once a write failed"
        );
        let state = path_progress(&b, ".learn-path").await;
        assert_eq!(
            state["ticked"],
            json!([WARM_TRANSFER]),
            "the tick is kept in memory"
        );
        assert_eq!(state["count"], "1 of 4 steps done");

        assert_clean(&b, Some(&server)).await;
    });
}

#[test]
fn ticked_steps_are_kept_in_a_portable_build_from_file_urls() {
    let handbook = Handbook::build(&["--portable"]);
    run(|b| async move {
        let site = handbook.site();
        let file = |path: &str| file_url(&site.join(path).join("index.html"));
        open(&b, &file(PATH_PAGE)).await;
        assert!(
            !shown(&b, ".storage-note").await,
            "storage works from file://"
        );
        tick(&b, WARM_TRANSFER).await;
        reload(&b).await;
        let next = file(KATA_PAGE);
        let one = progress(1, 4, Some((&next, "The five coaching questions")));
        assert_eq!(
            path_progress(&b, ".learn-path").await,
            ticked(one, &[WARM_TRANSFER])
        );

        open(&b, &file(PLAYBOOK_PAGE)).await;
        assert!(
            checked(&b, "#step-self").await,
            "another file sees the tick"
        );
        assert_clean(&b, None).await;
    });
}

/// The learning fixture, copied to a temporary folder and built into `site/`
/// beside it, so a test can edit a page and build into the same folder again.
struct Handbook {
    dir: tempfile::TempDir,
    args: Vec<&'static str>,
}

impl Handbook {
    fn build(args: &[&'static str]) -> Handbook {
        let dir = tempfile::tempdir().unwrap();
        let source = fixtures().join("sites/learning");
        copy_tree(&source, &dir.path().join("source"));
        let handbook = Handbook {
            dir,
            args: args.to_vec(),
        };
        handbook.rebuild();
        handbook
    }

    fn rebuild(&self) {
        let mut args = vec!["--root", "source", "build", "--out", "site"];
        args.extend_from_slice(&self.args);
        let out = dojo(self.dir.path(), &args);
        assert!(out.status.success(), "dojo build failed:\n{}", stderr(&out));
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Move the source file `from` to `to` (under the handbook), keeping
    /// its old URL `alias` in its front matter.
    fn move_source(&self, from: &str, to: &str, alias: &str) {
        let source = self.dir.path().join("source");
        let text = fs::read_to_string(source.join(from)).unwrap();
        let moved = text.replacen("+++\n", &format!("+++\naliases = [\"{alias}\"]\n"), 1);
        fs::write(source.join(to), moved).unwrap();
        fs::remove_file(source.join(from)).unwrap();
    }

    fn replace_in_source(&self, rel: &str, from: &str, to: &str) {
        let file = self.dir.path().join("source").join(rel);
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{rel} has no {from}");
        fs::write(&file, text.replace(from, to)).unwrap();
    }

    /// Add `text` to the end of the source file `rel` (under the handbook).
    fn append_to_source(&self, rel: &str, text: &str) {
        let file = self.dir.path().join("source").join(rel);
        let mut source = fs::read_to_string(&file).unwrap();
        source.push_str(text);
        fs::write(&file, source).unwrap();
    }
}

/// Makes touching `localStorage` throw, as Chromium does with cookies
/// blocked. Loaded before every other script of the page.
const STORAGE_DENIED: &str = r#"(function () {
  "use strict";
  Object.defineProperty(window, "localStorage", {
    configurable: true,
    get: function () { throw new DOMException("Access is denied for this document.", "SecurityError"); }
  });
})();
"#;

/// Lets learn.js's probe through but makes every real write fail, as a full
/// or revoked storage does in the middle of a visit.
const STORAGE_FULL: &str = r#"(function () {
  "use strict";
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (key === "dojo:probe") return setItem.call(this, key, value);
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
})();
"#;

/// Copy the page at `path` (a folder, or `""` for home) to a sibling file
/// that loads `_test/<script>` first, and return the copy's site path.
fn with_script(site: &Path, path: &str, script: &str) -> String {
    let folder = site.join(path);
    let html = fs::read_to_string(folder.join("index.html")).unwrap();
    let root = "../".repeat(path.matches('/').count());
    let charset = r#"<meta charset="utf-8">"#;
    let tag = format!("{charset}\n<script src=\"{root}_test/{script}\"></script>");
    assert!(html.contains(charset), "no {charset} in /{path}");
    let name = format!("private-{}", script.replace(".js", ".html"));
    fs::write(folder.join(&name), html.replacen(charset, &tag, 1)).unwrap();
    format!("{path}{name}")
}

async fn open(b: &Browser, url: &str) {
    b.goto(url).await;
    b.wait_for_load().await;
}

async fn reload(b: &Browser) {
    b.client().refresh().await.unwrap();
    b.wait_for_load().await;
}

/// Click the tick box of `step` on the current page.
async fn tick(b: &Browser, step: &str) {
    let selector = format!(".step-done[data-step=\"{step}\"]");
    b.find(&selector).await.click().await.unwrap();
}

async fn checked(b: &Browser, selector: &str) -> bool {
    b.find(selector).await.is_selected().await.unwrap()
}

/// Whether the first `selector` is rendered (not hidden, nor inside
/// something hidden).
async fn shown(b: &Browser, selector: &str) -> bool {
    let script = "return document.querySelector(arguments[0]).checkVisibility()";
    b.eval(script, vec![json!(selector)]).await == true
}

async fn step_hash(b: &Browser, step: &str) -> Value {
    let selector = format!(".step-done[data-step=\"{step}\"]");
    let script = "return document.querySelector(arguments[0]).getAttribute('data-hash')";
    b.eval(script, vec![json!(selector)]).await
}

/// What the `.learn-path` at `selector` shows: its progress box, and for a
/// path page the ticked steps, the steps marked "updated since", and the
/// steps done in the path's picture.
async fn path_progress(b: &Browser, selector: &str) -> Value {
    b.eval(PATH_PROGRESS, vec![json!(selector)]).await
}

const PATH_PROGRESS: &str = "
    const path = document.querySelector(arguments[0]);
    const shown = el => el.checkVisibility();
    const box = path.querySelector('.progress-box');
    const bar = box.querySelector('progress.path-progress');
    const next = box.querySelector('a.next-step');
    const stepOf = el => el.closest('.step').querySelector('.step-done').getAttribute('data-step');
    return {
        shown: shown(box),
        count: box.querySelector('.progress-count').textContent,
        value: bar.value,
        max: bar.max,
        next: shown(next) ? [next.href, next.textContent] : null,
        complete: shown(box.querySelector('.path-complete')),
        ticked: Array.from(path.querySelectorAll('.step-done'))
            .filter(el => el.checked && shown(el))
            .map(el => el.getAttribute('data-step')),
        updated: Array.from(path.querySelectorAll('.step .updated-since')).filter(shown).map(stepOf),
        pictured: Array.from(path.querySelectorAll('[data-svg-step].svg-done'),
            el => el.getAttribute('data-svg-step')),
    };
";

/// What `path_progress` says with `done` of `of` steps done and the "next
/// step" link's (URL, title); `ticked` adds which steps are ticked.
fn progress(done: u32, of: u32, next: Option<(&str, &str)>) -> Value {
    let steps = if of == 1 { "step" } else { "steps" };
    json!({
        "shown": true,
        "count": format!("{done} of {of} {steps} done"),
        "value": done,
        "max": of,
        "next": next.map(|(url, title)| json!([url, format!("Continue: {title}")])),
        "complete": false,
        "ticked": [],
        "updated": [],
        "pictured": [],
    })
}

/// `progress` with `steps` ticked on the page and done in its picture.
fn ticked(mut progress: Value, steps: &[&str]) -> Value {
    progress["ticked"] = json!(steps);
    progress["pictured"] = json!(steps);
    progress
}

/// The browser's local date, which learn.js stamps its entries with.
async fn today(b: &Browser) -> String {
    let script = "const d = new Date();
        const two = n => String(n).padStart(2, '0');
        return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate())";
    b.eval(script, vec![]).await.as_str().unwrap().to_string()
}

async fn log_practice(b: &Browser, note: &str) {
    b.find("#practice-note")
        .await
        .send_keys(note)
        .await
        .unwrap();
    b.find("#practice-log-button").await.click().await.unwrap();
}

/// The practice log: [count, streak, entries' texts].
async fn practice(b: &Browser) -> Value {
    let script = "return [
        document.getElementById('practice-count').textContent,
        document.getElementById('practice-streak').textContent,
        Array.from(document.querySelectorAll('#practice-entries li'), li => li.textContent),
    ]";
    b.eval(script, vec![]).await
}

async fn choose_role(b: &Browser, role: &str) {
    let picker = b.find("#role-picker").await;
    picker.select_by_value(role).await.unwrap();
}

/// The role picker: [chosen value, the roles whose paths are shown].
async fn role_state(b: &Browser) -> Value {
    let script = "return [
        document.getElementById('role-picker').value,
        Array.from(document.querySelectorAll('.role-paths'))
            .filter(d => d.checkVisibility())
            .map(d => d.getAttribute('data-role')),
    ]";
    b.eval(script, vec![]).await
}

/// Let the browser save downloads into `dir`, without asking.
async fn allow_downloads(b: &Browser, dir: &Path) {
    let params = json!({ "behavior": "allow", "downloadPath": dir });
    let command = Cdp(json!({ "cmd": "Browser.setDownloadBehavior", "params": params }));
    b.client().issue_cmd(command).await.unwrap();
}

/// The text of the downloaded `file`, once the browser has written it.
/// The text of a download once it is complete: Chromium may create the
/// file before it has written it, so wait until it has text that stays the
/// same for a moment.
async fn downloaded(file: &Path) -> String {
    let start = Instant::now();
    let mut last = String::new();
    loop {
        let now = fs::read_to_string(file).unwrap_or_default();
        if !now.is_empty() && now == last {
            return now;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{} was never downloaded in full (so far: {now:?})",
            file.display()
        );
        last = now;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A Chrome DevTools Protocol command, through chromedriver's (non-W3C)
/// endpoint, which fantoccini has no method for.
#[derive(Debug)]
struct Cdp(Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// Let late requests finish, then: no console error, and no CSP report.
async fn assert_clean(b: &Browser, server: Option<&Server>) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let errors = b.console_errors().await;
    let reports = server.map(Server::csp_reports).unwrap_or_default();
    assert!(
        errors.is_empty() && reports.is_empty(),
        "console errors:\n{}\nCSP violations:\n{}",
        errors.join("\n"),
        reports.join("\n")
    );
}

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}
