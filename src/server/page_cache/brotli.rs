//! Brotli answers spliced from a template's precompressed pieces (RFC 7932), the counterpart of
//! [`super::gzip`]:
//!
//! - Each constant segment is compressed once, at quality 11, as a *catable* brotli stream
//!   (the `brotli` crate's mode for streams that are joined afterwards: it writes a stream's
//!   first two bytes uncompressed, so no literal's context depends on what precedes the
//!   stream, and uses no static-dictionary reference that a longer history would misread).
//! - Each is primed with the page before it as a custom dictionary, its holes filled
//!   ([`super::splice`]).
//! - Each hole's value is a stream of one uncompressed meta-block (RFC 7932 §9.2), written
//!   here, and an answer is all the streams joined by the crate's `BroCatli`, which rewrites
//!   only the few bits where two streams meet.

use std::io::Read;

use brotli::concat::{BroCatli, BroCatliResult};
use brotli::enc::BrotliEncoderParams;

use super::splice::{Pieces, SpliceError};

/// The window, as a power of two: the page's size rounded up, 64 KiB to 256 KiB (a page is
/// about 25 KB). The highest quality's hasher takes memory in proportion (about 12 bytes a
/// byte of window, per segment while it is compressed), and a stream joined later may not
/// have a larger window than the first, so every piece of a page has the same.
fn window_bits(page_len: usize) -> i32 {
    let bits = usize::BITS - (page_len + 16).saturating_sub(1).leading_zeros();
    (bits as i32).clamp(16, 18)
}
/// The most one uncompressed meta-block of four nibbles holds.
const MAX_VALUE: usize = 1 << 16;

/// A text with holes, precompressed for brotli: one catable stream per constant segment.
#[derive(Debug, PartialEq, Eq)]
pub struct BrotliPieces(Pieces);

impl BrotliPieces {
    /// Precompresses `segments` around holes of `lengths` (as
    /// [`GzipPieces::compress`](super::gzip::GzipPieces::compress), with the same errors), for
    /// a page of about `page_len` bytes (it sizes the window).
    pub fn compress(
        segments: &[&str],
        lengths: &[Option<usize>],
        page_len: usize,
    ) -> Result<Self, SpliceError> {
        let lgwin = window_bits(page_len);
        let window = (1usize << lgwin) - 16;
        Pieces::compress(segments, lengths, window, |segment, dictionary, _| {
            compress(segment, dictionary, lgwin)
        })
        .map(BrotliPieces)
    }

    /// The brotli stream of `segments` with `values` in the holes; `None` when the counts
    /// differ, a value of a fixed-length hole has another length, a value is longer than
    /// 65,536 bytes, or the streams do not join.
    pub fn splice(&self, segments: &[&str], values: &[&str]) -> Option<Vec<u8>> {
        let pieces = self.0.fitting(segments, values, MAX_VALUE)?;
        let size = pieces.iter().map(Vec::len).sum::<usize>()
            + values.iter().map(|v| v.len() + 8).sum::<usize>()
            + 16;
        let mut out = vec![0u8; size];
        let mut at = 0;
        let mut joiner = BroCatli::new();
        let mut join = |stream: &[u8], out: &mut [u8], at: &mut usize| -> Option<()> {
            joiner.new_brotli_file();
            let mut read = 0;
            match joiner.stream(stream, &mut read, out, at) {
                BroCatliResult::Success | BroCatliResult::NeedsMoreInput => {}
                _ => return None,
            }
            (read == stream.len()).then_some(())
        };
        for (i, piece) in pieces.iter().enumerate() {
            join(piece, &mut out, &mut at)?;
            if let Some(value) = values.get(i).filter(|v| !v.is_empty()) {
                join(&uncompressed_stream(value.as_bytes()), &mut out, &mut at)?;
            }
        }
        if !matches!(joiner.finish(&mut out, &mut at), BroCatliResult::Success) {
            return None;
        }
        out.truncate(at);
        Some(out)
    }

    /// The compressed bytes that do not depend on an answer ([`Pieces::weight`]).
    pub fn weight(&self) -> usize {
        self.0.weight()
    }
}

/// A catable brotli stream of `input` at quality 11, primed with `dictionary`, with a window of
/// `lgwin` bits.
fn compress(input: &[u8], dictionary: &[u8], lgwin: i32) -> Result<Vec<u8>, SpliceError> {
    let params = BrotliEncoderParams {
        quality: 11,
        lgwin,
        catable: true,
        appendable: true,
        magic_number: false,
        size_hint: input.len(),
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::with_capacity(input.len() / 3 + 64);
    let (mut input_buffer, mut output_buffer) = ([0u8; 4096], [0u8; 4096]);
    brotli::BrotliCompressCustomIoCustomDict(
        &mut brotli::IoReaderWrapper(&mut &input[..]),
        &mut brotli::IoWriterWrapper(&mut out),
        &mut input_buffer,
        &mut output_buffer,
        &params,
        brotli::enc::StandardAlloc::default(),
        &mut |_, _, _, _| (),
        dictionary,
        std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "unexpected end"),
    )
    .map_err(|e| SpliceError::Compress(e.to_string()))?;
    Ok(out)
}

/// A whole brotli stream holding `value` (1 to 65,536 bytes) as one uncompressed meta-block
/// (RFC 7932 §9.1, §9.2): WBITS = 16 (one 0 bit; a stream joined later may not have a larger
/// window than the first), ISLAST = 0, MNIBBLES = 4, MLEN - 1 in 16 bits, ISUNCOMPRESSED = 1,
/// padding to the byte, the bytes; then the last, empty meta-block (ISLAST = 1, ISLASTEMPTY =
/// 1).
fn uncompressed_stream(value: &[u8]) -> Vec<u8> {
    let m = (value.len() - 1) as u32;
    // Bit 0: WBITS; 1: ISLAST; 2-3: MNIBBLES - 4; 4-19: MLEN - 1; 20: ISUNCOMPRESSED.
    let bits: u32 = (m << 4) | (1 << 20);
    let mut out = Vec::with_capacity(value.len() + 4);
    out.extend_from_slice(&bits.to_le_bytes()[..3]);
    out.extend_from_slice(value);
    out.push(0b11);
    out
}

/// The text a brotli stream decodes to, or `None` when it does not decode.
pub fn unbrotli(stream: &[u8]) -> Option<Vec<u8>> {
    let mut text = Vec::new();
    brotli::Decompressor::new(stream, 4096)
        .read_to_end(&mut text)
        .ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::super::splice::sample::{assert_decodes, page, values};
    use super::*;

    #[test]
    fn one_uncompressed_meta_block_decodes() {
        for value in [&b"x"[..], b"hello", &[b'a'; 300], &[b'z'; 65_536]] {
            assert_eq!(unbrotli(&uncompressed_stream(value)).unwrap(), value);
        }
    }

    #[test]
    fn a_spliced_stream_decodes_to_the_filled_text() {
        let (segments, lengths) = page();
        let pieces = BrotliPieces::compress(&segments, &lengths, 300).unwrap();
        let values = values();
        assert_decodes(
            pieces.splice(&segments, &values),
            unbrotli,
            &segments,
            &values,
        );
        let mut other = values;
        other[3] = "";
        assert_decodes(
            pieces.splice(&segments, &other),
            unbrotli,
            &segments,
            &other,
        );
        other[0] = "short";
        assert_eq!(pieces.splice(&segments, &other), None);
    }

    #[test]
    fn short_segments_and_values_of_any_size_join() {
        // Empty, one- and two-byte segments (a catable stream stores its first two bytes), and
        // values from one byte to the most a meta-block of four nibbles holds.
        let segments = ["", "a", "bc", "def", ""];
        let lengths = [None, None, None, None];
        let pieces = BrotliPieces::compress(&segments, &lengths, 70_000).unwrap();
        let big = "x".repeat(MAX_VALUE);
        for values in [
            ["", "", "", ""],
            ["1", "22", "", "4444"],
            [big.as_str(), "y", "", "z"],
        ] {
            assert_decodes(
                pieces.splice(&segments, &values),
                unbrotli,
                &segments,
                &values,
            );
        }
        let too_big = "x".repeat(MAX_VALUE + 1);
        assert_eq!(
            pieces.splice(&segments, &[too_big.as_str(), "", "", ""]),
            None
        );
    }

    #[test]
    fn the_window_follows_the_page() {
        assert_eq!(window_bits(0), 16);
        assert_eq!(window_bits(25_000), 16);
        assert_eq!(window_bits(65_520), 16);
        assert_eq!(window_bits(65_521), 17);
        assert_eq!(window_bits(200_000), 18);
        assert_eq!(window_bits(10_000_000), 18);
    }
}
