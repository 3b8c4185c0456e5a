//! `dojo serve` in a real browser: an open page reloads by itself when its
//! file is saved (and not when another page's is), a broken save puts the
//! error overlay over the last good page, and the next good save takes it
//! away, with no console error.

use std::fs;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::driver::Browser;
use super::run;
use crate::serve::Server;

const PATIENCE: Duration = Duration::from_secs(20);

#[test]
fn a_save_reloads_the_open_page_and_a_broken_save_shows_the_overlay() {
    let server = Server::start();
    let good = fs::read_to_string(server.path("content/about.md")).unwrap();
    let url = server.url("/about/");
    run(|b| async move {
        b.goto(&url).await;
        // Gone after a reload: the page was loaded again, not patched.
        b.eval("window.notReloaded = true", vec![]).await;

        server.write(
            "content/about.md",
            &format!("{good}\nSaved a moment ago.\n"),
        );
        let reloaded = "return !window.notReloaded
            && document.body.textContent.includes('Saved a moment ago.')";
        wait_until(&b, "the page to reload with the edit", reloaded).await;

        b.eval("window.notReloaded = true", vec![]).await;
        let broken = "+++\ntitle = \"About\"\nowners = \"Training\"\n+++\nHalf-written\n";
        server.write("content/about.md", broken);
        let overlay = "return !window.notReloaded && !!document.querySelector('.dojo-overlay')";
        wait_until(&b, "the error overlay", overlay).await;
        let shown = b
            .eval(
                "return [document.querySelector('.dojo-overlay').textContent,
                         document.querySelector('main h1').textContent,
                         document.body.textContent.includes('Half-written')]",
                vec![],
            )
            .await;
        let text = shown[0].as_str().unwrap();
        assert!(text.contains("content/about.md:3:1"), "{text}");
        assert!(text.contains("owners"), "{text}");
        assert_eq!(shown[1], "About", "the last good page stays under it");
        assert_eq!(shown[2], false, "the broken text is not shown");

        server.write("content/about.md", &good);
        let cleared = "return !document.querySelector('.dojo-overlay')
            && !document.body.textContent.includes('Saved a moment ago.')";
        wait_until(&b, "the overlay to clear", cleared).await;
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    });
}

#[test]
fn a_save_leaves_open_pages_it_does_not_change_alone() {
    let server = Server::start();
    let about = fs::read_to_string(server.path("content/about.md")).unwrap();
    let step = fs::read_to_string(server.path("content/guide/first-step.md")).unwrap();
    let url = server.url("/guide/first-step/");
    run(|b| async move {
        b.goto(&url).await;
        b.eval("window.notReloaded = true", vec![]).await;

        let build = server.build();
        server.write("content/about.md", &format!("{about}\nAnother page.\n"));
        server.wait_for("the rebuild", |s| s.build() > build);
        // Time for the page to hear of the build and ask for itself again.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let kept = b.eval("return window.notReloaded === true", vec![]).await;
        assert_eq!(kept, true, "a page the save did not change reloaded");

        server.write(
            "content/guide/first-step.md",
            &format!("{step}\nThis page.\n"),
        );
        let reloaded = "return !window.notReloaded
            && document.body.textContent.includes('This page.')";
        wait_until(&b, "the page to reload with its edit", reloaded).await;
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    });
}

/// Poll `script` (which returns a boolean) until it is true; a script cut
/// short by the page reloading counts as false.
async fn wait_until(b: &Browser, what: &str, script: &str) {
    let start = Instant::now();
    loop {
        if let Ok(Value::Bool(true)) = b.client().execute(script, vec![]).await {
            return;
        }
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
