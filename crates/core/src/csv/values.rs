//! One cell's text to a value and back, on bytes and without allocating.
//! base64 is hand-written here: the `base64` crate adds 7,821 B to the wasm (2,748 B gzip), measured.

use super::Value;
use crate::time;
use std::fmt::Write;

/// Go's `strconv.ParseBool`, which Flux reads `boolean` cells with.
pub(crate) fn parse_bool(b: &[u8]) -> Option<bool> {
    match b {
        b"true" | b"TRUE" | b"True" | b"t" | b"T" | b"1" => Some(true),
        b"false" | b"FALSE" | b"False" | b"f" | b"F" | b"0" => Some(false),
        _ => None,
    }
}

/// Decimal i64 with an optional `+` or `-`.
pub(crate) fn parse_i64(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    // Counted down so that i64::MIN fits.
    let mut n: i64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_sub(i64::from(d))?;
    }
    if neg {
        Some(n)
    } else {
        n.checked_neg()
    }
}

/// Decimal u64, no sign (as Go's `strconv.ParseUint`).
pub(crate) fn parse_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// A float as Go writes it (`123.25`, `1000…0` for 1e300, `+Inf`, `-Inf`, `NaN`) or with
/// an exponent.
pub(crate) fn parse_f64(b: &[u8]) -> Option<f64> {
    if let Some(v) = parse_short_decimal(b) {
        return Some(v);
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// A decimal of at most 15 digits (`-12.375`), the common case, without the general
/// algorithm: its digits make an integer below 2^53 and 10^k (k ≤ 15) is exact too, so one
/// division rounds correctly (Clinger's fast path). `None`: anything else.
#[inline(always)]
fn parse_short_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (neg, b) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    let (mut mantissa, mut digits, mut decimals, mut dot) = (0u64, 0usize, 0usize, false);
    for &c in b {
        if c == b'.' && !dot {
            dot = true;
            continue;
        }
        let d = c.wrapping_sub(b'0');
        if d > 9 || digits == 15 {
            return None;
        }
        mantissa = mantissa * 10 + u64::from(d);
        digits += 1;
        decimals += usize::from(dot);
    }
    if digits == 0 {
        return None;
    }
    let v = mantissa as f64 / POW10[decimals];
    Some(if neg { -v } else { v })
}

/// How a `dateTime` column writes its times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeFormat {
    Rfc3339,
    /// `dateTime:number`: Unix nanoseconds.
    Number,
}

/// Unix nanoseconds, if they fit an i64 (as every Flux time does: 1677 to 2262).
pub(crate) fn parse_time(b: &[u8], format: TimeFormat) -> Option<i64> {
    match format {
        TimeFormat::Rfc3339 => i64::try_from(time::parse_rfc3339_bytes(b)?).ok(),
        TimeFormat::Number => parse_i64(b),
    }
}

/// Nanoseconds as an integer (the format's specification) or a Flux duration literal
/// (`1h30m`, `-5s`, `1ms`), as `influx write` reads them.
pub(crate) fn parse_duration(b: &[u8]) -> Option<i64> {
    parse_i64(b).or_else(|| i64::try_from(time::parse_duration(std::str::from_utf8(b).ok()?)?).ok())
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_digit(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// RFC 4648 base64 (standard alphabet, padded or not), appended to `out`; `false` (and `out`
/// partly written: the caller truncates) when it is not base64.
pub(crate) fn decode_base64(b: &[u8], out: &mut Vec<u8>) -> bool {
    let data = if b.len().is_multiple_of(4) { b.strip_suffix(b"==").or_else(|| b.strip_suffix(b"=")).unwrap_or(b) } else { b };
    if data.len() % 4 == 1 {
        return false;
    }
    out.reserve(data.len() / 4 * 3 + 2);
    for quad in data.chunks(4) {
        let mut acc: u32 = 0;
        for &c in quad {
            let Some(d) = base64_digit(c) else { return false };
            acc = acc << 6 | d;
        }
        match quad.len() {
            4 => out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]),
            3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
            _ => out.push((acc >> 4) as u8),
        }
    }
    true
}

/// RFC 4648 base64, standard alphabet, padded.
pub(crate) fn push_base64(out: &mut String, b: &[u8]) {
    for chunk in b.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, &x| acc << 8 | u32::from(x)) << (8 * (3 - chunk.len()));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

/// Go's `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest digits that read back to the
/// same float, never an exponent.
pub(crate) fn push_f64(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "+Inf" } else { "-Inf" });
    } else {
        let _ = write!(out, "{v}");
    }
}

/// A value's cell text, unquoted (empty for null).
pub(crate) fn push_cell(out: &mut String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Bool(v) => out.push_str(if *v { "true" } else { "false" }),
        // Writing to a String cannot fail.
        Value::Long(v) | Value::Duration(v) => drop(write!(out, "{v}")),
        Value::ULong(v) => drop(write!(out, "{v}")),
        Value::Double(v) => push_f64(out, *v),
        Value::Str(s) => out.push_str(s),
        Value::Bytes(b) => push_base64(out, b),
        Value::Time(t) => time::push_rfc3339_nanos(out, i128::from(*t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_to_their_limits() {
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_i64(b"+7"), Some(7));
        for bad in [&b"9223372036854775808"[..], b"-", b"+", b"", b"1.0", b" 1", b"--1", b"1e3"] {
            assert_eq!(parse_i64(bad), None, "{bad:?}");
        }
        assert_eq!(parse_u64(b"18446744073709551615"), Some(u64::MAX));
        for bad in [&b"18446744073709551616"[..], b"-1", b"+1", b"", b"1.5"] {
            assert_eq!(parse_u64(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn floats_as_go_writes_them() {
        assert_eq!(parse_f64(b"+Inf"), Some(f64::INFINITY));
        assert_eq!(parse_f64(b"-Inf"), Some(f64::NEG_INFINITY));
        assert!(parse_f64(b"NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_f64(b"49.949999999999996"), Some(49.949999999999996));
        let mut s = String::new();
        for v in [0.1, -0.0, 1e300, -1e-300, 5e-324, f64::MAX, 49.949999999999996, 1.0, 123456789.125] {
            s.clear();
            push_f64(&mut s, v);
            assert!(!s.contains('e'), "{s}");
            assert_eq!(parse_f64(s.as_bytes()).map(f64::to_bits), Some(v.to_bits()), "{s}");
        }
        for bad in [&b""[..], b"1,5", b"0x10", b" 1", b".", b"-", b"1..2", b"1.2.3", b"--1"] {
            assert_eq!(parse_f64(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn short_decimals_read_as_the_general_parser_reads_them(
            neg in proptest::bool::ANY, int in "[0-9]{0,9}", frac in proptest::option::of("[0-9]{0,9}"),
        ) {
            let text = format!("{}{int}{}", if neg { "-" } else { "" }, frac.map(|f| format!(".{f}")).unwrap_or_default());
            let general = text.parse::<f64>().ok().map(f64::to_bits);
            proptest::prop_assert_eq!(parse_f64(text.as_bytes()).map(f64::to_bits), general, "{}", text);
        }
    }

    #[test]
    fn base64_both_ways() {
        let cases: [(&[u8], &str); 5] =
            [(b"", ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (b"hi, \"there\"\n", "aGksICJ0aGVyZSIK")];
        for (raw, text) in cases {
            let mut s = String::new();
            push_base64(&mut s, raw);
            assert_eq!(s, text);
            let mut out = Vec::new();
            assert!(decode_base64(text.as_bytes(), &mut out), "{text}");
            assert_eq!(out, raw);
            out.clear();
            assert!(decode_base64(text.trim_end_matches('=').as_bytes(), &mut out), "{text} unpadded");
            assert_eq!(out, raw);
        }
        for bad in [&b"Zg="[..], b"Z", b"Zm9v!", b"Zm-v", b"===="] {
            assert!(!decode_base64(bad, &mut Vec::new()), "{bad:?}");
        }
    }

    #[test]
    fn durations_as_integers_or_literals() {
        assert_eq!(parse_duration(b"3600000000000"), Some(3_600_000_000_000));
        assert_eq!(parse_duration(b"-5"), Some(-5));
        assert_eq!(parse_duration(b"1h30m"), Some(5_400_000_000_000));
        assert_eq!(parse_duration(b"-1ms"), Some(-1_000_000));
        assert_eq!(parse_duration(b"300y"), None, "past i64 nanoseconds");
        assert_eq!(parse_duration(b"1.5s"), None);
    }
}
