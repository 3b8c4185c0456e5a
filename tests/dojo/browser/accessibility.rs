//! axe-core finds no serious or critical accessibility violation on any
//! page of the example handbook, in the light and in the dark colour scheme.

use super::a11y::{applied_scheme, describe, save_scheme, serious_violations};
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
            failures.extend(
                violations
                    .iter()
                    .map(|v| describe(&format!("/{}", page.path), v)),
            );
        }
        assert!(
            failures.is_empty(),
            "axe violations in {scheme} mode:\n{}",
            failures.join("\n")
        );
    });
}
