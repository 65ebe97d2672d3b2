//! Who a request's client is (server only), for the limits that count per client (the
//! sign-in limits and the decision limits): the address of the connection, or, when that
//! connection comes from a trusted proxy (`LEADSGEN_TRUSTED_PROXIES`), the address the proxies
//! wrote into the client-address header (`LEADSGEN_CLIENT_IP_HEADER`, default
//! `X-Forwarded-For`).
//!
//! The header is read right to left, skipping the trusted proxies: the first address that is
//! not one of them is the client, since every entry to its right was written by a proxy we
//! trust, and everything to its left came from the client and may be invented (the
//! "rightmost untrusted address", as MDN's X-Forwarded-For page describes). From a peer that
//! is not a trusted proxy the header is ignored, so a client cannot spoof its way around a
//! limit.
//!
//! An IPv6 client is its /64 network, since one host is usually given a whole /64; an
//! IPv4-mapped IPv6 address is its IPv4 address.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::ConnectInfo;
use http::{request::Parts, HeaderName};
use ipnet::IpNet;

/// The header that carries the client's address when no other is configured.
pub const DEFAULT_HEADER: &str = "x-forwarded-for";

/// A client, as the limits count it: an IPv4 address, or an IPv6 /64 network (the address
/// with its last 64 bits zeroed). `Display` writes `192.0.2.1` or `2001:db8:1:2::/64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Client(IpAddr);

impl Client {
    /// The client `address` stands for.
    pub fn of(address: IpAddr) -> Client {
        Client(match address.to_canonical() {
            IpAddr::V6(v6) => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
            v4 => v4,
        })
    }
}

impl std::fmt::Display for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

/// Where a request's client is: the proxies trusted to say so, and the header they write.
#[derive(Debug, Clone)]
pub struct ClientRule {
    /// The header the proxies write (`LEADSGEN_CLIENT_IP_HEADER`, default `X-Forwarded-For`).
    pub header: HeaderName,
    /// The proxies whose header counts (`LEADSGEN_TRUSTED_PROXIES`): addresses and CIDR
    /// networks. Empty: the header never counts. They must hold proxies only: a client
    /// inside a trusted range could name any address of that range as its own.
    pub trusted: Vec<IpNet>,
}

impl Default for ClientRule {
    /// No trusted proxy: the client is the connection's address.
    fn default() -> Self {
        ClientRule {
            header: HeaderName::from_static(DEFAULT_HEADER),
            trusted: Vec::new(),
        }
    }
}

impl ClientRule {
    /// The client of the request `parts`; `None` when the connection's address is unknown
    /// (a request made in-process, without the connection loop of [`super::serve`]).
    pub fn client(&self, parts: &Parts) -> Option<Client> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())?;
        Some(Client::of(self.address(peer, &parts.headers)))
    }

    /// The client's address, for a connection from `peer` with `headers`.
    fn address(&self, peer: IpAddr, headers: &http::HeaderMap) -> IpAddr {
        let mut hop = peer;
        if !self.trusts(hop) {
            return hop;
        }
        // Split as bytes: a client's own entry with a byte that is not ASCII must not hide
        // the entries a proxy appended to the same line.
        let entries = headers
            .get_all(&self.header)
            .iter()
            .flat_map(|v| v.as_bytes().split(|b| *b == b','))
            .map(<[u8]>::trim_ascii)
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>();
        for entry in entries.iter().rev() {
            // An entry that is no address was not written by a proxy we trust: the hop that
            // handed it over is the last address we can stand behind.
            let Some(address) = std::str::from_utf8(entry).ok().and_then(parse_address) else {
                return hop;
            };
            hop = address;
            if !self.trusts(hop) {
                return hop;
            }
        }
        // Every hop is a trusted proxy: the first of them is the client.
        hop
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.trusted.iter().any(|net| net.contains(&address))
    }
}

/// An address as proxies write it: `192.0.2.1`, `2001:db8::1`, and with a port
/// (`192.0.2.1:4711`, `[2001:db8::1]:4711`) or brackets (`[2001:db8::1]`).
fn parse_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse::<IpAddr>().ok())
        })
        .map(|a| a.to_canonical())
}

/// Parses `LEADSGEN_TRUSTED_PROXIES`: comma-separated addresses and CIDR networks
/// (`10.0.0.0/8, 192.0.2.7, ::1`); empty is none.
///
/// Returns `Err` naming the first entry that is neither.
pub fn parse_trusted(value: &str) -> Result<Vec<IpNet>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!(
                        "LEADSGEN_TRUSTED_PROXIES must list addresses or CIDR networks \
                         (e.g. 10.0.0.0/8, 192.0.2.7), not {entry:?}"
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)], peer: Option<&str>) -> Parts {
        let mut req = http::Request::builder();
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        if let Some(peer) = peer {
            parts
                .extensions
                .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        }
        parts
    }

    fn behind(trusted: &str) -> ClientRule {
        ClientRule {
            trusted: parse_trusted(trusted).unwrap(),
            ..ClientRule::default()
        }
    }

    fn client(rule: &ClientRule, headers: &[(&str, &str)], peer: &str) -> String {
        rule.client(&parts(headers, Some(peer)))
            .unwrap()
            .to_string()
    }

    #[test]
    fn without_trusted_proxies_the_client_is_the_connection() {
        let xff = [("x-forwarded-for", "203.0.113.9, 198.51.100.7")];
        assert_eq!(
            client(&ClientRule::default(), &xff, "10.0.0.2:5000"),
            "10.0.0.2"
        );
        assert_eq!(ClientRule::default().client(&parts(&[], None)), None);
    }

    /// A client that talks to the server directly cannot claim another address: the
    /// header counts only from a trusted proxy (OWASP ASVS V4.1: limits not bypassable).
    #[test]
    fn a_spoofed_header_from_an_untrusted_peer_is_ignored() {
        let rule = behind("10.0.0.0/8");
        let spoofed = [("x-forwarded-for", "198.51.100.7")];
        assert_eq!(client(&rule, &spoofed, "203.0.113.50:4000"), "203.0.113.50");
    }

    #[test]
    fn behind_proxies_the_client_is_the_rightmost_untrusted_address() {
        let rule = behind("10.0.0.0/8, 192.0.2.7");
        // The client invented the first entry; the proxy at 10.0.0.3 appended the real one.
        let xff = [("x-forwarded-for", "1.2.3.4, 203.0.113.9, 192.0.2.7")];
        assert_eq!(client(&rule, &xff, "10.0.0.3:5000"), "203.0.113.9");
        // Several header lines are one list, in order.
        let split = [
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ];
        assert_eq!(client(&rule, &split, "10.0.0.3:5000"), "203.0.113.9");
        // Without the header: the proxy itself.
        assert_eq!(client(&rule, &[], "10.0.0.3:5000"), "10.0.0.3");
        // Only trusted hops: the first of them.
        let internal = [("x-forwarded-for", "10.1.1.1, 10.2.2.2")];
        assert_eq!(client(&rule, &internal, "10.0.0.3:5000"), "10.1.1.1");
        // Garbage right of every address: the hop that handed it over.
        let garbage = [("x-forwarded-for", "203.0.113.9, unknown")];
        assert_eq!(client(&rule, &garbage, "10.0.0.3:5000"), "10.0.0.3");
        // A client's own entry that is not ASCII hides nothing the proxy appended.
        let raw = http::HeaderValue::from_bytes(b"caf\xe9, 203.0.113.9").unwrap();
        let mut parts = parts(&[], Some("10.0.0.3:5000"));
        parts.headers.insert("x-forwarded-for", raw);
        assert_eq!(rule.client(&parts).unwrap().to_string(), "203.0.113.9");
        // Ports and brackets, as some proxies write them.
        let ported = [("x-forwarded-for", "[2001:db8:1:2::9]:4711")];
        assert_eq!(client(&rule, &ported, "10.0.0.3:5000"), "2001:db8:1:2::/64");
    }

    #[test]
    fn another_header_can_be_configured() {
        let rule = ClientRule {
            header: HeaderName::from_static("x-real-ip"),
            ..behind("127.0.0.1")
        };
        let headers = [("x-real-ip", "203.0.113.9"), ("x-forwarded-for", "1.2.3.4")];
        assert_eq!(client(&rule, &headers, "127.0.0.1:5000"), "203.0.113.9");
    }

    #[test]
    fn an_ipv6_client_is_its_64_network() {
        let rule = ClientRule::default();
        let a = client(&rule, &[], "[2001:db8:1:2:aaaa::1]:443");
        let b = client(&rule, &[], "[2001:db8:1:2:bbbb::9]:443");
        assert_eq!(
            (a.as_str(), b.as_str()),
            ("2001:db8:1:2::/64", "2001:db8:1:2::/64")
        );
        assert_eq!(client(&rule, &[], "[::ffff:192.0.2.1]:443"), "192.0.2.1");
        // A trusted IPv4 proxy reached over an IPv4-mapped address is still trusted.
        let xff = [("x-forwarded-for", "203.0.113.9")];
        assert_eq!(
            client(&behind("127.0.0.1"), &xff, "[::ffff:127.0.0.1]:80"),
            "203.0.113.9"
        );
    }

    #[test]
    fn trusted_proxies_parse_or_name_the_bad_entry() {
        assert_eq!(parse_trusted(" ").unwrap(), vec![]);
        assert_eq!(parse_trusted("10.0.0.0/8, ::1").unwrap().len(), 2);
        let e = parse_trusted("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(e.contains("\"proxy.local\""), "{e}");
    }
}
