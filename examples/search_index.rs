//! Build the search index of a handbook without the rest of the renderer:
//! reads the handbook at ROOT with Dojo's own pipeline up to resolve, turns
//! each page into the `SearchDoc` `dojo build` makes (the build reads the
//! sections from its render pass; this parses the Markdown for them, with
//! the same result), and writes the index files under OUT, timing the two
//! steps.
//!
//! usage: cargo run --release --example search_index -- ROOT OUT

use std::path::Path;
use std::time::Instant;

use dojo::build::{BuildOptions, resolve_only};
use dojo::render::search_docs;
use dojo::search::{IndexOptions, build_index};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: search_index ROOT OUT");
        std::process::exit(2);
    };
    let site = match resolve_only(Path::new(root), &BuildOptions::default()) {
        Ok((_, site, _)) => site,
        Err(e) => {
            eprintln!("search_index: {root}: {e:?}");
            std::process::exit(1);
        }
    };
    let (started, cpu) = (Instant::now(), cpu_ms());
    let docs = search_docs(&site);
    let (extracted, cpu_sections) = (started.elapsed(), cpu_ms() - cpu);
    let index = build_index(&docs, &IndexOptions::default());
    let (built, cpu_index) = (started.elapsed(), cpu_ms() - cpu - cpu_sections);
    if let Err(e) = write(Path::new(out), &index.files) {
        eprintln!("search_index: {out}: {e}");
        std::process::exit(2);
    }
    let bytes: usize = index.files.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "{} pages: sections {} ms ({cpu_sections} ms CPU), index {} ms ({cpu_index} ms CPU); {} files, {} bytes, build {}",
        docs.len(),
        extracted.as_millis(),
        (built - extracted).as_millis(),
        index.files.len(),
        bytes,
        index.build_id
    );
}

/// CPU time of the process so far (all threads), in milliseconds: on a
/// shared machine it measures the work better than the wall clock.
fn cpu_ms() -> u128 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as u128 * 1000 + t.tv_usec as u128 / 1000;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

fn write(out: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    for (path, bytes) in files {
        let path = out.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)?;
    }
    Ok(())
}
