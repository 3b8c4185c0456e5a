//! axe-core finds no serious or critical accessibility violation on any
//! page of the example handbook, in the light and in the dark colour scheme.

use serde_json::{Value, json};

use super::driver::Browser;
use super::server::{Csp, Server};
use super::{axe_or_skip, run, site};

#[test]
fn example_pages_are_accessible_in_light_mode() {
    check_every_page("light");
}

#[test]
fn example_pages_are_accessible_in_dark_mode() {
    check_every_page("dark");
}

/// Run axe on every reader-facing page with the reader's saved `scheme`.
fn check_every_page(scheme: &'static str) {
    let Some(axe) = axe_or_skip() else { return };
    let site = site::example(&[]);
    run(move |b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        b.goto(&server.url("")).await;
        save_scheme(&b, scheme).await;
        let mut failures = Vec::new();
        for page in site.content_pages() {
            b.goto(&server.url(&page.path)).await;
            b.wait_for_load().await;
            let shown = applied_scheme(&b).await;
            if shown != scheme {
                failures.push(format!(
                    "/{}: shows {shown}, not the saved {scheme}",
                    page.path
                ));
            }
            let violations = serious_violations(&b, &axe).await;
            failures.extend(violations.iter().map(|v| describe(&page.path, v)));
        }
        assert!(
            failures.is_empty(),
            "axe violations in {scheme} mode:\n{}",
            failures.join("\n")
        );
    });
}

/// Save the colour scheme as the theme toggle does; "light" is the default
/// (no saved choice, and headless Chromium prefers light).
async fn save_scheme(b: &Browser, scheme: &str) {
    let script = "if (arguments[0] === 'light') localStorage.removeItem('dojo-theme');
                  else localStorage.setItem('dojo-theme', arguments[0]);";
    b.eval(script, vec![json!(scheme)]).await;
}

/// The colour scheme the page shows: the saved one, else the system's.
async fn applied_scheme(b: &Browser) -> String {
    let script = "return document.documentElement.dataset.theme
        || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')";
    b.eval(script, vec![]).await.as_str().unwrap().to_string()
}

/// Inject axe into the current page and return its violations of impact
/// "serious" or "critical".
async fn serious_violations(b: &Browser, axe: &str) -> Vec<Value> {
    b.eval(axe, vec![]).await;
    let script = "
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(
            r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')),
            e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
    ";
    let result = b.client().execute_async(script, vec![]).await.unwrap();
    result.as_array().unwrap().clone()
}

/// One violation: rule, impact and help, why it fails (the same for every
/// element, as a rule), then each failing element.
fn describe(page: &str, v: &Value) -> String {
    let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
    let why = nodes
        .first()
        .map_or("", |n| n["failureSummary"].as_str().unwrap_or(""));
    let mut text = format!(
        "/{page}: {} ({}): {}\n    {}",
        v["id"],
        v["impact"],
        v["help"],
        why.replace('\n', " ")
    );
    for node in &nodes {
        let html: String = node["html"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(100)
            .collect();
        text.push_str(&format!("\n    at {}: {html}", node["target"]));
    }
    text
}
