//! Helpers shared by the test modules: running the `dojo` binary on a copy
//! of a fixture, reading outputs, comparing against blessed expectations.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's `tests/fixtures/` folder.
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// True when expected files should be rewritten instead of compared.
pub(crate) fn blessing() -> bool {
    std::env::var_os("DOJO_BLESS").is_some_and(|v| v != "0")
}

/// Copy a fixture folder into a fresh temporary folder, so builds never
/// write into the repository.
pub(crate) fn copy_fixture(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(src, dir.path());
    dir
}

/// Copy the repository's example handbook (`handbook.toml`, `content/`)
/// into a fresh temporary folder, so tests can add pages and build it.
pub(crate) fn copy_example() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo.join("handbook.toml"), dir.path().join("handbook.toml")).unwrap();
    copy_tree(&repo.join("content"), &dir.path().join("content"));
    dir
}

pub(crate) fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        if rel.starts_with("expected") || rel == Path::new("expected.stderr") {
            continue;
        }
        let to = dst.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Make `dir` a git repository with everything in it committed once, at
/// 2026-05-04T10:00:00Z (the date pages without `updated` then take).
pub(crate) fn commit_all(dir: &Path) {
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=Dojo", "-c", "user.email=dojo@example.com"])
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_DATE", "2026-05-04T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-05-04T10:00:00Z")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Handbook"]);
}

/// Run `dojo` with `args` in `dir` (as the current folder).
pub(crate) fn dojo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dojo"))
        .args(args)
        .current_dir(dir)
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .unwrap()
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir`, as (relative path with `/`, bytes), sorted.
pub(crate) fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The `<main>` region of a page: what golden tests compare, so theme
/// chrome does not churn every expected file.
pub(crate) fn main_region(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html
        .find("</main>")
        .map_or(html.len(), |i| i + "</main>".len());
    html[start..end].to_string()
}

/// Compare `actual` with the file at `expected`, or rewrite it when blessing.
pub(crate) fn assert_matches_file(actual: &str, expected: &Path) {
    if blessing() {
        fs::create_dir_all(expected.parent().unwrap()).unwrap();
        fs::write(expected, actual).unwrap();
        return;
    }
    let want = fs::read_to_string(expected).unwrap_or_else(|_| {
        panic!(
            "missing {}: run with DOJO_BLESS=1 and review it",
            expected.display()
        )
    });
    assert_eq!(actual, want, "output differs from {}", expected.display());
}
