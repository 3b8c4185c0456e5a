//! How the served site becomes bytes: each content page is rendered alone
//! when it is first asked for, and the pages Dojo generates (listings, tags,
//! overviews, redirects, sitemap, feed) all at once when the first of them
//! is asked for; both are kept until the site changes. So a save costs the
//! render of the page being looked at, not of the whole handbook. The search
//! index is not made here: the site actor builds it in the background.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::site::Live;
use crate::diagnostic::Diagnostic;
use crate::render::{self, Sink};
use crate::resolve::urls::output_file;

/// What a request for an output file finds.
pub(crate) type Found = Result<Arc<[u8]>, Vec<Diagnostic>>;

/// The outputs of one site rendered so far.
#[derive(Default)]
pub(crate) struct Pages {
    /// Output file (`kata/x/index.html`) -> index of its content page;
    /// made on the first request, kept while the pages stay the same.
    by_file: Option<HashMap<String, usize>>,
    rendered: HashMap<String, Found>,
    generated: Option<Generated>,
}

/// Every generated output, or why some could not be rendered.
struct Generated {
    files: HashMap<String, Arc<[u8]>>,
    errors: Vec<Diagnostic>,
}

impl Pages {
    /// Forget what was rendered: the pages' text changed, their list did not.
    pub(crate) fn clear(&mut self) {
        self.rendered.clear();
        self.generated = None;
    }

    /// The output file `file` of `live`, rendering it if needed; `None` when
    /// the site has no such output.
    pub(crate) fn get(&mut self, live: &Live, file: &str) -> Option<Found> {
        if let Some(found) = self.rendered.get(file) {
            return Some(found.clone());
        }
        let by_file = self.by_file.get_or_insert_with(|| index(live));
        if let Some(&page) = by_file.get(file) {
            let found = render_page(live, page);
            self.rendered.insert(file.to_string(), found.clone());
            return Some(found);
        }
        let generated = self.generated.get_or_insert_with(|| render_generated(live));
        if let Some(bytes) = generated.files.get(file) {
            return Some(Ok(Arc::clone(bytes)));
        }
        // A generated page that failed to render shows why.
        (file.ends_with(".html") && !generated.errors.is_empty())
            .then(|| Err(generated.errors.clone()))
    }
}

fn index(live: &Live) -> HashMap<String, usize> {
    let pages = live.site.pages.iter().enumerate();
    pages.map(|(i, p)| (output_file(&p.path), i)).collect()
}

fn options() -> render::Options {
    render::Options {
        defer_search: true,
        ..render::Options::default()
    }
}

fn render_page(live: &Live, page: usize) -> Found {
    render::render_one(&live.site, &live.config, &live.theme, options(), page)
        .map(Arc::from)
        .map_err(|e| vec![e])
}

fn render_generated(live: &Live) -> Generated {
    let sink = Memory::default();
    let result = render::render_generated(&live.site, &live.config, &live.theme, options(), &sink);
    Generated {
        files: sink.0.into_inner().unwrap_or_else(PoisonError::into_inner),
        errors: result.err().unwrap_or_default(),
    }
}

/// A sink that keeps rendered files in memory. Copied files never come
/// here: `serve` keeps their bytes itself, read when they change.
#[derive(Default)]
struct Memory(Mutex<HashMap<String, Arc<[u8]>>>);

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        let mut files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        files.insert(path.to_string(), bytes.into());
        Ok(())
    }

    fn copy(&self, _path: &str, _from: &std::path::Path) -> Result<(), String> {
        Ok(())
    }
}
