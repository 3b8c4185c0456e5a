//! One URL, visited: a HEAD request (a GET when the server refuses HEAD with
//! 405 or 501), a timeout per request, and retries with a doubling pause for
//! what may pass (timeouts, connection errors, 5xx, 429). Uses `ureq`, a
//! blocking client, so the pool's plain threads can share one agent.

use std::time::Duration;

use ureq::Agent;
use ureq::http::{Response, StatusCode};
use ureq::tls::{RootCerts, TlsConfig};

/// What visiting a URL found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Why it is broken: `HTTP 404 Not Found`, `no answer within 10 s` ...
    Broken(String),
}

/// One request's result.
enum Attempt {
    Ok,
    /// Broken for good: another try would get the same.
    Fatal(String),
    /// May pass on another try.
    Retry(String),
}

/// Visits URLs; shared by every thread of the pool.
pub(super) struct Prober {
    agent: Agent,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
}

impl Prober {
    pub(super) fn new(timeout: Duration, retries: u32, backoff: Duration) -> Self {
        // The system's trust store, so intranet sites signed by a company's
        // own certificate authority are not reported as broken.
        let tls = TlsConfig::builder()
            .root_certs(RootCerts::PlatformVerifier)
            .build();
        let agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!(
                "dojo/",
                env!("CARGO_PKG_VERSION"),
                " (link checker)"
            ))
            .tls_config(tls)
            .build()
            .into();
        Prober {
            agent,
            timeout,
            retries,
            backoff,
        }
    }

    /// Visit `url`, retrying what may pass, pausing `backoff`, then twice that, ...
    pub(super) fn probe(&self, url: &str) -> Outcome {
        let mut use_get = false;
        let mut last = String::new();
        for attempt in 0..=self.retries {
            if attempt > 0 {
                std::thread::sleep(self.backoff * 2u32.saturating_pow(attempt - 1));
            }
            match self.request(url, &mut use_get) {
                Attempt::Ok => return Outcome::Ok,
                Attempt::Fatal(reason) => return Outcome::Broken(reason),
                Attempt::Retry(reason) => last = reason,
            }
        }
        Outcome::Broken(last)
    }

    /// One HEAD (or GET, once HEAD was refused) request.
    fn request(&self, url: &str, use_get: &mut bool) -> Attempt {
        if !*use_get {
            let head = self.agent.head(url).call();
            let refused = head.as_ref().is_ok_and(|r| {
                matches!(
                    r.status(),
                    StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED
                )
            });
            if !refused {
                return self.attempt(head);
            }
            *use_get = true;
        }
        // The body is never read: the status is all a link check needs.
        self.attempt(self.agent.get(url).call())
    }

    fn attempt<B>(&self, result: Result<Response<B>, ureq::Error>) -> Attempt {
        match result {
            Ok(response) => status(response.status()),
            Err(ureq::Error::Timeout(_)) => {
                Attempt::Retry(format!("no answer within {}", seconds(self.timeout)))
            }
            Err(e @ (ureq::Error::Io(_) | ureq::Error::ConnectionFailed)) => {
                Attempt::Retry(format!("could not connect: {e}"))
            }
            Err(ureq::Error::HostNotFound) => Attempt::Fatal("host not found".to_string()),
            Err(e) => Attempt::Fatal(e.to_string()),
        }
    }
}

/// Success below 400 (redirects are followed); 429 and 5xx may pass later.
fn status(code: StatusCode) -> Attempt {
    let shown = match code.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", code.as_u16()),
        None => format!("HTTP {}", code.as_u16()),
    };
    if code.as_u16() < 400 {
        Attempt::Ok
    } else if code.is_server_error() || code == StatusCode::TOO_MANY_REQUESTS {
        Attempt::Retry(shown)
    } else {
        Attempt::Fatal(shown)
    }
}

/// `10 s`, `1.5 s`.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_ok_retried_or_broken() {
        assert!(matches!(status(StatusCode::OK), Attempt::Ok));
        assert!(matches!(status(StatusCode::NO_CONTENT), Attempt::Ok));
        let Attempt::Fatal(reason) = status(StatusCode::NOT_FOUND) else {
            panic!("404 retried");
        };
        assert_eq!(reason, "HTTP 404 Not Found");
        assert!(matches!(status(StatusCode::BAD_GATEWAY), Attempt::Retry(_)));
        assert!(matches!(
            status(StatusCode::TOO_MANY_REQUESTS),
            Attempt::Retry(_)
        ));
    }

    #[test]
    fn seconds_read_naturally() {
        assert_eq!(seconds(Duration::from_secs(10)), "10 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }
}
