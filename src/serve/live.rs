//! Live reload: `/_dojo/live` streams server-sent events, a `build` event
//! with the build number when a page connects and after every rebuild
//! (failed ones too, so an error overlay shows and clears by itself);
//! `/_dojo/live.js`, a file so that a strict Content-Security-Policy holds,
//! reloads the page when the number differs from the one it was served with.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use super::http::Streamer;

/// The script every HTML response links to while serving.
pub(crate) const SCRIPT: &str = include_str!("live.js");
/// The overlay's and the report page's styles.
pub(crate) const STYLE: &str = include_str!("live.css");

/// A comment sent this often on a quiet stream finds clients that left.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Stream `first`, then every build number `builds` brings, until the
/// client goes away or the server stops sending.
pub(crate) fn stream(first: u64, builds: Receiver<u64>) -> Streamer {
    Box::new(move |out: &mut dyn Write| {
        // Reconnect quickly after a restart of `dojo serve`.
        out.write_all(b"retry: 1000\n\n")?;
        send(out, first)?;
        loop {
            match builds.recv_timeout(HEARTBEAT) {
                Ok(build) => send(out, build)?,
                Err(RecvTimeoutError::Timeout) => {
                    out.write_all(b": still here\n\n")?;
                    out.flush()?;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
    })
}

fn send(out: &mut dyn Write, build: u64) -> io::Result<()> {
    write!(out, "event: build\ndata: {build}\n\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn events_carry_each_build_number() {
        let (tx, rx) = mpsc::channel();
        tx.send(4).unwrap();
        drop(tx);
        let mut out = Vec::new();
        stream(3, rx)(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "retry: 1000\n\nevent: build\ndata: 3\n\nevent: build\ndata: 4\n\n"
        );
    }

    #[test]
    fn the_script_is_a_file_that_listens_for_builds() {
        assert!(SCRIPT.contains("new EventSource(\"/_dojo/live\")"));
        assert!(SCRIPT.contains("dojo-build"));
        assert!(STYLE.contains(".dojo-overlay"));
    }
}
