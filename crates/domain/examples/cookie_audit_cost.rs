//! What the live cookie audit adds to a request, for `make bench`: scanning a `Cookie` header's
//! names against the registry, in nanoseconds per header, for the headers a page request
//! typically carries; and counting a finding. Figures only; nothing is asserted.
//!
//! `cargo run --release -p leadsgen-domain --example cookie_audit_cost`

use std::hint::black_box;
use std::time::Instant;

use leadsgen_domain::consent::cookie_audit::{audit, Tally};
use leadsgen_domain::consent::{Choices, LEADSGEN};

const ROUNDS: u32 = 1_000_000;

fn per_op(label: &str, mut op: impl FnMut()) {
    for _ in 0..ROUNDS / 10 {
        op();
    }
    let started = Instant::now();
    for _ in 0..ROUNDS {
        op();
    }
    let nanos = started.elapsed().as_secs_f64() * 1e9 / f64::from(ROUNDS);
    println!("{label:<58} {nanos:>8.0} ns");
}

fn main() {
    let consent = "cookie-consent=Wm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg=1.\
                   0123456789abcdef0123456789abcdef.1764720000.20260412.7.0";
    let declared = format!("{consent}; theme=dark; _plausible=1; _fbp=fb.1.17.42");
    let foreign = format!("{declared}; _ga=GA1.2.3.4; _gid=GA1.2.5.6; other_app=abc");
    for (label, header) in [
        ("the consent cookie alone", consent.to_string()),
        ("consent and three declared cookies", declared),
        ("the same and three undeclared (findings)", foreign),
    ] {
        per_op(&format!("scan: {label}"), || {
            black_box(audit(black_box(header.as_bytes()), &LEADSGEN, Choices::ALL));
        });
    }
    let header = "_ga=1; _gid=2";
    let findings = audit(header.as_bytes(), &LEADSGEN, Choices::ALL);
    let mut tally = Tally::default();
    per_op("count two undeclared names (under the lock)", || {
        tally.count(black_box(&findings), 1_764_720_000_000);
    });
}
