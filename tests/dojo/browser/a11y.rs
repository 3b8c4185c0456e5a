//! Shared by the accessibility checks of the theme and of search: choosing
//! the colour scheme a page is checked in, running axe-core in it, and
//! describing what it finds.

use serde_json::{Value, json};

use super::driver::Browser;

/// Save the colour scheme as the theme toggle does; "light" is the default
/// (no saved choice, and headless Chromium prefers light).
pub(crate) async fn save_scheme(b: &Browser, scheme: &str) {
    let script = "if (arguments[0] === 'light') localStorage.removeItem('dojo-theme');
                  else localStorage.setItem('dojo-theme', arguments[0]);";
    b.eval(script, vec![json!(scheme)]).await;
}

/// The colour scheme the page shows: the saved one, else the system's.
pub(crate) async fn applied_scheme(b: &Browser) -> String {
    let script = "return document.documentElement.dataset.theme
        || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')";
    b.eval(script, vec![]).await.as_str().unwrap().to_string()
}

/// Inject axe into the current page and return its violations of impact
/// "serious" or "critical".
pub(crate) async fn serious_violations(b: &Browser, axe: &str) -> Vec<Value> {
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

/// One violation at `place` (a page, or a state of one): rule, impact and
/// help, why it fails (the same for every element, as a rule), then each
/// failing element.
pub(crate) fn describe(place: &str, v: &Value) -> String {
    let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
    let why = nodes
        .first()
        .map_or("", |n| n["failureSummary"].as_str().unwrap_or(""));
    let mut text = format!(
        "{place}: {} ({}): {}\n    {}",
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
            .take(120)
            .collect();
        text.push_str(&format!("\n    at {}: {html}", node["target"]));
    }
    text
}
