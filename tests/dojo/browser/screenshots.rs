//! Screenshots of the example handbook for people to look at: the home page
//! and a content page, light and dark, on a desktop and a phone, written to
//! `target/screenshots/<page>-<scheme>-<device>.png`, each checked to show the
//! scheme asked for.

use std::path::PathBuf;

use super::a11y::{applied_scheme, save_scheme};
use super::server::{Csp, Server};
use super::{run, site};

const PAGES: [(&str, &str); 2] = [("home", ""), ("page", "service-chain/internal-customers/")];
const DEVICES: [(&str, u32, u32); 2] = [("desktop", 1280, 900), ("phone", 375, 800)];

#[test]
fn screenshots_of_home_and_a_page_light_and_dark() {
    let site = site::example(&[]);
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    run(|b| async move {
        let server = Server::start(site.root(), "/", Csp::Off);
        b.goto(&server.url("")).await;
        for scheme in ["light", "dark"] {
            save_scheme(&b, scheme).await;
            for (device, width, height) in DEVICES {
                b.set_viewport(width, height).await;
                for (name, path) in PAGES {
                    b.goto(&server.url(path)).await;
                    b.wait_for_load().await;
                    assert_eq!(applied_scheme(&b).await, scheme, "{name} on a {device}");
                    let png = b.screenshot().await;
                    assert!(png.starts_with(b"\x89PNG"), "{name} on a {device}");
                    let file = out.join(format!("{name}-{scheme}-{device}.png"));
                    std::fs::write(&file, png).unwrap();
                }
            }
        }
    });
}
