//! A mixed load on the real server, as visitors make it: page views with and without a
//! consent, consent posts of every kind (fetch and plain form), receipts, the consent state,
//! a personalization post, and some deliberately bad requests (cross-site post, broken
//! cookie, unknown field, oversized body, foreign `return_to`, unknown page). Each worker keeps
//! one HTTP/1.1 keep-alive connection (hyper's client), reconnecting when it closes, and walks
//! [`MIX`] in order. Open loop at a given rate, or closed loop (as fast as answers come) to
//! measure capacity. It records every answer's status against what the step expects, every
//! consent ID that reached it in a `Set-Cookie`, latencies, and socket errors.
//!
//! The server sees the load as many visitors behind a trusted proxy: each worker's requests
//! carry `X-Forwarded-For` with a new client address every [`MIX`] round, as a proxy in front
//! of many visitors writes it (the server must trust 127.0.0.1, `LEADSGEN_TRUSTED_PROXIES`).
//! [`Load::flood`] is the other kind of client: one script posting decisions from an
//! address of its own that is no proxy, inventing `X-Forwarded-For` values on the way.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// What a step is, for the figures: bad requests may fail at the socket (the server closes a
/// connection whose body it refused); nothing else may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Page,
    ConsentPost,
    Receipt,
    Other,
    Bad,
    /// A decision from the flooding client: 429 once its allowance is spent.
    Flood,
}

/// One request of the mix.
pub struct Step {
    pub kind: Kind,
    pub method: &'static str,
    pub path: &'static str,
    /// Form body (`application/x-www-form-urlencoded`); `None` for a GET.
    pub body: Option<&'static str>,
    /// `Accept: application/json` (a fetch from the island) instead of a plain form post.
    pub json: bool,
    /// Send the worker's last `cookie-consent`.
    pub with_consent: bool,
    /// Extra headers.
    pub headers: &'static [(&'static str, &'static str)],
    /// The one status this step must get.
    pub expect: u16,
}

const fn get(kind: Kind, path: &'static str, with_consent: bool) -> Step {
    Step {
        kind,
        method: "GET",
        path,
        body: None,
        json: false,
        with_consent,
        headers: &[],
        expect: 200,
    }
}

const fn post(path: &'static str, body: &'static str, json: bool, expect: u16) -> Step {
    Step {
        kind: Kind::ConsentPost,
        method: "POST",
        path,
        body: Some(body),
        json,
        with_consent: true,
        headers: &[],
        expect,
    }
}

/// Stands for a body over the 16 KiB cap (`server::limits`): 20 KiB, made when sent.
const OVERSIZED: &str = "<20 KiB>";

/// The mix, walked in order by each worker from its own offset: 24 steps, 9 page views, 6
/// consent posts, 1 receipt, 3 others, 5 bad requests.
pub const MIX: [Step; 24] = [
    post("/api/consent/accept-all", "source=api", true, 200),
    get(Kind::Page, "/", false),
    get(Kind::Page, "/cookie-policy", true),
    get(Kind::Page, "/", true),
    post(
        "/api/consent/reject-all",
        "source=banner&return_to=%2F",
        false,
        303,
    ),
    get(Kind::Receipt, "/api/consent/receipt", true),
    get(Kind::Page, "/cookie-preferences", true),
    post("/api/consent/save", "analytics=on&source=dialog", true, 200),
    get(Kind::Other, "/api/consent/state", true),
    Step {
        headers: &[("sec-fetch-site", "cross-site")],
        kind: Kind::Bad,
        ..post("/api/consent/accept-all", "source=api", true, 403)
    },
    get(Kind::Page, "/settings", true),
    post(
        "/api/consent/save",
        "functional=on&marketing=on&source=preferences_page&return_to=%2Fcookie-preferences",
        false,
        303,
    ),
    Step {
        headers: &[("dnt", "1"), ("sec-gpc", "1")],
        ..get(Kind::Page, "/", true)
    },
    Step {
        headers: &[("cookie", "cookie-consent=not-a-signed-value")],
        kind: Kind::Bad,
        ..get(Kind::Page, "/", false)
    },
    post(
        "/api/consent/accept-all",
        "source=banner&return_to=%2Fcookie-policy",
        false,
        303,
    ),
    Step {
        kind: Kind::Bad,
        ..post("/api/consent/save", "bogus=1", true, 400)
    },
    Step {
        kind: Kind::Other,
        ..post(
            "/api/personalization/set",
            "theme=dark&return_to=%2Fsettings",
            false,
            303,
        )
    },
    get(Kind::Page, "/cookie-policy", false),
    Step {
        kind: Kind::Bad,
        ..post("/api/consent/accept-all", OVERSIZED, true, 413)
    },
    post("/api/consent/reject-all", "source=api", true, 200),
    Step {
        kind: Kind::Bad,
        ..post(
            "/api/consent/reject-all",
            "return_to=%2F%2Fevil.example",
            false,
            400,
        )
    },
    get(Kind::Other, "/healthz", false),
    Step {
        expect: 404,
        kind: Kind::Bad,
        ..get(Kind::Page, "/no-such-page", false)
    },
    get(Kind::Page, "/cookie-preferences", false),
];

/// What the load saw, per kind of step.
#[derive(Default)]
pub struct Seen {
    /// Consent IDs that reached the client in a `Set-Cookie` of a consent post.
    pub acknowledged: Vec<String>,
    /// Complete answers, by kind.
    pub answers: BTreeMap<Kind, u64>,
    /// Answers whose status was not the step's, as (kind, path, status).
    pub unexpected: Vec<(Kind, &'static str, u16)>,
    /// 5xx answers (also in `unexpected`).
    pub server_errors: u64,
    /// Requests that ended at the socket (connect, write or read failed), by kind.
    pub socket_errors: BTreeMap<Kind, u64>,
    /// Latency of each complete answer, microseconds, by kind.
    pub latencies_us: BTreeMap<Kind, Vec<u32>>,
    /// The flood's decisions refused with 429 (without a `Set-Cookie`, or they are in
    /// `unexpected`).
    pub refused: u64,
}

impl Seen {
    pub fn requests(&self) -> u64 {
        self.answers.values().sum::<u64>() + self.socket_errors.values().sum::<u64>()
    }
    pub fn socket_errors_outside_bad(&self) -> u64 {
        self.socket_errors
            .iter()
            .filter(|(k, _)| **k != Kind::Bad)
            .map(|(_, n)| n)
            .sum()
    }
    /// The `q` quantile (0–1) of the latencies of `kind` (of all answers for `None`),
    /// milliseconds.
    pub fn latency_ms(&self, kind: Option<Kind>, q: f64) -> f64 {
        let mut all: Vec<u32> = self
            .latencies_us
            .iter()
            .filter(|(k, _)| kind.is_none_or(|kind| kind == **k))
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        if all.is_empty() {
            return 0.0;
        }
        all.sort_unstable();
        let i = ((all.len() - 1) as f64 * q).round() as usize;
        f64::from(all[i]) / 1000.0
    }
}

/// A running load; [`Load::stop`] ends it and returns what it saw.
pub struct Load {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    pub seen: Arc<Mutex<Seen>>,
    pub started: Instant,
}

impl Load {
    /// `workers` connections to `addr`; `rate` requests per second in all (open loop), or
    /// `None` for as fast as answers come (closed loop).
    pub fn start(addr: &str, workers: usize, rate: Option<f64>) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let tasks = (0..workers)
            .map(|w| {
                let (addr, stop, seen) = (addr.to_string(), stop.clone(), seen.clone());
                let period = rate.map(|r| Duration::from_secs_f64(workers as f64 / r));
                tokio::spawn(worker(addr, w, period, stop, seen))
            })
            .collect();
        Load {
            stop,
            tasks,
            seen,
            started: Instant::now(),
        }
    }

    /// One client flooding `addr` with decisions at `rate` a second, from the loopback
    /// address `from` (no trusted proxy), each with an invented `X-Forwarded-For`. The
    /// decisions within its allowance are acknowledged; every later one must be a 429
    /// without a `Set-Cookie`.
    pub fn flood(addr: &str, from: &str, rate: f64) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Seen::default()));
        let (addr, from) = (addr.to_string(), from.to_string());
        let task = tokio::spawn(flooder(
            addr,
            from,
            Duration::from_secs_f64(1.0 / rate),
            stop.clone(),
            seen.clone(),
        ));
        Load {
            stop,
            tasks: vec![task],
            seen,
            started: Instant::now(),
        }
    }

    /// Consent IDs acknowledged so far.
    pub fn acknowledged(&self) -> usize {
        self.seen.lock().unwrap().acknowledged.len()
    }

    pub async fn stop(self) -> Seen {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.tasks {
            t.await.unwrap();
        }
        Arc::try_unwrap(self.seen)
            .ok()
            .expect("the workers are done")
            .into_inner()
            .unwrap()
    }
}

async fn connect(addr: &str) -> Option<SendRequest<Full<Bytes>>> {
    connect_from(addr, None).await
}

/// A connection to `addr`, from the loopback address `from` when given.
async fn connect_from(addr: &str, from: Option<&str>) -> Option<SendRequest<Full<Bytes>>> {
    let stream = match from {
        None => TcpStream::connect(addr).await.ok()?,
        Some(from) => {
            let socket = tokio::net::TcpSocket::new_v4().ok()?;
            socket.bind(format!("{from}:0").parse().ok()?).ok()?;
            socket.connect(addr.parse().ok()?).await.ok()?
        }
    };
    stream.set_nodelay(true).ok()?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .ok()?;
    tokio::spawn(conn);
    Some(sender)
}

async fn worker(
    addr: String,
    index: usize,
    period: Option<Duration>,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Seen>>,
) {
    let mut ticks = period.map(|p| {
        // Workers start spread over one period, not all at once.
        let start = tokio::time::Instant::now() + p.mul_f64(index as f64 / 16.0 % 1.0);
        let mut i = tokio::time::interval_at(start, p);
        i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        i
    });
    let mut sender: Option<SendRequest<Full<Bytes>>> = None;
    let mut consent_cookie: Option<String> = None;
    let mut n = index * 7;
    while !stop.load(Ordering::Relaxed) {
        if let Some(t) = ticks.as_mut() {
            t.tick().await;
        }
        // A worker decides first, so that the steps that send a consent have one.
        let step = if consent_cookie.is_none() {
            &MIX[0]
        } else {
            n += 1;
            &MIX[(n - 1) % MIX.len()]
        };
        if sender.as_ref().is_none_or(|s| s.is_closed()) {
            sender = connect(&addr).await;
        }
        let Some(s) = sender.as_mut() else {
            *seen
                .lock()
                .unwrap()
                .socket_errors
                .entry(step.kind)
                .or_default() += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        // A new visitor behind the proxy every round of the mix.
        let visitor = n / MIX.len();
        let client = format!(
            "10.{}.{}.{}",
            index % 256,
            visitor / 256 % 256,
            visitor % 256
        );
        let started = Instant::now();
        match send(s, &addr, step, consent_cookie.as_deref(), &client).await {
            Ok((status, set_consent)) => {
                let micros = started.elapsed().as_micros().min(u32::MAX as u128) as u32;
                let mut seen = seen.lock().unwrap();
                *seen.answers.entry(step.kind).or_default() += 1;
                seen.latencies_us.entry(step.kind).or_default().push(micros);
                if status != step.expect {
                    seen.unexpected.push((step.kind, step.path, status));
                }
                if status >= 500 {
                    seen.server_errors += 1;
                }
                if let Some(value) = set_consent {
                    if step.kind == Kind::ConsentPost {
                        // cookie-consent=<44 signature chars><1.<id>.…>
                        if let Some(id) = value.get(44..).and_then(|v| v.split('.').nth(1)) {
                            seen.acknowledged.push(id.to_string());
                        }
                    }
                    consent_cookie = Some(value);
                }
            }
            Err(_) => {
                *seen
                    .lock()
                    .unwrap()
                    .socket_errors
                    .entry(step.kind)
                    .or_default() += 1;
                sender = None;
            }
        }
    }
}

/// Sends one step and reads its answer to the end: the status and a `cookie-consent` value
/// it set, if any.
async fn send(
    sender: &mut SendRequest<Full<Bytes>>,
    addr: &str,
    step: &Step,
    consent_cookie: Option<&str>,
    forwarded_for: &str,
) -> Result<(u16, Option<String>), Box<dyn std::error::Error + Send + Sync>> {
    sender.ready().await?;
    let mut req = Request::builder()
        .method(step.method)
        .uri(step.path)
        .header("host", addr)
        .header("x-forwarded-for", forwarded_for);
    if step.body.is_some() {
        req = req
            .header("origin", format!("http://{addr}"))
            .header("content-type", "application/x-www-form-urlencoded");
        if !step.headers.iter().any(|(h, _)| *h == "sec-fetch-site") {
            req = req.header("sec-fetch-site", "same-origin");
        }
    }
    // What a browser's fetch from the island sends, or what it sends for a page or a form.
    req = req.header(
        "accept",
        if step.json {
            "application/json"
        } else {
            "text/html,application/xhtml+xml,*/*;q=0.8"
        },
    );
    if let (true, Some(c)) = (step.with_consent, consent_cookie) {
        req = req.header("cookie", format!("cookie-consent={c}"));
    }
    for (name, value) in step.headers {
        req = req.header(*name, *value);
    }
    let body = match step.body {
        Some(OVERSIZED) => Bytes::from(format!("source=api&x={}", "a".repeat(20 * 1024))),
        Some(form) => Bytes::from_static(form.as_bytes()),
        None => Bytes::new(),
    };
    let req = req.body(Full::new(body))?;
    let answer = sender.send_request(req).await?;
    let status = answer.status().as_u16();
    let set_consent = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.strip_prefix("cookie-consent="))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .find(|v| !v.is_empty());
    answer.into_body().collect().await?;
    Ok((status, set_consent))
}

/// The flooding client: [`Load::flood`].
async fn flooder(
    addr: String,
    from: String,
    period: Duration,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Seen>>,
) {
    let step = Step {
        kind: Kind::Flood,
        with_consent: false,
        ..post("/api/consent/accept-all", "source=api", true, 429)
    };
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut sender: Option<SendRequest<Full<Bytes>>> = None;
    let mut n = 0u32;
    while !stop.load(Ordering::Relaxed) {
        ticks.tick().await;
        n += 1;
        if sender.as_ref().is_none_or(|s| s.is_closed()) {
            sender = connect_from(&addr, Some(&from)).await;
        }
        let Some(s) = sender.as_mut() else {
            *seen
                .lock()
                .unwrap()
                .socket_errors
                .entry(Kind::Flood)
                .or_default() += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        // An invented address: the server must not believe it.
        let invented = format!("198.51.100.{}", n % 250);
        let started = Instant::now();
        match send(s, &addr, &step, None, &invented).await {
            Ok((status, set_consent)) => {
                let micros = started.elapsed().as_micros().min(u32::MAX as u128) as u32;
                let mut seen = seen.lock().unwrap();
                *seen.answers.entry(Kind::Flood).or_default() += 1;
                seen.latencies_us
                    .entry(Kind::Flood)
                    .or_default()
                    .push(micros);
                match (status, set_consent) {
                    (429, None) => seen.refused += 1,
                    (200, Some(value)) => {
                        if let Some(id) = value.get(44..).and_then(|v| v.split('.').nth(1)) {
                            seen.acknowledged.push(id.to_string());
                        }
                    }
                    (status, _) => {
                        if status >= 500 {
                            seen.server_errors += 1;
                        }
                        seen.unexpected.push((Kind::Flood, step.path, status));
                    }
                }
            }
            Err(_) => {
                *seen
                    .lock()
                    .unwrap()
                    .socket_errors
                    .entry(Kind::Flood)
                    .or_default() += 1;
                sender = None;
            }
        }
    }
}

/// Resident memory of process `pid`, KiB (`VmRSS` in `/proc/<pid>/status`).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// Open file descriptors of process `pid` (`/proc/<pid>/fd`).
pub fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}
