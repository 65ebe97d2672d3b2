//! Server-rendered SVG charts for the dashboard: plain markup, no script, each with a title and
//! a description for screen readers (the dashboard puts a table with the same figures beside
//! each chart). Leptos components: every label is escaped by the renderer.

use leptos::prelude::*;

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

/// A length in the chart's units, as SVG gets it: one decimal.
fn len(value: f64) -> String {
    format!("{value:.1}")
}

/// Horizontal bars, one per row, scaled to `max`. `id` makes the title and description ids
/// unique on the page.
#[component]
pub fn HorizontalBars(
    id: String,
    title: String,
    description: String,
    bars: Vec<Bar>,
    max: f64,
) -> impl IntoView {
    let height = ROW * bars.len().max(1) as u32 + 8;
    let track = f64::from(WIDTH - LABEL_WIDTH - 140);
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = 4 + ROW * i as u32;
            let length = if max > 0.0 {
                (bar.value / max).clamp(0.0, 1.0) * track
            } else {
                0.0
            };
            view! {
                <text x="0" y=y + 16 fill=INK font-size="14">{bar.label}</text>
                <rect x=LABEL_WIDTH y=y width=len(track) height=BAR fill=TRACK></rect>
                <rect x=LABEL_WIDTH y=y width=len(length) height=BAR fill=FILL></rect>
                <text x=len(f64::from(LABEL_WIDTH) + track + 6.0) y=y + 16 fill=INK font-size="14">
                    {bar.text}
                </text>
            }
        })
        .collect_view();
    view! {
        <Chart id title description height>
            {rows}
        </Chart>
    }
}

/// Vertical columns along a time axis, one per `(label, value)`, the first and last labels
/// printed under the axis.
#[component]
pub fn Columns(
    id: String,
    title: String,
    description: String,
    points: Vec<(String, u64)>,
) -> impl IntoView {
    let height = 200;
    let plot = 160.0;
    let max = points.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(1) as f64;
    let step = f64::from(WIDTH - 40) / n;
    let base = len(plot + 10.0);
    let columns = points
        .iter()
        .enumerate()
        .map(|(i, (_, value))| {
            let h = *value as f64 / max * (plot - 10.0);
            view! {
                <rect
                    x=len(40.0 + step * i as f64)
                    y=len(plot + 10.0 - h)
                    width=len((step - 2.0).max(1.0))
                    height=len(h)
                    fill=FILL
                ></rect>
            }
        })
        .collect_view();
    let ends = points.first().zip(points.last()).map(|(first, last)| {
        view! {
            <text x="40" y=height - 6 fill=INK font-size="13">{first.0.clone()}</text>
            <text x=WIDTH y=height - 6 fill=INK font-size="13" text-anchor="end">
                {last.0.clone()}
            </text>
        }
    });
    view! {
        <Chart id title description height>
            <text x="0" y="14" fill=INK font-size="13">{max as u64}</text>
            <line x1="36" y1=base.clone() x2=WIDTH y2=base stroke=INK></line>
            {columns}
            {ends}
        </Chart>
    }
}

/// The `<svg>` around a chart: an image labelled by its title and description.
#[component]
fn Chart(
    id: String,
    title: String,
    description: String,
    height: u32,
    children: Children,
) -> impl IntoView {
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <svg
            role="img"
            viewBox=format!("0 0 {WIDTH} {height}")
            width="100%"
            aria-labelledby=labelled_by
            xmlns="http://www.w3.org/2000/svg"
        >
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            {children()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::tachys::view::RenderHtml;

    fn html(view: impl RenderHtml) -> String {
        let owner = Owner::new();
        owner.with(|| view.to_html())
    }

    #[test]
    fn bars_scale_to_the_maximum_and_are_labelled() {
        let bars = vec![
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
        ];
        let svg = html(view! {
            <HorizontalBars
                id="optin".into()
                title="Opt-in <rate>".into()
                description="Share of decisions".into()
                bars
                max=100.0
            />
        });
        assert!(svg.starts_with("<svg role=\"img\""), "{svg}");
        assert!(svg.contains("aria-labelledby=\"optin-title optin-desc\""));
        assert!(
            svg.contains("<title id=\"optin-title\">Opt-in &lt;rate&gt;</title>"),
            "{svg}"
        );
        assert!(
            svg.contains("width=\"175.0\"") && svg.contains("width=\"350.0\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn columns_handle_empty_and_zero_series() {
        let empty = html(view! {
            <Columns id="d".into() title="t".into() description="d".into() points=vec![]/>
        });
        assert!(empty.ends_with("</svg>"));
        let points = vec![("Nov 1".to_string(), 0), ("Nov 2".to_string(), 4)];
        let svg = html(view! {
            <Columns id="d".into() title="t".into() description="d".into() points/>
        });
        assert!(svg.contains(">Nov 1<") && svg.contains(">Nov 2<"), "{svg}");
    }
}
