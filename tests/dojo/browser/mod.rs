//! Tests in a real browser: build a handbook with `dojo`, serve it from
//! 127.0.0.1 (or open it from `file://`) and drive Debian's headless Chromium
//! through chromedriver. Without Chromium, chromedriver or axe-core each test
//! says "skipped" and passes, except under `CI=true`, where it fails.
//! `bash scripts/test.sh` installs all three.

mod a11y;
mod driver;
mod server;
mod site;

mod accessibility;
mod console;
mod learning;
mod navigation;
mod screenshots;
mod search;
mod serve;
mod theme;

use std::future::Future;
use std::io::Write;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use driver::{Browser, Chromedriver, Tools};

/// Run one browser test: start chromedriver and a fresh Chromium, hand the
/// session to `test`, and close the browser even when the test panics.
pub(crate) fn run<F, Fut>(test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let tools = match Tools::find() {
        Ok(tools) => tools,
        Err(why) => return unavailable(&why),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let driver = Chromedriver::start(&tools);
    let outcome = runtime.block_on(async {
        let browser = Browser::open(&driver, &tools, profile.path()).await;
        // A spawned task turns the test's panic into an `Err`, so the
        // browser is closed before the panic goes on.
        let outcome = tokio::spawn(test(browser.clone())).await;
        browser.close().await;
        outcome
    });
    drop(driver);
    if let Err(failed) = outcome {
        std::panic::resume_unwind(failed.into_panic());
    }
}

/// The axe-core script for the accessibility test, or None when that test
/// is skipped.
pub(crate) fn axe_or_skip() -> Option<String> {
    match driver::axe_script() {
        Ok(script) => Some(script),
        Err(why) => {
            unavailable(&why);
            None
        }
    }
}

/// A missing tool fails the test in CI and skips it elsewhere.
fn unavailable(why: &str) {
    let hint = "run bash scripts/test.sh to install";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("browser test cannot run: {why} ({hint})");
    }
    // Straight to stderr: `eprintln!` is captured for passing tests, and a
    // skip should be seen.
    let line = format!("skipped: {why} ({hint})\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Console errors of every page in `pages`, visited at `server`, each line
/// prefixed with the page. Alias pages are followed to their target.
async fn visit_all(b: &Browser, server: &server::Server, pages: &[site::Page]) -> Vec<String> {
    // Some requests (the favicon) end after the load event, so an error is
    // put down to the page by its time, not by when the log is read.
    let mut visits = Vec::new();
    let mut errors = Vec::new();
    for page in pages {
        visits.push((now_ms(), page.path.as_str()));
        let url = server.url(&page.path);
        b.goto(&url).await;
        if page.redirects {
            wait_to_leave(b, &url).await;
        }
        b.wait_for_load().await;
        errors.extend(b.timed_console_errors().await);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    errors.extend(b.timed_console_errors().await);
    let page_at = |time: f64| {
        let visit = visits.iter().rev().find(|(start, _)| *start <= time);
        visit.map_or("?", |(_, path)| path)
    };
    errors
        .into_iter()
        .map(|(time, message)| format!("/{}: {message}", page_at(time)))
        .collect()
}

fn now_ms() -> f64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    since_epoch.as_secs_f64() * 1000.0
}

/// Wait until the alias page at `url` has sent the browser elsewhere.
async fn wait_to_leave(b: &Browser, url: &str) {
    let start = Instant::now();
    while b.url().await == url {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "alias page {url} did not redirect"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
