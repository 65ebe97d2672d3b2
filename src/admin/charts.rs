//! Server-rendered SVG charts for the dashboard: plain markup, no script, each with a title and
//! a description for screen readers (the dashboard puts a table with the same figures beside
//! each chart).

use std::fmt::Write;

/// Escapes text for SVG/HTML.
pub fn esc(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// One bar: its label, its value, and the text printed beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bar is, e.g. "Analytics".
    pub label: String,
    /// Its length, in the chart's units (0 up to `max`).
    pub value: f64,
    /// The figure printed at its end, e.g. "42 %".
    pub text: String,
}

const WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 150;
const ROW: u32 = 34;
const BAR: u32 = 22;
/// Dark blue on white: 8.6:1, readable for low vision and in greyscale print.
const FILL: &str = "#1d4ed8";
/// The light track behind a bar, showing where 100 % would end.
const TRACK: &str = "#e5e7eb";
const INK: &str = "#111827";

/// Horizontal bars, one per row, scaled to `max`. `id` makes the title and description ids
/// unique on the page.
pub fn horizontal_bars(id: &str, title: &str, description: &str, bars: &[Bar], max: f64) -> String {
    let height = ROW * bars.len().max(1) as u32 + 8;
    let track = f64::from(WIDTH - LABEL_WIDTH - 140);
    let mut svg = open(id, title, description, WIDTH, height);
    for (i, bar) in bars.iter().enumerate() {
        let y = 4 + ROW * i as u32;
        let length = if max > 0.0 {
            (bar.value / max).clamp(0.0, 1.0) * track
        } else {
            0.0
        };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{ty}\" fill=\"{INK}\" font-size=\"14\">{label}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{track:.1}\" height=\"{BAR}\" fill=\"{TRACK}\"/>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{length:.1}\" height=\"{BAR}\" fill=\"{FILL}\"/>\
             <text x=\"{tx:.1}\" y=\"{ty}\" fill=\"{INK}\" font-size=\"14\">{text}</text>",
            ty = y + 16,
            label = esc(&bar.label),
            tx = f64::from(LABEL_WIDTH) + track + 6.0,
            text = esc(&bar.text),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical columns along a time axis, one per `(label, value)`, the first and last labels
/// printed under the axis.
pub fn columns(id: &str, title: &str, description: &str, points: &[(String, u64)]) -> String {
    let height = 200;
    let plot = 160.0;
    let max = points.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(1) as f64;
    let step = f64::from(WIDTH - 40) / n;
    let mut svg = open(id, title, description, WIDTH, height);
    let _ = write!(
        svg,
        "<text x=\"0\" y=\"14\" fill=\"{INK}\" font-size=\"13\">{}</text>\
         <line x1=\"36\" y1=\"{base}\" x2=\"{WIDTH}\" y2=\"{base}\" stroke=\"{INK}\"/>",
        max as u64,
        base = plot + 10.0,
    );
    for (i, (_, value)) in points.iter().enumerate() {
        let h = *value as f64 / max * (plot - 10.0);
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{FILL}\"/>",
            x = 40.0 + step * i as f64,
            y = plot + 10.0 - h,
            w = (step - 2.0).max(1.0),
        );
    }
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let _ = write!(
            svg,
            "<text x=\"40\" y=\"{y}\" fill=\"{INK}\" font-size=\"13\">{}</text>\
             <text x=\"{WIDTH}\" y=\"{y}\" fill=\"{INK}\" font-size=\"13\" text-anchor=\"end\">{}</text>",
            esc(&first.0),
            esc(&last.0),
            y = height - 6,
        );
    }
    svg.push_str("</svg>");
    svg
}

fn open(id: &str, title: &str, description: &str, width: u32, height: u32) -> String {
    format!(
        "<svg role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"100%\" \
         aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(description)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_maximum_and_are_labelled() {
        let svg = horizontal_bars(
            "optin",
            "Opt-in <rate>",
            "Share of decisions",
            &[
                Bar {
                    label: "Analytics".into(),
                    value: 50.0,
                    text: "50 %".into(),
                },
                Bar {
                    label: "Marketing".into(),
                    value: 100.0,
                    text: "100 %".into(),
                },
            ],
            100.0,
        );
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"optin-title optin-desc\""));
        assert!(svg.contains("<title id=\"optin-title\">Opt-in &lt;rate&gt;</title>"));
        assert!(
            svg.contains("width=\"175.0\"") && svg.contains("width=\"350.0\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn columns_handle_empty_and_zero_series() {
        assert!(columns("d", "t", "d", &[]).ends_with("</svg>"));
        let svg = columns("d", "t", "d", &[("Nov 1".into(), 0), ("Nov 2".into(), 4)]);
        assert!(svg.contains(">Nov 1<") && svg.contains(">Nov 2<"));
    }
}
