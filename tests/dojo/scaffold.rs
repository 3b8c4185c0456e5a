//! The authoring loop's scaffolding: `dojo new` writes a page of each kind
//! that builds, `dojo init` a starter handbook with nothing to report, and
//! `dojo theme eject` a theme that builds the very same site as the default.

use std::fs;
use std::path::Path;

use crate::support::{dojo, read_tree, stderr, stdout};

const KINDS: [(&str, &str); 7] = [
    ("path", "paths/"),
    ("page", ""),
    ("playbook", "playbooks/"),
    ("kata", "kata/"),
    ("role", "roles/"),
    ("competency", "competencies/"),
    ("goal", "goals/"),
];

/// A handbook with a config and a home page only.
fn bare_handbook() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("handbook.toml"), "title = \"Bare\"\n").unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    fs::write(dir.path().join("content/_index.md"), "# Home\n").unwrap();
    dir
}

/// `dojo check` passes with no error and no warning.
fn assert_checks_clean(dir: &Path) {
    let out = dojo(dir, &["check", "--strict"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stderr(&out),
        stdout(&out)
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
}

fn new_page_of_each_kind(dir: &Path) {
    for (kind, folder) in KINDS {
        let out = dojo(dir, &["new", kind, "Our", "first", &format!("{kind}!")]);
        assert_eq!(out.status.code(), Some(0), "{kind}: {}", stderr(&out));
        let rel = format!("content/{folder}our-first-{kind}.md");
        assert_eq!(stdout(&out), format!("Created {rel}\n"));
        let text = fs::read_to_string(dir.join(&rel)).unwrap();
        assert!(
            text.contains(&format!("title = \"Our first {kind}!\"")),
            "{text}"
        );
    }
}

#[test]
fn new_writes_each_kind_into_its_folder_and_an_empty_handbook_still_builds() {
    // The path comes first: with no role or page to point at yet, its
    // placeholders must still resolve.
    let dir = bare_handbook();
    new_page_of_each_kind(dir.path());
    assert_checks_clean(dir.path());
    let out = dojo(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path()
            .join("public/kata/our-first-kata/index.html")
            .is_file()
    );
}

#[test]
fn new_pages_fill_in_the_handbooks_own_references() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("hb");
    assert!(dojo(parent.path(), &["init", "hb"]).status.success());
    new_page_of_each_kind(&dir);
    let path = fs::read_to_string(dir.join("content/paths/our-first-path.md")).unwrap();
    assert!(path.contains("\nroles = [\"agent\"]"), "{path}");
    assert!(
        path.contains("\nsteps = [\"playbooks/greet-a-customer\"]\n"),
        "{path}"
    );
    assert_checks_clean(&dir);
}

#[test]
fn new_refuses_to_overwrite_a_page() {
    let dir = bare_handbook();
    let page = dir.path().join("content/kata/morning-huddle.md");
    assert!(
        dojo(dir.path(), &["new", "kata", "Morning huddle"])
            .status
            .success()
    );
    fs::write(&page, "mine").unwrap();
    let out = dojo(dir.path(), &["new", "kata", "Morning  huddle?"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `content/kata/morning-huddle.md` already exists; nothing was overwritten\n  \
         = help: choose another title, or edit the page that is there\n"
    );
    assert_eq!(fs::read_to_string(&page).unwrap(), "mine");
}

#[test]
fn an_unknown_kind_is_a_usage_error_with_a_suggestion() {
    let dir = bare_handbook();
    let out = dojo(dir.path(), &["new", "playbok", "Greet"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: unknown kind `playbok`\n  = help: did you mean `playbook`? \
         the kinds are: page, playbook, kata, role, competency, path, goal\n"
    );
    assert!(!dir.path().join("content/playbooks").exists());
}

#[test]
fn new_needs_a_handbook_and_a_title_with_words() {
    let empty = tempfile::tempdir().unwrap();
    let out = dojo(empty.path(), &["new", "kata", "Huddle"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no handbook.toml was found"),
        "{}",
        stderr(&out)
    );
    let dir = bare_handbook();
    let out = dojo(dir.path(), &["new", "page", "?!"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no letters or digits"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn init_writes_a_starter_that_builds_with_nothing_to_report() {
    let parent = tempfile::tempdir().unwrap();
    let out = dojo(parent.path(), &["init", "Team Handbook"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("cd \"Team Handbook\" && dojo serve"),
        "{}",
        stdout(&out)
    );
    let dir = parent.path().join("Team Handbook");
    let config = fs::read_to_string(dir.join("handbook.toml")).unwrap();
    assert!(config.contains("\nid = \"team-handbook\"\n"), "{config}");
    assert!(config.contains("\ntitle = \"Team Handbook\"\n"), "{config}");
    for folder in [
        "playbooks",
        "kata",
        "roles",
        "competencies",
        "paths",
        "goals",
    ] {
        let files = fs::read_dir(dir.join("content").join(folder)).unwrap();
        assert_eq!(files.count(), 1, "{folder}");
    }
    let check = dojo(&dir, &["check", "--strict"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stderr(&check).is_empty(), "{}", stderr(&check));
    assert_eq!(
        stdout(&check),
        "0 errors, 0 warnings, 0 trainer-report findings\n"
    );
    let build = dojo(&dir, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(stderr(&build).is_empty(), "{}", stderr(&build));
    assert!(!stdout(&build).contains("finding"), "{}", stdout(&build));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "keep").unwrap();
    let out = dojo(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: `.` is not empty\n"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("handbook.toml").exists());
    // A folder holding only `.git` is empty enough: `git init` often comes first.
    let repo = tempfile::tempdir().unwrap();
    fs::create_dir(repo.path().join(".git")).unwrap();
    assert!(dojo(repo.path(), &["init"]).status.success());
    assert!(repo.path().join("handbook.toml").is_file());
}

#[test]
fn an_ejected_theme_builds_the_same_site_byte_for_byte() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("hb");
    assert!(dojo(parent.path(), &["init", "hb"]).status.success());
    let out = dojo(&dir, &["theme", "eject"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("set `theme = \"custom\"` in handbook.toml"));
    for (path, bytes) in dojo::render::theme::DEFAULT_THEME {
        let copied = fs::read(dir.join("themes/custom").join(path)).unwrap();
        assert_eq!(&copied[..], *bytes, "{path}");
    }
    let default = parent.path().join("default-site");
    let out = dojo(&dir, &["build", "--out", default.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let config = dir.join("handbook.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("theme = \"custom\"\n{text}")).unwrap();
    let ejected = parent.path().join("ejected-site");
    let out = dojo(&dir, &["build", "--out", ejected.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        read_tree(&default) == read_tree(&ejected),
        "the sites differ"
    );
    let again = dojo(&dir, &["theme", "eject", "custom"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("`themes/custom` already exists"),
        "{}",
        stderr(&again)
    );
}
