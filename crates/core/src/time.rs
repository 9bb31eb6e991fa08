//! Timestamps as InfluxDB writes them: RFC3339 with nanoseconds, trailing zeros of the
//! fraction trimmed (Go's `RFC3339Nano`), in UTC. Plus parsing (any offset) and the
//! HTTP date of cookies. No clock here: callers pass Unix nanoseconds.

const NANOS: i128 = 1_000_000_000;

/// Days since 1970-01-01 -> (year, month 1-12, day 1-31). Howard Hinnant's civil_from_days.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) -> days since 1970-01-01.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Formats Unix nanoseconds as `2024-01-02T03:04:05.123456789Z` (fraction trimmed, or none).
pub fn format_rfc3339_nanos(unix_nanos: i128) -> String {
    let secs = unix_nanos.div_euclid(NANOS) as i64;
    let frac = unix_nanos.rem_euclid(NANOS) as u32;
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    let mut s = format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}", sod / 3600, sod % 3600 / 60, sod % 60);
    if frac > 0 {
        let f = format!("{frac:09}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s.push('Z');
    s
}

/// Parses RFC3339 (`Z` or `±hh:mm`, any number of fraction digits up to 9) to Unix nanoseconds.
pub fn parse_rfc3339(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') || b[13] != b':' || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)? as u32, num(8..10)? as u32);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac: i128 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &s[start..i];
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        frac = format!("{digits:0<9}").parse().ok()?;
    }
    let offset_secs: i64 = match s.get(i..)? {
        "Z" | "z" => 0,
        rest if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) && &rest[3..4] == ":" => {
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            let v = oh * 3600 + om * 60;
            if rest.starts_with('-') {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_secs;
    Some(secs as i128 * NANOS + frac)
}

/// `Fri, 27 Nov 2026 03:00:00 GMT`, for `Expires` of a cookie.
pub fn http_date(unix_secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = unix_secs.div_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    let sod = unix_secs.rem_euclid(86_400);
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[mo as usize - 1],
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    )
}

/// Parses a Flux duration literal such as `-1h`, `30m`, `1h30m`, `7d`, `2w`, `500ms`, to nanoseconds.
pub fn parse_duration(s: &str) -> Option<i128> {
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    if rest.is_empty() {
        return None;
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let n_end = rest.find(|c: char| !c.is_ascii_digit())?;
        if n_end == 0 {
            return None;
        }
        let n: i128 = rest[..n_end].parse().ok()?;
        rest = &rest[n_end..];
        let u_end = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = match &rest[..u_end] {
            "ns" => 1,
            "us" | "µs" => 1_000,
            "ms" => 1_000_000,
            "s" => NANOS,
            "m" => 60 * NANOS,
            "h" => 3600 * NANOS,
            "d" => 86_400 * NANOS,
            "w" => 7 * 86_400 * NANOS,
            "mo" => 30 * 86_400 * NANOS,
            "y" => 365 * 86_400 * NANOS,
            _ => return None,
        };
        total += n * unit;
        rest = &rest[u_end..];
    }
    Some(if neg { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go_rfc3339nano() {
        assert_eq!(format_rfc3339_nanos(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339_nanos(1_704_164_645_123_456_789), "2024-01-02T03:04:05.123456789Z");
        assert_eq!(format_rfc3339_nanos(1_704_164_645_500_000_000), "2024-01-02T03:04:05.5Z");
        assert_eq!(format_rfc3339_nanos(951_782_400 * NANOS), "2000-02-29T00:00:00Z");
        assert_eq!(format_rfc3339_nanos(-NANOS), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_what_it_formats_and_offsets() {
        for n in [0, 1_704_164_645_123_456_789, 1_704_164_645_500_000_000, 4_102_444_800 * NANOS + 7] {
            assert_eq!(parse_rfc3339(&format_rfc3339_nanos(n)), Some(n));
        }
        assert_eq!(parse_rfc3339("2024-01-02T04:04:05+01:00"), parse_rfc3339("2024-01-02T03:04:05Z"));
        assert_eq!(parse_rfc3339("2024-01-02T03:04:05.1Z"), Some(1_704_164_645_100_000_000));
        for bad in
            ["", "2024-01-02", "2024-13-02T03:04:05Z", "2024-01-02T03:04:05", "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05.1234567890Z"]
        {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_795_741_200), "Fri, 27 Nov 2026 01:00:00 GMT");
    }

    #[test]
    fn durations() {
        let cases = [
            ("-1h", Some(-3600 * NANOS)),
            ("30m", Some(1800 * NANOS)),
            ("1h30m", Some(5400 * NANOS)),
            ("500ms", Some(500_000_000)),
            ("2w", Some(14 * 86_400 * NANOS)),
            ("", None),
            ("h", None),
            ("5x", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_duration(s), want, "{s}");
        }
    }
}
