//! The consent log as files: one record per line, NDJSON or CSV, and the dates that bound an
//! export.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use tokio::sync::mpsc;

use super::chain::LogKey;
pub use super::record::rfc3339;
use super::record::ConsentRecord;
use super::signing::{LogSigner, SignedLine};
use super::store::{RecordFilter, Store, StoreError};

/// An export format: the admin view's two download routes, and `log export --format`, whose
/// values (`ndjson`, `csv`) clap derives from the variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line: an opening line, each record's canonical JSON with its
    /// `hash`, then the signed checkpoints that cover them ([`stream`]).
    Ndjson,
    /// A header line, then one row per record (RFC 4180).
    Csv,
}

impl Format {
    /// The media type of the export.
    pub const fn content_type(self) -> &'static str {
        match self {
            Format::Ndjson => "application/x-ndjson",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The file extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
        }
    }

    /// The CSV header line; nothing for NDJSON, whose opening line is an [`ExportHead`].
    pub fn header(self) -> String {
        match self {
            Format::Ndjson => String::new(),
            Format::Csv => CSV_COLUMNS.join(",") + "\n",
        }
    }

    /// One record, with its line ending.
    pub fn line(self, record: &ConsentRecord) -> String {
        match self {
            Format::Ndjson => {
                let mut line =
                    serde_json::to_string(&record.to_json()).expect("a record serializes");
                line.push('\n');
                line
            }
            Format::Csv => csv_line(record),
        }
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 23] = [
    "seq",
    "consent_id",
    "previous_consent_id",
    "recorded_at",
    "recorded_at_ms",
    "policy_revision",
    "policy_sha256",
    "action",
    "source",
    "requested_functional",
    "requested_analytics",
    "requested_marketing",
    "effective_functional",
    "effective_analytics",
    "effective_marketing",
    "dnt",
    "gpc",
    "locale",
    "user_agent",
    "scope",
    "subject",
    "prev_hash",
    "hash",
];

fn csv_line(record: &ConsentRecord) -> String {
    let j = record.to_json();
    let flag = |b: bool| if b { "true" } else { "false" }.to_string();
    let fields = [
        j.seq.to_string(),
        j.consent_id,
        j.previous_consent_id.unwrap_or_default(),
        rfc3339(j.recorded_at_ms),
        j.recorded_at_ms.to_string(),
        j.policy_revision,
        j.policy_sha256,
        j.action,
        j.source,
        flag(j.requested.functional),
        flag(j.requested.analytics),
        flag(j.requested.marketing),
        flag(j.effective.functional),
        flag(j.effective.analytics),
        flag(j.effective.marketing),
        flag(j.signals.dnt),
        flag(j.signals.gpc),
        j.locale,
        j.user_agent.unwrap_or_default(),
        j.scope.unwrap_or_else(|| "device".into()),
        j.subject.unwrap_or_default(),
        j.prev_hash,
        j.hash.unwrap_or_default(),
    ];
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(fields.map(neutralized))
        .expect("writing to memory cannot fail");
    String::from_utf8(writer.into_inner().expect("flushing to memory cannot fail"))
        .expect("CSV of strings is UTF-8")
}

/// A CSV cell that a spreadsheet will not run as a formula: a cell that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP's "CSV Injection" page
/// advises (the `csv` writer then quotes it as needed). Only a `User-Agent` the site chose to
/// keep can start so; every other cell is a number, a hash, an ID or a key. NDJSON keeps
/// every value exact.
fn neutralized(cell: String) -> String {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}"),
        _ => cell,
    }
}

/// Why a date bound was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date: use YYYY-MM-DD (a UTC day) or RFC 3339, e.g. 2026-11-29T12:00:00Z")]
pub struct BadDate(pub String);

/// Parses an export bound: `YYYY-MM-DD` (the start of that UTC day) or an RFC 3339 instant.
/// Returns milliseconds since the Unix epoch, UTC.
pub fn parse_bound(text: &str) -> Result<u64, BadDate> {
    let bad = || BadDate(text.chars().take(40).collect());
    let instant = if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        t
    } else {
        let day =
            Date::parse(text, format_description!("[year]-[month]-[day]")).map_err(|_| bad())?;
        PrimitiveDateTime::new(day, time::Time::MIDNIGHT).assume_utc()
    };
    u64::try_from(instant.unix_timestamp_nanos() / 1_000_000).map_err(|_| bad())
}

/// The first word of an NDJSON export's opening line: its layout's version.
pub const EXPORT_VERSION: &str = "leadsgen-consent-log/export/1";

/// An NDJSON export's opening line: what was selected. The [`ExportEnd`] repeats it under
/// the signature, so a relabelled bound is caught.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportHead {
    /// [`EXPORT_VERSION`].
    pub version: String,
    /// The `from` bound, milliseconds since the Unix epoch, UTC; `None` for the whole log.
    pub from_ms: Option<u64>,
    /// The `to` bound (exclusive), likewise.
    pub to_ms: Option<u64>,
}

impl ExportHead {
    /// The opening line, with its line ending: `{"export":{…}}`.
    pub fn line(&self) -> String {
        let mut text = serde_json::json!({ "export": self }).to_string();
        text.push('\n');
        text
    }
}

/// An NDJSON export's closing line, signed with the log's key: the bounds, how many records
/// the export holds, and where they start and end. No record can be added, removed or
/// changed, and no bound relabelled, without this signature or the chain failing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportEnd {
    /// The `from` bound, as in the [`ExportHead`].
    pub from_ms: Option<u64>,
    /// The `to` bound, as in the [`ExportHead`].
    pub to_ms: Option<u64>,
    /// How many records the export holds.
    pub records: u64,
    /// The first record's position and its `prev_hash`; `None` without records.
    pub first: Option<(u64, String)>,
    /// The last record's position and its `hash`; `None` without records.
    pub last: Option<(u64, String)>,
    /// When it was signed: milliseconds since the Unix epoch, UTC.
    pub signed_at_ms: u64,
    /// The signing key's ID.
    pub key_id: String,
    /// The Ed25519 signature of [`message`](Self::message), standard base64.
    pub signature: String,
}

impl ExportEnd {
    /// The exact bytes signed, one line of ASCII: `leadsgen-consent-log/export/1 from_ms=<n|->
    /// to_ms=<n|-> records=<n> first=<seq>:<prev_hash>|- last=<seq>:<hash>|-
    /// signed_at_ms=<n> key_id=<kid>`.
    pub fn message(&self) -> String {
        let bound = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
        let end = |e: &Option<(u64, String)>| {
            e.as_ref()
                .map_or("-".to_string(), |(seq, hash)| format!("{seq}:{hash}"))
        };
        format!(
            "{EXPORT_VERSION} from_ms={} to_ms={} records={} first={} last={} signed_at_ms={} \
             key_id={}",
            bound(self.from_ms),
            bound(self.to_ms),
            self.records,
            end(&self.first),
            end(&self.last),
            self.signed_at_ms,
            self.key_id
        )
    }
}

/// The closing line: `{"export_end":{…,"signed_at":"…","message":"…"}}`.
impl SignedLine for ExportEnd {
    const NAME: &'static str = "export_end";

    fn message(&self) -> String {
        ExportEnd::message(self)
    }

    fn key_id(&self) -> &str {
        &self.key_id
    }

    fn signature(&self) -> &str {
        &self.signature
    }

    fn signed_at_ms(&self) -> u64 {
        self.signed_at_ms
    }
}

/// An export that ends on a signature, as the admin route and `log export` send it: signs a
/// checkpoint of the chain now (unless the last one names it), stops the records at the
/// newest checkpoint's head, and streams them ([`stream`]).
///
/// Returns the store's errors from signing or reading the checkpoint.
pub async fn sealed(
    store: &Store,
    key: &LogKey,
    signer: &LogSigner,
    filter: RecordFilter,
    format: Format,
) -> Result<mpsc::Receiver<Result<String, StoreError>>, StoreError> {
    store.checkpoint(signer, key, crate::now_ms()).await?;
    let head = store.newest_checkpoint(0, u64::MAX).await?;
    let filter = RecordFilter {
        max_seq: Some(head.map_or(0, |c| c.head_seq)),
        ..filter
    };
    Ok(stream(store, filter, format, signer.clone()))
}

/// Streams an export of `store` in `format` through a bounded channel, one chunk per line:
/// for NDJSON, the opening [`ExportHead`] line, the records `filter` selects, the newest
/// checkpoint whose head is among them ([`SignedLine::export_line`]; its head hash covers
/// every record before it), and the [`ExportEnd`] signed by `signer`; for CSV, the header
/// and the records. Memory stays flat whatever the size of the log. An error ends the stream
/// as its last item, so a failed export has no signed end.
pub fn stream(
    store: &Store,
    filter: RecordFilter,
    format: Format,
    signer: LogSigner,
) -> mpsc::Receiver<Result<String, StoreError>> {
    let (tx, rx) = mpsc::channel(16);
    let store = store.clone();
    tokio::spawn(async move {
        let head = match format {
            Format::Ndjson => ExportHead {
                version: EXPORT_VERSION.into(),
                from_ms: filter.from_ms,
                to_ms: filter.to_ms,
            }
            .line(),
            Format::Csv => format.header(),
        };
        if tx.send(Ok(head)).await.is_err() {
            return;
        }
        let mut records = store.stream(filter);
        let mut end = ExportEnd {
            from_ms: filter.from_ms,
            to_ms: filter.to_ms,
            records: 0,
            first: None,
            last: None,
            signed_at_ms: 0,
            key_id: signer.key_id().to_string(),
            signature: String::new(),
        };
        while let Some(record) = records.recv().await {
            let line = record.map(|r| {
                end.records += 1;
                end.first
                    .get_or_insert_with(|| (r.seq, r.prev_hash.clone()));
                end.last = Some((r.seq, r.hash.clone()));
                format.line(&r)
            });
            let failed = line.is_err();
            if tx.send(line).await.is_err() || failed {
                return;
            }
        }
        if format != Format::Ndjson {
            return;
        }
        if let (Some((first, _)), Some((last, _))) = (&end.first, &end.last) {
            match store.newest_checkpoint(*first, *last).await {
                Ok(Some(checkpoint)) => {
                    if tx.send(Ok(checkpoint.export_line())).await.is_err() {
                        return;
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    let _ = tx.send(Err(e)).await;
                    return;
                }
            }
        }
        end.signed_at_ms = crate::now_ms();
        end.signature = signer.sign(end.message().as_bytes());
        let _ = tx.send(Ok(end.export_line())).await;
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{sample, GENESIS};

    #[test]
    fn one_line_per_record_in_both_formats() {
        let r = ConsentRecord::link(1, sample(1), GENESIS.into());
        let nd = Format::Ndjson.line(&r);
        assert!(nd.ends_with("}\n") && nd.matches('\n').count() == 1);
        assert!(nd.contains(&format!(r#""hash":"{}""#, r.hash)));
        let header = Format::Csv.header();
        let row = Format::Csv.line(&r);
        assert_eq!(header.trim_end().split(',').count(), CSV_COLUMNS.len());
        assert!(row.starts_with("1,01010101010101010101010101010101,,2026-11-29T01:40:59.001Z,1795916459001,2026-04-12,"), "{row}");
        assert!(row.ends_with(&format!("{}\n", r.hash)));
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut record = sample(2);
        record.user_agent = Some(r#"Mozilla/5.0 (X11, "quoted")"#.into());
        let row = Format::Csv.line(&ConsentRecord::link(2, record, GENESIS.into()));
        assert!(row.contains(r#""Mozilla/5.0 (X11, ""quoted"")""#), "{row}");
    }

    /// Issue 24, item 4 (OWASP "CSV Injection"): a `User-Agent` that a spreadsheet would run
    /// as a formula is a plain text cell in the CSV, and exact in NDJSON.
    #[test]
    fn csv_cells_never_start_a_formula() {
        for agent in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let mut record = sample(3);
            record.user_agent = Some(agent.into());
            let linked = ConsentRecord::link(3, record, GENESIS.into());
            let cells: Vec<String> = csv::Reader::from_reader(
                format!("{}{}", Format::Csv.header(), Format::Csv.line(&linked)).as_bytes(),
            )
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
            assert_eq!(cells[18], format!("'{agent}"), "{agent:?}");
            let nd: serde_json::Value =
                serde_json::from_str(&Format::Ndjson.line(&linked)).unwrap();
            assert_eq!(nd["user_agent"], agent);
        }
        let plain = ConsentRecord::link(4, sample(4), GENESIS.into());
        assert!(!Format::Csv.line(&plain).contains('\''));
    }

    #[test]
    fn bounds_are_utc_days_or_instants() {
        assert_eq!(parse_bound("1970-01-02"), Ok(86_400_000));
        assert_eq!(
            parse_bound("2026-11-29T01:40:59.001Z"),
            Ok(1_795_916_459_001)
        );
        assert_eq!(
            parse_bound("2026-11-29T02:40:59+01:00"),
            Ok(1_795_916_459_000)
        );
        for bad in ["", "yesterday", "2026-13-01", "2026-02-30", "1969-12-31"] {
            assert!(parse_bound(bad).is_err(), "{bad}");
        }
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_916_459_001), "2026-11-29T01:40:59.001Z");
    }
}
