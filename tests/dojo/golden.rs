//! Golden tests: fixture sites under `tests/fixtures/sites/<case>/` are built
//! and compared with `expected/`: the list of output files, the `<main>`
//! region of every page, and the sitemap and feed in full.

use std::path::Path;

use crate::support::{
    assert_matches_file, copy_fixture, dojo, fixtures, main_region, read_tree, stderr,
};

fn golden(case: &str, args: &[&str]) {
    let src = fixtures().join("sites").join(case);
    let dir = copy_fixture(&src);
    let mut full_args = vec!["build"];
    full_args.extend_from_slice(args);
    let out = dojo(dir.path(), &full_args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{case}: build failed:\n{}",
        stderr(&out)
    );
    compare_tree(&dir.path().join("public"), &src.join("expected"));
}

fn compare_tree(public: &Path, expected: &Path) {
    let files = read_tree(public);
    let listing: String = files.iter().map(|(p, _)| format!("{p}\n")).collect();
    assert_matches_file(&listing, &expected.join("FILES"));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") && !path.starts_with("_dojo/") {
            assert_matches_file(&main_region(&text), &expected.join("pages").join(path));
        } else if path == "sitemap.xml" || path == "feed.xml" {
            assert_matches_file(&text, &expected.join(path));
        }
    }
}

#[test]
fn basic_site_matches_its_expected_pages() {
    golden("basic", &[]);
}

#[test]
fn learning_site_matches_its_expected_pages() {
    golden("learning", &[]);
}
