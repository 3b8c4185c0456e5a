//! Properties of a whole build: the example handbook builds cleanly, output
//! is reproducible, a failed build keeps the previous site, raw HTML is
//! sanitized, links work from disk with `--portable`, nothing is fetched
//! from the network, and pathological input cannot hang the build.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::{
    commit_all, copy_example, copy_fixture, dojo, fixtures, read_tree, stderr, stdout,
};

fn basic() -> tempfile::TempDir {
    copy_fixture(&fixtures().join("sites/basic"))
}

fn build_ok(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = dojo(dir, &all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "build failed:\n{}",
        stderr(&out)
    );
    stdout(&out)
}

#[test]
fn the_example_handbook_builds_without_warnings() {
    let tmp = copy_example();
    let handbook = tmp.path();
    let out = dojo(handbook, &["build"]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the example failed to build:\n{err}"
    );
    assert!(err.is_empty(), "the example built with warnings:\n{err}");
    let line = stdout(&out);
    assert!(
        line.starts_with("Built ") && line.contains(" -> public/"),
        "summary line: {line}"
    );
    assert!(handbook.join("public/index.html").is_file());
}

#[test]
fn the_summary_is_one_line_with_pages_time_and_folder() {
    let dir = basic();
    let line = build_ok(dir.path(), &[]);
    assert_eq!(line.lines().count(), 1, "{line}");
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words[0], "Built");
    assert!(words[1].parse::<usize>().unwrap() >= 8, "{line}");
    assert_eq!(&words[2..4], ["pages", "in"]);
    assert_eq!(words[5], "ms");
    assert_eq!(&words[6..], ["->", "public/"]);
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let dir = basic();
    let run = |threads: &str, out: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_dojo"))
            .args(["build", "--out", out])
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .status()
            .unwrap();
        assert!(status.success());
        read_tree(&dir.path().join(out))
    };
    let one = run("1", "out-1");
    let four = run("4", "out-4");
    assert_eq!(one.len(), four.len());
    for (a, b) in one.iter().zip(&four) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let dir = basic();
    build_ok(dir.path(), &[]);
    let before = read_tree(&dir.path().join("public"));
    fs::write(dir.path().join("content/broken.md"), "+++\ntitle = \n+++\n").unwrap();
    let out = dojo(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read_tree(&dir.path().join("public")), before);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dojo-tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn dojo_refuses_to_replace_a_folder_it_did_not_create() {
    let dir = basic();
    fs::create_dir_all(dir.path().join("public")).unwrap();
    fs::write(dir.path().join("public/precious.txt"), "keep me").unwrap();
    let out = dojo(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("public/precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn raw_scripts_and_event_handlers_never_reach_the_output() {
    let dir = basic();
    build_ok(dir.path(), &[]);
    let about = fs::read_to_string(dir.path().join("public/about/index.html")).unwrap();
    assert!(!about.contains("<script>alert"), "a raw <script> survived");
    assert!(!about.contains("onerror"), "an event handler survived");
    assert!(
        about.contains("<kbd>Ctrl</kbd>"),
        "harmless markup was dropped"
    );
}

#[test]
fn portable_links_name_index_html_and_resolve_on_disk() {
    let dir = basic();
    build_ok(dir.path(), &["--portable"]);
    let public = dir.path().join("public");
    // Root-relative URLs in raw HTML are made relative too, then checked below.
    let nested = fs::read_to_string(public.join("guide/deep/nested-page/index.html")).unwrap();
    assert!(
        nested.contains(r#"<a href="../../../about/index.html#who-we-are">"#),
        "{nested}"
    );
    assert!(
        nested.contains(r#"<img src="../../../files/chart.svg""#),
        "{nested}"
    );
    for (path, bytes) in read_tree(&public)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8(bytes).unwrap();
        let page_dir = public.join(&path).parent().unwrap().to_path_buf();
        for href in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            // (Only the 404 page links from the root: it is served at any path.)
            if href.contains("://")
                || href.starts_with('#')
                || href.starts_with('/')
                || href.starts_with("mailto:")
            {
                continue;
            }
            let file = href.split('#').next().unwrap().split('?').next().unwrap();
            assert!(
                !file.ends_with('/') && !file.is_empty(),
                "{path}: `{href}` would show a directory listing"
            );
            let decoded = percent_decode(file);
            assert!(
                page_dir.join(&decoded).is_file(),
                "{path}: `{href}` does not exist on disk"
            );
        }
    }
}

#[test]
fn pages_load_nothing_from_the_network() {
    let dir = basic();
    build_ok(dir.path(), &[]);
    for (path, bytes) in read_tree(&dir.path().join("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8(bytes).unwrap();
        for src in attribute_values(&html, "src") {
            assert!(!src.contains("://"), "{path} loads {src}");
        }
        assert!(
            !html.contains("<link rel=\"stylesheet\" href=\"http"),
            "{path} loads a remote stylesheet"
        );
        assert!(!html.contains("<style"), "{path} has an inline <style>");
        assert!(!html.contains(" style=\""), "{path} has a style attribute");
    }
}

#[test]
fn pathological_markdown_finishes() {
    let dir = basic();
    let nested = format!(
        "+++\ntitle = \"Deep\"\n+++\n{}\n\n{}\n",
        "[".repeat(50_000),
        ">".repeat(50_000)
    );
    fs::write(dir.path().join("content/deep.md"), nested).unwrap();
    let root = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(dojo(&root, &["build"]));
    });
    // A hang guard, not a timing: the build takes well under a second.
    let out = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the build hung on deeply nested input");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Values of `attr="..."` in `html`, in order (test helper; the output is Dojo's own).
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| u8::from_str_radix(&s[i + 1..i + 3], 16));
        if let Some(Ok(b)) = hex {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn skills_matrix_links_resolve_only_when_the_matrix_exists() {
    let learning = copy_fixture(&fixtures().join("sites/learning"));
    let page = "+++\ntitle = \"Gaps\"\n+++\nSee the [skills matrix](@/skills/).\n";
    fs::write(learning.path().join("content/gaps.md"), page).unwrap();
    let html = {
        build_ok(learning.path(), &[]);
        fs::read_to_string(learning.path().join("public/gaps/index.html")).unwrap()
    };
    assert!(
        html.contains("<a href=\"../skills/\">skills matrix</a>"),
        "{html}"
    );

    // Without roles or competencies there is no matrix, so the link is broken.
    let plain = basic();
    fs::write(plain.path().join("content/gaps.md"), page).unwrap();
    let out = dojo(plain.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[broken-link]: `@/skills/`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn pages_without_an_updated_date_use_their_last_commit() {
    let dir = basic();
    commit_all(dir.path());
    build_ok(dir.path(), &[]);
    let feed = fs::read_to_string(dir.path().join("public/feed.xml")).unwrap();
    // first-step.md has no `updated`; its commit date puts it in the feed.
    assert!(
        feed.contains("<title>First step</title>\n    <id>https://intranet.example.com/handbook/guide/first-step/</id>\n    <link href=\"https://intranet.example.com/handbook/guide/first-step/\"/>\n    <updated>2026-05-04T00:00:00Z</updated>"),
        "{feed}"
    );
    // A date in the front matter still wins over git.
    assert!(
        feed.contains("<title>About</title>")
            && feed.contains("<updated>2026-03-01T00:00:00Z</updated>")
    );
}

#[test]
fn trainer_reports_are_published_only_when_asked() {
    let learning = copy_fixture(&fixtures().join("sites/learning"));
    build_ok(learning.path(), &[]);
    assert!(!learning.path().join("public/_reports").exists());

    let config = learning.path().join("handbook.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str("\n[reports]\npublish = true\n");
    fs::write(&config, text).unwrap();
    build_ok(learning.path(), &[]);
    let html = fs::read_to_string(learning.path().join("public/_reports/index.html")).unwrap();
    assert!(html.contains("<h1>Trainer reports</h1>"), "{html}");
    assert!(html.contains("2 findings and 0 warnings"), "{html}");
    // Published for trainers, not for search engines.
    assert!(
        html.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{html}"
    );
    let home = fs::read_to_string(learning.path().join("public/index.html")).unwrap();
    assert!(!home.contains("noindex"), "{home}");
    // Each finding links to its page, relative to the report.
    assert!(
        html.contains("<a href=\"../roles/team-lead/\">Team lead</a>: the role"),
        "{html}"
    );
    assert!(
        html.contains("<code>content/competencies/forecasting.md</code>"),
        "{html}"
    );
}

/// `dojo build` reads each page's text for the search index from the pass
/// that renders it; `dojo serve` builds the index later by parsing the
/// Markdown again. On the example handbook, plus a page of the Markdown it
/// lacks, both give the same files, byte for byte.
#[test]
fn the_built_search_index_is_the_one_serve_builds() {
    let tmp = copy_example();
    let handbook = tmp.path();
    fs::write(
        handbook.join("content/markdown-sampler.md"),
        "+++\ntitle = \"Markdown sampler\"\n+++\n\n\
         Lead-in with `inline_code`, *emphasis*, **strong** and ~~struck~~ text,\n\
         a soft break and a [link](https://example.com).\n\n\
         # A first heading {#chosen-id}\n\n\
         ![alt text is not indexed](picture.png) Beside the picture.[^note]\n\n\
         | Step | Who |\n|---|---|\n| `prepare` | coach |\n\n\
         - [x] done item\n- [ ] open item\n\n\
         ```rust\nfn word_count() {}\n```\n\n\
         ## Second heading with `code`\n\n<span>inline html</span> after.\n\n\
         [^note]: The footnote text.\n",
    )
    .unwrap();
    fs::write(
        handbook.join("content/picture.png"),
        b"not really a picture",
    )
    .unwrap();
    build_ok(handbook, &[]);

    let options = dojo::build::BuildOptions::default();
    let (_, site, _) = dojo::build::resolve_only(handbook, &options).unwrap();
    let files = dojo::render::search_files(dojo::render::search_sources(&site));
    assert!(files.len() > 3, "{} index files", files.len());
    for (path, bytes) in &files {
        let built = fs::read(handbook.join("public").join(path))
            .unwrap_or_else(|e| panic!("{path} is not in the build: {e}"));
        assert!(built == *bytes, "{path} differs from the build's");
    }
    let built = read_tree(&handbook.join("public/_dojo/search"));
    assert_eq!(
        built.len(),
        files.len(),
        "the build wrote other index files"
    );
}

#[test]
fn feed_titles_are_escaped_as_xml() {
    let dir = basic();
    let about = dir.path().join("content/about.md");
    let page = fs::read_to_string(&about).unwrap();
    fs::write(
        &about,
        page.replace(
            "title = \"About\"",
            r#"title = "Tom & Jerry's <b>\"best\"</b>""#,
        ),
    )
    .unwrap();
    build_ok(dir.path(), &[]);
    let feed = fs::read_to_string(dir.path().join("public/feed.xml")).unwrap();
    assert!(
        feed.contains("<title>Tom &amp; Jerry&#39;s &lt;b&gt;&quot;best&quot;&lt;/b&gt;</title>"),
        "{feed}"
    );
    assert!(!feed.contains("<b>"), "{feed}");
}
