//! Config keys and command-line flags have the effect the README promises:
//! `language`, `theme` overrides, `[front_matter] unknown = "warn"`,
//! `--base-url`, `--out` and `--drafts`.

use std::fs;
use std::path::Path;

use crate::support::{copy_fixture, dojo, fixtures, stderr};

fn basic() -> tempfile::TempDir {
    copy_fixture(&fixtures().join("sites/basic"))
}

fn append(path: &Path, text: &str) {
    let mut s = fs::read_to_string(path).unwrap();
    s.push_str(text);
    fs::write(path, s).unwrap();
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn unknown_fields_are_warnings_when_the_config_says_warn() {
    let dir = basic();
    append(
        &dir.path().join("handbook.toml"),
        "\n[front_matter]\nunknown = \"warn\"\n",
    );
    fs::write(
        dir.path().join("content/legacy.md"),
        "+++\ntitle = \"Legacy\"\nlayout = \"post\"\n+++\nOld.\n",
    )
    .unwrap();
    let out = dojo(dir.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with("warning[unknown-field]: unknown front-matter field `layout`"),
        "{err}"
    );
    assert!(err.contains("--> content/legacy.md:3:1"), "{err}");
    assert!(dir.path().join("public/legacy/index.html").is_file());
}

#[test]
fn language_sets_the_lang_of_every_page() {
    let dir = basic();
    append(&dir.path().join("handbook.toml"), "language = \"de\"\n");
    assert!(dojo(dir.path(), &["build"]).status.success());
    assert!(
        read(dir.path(), "public/about/index.html")
            .starts_with("<!doctype html>\n<html lang=\"de\" ")
    );
}

#[test]
fn a_theme_file_overrides_the_default_of_the_same_name() {
    let dir = basic();
    append(&dir.path().join("handbook.toml"), "theme = \"brand\"\n");
    fs::create_dir_all(dir.path().join("themes/brand/static")).unwrap();
    fs::create_dir_all(dir.path().join("themes/brand/templates")).unwrap();
    fs::write(
        dir.path().join("themes/brand/static/dojo.css"),
        "body { color: teal; }\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("themes/brand/templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<p class=\"brand\">{{ page.title }}</p>{% endblock main %}",
    )
    .unwrap();
    let out = dojo(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        read(dir.path(), "public/_dojo/dojo.css"),
        "body { color: teal; }\n"
    );
    assert!(read(dir.path(), "public/about/index.html").contains("<p class=\"brand\">About</p>"));
    // Files the theme does not override still come from the default theme.
    assert!(read(dir.path(), "public/_dojo/dojo.js").contains("setupThemeToggle"));
}

#[test]
fn a_broken_theme_template_is_reported_with_its_name() {
    let dir = basic();
    append(&dir.path().join("handbook.toml"), "theme = \"brand\"\n");
    fs::create_dir_all(dir.path().join("themes/brand/templates")).unwrap();
    fs::write(
        dir.path().join("themes/brand/templates/page.html"),
        "{% if %}",
    )
    .unwrap();
    let out = dojo(dir.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[template-error]") && err.contains("page.html"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn base_url_flag_changes_absolute_urls_only() {
    let dir = basic();
    assert!(
        dojo(
            dir.path(),
            &["build", "--base-url", "https://docs.example.org/learn"]
        )
        .status
        .success()
    );
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://docs.example.org/learn/about/</loc>"),
        "{sitemap}"
    );
    let about = read(dir.path(), "public/about/index.html");
    assert!(
        about.contains("<link rel=\"canonical\" href=\"https://docs.example.org/learn/about/\">")
    );
    assert!(
        about.contains("href=\"../guide/first-step/\""),
        "internal links stay relative"
    );
    let not_found = read(dir.path(), "public/404.html");
    assert!(
        not_found.contains("href=\"/learn/\""),
        "404 links are root-absolute from base_url's path"
    );
}

#[test]
fn out_flag_is_relative_to_the_current_folder() {
    let dir = basic();
    let elsewhere = tempfile::tempdir().unwrap();
    let root = dir.path().display().to_string();
    let out = dojo(
        elsewhere.path(),
        &["--root", &root, "build", "--out", "site"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elsewhere.path().join("site/index.html").is_file());
    assert!(!dir.path().join("public").exists());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = basic();
    assert!(dojo(dir.path(), &["build"]).status.success());
    assert!(!dir.path().join("public/guide/drafty/index.html").exists());
    assert!(dojo(dir.path(), &["build", "--drafts"]).status.success());
    assert!(dir.path().join("public/guide/drafty/index.html").is_file());
}

#[test]
fn search_can_be_turned_off() {
    let dir = basic();
    assert!(dojo(dir.path(), &["build"]).status.success());
    assert!(dir.path().join("public/_dojo/search/manifest.js").is_file());
    assert!(read(dir.path(), "public/about/index.html").contains("_dojo/search.js"));

    append(
        &dir.path().join("handbook.toml"),
        "\n[search]\nenabled = false\n",
    );
    assert!(dojo(dir.path(), &["build"]).status.success());
    assert!(!dir.path().join("public/_dojo/search").exists());
    assert!(!dir.path().join("public/search/index.html").exists());
    let about = read(dir.path(), "public/about/index.html");
    assert!(!about.contains("_dojo/search.js") && !about.contains("id=\"search-input\""));
}
