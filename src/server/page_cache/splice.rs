//! What the brotli and gzip splicers share ([`super::brotli`], [`super::gzip`]): the shape of
//! a template (constant segments, and between them holes of a fixed or a varying length), the
//! preset dictionary each segment is compressed with, and the check that an answer's values
//! fit the holes.
//!
//! The dictionary of a segment is the page text before it, with every hole filled with
//! [`FILL`] bytes of the hole's length. HTML never contains `0x01`, so no match a compressor
//! finds can cover a hole's bytes, and every distance it writes points at the same text in any
//! answer, whatever the holes hold. A hole whose length varies (a long date) cannot be filled
//! that way: the dictionary starts afresh after it, so nothing after it refers to anything
//! before it.

/// The byte holes are filled with in a dictionary.
pub const FILL: u8 = 1;

/// Why a template could not be precompressed (for gzip or brotli).
#[derive(Debug, thiserror::Error)]
pub enum SpliceError {
    /// The number of segments is not one more than the number of holes.
    #[error("{segments} segments for {holes} holes")]
    Shape {
        /// Segments given.
        segments: usize,
        /// Holes given.
        holes: usize,
    },
    /// The compressor failed (it does not, for input in memory).
    #[error("compression failed: {0}")]
    Compress(String),
    /// A segment contains the byte the dictionary fills holes with.
    #[error("a segment contains the byte 0x01")]
    FillByteInText,
}

/// Compresses each of `segments` (the constant text around the holes, one more than
/// `lengths`; hole `i` lies between segments `i` and `i + 1` and takes values of `lengths[i]`
/// bytes, or of any length when `None`) with `compress(segment, dictionary, is_last)`, where
/// the dictionary is at most the last `window` bytes of the text before the segment, holes
/// filled with [`FILL`].
///
/// Returns `Err(SpliceError::Shape)` when the counts do not fit,
/// `Err(SpliceError::FillByteInText)` when a segment holds a `0x01` byte, and the first error
/// `compress` returns.
fn compress_segments(
    segments: &[&str],
    lengths: &[Option<usize>],
    window: usize,
    mut compress: impl FnMut(&[u8], &[u8], bool) -> Result<Vec<u8>, SpliceError>,
) -> Result<Vec<Vec<u8>>, SpliceError> {
    if segments.len() != lengths.len() + 1 {
        return Err(SpliceError::Shape {
            segments: segments.len(),
            holes: lengths.len(),
        });
    }
    if segments.iter().any(|s| s.as_bytes().contains(&FILL)) {
        return Err(SpliceError::FillByteInText);
    }
    let mut dictionary: Vec<u8> = Vec::new();
    let mut pieces = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let start = dictionary.len().saturating_sub(window);
        pieces.push(compress(segment.as_bytes(), &dictionary[start..], last)?);
        dictionary.extend_from_slice(segment.as_bytes());
        match lengths.get(i) {
            Some(Some(n)) => dictionary.resize(dictionary.len() + n, FILL),
            Some(None) => dictionary.clear(),
            None => {}
        }
    }
    Ok(pieces)
}

/// Whether an answer's `segments` and `values` fit pieces made by [`compress_segments`] (one
/// piece per segment) for holes of `lengths`: the counts match, every value is at most `max`
/// bytes, and a fixed-length hole's value has its length.
fn fits(
    pieces: usize,
    lengths: &[Option<usize>],
    segments: &[&str],
    values: &[&str],
    max: usize,
) -> bool {
    segments.len() == pieces
        && values.len() == lengths.len()
        && values
            .iter()
            .zip(lengths)
            .all(|(v, n)| v.len() <= max && n.is_none_or(|n| n == v.len()))
}

/// A template's segments, each compressed on its own by one coding, and the length each hole's
/// value must have: what [`GzipPieces`](super::gzip::GzipPieces) and
/// [`BrotliPieces`](super::brotli::BrotliPieces) keep.
#[derive(Debug, PartialEq, Eq)]
pub struct Pieces {
    /// Each segment, compressed.
    pieces: Vec<Vec<u8>>,
    /// For each hole, the length in bytes every value must have, or `None` when it varies.
    lengths: Vec<Option<usize>>,
}

impl Pieces {
    /// Compresses `segments` around holes of `lengths` ([`compress_segments`], with its
    /// errors).
    pub fn compress(
        segments: &[&str],
        lengths: &[Option<usize>],
        window: usize,
        compress: impl FnMut(&[u8], &[u8], bool) -> Result<Vec<u8>, SpliceError>,
    ) -> Result<Self, SpliceError> {
        Ok(Pieces {
            pieces: compress_segments(segments, lengths, window, compress)?,
            lengths: lengths.to_vec(),
        })
    }

    /// The compressed segments, when an answer's `segments` and `values` fit them ([`fits`],
    /// each value at most `max` bytes); `None` otherwise.
    pub fn fitting(&self, segments: &[&str], values: &[&str], max: usize) -> Option<&[Vec<u8>]> {
        fits(self.pieces.len(), &self.lengths, segments, values, max).then_some(&self.pieces)
    }

    /// The compressed bytes that do not depend on an answer, and an allowance for the holes.
    pub fn weight(&self) -> usize {
        self.pieces.iter().map(Vec::len).sum::<usize>() + self.lengths.len() * 16
    }
}

/// A small page with holes, for the splicers' tests.
#[cfg(test)]
pub mod sample {
    /// Segments and hole lengths shaped like a page's: a nonce (22), a consent ID (32), a date
    /// (10), a long date (varying) and the nonce again.
    pub fn page() -> (Vec<&'static str>, Vec<Option<usize>>) {
        (
            vec![
                "<!DOCTYPE html><html><head><script nonce=\"",
                "\">var x = 1;</script></head><body><p>Consent ID <code>",
                "</code> given on <time datetime=\"",
                "\">",
                "</time></p><p>The same words again: Consent ID, given on, and the script.</p>\
                 <script nonce=\"",
                "\">var y = 2;</script></body></html>",
            ],
            vec![Some(22), Some(32), Some(10), None, Some(22)],
        )
    }

    /// Values that fit [`page`]'s holes.
    pub fn values() -> [&'static str; 5] {
        [
            "abcdefghijklmnopqrstuv",
            "0123456789abcdef0123456789abcdef",
            "2026-12-03",
            "December 3, 2026 at 10:15",
            "abcdefghijklmnopqrstuv",
        ]
    }

    /// Asserts that `spliced`, an answer spliced from `segments` and `values`, `decode`s to
    /// [`joined`] of them.
    pub fn assert_decodes(
        spliced: Option<Vec<u8>>,
        decode: fn(&[u8]) -> Option<Vec<u8>>,
        segments: &[&str],
        values: &[&str],
    ) {
        let text = decode(&spliced.expect("the values fit")).expect("the answer decodes");
        assert_eq!(text, joined(segments, values).as_bytes());
    }

    /// `segments` with `values` between them: what a spliced answer must decode to.
    pub fn joined(segments: &[&str], values: &[&str]) -> String {
        let mut s = String::new();
        for (i, segment) in segments.iter().enumerate() {
            s.push_str(segment);
            if let Some(v) = values.get(i) {
                s.push_str(v);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::sample::{joined, page};
    use super::*;
    use crate::server::page_cache::brotli::{unbrotli, BrotliPieces};
    use crate::server::page_cache::gzip::{gunzip, GzipPieces};
    use proptest::prelude::*;

    #[test]
    fn the_dictionary_holds_the_text_before_with_holes_filled() {
        let mut seen = Vec::new();
        compress_segments(
            &["ab", "c", "d", "e"],
            &[Some(2), None, Some(1)],
            4,
            |s, d, last| {
                seen.push((d.to_vec(), last));
                Ok(s.to_vec())
            },
        )
        .unwrap();
        assert_eq!(
            seen,
            [
                (b"".to_vec(), false),
                (b"ab\x01\x01".to_vec(), false),
                // After the varying hole: afresh.
                (b"".to_vec(), false),
                (b"d\x01".to_vec(), true),
            ]
        );
        // Only the last `window` bytes.
        let mut last_dictionary = Vec::new();
        compress_segments(&["abcdef", "g"], &[Some(1)], 3, |s, d, _| {
            last_dictionary = d.to_vec();
            Ok(s.to_vec())
        })
        .unwrap();
        assert_eq!(last_dictionary, b"ef\x01");
    }

    #[test]
    fn values_must_fit_the_holes() {
        let lengths = [Some(2), None];
        assert!(fits(3, &lengths, &["a", "b", "c"], &["xy", "anything"], 10));
        assert!(!fits(3, &lengths, &["a", "b", "c"], &["x", "anything"], 10));
        assert!(!fits(
            3,
            &lengths,
            &["a", "b", "c"],
            &["xy", "far too long"],
            10
        ));
        assert!(!fits(3, &lengths, &["a", "b"], &["xy", ""], 10));
        assert!(!fits(3, &lengths, &["a", "b", "c"], &["xy"], 10));
    }

    proptest! {
        /// Any values of the prepared lengths, and any for the varying hole, splice into a gzip
        /// member and a brotli stream that both decode to the filled text, byte for byte.
        #[test]
        fn any_fill_decodes_exactly_in_both_codings(
            nonce in "[A-Za-z0-9+/]{22}",
            id in "[0-9a-f]{32}",
            date in "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            long in "\\PC{0,40}",
            again in "[A-Za-z0-9+/]{22}",
        ) {
            let (segments, lengths) = page();
            let values = [nonce.as_str(), id.as_str(), date.as_str(), long.as_str(), again.as_str()];
            let text = joined(&segments, &values).into_bytes();
            let gzip = GzipPieces::compress(&segments, &lengths).unwrap();
            prop_assert_eq!(gunzip(&gzip.splice(&segments, &values).unwrap()).unwrap(), text.clone());
            let brotli = BrotliPieces::compress(&segments, &lengths, 300).unwrap();
            prop_assert_eq!(unbrotli(&brotli.splice(&segments, &values).unwrap()).unwrap(), text);
        }
    }
}
