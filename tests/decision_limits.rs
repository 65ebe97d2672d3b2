//! Issue 24 §2: the limits on consent decisions per client, on the real binary over real
//! connections from several loopback addresses (Linux routes all of 127.0.0.0/8 to the
//! loopback interface, so a test can be several clients).
//!
//! - a client gets its burst, then 429 with `Retry-After`, JSON for `fetch` and a page for a
//!   plain form, and nothing is recorded and no cookie set (OWASP ASVS V11.1.4);
//! - another client is not affected, and pages stay up for the limited one;
//! - `X-Forwarded-For` counts from a trusted proxy only: a spoofed header from any other peer
//!   changes nothing (OWASP ASVS V4.1, "limits not bypassable");
//! - the refusals show in `/metrics`, on `LEADSGEN_METRICS_ADDR`.

#[path = "support/server.rs"]
mod server;

use std::net::SocketAddr;

use server::{Site, BIN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

/// What came back.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One request from the loopback address `from`, with `headers`.
async fn send(
    site: &Site,
    from: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Reply {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(format!("{from}:0").parse::<SocketAddr>().unwrap())
        .unwrap();
    let mut stream = socket.connect(site.addr.parse().unwrap()).await.unwrap();
    let body = if method == "POST" { "source=api" } else { "" };
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n",
        body.len(),
        addr = site.addr
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
    {
        head.push_str("Accept: application/json\r\n");
    }
    head.push_str("\r\n");
    head.push_str(body);
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    Reply {
        status: head.split(' ').nth(1).unwrap().parse().unwrap(),
        head: head.to_string(),
        body: body.to_string(),
    }
}

async fn decide(site: &Site, from: &str, headers: &[(&str, &str)]) -> Reply {
    send(site, from, "POST", "/api/consent/accept-all", headers).await
}

/// A burst of 3, refilled by one decision a minute: nothing refills during the test. The
/// metrics are on an address of their own (returned).
async fn start(site: &Site) -> (std::process::Child, String) {
    let metrics = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let mut command = site.command(BIN);
    command
        .env("LEADSGEN_DECISION_BURST", "3")
        .env("LEADSGEN_DECISIONS_PER_MINUTE", "1")
        .env("LEADSGEN_TRUSTED_PROXIES", "127.0.0.1")
        .env("LEADSGEN_METRICS_ADDR", &metrics);
    (site.start_command(command).await, metrics)
}

#[tokio::test]
async fn a_client_over_its_allowance_gets_429_and_nothing_is_recorded() {
    let site = Site::new(None);
    let (mut server, metrics) = start(&site).await;
    let mut acknowledged = 0;
    for _ in 0..3 {
        let r = decide(&site, "127.0.0.2", &[]).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.header("set-cookie").is_some());
        acknowledged += 1;
    }
    // fetch: JSON, Retry-After, no cookie.
    let refused = decide(&site, "127.0.0.2", &[]).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    // One decision a minute refills the allowance: the wait is the rest of that minute.
    assert!((50..=60).contains(&wait), "Retry-After: {wait}");
    assert!(refused.header("set-cookie").is_none(), "{}", refused.head);
    let error: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert!(error["RateLimited"].is_u64(), "{error}");
    // A plain form: the refusal page, in the language of the page it came from, and no
    // redirect that would hide it.
    let form = send(
        &site,
        "127.0.0.2",
        "POST",
        "/api/consent/accept-all",
        &[("accept", "text/html"), ("accept-language", "de")],
    )
    .await;
    assert_eq!(form.status, 429);
    assert!(form.header("location").is_none());
    assert!(form.header("set-cookie").is_none());
    assert!(form.header("retry-after").is_some());
    assert!(
        form.body
            .contains("Aus Ihrem Netzwerk wurden in kurzer Zeit zu viele"),
        "{}",
        form.body
    );
    // Pages stay up for the limited client; another client has its own allowance.
    assert_eq!(send(&site, "127.0.0.2", "GET", "/", &[]).await.status, 200);
    let other = decide(&site, "127.0.0.3", &[]).await;
    assert_eq!(other.status, 200, "{}", other.body);
    acknowledged += 1;

    // The refusals are counted on the metrics' own address (no token there); on the site's
    // address, without an admin token, there are no metrics at all.
    let scraped = server::request(&metrics, "GET", "/metrics", "")
        .await
        .unwrap();
    assert_eq!(scraped.status, 200);
    assert!(
        scraped
            .body
            .contains("consent_decisions_refused_total{reason=\"rate_limited\"} 2\n"),
        "{}",
        scraped.body
    );
    assert!(
        scraped.body.contains("decision_limit_clients 2\n"),
        "{}",
        scraped.body
    );
    assert_eq!(
        send(&site, "127.0.0.2", "GET", "/metrics", &[])
            .await
            .status,
        404
    );

    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(
        site.logged_ids().len(),
        acknowledged,
        "refused decisions were recorded"
    );
}

#[tokio::test]
async fn x_forwarded_for_counts_from_a_trusted_proxy_only() {
    let site = Site::new(None);
    let (mut server, _) = start(&site).await;
    // An untrusted peer cannot escape its limit by inventing addresses.
    for i in 0..6 {
        let spoofed = format!("198.51.100.{i}");
        let r = decide(&site, "127.0.0.4", &[("x-forwarded-for", &spoofed)]).await;
        assert_eq!(r.status, if i < 3 { 200 } else { 429 }, "decision {i}");
    }
    // Behind the trusted proxy (127.0.0.1), each client it names has its own allowance: the
    // rightmost address it did not write itself.
    let client_a = [("x-forwarded-for", "203.0.113.1")];
    for i in 0..4 {
        let r = decide(&site, "127.0.0.1", &client_a).await;
        assert_eq!(r.status, if i < 3 { 200 } else { 429 }, "decision {i} of A");
    }
    // A client behind the proxy that invents a first entry is still itself.
    let client_a_spoofing = [("x-forwarded-for", "192.0.2.99, 203.0.113.1")];
    assert_eq!(
        decide(&site, "127.0.0.1", &client_a_spoofing).await.status,
        429
    );
    let client_b = [("x-forwarded-for", "203.0.113.2")];
    assert_eq!(decide(&site, "127.0.0.1", &client_b).await.status, 200);
    server.kill().unwrap();
    server.wait().unwrap();
}
