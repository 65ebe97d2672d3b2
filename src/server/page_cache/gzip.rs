//! Gzip answers spliced from a template's precompressed pieces (RFC 1951 deflate in an RFC 1952
//! gzip member), so that a compressed answer costs a copy and a CRC-32 instead of a
//! compression.
//!
//! - Each constant segment of the template is compressed once, at the highest level, as raw
//!   deflate that ends on a byte boundary (a sync flush; the last segment ends the stream).
//! - Each segment's compressor is primed with a preset dictionary, the page before it with its
//!   holes filled ([`super::splice`]).
//! - Each hole's value goes in a stored block (RFC 1951 §3.2.4), and the trailer's CRC-32 and
//!   length are computed per answer.
//!
//! An answer whose fixed-length hole gets a value of another length is not spliced
//! ([`GzipPieces::splice`] returns `None`): the caller compresses it as usual.

use std::io::Read;

use flate2::{Compress, Compression, FlushCompress, Status};

use super::splice::{Pieces, SpliceError};

/// The window deflate can refer back into: a dictionary longer than this is cut to its end.
const WINDOW: usize = 32 * 1024;
/// The most a stored block holds.
const MAX_STORED: usize = 65_535;
/// A gzip member's header: deflate, no flags, no time, no extra flags, unknown OS (RFC 1952 §2.3).
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A text with holes, precompressed for gzip: raw deflate of each constant segment,
/// byte-aligned; the last one ends the stream.
#[derive(Debug, PartialEq, Eq)]
pub struct GzipPieces(Pieces);

impl GzipPieces {
    /// Precompresses `segments` (the constant text around the holes, one more than
    /// `lengths`), where hole `i` (between segments `i` and `i + 1`) takes values of
    /// `lengths[i]` bytes, or of any length when `None`.
    ///
    /// Returns `Err(SpliceError::Shape)` when the counts do not fit, and
    /// `Err(SpliceError::FillByteInText)` when a segment holds a `0x01` byte.
    pub fn compress(segments: &[&str], lengths: &[Option<usize>]) -> Result<Self, SpliceError> {
        Pieces::compress(segments, lengths, WINDOW, deflate).map(GzipPieces)
    }

    /// The gzip member of `segments` (the same as given to [`compress`](Self::compress)) with
    /// `values` in the holes. `None` when the counts differ, a value of a fixed-length hole
    /// has another length, or a value is longer than 65,535 bytes.
    pub fn splice(&self, segments: &[&str], values: &[&str]) -> Option<Vec<u8>> {
        let pieces = self.0.fitting(segments, values, MAX_STORED)?;
        let size = GZIP_HEADER.len()
            + pieces.iter().map(Vec::len).sum::<usize>()
            + values.iter().map(|v| v.len() + 5).sum::<usize>()
            + 8;
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(&GZIP_HEADER);
        let mut crc = crc32fast::Hasher::new();
        let mut length = 0usize;
        for (i, piece) in pieces.iter().enumerate() {
            out.extend_from_slice(piece);
            crc.update(segments[i].as_bytes());
            length += segments[i].len();
            if let Some(value) = values.get(i).filter(|v| !v.is_empty()) {
                stored_block(&mut out, value.as_bytes());
                crc.update(value.as_bytes());
                length += value.len();
            }
        }
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        // ISIZE: the length modulo 2^32 (RFC 1952 §2.3.1).
        out.extend_from_slice(&(length as u32).to_le_bytes());
        Some(out)
    }

    /// The compressed bytes that do not depend on an answer ([`Pieces::weight`]).
    pub fn weight(&self) -> usize {
        self.0.weight()
    }
}

/// Raw deflate of `input` at the highest level, primed with `dictionary`, ending byte-aligned
/// (a sync flush) or, when `last`, ending the stream.
fn deflate(input: &[u8], dictionary: &[u8], last: bool) -> Result<Vec<u8>, SpliceError> {
    let fail = |e: &dyn std::fmt::Display| SpliceError::Compress(e.to_string());
    let mut c = Compress::new(Compression::best(), false);
    if !dictionary.is_empty() {
        c.set_dictionary(dictionary).map_err(|e| fail(&e))?;
    }
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    loop {
        let consumed = c.total_in() as usize;
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(256));
        }
        let status = c
            .compress_vec(&input[consumed..], &mut out, flush)
            .map_err(|e| fail(&e))?;
        let done = c.total_in() as usize == input.len() && out.len() < out.capacity();
        match status {
            Status::StreamEnd => return Ok(out),
            Status::Ok | Status::BufError if done && !last => return Ok(out),
            Status::Ok | Status::BufError => {}
        }
    }
}

/// Appends `bytes` as one stored, non-final deflate block (byte-aligned input and output).
fn stored_block(out: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len() as u16;
    out.push(0); // BFINAL = 0, BTYPE = 00 (stored); the rest of the byte is padding
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(!n).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The text a gzip member decodes to, or `None` when it does not decode (the proof a template
/// passes before its pieces are kept).
pub fn gunzip(member: &[u8]) -> Option<Vec<u8>> {
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(member)
        .read_to_end(&mut text)
        .ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::super::splice::sample::{assert_decodes, page, values};
    use super::*;

    #[test]
    fn a_spliced_member_decodes_to_the_filled_text() {
        let (segments, lengths) = page();
        let pieces = GzipPieces::compress(&segments, &lengths).unwrap();
        let values = values();
        assert_decodes(
            pieces.splice(&segments, &values),
            gunzip,
            &segments,
            &values,
        );
        // The varying hole takes any length.
        let mut other = values;
        other[3] = "3 déc. 2026";
        assert_decodes(pieces.splice(&segments, &other), gunzip, &segments, &other);
    }

    #[test]
    fn a_value_of_another_length_is_not_spliced() {
        let (segments, lengths) = page();
        let pieces = GzipPieces::compress(&segments, &lengths).unwrap();
        let values = [
            "short",
            "0123456789abcdef0123456789abcdef",
            "2026-12-03",
            "",
            "x",
        ];
        assert_eq!(pieces.splice(&segments, &values), None);
        assert_eq!(pieces.splice(&segments[1..], &values[1..]), None);
        assert!(matches!(
            GzipPieces::compress(&segments, &lengths[1..]),
            Err(SpliceError::Shape { .. })
        ));
        assert!(matches!(
            GzipPieces::compress(&["a\u{1}b"], &[]),
            Err(SpliceError::FillByteInText)
        ));
    }

    #[test]
    fn an_empty_segment_and_an_empty_value_are_fine() {
        let segments = ["", "mid", ""];
        let pieces = GzipPieces::compress(&segments, &[Some(0), None]).unwrap();
        let member = pieces.splice(&segments, &["", "x"]).unwrap();
        assert_eq!(gunzip(&member).unwrap(), b"midx");
    }
}
