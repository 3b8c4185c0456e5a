//! Unit tests of the load stage: walk order, ignored files, UTF-8 and
//! symlink errors, theme files, `read_source`.

use super::*;

fn handbook(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

fn rels(files: &[CopiedFile]) -> Vec<&str> {
    files.iter().map(|f| f.rel.as_str()).collect()
}

fn codes(errors: &[Diagnostic]) -> Vec<&str> {
    errors.iter().map(|d| d.code).collect()
}

#[test]
fn walks_in_file_name_order() {
    let dir = handbook(&[
        ("content/b.md", b"b"),
        ("content/sub/c.md", b"c"),
        ("content/a.md", b"a"),
        ("content/A.md", b"A"),
        ("content/sub/img.png", b"png"),
        ("content/logo.svg", b"svg"),
    ]);
    let sources = load_from(dir.path(), None).unwrap();
    let pages: Vec<_> = sources.pages.iter().map(|p| p.rel.as_str()).collect();
    assert_eq!(pages, ["A.md", "a.md", "b.md", "sub/c.md"]);
    assert_eq!(sources.pages[1].text, "a");
    assert_eq!(rels(&sources.assets), ["logo.svg", "sub/img.png"]);
    assert_eq!(sources.assets[0].abs, dir.path().join("content/logo.svg"));
}

#[test]
fn skips_hidden_and_editor_files_in_content_but_keeps_dotfiles_in_static() {
    let dir = handbook(&[
        ("content/keep.md", b"k"),
        ("content/.git/HEAD.md", b"x"),
        ("content/.hidden.md", b"x"),
        ("content/.#keep.md", b"x"),
        ("content/keep.md~", b"x"),
        ("content/#keep.md#", b"x"),
        ("content/.keep.md.swp", b"x"),
        ("content/keep.swo", b"x"),
        ("content/keep.swx", b"x"),
        ("content/upload.tmp", b"x"),
        ("static/.well-known/security.txt", b"s"),
        ("static/.nojekyll", b""),
        ("static/robots.txt", b"r"),
    ]);
    let sources = load_from(dir.path(), None).unwrap();
    assert_eq!(sources.pages.len(), 1);
    assert_eq!(sources.pages[0].rel, "keep.md");
    assert!(sources.assets.is_empty());
    assert_eq!(
        rels(&sources.statics),
        [".nojekyll", ".well-known/security.txt", "robots.txt"]
    );
}

#[test]
fn ignored_paths_match_the_walk() {
    assert!(is_ignored(".git/x.md"));
    assert!(is_ignored("kata/.draft/x.md"));
    assert!(is_ignored("kata/x.md~"));
    assert!(is_ignored("kata/#x.md#"));
    assert!(is_ignored("kata/.x.md.swp"));
    assert!(!is_ignored("kata/x.md"));
    assert!(!is_ignored("c#/notes.md"));
    assert!(!is_ignored("backup~/x.md"));
}

#[test]
fn non_utf8_markdown_is_an_error_with_the_offset() {
    let dir = handbook(&[
        ("content/bad.md", b"ok\n\xE9t\xE9\n"),
        ("content/logo.png", b"\xFF\xD8"),
    ]);
    let errors = load_from(dir.path(), None).unwrap_err();
    assert_eq!(codes(&errors), ["not-utf8"]);
    let d = &errors[0];
    assert_eq!(d.file.as_deref(), Some("content/bad.md"));
    assert_eq!(
        d.message,
        "`content/bad.md` is not valid UTF-8: invalid byte 0xE9 at byte offset 3"
    );
    assert_eq!(d.location().as_deref(), Some("content/bad.md:2:1"));
    assert_eq!(d.help.as_deref(), Some("save the file as UTF-8"));
}

#[test]
fn every_error_is_collected() {
    let dir = handbook(&[("content/a.md", b"\xFF"), ("content/b/c.md", b"x\xC3")]);
    let errors = load_from(dir.path(), None).unwrap_err();
    let files: Vec<_> = errors.iter().map(|d| d.file.as_deref().unwrap()).collect();
    assert_eq!(files, ["content/a.md", "content/b/c.md"]);
}

#[test]
fn bom_and_crlf_are_kept_as_is() {
    let text = "\u{FEFF}+++\r\ntitle = \"Été\"\r\n+++\r\nBody\r\n";
    let dir = handbook(&[("content/bom.md", text.as_bytes())]);
    let sources = load_from(dir.path(), None).unwrap();
    assert_eq!(sources.pages[0].text, text);
}

#[test]
fn missing_content_is_an_error_and_missing_static_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let errors = load_from(dir.path(), None).unwrap_err();
    assert_eq!(codes(&errors), ["missing-content"]);
    assert!(errors[0].help.is_some());
    fs::create_dir(dir.path().join("content")).unwrap();
    let sources = load_from(dir.path(), None).unwrap();
    assert!(sources.statics.is_empty());
}

#[test]
fn theme_files_are_read_relative_to_the_theme_folder() {
    let dir = handbook(&[
        ("themes/mine/templates/page.html", b"<main>"),
        ("themes/mine/static/site.css", b"body{}"),
    ]);
    let sources = load_from(dir.path(), Some("mine")).unwrap();
    let names: Vec<_> = sources
        .theme_files
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["static/site.css", "templates/page.html"]);
    assert_eq!(sources.theme_files[1].1, b"<main>");
}

#[test]
fn a_missing_theme_folder_is_an_error_unless_it_is_the_builtin_one() {
    let dir = handbook(&[]);
    assert_eq!(
        codes(&load_from(dir.path(), Some("mine")).unwrap_err()),
        ["missing-theme"]
    );
    assert_eq!(
        codes(&load_from(dir.path(), Some("../content")).unwrap_err()),
        ["missing-theme"]
    );
    assert!(load_from(dir.path(), Some("default")).is_ok());
}

#[test]
fn read_source_checks_like_load() {
    let dir = handbook(&[("content/kata/x.md", b"hello"), ("content/bad.md", b"\xFF")]);
    let page = read_source_from(dir.path(), "kata/x.md").unwrap();
    assert_eq!(
        (page.rel.as_str(), page.text.as_str()),
        ("kata/x.md", "hello")
    );
    assert_eq!(
        read_source_from(dir.path(), "bad.md").unwrap_err().code,
        "not-utf8"
    );
    assert_eq!(
        read_source_from(dir.path(), "../handbook.toml")
            .unwrap_err()
            .code,
        "io-error"
    );
    let missing = read_source_from(dir.path(), "gone.md").unwrap_err();
    assert_eq!(
        (missing.code, missing.file.as_deref()),
        ("io-error", Some("content/gone.md"))
    );
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_link_out_of_the_root_is_an_error_naming_it() {
        let dir = handbook(&[("content/a.md", b"a")]);
        symlink("/etc", dir.path().join("content/etc")).unwrap();
        let errors = load_from(dir.path(), None).unwrap_err();
        assert_eq!(codes(&errors), ["symlink-outside-root"]);
        assert_eq!(errors[0].file.as_deref(), Some("content/etc"));
        assert!(
            errors[0].message.contains("`content/etc`"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[0].message.contains("`/etc`"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn read_source_refuses_a_file_reached_through_a_link_out_of_the_root() {
        let dir = handbook(&[]);
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("x.md"), "secret").unwrap();
        symlink(elsewhere.path(), dir.path().join("content/out")).unwrap();
        let err = read_source_from(dir.path(), "out/x.md").unwrap_err();
        assert_eq!(
            (err.code, err.file.as_deref()),
            ("symlink-outside-root", Some("content/out/x.md"))
        );
    }

    #[test]
    fn a_link_inside_the_root_is_followed() {
        let dir = handbook(&[("content/a.md", b"a"), ("shared/logo.png", b"png")]);
        symlink("../shared", dir.path().join("content/shared")).unwrap();
        symlink("../shared/logo.png", dir.path().join("content/logo.png")).unwrap();
        let sources = load_from(dir.path(), None).unwrap();
        assert_eq!(rels(&sources.assets), ["logo.png", "shared/logo.png"]);
    }

    #[test]
    fn a_folder_loop_is_an_error_not_a_hang() {
        let dir = handbook(&[("content/a/x.md", b"x")]);
        symlink("..", dir.path().join("content/a/up")).unwrap();
        let errors = load_from(dir.path(), None).unwrap_err();
        assert_eq!(codes(&errors), ["symlink-loop"]);
        assert_eq!(errors[0].file.as_deref(), Some("content/a/up"));
    }

    #[test]
    fn a_file_link_cycle_is_a_loop_error() {
        let dir = handbook(&[]);
        symlink("y.md", dir.path().join("content/x.md")).unwrap();
        symlink("x.md", dir.path().join("content/y.md")).unwrap();
        let errors = load_from(dir.path(), None).unwrap_err();
        assert_eq!(codes(&errors), ["symlink-loop", "symlink-loop"]);
    }

    #[test]
    fn a_broken_link_is_an_io_error_naming_it() {
        let dir = handbook(&[]);
        symlink("nowhere.md", dir.path().join("content/x.md")).unwrap();
        let errors = load_from(dir.path(), None).unwrap_err();
        assert_eq!(codes(&errors), ["io-error"]);
        assert!(
            errors[0].message.contains("broken symlink `content/x.md`"),
            "{}",
            errors[0].message
        );
    }
}
