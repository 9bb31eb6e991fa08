//! Percent-encoding for paths and query strings (RFC 3986 unreserved characters pass).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes one query-string key or value, or one path segment.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, ESCAPED).to_string()
}

/// Decodes a percent-encoded string; `+` is a space (form encoding). Bad escapes are kept as typed.
pub fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Builds `?k=v&k2=v2` (empty string when there are no pairs).
pub fn query_string(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let mut out = String::from("?");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode(k));
        out.push('=');
        out.push_str(&encode(v));
    }
    out
}

/// Splits a query string (with or without `?`) into decoded pairs, in order.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["plain", "a b&c=d", "ünïcödé/🚀", "100%", "a+b", "-._~"] {
            assert_eq!(decode(&encode(s)), s);
        }
        assert_eq!(encode("a b/ü-._~!*'()"), "a%20b%2F%C3%BC-._~%21%2A%27%28%29");
        assert_eq!(decode("a+b%2Bc%"), "a b+c%");
    }

    #[test]
    fn query_strings() {
        assert_eq!(query_string(&[]), "");
        assert_eq!(query_string(&[("org", "my org".into()), ("limit", "5".into())]), "?org=my%20org&limit=5");
        assert_eq!(
            parse_query("?a=1&b=x%20y&c&d=%zz"),
            vec![("a".into(), "1".into()), ("b".into(), "x y".into()), ("c".into(), "".into()), ("d".into(), "%zz".into())]
        );
    }
}
