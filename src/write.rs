//! Write stage: the only code that touches the output folder. Files are
//! staged in a sibling temporary folder and swapped into place at the end
//! (`renameat2(RENAME_EXCHANGE)` on Linux), so a failed build leaves the
//! previous site whole.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::Sink;

/// The file that marks a folder as Dojo's output, so that Dojo replaces or
/// deletes only folders it wrote itself.
pub const MARKER: &str = ".dojo-output";

const MARKER_TEXT: &str =
    "This folder was written by dojo build; dojo replaces it on every build.\n";

/// Why the output folder could not be written or swapped into place.
#[derive(Debug)]
pub enum WriteError {
    /// The output folder holds files and no marker: it is not Dojo's to replace.
    NotOurs {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        source: io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::NotOurs { path } => write!(
                f,
                "`{}` was not created by Dojo (it has no `{MARKER}` file) and will not be replaced; \
                 build somewhere else with `--out DIR`, or remove that folder yourself",
                path.display()
            ),
            WriteError::Io { path, source } => write!(f, "`{}`: {source}", path.display()),
        }
    }
}

impl WriteError {
    fn io(path: &Path, source: io::Error) -> WriteError {
        WriteError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::NotOurs { .. } => None,
            WriteError::Io { source, .. } => Some(source),
        }
    }
}

impl From<WriteError> for io::Error {
    fn from(err: WriteError) -> io::Error {
        let kind = match &err {
            WriteError::NotOurs { .. } => io::ErrorKind::AlreadyExists,
            WriteError::Io { source, .. } => source.kind(),
        };
        io::Error::new(kind, err.to_string())
    }
}

/// A temporary folder beside the output folder that a build writes into;
/// `commit` swaps it into place, dropping it uncommitted removes it.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
}

impl Staging {
    /// Make an empty `<parent>/.<name>.dojo-tmp` holding only the marker,
    /// after clearing what an interrupted earlier run left behind. Refuses
    /// early when the output folder is not Dojo's, before any work is done.
    pub fn create(out_dir: &Path) -> io::Result<Staging> {
        let out = resolve_out(out_dir)?;
        check_replaceable(&out)?;
        let tmp = sibling(&out, "tmp")?;
        let parent = tmp.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| at(parent, e))?;
        remove_if_ours(&tmp)?;
        remove_if_ours(&sibling(&out, "old")?)?;
        fs::create_dir(&tmp).map_err(|e| at(&tmp, e))?;
        let staging = Staging { out, tmp };
        let marker = staging.tmp.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(|e| at(&marker, e))?;
        Ok(staging)
    }

    /// The temporary folder being written.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Write `bytes` at output-relative `rel` (`/` separators), creating
    /// parent folders. Safe to call from many threads at once.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let dest = self.prepare(rel)?;
        fs::write(&dest, bytes).map_err(|e| at(&dest, e))
    }

    /// Copy the file `from` to output-relative `rel`, creating parent folders.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let dest = self.prepare(rel)?;
        fs::copy(from, &dest).map_err(|e| {
            let msg = format!(
                "cannot copy `{}` to `{}`: {e}",
                from.display(),
                dest.display()
            );
            io::Error::new(e.kind(), msg)
        })?;
        Ok(())
    }

    /// Put the staged site in place of the output folder, then delete the
    /// previous site. Refuses when the output folder is not Dojo's.
    pub fn commit(self) -> Result<(), WriteError> {
        check_replaceable(&self.out)?;
        // On success `drop` then removes the previous site, which the swap
        // left at the temporary path; on failure, the unfinished new one.
        match fs::symlink_metadata(&self.out) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => rename(&self.tmp, &self.out),
            Err(e) => Err(WriteError::io(&self.out, e)),
            Ok(meta) => {
                // Keep the permissions a host may have set on the output folder.
                let _ = fs::set_permissions(&self.tmp, meta.permissions());
                self.replace()
            }
        }
    }

    #[cfg(target_os = "linux")]
    fn replace(&self) -> Result<(), WriteError> {
        match exchange(&self.tmp, &self.out) {
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
                self.replace_by_renames()
            }
            Err(e) => Err(WriteError::io(&self.out, e)),
            Ok(()) => Ok(()),
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn replace(&self) -> Result<(), WriteError> {
        self.replace_by_renames()
    }

    /// Two renames through `.<name>.dojo-old`: not atomic, so the old site
    /// is put back if the second fails, and a leftover `old` folder from a
    /// crash in between is removed by the next `create`.
    fn replace_by_renames(&self) -> Result<(), WriteError> {
        let old = sibling(&self.out, "old").map_err(|e| WriteError::io(&self.out, e))?;
        rename(&self.out, &old)?;
        if let Err(err) = rename(&self.tmp, &self.out) {
            let _ = fs::rename(&old, &self.out);
            return Err(err);
        }
        // The build succeeded; an old site that cannot be removed now is
        // removed by the next `create`.
        let _ = remove_if_ours(&old);
        Ok(())
    }

    /// The absolute destination of `rel` inside the staging folder, with its
    /// parent folders made.
    fn prepare(&self, rel: &str) -> io::Result<PathBuf> {
        let is_plain = Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if rel.is_empty() || !is_plain {
            let msg = format!("output path `{rel}` is not a plain path inside the output folder");
            return Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
        }
        let dest = self.tmp.join(rel);
        if let Some(parent) = dest.parent() {
            // `create_dir_all` tolerates another thread creating the same folder.
            fs::create_dir_all(parent).map_err(|e| at(parent, e))?;
        }
        Ok(dest)
    }
}

impl Drop for Staging {
    /// Uncommitted, this removes the unfinished site; committed, it removes
    /// the previous site the swap left at the temporary path (or nothing).
    fn drop(&mut self) {
        let _ = remove_if_ours(&self.tmp);
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        Staging::put(self, path, &bytes).map_err(|e| e.to_string())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), String> {
        Staging::copy(self, path, from).map_err(|e| e.to_string())
    }
}

/// The output folder with links resolved, so that the swap replaces the
/// folder a link points to rather than the link itself.
fn resolve_out(out_dir: &Path) -> io::Result<PathBuf> {
    match fs::canonicalize(out_dir) {
        Ok(path) => Ok(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(out_dir.to_path_buf()),
        Err(e) => Err(at(out_dir, e)),
    }
}

/// `<parent>/.<name>.dojo-<suffix>`: beside the output, so on the same
/// file system and renamed in one step.
fn sibling(out: &Path, suffix: &str) -> io::Result<PathBuf> {
    let Some(name) = out.file_name() else {
        let msg = format!("`{}` cannot be used as an output folder", out.display());
        return Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
    };
    let mut sibling = OsString::from(".");
    sibling.push(name);
    sibling.push(format!(".dojo-{suffix}"));
    Ok(out.with_file_name(sibling))
}

/// Err when `dir` is a non-empty folder without the marker, or not a folder.
fn check_replaceable(dir: &Path) -> Result<(), WriteError> {
    let not_ours = || WriteError::NotOurs {
        path: dir.to_path_buf(),
    };
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(WriteError::io(dir, e)),
        Ok(meta) if !meta.is_dir() => Err(not_ours()),
        Ok(_) if is_ours(dir) => Ok(()),
        Ok(_) => match is_empty(dir) {
            Ok(true) => Ok(()),
            Ok(false) => Err(not_ours()),
            Err(e) => Err(WriteError::io(dir, e)),
        },
    }
}

fn is_ours(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_empty(dir: &Path) -> io::Result<bool> {
    Ok(fs::read_dir(dir)?.next().is_none())
}

/// Delete `dir` if it is Dojo's (has the marker) or empty; leave anything
/// else alone and say so. A missing `dir` is fine.
fn remove_if_ours(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(at(dir, e)),
        Ok(meta) if meta.is_dir() && is_ours(dir) => {
            fs::remove_dir_all(dir).map_err(|e| at(dir, e))
        }
        // An empty folder is what a run interrupted before writing the marker leaves.
        Ok(meta) if meta.is_dir() && is_empty(dir).map_err(|e| at(dir, e))? => {
            fs::remove_dir(dir).map_err(|e| at(dir, e))
        }
        Ok(_) => {
            let msg = format!(
                "`{}` is in Dojo's way but was not made by Dojo; move or remove it",
                dir.display()
            );
            Err(io::Error::new(io::ErrorKind::AlreadyExists, msg))
        }
    }
}

fn rename(from: &Path, to: &Path) -> Result<(), WriteError> {
    fs::rename(from, to).map_err(|e| {
        let msg = format!("cannot move `{}` here: {e}", from.display());
        WriteError::io(to, io::Error::new(e.kind(), msg))
    })
}

/// Swap two existing paths in one atomic step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `e` with the path it happened at in its message.
fn at(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("`{}`: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    /// Every file under `dir` with its bytes, in a stable order.
    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
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
            .collect()
    }

    fn names(dir: &Path) -> Vec<String> {
        snapshot(dir).into_iter().map(|(n, _)| n).collect()
    }

    fn build(out: &Path, files: &[(&str, &str)]) {
        let staging = Staging::create(out).unwrap();
        for (rel, text) in files {
            staging.put(rel, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
    }

    fn leftovers(parent: &Path) -> Vec<String> {
        let mut found: Vec<_> = fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".dojo-"))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn commit_creates_the_output_with_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "home"), ("kata/x/index.html", "x")]);
        assert_eq!(names(&out), [MARKER, "index.html", "kata/x/index.html"]);
        assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), MARKER_TEXT);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn commit_replaces_an_existing_dojo_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("old.html", "old"), ("gone/index.html", "gone")]);
        build(&out, &[("new.html", "new")]);
        assert_eq!(names(&out), [MARKER, "new.html"]);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn the_two_rename_fallback_replaces_the_output_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("old.html", "old")]);
        let staging = Staging::create(&out).unwrap();
        staging.put("new.html", b"new").unwrap();
        staging.replace_by_renames().unwrap();
        drop(staging);
        assert_eq!(names(&out), [MARKER, "new.html"]);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_dropped_staging_leaves_the_old_output_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "home"), ("a/b.css", "b{}")]);
        let before = snapshot(&out);
        let staging = Staging::create(&out).unwrap();
        staging.put("index.html", b"half-built").unwrap();
        assert!(staging.path().is_dir());
        drop(staging);
        assert_eq!(snapshot(&out), before);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_leftover_temp_folder_is_cleaned_by_the_next_create() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for leftover in [".public.dojo-tmp", ".public.dojo-old"] {
            let path = dir.path().join(leftover);
            fs::create_dir_all(path.join("deep")).unwrap();
            fs::write(path.join(MARKER), MARKER_TEXT).unwrap();
            fs::write(path.join("deep/stale.html"), "stale").unwrap();
        }
        let staging = Staging::create(&out).unwrap();
        assert_eq!(names(staging.path()), [MARKER]);
        assert!(!dir.path().join(".public.dojo-old").exists());
    }

    #[test]
    fn a_leftover_without_the_marker_is_never_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join(".public.dojo-tmp");
        fs::create_dir(&tmp).unwrap();
        fs::write(tmp.join("mine.txt"), "keep me").unwrap();
        let err = Staging::create(&dir.path().join("public")).unwrap_err();
        assert!(err.to_string().contains(".public.dojo-tmp"), "{err}");
        assert_eq!(fs::read_to_string(tmp.join("mine.txt")).unwrap(), "keep me");
    }

    #[test]
    fn refuses_to_replace_a_non_empty_folder_without_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.tex"), "years of work").unwrap();
        let err = Staging::create(&out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(err.to_string().contains("was not created by Dojo"), "{err}");
        assert!(err.to_string().contains("--out"), "{err}");
        assert_eq!(names(&out), ["thesis.tex"]);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn commit_refuses_a_foreign_folder_that_appeared_during_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        staging.put("index.html", b"home").unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = staging.commit().unwrap_err();
        assert!(
            matches!(&err, WriteError::NotOurs { path } if path == &out),
            "{err}"
        );
        assert_eq!(names(&out), ["notes.txt"]);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn an_empty_folder_without_the_marker_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        build(&out, &[("index.html", "home")]);
        assert_eq!(names(&out), [MARKER, "index.html"]);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn put_is_safe_from_many_threads() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        (0..500).into_par_iter().for_each(|i| {
            let sink: &dyn Sink = &staging;
            sink.put(
                &format!("s{}/deep/{i}.html", i % 7),
                i.to_string().into_bytes(),
            )
            .unwrap();
        });
        staging.commit().unwrap();
        let files = snapshot(&out);
        assert_eq!(files.len(), 501);
        assert!(files.contains(&("s3/deep/10.html".to_string(), b"10".to_vec())));
    }

    #[test]
    fn copy_writes_the_source_file() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("logo.png");
        fs::write(&from, b"\x89PNG").unwrap();
        let staging = Staging::create(&dir.path().join("public")).unwrap();
        staging.copy("kata/x/logo.png", &from).unwrap();
        assert_eq!(
            fs::read(staging.path().join("kata/x/logo.png")).unwrap(),
            b"\x89PNG"
        );
        let err = Sink::copy(&staging, "y.png", &dir.path().join("missing.png")).unwrap_err();
        assert!(err.contains("missing.png"), "{err}");
    }

    #[test]
    fn paths_leaving_the_output_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(&dir.path().join("public")).unwrap();
        for rel in ["../escape.html", "/etc/passwd", "", "a/../../b"] {
            assert_eq!(
                staging.put(rel, b"x").unwrap_err().kind(),
                io::ErrorKind::InvalidInput,
                "{rel}"
            );
        }
        assert!(!dir.path().join("escape.html").exists());
    }
}
