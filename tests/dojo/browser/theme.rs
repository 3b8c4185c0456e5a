//! The default theme's page behaviour in a browser: the dark-mode toggle
//! that survives a reload, the menu that opens the sidebar on a phone, and
//! pages that fit a phone's width and tables a laptop's.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;

use super::driver::Browser;
use super::server::{Csp, Server};
use super::site::Page;
use super::{run, site};

const CONTENT_PAGE: &str = "service-chain/internal-customers/";

#[test]
fn dark_mode_toggle_persists_across_a_reload() {
    let site = site::example(&[]);
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        b.goto(&server.url(CONTENT_PAGE)).await;
        b.wait_for_load().await;
        assert_eq!(theme(&b).await, "", "no theme before the reader picks one");
        assert!(background_luminance(&b).await > 0.5, "light by default");

        let toggle = b.find(".theme-toggle").await;
        assert!(toggle.is_displayed().await.unwrap(), "toggle shown");
        assert_eq!(toggle.attr("aria-pressed").await.unwrap().unwrap(), "false");
        toggle.click().await.unwrap();
        assert_eq!(theme(&b).await, "dark");

        b.client().refresh().await.unwrap();
        b.wait_for_load().await;
        assert_eq!(theme(&b).await, "dark", "dark mode kept after reload");
        let pressed = b.find(".theme-toggle").await.attr("aria-pressed").await;
        assert_eq!(pressed.unwrap().unwrap(), "true");
        let luminance = background_luminance(&b).await;
        assert!(luminance < 0.2, "dark background, luminance {luminance}");
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    });
}

#[test]
fn menu_opens_the_sidebar_on_a_phone() {
    let site = site::example(&[]);
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        b.set_viewport(375, 800).await;
        b.goto(&server.url(CONTENT_PAGE)).await;
        b.wait_for_load().await;
        let button = b.find(".menu-button").await;
        let sidebar = b.find("#sidebar").await;
        assert!(button.is_displayed().await.unwrap(), "menu button shown");
        assert!(!sidebar.is_displayed().await.unwrap(), "sidebar folded");

        button.click().await.unwrap();
        assert!(shown_soon(&sidebar, true).await, "menu opens sidebar");
        assert_eq!(expanded(&button).await, "true");

        let focused = b.client().active_element().await.unwrap();
        focused.send_keys(&Key::Escape.to_string()).await.unwrap();
        assert!(shown_soon(&sidebar, false).await, "Escape closes it");
        assert_eq!(expanded(&button).await, "false");
        let focused = b.client().active_element().await.unwrap();
        let back = focused.element_id() == button.element_id();
        assert!(back, "focus goes back to the menu button");
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    });
}

#[test]
fn pages_fit_a_phone_screen_without_sideways_scrolling() {
    let site = site::example(&[]);
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        b.set_viewport(375, 800).await;
        let problems = on_each_page(&b, &server, &site.content_pages(), STICKING_OUT).await;
        assert!(
            problems.is_empty(),
            "wider than 375 px:\n{}",
            problems.join("\n")
        );
    });
}

/// On a laptop screen every table shows whole: the skills matrix (a column
/// per role) used to scroll there, hiding its last column. Narrower
/// screens may scroll a table on its own.
#[test]
fn tables_show_whole_on_a_laptop_screen() {
    let site = site::example(&[]);
    let with_tables: Vec<_> = site
        .content_pages()
        .into_iter()
        .filter(|p| std::fs::read_to_string(&p.file).unwrap().contains("<table"))
        .collect();
    assert!(
        with_tables.iter().any(|p| p.path == "skills/"),
        "the skills matrix is a table"
    );
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        b.set_viewport(1280, 800).await;
        let problems = on_each_page(&b, &server, &with_tables, TABLES_CUT).await;
        assert!(
            problems.is_empty(),
            "tables that scroll at 1280 px:\n{}",
            problems.join("\n")
        );
    });
}

/// What `script` (which returns a list of strings) finds on each of
/// `pages`, each line prefixed with its page.
async fn on_each_page(b: &Browser, server: &Server, pages: &[Page], script: &str) -> Vec<String> {
    let mut found = Vec::new();
    for page in pages {
        b.goto(&server.url(&page.path)).await;
        b.wait_for_load().await;
        for item in b.eval(script, vec![]).await.as_array().unwrap() {
            found.push(format!("/{}: {}", page.path, item.as_str().unwrap()));
        }
    }
    found
}

/// Tables wider than the box they scroll in.
const TABLES_CUT: &str = "
    return Array.from(document.querySelectorAll('table'))
        .filter(t => t.scrollWidth > t.clientWidth + 1)
        .map(t => (t.className || 'table') + ': ' + t.scrollWidth + ' px in ' + t.clientWidth);
";

/// The innermost elements that end right of the viewport, so they are cut
/// off or make the page scroll sideways. Content inside a scrolling box
/// (a wide table that scrolls on its own) is fine.
const STICKING_OUT: &str = "
    const width = document.documentElement.clientWidth;
    const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    const out = e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.right > width + 1;
    };
    const inScroller = e => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            if (scrolls(p)) return true;
        }
        return false;
    };
    return Array.from(document.body.querySelectorAll('*'))
        .filter(e => out(e) && !inScroller(e) && !Array.from(e.children).some(out))
        .map(e => {
            const name = e.tagName.toLowerCase() + (e.className ? '.' + e.className : '');
            return name + ' ends at ' + Math.round(e.getBoundingClientRect().right) + ' px';
        });
";

/// `<html data-theme>`, or "" when unset.
async fn theme(b: &Browser) -> String {
    let set = b
        .eval(
            "return document.documentElement.dataset.theme || ''",
            vec![],
        )
        .await;
    set.as_str().unwrap().to_string()
}

/// Whether `element` is (`shown`) or is not displayed within a second: a
/// theme may animate the sidebar in and out.
async fn shown_soon(element: &Element, shown: bool) -> bool {
    let start = Instant::now();
    while element.is_displayed().await.unwrap() != shown {
        if start.elapsed() > Duration::from_secs(1) {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    true
}

async fn expanded(button: &Element) -> String {
    button
        .attr("aria-expanded")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Relative luminance (0 black .. 1 white) of the background behind
/// `<main>`. A canvas converts whatever colour syntax the theme uses.
async fn background_luminance(b: &Browser) -> f64 {
    let script = "
        let colour = 'white';
        for (let e = document.querySelector('main'); e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (c !== 'transparent' && c !== 'rgba(0, 0, 0, 0)') { colour = c; break; }
        }
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.fillStyle = colour;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    ";
    b.eval(script, vec![]).await.as_f64().unwrap()
}
