//! How values read: decimal places, prefix and suffix, short tick labels; and the colors
//! InfluxDB's thresholds give a value.

/// A value as a view's options say to write it: `decimals` places when set (InfluxDB's
/// `decimalPlaces` with `isEnforced`), otherwise up to 3 significant decimals without
/// trailing zeros; with `prefix` and `suffix` around it.
pub fn format_value(v: f64, decimals: Option<u32>, prefix: &str, suffix: &str) -> String {
    let body = if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "∞" } else { "-∞" }.to_owned()
    } else {
        match decimals {
            Some(d) => format!("{v:.*}", d.min(10) as usize),
            None => trim(format!("{v:.3}")),
        }
    };
    format!("{prefix}{body}{suffix}")
}

fn trim(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0".to_owned()
    } else {
        t.to_owned()
    }
}

/// A short axis label: 1.5k, 2M, 0.25, 12; with base 2, KiB-style steps (1.5Ki).
pub fn short_number(v: f64, base: u32) -> String {
    if !v.is_finite() {
        return format_value(v, None, "", "");
    }
    let (k, units): (f64, [&str; 5]) = if base == 2 { (1024.0, ["", "Ki", "Mi", "Gi", "Ti"]) } else { (1000.0, ["", "k", "M", "G", "T"]) };
    let mut x = v;
    let mut i = 0;
    while x.abs() >= k && i < units.len() - 1 {
        x /= k;
        i += 1;
    }
    let digits = if x.abs() >= 100.0 || x.fract() == 0.0 { 0 } else { 2 };
    format!("{}{}", trim(format!("{x:.digits$}")), units[i])
}

/// One color of a view's `colors` list, as InfluxDB stores them: `type` is "text",
/// "background", "threshold", "scale", "min" or "max", `value` where the threshold starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    pub kind: String,
    pub hex: String,
    pub value: f64,
}

/// The color InfluxDB gives `v` in a single stat or gauge: the base color (the one whose
/// type is "text" or "background", or the first), then every threshold whose value `v`
/// reaches, the highest reached winning. `None` without colors.
pub fn threshold_color(colors: &[Threshold], v: f64) -> Option<&Threshold> {
    let base = colors.iter().find(|c| c.kind == "text" || c.kind == "background").or_else(|| colors.first())?;
    let mut best = base;
    for c in colors.iter().filter(|c| c.kind == "threshold") {
        if v >= c.value && (best.kind != "threshold" || c.value >= best.value) {
            best = c;
        }
    }
    Some(best)
}

/// Whether a single stat colors its background (a "background" base color) or its text.
pub fn colors_background(colors: &[Threshold]) -> bool {
    colors.iter().any(|c| c.kind == "background")
}

/// Whether `s` is a `#rgb` or `#rrggbb` color: the one form a color may have to reach the
/// page, be parsed or be sent.
pub fn is_hex_color(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|h| matches!(h.len(), 3 | 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A `#rgb`/`#rrggbb` color from the server, or `fallback`: a color reaches the page only as
/// such a value, never as raw CSS.
pub fn safe_color<'a>(hex: &'a str, fallback: &'a str) -> &'a str {
    if is_hex_color(hex) {
        hex
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(kind: &str, hex: &str, value: f64) -> Threshold {
        Threshold { kind: kind.into(), hex: hex.into(), value }
    }

    #[test]
    fn values_read_with_their_decimals_prefix_and_suffix() {
        assert_eq!(format_value(42.4567, Some(2), "", "%"), "42.46%");
        assert_eq!(format_value(42.0, None, "$", ""), "$42");
        assert_eq!(format_value(0.12345, None, "", ""), "0.123");
        assert_eq!(format_value(-0.0001, None, "", ""), "0");
        assert_eq!(format_value(7.0, Some(0), "", " ms"), "7 ms");
        assert_eq!(format_value(f64::NAN, Some(2), "", ""), "NaN");
        assert_eq!(format_value(f64::NEG_INFINITY, None, "", ""), "-∞");
    }

    #[test]
    fn short_numbers_for_axes() {
        assert_eq!(short_number(0.25, 10), "0.25");
        assert_eq!(short_number(1500.0, 10), "1.5k");
        assert_eq!(short_number(2_000_000.0, 10), "2M");
        assert_eq!(short_number(-12.0, 10), "-12");
        assert_eq!(short_number(1536.0, 2), "1.5Ki");
        assert_eq!(short_number(250.0, 10), "250");
    }

    #[test]
    fn the_highest_threshold_reached_colors_the_value() {
        let colors = [t("text", "#00C9FF", 0.0), t("threshold", "#FFB94A", 70.0), t("threshold", "#DC4E58", 90.0)];
        assert_eq!(threshold_color(&colors, 10.0).unwrap().hex, "#00C9FF");
        assert_eq!(threshold_color(&colors, 70.0).unwrap().hex, "#FFB94A");
        assert_eq!(threshold_color(&colors, 95.0).unwrap().hex, "#DC4E58");
        let unordered = [t("threshold", "#DC4E58", 90.0), t("background", "#111111", 0.0), t("threshold", "#FFB94A", 70.0)];
        assert_eq!(threshold_color(&unordered, 80.0).unwrap().hex, "#FFB94A");
        assert!(colors_background(&unordered));
        assert!(threshold_color(&[], 1.0).is_none());
    }

    #[test]
    fn only_hex_colors_reach_the_page() {
        assert_eq!(safe_color("#DC4E58", "#888"), "#DC4E58");
        assert_eq!(safe_color("#abc", "#888"), "#abc");
        assert_eq!(safe_color("red; background: url(x)", "#888"), "#888");
        assert_eq!(safe_color("#12345", "#888"), "#888");
    }
}
