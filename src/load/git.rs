//! Load stage, git history: one `git log` run in the handbook folder -> the
//! date of each page's last commit, for pages whose front matter has no
//! `updated`. No git, no repository or no commit just means no dates.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::date::Date;

/// Starts each commit's header in the log, so it cannot be read as a file name
/// (those all start with `content/`).
const DATE_MARK: &str = "date:";

/// The last commit date of each of `pages` (content-relative paths), keyed by
/// that path. Pages never committed get no date.
pub(super) fn last_commit_dates<'a>(
    root: &Path,
    pages: impl IntoIterator<Item = &'a str>,
) -> HashMap<String, Date> {
    let mut undated: HashSet<&str> = pages.into_iter().collect();
    let mut dates = HashMap::with_capacity(undated.len());
    if undated.is_empty() {
        return dates;
    }
    // A missing git binary is no error: the handbook simply has no history.
    let Ok(mut git) = spawn_log(root) else {
        return dates;
    };
    if let Some(log) = git.stdout.take() {
        read_log(BufReader::new(log), &mut undated, &mut dates);
    }
    // Once every page is dated the rest of the history is not needed; a git
    // that has already finished (or failed: not a repository) is just reaped.
    let _ = git.kill();
    let _ = git.wait();
    dates
}

/// `git log` of `content/`, newest commit first: per commit a `date:YYYY-MM-DD`
/// token then the files it touched, every token ended by NUL (`-z`, so names
/// are never quoted). `--relative` names files from the handbook folder even
/// when it is a subfolder of the repository.
fn spawn_log(root: &Path) -> std::io::Result<Child> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "-z",
            "--format=date:%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "--no-show-signature",
            "--no-color",
            "--",
            "content",
        ])
        // The handbook's folder says which repository, not the caller's
        // environment: a git hook running `dojo build` exports a relative GIT_DIR.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
}

/// Read the log as it streams in, giving each page the date of the first
/// (newest) commit that names it; stops once `undated` is empty.
fn read_log(log: impl BufRead, undated: &mut HashSet<&str>, dates: &mut HashMap<String, Date>) {
    let mut date = None;
    for token in log.split(0) {
        let Ok(token) = token else {
            return;
        };
        // Names are UTF-8 (load rejects others), so other tokens are no page.
        let Ok(token) = std::str::from_utf8(&token) else {
            continue;
        };
        // `-z` ends a commit's header with NUL, then a newline before its files.
        let token = token.strip_prefix('\n').unwrap_or(token);
        if let Some(text) = token.strip_prefix(DATE_MARK) {
            date = Date::parse(text);
        } else if let (Some(date), Some(rel)) = (date, token.strip_prefix("content/"))
            && undated.remove(rel)
        {
            dates.insert(rel.to_string(), date);
            if undated.is_empty() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// Write each file with `text`, so a later commit changes it.
    fn write(root: &Path, text: &str, files: &[&str]) {
        for rel in files {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    /// Run git in `repo` alone: no user or system config, no repository
    /// from the environment, and the given date on commits.
    fn git(repo: &Path, day: &str, args: &[&str]) {
        let stamp = format!("{day}T12:00:00+00:00");
        let status = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["-c", "user.name=Dojo", "-c", "user.email=dojo@example.org"])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?} failed");
    }

    /// Add and commit everything in `repo` as of `day`.
    fn commit(repo: &Path, day: &str, files: &[&str]) {
        write(repo, day, files);
        git(repo, day, &["add", "--all"]);
        git(repo, day, &["commit", "--quiet", "--message", day]);
    }

    fn dates_of(root: &Path, pages: &[&str]) -> Vec<(String, Date)> {
        let mut dates: Vec<_> = last_commit_dates(root, pages.iter().copied())
            .into_iter()
            .collect();
        dates.sort();
        dates
    }

    #[test]
    fn each_page_gets_its_last_commit_date() {
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path();
        git(root, "2024-01-01", &["init", "--quiet"]);
        commit(
            root,
            "2024-01-02",
            &["content/a.md", "content/s/é t.md", "notes.md"],
        );
        commit(root, "2024-03-04", &["content/a.md", "content/logo.png"]);
        write(root, "new", &["content/new.md"]);
        let dates = dates_of(root, &["a.md", "s/é t.md", "new.md"]);
        assert_eq!(
            dates,
            [
                ("a.md".to_string(), date("2024-03-04")),
                ("s/é t.md".to_string(), date("2024-01-02")),
            ]
        );
    }

    #[test]
    fn a_handbook_in_a_subfolder_of_the_repository_gets_content_relative_keys() {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), "2024-01-01", &["init", "--quiet"]);
        commit(
            repo.path(),
            "2024-05-06",
            &["docs/handbook/content/kata/x.md", "content/kata/x.md"],
        );
        commit(repo.path(), "2024-07-08", &["content/kata/x.md"]);
        let root = repo.path().join("docs/handbook");
        let sources = super::super::load_from(&root, None).unwrap();
        let dates: Vec<_> = sources.git_dates.into_iter().collect();
        assert_eq!(dates, [("kata/x.md".to_string(), date("2024-05-06"))]);
    }

    #[test]
    fn a_folder_outside_any_repository_has_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a", &["content/a.md"]);
        assert_eq!(dates_of(dir.path(), &["a.md"]), []);
    }

    #[test]
    fn a_repository_without_commits_has_no_dates() {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), "2024-01-01", &["init", "--quiet"]);
        write(repo.path(), "a", &["content/a.md"]);
        assert_eq!(dates_of(repo.path(), &["a.md"]), []);
    }

    #[test]
    fn the_newest_commit_naming_a_page_gives_its_date() {
        let log = b"date:2024-03-04\0\ncontent/a.md\0content/gone.md\0\0\
                    date:2024-02-03\0\ncontent/a.md\0content/b c.md\0\0\
                    date:not-a-date\0\ncontent/never.md\0";
        let mut undated: HashSet<&str> = ["a.md", "b c.md", "never.md"].into();
        let mut dates = HashMap::new();
        read_log(&log[..], &mut undated, &mut dates);
        assert_eq!(dates.len(), 2);
        assert_eq!(dates["a.md"], date("2024-03-04"));
        assert_eq!(dates["b c.md"], date("2024-02-03"));
        assert_eq!(undated, HashSet::from(["never.md"]));
    }

    #[test]
    fn reading_stops_once_every_page_is_dated() {
        let mut log: &[u8] = b"date:2024-03-04\0\ncontent/a.md\0content/b.md\0\0\
                               date:2024-02-03\0\ncontent/c.md\0";
        let mut undated: HashSet<&str> = ["a.md"].into();
        let mut dates = HashMap::new();
        read_log(&mut log, &mut undated, &mut dates);
        assert_eq!(dates["a.md"], date("2024-03-04"));
        assert_eq!(log, b"content/b.md\0\0date:2024-02-03\0\ncontent/c.md\0");
    }
}
