//! Bar charts drawn on the server as SVG: readable without JavaScript, with a text alternative
//! (every bar in words) that the caller writes in the page's language. Pages show the same
//! figures in a table as well.

/// One bar, laid out.
#[derive(Debug, Clone)]
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub label_x: i64,
    pub value_y: i64,
    pub label: String,
    pub value: String,
}

/// A bar chart, laid out for `templates/bar_chart.html`.
#[derive(Debug, Clone)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    /// The text alternative: every bar in words.
    pub description: String,
    /// A note under the chart (for example, where the same figures are as a table).
    pub note: String,
    pub width: i64,
    pub height: i64,
    pub baseline: i64,
    pub bars: Vec<Bar>,
}

const WIDTH: i64 = 720;
const HEIGHT: i64 = 240;
const PLOT_TOP: i64 = 20;
const PLOT_BOTTOM: i64 = 200;

impl BarChart {
    /// Lays out `items` (label, value, value as shown) as bars from zero; negative values are
    /// drawn as zero-height bars with their value written.
    #[must_use]
    pub fn new(
        id: &str,
        title: String,
        description: String,
        note: String,
        items: &[(String, f64, String)],
    ) -> Self {
        let max = items.iter().map(|i| i.1).fold(0.0_f64, f64::max);
        let max = if max > 0.0 { max } else { 1.0 };
        let n = i64::try_from(items.len()).unwrap_or(1).max(1);
        let slot = WIDTH / n;
        let width = (slot * 2 / 3).max(2);
        let plot = PLOT_BOTTOM - PLOT_TOP;
        let bars = items
            .iter()
            .zip(0..)
            .map(|((label, value, shown), i)| {
                let height = ((value.max(0.0) / max) * plot as f64).round() as i64;
                let x = i * slot + (slot - width) / 2;
                Bar {
                    x,
                    y: PLOT_BOTTOM - height,
                    width,
                    height,
                    label_x: x + width / 2,
                    value_y: PLOT_BOTTOM - height - 4,
                    label: label.chars().take(14).collect(),
                    value: shown.clone(),
                }
            })
            .collect();
        Self {
            id: id.to_owned(),
            title,
            description,
            note,
            width: WIDTH,
            height: HEIGHT,
            baseline: PLOT_BOTTOM,
            bars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tallest_bar_fills_the_plot_and_others_scale() {
        let items = vec![
            ("a".to_owned(), 10.0, "10".to_owned()),
            ("b".to_owned(), 5.0, "5".to_owned()),
            ("c".to_owned(), -3.0, "-3".to_owned()),
        ];
        let chart = BarChart::new("t", "T".into(), "D".into(), String::new(), &items);
        assert_eq!(chart.bars[0].height, PLOT_BOTTOM - PLOT_TOP);
        assert_eq!(chart.bars[1].height, (PLOT_BOTTOM - PLOT_TOP) / 2);
        assert_eq!(chart.bars[2].height, 0);
        assert_eq!(chart.bars[2].value, "-3");
    }
}
