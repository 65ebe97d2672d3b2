//! What the log's signatures cost, for `make bench`: signing and verifying a JSON receipt
//! (canonical form included) and a checkpoint, in microseconds per operation, on this
//! machine. Figures only; nothing is asserted.
//!
//! `cargo run --release -p leadsgen-consent-log --example signing_cost`

use std::time::Instant;

use leadsgen_consent_log::receipt::{verify_receipt, Receipt};
use leadsgen_consent_log::record::sample;
use leadsgen_consent_log::{ChainState, Checkpoint, KeySet, LogSigner, SignedLine};
use leadsgen_domain::consent::LEADSGEN;
use leadsgen_domain::paths::PublicOrigin;

const ROUNDS: u32 = 5_000;

fn per_op(label: &str, mut op: impl FnMut()) {
    for _ in 0..ROUNDS / 10 {
        op();
    }
    let started = Instant::now();
    for _ in 0..ROUNDS {
        op();
    }
    let micros = started.elapsed().as_secs_f64() * 1e6 / f64::from(ROUNDS);
    println!("{label:<44} {micros:>8.1} µs");
}

fn main() {
    let signer = LogSigner::from_seed([7; 32]);
    let keys = KeySet::of([signer.public().clone()]);
    let mut state = ChainState::genesis();
    let records = state.append((1..=6).map(sample).collect());
    let origin = PublicOrigin::new("https://leadsgen.app".into());
    // A decision with five earlier ones: a long receipt.
    let receipt = Receipt::new(&LEADSGEN, &origin, &records[5], &records[..5]);
    let (signed, _) = receipt.to_signed_json(&signer);
    println!("== Signatures (Ed25519), {ROUNDS} rounds each, per operation");
    per_op("receipt as JSON, unsigned (today's work)", || {
        std::hint::black_box(receipt.to_json());
    });
    per_op("receipt as JSON, signed", || {
        std::hint::black_box(receipt.to_signed_json(&signer));
    });
    per_op("receipt verified (receipt verify)", || {
        std::hint::black_box(verify_receipt(&signed, &keys).unwrap());
    });
    per_op("checkpoint signed", || {
        std::hint::black_box(Checkpoint::sign(&state, 1, &signer));
    });
    let checkpoint = Checkpoint::sign(&state, 1, &signer);
    per_op("checkpoint verified", || {
        checkpoint.verify(&keys).unwrap();
    });
    println!("({} bytes of signed receipt)", signed.len());
}
