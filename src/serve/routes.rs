//! What the server answers: the `Host` check first, GET and HEAD only, the
//! request target turned into a site path (or a 404), `serve`'s own files and
//! endpoints (`/_dojo/live`, `live.js`, `live.css`, `status`, `/_reports/`),
//! and everything else from the in-memory site, HTML with the live-reload
//! tags and the error overlay added. No answer names another origin.

use super::host::HostPolicy;
use super::http::{Body, Reply, Request, Response};
use super::live;
use super::overlay;
use super::site::{Answer, SiteHandle};
use super::url;

/// The server's answers.
pub(crate) struct Routes {
    hosts: HostPolicy,
    site: SiteHandle,
}

impl Routes {
    pub(crate) fn new(hosts: HostPolicy, site: SiteHandle) -> Routes {
        Routes { hosts, site }
    }

    pub(crate) fn respond(&self, request: &Request) -> Reply {
        if !self.hosts.allows(request.host.as_deref()) {
            let why = "Forbidden: this server answers requests for its own address only \
                       (see `dojo serve --allow-host`)";
            return Reply::Full(Response::text(403, why));
        }
        if request.method != "GET" && request.method != "HEAD" {
            let refused = Response::text(405, "Method not allowed");
            return Reply::Full(refused.with("Allow", "GET, HEAD".into()));
        }
        let Some(path) = url::site_path(&request.target) else {
            return Reply::Full(Response::text(404, "Not found"));
        };
        match path.as_str() {
            "_dojo/live" if request.method == "GET" => self.events(),
            "_dojo/live.js" => own_file(live::SCRIPT, "text/javascript; charset=utf-8"),
            "_dojo/live.css" => own_file(live::STYLE, "text/css; charset=utf-8"),
            "_dojo/status" => self.status(),
            "_reports" => {
                let moved = Response::text(301, "Moved");
                Reply::Full(moved.with("Location", "_reports/".into()))
            }
            "_reports/" | "_reports/index.html" => page(self.site.reports()),
            _ => page(self.site.get(&path)),
        }
    }

    fn events(&self) -> Reply {
        match self.site.listen() {
            Some((first, builds)) => Reply::Stream {
                content_type: "text/event-stream",
                headers: vec![("X-Dojo-Build", first.to_string())],
                body: live::stream(first, builds),
            },
            None => unavailable(),
        }
    }

    fn status(&self) -> Reply {
        let Some(status) = self.site.status() else {
            return unavailable();
        };
        let json = serde_json::to_vec(&status).unwrap_or_default();
        let response = Response::new(200, "application/json", Body::Owned(json));
        Reply::Full(response.with("X-Dojo-Build", status.build.to_string()))
    }
}

fn page(answer: Option<Answer>) -> Reply {
    let Some(answer) = answer else {
        return unavailable();
    };
    let body = if answer.is_html() {
        let overlay = answer.overlay.as_deref();
        let page = overlay::fingerprint(&answer.body, overlay, answer.files);
        Body::Owned(overlay::inject(&answer.body, answer.build, page, overlay))
    } else {
        Body::Shared(answer.body)
    };
    let mut response = Response::new(answer.status, answer.content_type, body)
        .with("X-Dojo-Build", answer.build.to_string());
    if let Some(location) = answer.location {
        response = response.with("Location", location);
    }
    Reply::Full(response)
}

fn own_file(text: &'static str, content_type: &'static str) -> Reply {
    let body = Body::Owned(text.as_bytes().to_vec());
    Reply::Full(Response::new(200, content_type, body))
}

/// The site actor is gone (it should not be): say so rather than hang.
fn unavailable() -> Reply {
    Reply::Full(Response::text(503, "The site is not available"))
}
