//! Every page of the example handbook loads without a console error, also
//! under the strict Content-Security-Policy the README promises works.

use std::time::{Duration, Instant};

use super::server::{Csp, Server};
use super::{run, site, visit_all};

#[test]
fn example_pages_have_no_console_errors() {
    let site = site::example(&[]);
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        let errors = visit_all(&b, &server, &site.pages()).await;
        assert!(errors.is_empty(), "console errors:\n{}", errors.join("\n"));
    });
}

#[test]
fn example_pages_work_under_a_strict_content_security_policy() {
    let site = site::example(&[]);
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Strict);
        // `visit_all` waits a moment at the end, which late reports need too.
        let errors = visit_all(&b, &server, &site.pages()).await;
        let reports = server.csp_reports();

        // Without this, "no report" could mean the reporting never worked.
        b.eval(INLINE_SCRIPT, vec![]).await;
        assert!(
            wait_for_report(&server, reports.len()).await,
            "an inline script was not reported: CSP reporting is broken"
        );
        b.console_errors().await;

        assert!(
            errors.is_empty() && reports.is_empty(),
            "console errors:\n{}\nCSP violations:\n{}",
            errors.join("\n"),
            reports.join("\n")
        );
    });
}

/// An inline script: exactly what `default-src 'self'` forbids.
const INLINE_SCRIPT: &str = "
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.appendChild(s);
";

/// Wait for a report beyond the `seen` ones.
async fn wait_for_report(server: &Server, seen: usize) -> bool {
    let start = Instant::now();
    while server.csp_reports().len() <= seen {
        if start.elapsed() > Duration::from_secs(5) {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}
