//! Small presentation rules the components use, kept pure so they are tested here.

pub use crate::layout::grid_area;
use crate::time::parse_rfc3339;

const NANOS: i128 = 1_000_000_000;

/// "just now", "5 minutes ago", "3 days ago", "in 2 hours"; `None` for an unreadable time.
pub fn relative_time(rfc3339: &str, now_nanos: i128) -> Option<String> {
    let then = parse_rfc3339(rfc3339)?;
    let diff = now_nanos - then;
    let secs = (diff.abs() / NANOS) as i64;
    if secs < 45 {
        return Some("just now".into());
    }
    let (n, unit) = match secs {
        s if s < 3600 => ((s + 30) / 60, "minute"),
        s if s < 86_400 => ((s + 1800) / 3600, "hour"),
        s if s < 30 * 86_400 => ((s + 43_200) / 86_400, "day"),
        s if s < 365 * 86_400 => ((s + 15 * 86_400) / (30 * 86_400), "month"),
        s => ((s + 182 * 86_400) / (365 * 86_400), "year"),
    };
    let n = n.max(1);
    let plural = if n == 1 { "" } else { "s" };
    Some(if diff >= 0 { format!("{n} {unit}{plural} ago") } else { format!("in {n} {unit}{plural}") })
}

/// Black or white, whichever reads better on a `#rrggbb` background (WCAG relative luminance).
pub fn text_color_on(hex: &str) -> &'static str {
    let Some(rgb) = parse_hex(hex) else { return "#ffffff" };
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    // Contrast with black (l+0.05)/0.05 vs with white 1.05/(l+0.05): equal at l ≈ 0.179.
    if l > 0.179 {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// `#rrggbb` or `#rgb` -> [r, g, b].
pub fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    if !crate::chart::is_hex_color(hex) {
        return None;
    }
    let h = &hex[1..];
    match h.len() {
        6 => {
            let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
            Some([c(0)?, c(2)?, c(4)?])
        }
        // #abc is #aabbcc.
        3 => {
            let c = |i: usize| u8::from_str_radix(&h[i..i + 1], 16).ok().map(|v| v * 17);
            Some([c(0)?, c(1)?, c(2)?])
        }
        _ => None,
    }
}

/// The color a label is drawn with: its `color` property when it is `#rgb`/`#rrggbb`, else
/// the default label color (`labels::safe_label_color`).
pub fn label_color(color: Option<&str>) -> &str {
    crate::labels::safe_label_color(color.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i128 = 1_704_164_645 * NANOS; // 2024-01-02T03:04:05Z

    #[test]
    fn relative_times() {
        let cases = [
            ("2024-01-02T03:04:00Z", "just now"),
            ("2024-01-02T03:00:05Z", "4 minutes ago"),
            ("2024-01-02T02:04:05Z", "1 hour ago"),
            ("2024-01-01T03:04:05Z", "1 day ago"),
            ("2023-12-20T03:04:05Z", "13 days ago"),
            ("2023-10-02T03:04:05Z", "3 months ago"),
            ("2021-01-02T03:04:05Z", "3 years ago"),
            ("2024-01-02T05:04:05Z", "in 2 hours"),
        ];
        for (t, want) in cases {
            assert_eq!(relative_time(t, NOW).as_deref(), Some(want), "{t}");
        }
        assert_eq!(relative_time("yesterday", NOW), None);
    }

    #[test]
    fn contrast() {
        assert_eq!(text_color_on("#ffffff"), "#000000");
        assert_eq!(text_color_on("#000000"), "#ffffff");
        assert_eq!(text_color_on("#326BBA"), "#ffffff");
        assert_eq!(text_color_on("#FFB94A"), "#000000");
        assert_eq!(text_color_on("not a color"), "#ffffff");
        assert_eq!(text_color_on("#fff"), "#000000");
        assert_eq!(text_color_on("#FB4"), text_color_on("#FFBB44"));
        assert_eq!(parse_hex("#a1c"), Some([0xaa, 0x11, 0xcc]));
        assert_eq!(parse_hex("#a1"), None);
        assert_eq!(label_color(Some("red")), crate::labels::DEFAULT_LABEL_COLOR);
        assert_eq!(label_color(None), crate::labels::DEFAULT_LABEL_COLOR);
        assert_eq!(label_color(Some("#abc")), "#abc");
        assert_eq!(label_color(Some("#DC4E58")), "#DC4E58");
    }
}
