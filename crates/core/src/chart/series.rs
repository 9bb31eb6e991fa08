//! Series ready to draw: a name, times and values; colors for many series from a view's few;
//! stacking; the value of every series at a hovered time.

use crate::display::parse_hex;

/// One line of an xy chart: its legend name (the group key's values), times (unix
/// nanoseconds, ascending) and values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub name: String,
    pub times: Vec<i64>,
    pub values: Vec<f64>,
}

/// The color schemes InfluxDB's UI offers for lines and plots (name, colors): the first is the
/// default of every chart.
pub const SCHEMES: [(&str, [&str; 3]); 7] = [
    ("Nineteen Eighty Four", ["#31C0F6", "#A500A5", "#FF7E27"]),
    ("Atlantis", ["#74D495", "#3F3FBA", "#FF4D9E"]),
    ("Do Androids Dream of Electric Sheep?", ["#8F8AF4", "#A51414", "#F4CF31"]),
    ("Delorean", ["#FD7A5D", "#5F1CF2", "#4CE09A"]),
    ("Cthulhu", ["#FDC44F", "#007C76", "#8983FF"]),
    ("Ectoplasm", ["#DA6FF1", "#00717A", "#ACFF76"]),
    ("T-MAX 400 Film", ["#F0F0F0", "#A7A7A7", "#535353"]),
];

const DEFAULT_SCHEME: [&str; 3] = SCHEMES[0].1;

/// A scheme's colors, parsed; the default scheme when none of them is a color.
fn parsed(scheme: &[&str]) -> Vec<[u8; 3]> {
    let parsed: Vec<[u8; 3]> = scheme.iter().filter_map(|h| parse_hex(h)).collect();
    if parsed.is_empty() {
        DEFAULT_SCHEME.iter().filter_map(|h| parse_hex(h)).collect()
    } else {
        parsed
    }
}

/// The color at `f` (0 to 1) along a scheme, blended between its neighbours.
fn blend(scheme: &[[u8; 3]], f: f64) -> String {
    let pos = f.clamp(0.0, 1.0) * (scheme.len() - 1) as f64;
    let (a, b) = (pos.floor() as usize, (pos.ceil() as usize).min(scheme.len() - 1));
    let f = pos - a as f64;
    let mix = |k: usize| (scheme[a][k] as f64 * (1.0 - f) + scheme[b][k] as f64 * f).round() as u8;
    hex(&[mix(0), mix(1), mix(2)])
}

/// `n` colors from a view's color scheme (its hex list): the scheme's own colors when there
/// are enough, otherwise evenly spaced along it, blended between neighbours.
pub fn palette(scheme: &[&str], n: usize) -> Vec<String> {
    let scheme = parsed(scheme);
    if n <= scheme.len() {
        return scheme[..n].iter().map(hex).collect();
    }
    (0..n).map(|i| blend(&scheme, i as f64 / (n - 1).max(1) as f64)).collect()
}

/// The color of `f` (0 to 1) on a continuous scale along a scheme (a heatmap's counts).
pub fn ramp(scheme: &[&str], f: f64) -> String {
    blend(&parsed(scheme), f)
}

fn hex(c: &[u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Stacks series on top of each other (InfluxDB's "stacked" position): each value becomes the
/// sum of its own and those of the series before it at the same time. Series are matched by
/// time; a time missing in a lower series adds nothing.
pub fn stack(series: &[Series]) -> Vec<Series> {
    let mut totals: std::collections::HashMap<i64, f64> = std::collections::HashMap::new();
    series
        .iter()
        .map(|s| {
            let values = s
                .times
                .iter()
                .zip(&s.values)
                .map(|(t, v)| {
                    let sum = totals.entry(*t).or_insert(0.0);
                    if v.is_finite() {
                        *sum += v;
                    }
                    *sum
                })
                .collect();
            Series { name: s.name.clone(), times: s.times.clone(), values }
        })
        .collect()
}

/// The index of the point of `times` (ascending) nearest to `t`.
pub fn nearest(times: &[i64], t: i64) -> Option<usize> {
    if times.is_empty() {
        return None;
    }
    let i = times.partition_point(|x| *x < t);
    if i == 0 {
        return Some(0);
    }
    if i == times.len() {
        return Some(i - 1);
    }
    Some(if t - times[i - 1] <= times[i] - t { i - 1 } else { i })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(name: &str, times: &[i64], values: &[f64]) -> Series {
        Series { name: name.into(), times: times.to_vec(), values: values.to_vec() }
    }

    #[test]
    fn a_palette_uses_the_schemes_colors_then_blends_between_them() {
        assert_eq!(palette(&["#000000", "#ffffff"], 2), vec!["#000000", "#ffffff"]);
        assert_eq!(palette(&["#000000", "#ffffff"], 3), vec!["#000000", "#808080", "#ffffff"]);
        assert_eq!(palette(&["not a color"], 1), vec!["#31c0f6"], "a bad scheme falls back to the default");
        assert_eq!(palette(&["#abc"], 1), vec!["#aabbcc"]);
        // Not colors, from a stored view: the default scheme, never a panic on a split character.
        assert_eq!(palette(&["#éa", "#+f0000"], 1), vec!["#31c0f6"]);
    }

    #[test]
    fn a_ramp_runs_along_the_scheme() {
        assert_eq!(ramp(&["#000000", "#ffffff"], 0.0), "#000000");
        assert_eq!(ramp(&["#000000", "#ff0000", "#ffffff"], 0.75), "#ff8080");
        assert_eq!(ramp(&["#000000", "#ffffff"], 7.0), "#ffffff", "clamped");
        assert_eq!(ramp(&["#123456"], 0.5), "#123456", "a one-color scheme");
    }

    #[test]
    fn stacking_adds_the_series_below_at_the_same_time() {
        let out = stack(&[s("a", &[1, 2, 3], &[1.0, 2.0, 3.0]), s("b", &[1, 3], &[10.0, f64::NAN])]);
        assert_eq!(out[0].values, vec![1.0, 2.0, 3.0]);
        assert_eq!(out[1].values, vec![11.0, 3.0], "NaN adds nothing");
    }

    #[test]
    fn the_nearest_point_to_a_hovered_time() {
        let t = [10, 20, 30];
        assert_eq!(nearest(&t, 0), Some(0));
        assert_eq!(nearest(&t, 16), Some(1));
        assert_eq!(nearest(&t, 14), Some(0));
        assert_eq!(nearest(&t, 99), Some(2));
        assert_eq!(nearest(&[], 5), None);
    }
}
