//! The real server binary, started as a process on a free loopback port with its own data
//! directory, and a minimal HTTP/1.1 client to talk to it.
#![allow(dead_code)]

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const BIN: &str = env!("CARGO_BIN_EXE_leadsgen-consent");

/// The server binary to run: `LEADSGEN_BIN` when set (`make soak` runs the release build,
/// with the site's files that `make build` made), otherwise this test build's [`BIN`].
pub fn bin() -> String {
    std::env::var("LEADSGEN_BIN").unwrap_or_else(|_| BIN.to_string())
}
/// A fixed signing key (base64 of 64 bytes), so restarts and the CLI share it.
pub const KEY: &str =
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk+Lw==";

/// The environment a server and the CLI run with.
pub struct Site {
    pub addr: String,
    pub data: tempfile::TempDir,
    pub database_url: Option<String>,
}

impl Site {
    pub fn new(database_url: Option<String>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Site {
            addr: format!("127.0.0.1:{port}"),
            data: tempfile::tempdir().unwrap(),
            database_url,
        }
    }

    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("LEPTOS_SITE_ADDR", &self.addr)
            .env("LEPTOS_OUTPUT_NAME", "leadsgen")
            .env("LEADSGEN_DATA_DIR", self.data.path())
            .env("CONSENT_COOKIE_KEY", KEY)
            .env("RUST_LOG", "error")
            // The drills post as fast as one client can: no limit per client, unless a test
            // of the limits sets its own.
            .env("LEADSGEN_DECISIONS_PER_MINUTE", "0")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::null());
        if let Some(url) = &self.database_url {
            c.env("DATABASE_URL", url);
        }
        c
    }

    /// Starts the server, optionally under a file-size limit (KB), and waits until it answers.
    pub async fn start(&self, file_limit_kb: Option<u32>) -> Child {
        let mut command = match file_limit_kb {
            None => self.command(&bin()),
            // A full disk: writes past the limit fail with EFBIG (SIGXFSZ ignored).
            Some(kb) => {
                let mut c = self.command("bash");
                c.args([
                    "-c",
                    &format!("trap '' XFSZ; ulimit -f {kb}; exec \"$0\""),
                    &bin(),
                ]);
                c
            }
        };
        command.stderr(Stdio::null());
        self.start_command(command).await
    }

    /// Spawns `command` (made with [`Site::command`]) and waits until the server answers.
    pub async fn start_command(&self, mut command: Command) -> Child {
        let mut child = command.spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = request(&self.addr, "GET", "/healthz", "").await {
                if r.status == 200 {
                    return child;
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the server exited: {status}");
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `leadsgen-consent log <args>`: its exit success and standard output.
    pub fn cli(&self, args: &[&str]) -> (bool, String) {
        let out = self
            .command(&bin())
            .args(["log"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        (out.status.success(), text)
    }

    /// The consent IDs in the log, from `log export`.
    pub fn logged_ids(&self) -> HashSet<String> {
        let (ok, text) = self.cli(&["export", "--format", "ndjson"]);
        assert!(ok, "{text}");
        // The records, between the export's opening line and its closing checkpoints.
        text.lines()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["consent_id"].as_str().map(str::to_string)
            })
            .collect()
    }

    pub fn verify(&self) -> String {
        let (ok, text) = self.cli(&["verify"]);
        assert!(ok, "log verify failed: {text}");
        assert!(text.starts_with("ok: "), "{text}");
        text
    }
}

pub struct Answer {
    pub status: u16,
    /// The consent ID of a `cookie-consent` the answer set.
    pub consent_id: Option<String>,
    pub body: String,
}

/// One HTTP/1.1 request on its own connection, read to the end.
pub async fn request(addr: &str, method: &str, path: &str, body: &str) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(addr).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let (headers, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no complete header"))?;
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    // cookie-consent=<44 signature chars><1.<id>.…>
    let consent_id = headers
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: cookie-consent="))
        .filter_map(|v| v.get(44..))
        .filter_map(|v| v.split('.').nth(1).map(str::to_string))
        .next();
    Ok(Answer {
        status,
        consent_id,
        body: body.to_string(),
    })
}
