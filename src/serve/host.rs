//! Which `Host` headers the dev server answers, against DNS rebinding: a
//! page on `evil.example` whose name is later pointed at 127.0.0.1 still
//! sends `Host: evil.example`, and gets a 403. The bound address,
//! `localhost` and `--allow-host` names are accepted (with the port). On an
//! address other than loopback the machine's own names and IP literals are
//! too: a request naming an IP address cannot come from a rebound name, so
//! accepting every literal covers the machine's own addresses.

use std::net::IpAddr;

/// The accepted `Host` values of one server.
#[derive(Clone, Debug)]
pub(crate) struct HostPolicy {
    port: u16,
    /// Lowercase names (IPv6 literals in brackets).
    names: Vec<String>,
    any_ip: bool,
}

impl HostPolicy {
    /// The policy of a server bound to `bind:port`; `machine_names` only
    /// count when `bind` is not a loopback address.
    pub(crate) fn new(
        bind: IpAddr,
        port: u16,
        machine_names: &[String],
        allowed: &[String],
    ) -> HostPolicy {
        let mut names = vec![host_literal(bind), "localhost".to_string()];
        names.extend(allowed.iter().map(|n| normal(n)));
        let open = !bind.is_loopback();
        if open {
            names.extend(machine_names.iter().map(|n| normal(n)));
        }
        HostPolicy {
            port,
            names,
            any_ip: open,
        }
    }

    /// Whether a request with this `Host` header (if any) is answered.
    pub(crate) fn allows(&self, host: Option<&str>) -> bool {
        let Some((name, port)) = host.and_then(split_host) else {
            return false;
        };
        if port != self.port {
            return false;
        }
        let name = normal(name);
        self.names.contains(&name) || (self.any_ip && is_ip_literal(&name))
    }
}

/// `name[:port]` -> (name, port); the port defaults to 80 as in a URL.
fn split_host(host: &str) -> Option<(&str, u16)> {
    let host = host.trim();
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let port = host[end + 1..].strip_prefix(':');
        (&host[..=end], port)
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => 80,
    };
    (!name.is_empty()).then_some((name, port))
}

/// Lowercase, without a final dot (`LocalHost.` is `localhost`).
fn normal(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn is_ip_literal(name: &str) -> bool {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => name.parse::<std::net::Ipv4Addr>().is_ok(),
    }
}

/// How an address is written in a `Host` header.
fn host_literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> HostPolicy {
        HostPolicy::new("127.0.0.1".parse().unwrap(), 1111, &["box".into()], &[])
    }

    #[test]
    fn loopback_accepts_its_address_and_localhost_with_the_port() {
        let p = loopback();
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "localhost.:1111",
        ] {
            assert!(p.allows(Some(host)), "{host}");
        }
    }

    #[test]
    fn loopback_refuses_other_names_ports_and_no_host() {
        let p = loopback();
        for host in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1:1112",
            "127.0.0.1",
            "localhost",
            "box:1111",
            "10.0.0.2:1111",
            "[::1]:1111",
            "localhost:abc",
            ":1111",
            "",
        ] {
            assert!(!p.allows(Some(host)), "{host}");
        }
        assert!(!p.allows(None));
    }

    #[test]
    fn ipv6_loopback_is_written_in_brackets() {
        let p = HostPolicy::new("::1".parse().unwrap(), 8080, &[], &[]);
        assert!(p.allows(Some("[::1]:8080")));
        assert!(p.allows(Some("localhost:8080")));
        assert!(!p.allows(Some("[::2]:8080")));
    }

    #[test]
    fn an_open_address_accepts_own_names_allowed_names_and_ip_literals() {
        let allowed = ["Handbook.Intranet".to_string()];
        let p = HostPolicy::new("0.0.0.0".parse().unwrap(), 1111, &["box".into()], &allowed);
        for host in [
            "box:1111",
            "handbook.intranet:1111",
            "localhost:1111",
            "192.168.1.20:1111",
            "[fe80::1]:1111",
            "0.0.0.0:1111",
        ] {
            assert!(p.allows(Some(host)), "{host}");
        }
        for host in ["evil.example:1111", "box:80", "box", "[nonsense]:1111"] {
            assert!(!p.allows(Some(host)), "{host}");
        }
    }

    #[test]
    fn allowed_names_count_on_loopback_too() {
        let p = HostPolicy::new("127.0.0.1".parse().unwrap(), 1111, &[], &["x.test".into()]);
        assert!(p.allows(Some("x.test:1111")));
        assert!(!p.allows(Some("y.test:1111")));
        assert!(!p.allows(Some("192.168.1.20:1111")));
    }

    #[test]
    fn port_80_may_be_left_out() {
        let p = HostPolicy::new("127.0.0.1".parse().unwrap(), 80, &[], &[]);
        assert!(p.allows(Some("localhost")));
        assert!(p.allows(Some("127.0.0.1:80")));
    }
}
