//! `dojo check --external`: visit every `http(s)` link of the parsed pages,
//! once per URL, on a bounded pool of threads, and turn each failure into a
//! `broken-external-link` warning that names every place linking to it.
//! The only module that uses the network; nothing here writes files.

mod collect;
mod pool;
mod probe;

use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::parse::Document;

pub use collect::{ExternalLink, Place, external_links, is_skipped};
pub use probe::Outcome;

/// The diagnostic code of an external link that does not answer.
pub const CODE: &str = "broken-external-link";

/// How to visit links.
#[derive(Clone, Debug)]
pub struct Options {
    /// Requests in flight at once (`[check] max_concurrency`).
    pub max_concurrency: usize,
    /// Per request.
    pub timeout: Duration,
    /// Further tries after a timeout, connection error, 5xx or 429.
    pub retries: u32,
    /// Pause before the first retry; it doubles for each next one.
    pub backoff: Duration,
    /// URLs starting with one of these are not visited (`[check] skip_prefixes`).
    pub skip_prefixes: Vec<String>,
    /// Include draft pages' links.
    pub drafts: bool,
}

/// What `check_external` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Unique URLs visited.
    pub checked: usize,
    /// Unique URLs left out by `skip_prefixes`.
    pub skipped: usize,
    /// In order of the first place that links each.
    pub broken: Vec<Broken>,
}

/// A URL that did not answer with success, and everywhere it is linked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub url: String,
    pub reason: String,
    /// Never empty.
    pub places: Vec<Place>,
}

/// Visit every external link of `docs`.
pub fn check_external(docs: &[Document], options: &Options) -> Report {
    let (skipped, links): (Vec<ExternalLink>, Vec<ExternalLink>) =
        external_links(docs, options.drafts)
            .into_iter()
            .partition(|l| is_skipped(&l.url, &options.skip_prefixes));
    let prober = probe::Prober::new(options.timeout, options.retries, options.backoff);
    let outcomes = pool::run_pool(&links, options.max_concurrency, |l| prober.probe(&l.url));
    let broken = links
        .iter()
        .zip(outcomes)
        .filter_map(|(link, outcome)| match outcome {
            Outcome::Ok => None,
            Outcome::Broken(reason) => Some(Broken {
                url: link.url.clone(),
                reason,
                places: link.places.clone(),
            }),
        })
        .collect();
    Report {
        checked: links.len(),
        skipped: skipped.len(),
        broken,
    }
}

impl Broken {
    /// One warning at the first place, naming the others: for people.
    pub fn diagnostic(&self) -> Diagnostic {
        self.at(0)
    }

    /// One warning per place, each naming the others: for CI annotations,
    /// which mark every line that links the URL.
    pub fn diagnostics_per_place(&self) -> Vec<Diagnostic> {
        (0..self.places.len()).map(|i| self.at(i)).collect()
    }

    fn at(&self, i: usize) -> Diagnostic {
        let message = format!("`{}` is broken: {}", self.url, self.reason);
        let mut diagnostic = Diagnostic::warning(CODE, message).with_help(self.help(i));
        if let Some(place) = self.places.get(i) {
            diagnostic.file = Some(place.file.clone());
            diagnostic.pos = Some(place.pos);
            diagnostic.len = place.len;
            diagnostic.source_line = place.line.clone();
        }
        diagnostic
    }

    fn help(&self, i: usize) -> String {
        let advice = "fix or remove the link, or add a prefix of the URL to `[check] skip_prefixes` in handbook.toml";
        let others: Vec<String> = (self.places.iter().enumerate())
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| p.location())
            .collect();
        match others.as_slice() {
            [] => advice.to_string(),
            [one] => format!("also linked from {one}; {advice}"),
            many => format!("also linked from {}; {advice}", many.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    fn place(file: &str, line: u32) -> Place {
        Place {
            file: file.to_string(),
            pos: Pos::new(line, 3),
            len: 4,
            line: Some("a line".to_string()),
        }
    }

    #[test]
    fn each_diagnostic_names_the_other_places() {
        let broken = Broken {
            url: "https://e.org/x".into(),
            reason: "HTTP 404 Not Found".into(),
            places: vec![place("content/a.md", 2), place("content/b.md", 7)],
        };
        let one = broken.diagnostic();
        assert_eq!(one.code, CODE);
        assert!(!one.is_error());
        assert_eq!(one.location().as_deref(), Some("content/a.md:2:3"));
        assert_eq!(
            one.message,
            "`https://e.org/x` is broken: HTTP 404 Not Found"
        );
        assert!(
            one.help
                .as_deref()
                .unwrap_or("")
                .starts_with("also linked from content/b.md:7:3; fix")
        );
        let each = broken.diagnostics_per_place();
        assert_eq!(each.len(), 2);
        assert_eq!(each[1].location().as_deref(), Some("content/b.md:7:3"));
        assert!(
            each[1]
                .help
                .as_deref()
                .unwrap_or("")
                .starts_with("also linked from content/a.md:2:3;")
        );
    }
}
