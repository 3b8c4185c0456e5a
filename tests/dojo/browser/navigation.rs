//! Readers can click their way through the example handbook wherever it is
//! hosted: at a domain's root, under a subpath, and from `file://` with a
//! `--portable` build, where every relative link must name a file.

use std::path::Path;

use super::driver::Browser;
use super::server::{Csp, Server};
use super::{run, site, wait_to_leave};

const SITE_TITLE: &str = "Service Excellence Handbook";

/// Home -> a section (sidebar) -> a page (section list) -> the next page ->
/// home (breadcrumbs): (what to click, where it leads, that page's `<h1>`).
const ROUTE: [(&str, &str, &str); 4] = [
    (
        "#sidebar .nav-sections > li:nth-child(2) a",
        "service-chain/",
        "The service chain",
    ),
    (
        "main .cards a",
        "service-chain/internal-customers/",
        "Internal customers",
    ),
    (
        ".prev-next a.next",
        "service-chain/handoffs-between-teams/",
        "Handoffs between teams",
    ),
    (".breadcrumbs a", "", SITE_TITLE),
];

#[test]
fn readers_navigate_the_site_at_the_domain_root() {
    let site = site::example(&[]);
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        follow_route(&b, |path| server.url(path)).await;
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    });
}

#[test]
fn readers_navigate_the_site_under_a_subpath() {
    let site = site::example(&[]);
    run(|b| async move {
        let server = Server::start(site.root(), "/handbook/", Csp::Off);
        follow_route(&b, |path| server.url(path)).await;
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    });
}

#[test]
fn readers_navigate_a_portable_build_from_file_urls() {
    let site = site::example(&["--portable"]);
    run(|b| async move {
        let root = site.root().to_path_buf();
        follow_route(&b, |path| file_url(&root.join(path).join("index.html"))).await;
    });
}

#[test]
fn every_relative_link_of_a_portable_build_names_a_file() {
    let site = site::example(&["--portable"]);
    run(|b| async move {
        let mut problems = Vec::new();
        for page in site.pages() {
            let found = problems_from_disk(&b, &page).await;
            problems.extend(found.into_iter().map(|p| format!("/{}: {p}", page.path)));
        }
        assert!(
            problems.is_empty(),
            "from file://:\n{}",
            problems.join("\n")
        );
    });
}

/// Open `page` from disk: its broken relative links and console errors. An
/// alias page is checked where it redirects to.
async fn problems_from_disk(b: &Browser, page: &site::Page) -> Vec<String> {
    let url = file_url(&page.file);
    b.goto(&url).await;
    if page.redirects {
        wait_to_leave(b, &url).await;
    }
    b.wait_for_load().await;
    let mut found = broken_links(b).await;
    let errors = b.console_errors().await;
    // 404.html is served at any depth, so its links are root-absolute by
    // design and cannot work from a file.
    if page.path != "404.html" {
        found.extend(errors.into_iter().map(|e| format!("console: {e}")));
    }
    found
}

/// Visit home, then click along `ROUTE`; `url` maps a site path to the URL
/// the browser should end up at.
async fn follow_route(b: &Browser, url: impl Fn(&str) -> String) {
    b.goto(&url("")).await;
    assert_eq!(b.title().await, SITE_TITLE);
    for (selector, path, heading) in ROUTE {
        b.click_to(selector, &url(path)).await;
        let h1 = b.find("main h1").await.text().await.unwrap();
        assert_eq!(h1, heading, "after clicking {selector}");
        let want = if path.is_empty() {
            SITE_TITLE.to_string()
        } else {
            format!("{heading} · {SITE_TITLE}")
        };
        assert_eq!(b.title().await, want, "after clicking {selector}");
    }
}

/// Relative `<a href>`s of the current page that do not resolve to a file:
/// a missing file, or a folder (which a browser shows as a listing).
async fn broken_links(b: &Browser) -> Vec<String> {
    let links = b
        .eval(
            "return Array.from(document.links, a => [a.getAttribute('href'), a.href])",
            vec![],
        )
        .await;
    let mut broken = Vec::new();
    for link in links.as_array().unwrap() {
        let (raw, resolved) = (link[0].as_str().unwrap(), link[1].as_str().unwrap());
        if !is_relative(raw) {
            continue;
        }
        let mut target = url::Url::parse(resolved).unwrap();
        target.set_fragment(None);
        target.set_query(None);
        let path = target.to_file_path().unwrap();
        if path.is_dir() {
            broken.push(format!("{raw} is a folder, not a page"));
        } else if !path.is_file() {
            broken.push(format!("{raw} does not exist"));
        }
    }
    broken
}

/// A link to another file of the site: not a fragment of this page, not
/// root-absolute and without a scheme (`https:`, `mailto:`).
fn is_relative(href: &str) -> bool {
    let scheme = href
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    !(href.is_empty() || href.starts_with(['#', '/']) || scheme)
}

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}
